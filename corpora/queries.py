"""Named, reviewed SQL with ``:named`` parameters: a researcher's question is a query here,
not a new method (as Datasette's canned queries). Every parameter is bound by SQLite, never
pasted into the text; a None parameter means "no filter".

The same texts serve ``Corpus.query(name, ...)``, the CLI and Datasette
(``datasette corpus.db --metadata`` with ``datasette_metadata()`` written out as JSON).
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

# name -> (SQL, parameters with their defaults). Filters are written
# "(:x IS NULL OR col = :x)" so that one reviewed text serves every combination.
QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "documents": ("""
SELECT id, sha256, source_path, file_name, media_type, text_source, page_count,
       agency, agency_type, district, province, kind, ref, date, subject, fiscal_year,
       ita_year, ita_score, ita_grade, measure_count, warning_count, extractor_version,
       imported_at
FROM documents
WHERE (:province IS NULL OR province = :province)
  AND (:agency_type IS NULL OR agency_type = :agency_type)
  AND (:fiscal_year IS NULL OR fiscal_year = :fiscal_year)
ORDER BY province, agency, fiscal_year, id
""", {"province": None, "agency_type": None, "fiscal_year": None}),

    # Measures with their agency; owners folded into one cell each (units as codes, names as
    # printed) so that one measure stays one row.
    "measures": ("""
SELECT d.agency, d.agency_type, d.district, d.province, d.fiscal_year,
       m.document_id, m.idx, m.category, m.indicator, m.title, m.status,
       m.start_date, m.end_date, m.cadence,
       (SELECT group_concat(o.unit, ',') FROM measure_owners o WHERE o.measure_id = m.id)
           AS units,
       (SELECT group_concat(o.name, ' / ') FROM measure_owners o WHERE o.measure_id = m.id)
           AS owners,
       m.outputs, m.outcomes, m.page
FROM measures m JOIN documents d ON d.id = m.document_id
WHERE (:province IS NULL OR d.province = :province)
  AND (:agency_type IS NULL OR d.agency_type = :agency_type)
  AND (:fiscal_year IS NULL OR d.fiscal_year = :fiscal_year)
  AND (:category IS NULL OR m.category = :category)
  AND (:agency IS NULL OR instr(d.agency, :agency) > 0)
  AND (:unit IS NULL OR EXISTS (SELECT 1 FROM measure_owners o
                                WHERE o.measure_id = m.id AND o.unit = :unit))
ORDER BY d.province, d.agency, d.fiscal_year, m.document_id, m.idx
""", {"province": None, "agency_type": None, "fiscal_year": None, "category": None,
      "agency": None, "unit": None}),

    # Full-text hits in pages and in measures, best first. :query must already be an FTS5
    # phrase (store.fts_phrase); bm25 is lower-is-better. snippet() counts trigram tokens,
    # about one character each, so 64 (the maximum) shows a useful stretch of Thai.
    "search": ("""
SELECT * FROM (
  SELECT 'page' AS hit, d.agency, d.province, d.fiscal_year, d.id AS document_id,
         d.source_path, p.number AS page, NULL AS measure,
         snippet(pages_fts, 0, '[', ']', '…', 64) AS snippet, bm25(pages_fts) AS rank
  FROM pages_fts JOIN pages p ON p.id = pages_fts.rowid
       JOIN documents d ON d.id = p.document_id
  WHERE pages_fts MATCH :query
  UNION ALL
  SELECT 'measure', d.agency, d.province, d.fiscal_year, d.id, d.source_path, m.page,
         m.title, snippet(measures_fts, -1, '[', ']', '…', 64), bm25(measures_fts)
  FROM measures_fts JOIN measures m ON m.id = measures_fts.rowid
       JOIN documents d ON d.id = m.document_id
  WHERE measures_fts MATCH :query
) ORDER BY rank, document_id, page
LIMIT :limit
""", {"query": None, "limit": 20}),

    # compare --by category: measures per agency and category (agencies with none too).
    "compare_category": ("""
SELECT d.agency, d.agency_type, d.province, d.fiscal_year, m.category,
       count(m.id) AS measures
FROM documents d LEFT JOIN measures m ON m.document_id = d.id
WHERE (:fiscal_year IS NULL OR d.fiscal_year = :fiscal_year)
GROUP BY d.agency, d.agency_type, d.province, d.fiscal_year, m.category
ORDER BY d.province, d.agency, d.fiscal_year
""", {"fiscal_year": None}),

    # compare --by unit: which units own measures of which category, over all agencies.
    "compare_unit": ("""
