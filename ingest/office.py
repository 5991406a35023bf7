"""Word and Excel files into a ``Document`` that looks like the other readers' ones.

- **.docx** (python-docx opens the package; the body XML is walked here, in document order):
  paragraphs, tables, headers and footers. A table's merged cells follow the HTML convention of
  ``ingest.text``: the value of a vertically merged block belongs to its first row (the rows
  below get an empty cell), and a horizontal merge is one cell (its text once, the columns it
  covers empty), so the grid keeps its columns. Text boxes come after their paragraph. Deleted
  tracked changes are left out, inserted ones kept. A docx is one page unless it has explicit
  page breaks (``w:br w:type="page"``, *page break before*, a section starting on a new page);
  the pages Word happens to lay out are not known without rendering it.
- **.xlsx** (openpyxl, cached formula values): each sheet is a page, its cells a table; a
  merged range keeps its value in its top-left cell. Title and note rows (one filled cell) above
  and below the grid are the page's text, and blank rows split the grid into tables, which
  join again when they continue one another (as broken tables do in ``ingest.text``).
- **.doc, .xls, .rtf, .odt, .ods** go through LibreOffice headless (``soffice --convert-to``,
  a private profile, a timeout) into .docx / .xlsx first; without LibreOffice they fail with
  what to install.

Pictures in a Word file that look like scanned pages (large, mostly paper-white) are OCR'd with
``ingest.ocr.ocr_image`` and each becomes a page of its own, where it stands in the document;
logos and photos are left alone.

What the extractors rely on is the same as for OCR'd text: paragraphs are lines, blocks are
separated by blank lines (an empty Word paragraph ends a block), each table is also in its
page's text as tab-separated rows starting at its ``offset``, and every text is normalized like
``ingest.text`` does it (Arabic digits, Thai repaired, spaces folded). Thai in Office files
needs no OCR and no PUA repair: ``text_source`` is "text" (pages OCR'd from pictures say "ocr").
"""
from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import warnings as py_warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from thaireports.ingest.document import Document, OcrInfo, Page, Source, Table
from thaireports.ingest.errors import (CorruptFileError, FileTooLargeError, IngestError,
                                      MissingReaderError, UnsupportedFileError, is_out_of_memory)
from thaireports.ingest.sniff import DOC, DOCX, ENCRYPTED_OFFICE, ODS, ODT, RTF, XLS, XLSX
from thaireports.normalize.errors import ThaiReportsError
from thaireports.normalize.warning import RecordWarning

# What each kind is called in messages, and what LibreOffice turns the legacy ones into.
_LABELS: dict[str, str] = {
    DOCX: "Word document", XLSX: "Excel workbook", DOC: "Word 97-2003 document",
    XLS: "Excel 97-2003 workbook", RTF: "RTF document", ODT: "OpenDocument text",
    ODS: "OpenDocument spreadsheet", ENCRYPTED_OFFICE: "Office document",
}
_CONVERT_TO: dict[str, tuple[str, str]] = {  # media type -> (input suffix, target format)
    DOC: (".doc", "docx"), RTF: (".rtf", "docx"), ODT: (".odt", "docx"),
    XLS: (".xls", "xlsx"), ODS: (".ods", "xlsx"),
}
LIBREOFFICE_PACKAGES = "libreoffice-writer-nogui libreoffice-calc-nogui"
SOFFICE_TIMEOUT = float(os.environ.get("THAIREPORTS_SOFFICE_TIMEOUT", 180))
# Zip bomb guard: an Office file unpacks to at most this much (python-docx and openpyxl hold
# the parts in memory).
MAX_UNPACKED_BYTES = int(os.environ.get("THAIREPORTS_OFFICE_MAX_UNPACKED", 1 << 30))
MAX_SHEET_CELLS = 2_000_000
# A picture is a scanned page when it is at least this big and mostly paper.
SCAN_MIN_SIDE = 400
SCAN_MIN_PIXELS = 400_000
SCAN_MIN_WHITE = 0.5

# ---------------------------------------------------------------------------------------------
# The events a file becomes, in document order


@dataclass
class _Para:
    """One line of text (a Word paragraph, an Excel title row); "" ends a block."""

    text: str


