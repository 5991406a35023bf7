"""The corpus at a glance: one static HTML page a provincial office can open from disk.

``write_report(corpus, out_dir)`` writes ``out_dir/index.html`` (and the export manifest): no
script, no network, no file beside it to lose. The charts are matplotlib figures saved as SVG
and put inline, with ``svg.fonttype = none`` so that their Thai stays text that the browser
shapes (matplotlib lays it out with Sarabun's metrics, and Sarabun is embedded in the page, so
the browser draws the same widths that were measured). Every chart has its numbers in a table
beside it. Each agency has its own section (a plain ``#anchor``): documents, ITA scores by
year, and the timeline of its measures.

The sections: documents per province and agency type; ITA scores by agency type and year;
grade counts; measures by category per agency (heatmap); owner units; year-on-year score
changes; agencies; warnings worth a human look (and files that failed).

Example:
    >>> write_report("out/corpus.db", "out/report")             # doctest: +SKIP
    PosixPath('out/report/index.html')
"""
from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import tempfile
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterable

from thaireports.corpora.store import EXPORT_MANIFEST, Corpus, CorpusError, ExportTargetError

REPORT_FORMAT = "report"
INDEX = "index.html"
FONT_STACK = '"Sarabun", "TH Sarabun New", "Noto Sans Thai", "Laksaman", sans-serif'

# Display names for the record's codes (the codes stay beside them in the tables: they are
# what a researcher filters on with `thaireports query`).
AGENCY_TYPE_LABELS: dict[str, str] = {
    "sao": "อบต.",
    "subdistrict-municipality": "เทศบาลตำบล",
    "town-municipality": "เทศบาลเมือง",
    "city-municipality": "เทศบาลนคร",
    "pao": "อบจ.",
    "special": "รูปแบบพิเศษ",
    "other": "อื่น ๆ",
}
UNIT_LABELS: dict[str, str] = {
    "office-of-the-permanent-secretary": "สำนักปลัด",
    "finance": "กองคลัง",
    "public-works": "กองช่าง",
    "education": "กองการศึกษา",
    "public-health": "กองสาธารณสุข",
    "social-welfare": "กองสวัสดิการสังคม",
    "planning": "กองวิชาการและแผนงาน",
    "personnel": "งานการเจ้าหน้าที่",
    "internal-audit": "หน่วยตรวจสอบภายใน",
    "public-relations": "งานประชาสัมพันธ์",
    "procurement": "งานพัสดุ",
    "legal": "งานนิติการ",
    "agriculture": "กองส่งเสริมการเกษตร",
    "committee": "คณะกรรมการ/คณะทำงาน",
    "all-units": "ทุกส่วนราชการ",
    "executive": "ผู้บริหาร",
    "other": "อื่น ๆ",
}
GRADE_ORDER = ("AA", "A", "B", "C", "D", "E", "F")
# Warnings that record a repair made against a reference (the gazetteer, the memo's printed
# labels, the page's orientation): listed folded, below the ones that need a reader's eyes.
ROUTINE_WARNING_CODES = frozenset({
    "district-repaired", "province-repaired", "label-repaired", "page-turned", "page-ocr",
})
UNKNOWN = "(ไม่ระบุ)"
TITLE_CHARS = 48  # a measure title in a chart label; the table below has it whole
MAX_TREND_LINES = 12  # year-on-year chart: the agencies that moved most; the table has all


# -- the output folder ---------------------------------------------------------------------

