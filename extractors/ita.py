"""The ITA result a document prints: assessed year, total score, grade, and the ten indicator
scores with their tool (IIT / EIT / OIT).

The numbers are checked against each other. The total is 0.3 x IIT + 0.3 x EIT + 0.4 x OIT,
each tool's score being the mean of its indicators; the grade follows from the total. Where the
prose and a table disagree on an indicator, the reading that satisfies that identity wins; a
value one OCR confusion (6/2, 4/5, 8/5, 7/3) away from satisfying it is repaired. Every such
decision leaves a warning.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from thaireports.extractors.record import Indicator, Ita
from thaireports.extractors.textutil import DocText
from thaireports.normalize.slips import DIGIT_CONFUSIONS, GRADE_LOOKALIKES, TONE_MARKS
from thaireports.normalize.vocab import TOOL_WEIGHTS  # the ITA table's owner
from thaireports.normalize.warning import RecordWarning

IDENTITY_TOL = 0.015   # printed values are rounded to 2 decimals; their mix may drift by ~0.01
# OCR confusion pairs on Thai digits (๖/๒, ๔/๕, ๘/๕, ๗/๓ look alike in TH Sarabun).
CONFUSIONS = DIGIT_CONFUSIONS  # normalize.slips owns the OCR slip tables
YEAR_WINDOW = 250       # the assessed year is named at most this many characters before a total
YEAR_WINDOW_WIDE = 1500  # ... or, failing that, in the heading of the page or section above it

_NUMBER = r"(100(?:\.0{1,2})?|\d{1,2}\.\d{1,2})"
# The total: 'ผลคะแนน 84.72', 'คะแนนรวม 84.72', 'ได้(รับ)คะแนน ...', 'คะแนนเฉลี่ย ...', 'ผลการประเมิน
# เท่ากับ ...', 'คะแนนภาพรวม ...', 'ผลการประเมินในภาพรวมได้ ...', with 'ร้อยละ' or 'เท่ากับ' between.
# A number right after an indicator's name is that indicator's score, never the total (see
# ``extract_ita``), so 'การป้องกันการทุจริต ได้คะแนน 68.75' is not read as a total.
# The marks above a line OCR drops first ('ไดคะแนน', 'ระดบ'): the cue words are matched with
# their tone mark and upper vowel optional.
_TOTAL = re.compile(r"(?:ผลคะแนน|คะแนนรวม|ได้?(?:รับ)?คะแนน|คะแนนเฉลี่ย|คะแนนภาพรวม"
                    r"|ผลการประเมิน(?:ITA)?\s*(?:เท่ากับ|คือ)|(?:ผลการประเมิน)?(?:ใน)?ภาพรวม\s*(?:ได้)?)"
                    r"\s*(?:เท่ากับ|จำนวน|ทั้งหมด|ร้อยละ)?\s*" + _NUMBER)
# A grade letter as printed, and as OCR of a scan reads it: Tesseract's Latin model takes a B
# in a Thai line for the digit 8 ('อยู่ในระดับ 8').
_GRADE_LETTER = r"(AA|A|B|C|D|E|F|8)(?![A-Za-z\d.])"
# '84.72 คะแนน ... ในระดับ B'; a scan wraps the sentence, so the gap may hold line breaks. The
# full mark ('จากคะแนนเต็ม 100 คะแนน') is never the total.
_TOTAL_BEFORE_GRADE = re.compile(r"(?<!เต็ม)(?<!เต็ม )" + _NUMBER
                                 + r"\s*คะแนน[\s\S]{0,90}?ระดั?บ\s*" + _GRADE_LETTER)
_GRADE = re.compile(r"(?:อยู่ใน|ผลการประเมินใน|ผลการประเมินอยู่ใน)?ระดั?บ\s*" + _GRADE_LETTER)
# A total with one character OCR could not read ('มีผลคะแนน 84.ญ2'): it cannot give the value,
# but where it agrees with the total read elsewhere it tells where the total is first stated.
_GARBLED_NUMBER = re.compile(r"\d{1,3}\.?[^\s\d]?\d?\.?\d{0,2}")
_YEAR = re.compile(r"(?:พ\.ศ\.|ปีงบประมาณ|ปี|ITA\)?|ITA\s*:)\s*(25\d\d)")
# Between an indicator's name and its score: spaces or a tab, the tool it belongs to ('(IIT)',
# or a tool column 'IIT'), and words like ได้ / มีค่าคะแนนเท่ากับ.
_CONNECTOR = (r"[\s:=]*(?:\(?(?:IIT|EIT|OIT)\)?[\s:=]*)?(?:ได้|มี)?(?:ค่า)?(?:คะแนน)?(?:เฉลี่ย)?"
              r"\s*(?:เท่ากับ|=|:)?\s*")
_SCORE_CELL = re.compile(r"^\s*(100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?)\s*(?:คะแนน|%)?\s*$")


@dataclass
class Reading:
    value: float
    in_table: bool
    offset: int


def _indicator_table() -> list[tuple[int, str, str, tuple[str, ...]]]:
    """(number, tool, current name, all names it was printed under) from
    ``normalize.vocab.ITA_INDICATORS`` (variants are (older name, years) pairs)."""
    from thaireports.normalize.vocab import ITA_INDICATORS

    rows = []
    for ind in ITA_INDICATORS:
        variants = tuple(v[0] if isinstance(v, tuple) else v for v in ind.variants)
        rows.append((ind.number, ind.tool, ind.name, tuple(dict.fromkeys((ind.name, *variants)))))
    return sorted(rows)


def _table_spans(document, dt: DocText) -> list[tuple[int, int]]:
    """Where the tables sit in the joined text (start, end), to tell table readings from prose."""
    spans = []
    for t in document.tables:
        start = dt.absolute(t.page, t.offset)
        if start is None:
            continue
        length = sum(len("\t".join(r)) + 1 for r in [t.header, *t.rows])
        spans.append((start, start + length + 200))
    return spans


def indicator_readings(text: str, spans: list[tuple[int, int]]) -> dict[int, list[Reading]]:
    """Every score printed right after an indicator's name.

    Example:
        >>> r = indicator_readings("๖. คุณภาพการดำเนินงาน คะแนน 97.53", [])
        >>> r[6][0].value
        97.53
    """
    out: dict[int, list[Reading]] = defaultdict(list)
    for number, _tool, _name, names in _indicator_table():
        alternatives = "|".join(_markless(n) for n in sorted(names, key=len, reverse=True))
        pattern = re.compile(r"(?:" + alternatives + r")" + _CONNECTOR + _NUMBER)
        for m in pattern.finditer(text):
            pos = m.start(1)
            in_table = any(a <= pos < b for a, b in spans)
            out[number].append(Reading(float(m.group(1)), in_table, pos))
        if out.get(number):
            continue
        # No clean reading: try the OCR slips a scan leaves in a score (see ``repair_score``).
        slipped = re.compile(r"(?:" + alternatives + r")" + _CONNECTOR + r"(\d\S{2,7})")
        for m in slipped.finditer(text):
            pos = m.start(1)
            in_table = any(a <= pos < b for a, b in spans)
            out[number].extend(Reading(v, in_table, pos) for v in repair_score(m.group(1)))
    return out


_DROPPABLE = frozenset(TONE_MARKS | {"\u0e38", "\u0e39", "\u0e34", "\u0e35", "\u0e47"})


def _markless(name: str) -> str:
    """A regex for an indicator's name as OCR of a scan leaves it: tone marks and the small
    vowels above and below may be missing (ประสิทธิภาพการสื่อสาร read as ประสิทธิภาพการสือสาร,
    การทุจริต as การทจริต), and a narrow table cell may wrap the name onto two lines, which OCR
    keeps as a space between two letters ('คุณภาพการดำเนิน งาน').

    Example:
        >>> bool(re.fullmatch(_markless("การสื่อสาร"), "การสือสาร"))
        True
        >>> bool(re.fullmatch(_markless("คุณภาพการดำเนินงาน"), "คุณภาพการดำเนิน งาน"))
        True
    """
    parts = []
    for i, ch in enumerate(name):
        if i and ch not in _DROPPABLE and "\u0e01" <= ch <= "\u0e2e":
            parts.append(r"\s?")  # a wrap only before a consonant
        parts.append(re.escape(ch) + ("?" if ch in _DROPPABLE else ""))
    return "".join(parts)


def repair_score(token: str) -> list[float]:
    """The scores (0-100, two decimals) an OCR'd token can stand for: a letter read inside the
    digits is dropped ('9ไ2.74' -> 92.74), and a value over 100 loses the one digit Tesseract
    doubled or invented ('1010.00' -> 100.00; '581.35' -> 81.35, 51.35 or 58.35). Several
    candidates are all returned: the identity with the total chooses (``choose_scores``).

    Example:
        >>> repair_score("1010.00"), repair_score("9ไ2.74")
        ([100.0], [92.74])
    """
    token = token.rstrip(".,;:)")
    if not re.fullmatch(r"\d[^\s]*\d", token) or not re.search(r"\.\d\d$", token):
        return []
    digits = re.sub(r"[^\d.]", "", token)
    if not re.fullmatch(r"\d{1,4}\.\d\d", digits):
        return []
    if float(digits) <= 100:
        return [float(digits)]
    whole, frac = digits.split(".")
    out = set()
    for i in range(len(whole)):
        cut = whole[:i] + whole[i + 1:]
        if cut and not cut.startswith("0") and float(f"{cut}.{frac}") <= 100:
            out.add(float(f"{cut}.{frac}"))
    return sorted(out)


_YEAR_CELL = re.compile(r"(25[4-9]\d)")


def _year_columns(header: list[str]) -> dict[int, int]:
    """Column -> year for a score table printing years side by side ('ปี 2565 | ปี 2566')."""
    years = {}
    for i, cell in enumerate(header):
        m = _YEAR_CELL.search(cell or "")
        if m and len(re.sub(r"\s+", "", cell)) <= 20:
            years[i] = int(m.group(1))
    return years if len(years) >= 2 else {}


def _chosen_column(years: dict[int, int], assessed: int | None) -> int:
    """The assessed year's column; without one named, the latest year's (the year just
    assessed; the other is last year's, not this record's)."""
    if assessed in years.values():
        return next(i for i, y in years.items() if y == assessed)
    return max(years, key=years.get)


def table_readings(document, dt: DocText, reported_year: int | None = None
                   ) -> dict[int, list[Reading]]:
    """Scores from tables read by their cells, in the three ways score tables are printed:

    - a row naming an indicator and, further right, a cell holding only a number
      ('การปฏิบัติหน้าที่ | IIT | 98.75', 'การใช้อำนาจ | ระดับ A | 95.82');
    - two years side by side ('ตัวชี้วัด | 2565 | 2566'): the column of the year whose result
      the document reports (``reported_year``, the year of its total: the prose before a
      comparison names last year too, 'เพิ่มขึ้นจากปี 2565'), else the year named before the
      table, else the latest;
    - laid out horizontally: a header row of indicator names over a row of numbers.
    """
    out: dict[int, list[Reading]] = defaultdict(list)
    table = _indicator_table()
    for t in document.tables:
        start = dt.absolute(t.page, t.offset) or 0
        rows = [t.header, *t.rows]
        # the years head the columns, in the header or, where no column cue made it one,
        # in the first row ('ตัวชี้วัด | ปี 2565 | ปี 2566 | ผลต่าง')
        years = _year_columns(t.header) or _year_columns(t.rows[0] if t.rows else [])
        assessed = reported_year if reported_year in years.values() else \
            _assessed_year(dt.text, start)
        column = _chosen_column(years, assessed) if years else None
        named = {i: _row_indicator(c, table) for i, c in enumerate(t.header)}
        named = {i: n for i, n in named.items() if n is not None}
        if len(named) >= 3:  # horizontal: indicators across, scores below
            for row in t.rows:
                for i, n in named.items():
                    m = _SCORE_CELL.match(row[i] if i < len(row) else "")
                    if m:
                        out[n].append(Reading(float(m.group(1)), True, start))
            continue
        for row in rows:
            for i, cell in enumerate(row):
                number = _row_indicator(cell, table)
                if number is None:
                    continue
                if column is not None:
                    m = _SCORE_CELL.match(row[column] if column < len(row) else "")
                    if m:
                        out[number].append(Reading(float(m.group(1)), True, start))
                    break
                for later in row[i + 1:]:
                    m = _SCORE_CELL.match(later or "")
                    if m:
                        out[number].append(Reading(float(m.group(1)), True, start))
                        break
                break
    return out


# A cell naming an assessment tool ('แบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)', 'แบบตรวจ...') holds
# the tool's score, though the name of indicator 9 (การเปิดเผยข้อมูล) stands inside it.
_TOOL_CELL = re.compile(r"^(?:\d{1,2}[.)]?)?แบบ(?:วัด|ตรวจ|สำรวจ)")


def _row_indicator(cell: str, table) -> int | None:
    """The indicator a cell names by one of its printed names, exactly (spaces aside); a
    tool's name (``_TOOL_CELL``) names none."""
    compact = re.sub(r"\s+", "", cell or "")
    if _TOOL_CELL.match(compact):
        return None
    hits = [(compact.find(name), -len(name), number) for number, _t, _n, names in table
            for name in names if name in compact]
    return min(hits)[2] if hits else None