@dataclass
class _Grid:
    """One table: raw cell texts, merged cells already resolved."""

    rows: list[list[str]]


@dataclass
class _Picture:
    """An embedded picture that may be a scanned page."""

    blob: bytes
    name: str


class _Break:
    """An explicit page break."""


_BREAK = _Break()
_Event = _Para | _Grid | _Picture | _Break

# ---------------------------------------------------------------------------------------------
# .docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_V = "urn:schemas-microsoft-com:vml"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


W_P, W_TBL, W_TR, W_TC, W_T, W_SDT, W_SDTCONTENT = (_w(t) for t in
                                                    ("p", "tbl", "tr", "tc", "t", "sdt", "sdtContent"))
W_VAL = _w("val")
# Wrappers whose children are read as if they stood in the wrapper's place.
_WRAPPERS = frozenset({_w("sdtContent"), _w("customXml"), _w("smartTag"), _w("hyperlink"),
                       _w("ins"), _w("moveTo"), _w("fldSimple"), _w("r"), _w("dir"), _w("bdo"),
                       _w("drawing"), _w("pict"), _w("object"),
                       f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice"})
# Subtrees that hold no text of the document: properties, deleted text, VML duplicates of
# DrawingML shapes (mc:Fallback), field codes.
_SKIPPED = frozenset({_w("pPr"), _w("rPr"), _w("sdtPr"), _w("sdtEndPr"), _w("del"),
                      _w("moveFrom"), _w("instrText"), _w("delText"), _w("footnoteReference"),
                      _w("endnoteReference"), _w("commentReference"), f"{{{_MC}}}Fallback"})
# Header and footer lines that only number the pages.
_PAGE_NUMBER_LINE = re.compile(r"^[\s\-–—]*(?:หน้า(?:ที่)?|page)?\s*[\d๐-๙]+(?:\s*(?:/|จาก|of)\s*[\d๐-๙]+)?"
                               r"[\s\-–—]*$", re.I)


def _on(element) -> bool:
    """A Word on/off property: present and not switched off (``w:val="0"``/"false")."""
    return element is not None and element.get(W_VAL, "true").lower() not in ("0", "false", "off")


def _int_attr(element, default: int, low: int = 0, high: int = 64) -> int:
    if element is None:
        return default
    try:
        return max(low, min(int(element.get(W_VAL, default)), high))
    except ValueError:
        return default


class _DocxWalker:
    """Walks one part's XML (body, header, footer) into events; ``part`` resolves pictures."""

    def __init__(self, part, pictures: bool) -> None:
        self.part = part
        self.pictures = pictures

    def blocks(self, container) -> Iterator[_Event]:
        """Events of a block container: body, header, footer, cell, text box, content control."""
        for child in container:
            tag = child.tag
            if tag == W_P:
                yield from self.paragraph(child)
                sect = child.find(f"{_w('pPr')}/{_w('sectPr')}")
                if sect is not None and self._section_breaks_page(sect):
                    yield _BREAK
            elif tag == W_TBL:
                yield from self.table(child)
            elif tag in (W_SDT, _w("customXml"), W_SDTCONTENT, f"{{{_MC}}}AlternateContent",
                         f"{{{_MC}}}Choice"):
                inner = child.find(W_SDTCONTENT) if tag == W_SDT else child
                if inner is not None:
                    yield from self.blocks(inner)

    @staticmethod
    def _section_breaks_page(sect) -> bool:
        kind = sect.find(_w("type"))
        return (kind.get(W_VAL, "nextPage") if kind is not None else "nextPage") != "continuous"

    def paragraph(self, p) -> Iterator[_Event]:
        """A paragraph's text, split at its page breaks; its pictures and text boxes after it."""
        ppr = p.find(_w("pPr"))
        if ppr is not None and _on(ppr.find(_w("pageBreakBefore"))):
            yield _BREAK
        pieces: list[str] = []
        after: list[_Event] = []
        for item in self._inline(p, after):
            if item is _BREAK:
                yield _Para("".join(pieces))
                pieces.clear()
                yield _BREAK
            else:
                pieces.append(item)  # type: ignore[arg-type]
        yield _Para("".join(pieces))
        yield from after

    def _inline(self, element, after: list[_Event]) -> Iterator[str | _Break]:
        for child in element:
            tag = child.tag
            if tag in _SKIPPED or not isinstance(tag, str):
                continue
            if tag == W_T:
                yield child.text or ""
            elif tag in (_w("tab"), _w("ptab")):
                yield " "  # alignment, not a table cell: a tab in page text would make a row
            elif tag == _w("br"):
                yield _BREAK if child.get(_w("type")) == "page" else "\n"
            elif tag == _w("cr"):
                yield "\n"
            elif tag == _w("noBreakHyphen"):
                yield "-"
            elif tag == _w("txbxContent"):
                after.extend(self.blocks(child))
                after.append(_Para(""))
            elif tag == f"{{{_A}}}blip":
                self._picture(child.get(f"{{{_R}}}embed"), after)
            elif tag == f"{{{_V}}}imagedata":
                self._picture(child.get(f"{{{_R}}}id"), after)
            else:
                yield from self._inline(child, after)

    def _picture(self, rel_id: str | None, after: list[_Event]) -> None:
        if not self.pictures or not rel_id:
            return
        try:
            target = self.part.related_parts[rel_id]
        except (KeyError, AttributeError):
            return  # a linked (not embedded) picture, or a dangling relationship
        after.append(_Picture(blob=target.blob, name=str(getattr(target, "partname", rel_id))))

    def table(self, tbl) -> Iterator[_Event]:
        rows = [self._row(tr) for tr in _children(tbl, W_TR)]
        rows = [r for r in rows if r]
        if not rows:
            return
        if max(len(r) for r in rows) == 1:
            # A one-column table is a framed paragraph (a box around the subject line), not a
            # grid: its cells are read as paragraphs.
            yield _Para("")
            for row in rows:
                for line in row[0].split("\n"):
                    yield _Para(line)
            yield _Para("")
            return
        yield _Grid(rows=rows)

    def _row(self, tr) -> list[str]:
        row: list[str] = []
        trpr = tr.find(_w("trPr"))
        if trpr is not None:
            row.extend([""] * _int_attr(trpr.find(_w("gridBefore")), 0))
        for tc in _children(tr, W_TC):
            tcpr = tc.find(_w("tcPr"))
            span, continued = 1, False
            if tcpr is not None:
                span = _int_attr(tcpr.find(_w("gridSpan")), 1, low=1)
                vmerge = tcpr.find(_w("vMerge"))
                hmerge = tcpr.find(_w("hMerge"))  # Word 97's horizontal merge, kept by converters
                continued = (vmerge is not None and vmerge.get(W_VAL, "continue") != "restart") or \
                    (hmerge is not None and hmerge.get(W_VAL, "continue") != "restart")
            row.append("" if continued else self._cell_text(tc))
            row.extend([""] * (span - 1))
        return row

    def _cell_text(self, tc) -> str:
        lines: list[str] = []
        cell_walker = _DocxWalker(self.part, pictures=False)
        for event in cell_walker.blocks(tc):
            if isinstance(event, _Para):
                lines.append(event.text)
            elif isinstance(event, _Grid):  # a table inside the cell: its rows as lines
                lines.extend(" ".join(c for c in r if c.strip()) for r in event.rows)
        return "\n".join(line for line in lines if line.strip())


def _children(element, tag: str) -> Iterator:
    """Children with ``tag``, looking through content controls and custom XML around them."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (W_SDT, _w("customXml"), W_SDTCONTENT):
            inner = child.find(W_SDTCONTENT) if child.tag == W_SDT else child
            if inner is not None:
                yield from _children(inner, tag)


def _part_element(part):
    """The XML root of a part, also for parts python-docx does not know the type of (the main
    part of a .docm or .dotx)."""
    element = getattr(part, "element", None)
    if element is None:
        from docx.oxml.parser import parse_xml

        element = parse_xml(part.blob)
    return element


def _header_footer_parts(document_part, body) -> tuple[list, list]:
    """The header and footer parts the sections use, in section order, each once."""
    headers, footers, seen = [], [], set()
    for sect in body.iter(_w("sectPr")):
        for ref_tag, out in ((_w("headerReference"), headers), (_w("footerReference"), footers)):
            refs = sorted(sect.findall(ref_tag),
                          key=lambda r: {"first": 0, "default": 1, "even": 2}.get(r.get(_w("type")), 3))
            for ref in refs:
                rel_id = ref.get(f"{{{_R}}}id")
                part = document_part.related_parts.get(rel_id) if rel_id else None
                if part is not None and id(part) not in seen:
                    seen.add(id(part))
                    out.append(part)
    return headers, footers


def _furniture_events(parts: list) -> list[_Event]:
    """A header's or footer's lines, without the ones that only number the page."""
    events: list[_Event] = []
    for part in parts:
        for event in _DocxWalker(part, pictures=False).blocks(_part_element(part)):
            if isinstance(event, _Para) and _PAGE_NUMBER_LINE.match(event.text):
                continue
            if isinstance(event, _Break):
                continue
            events.append(event)
        events.append(_Para(""))
    return events


def docx_events(path: Path, label: str = "Word document") -> list[_Event]:
    """A .docx as events in document order: headers, body, footers.

    Raises:
        CorruptFileError: the package or its XML does not parse.
    """
    _check_package(path, label)
    try:
        from docx.opc.package import OpcPackage

        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")
            package = OpcPackage.open(str(path))
        main = package.main_document_part
        root = _part_element(main)
        body = root.find(_w("body"))
        if body is None:
            raise ValueError("the main part has no w:body")
        headers, footers = _header_footer_parts(main, body)
        events = _furniture_events(headers)
        events.extend(_DocxWalker(main, pictures=True).blocks(body))
        events.extend(_furniture_events(footers))
    except ThaiReportsError:
        raise
    except Exception as exc:  # python-docx, zipfile and lxml each raise their own types
        if is_out_of_memory(exc):
            raise MemoryError(str(exc)) from exc
        raise CorruptFileError(path, f"corrupt {label} ({_one_line(exc)})",
                               "open and re-save it, or ask for the file again") from exc
    return events


def _one_line(exc: BaseException) -> str:
    """An exception as a short reason: its type and first line (zlib's is just 'error')."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    name = type(exc).__name__
    if name.islower():
        name = f"{type(exc).__module__}.{name}"
    return f"{name}: {text}"[:200] if text else name


def _check_package(path: Path, label: str) -> None:
    """Refuse a zip that is not whole, is encrypted or would unpack to too much."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise CorruptFileError(path, f"corrupt {label} (not a complete zip package: {exc})",
                               "open and re-save it, or ask for the file again") from exc
    if any(info.flag_bits & 0x1 for info in infos):
        raise IngestError(path, f"encrypted {label} (its parts are password-protected)",
                          "open it in Word or LibreOffice and save a copy without the password")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileTooLargeError(path, f"{label} unpacks to {unpacked:,} bytes "
                                      f"(limit {MAX_UNPACKED_BYTES:,})",
                                "raise THAIREPORTS_OFFICE_MAX_UNPACKED if it is genuine")


# ---------------------------------------------------------------------------------------------
# .xlsx


def _cell_value(cell) -> str:
    """A cell as Excel shows it, near enough: integers without '.0', percentages, dates as ISO.

    Example:
        >>> class C:  # a stand-in for an openpyxl cell
        ...     def __init__(self, value, number_format="General"):
        ...         self.value, self.number_format = value, number_format
        >>> [_cell_value(C(v, f)) for v, f in [(2566.0, "General"), (0.855, "0.0%"),
        ...                                    (85.5, "0.00"), ("ผู้รับผิดชอบ", "@"), (None, "")]]
        ['2566', '85.5%', '85.50', 'ผู้รับผิดชอบ', '']
    """
    import datetime as dt

    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        fmt = str(getattr(cell, "number_format", "") or "")
        decimals = re.search(r"\.(0+)", fmt)
        places = len(decimals.group(1)) if decimals else None
        if "%" in fmt:
            number = value * 100
            return (f"{number:.{places}f}" if places is not None else f"{number:g}") + "%"
        if places is not None:
            return f"{value:,.{places}f}" if "," in fmt else f"{value:.{places}f}"
        if float(value).is_integer():
            return f"{int(value):,}" if "#,##" in fmt else str(int(value))
        return f"{value:.15g}"
    return str(value).strip()


def _sheet_rows(sheet, warnings: list[RecordWarning], page: int) -> list[list[str]]:
    """The sheet's used range as text cells (merged cells: only their top-left has a value)."""
    rows: list[list[str]] = []
    max_col = sheet.max_column or 0
    max_rows = max(1, MAX_SHEET_CELLS // max(1, max_col))
    for index, row in enumerate(sheet.iter_rows()):
        if index >= max_rows:
            warnings.append(RecordWarning(
                code="sheet-truncated", page=page,
                message=f"sheet {sheet.title!r}: only the first {max_rows:,} rows were read"))
            break
        if sheet.row_dimensions[index + 1].hidden:
            continue
        rows.append([_cell_value(c) for c in row])
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _sheet_events(rows: list[list[str]]) -> list[_Event]:
    """A sheet's rows as paragraphs and tables.

    Blank rows cut the sheet into blocks. In a block, rows with one filled cell at its top and
    bottom are text (a title merged across the columns, a note, a signature line); what is left
    is a table when it has rows of two or more cells, else text.

    Example:
        >>> events = _sheet_events([["แผนปฏิบัติการ ปี ๒๕๖๖", "", ""], ["", "", ""],
        ...                         ["ลำดับ", "มาตรการ", "ผู้รับผิดชอบ"], ["๑", "เผยแพร่ข้อมูล", "สำนักปลัด"]])
        >>> [type(e).__name__ for e in events]
        ['_Para', '_Para', '_Grid', '_Para']
    """
    events: list[_Event] = []
    blocks: list[list[list[str]]] = [[]]
    for row in rows:
        if any(c.strip() for c in row):
            blocks[-1].append(row)
        elif blocks[-1]:
            blocks.append([])
    for block in blocks:
        if not block:
            continue
        filled = [sum(1 for c in r if c.strip()) for r in block]
        top = 0
        while top < len(block) and filled[top] <= 1:
            top += 1
        bottom = len(block)
        while bottom > top and filled[bottom - 1] <= 1:
            bottom -= 1
        for row in block[:top]:
            events.append(_Para(" ".join(c for c in row if c.strip())))
        if bottom > top:
            grid = block[top:bottom]
            used = [j for j in range(max(len(r) for r in grid)) if any(
                j < len(r) and r[j].strip() for r in grid)]
            first, last = used[0], used[-1]
            if top:
                events.append(_Para(""))
            events.append(_Grid(rows=[r[first:last + 1] for r in grid]))
        for row in block[bottom:]:
            events.append(_Para(" ".join(c for c in row if c.strip())))
        events.append(_Para(""))
    return events


def xlsx_events(path: Path, label: str = "Excel workbook") -> tuple[list[_Event], list[RecordWarning]]:
    """An .xlsx as events: each visible sheet with something in it is a page.

    Raises:
        CorruptFileError: the workbook does not parse.
    """
    _check_package(path, label)
    warnings: list[RecordWarning] = []
    events: list[_Event] = []
    try:
        import openpyxl

        with py_warnings.catch_warnings():
            py_warnings.simplefilter("ignore")  # "Data Validation extension is not supported"
            book = openpyxl.load_workbook(str(path), data_only=True, read_only=False)
        try:
            page = 0
            for sheet in book.worksheets:
                if sheet.sheet_state != "visible":
                    continue
                rows = _sheet_rows(sheet, warnings, page + 1)
                if not rows:
                    continue
                if page:
                    events.append(_BREAK)
                page += 1
                events.extend(_sheet_events(rows))
        finally:
            book.close()
    except ThaiReportsError:
        raise
    except Exception as exc:
        if is_out_of_memory(exc):
            raise MemoryError(str(exc)) from exc
        raise CorruptFileError(path, f"corrupt {label} ({_one_line(exc)})",
                               "open and re-save it, or ask for the file again") from exc
    return events, warnings


# ---------------------------------------------------------------------------------------------
# Legacy formats through LibreOffice

_soffice_lock = threading.Lock()


def find_soffice() -> str | None:
    """The LibreOffice binary: ``THAIREPORTS_SOFFICE`` when set, else soffice/libreoffice on PATH."""
    configured = os.environ.get("THAIREPORTS_SOFFICE")
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(path: Path, media_type: str, out_dir: Path,
                             timeout: float = SOFFICE_TIMEOUT) -> Path:
    """Convert a .doc/.rtf/.odt to .docx, or an .xls/.ods to .xlsx, with LibreOffice headless.

    LibreOffice runs with a private, throw-away profile (``-env:UserInstallation``), so it
    neither touches a user's own profile nor waits for another LibreOffice using it, in its own
    process group, killed with its children when ``timeout`` runs out.

    Args:
        path: the legacy file.
        media_type: its sniffed type (decides the target format).
        out_dir: an empty folder for the work; the converted file is written there.
        timeout: seconds.

    Returns:
        The converted file.

    Raises:
        MissingReaderError: LibreOffice is not installed (the message says what to install).
        CorruptFileError: LibreOffice could not load or convert it.
        IngestError: it took longer than ``timeout``.
    """
    label = _LABELS[media_type]
    soffice = find_soffice()
    if soffice is None:
        raise MissingReaderError(
            path, f"an {label}: reading it needs LibreOffice, which is not installed",
            f"apt-get install {LIBREOFFICE_PACKAGES}; or save it as .docx/.xlsx or PDF")
    suffix, target = _CONVERT_TO[media_type]
    work = Path(out_dir)
    source = work / f"input{suffix}"  # an ASCII name with the right suffix: LibreOffice's filters
    shutil.copyfile(path, source)     # pick the import filter from it
    profile = work / "profile"
    converted_dir = work / "converted"
    converted_dir.mkdir()
    command = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
               "--invisible", "--nologo", "--nodefault", "--norestore", "--nolockcheck",
               "--convert-to", target, "--outdir", str(converted_dir), str(source)]
    env = {**os.environ, "HOME": str(work)}  # nothing written to the user's home either
    with _soffice_lock:  # one conversion at a time per process: LibreOffice is heavy
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=env, start_new_session=True)
        except OSError as exc:
            raise MissingReaderError(path, f"an {label}: LibreOffice could not be started ({exc})",
                                       f"reinstall it: apt-get install {LIBREOFFICE_PACKAGES}") from exc
        try:
            _stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise IngestError(path, f"timeout: LibreOffice took more than {timeout:.0f} s to "
                                    f"convert this {label}",
                              "raise THAIREPORTS_SOFFICE_TIMEOUT, or save it as .docx/.xlsx") from None
        finally:
            _kill_group(process)  # soffice.bin may outlive the launcher
    result = converted_dir / f"input.{target}"
    if not result.exists() or result.stat().st_size == 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        detail = [line for line in detail if line.strip() and "javaldx" not in line]
        if any("no export filter" in line for line in detail):
            # LibreOffice is there, but not the part for this kind (Writer or Calc).
            raise UnsupportedFileError(
                path, f"an {label}: this LibreOffice cannot convert it ({detail[-1][:120]})",
                f"apt-get install {LIBREOFFICE_PACKAGES}")
        reason = detail[-1][:160] if detail else f"exit status {process.returncode}"
        raise CorruptFileError(path, f"corrupt or password-protected {label}: LibreOffice could "
                                     f"not convert it ({reason})",
                               "open it in Word or LibreOffice and save it again without a password")
    return result


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


# ---------------------------------------------------------------------------------------------
# Events into a Document


@dataclass
class _PageText:
    number: int
    parts: list[str] = field(default_factory=list)
    offset: int = 0
    lines: list[str] = field(default_factory=list)

    def add(self, rendered: str) -> int:
        """Append a block; returns where it starts in the page text."""
        start = self.offset + (2 if self.parts else 0)
        self.offset = start + len(rendered)
        self.parts.append(rendered)
        return start


def _is_scan(image, mode: str) -> bool:
    """A picture worth OCR: page-sized and, unless OCR is "always", mostly paper-white (a
    photo of a meeting or a logo is not a page of text)."""
    width, height = image.size
    if min(width, height) < SCAN_MIN_SIDE or width * height < SCAN_MIN_PIXELS:
        return False
    if mode == "always":
        return True
    thumb = image.convert("L")
    thumb.thumbnail((256, 256))
    histogram = thumb.histogram()
    total = sum(histogram) or 1
    return sum(histogram[200:]) / total >= SCAN_MIN_WHITE


def _open_picture(blob: bytes):
    import io

    from PIL import Image

    from thaireports.ingest.image import MAX_PIXELS

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(io.BytesIO(blob))
        image.load()
    except Exception:  # WMF/EMF, broken or absurd pictures: not a scan we can read
        return None
    return image.convert("L" if image.mode in ("1", "L", "I;16", "I") else "RGB")


def assemble(events: Iterable[_Event], file: str, sha256: str, media_type: str,
             ocr: str = "auto", lang: str = "tha+eng",
             warnings: list[RecordWarning] | None = None) -> Document:
    """Events into a Document with the conventions of ``ingest.text.read_text``.

    Lines of a block are joined by newlines, blocks and tables by blank lines; each table is
    normalized and its header found by ``ingest.text.table_fragment``, and a table that
    continues the one just before it (same columns, no header or the same one) is joined to it.
    A page break starts a new page; a scanned picture becomes an OCR'd page of its own.
    """
    from thaireports.ingest.quality import page_quality
    from thaireports.ingest.text import normalize_block, same_header, table_fragment

    warnings = list(warnings or [])
    pages: list[Page] = []
    tables: list[Table] = []
    widths: dict[int, int] = {}
    open_table: Table | None = None
    ocr_confidences: list[float] = []
    ocr_used = False
    current = _PageText(number=1)

    def flush_lines() -> None:
        nonlocal open_table
        if not current.lines:
            return
        text, block_warnings = normalize_block("\n".join(current.lines), current.number)
        current.lines.clear()
        warnings.extend(block_warnings)
        text = text.strip("\n")
        if text.strip():
            current.add(text)
            open_table = None

    def close_page(keep_empty: bool = False) -> None:
        nonlocal current
        flush_lines()
        if current.parts or keep_empty:
            body = "\n\n".join(current.parts)
            pages.append(Page(number=current.number, text_source="text",
                              confidence=page_quality(body), text=body))
            current = _PageText(number=current.number + 1)

    for event in events:
        if isinstance(event, _Para):
            if event.text.strip():
                current.lines.extend(event.text.replace("\t", " ").split("\n"))
            else:
                flush_lines()
        elif isinstance(event, _Grid):
            flush_lines()
            raw = [[html.escape(c, quote=False) for c in row] for row in event.rows]
            fragment = table_fragment(raw, current.number, warnings)
            if fragment is None:
                continue
            rendered = "\n".join("\t".join(row) for row in fragment.rows)
            start = current.add(rendered)
            if open_table is not None and fragment.width == widths[id(open_table)] and (
                    not fragment.header_rows or (open_table.header and
                                                 same_header(open_table.header, fragment.header))):
                open_table.rows.extend(fragment.data_rows)
            else:
                open_table = Table(page=current.number, header=fragment.header,
                                   rows=[list(r) for r in fragment.data_rows], offset=start)
                widths[id(open_table)] = fragment.width
                tables.append(open_table)
        elif isinstance(event, _Break):
            close_page()
        elif isinstance(event, _Picture):
            image = _open_picture(event.blob)
            if image is None or not _is_scan(image, ocr):
                continue
            close_page()
            open_table = None
            number = current.number
            if ocr == "never":
                pages.append(Page(number=number, text_source="ocr", confidence=0.0, text=""))
                warnings.append(RecordWarning(code="ocr-skipped", page=number,
                                              message=f"page {number}: a scan pasted into the "
                                                      "file, and OCR is off"))
            else:
                ocr_used = True
                page, page_tables, page_warnings, confidence = _ocr_picture(image, number, lang)
                pages.append(page)
                tables.extend(page_tables)
                warnings.extend(page_warnings)
                if confidence is not None:
                    ocr_confidences.append(confidence)
            current = _PageText(number=number + 1)
    close_page(keep_empty=not pages)
    ocr_info = None
    if ocr_used:
        from thaireports.ingest import tesseract

        try:
            version = tesseract.version()
        except Exception:  # noqa: BLE001 - provenance only
            version = None
        ocr_info = OcrInfo(version=version, languages=lang,
                           mean_confidence=round(sum(ocr_confidences) / len(ocr_confidences) / 100, 3)
                           if ocr_confidences else None)
    only_ocr = bool(pages) and all(p.text_source == "ocr" for p in pages)
    source = Source(file=file, sha256=sha256, media_type=media_type, pages=len(pages),
                    text_source="ocr" if only_ocr else "text", ocr=ocr_info)
    return Document(source=source, pages=pages, tables=tables, warnings=warnings)


def _ocr_picture(image, number: int, lang: str):
    """OCR a pasted scan; a failure (no Tesseract, a bad picture) costs that page only, since
    the rest of an Office file is text that needs no OCR."""
    from thaireports.ingest.ocr import ocr_image

    try:
        result = ocr_image(image, number, lang=lang)
    except Exception as exc:  # noqa: BLE001 - including a missing Tesseract: see above
        if is_out_of_memory(exc):
            raise MemoryError(str(exc)) from exc
        page = Page(number=number, text_source="ocr", confidence=0.0, text="")
        warning = RecordWarning(code="page-unreadable", page=number,
                                message=f"page {number}: a scan pasted into the file could not "
                                        f"be OCR'd: {_one_line(exc)}")
        return page, [], [warning], None
    finally:
        image.close()
    return result.page, list(result.tables), list(result.warnings), result.mean_confidence


# ---------------------------------------------------------------------------------------------
# Entry point


def read(path: Path, media_type: str = DOCX, sha256: str | None = None, ocr: str = "auto",
         lang: str = "tha+eng") -> Document:
    """Read a Word, Excel, RTF or OpenDocument file into a Document.

    Args:
        path: the file.
        media_type: its sniffed media type (``ingest.sniff``).
        sha256: hex digest of its bytes (computed when not given).
        ocr: "auto" OCRs pasted scans, "always" every page-sized picture, "never" none.
        lang: Tesseract languages for pasted scans.

    Returns:
        The Document; ``source`` names the original file and its type, also when LibreOffice
        converted it first.

    Raises:
        CorruptFileError: the file does not parse (or LibreOffice cannot convert it).
        MissingReaderError: a legacy format and no LibreOffice (the message says what to
            install).
        IngestError: password-protected, or LibreOffice timed out.
        FileTooLargeError: it would unpack to more than ``MAX_UNPACKED_BYTES``.

    Example:
        >>> import docx, tempfile
        >>> word = docx.Document()
        >>> _ = word.add_paragraph("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
        >>> path = Path(tempfile.mkdtemp()) / "memo.docx"
        >>> word.save(path)
        >>> doc = read(path)
        >>> doc.pages[0].text, doc.source.text_source
        ('ประจำปีงบประมาณ พ.ศ. 2566', 'text')
    """
    path = Path(path)
    if sha256 is None:
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    label = _LABELS.get(media_type, "Office document")
    if media_type == ENCRYPTED_OFFICE:
        raise IngestError(path, "encrypted Office document (password-protected), no password given",
                          "open it in Word or LibreOffice and save a copy without the password")
    if media_type in _CONVERT_TO:
        with tempfile.TemporaryDirectory(prefix="thaireports-office-") as work:
            converted = convert_with_libreoffice(path, media_type, Path(work))
            return _read_modern(converted, _CONVERT_TO[media_type][1], label, path.name, sha256,
                                media_type, ocr, lang, original=path)
    if media_type == DOCX:
        return _read_modern(path, "docx", label, path.name, sha256, media_type, ocr, lang)
    if media_type == XLSX:
        return _read_modern(path, "xlsx", label, path.name, sha256, media_type, ocr, lang)
    raise UnsupportedFileError(path, f"unsupported file type {media_type}")


def _read_modern(path: Path, kind: str, label: str, file: str, sha256: str, media_type: str,
                 ocr: str, lang: str, original: Path | None = None) -> Document:
    try:
        if kind == "docx":
            events, warnings = docx_events(path, label), []
        else:
            events, warnings = xlsx_events(path, label)
    except IngestError as exc:
        if original is None:
            raise
        # Errors about the converted copy are errors about the user's file.
        raise type(exc)(original, exc.reason, exc.hint) from exc
    return assemble(events, file=file, sha256=sha256, media_type=media_type, ocr=ocr, lang=lang,
                    warnings=warnings)