def _check_folder(out: Path, force: bool) -> list[Path]:
    """What an earlier report in ``out`` wrote (to be replaced), or an error when ``out`` is
    not ours to write: the same rule as the folder exports (corpora.store), so that a
    mistyped -o never deletes anyone's files."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ExportTargetError(f"{out}: exists and is not a folder; the report is a folder "
                                f"(open {out / INDEX}); choose another -o")
    if not out.is_dir():
        return []
    children = {p.name for p in out.iterdir()}
    ours: set[str] = set()
    manifest = out / EXPORT_MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            ours = set(data["files"]) | {EXPORT_MANIFEST}
        except (OSError, ValueError, KeyError, TypeError):
            ours = set()
    strangers = sorted(children - ours)
    if strangers:
        raise ExportTargetError(
            f"{out}: folder holds other files ({', '.join(strangers[:3])}"
            f"{', ...' if len(strangers) > 3 else ''}); write the report into a new or empty "
            "folder")
    if children and not force:
        raise ExportTargetError(f"{out}: holds an earlier report or export; add --force to "
                                "replace it")
    return [out / name for name in sorted(children)]


def _replace_folder(out: Path, earlier: list[Path], page: str) -> Path:
    import shutil

    for child in earlier:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    # The manifest first: a report stopped half-way (a full disk) is still replaced by --force.
    (out / EXPORT_MANIFEST).write_text(json.dumps(
        {"exported_by": "thaireports", "format": REPORT_FORMAT, "files": [INDEX]},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    handle, temporary = tempfile.mkstemp(prefix=f".{INDEX}.", suffix=".part", dir=out)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(page)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, out / INDEX)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return out / INDEX


def write_report(corpus_path: str | Path, out_dir: str | Path, province: str | None = None,
                 force: bool = False) -> Path:
    """Write the HTML report of a corpus (or of one province) into a folder.

    Args:
        corpus_path: the corpus (SQLite) file; opened read-only.
        out_dir: the report folder. It is made new; one that exists must be empty, or hold an
            earlier report or export of ours (its ``.thaireports-export.json`` lists what it
            wrote) and nothing else.
        province: keep the documents of this province only (as the corpus spells it: พังงา).
        force: replace an earlier report or export in ``out_dir``.

    Returns:
        The page, ``out_dir/index.html``.

    Raises:
        CorpusError: no corpus at ``corpus_path``, or no document of ``province`` (the
            message lists the provinces there are).
        ExportTargetError: ``out_dir`` holds files the report did not write, or an earlier
            report without ``force``.
    """
    out = Path(out_dir)
    earlier = _check_folder(out, force)  # before any work: a bad -o is told at once
    with Corpus(Path(corpus_path), read_only=True) as corpus:
        data = _load(corpus.conn, province)
        title_path = corpus.path
    with _matplotlib().rc_context(_RC):
        page = _page(data, title_path, province)
    return _replace_folder(out, earlier, page)


# -- data: plain SQL against the schema of corpora.store ------------------------------------

# one row per document: its canonical file (the others are listed as its files, not counted)
_WHERE = "(:province IS NULL OR d.province = :province) AND d.id = d.group_id"


def _rows(conn, sql: str, **params: Any) -> list[dict]:
    return [dict(row) for row in conn.execute(sql, params)]


def _load(conn, province: str | None) -> dict:
    documents = _rows(conn, f"""
        SELECT d.id, d.file_name, d.source_path, d.agency, d.agency_type, d.district,
               d.province, d.kind, d.date, d.fiscal_year, d.ita_year, d.ita_score, d.ita_grade,
               d.measure_count, d.warning_count, d.extractor_version
        FROM documents d WHERE {_WHERE}
        ORDER BY d.province, d.agency, d.fiscal_year, d.date, d.id""", province=province)
    if province is not None and not documents:
        known = [r[0] for r in conn.execute(
            "SELECT DISTINCT province FROM documents WHERE province IS NOT NULL "
            "ORDER BY province")]
        raise CorpusError(f"no document of province {province!r} in the corpus; provinces: "
                          f"{', '.join(known) if known else '(none recorded)'}")
    measures = _rows(conn, f"""
        SELECT m.id, m.document_id, m.idx, m.category, m.title, m.status, m.start_date,
               m.end_date, m.timeline, m.cadence, m.page,
               (SELECT group_concat(o.unit, ',') FROM measure_owners o
                WHERE o.measure_id = m.id) AS units
        FROM measures m JOIN documents d ON d.id = m.document_id
        WHERE {_WHERE} ORDER BY m.document_id, m.idx""", province=province)
    units = _rows(conn, f"""
        SELECT o.unit, count(DISTINCT o.measure_id) AS measures,
               count(DISTINCT o.document_id) AS documents
        FROM measure_owners o JOIN documents d ON d.id = o.document_id
        WHERE {_WHERE} GROUP BY o.unit ORDER BY measures DESC, o.unit""", province=province)
    warnings = _rows(conn, f"""
        SELECT d.id AS document_id, d.file_name, d.agency,
               json_extract(w.value, '$.code') AS code, json_extract(w.value, '$.page') AS page,
               json_extract(w.value, '$.message') AS message
        FROM documents d, json_each(d.record, '$.warnings') w
        WHERE {_WHERE} ORDER BY d.province, d.agency, d.file_name, w.key""", province=province)
    # A file that could not be read has no province: it belongs to the whole corpus' report.
    failures = [] if province is not None else _rows(
        conn, "SELECT path, reason, time FROM failures ORDER BY path")
    return {"documents": documents, "measures": measures, "units": units,
            "warnings": warnings, "failures": failures, "agencies": _agencies(documents)}


def _agencies(documents: list[dict]) -> list[dict]:
    """One entry per agency (name, district, province), with its documents and an anchor."""
    grouped: dict[tuple, list[dict]] = {}
    for doc in documents:
        grouped.setdefault((doc["agency"], doc["district"], doc["province"]), []).append(doc)
    agencies = []
    for n, ((name, district, province), docs) in enumerate(grouped.items(), start=1):
        agencies.append({"anchor": f"agency-{n}", "name": name or UNKNOWN, "district": district,
                         "province": province, "agency_type": docs[0]["agency_type"],
                         "documents": docs, "scores": _scores_by_year(docs)})
        for doc in docs:
            doc["anchor"] = f"agency-{n}"
    return agencies


def ita_year(doc: dict) -> int | None:
    """The year an ITA score belongs to: the assessment year printed with it, else the
    document's fiscal year (Buddhist Era both)."""
    return doc.get("ita_year") or doc.get("fiscal_year")