def identity_total(scores: dict[int, float], tools: dict[int, str]) -> float | None:
    """0.3 x mean(IIT) + 0.3 x mean(EIT) + 0.4 x mean(OIT), or None if a tool has no score."""
    by_tool: dict[str, list[float]] = defaultdict(list)
    for n, v in scores.items():
        by_tool[tools[n]].append(v)
    if set(by_tool) != set(TOOL_WEIGHTS):
        return None
    return sum(TOOL_WEIGHTS[t] * sum(v) / len(v) for t, v in by_tool.items())


def _confusions(value: float) -> list[float]:
    """Values one OCR digit confusion away: 92.94 -> 96.94, 92.24, 92.95, ..."""
    text = f"{value:.2f}"
    out = set()
    for i, ch in enumerate(text):
        for a, b in CONFUSIONS:
            for src, dst in ((a, b), (b, a)):
                if ch == src:
                    cand = float(text[:i] + dst + text[i + 1:])
                    if 0 <= cand <= 100:
                        out.add(cand)
    return sorted(out)


def solve_one(scores: dict[int, float], tools: dict[int, str], total: float
              ) -> tuple[int, float] | None:
    """The one indicator whose whole part OCR lost or garbled, repaired from the identity: a
    value that keeps the reading's decimals and makes the total hold. Only a unique solution
    counts (two decimals matching by chance is a 1-in-100 event), and among several, only one
    whose decimals are not '.00'.

    Example:
        >>> tools = {1: "IIT", 2: "EIT", 3: "OIT"}
        >>> solve_one({1: 90.0, 2: 5.53, 3: 80.0}, tools, 0.3 * 90 + 0.3 * 97.53 + 0.4 * 80)
        (2, 97.53)
    """
    found = []
    for n, value in scores.items():
        decimals = round(value % 1, 2)
        for whole in range(0, 101):
            candidate = round(whole + decimals, 2)
            if candidate == value or candidate > 100:
                continue
            computed = identity_total({**scores, n: candidate}, tools)
            if computed is not None and abs(computed - total) <= IDENTITY_TOL:
                found.append((n, candidate))
    if len(found) > 1:
        # Round scores (50.00, 100.00) match any whole part by their '.00' alone: kept decimals
        # are evidence only where they are not zero.
        found = [(n, v) for n, v in found if round(v % 1, 2) != 0]
    return found[0] if len(found) == 1 else None


