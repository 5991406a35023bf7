"""Named, reviewed SQL with ``:named`` parameters: a researcher's question is a query here,
not a new method (as Datasette's canned queries). Every parameter is bound by SQLite, never
pasted into the text; a None parameter means "no filter".

The same texts serve ``Corpus.query(name, ...)``, the CLI and Datasette
(``datasette corpus.db --metadata`` with ``datasette_metadata()`` written out as JSON).
"""
from __future__ import annotations

from typing import Any, Callable, NamedTuple

from thaireports.corpora.errors import CorpusError

# name -> (SQL, parameters with their defaults). Filters are written
# "(:x IS NULL OR col = :x)" so that one reviewed text serves every combination.
QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "documents": ("""
SELECT id, sha256, source_path, file_name, media_type, text_source, page_count,
       agency, agency_type, district, province, kind, ref, date, subject, fiscal_year,
       ita_year, ita_score, ita_grade, measure_count, warning_count, extractor_version,
       imported_at, corrected,
       (SELECT count(*) FROM documents f WHERE f.group_id = documents.id) AS files,
       (SELECT group_concat(f.source_path, ' | ') FROM documents f
        WHERE f.group_id = documents.id) AS sources
FROM documents
WHERE id = group_id  -- each document once: its canonical file
  AND (:province IS NULL OR province = :province)
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
WHERE d.id = d.group_id
  AND (:province IS NULL OR d.province = :province)
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
  WHERE pages_fts MATCH :query AND d.id = d.group_id
  UNION ALL
  SELECT 'measure', d.agency, d.province, d.fiscal_year, d.id, d.source_path, m.page,
         m.title, snippet(measures_fts, -1, '[', ']', '…', 64), bm25(measures_fts)
  FROM measures_fts JOIN measures m ON m.id = measures_fts.rowid
       JOIN documents d ON d.id = m.document_id
  WHERE measures_fts MATCH :query AND d.id = d.group_id
) ORDER BY rank, document_id, page
LIMIT :limit
""", {"query": None, "limit": 20}),

    # compare --by category: measures per agency and category (agencies with none too).
    "compare_category": ("""
SELECT d.agency, d.agency_type, d.province, d.fiscal_year, m.category,
       count(m.id) AS measures
FROM documents d LEFT JOIN measures m ON m.document_id = d.id
WHERE d.id = d.group_id AND (:fiscal_year IS NULL OR d.fiscal_year = :fiscal_year)
GROUP BY d.agency, d.agency_type, d.province, d.fiscal_year, m.category
ORDER BY d.province, d.agency, d.fiscal_year
""", {"fiscal_year": None}),

    # compare --by unit: which units own measures of which category, over all agencies.
    "compare_unit": ("""
SELECT m.category, o.unit, count(DISTINCT m.id) AS measures
FROM measures m JOIN measure_owners o ON o.measure_id = m.id
     JOIN documents d ON d.id = m.document_id
WHERE d.id = d.group_id AND (:fiscal_year IS NULL OR d.fiscal_year = :fiscal_year)
GROUP BY m.category, o.unit
ORDER BY m.category
""", {"fiscal_year": None}),

    # compare --by indicator: ITA totals and indicator scores of every assessed agency.
    "compare_indicator": ("""
SELECT d.agency, d.province, d.fiscal_year, d.ita_year, d.ita_score, d.ita_grade,
       s.number, s.score
FROM documents d LEFT JOIN indicator_scores s ON s.document_id = d.id
WHERE d.id = d.group_id AND (d.ita_score IS NOT NULL OR s.number IS NOT NULL)
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

    from thaireports.extractors import record

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
    if name not in QUERIES:
        raise CorpusError(f"no named query {name!r}; known: {', '.join(QUERIES)}")
    return QUERIES[name][0]


def parameters(name: str, given: dict[str, Any]) -> dict[str, Any]:
    """The query's parameters with defaults filled in; unknown names are an error (a typo in
    a filter must not silently return everything)."""
    defaults = QUERIES[name][1]
    unknown = set(given) - set(defaults)
    if unknown:
        raise CorpusError(f"query {name!r} has no parameter {', '.join(sorted(unknown))}; "
                          f"it takes {', '.join(defaults)}")
    return defaults | given


# Thai labels of the record's codes, as Thai readers name them (the labels table and the
# Datasette views show them beside the codes).
LABELS_TH: dict[str, dict[str, str]] = {
    "agency_type": {
        "sao": "อบต.", "subdistrict-municipality": "เทศบาลตำบล",
        "town-municipality": "เทศบาลเมือง", "city-municipality": "เทศบาลนคร", "pao": "อบจ.",
        "special": "ราชการส่วนท้องถิ่นรูปแบบพิเศษ", "other": "อื่น ๆ"},
    "kind": {"memo": "บันทึกข้อความ", "announcement": "ประกาศ", "report": "รายงาน",
             "order": "คำสั่ง", "other": "อื่น ๆ"},
    "status": {"planned": "แผน", "reported": "รายงานผล"},
    "category": {
        "public-disclosure": "การเปิดเผยข้อมูล", "stakeholder-participation": "การมีส่วนร่วม",
        "procurement-transparency": "ความโปร่งใสในการจัดซื้อจัดจ้าง",
        "complaint-handling": "การจัดการเรื่องร้องเรียน",
        "bribery-conflict-of-interest": "การป้องกันสินบนและผลประโยชน์ทับซ้อน",
        "discretion-review": "การตรวจสอบการใช้ดุลพินิจ",
        "integrity-declaration": "การประกาศเจตจำนงสุจริต", "budget-use": "การใช้งบประมาณ",
        "state-property-use": "การใช้ทรัพย์สินของราชการ",
        "work-improvement": "การปรับปรุงการทำงาน", "corruption-prevention": "การป้องกันการทุจริต",
        "duty-performance": "การปฏิบัติหน้าที่", "authority-use": "การใช้อำนาจ",
        "service-quality": "คุณภาพการดำเนินงาน", "communication": "ประสิทธิภาพการสื่อสาร",
        "risk-management": "การบริหารความเสี่ยง", "ethics-culture": "วัฒนธรรมคุณธรรม",
        "no-gift": "การไม่รับของขวัญ (No Gift Policy)",
        "hr-merit": "การบริหารงานบุคคลตามระบบคุณธรรม",
        "internal-governance": "การกำกับดูแลภายใน", "other": "อื่น ๆ"},
    "unit": {
        "office-of-the-permanent-secretary": "สำนักปลัด", "finance": "กองคลัง",
        "public-works": "กองช่าง", "education": "กองการศึกษา",
        "public-health": "กองสาธารณสุขและสิ่งแวดล้อม", "social-welfare": "กองสวัสดิการสังคม",
        "planning": "งานวิเคราะห์นโยบายและแผน", "personnel": "งานการเจ้าหน้าที่",
        "internal-audit": "หน่วยตรวจสอบภายใน", "public-relations": "งานประชาสัมพันธ์",
        "procurement": "งานพัสดุ", "legal": "งานนิติการ", "agriculture": "กองส่งเสริมการเกษตร",
        "committee": "คณะกรรมการ", "all-units": "ทุกสำนัก/กอง", "executive": "ผู้บริหาร",
        "other": "อื่น ๆ"},
}


def _label(vocabulary: str, column: str) -> str:
    return (f"(SELECT th FROM labels WHERE vocabulary = '{vocabulary}' AND code = {column})")


# Views for people browsing the corpus (Datasette): each document once, Thai labels beside
# the codes, no hashes or record JSON. Made by the store's migration 2.
VIEWS: dict[str, str] = {
    "document_list": f"""