def _scores_by_year(docs: list[dict]) -> list[dict]:
    """An agency's ITA score per year: of several documents citing a year, the latest."""
    by_year: dict[int, dict] = {}
    for doc in sorted(docs, key=lambda d: (d["date"] or "", d["id"])):
        year = ita_year(doc)
        if doc["ita_score"] is not None and year is not None:
            by_year[year] = doc
    return [{"year": y, "score": by_year[y]["ita_score"], "grade": by_year[y]["ita_grade"],
             "document": by_year[y]} for y in sorted(by_year)]


# -- charts ----------------------------------------------------------------------------------

_MPL_READY = False


def _matplotlib():
    """matplotlib with a Thai font set explicitly (its default DejaVu Sans has no Thai)."""
    global _MPL_READY
    try:
        import matplotlib
    except ImportError as exc:
        raise CorpusError("the report needs matplotlib: pip install 'matplotlib>=3.8'") from exc
    if not _MPL_READY:
        import logging

        from matplotlib import font_manager

        font = _sarabun_file()
        if font is not None:
            font_manager.fontManager.addfont(str(font))
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        _MPL_READY = True
    return matplotlib


# Set for the report's figures only (rc_context): a notebook's own settings stay as they were.
_RC = {
    "font.family": ["Sarabun", "Laksaman", "Noto Sans Thai", "sans-serif"],
    "font.size": 10,
    "svg.fonttype": "none",          # text stays text: the browser shapes the Thai
    "svg.hashsalt": "thaireports",   # the same corpus gives the same bytes
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _sarabun_file() -> Path | None:
    try:
        import fontpkg_sarabun
    except ImportError:
        return None
    path = Path(fontpkg_sarabun.ROOT) / "files" / "Sarabun-Regular.ttf"
    return path if path.is_file() else None


def _figure(width: float, height: float):
    _matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


_SVG_HEAD = re.compile(r"^.*?(?=<svg)", re.S)
_NAMESPACES = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')
_FONT_FAMILY = re.compile(r"font-family: [^;\"]*;?\s*")


def _svg(fig, label: str) -> str:
    """The figure as inline SVG: no XML prologue or DOCTYPE, no namespace URLs (the HTML
    parser knows SVG), fonts left to the page's stylesheet."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg",
                metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = _SVG_HEAD.sub("", buffer.getvalue(), count=1)
    svg = _NAMESPACES.sub("", svg).replace("xlink:href=", "href=")
    svg = _FONT_FAMILY.sub("", svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(label)}" ', 1)


def _type_label(code: str | None) -> str:
    return AGENCY_TYPE_LABELS.get(code or "", UNKNOWN)


def _chart_documents(documents: list[dict]) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc in documents:
        counts[doc["province"] or UNKNOWN][doc["agency_type"] or "other"] += 1
    provinces = sorted(counts, key=lambda p: (-sum(counts[p].values()), p))[::-1]
    types = [t for t in AGENCY_TYPE_LABELS if any(counts[p][t] for p in provinces)]
    fig = _figure(7, 0.9 + 0.32 * len(provinces))
    ax = fig.subplots()
    left = [0] * len(provinces)
    colors = _colors(len(types))
    for color, code in zip(colors, types):
        values = [counts[p][code] for p in provinces]
        ax.barh(provinces, values, left=left, label=_type_label(code), color=color)
        left = [a + b for a, b in zip(left, values)]
    ax.set_xlabel("จำนวนเอกสาร")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return _svg(fig, "จำนวนเอกสารต่อจังหวัดและประเภทหน่วยงาน")


def _colors(n: int) -> list:
    _matplotlib()
    from matplotlib import colormaps

    cmap = colormaps["tab10" if n <= 10 else "tab20"]
    return [cmap(i % cmap.N) for i in range(n)]


def _score_groups(documents: list[dict]) -> dict[tuple[str, int], list[float]]:
    groups: dict[tuple[str, int], list[float]] = defaultdict(list)
    for doc in documents:
        year = ita_year(doc)
        if doc["ita_score"] is not None and year is not None:
            groups[(doc["agency_type"] or "other", year)].append(doc["ita_score"])
    order = list(AGENCY_TYPE_LABELS)
    return dict(sorted(groups.items(), key=lambda kv: (order.index(kv[0][0])
                                                       if kv[0][0] in order else 99, kv[0][1])))


def _chart_scores(groups: dict[tuple[str, int], list[float]]) -> str:
    from thaireports.normalize.vocab import GRADES

    fig = _figure(max(4.5, 1.1 * len(groups) + 1.5), 3.6)
    ax = fig.subplots()
    # Grade bands behind the points (ITA 2562-2568: AA 95-100 ... F below 50).
    upper = 100.0
    for n, (low, grade) in enumerate(GRADES):
        ax.axhspan(low, upper, color="#000000", alpha=0.035 if n % 2 else 0.0, lw=0)
        ax.text(1.01, (low + upper) / 2 if low else 25, grade, transform=ax.get_yaxis_transform(),
                va="center", fontsize=8, color="#666666")
        upper = low
    positions = list(range(1, len(groups) + 1))
    values = list(groups.values())
    ax.boxplot(values, positions=positions, widths=0.5, showfliers=False,
               medianprops={"color": "#b2182b"})
    for x, scores in zip(positions, values):
        # A fixed spread (no random jitter): the same corpus draws the same picture.
        spread = [(i - (len(scores) - 1) / 2) * min(0.06, 0.4 / max(len(scores), 1))
                  for i in range(len(scores))]
        ax.scatter([x + s for s in spread], sorted(scores), s=18, color="#2166ac", zorder=3)
    ax.set_xticks(positions, [f"{_type_label(t)}\n{y}" for t, y in groups])
    ax.set_ylim(0, 100)
    ax.set_ylabel("คะแนน ITA")
    ax.set_xlabel("ประเภทหน่วยงาน / ปีที่ประเมิน (พ.ศ.)")
    return _svg(fig, "การกระจายของคะแนน ITA ตามประเภทหน่วยงานและปี")


def _chart_grades(counts: Counter) -> str:
    fig = _figure(5, 2.6)
    ax = fig.subplots()
    bars = ax.bar(GRADE_ORDER, [counts.get(g, 0) for g in GRADE_ORDER], color="#4393c3")
    ax.bar_label(bars, padding=2)
    ax.set_ylabel("จำนวนหน่วยงาน-ปี")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("ระดับผลการประเมิน ITA")
    return _svg(fig, "จำนวนตามระดับผลการประเมิน")


def _chart_heatmap(rows: list[str], columns: list[str], cells: list[list[int]]) -> str:
    fig = _figure(max(5.0, 0.42 * len(columns) + 3.5), 1.8 + 0.3 * len(rows))
    ax = fig.subplots()
    image = ax.imshow(cells, cmap="Blues", aspect="auto", vmin=0)
    top = max((max(r) for r in cells if r), default=0)
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=8,
                        color="white" if value > top / 2 else "black")
    ax.set_xticks(range(len(columns)), columns, rotation=55, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    from matplotlib.ticker import MaxNLocator

    fig.colorbar(image, ax=ax, shrink=0.6, label="มาตรการ", ticks=MaxNLocator(integer=True))
    return _svg(fig, "จำนวนมาตรการตามหมวดของแต่ละหน่วยงาน")


def _chart_units(units: list[dict]) -> str:
    shown = units[::-1]
    fig = _figure(6, 0.9 + 0.3 * len(shown))
    ax = fig.subplots()
    bars = ax.barh([UNIT_LABELS.get(u["unit"], u["unit"] or UNKNOWN) for u in shown],
                   [u["measures"] for u in shown], color="#5aae61")
    ax.bar_label(bars, padding=2)
    ax.set_xlabel("จำนวนมาตรการที่รับผิดชอบ")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _svg(fig, "หน่วยงานที่รับผิดชอบมาตรการ")


def _chart_trends(agencies: list[dict]) -> str:
    fig = _figure(6.5, 3.4)
    ax = fig.subplots()
    for agency in agencies:
        years = [s["year"] for s in agency["scores"]]
        scores = [s["score"] for s in agency["scores"]]
        line, = ax.plot(years, scores, marker="o")
        ax.annotate(agency["name"], (years[-1], scores[-1]), xytext=(6, 0),
                    textcoords="offset points", va="center", fontsize=8,
                    color=line.get_color())
    # At least 10 points of height: a change of 2 points should not look like a fall.
    scores = [s["score"] for a in agencies for s in a["scores"]]
    middle = (min(scores) + max(scores)) / 2
    half = max(5.0, (max(scores) - min(scores)) / 2 + 2)
    ax.set_ylim(max(0.0, middle - half), min(100.0, middle + half))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("ปีที่ประเมิน (พ.ศ.)")
    ax.set_ylabel("คะแนน ITA")
    ax.margins(x=0.35)
    return _svg(fig, "คะแนน ITA ปีต่อปี")


def _month_start(iso: str) -> date:
    return date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]) if len(iso) >= 10 else 1)


def _month_end(iso: str) -> date:
    if len(iso) >= 10:
        return date(int(iso[:4]), int(iso[5:7]), int(iso[8:10]))
    year, month = int(iso[:4]), int(iso[5:7])
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def _thai_month_label(value: float, _position=None) -> str:
    """A date axis tick as Thai month and Buddhist-Era year: 'ต.ค. 2564'."""
    from matplotlib.dates import num2date
    from pythainlp.util.date import thai_full_month_lists

    from thaireports.normalize.dates import BE_OFFSET

    when = num2date(value)
    row = thai_full_month_lists[when.month - 1]
    abbreviation = next((name for name in row if "." in name), row[0])
    return f"{abbreviation} {when.year + BE_OFFSET}"


def _shorten(text: str, limit: int = TITLE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _chart_timeline(measures: list[dict], agency: str) -> str:
    from matplotlib.dates import MonthLocator, date2num
    from matplotlib.ticker import FuncFormatter

    dated = sorted(measures, key=lambda m: (_month_start(m["start_date"]), m["idx"]))
    categories = list(dict.fromkeys(m["category"] or "other" for m in dated))
    colors = dict(zip(categories, _colors(len(categories))))
    fig = _figure(7.5, 1.2 + 0.3 * len(dated))
    ax = fig.subplots()
    for y, measure in enumerate(dated):
        start = date2num(_month_start(measure["start_date"]))
        end = date2num(_month_end(measure["end_date"] or measure["start_date"]) +
                       timedelta(days=1))
        ax.barh(y, end - start, left=start, height=0.6,
                color=colors[measure["category"] or "other"])
    ax.set_yticks(range(len(dated)), [_shorten(m["title"]) for m in dated], fontsize=9)
    ax.invert_yaxis()
    # Ticks on first days of months only (the labels name months), at most about 6 of them.
    first = min(_month_start(m["start_date"]) for m in dated)
    last = max(_month_end(m["end_date"] or m["start_date"]) for m in dated)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    ax.xaxis.set_major_locator(MonthLocator(interval=max(1, -(-months // 6))))
    ax.xaxis.set_major_formatter(FuncFormatter(_thai_month_label))
    for label in ax.get_xticklabels():
        label.set(rotation=30, ha="right", rotation_mode="anchor")
    ax.set_xlim(date2num(first - timedelta(days=15)), date2num(last + timedelta(days=16)))
    ax.tick_params(axis="x", labelsize=9)
    from matplotlib.patches import Patch

    handles = [Patch(color=colors[c], label=c) for c in categories]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              fontsize=8)
    return _svg(fig, f"ระยะเวลาดำเนินการของมาตรการ {agency}")


# -- the page --------------------------------------------------------------------------------

def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _table(table_id: str, head: Iterable[str], rows: Iterable[Iterable[object]],
           numeric: Iterable[int] = (), raw: Iterable[int] = ()) -> str:
    """An HTML table; cells escaped except the columns in ``raw`` (links we made)."""
    numeric, raw = set(numeric), set(raw)
    out = [f'<table id="{table_id}"><thead><tr>']
    out += [f"<th>{_e(h)}</th>" for h in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        cells = []
        for n, value in enumerate(row):
            css = ' class="num"' if n in numeric else ""
            cells.append(f"<td{css}>{value if n in raw else _e(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _link(doc: dict, text: str | None = None) -> str:
    return f'<a href="#{doc["anchor"]}">{_e(text or doc["file_name"] or doc["id"])}</a>'


def _section(anchor: str, title: str, body: str, note: str = "") -> str:
    note = f'<p class="note">{note}</p>' if note else ""
    return f'<section id="{anchor}"><h2>{_e(title)}</h2>{note}{body}</section>'


def _empty(text: str) -> str:
    return f'<p class="empty">{_e(text)}</p>'


def _section_documents(data: dict) -> str:
    docs = data["documents"]
    counts: dict[str, Counter] = defaultdict(Counter)
    for doc in docs:
        counts[doc["province"] or UNKNOWN][doc["agency_type"] or "other"] += 1
    types = [t for t in AGENCY_TYPE_LABELS if any(c[t] for c in counts.values())]
    rows = [[province, *(counts[province][t] for t in types), sum(counts[province].values())]
            for province in sorted(counts)]
    rows.append(["รวม", *(sum(c[t] for c in counts.values()) for t in types), len(docs)])
    table = _table("documents-by-province",
                   ["จังหวัด", *(f"{_type_label(t)} ({t})" for t in types), "รวม"], rows,
                   numeric=range(1, len(types) + 2))
    return _section("documents", "เอกสารต่อจังหวัดและประเภทหน่วยงาน",
                    _chart_documents(docs) + table)


def _section_scores(data: dict) -> str:
    groups = _score_groups(data["documents"])
    if not groups:
        return _section("scores", "คะแนน ITA ตามประเภทหน่วยงานและปี",
                        _empty("ยังไม่มีเอกสารที่ระบุคะแนน ITA"))
    import statistics

    rows = [[_type_label(t), y, len(v), _score(min(v)), _score(statistics.median(v)),
             _score(statistics.fmean(v)), _score(max(v))] for (t, y), v in groups.items()]
    table = _table("score-distribution",
                   ["ประเภทหน่วยงาน", "ปีที่ประเมิน", "จำนวน", "ต่ำสุด", "มัธยฐาน", "เฉลี่ย",
                    "สูงสุด"], rows, numeric=range(1, 7))
    return _section("scores", "คะแนน ITA ตามประเภทหน่วยงานและปี", _chart_scores(groups) + table,
                    "ปีที่ประเมินคือปีที่พิมพ์กำกับคะแนน (ถ้าไม่มี ใช้ปีงบประมาณของเอกสาร); "
                    "เส้นแดงคือมัธยฐาน แถบพื้นหลังคือช่วงคะแนนของแต่ละระดับ")


def _section_grades(data: dict) -> str:
    # One grade per agency and year (the latest document's), as in the year-on-year table.
    counts = Counter(s["grade"] for a in data["agencies"] for s in a["scores"] if s["grade"])
    if not counts:
        return _section("grades", "ระดับผลการประเมิน",
                        _empty("ยังไม่มีเอกสารที่ระบุระดับผลการประเมิน"))
    table = _table("grade-counts", ["ระดับ", "จำนวนหน่วยงาน-ปี"],
                   [[g, counts.get(g, 0)] for g in GRADE_ORDER], numeric=[1])
    return _section("grades", "ระดับผลการประเมิน", _chart_grades(counts) + table)


def _section_heatmap(data: dict) -> str:
    from typing import get_args

    from thaireports.extractors.record import Category

    by_document: dict[str, Counter] = defaultdict(Counter)
    for measure in data["measures"]:
        by_document[measure["document_id"]][measure["category"] or "other"] += 1
    rows: dict[tuple, Counter] = {}
    for agency in data["agencies"]:
        for doc in agency["documents"]:
            key = (agency["anchor"], agency["name"], doc["fiscal_year"])
            rows.setdefault(key, Counter()).update(by_document.get(doc["id"], Counter()))
    seen = {c for counter in rows.values() for c in counter}
    columns = [c for c in get_args(Category) if c in seen]
    if not columns:
        return _section("categories", "มาตรการตามหมวดของแต่ละหน่วยงาน",
                        _empty("ยังไม่มีมาตรการในคลังข้อมูล"))
    labels = [f"{name} {year or ''}".strip() for _, name, year in rows]
    cells = [[rows[key][c] for c in columns] for key in rows]
    table = _table("categories-by-agency", ["หน่วยงาน", "ปีงบประมาณ", *columns, "รวม"],
                   [[f'<a href="#{anchor}">{_e(name)}</a>', year or "", *cells_row,
                     sum(cells_row)] for (anchor, name, year), cells_row in zip(rows, cells)],
                   numeric=range(1, len(columns) + 3), raw=[0])
    return _section("categories", "มาตรการตามหมวดของแต่ละหน่วยงาน",
                    _chart_heatmap(labels, columns, cells) + _details(table))


def _details(table: str, summary: str = "ตัวเลข") -> str:
    return f"<details><summary>{_e(summary)}</summary>{table}</details>"


def _section_units(data: dict) -> str:
    units = data["units"]
    if not units:
        return _section("units", "หน่วยที่รับผิดชอบมาตรการ",
                        _empty("ไม่มีมาตรการที่ระบุผู้รับผิดชอบ"))
    table = _table("owner-units", ["หน่วย", "รหัส", "มาตรการ", "เอกสาร"],
                   [[UNIT_LABELS.get(u["unit"], UNKNOWN), u["unit"], u["measures"],
                     u["documents"]] for u in units], numeric=[2, 3])
    return _section("units", "หน่วยที่รับผิดชอบมาตรการ", _chart_units(units) + table)


def _changes(agency: dict) -> list[tuple[dict, float | None]]:
    previous = None
    out = []
    for score in agency["scores"]:
        out.append((score, None if previous is None else score["score"] - previous))
        previous = score["score"]
    return out


def _section_trends(data: dict) -> str:
    several = [a for a in data["agencies"] if len(a["scores"]) >= 2]
    if not several:
        return _section("trends", "คะแนน ITA ปีต่อปี",
                        _empty("ไม่มีหน่วยงานที่มีคะแนน ITA มากกว่าหนึ่งปี"))
    rows = []
    for agency in several:
        for score, change in _changes(agency):
            rows.append([f'<a href="#{agency["anchor"]}">{_e(agency["name"])}</a>',
                         agency["province"] or UNKNOWN, score["year"], _score(score["score"]),
                         score["grade"] or "", "" if change is None else f"{change:+.2f}"])
    moved = sorted(several, key=lambda a: -abs(a["scores"][-1]["score"] - a["scores"][0]["score"]))
    table = _table("year-on-year", ["หน่วยงาน", "จังหวัด", "ปีที่ประเมิน", "คะแนน", "ระดับ",
                                    "เปลี่ยนจากปีก่อน"], rows, numeric=[2, 3, 5], raw=[0])
    note = (f"แผนภูมิแสดง {MAX_TREND_LINES} หน่วยงานที่คะแนนเปลี่ยนมากที่สุด; ตารางมีครบทุกหน่วยงาน"
            if len(several) > MAX_TREND_LINES else "")
    return _section("trends", "คะแนน ITA ปีต่อปี",
                    _chart_trends(moved[:MAX_TREND_LINES]) + table, note)


def _section_agencies(data: dict) -> str:
    measures_of: dict[str, list[dict]] = defaultdict(list)
    for measure in data["measures"]:
        measures_of[measure["document_id"]].append(measure)
    parts = ['<nav class="agency-index"><ol>']
    parts += [f'<li><a href="#{a["anchor"]}">{_e(a["name"])}</a> '
              f'<span class="place">{_e(_place(a))}</span></li>' for a in data["agencies"]]
    parts.append("</ol></nav>")
    for agency in data["agencies"]:
        parts.append(_agency_section(agency, measures_of))
    return _section("agencies", "หน่วยงาน", "".join(parts),
                    "แต่ละหน่วยงานมีส่วนของตนเอง: เอกสาร คะแนน ITA และระยะเวลาของมาตรการ")


def _place(agency: dict) -> str:
    parts = []
    if agency["district"]:
        parts.append(f"อ.{agency['district']}")
    parts.append(f"จ.{agency['province']}" if agency["province"] else "จังหวัด" + UNKNOWN)
    return " ".join(parts)


def _agency_section(agency: dict, measures_of: dict[str, list[dict]]) -> str:
    anchor = agency["anchor"]
    docs = agency["documents"]
    head = (f'<article class="agency" id="{anchor}"><h3>{_e(agency["name"])}</h3>'
            f'<p class="place">{_e(_place(agency))} · {_e(_type_label(agency["agency_type"]))}'
            f' · <a href="#agencies">รายชื่อหน่วยงาน</a></p>')
    documents = _table(f"{anchor}-documents",
                       ["เอกสาร", "ชนิด", "วันที่", "ปีงบประมาณ", "คะแนน ITA", "ระดับ", "มาตรการ",
                        "คำเตือน"],
                       [[d["file_name"] or d["id"], d["kind"], d["date"] or "",
                         d["fiscal_year"] or "", _score(d["ita_score"]), d["ita_grade"] or "",
                         d["measure_count"], d["warning_count"]] for d in docs],
                       numeric=[3, 4, 6, 7])
    scores = ""
    if len(agency["scores"]) >= 2:
        scores = "<h4>คะแนน ITA ปีต่อปี</h4>" + _table(
            f"{anchor}-scores", ["ปีที่ประเมิน", "คะแนน", "ระดับ", "เปลี่ยนจากปีก่อน"],
            [[s["year"], _score(s["score"]), s["grade"] or "",
              "" if c is None else f"{c:+.2f}"] for s, c in _changes(agency)],
            numeric=[0, 1, 3])
    measures = [m for d in docs for m in measures_of.get(d["id"], [])]
    fiscal = {d["id"]: d["fiscal_year"] for d in docs}
    dated = [m for m in measures if m["start_date"]]
    timeline = "<h4>ระยะเวลาดำเนินการของมาตรการ</h4>"
    if dated:
        timeline += _chart_timeline(dated, agency["name"])
    else:
        timeline += _empty("ไม่มีมาตรการที่ระบุช่วงเวลา")
    if measures:
        timeline += _details(_table(
            f"{anchor}-measures", ["ปีงบประมาณ", "หมวด", "มาตรการ", "ช่วงเวลา", "ติดตามทุก (เดือน)",
                                   "ผู้รับผิดชอบ", "หน้า"],
            [[fiscal[m["document_id"]] or "", m["category"], m["title"],
              " – ".join(x for x in (m["start_date"], m["end_date"]) if x) or (m["timeline"] or ""),
              m["cadence"] or "",
              ", ".join(UNIT_LABELS.get(u, u) for u in (m["units"] or "").split(",") if u),
              m["page"] or ""] for m in measures], numeric=[0, 6]),
            f"มาตรการทั้งหมด ({len(measures)})")
    return head + documents + scores + timeline + "</article>"


def _section_warnings(data: dict) -> str:
    docs = {d["id"]: d for d in data["documents"]}
    warnings = data["warnings"]
    look = [w for w in warnings if w["code"] not in ROUTINE_WARNING_CODES]
    routine = [w for w in warnings if w["code"] in ROUTINE_WARNING_CODES]

    def table(table_id: str, items: list[dict]) -> str:
        return _table(table_id, ["เอกสาร", "หน่วยงาน", "หน้า", "รหัส", "ข้อความ"],
                      [[_link(docs[w["document_id"]]), w["agency"] or UNKNOWN, w["page"] or "",
                        w["code"], w["message"]] for w in items], numeric=[2], raw=[0])

    body = []
    counts = Counter(w["code"] for w in look)
    if look:
        body.append(_table("warning-codes", ["รหัส", "จำนวน"], counts.most_common(),
                           numeric=[1]))
        body.append(table("warnings", look))
    else:
        body.append(_empty("ไม่มีคำเตือนที่ต้องตรวจ"))
    if routine:
        body.append(_details(table("warnings-routine", routine),
                             f"การแก้ไขตามข้อมูลอ้างอิง ({len(routine)}): "
                             + ", ".join(sorted({w["code"] for w in routine}))))
    if data["failures"]:
        body.append("<h3>ไฟล์ที่อ่านไม่ได้</h3>" + _table(
            "failures", ["ไฟล์", "เหตุผล", "เวลา"],
            [[f["path"], f["reason"], f["time"]] for f in data["failures"]]))
    return _section("warnings", "คำเตือนที่ควรให้คนตรวจ", "".join(body),
                    "สิ่งที่โปรแกรมไม่แน่ใจ บันทึกไว้ในระเบียนพร้อมรหัสและหน้า ไม่ได้แก้เอง")


_CSS = """
@font-face { font-family: "Sarabun"; src: url(data:font/ttf;base64,%(font)s) format("truetype"); }
:root { --thai: %(stack)s; }
body { font-family: var(--thai); font-size: 16px; line-height: 1.6; color: #1a1a1a;
       margin: 0 auto; padding: 0 1.5rem 4rem; max-width: 72rem; background: #fff; }
svg text { font-family: var(--thai); }
header { border-bottom: 3px solid #2166ac; margin-bottom: 1rem; }
h1 { font-size: 1.7rem; margin: 1.2rem 0 0.2rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin: 1.8rem 0 0.2rem; }
h4 { font-size: 1rem; margin: 1rem 0 0.2rem; }
nav.toc ol { columns: 2; }
nav.agency-index ol { columns: 3; font-size: 0.95rem; }
.summary { display: flex; gap: 1rem; flex-wrap: wrap; padding: 0; list-style: none; }
.summary li { background: #f0f4f8; border-radius: 6px; padding: 0.4rem 0.9rem; }
.summary b { font-size: 1.3rem; display: block; }
.place, .note, .meta { color: #555; font-size: 0.9rem; }
.empty { color: #777; font-style: italic; }
svg { max-width: 100%%; height: auto; display: block; margin: 0.6rem 0; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #d0d7de; padding: 0.2rem 0.5rem; vertical-align: top; }
th { background: #f6f8fa; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
details { margin: 0.4rem 0 1rem; }
summary { cursor: pointer; color: #2166ac; }
article.agency { border-top: 1px dashed #bbb; }
a { color: #2166ac; }
@media print { details { display: block; } nav { display: none; } }
"""


def _font_base64() -> str:
    font = _sarabun_file()
    return base64.b64encode(font.read_bytes()).decode("ascii") if font else ""


def _page(data: dict, corpus_path: Path, province: str | None) -> str:
    docs = data["documents"]
    versions = sorted({d["extractor_version"] for d in docs if d["extractor_version"]})
    scope = f"จังหวัด{province}" if province else "ทั้งคลังข้อมูล"
    years = sorted({d["fiscal_year"] for d in docs if d["fiscal_year"]})
    summary = [
        ("เอกสาร", len(docs)), ("หน่วยงาน", len(data["agencies"])),
        ("จังหวัด", len({d["province"] for d in docs if d["province"]})),
        ("มาตรการ", len(data["measures"])),
        ("มีคะแนน ITA", sum(1 for d in docs if d["ita_score"] is not None)),
        ("คำเตือน", len(data["warnings"])),
    ]
    sections = [
        ("documents", "เอกสารต่อจังหวัดและประเภทหน่วยงาน", _section_documents),
        ("scores", "คะแนน ITA ตามประเภทหน่วยงานและปี", _section_scores),
        ("grades", "ระดับผลการประเมิน", _section_grades),
        ("categories", "มาตรการตามหมวดของแต่ละหน่วยงาน", _section_heatmap),
        ("units", "หน่วยที่รับผิดชอบมาตรการ", _section_units),
        ("trends", "คะแนน ITA ปีต่อปี", _section_trends),
        ("agencies", "หน่วยงาน", _section_agencies),
        ("warnings", "คำเตือนที่ควรให้คนตรวจ", _section_warnings),
    ]
    body = "".join(render(data) for _, _, render in sections) if docs else _empty(
        "คลังข้อมูลยังไม่มีเอกสาร: thaireports import FILES --db CORPUS")
    toc = "".join(f'<li><a href="#{a}">{_e(t)}</a></li>' for a, t, _ in sections)
    facts = "".join(f"<li><b>{n:,}</b>{_e(label)}</li>" for label, n in summary)
    span = f"ปีงบประมาณ {years[0]}–{years[-1]}" if len(years) > 1 else (
        f"ปีงบประมาณ {years[0]}" if years else "")
    css = _CSS % {"font": _font_base64(), "stack": FONT_STACK}
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="thaireports report">
<title>รายงาน ITA {_e(scope)}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>รายงาน ITA ขององค์กรปกครองส่วนท้องถิ่น: {_e(scope)}</h1>
<p class="meta">คลังข้อมูล {_e(corpus_path.name)} · {_e(span)} · สกัดด้วยตัวสกัดรุ่น
{_e(", ".join(versions) or UNKNOWN)}</p>
<ul class="summary">{facts}</ul>
<nav class="toc"><ol>{toc}</ol></nav>
</header>
<main>
{body}
</main>
</body>
</html>
"""