def choose_scores(readings: dict[int, list[Reading]], total: float | None,
                  tools: dict[int, str]) -> tuple[dict[int, float], list[RecordWarning]]:
    """One score per indicator. Candidates are the distinct readings; a combination whose
    identity total matches the printed total wins (table readings first, then the most
    frequent). Without a total, table readings beat prose ones."""
    warnings: list[RecordWarning] = []
    options: dict[int, list[float]] = {}
    for n, rs in readings.items():
        counts = Counter(r.value for r in rs)
        table_values = {r.value for r in rs if r.in_table}
        if counts:
            options[n] = sorted(counts, key=lambda v: (v not in table_values, -counts[v]))
    default = {n: vs[0] for n, vs in options.items()}
    if total is None or identity_total(default, tools) is None:
        for n, vs in options.items():
            if len(vs) > 1:
                warnings.append(RecordWarning(
                    code="ita-indicator-disagreement",
                    message=f"indicator {n}: readings {vs}; kept {vs[0]} (table first)"))
        return default, warnings
    if abs(identity_total(default, tools) - total) <= IDENTITY_TOL:
        chosen = default
    else:
        chosen = None
        numbers = sorted(options)
        combos = itertools.product(*(options[n][:3] for n in numbers))
        for combo in itertools.islice(combos, 5000):
            scores = dict(zip(numbers, combo))
            if abs(identity_total(scores, tools) - total) <= IDENTITY_TOL:
                chosen = scores
                break
        if chosen is None:  # one OCR confusion in one reading?
            repairs = [(n, cand) for n in numbers for cand in _confusions(default[n])
                       if abs(identity_total({**default, n: cand}, tools) - total) <= IDENTITY_TOL]
            if len(repairs) == 1:
                (n, cand), = repairs
                chosen = {**default, n: cand}
                warnings.append(RecordWarning(
                    code="ita-digit-repaired",
                    message=f"indicator {n}: {default[n]} read as {cand} "
                            f"(OCR confusion; the total {total} then holds)"))
            elif repairs:
                # two slips would each explain the total equally well: nothing tells them apart
                warnings.append(RecordWarning(
                    code="ita-repair-ambiguous",
                    message="several one-digit repairs satisfy the total: "
                            + ", ".join(f"indicator {n} as {c}" for n, c in repairs)
                            + "; the printed scores are kept"))
                chosen = default
        if chosen is None:  # one reading lost its leading digits ('97.53' read as '5.53')?
            solved = solve_one(default, tools, total)
            if solved:
                n, value = solved
                chosen = {**default, n: value}
                warnings.append(RecordWarning(
                    code="ita-digit-repaired",
                    message=f"indicator {n}: {default[n]} read as {value} (its decimals kept, "
                            f"its whole part the one that makes the total {total} hold)"))
        if chosen is None:
            warnings.append(RecordWarning(
                code="ita-identity-fails",
                message=f"indicator scores give {identity_total(default, tools):.2f}, "
                        f"the printed total is {total}"))
            chosen = default
    for n, vs in options.items():
        if len(vs) > 1:
            warnings.append(RecordWarning(
                code="ita-indicator-disagreement",
                message=f"indicator {n}: readings {vs}; kept {chosen[n]} "
                        f"(the reading that satisfies the total)"))
    return chosen, warnings