SELECT m.category, o.unit, count(DISTINCT m.id) AS measures
FROM measures m JOIN measure_owners o ON o.measure_id = m.id
     JOIN documents d ON d.id = m.document_id
WHERE (:fiscal_year IS NULL OR d.fiscal_year = :fiscal_year)
GROUP BY m.category, o.unit
ORDER BY m.category
""", {"fiscal_year": None}),

    # compare --by indicator: ITA totals and indicator scores of every assessed agency.
    "compare_indicator": ("""
SELECT d.agency, d.province, d.fiscal_year, d.ita_year, d.ita_score, d.ita_grade,
       s.number, s.score
FROM documents d LEFT JOIN indicator_scores s ON s.document_id = d.id
WHERE (d.ita_score IS NOT NULL OR s.number IS NOT NULL)
  AND (:fiscal_year IS NULL OR d.fiscal_year = :fiscal_year)
ORDER BY d.province, d.agency, d.fiscal_year
""", {"fiscal_year": None}),
}

# ITA indicator number -> tool (ita-record/1: 1-5 IIT, 6-8 EIT, 9-10 OIT), for column labels.
INDICATOR_TOOL = {1: "IIT", 2: "IIT", 3: "IIT", 4: "IIT", 5: "IIT",
                  6: "EIT", 7: "EIT", 8: "EIT", 9: "OIT", 10: "OIT"}


class Pivot(NamedTuple):
    """How a compare query's long rows become the wide table."""

    query: str
    index: tuple[str, ...]          # one output row per distinct key
    columns: str                    # whose values become columns
    values: str                     # what fills the cells
    fill: Any                       # cell value where a key lacks a column
    order: tuple                    # column order (vocabulary order); others follow sorted
    label: Callable[[Any], str]     # column value -> column name


def _vocabulary(name: str) -> tuple[str, ...]:
    from typing import get_args

    from extractors import record

    return get_args(getattr(record, name))


COMPARE_BY = ("category", "unit", "indicator")


def compare_pivot(by: str) -> Pivot:
    """The pivot behind ``compare --by BY`` (vocabularies load only when asked for)."""
    specs = {
        "category": Pivot("compare_category", ("agency", "agency_type", "province", "fiscal_year"),
                          "category", "measures", 0, _vocabulary("Category"), str),
        "unit": Pivot("compare_unit", ("category",), "unit", "measures", 0,
                      _vocabulary("Unit"), str),
        "indicator": Pivot("compare_indicator",
                           ("agency", "province", "fiscal_year", "ita_year", "ita_score",
                            "ita_grade"),
                           "number", "score", None, tuple(INDICATOR_TOOL),
                           lambda n: f"{INDICATOR_TOOL.get(int(n), 'ITA')}-{int(n)}"),
    }
    return specs[by]


def sql_for(name: str) -> str:
    from corpora.store import CorpusError

    if name not in QUERIES:
        raise CorpusError(f"no named query {name!r}; known: {', '.join(QUERIES)}")
    return QUERIES[name][0]


def parameters(name: str, given: dict[str, Any]) -> dict[str, Any]:
    """The query's parameters with defaults filled in; unknown names are an error (a typo in
    a filter must not silently return everything)."""
    from corpora.store import CorpusError

    defaults = QUERIES[name][1]
    unknown = set(given) - set(defaults)
    if unknown:
        raise CorpusError(f"query {name!r} has no parameter {', '.join(sorted(unknown))}; "
                          f"it takes {', '.join(defaults)}")
    return defaults | given


def datasette_metadata(database: str = "corpus") -> dict:
    """Metadata for ``datasette corpus.db -m metadata.json``: facets researchers filter by and
    the named queries as canned queries (search takes an FTS phrase there)."""
    facets = {"documents": ["province", "agency_type", "fiscal_year", "kind"],
              "measures": ["category", "status", "indicator"],
              "measure_owners": ["unit"]}
    # Prefixed: a canned query named like a table ('measures') would hide that table's page.
    canned = {f"query_{name}": {"sql": sql.strip()} for name, (sql, _) in QUERIES.items()}
    return {"databases": {database: {
        "tables": {table: {"facets": columns} for table, columns in facets.items()}
        | {"pages": {"fts_table": "pages_fts", "fts_pk": "id"},
           "measures": {"facets": facets["measures"], "fts_table": "measures_fts",
                        "fts_pk": "id"}},
        "queries": canned}}}