SELECT d.id, d.agency, {_label('agency_type', 'd.agency_type')} AS ประเภท, d.agency_type,
       d.district, d.province, {_label('kind', 'd.kind')} AS ชนิด, d.kind, d.ref, d.date,
       d.subject, d.fiscal_year, d.ita_score, d.ita_grade, d.measure_count, d.warning_count,
       d.corrected, (SELECT count(*) FROM documents f WHERE f.group_id = d.id) AS files,
       d.source_path
FROM documents d WHERE d.id = d.group_id""",
    "measure_list": f"""
SELECT m.id, m.document_id, m.agency, {_label('agency_type', 'm.agency_type')} AS ประเภท,
       m.agency_type, m.province, m.fiscal_year, {_label('category', 'm.category')} AS หมวด,
       m.category, m.indicator, m.title, {_label('status', 'm.status')} AS สถานะ, m.status,
       m.start_date, m.end_date, m.cadence,
       (SELECT group_concat({_label('unit', 'o.unit')}, ', ') FROM measure_owners o
        WHERE o.measure_id = m.id) AS ผู้รับผิดชอบ, m.page
FROM measures m JOIN documents d ON d.id = m.document_id WHERE d.id = d.group_id""",
}


def _blank_is_no_filter(sql: str) -> str:
    """The SQL as a Datasette form runs it: a field left blank arrives as '' (not NULL), and
    must mean 'no filter' too; the search text is made a literal FTS5 phrase.

    Example:
        >>> _blank_is_no_filter("WHERE (:province IS NULL OR province = :province)")
        "WHERE (coalesce(:province, '') = '' OR province = :province)"
    """
    import re

    sql = re.sub(r":(\w+) IS NULL", r"coalesce(:\1, '') = ''", sql)
    sql = sql.replace("MATCH :query",
                      "MATCH '\"' || replace(coalesce(:query, ''), '\"', '\"\"') || '\"'")
    return sql.replace("LIMIT :limit", "LIMIT CAST(coalesce(nullif(:limit, ''), 20) AS INTEGER)")


# Canned queries of the Datasette metadata: the named queries, blank-safe, with Thai labels.
_CANNED_TITLES = {
    "documents": "เอกสาร: documents, each once (province, agency_type, fiscal_year optional)",
    "measures": "มาตรการ: measures with their agency (every filter optional)",
    "search": "ค้นหา: Thai full-text search with snippets (pages and measures)",
    "compare_category": "เปรียบเทียบ: measures per agency and category",
    "compare_unit": "เปรียบเทียบ: owner units per category",
    "compare_indicator": "เปรียบเทียบ: ITA scores side by side",
}


def datasette_metadata(database: str = "corpus") -> dict:
    """Metadata for ``datasette corpus.db -m metadata.json``: a title and description, facets
    researchers filter by, the views with Thai labels in front (the raw ``documents`` table,
    with its sha256 and record JSON, is hidden from the list, still at its URL), page search
    with snippets, and the named queries as canned queries that work with blank fields."""
    facets = {"documents": ["province", "agency_type", "fiscal_year", "kind"],
              "measures": ["category", "status", "indicator", "province", "fiscal_year"],
              "measure_owners": ["unit"],
              "document_list": ["province", "ประเภท", "fiscal_year", "ชนิด"],
              "measure_list": ["หมวด", "province", "ประเภท", "fiscal_year", "สถานะ"]}
    canned = {}
    for name, (sql, _) in QUERIES.items():
        sql = _blank_is_no_filter(sql.strip())
        if name == "measures":
            sql = sql.replace("SELECT d.agency, d.agency_type,",
                              f"SELECT d.agency, {_label('agency_type', 'd.agency_type')} AS "
                              f"ประเภท, d.agency_type,", 1).replace(
                "m.category, m.indicator,",
                f"m.category, {_label('category', 'm.category')} AS หมวด, m.indicator,", 1)
        if name == "documents":
            sql = sql.replace("SELECT id, sha256, source_path,", "SELECT id, source_path,", 1)
        # Prefixed: a canned query named like a table ('measures') would hide that table's page.
        canned[f"query_{name}"] = {"sql": sql, "title": _CANNED_TITLES.get(name, name)}
    description = (
        "ITA documents of Thai local administrative organizations (อบต., เทศบาล, อบจ.), read "
        "by thaireports into ita-record/1: one row per document (the best of its files), its "
        "integrity measures, ITA scores and page texts. Codes are shown with their Thai labels "
        "(sao = อบต.); search any Thai substring of 3 or more characters.")
    columns = {"agency_type": "sao = อบต., subdistrict-municipality = เทศบาลตำบล, "
                              "town-municipality = เทศบาลเมือง, city-municipality = เทศบาลนคร, "
                              "pao = อบจ.",
               "fiscal_year": "Buddhist Era (2565 = 2021-10-01 .. 2022-09-30)",
               "corrected": "fields corrected by hand (thaireports correct)"}
    hidden = {name: {"hidden": True} for name in (
        "document_bands", "pages_fts", "measures_fts")}
    tables = {table: {"facets": cols} for table, cols in facets.items()}
    tables["documents"] |= {"hidden": True, "columns": columns,
                            "description": "one row per file; each document once in "
                                           "document_list (its canonical file)"}
    tables["document_list"] |= {"title": "เอกสาร (documents)", "columns": columns,
                                "description": "each document once, from its best file"}
    tables["measure_list"] |= {"title": "มาตรการ (measures)", "columns": columns}
    tables["measures"] |= {"fts_table": "measures_fts", "fts_pk": "id", "columns": columns}
    tables["pages"] = {"fts_table": "pages_fts", "fts_pk": "id",
                       "description": "page texts; query_search shows snippets of the hits"}
    tables["labels"] = {"description": "Thai labels of the record's codes"}
    return {"title": "thaireports: ITA corpus", "description": description,
            "databases": {database: {
                "title": "ITA corpus (ita-record/1)", "description": description,
                "tables": tables | hidden, "queries": canned}}}