# What makes a number an ITA result: the assessment named near it (ITA, its Thai name, its
# tools, the NACC's assessment system). Without it a score is some other score.
ITA_EVIDENCE = re.compile(r"ITA|I\s*T\s*A(?![A-Za-z])|คุณธรรมและความโปร่งใส|IIT|EIT|OIT"
                          r"|Integrity|ITAS|ป\.ป\.ช")
ITA_EVIDENCE_SPAN = 400  # characters before a total (its sentence and the heading above it)
# Scores that are not ITA results although ITA may be named nearby.
NOT_A_RESULT = (
    # another assessment: LPA (local performance), a satisfaction survey, a KPI
    (re.compile(r"LPA|ประสิทธิภาพขององค์กรปกครองส่วนท้องถิ่น|ความพึงพอใจ|แบบสำรวจ"), "before"),
    # a target or a pass line: 'ไม่น้อยกว่า 85 คะแนน', 'ร้อยละ 80', 'ผ่านเกณฑ์ 85'
    (re.compile(r"(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|อย่างน้อย|เป้าหมาย|เกณฑ์|ตั้งแต่|ขึ้นไป)\s*(?:ร้อยละ\s*)?$"),
     "just-before"),
    # a change against last year: 'เพิ่มขึ้น 1.52 คะแนน', 'สูงขึ้นจากปีที่แล้ว'
    (re.compile(r"(?:เพิ่มขึ้น|ลดลง|สูงขึ้น|ต่ำลง|ต่างจาก|มากกว่า|น้อยกว่า)(?:จาก[^\d\n]{0,30})?\s*$"),
     "just-before"),
    # last year's result the text compares with: 'เพิ่มขึ้นจากปีงบประมาณ พ.ศ. 2565 ซึ่งได้ 85.39',
    # 'เมื่อเทียบกับปี 2565 ที่ได้ 85.39'
    (re.compile(r"(?:จาก|เทียบกับ)\s*(?:ผลการประเมิน\s*)?(?:ปี|ปีงบประมาณ)[^\n]{0,40}?"
                r"(?:ซึ่ง|ที่)?\s*(?:ได้|มี|เท่ากับ)\s*(?:คะแนน)?\s*$"), "just-before"),
    # out of a full mark that is not 100: '4.37 จากคะแนนเต็ม 5'
    (re.compile(r"^\s*(?:คะแนน)?\s*(?:จาก|/)\s*(?:คะแนน)?(?:เต็ม)?\s*(?:[1-9]|10|20|50)(?![\d.])"),
     "after"),
)
_NEAREST = 60  # 'just-before' cues are looked for in this many characters before the number


def is_ita_result(text: str, offset: int, end: int) -> bool:
    """Whether the number at ``text[offset:end]`` can be an ITA total: the assessment is named
    within ``ITA_EVIDENCE_SPAN`` characters before it (or in its sentence after it), and it is
    not a target, a change, another assessment's score or a mark out of 5.

    Example:
        >>> is_ita_result("ผลการประเมิน ITA ปี 2566 ได้คะแนน 96.04 คะแนน", 33, 38)
        True
        >>> is_ita_result("ความพึงพอใจของผู้รับบริการ ได้คะแนนเฉลี่ย 4.37 จากคะแนนเต็ม 5", 42, 46)
        False
        >>> is_ita_result("ผลการประเมิน ITA เป้าหมาย ไม่น้อยกว่า 85.00 คะแนน", 37, 42)
        False
    """
    before = text[max(0, offset - ITA_EVIDENCE_SPAN):offset]
    after = text[end:end + 120]
    if not (ITA_EVIDENCE.search(before) or ITA_EVIDENCE.search(after.split("\n", 1)[0])):
        return False
    for pattern, where in NOT_A_RESULT:
        if where == "before":
            other = pattern.search(before[-150:])
            if other and not ITA_EVIDENCE.search(before[-150:][other.end():]):
                return False
        elif where == "just-before" and pattern.search(before[-_NEAREST:]):
            return False
        elif where == "after" and pattern.search(after):
            return False
    return True


_CELL_NUMBER = re.compile(r"\t[ ]*(\d{1,3}(?:\.\d{1,2})?)[ ]*(?=\t|\n|$)")


def _last_column(text: str, start: int, end: int) -> tuple[float, int, int]:
    """A total read from a table row ('คะแนนรวม<TAB>85.39<TAB>91.06<TAB>+5.67') is the row's
    last plain number: a row of totals lists the years compared oldest first, or the tools
    before their sum, or the full mark before the score, so its result comes last; a signed
    cell is the change. A total outside a table row stays as read."""
    value = (float(text[start:end]), start, end)
    if start == 0 or text[start - 1] not in "\t ":
        return value
    line_end = text.find("\n", end)
    for m in _CELL_NUMBER.finditer(text, end, len(text) if line_end < 0 else line_end):
        value = (float(m.group(1)), m.start(1), m.end(1))
    return value


def _totals(text: str) -> list[tuple[float, int]]:
    found = [_last_column(text, m.start(1), m.end(1)) for m in _TOTAL.finditer(text)]
    found += [(float(m.group(1)), m.start(1), m.end(1)) for m in _TOTAL_BEFORE_GRADE.finditer(text)]
    kept = {(v, o) for v, o, e in found if is_ita_result(text, o, e)}
    return sorted(kept, key=lambda x: x[1])


# A grade wished for, not obtained: Thai states a target with ให้ (so that) before the level
# ('ให้อยู่ในระดับ A', 'ให้ได้ระดับ A'), or with เป้าหมาย / ขึ้นไป around it.
_GRADE_TARGET_BEFORE = re.compile(r"(?:ให้|เป้าหมาย[^\n]{0,20}?|ยกระดับ[^\n]{0,30}?)(?:อยู่|ได้|ผ่าน)?(?:ใน)?\s*$")


def printed_grade(text: str) -> tuple[str | None, int | None]:
    """A grade printed without a score ('ผลการประเมิน ITA ประจำปี 2565 ในระดับ A'): the grade
    named most often in ITA context (ties: the first), leaving out a list of award classes
    ('ในระดับ AA และระดับ A')."""
    votes: Counter = Counter()
    first: dict[str, int] = {}
    for m in _GRADE.finditer(text):
        tail = text[m.end():m.end() + 20]
        if re.match(r"\s*(?:และ|หรือ|,)\s*(?:ใน)?ระดับ", tail) or \
                re.search(r"(?:และ|หรือ|,)\s*(?:ใน)?ระดับ\s*$", text[max(0, m.start() - 20):m.start()]):
            continue
        if not ITA_EVIDENCE.search(text[max(0, m.start() - ITA_EVIDENCE_SPAN):m.start()]):
            continue
        if _GRADE_TARGET_BEFORE.search(text[max(0, m.start() - 40):m.start()]) or \
                re.match(r"\s*(?:ขึ้นไป|เป็นอย่างน้อย)", tail):
            continue  # a target ('ให้อยู่ในระดับ A ขึ้นไป'), not a result
        grade = GRADE_LOOKALIKES.get(m.group(1), m.group(1))
        votes[grade] += 1
        first.setdefault(grade, m.start())
    if not votes:
        return None, None
    grade = max(votes, key=lambda g: (votes[g], -first[g]))
    return grade, first[grade]


_TOTAL_LEAD = re.compile(_TOTAL.pattern[:_TOTAL.pattern.rindex(_NUMBER)])


def garbled_total_offsets(text: str, total: float) -> list[int]:
    """Where the total is stated with one unreadable character: a trigger phrase of ``_TOTAL``
    followed by the total's digits with exactly one of them replaced by a non-digit.

    Example:
        >>> garbled_total_offsets("พบว่า มีผลคะแนน 84.ญ2 คะแนน อยู่ในระดับ B", 84.72)
        [16]
    """
    printed = f"{total:.2f}"
    out = []
    for lead in _TOTAL_LEAD.finditer(text):
        m = _GARBLED_NUMBER.match(text, lead.end())
        if not m:
            continue
        token = m.group(0)
        if len(token) == len(printed) and sum(a != b for a, b in zip(token, printed)) == 1 \
                and not any(a != b and b.isdigit() for a, b in zip(printed, token)):
            out.append(m.start())
    return out


# The purpose a year is named for: 'เพื่อ(นำไปใช้ใน)...', 'นำผลไปใช้/ปรับปรุง...', 'ยกระดับ...ใน'.
# Thai reports state what the analysis is for with เพื่อ, and that clause looks ahead.
_FOR_YEAR_AHEAD = re.compile(r"(?:เพื่อ[^\n]{0,50}ใน|นำ(?:ผล)?ไป(?:ใช้|ปรับปรุง)[^\n]{0,40}ใน"
                             r"|ยกระดับ[^\n]{0,30}ใน)\s*(?:ปี(?:งบประมาณ)?\s*)?$")


def _assessed_year(text: str, offset: int) -> int | None:
    """The year named last before the total: in its sentence ('ผลการประเมิน ITA ประจำปี 2566
    ได้คะแนน ...'), else in the heading above a score table ('... (ITA) ประจำปีงบประมาณ 2567'
    then the table, its total in the last row)."""
    ahead: list[int] = []
    for span in (YEAR_WINDOW, YEAR_WINDOW_WIDE):
        window = text[max(0, offset - span):offset]
        found = list(_YEAR.finditer(window))
        # a year named as where the results are to be used ('เพื่อนำไปใช้ในการปรับปรุงการ
        # ดำเนินงานในปีงบประมาณ พ.ศ. 2564') is the year ahead, not the year assessed
        kept = [m for m in found if not _FOR_YEAR_AHEAD.search(window[max(0, m.start() - 60):m.start()])]
        ahead = ahead or [int(m.group(1)) for m in found]
        years = [int(m.group(1)) for m in kept]
        if years:
            return years[-1]
    return ahead[-1] if ahead else None


def _total_year(text: str, readings: dict[int, list[Reading]]) -> int | None:
    """The assessed year of the total the document prints most often (its result), from
    the prose: what a comparison table's year columns are matched against."""
    at = {r.offset for rs in readings.values() for r in rs}
    totals = [(v, o) for v, o in _totals(text) if o not in at]
    if not totals:
        return None
    counts = Counter(v for v, _ in totals)
    total = max(counts, key=lambda v: (counts[v], -min(o for x, o in totals if x == v)))
    return _assessed_year(text, min(o for v, o in totals if v == total))


def extract_ita(document, dt: DocText, fiscal_year: int | None = None
                ) -> tuple[Ita | None, list[RecordWarning]]:
    """The ITA result, or None when the document prints no score.

    Example (a prose total):
        'จากผลการประเมิน ITA ในปีงบประมาณ พ.ศ. 2564 ... มีผลคะแนน 84.72 คะแนน อยู่ในระดับ B'
        gives assessed_year 2564, score 84.72, grade B.
    """
    from thaireports.normalize.vocab import grade_of

    text = dt.text
    warnings: list[RecordWarning] = []
    table = _indicator_table()
    tools = {n: tool for n, tool, _, _ in table}
    names = {n: name for n, _, name, _ in table}
    readings = indicator_readings(text, _table_spans(document, dt))
    for n, rs in table_readings(document, dt, _total_year(text, readings)).items():
        # A table read by its columns (the assessed year's) is the reading of its rows: the same
        # row read as a line of text takes its first number, last year's where the table
        # compares years ('๑. การปฏิบัติหน้าที่  IIT  ๙๑.๕๐  ๙๓.๑๘  +๑.๖๘').
        readings[n] = [r for r in readings.get(n, []) if not r.in_table] + rs
    totals = _totals(text)
    # totals equal to an indicator reading are that indicator, not the total
    indicator_offsets = {r.offset for rs in readings.values() for r in rs}
    totals = [(v, o) for v, o in totals if o not in indicator_offsets]
    if not totals and len(readings) < 3:
        grade, at = printed_grade(text)
        if grade is None:
            return None, warnings
        # a grade printed without a score is kept, with the year named before it
        return Ita(assessed_year=_assessed_year(text, at), score=None, grade=grade), warnings
    total = None
    offset = None
    if totals:
        counts = Counter(v for v, _ in totals)
        total = max(counts, key=lambda v: (counts[v], -min(o for x, o in totals if x == v)))
        offset = min([o for v, o in totals if v == total] + garbled_total_offsets(text, total))
        if len(counts) > 1:
            warnings.append(RecordWarning(code="ita-total-disagreement",
                                          message=f"totals printed: {sorted(counts)}; kept {total}",
                                          page=dt.page_at(offset)))
    scores, ws = choose_scores(readings, total, tools)
    warnings += ws
    if total is not None and scores and identity_total(scores, tools) is not None:
        computed = identity_total(scores, tools)
        if abs(computed - total) > IDENTITY_TOL and not any(w.code == "ita-identity-fails"
                                                             for w in ws):
            warnings.append(RecordWarning(code="ita-identity-fails",
                                          message=f"indicators give {computed:.2f}, total {total}"))
    grade = None
    if total is not None:
        grade = grade_of(total)
        near = _GRADE.search(text, offset, offset + 120) if offset is not None else None
        printed = GRADE_LOOKALIKES.get(near.group(1), near.group(1)) if near else None
        if near and printed != grade:
            # Two readings of one result disagree. The grade is a letter, which OCR keeps; the
            # total is digits, which a scan in an unfamiliar font misreads several at once
            # (86.17 read as 52.13). On an OCR'd page the indicators decide: a total they add
            # up to stands; one they do not confirm gives way to the printed grade, and no
            # total is kept. Digits of a text layer are as printed: the total stands.
            computed = identity_total(scores, tools) if scores else None
            page = dt.page_at(offset)
            ocr_read = page is not None and 0 < page <= len(document.pages) and \
                document.pages[page - 1].text_source == "ocr"
            if not ocr_read or (computed is not None and abs(computed - total) <= IDENTITY_TOL):
                warnings.append(RecordWarning(
                    code="ita-grade-mismatch",
                    message=f"printed grade {printed} but {total} is grade {grade}",
                    page=dt.page_at(offset)))
            else:
                warnings.append(RecordWarning(
                    code="ita-grade-mismatch",
                    message=f"printed grade {printed} but {total} is grade {grade}, and the "
                            f"indicators do not confirm {total}: kept grade {printed}, no total",
                    page=dt.page_at(offset)))
                total, grade = None, printed
    else:
        # no legible total: the grade as printed in ITA context still stands
        grade, grade_at = printed_grade(text)
        if grade is not None and offset is None:
            offset = grade_at
    year_at = offset if offset is not None else min(
        (r.offset for rs in readings.values() for r in rs), default=0)
    year = _assessed_year(text, year_at)
    if year and fiscal_year and abs(year - fiscal_year) > 3:
        warnings.append(RecordWarning(code="ita-year-suspect",
                                      message=f"assessed year {year} is far from fiscal year "
                                              f"{fiscal_year}", page=dt.page_at(year_at)))
    indicators = [Indicator(number=n, tool=tools[n], name=names[n], score=scores[n])
                  for n in sorted(scores)]
    return Ita(assessed_year=year, score=total, grade=grade, indicators=indicators), warnings
