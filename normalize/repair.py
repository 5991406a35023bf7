"""Known words that OCR damaged, read back by their consonant skeleton: never free text.

Tesseract drops the marks above and below Thai letters (more on bold, small or blurred print:
'พฤศจิกายน' -> 'พฤศจกายน') and swaps consonants that differ by a stroke (ข/ช, ด/ต/ค, บ/ป, ถ/ภ,
พ/ฟ, ม/ฆ: ``normalize.slips.CONSONANT_CONFUSIONS``). A word is repaired here only when it is a
damaged form of a word of a closed vocabulary (month names, agency types, unit names, the
provinces), and only with a margin:

- the word is compared by its skeleton (``normalize.slips.skeleton``: marks dropped, ำ as า),
  with a weighted edit distance in which a swap of confusable consonants costs half an edit;
- it is accepted when the best entry is within ``allowed_distance`` of its length, the best
  entry of any *other* word is at least ``MARGIN`` further away, and the word is long enough to
  be distinctive (``FUZZY_MIN`` skeleton letters for a fuzzy match, ``EXACT_MIN`` for one whose
  skeleton is exact and only marks were lost);
- a word that is itself in the Thai dictionary (pythainlp's bundled word list) is never
  changed: 'ตลาด' (a market) stays a market though it is two edits from 'ตุลาคม'.

Every repair is reported (``word-repaired``, message 'พฤศจกายน -> พฤศจิกายน'). Month names are
repaired by ``normalize.dates`` only where a date stands (a day or a year beside them); this
module owns the matcher and the page-level pass over OCR'd text (``repair_ocr_text``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from thaireports.normalize.slips import CONSONANT_CONFUSIONS, MARKS, NUMBER_LOOKALIKES, skeleton
from thaireports.normalize.warning import RecordWarning

CONFUSABLE_COST = 0.5  # a swap of consonants of one CONSONANT_CONFUSIONS class
MARGIN = 1.0           # the runner-up (another word) must be at least this much further away
FUZZY_MIN = 5          # skeleton letters a word needs before any edit is forgiven
EXACT_MIN = 4          # ... before lost marks alone are repaired (page text; dates use less)
LENGTH_REACH = 3       # entries whose skeleton differs more in length are out of reach anyway

_CLASS_OF = {c: i for i, group in enumerate(CONSONANT_CONFUSIONS) for c in group}
# Each confusable consonant written as the first of its class: the plain edit distance of two
# skeletons so written never exceeds their weighted distance (a class swap then costs nothing).
_AS_CLASS = str.maketrans({c: group[0] for group in CONSONANT_CONFUSIONS for c in group})
_MARK = re.compile(f"[{MARKS}]")


def allowed_distance(letters: int) -> float:
    """How far a damaged skeleton of ``letters`` letters may be from the word's.

    One edit (or two confusable swaps) up to 7 letters, one and a half up to 10, two beyond.

    Example:
        >>> allowed_distance(4), allowed_distance(6), allowed_distance(9), allowed_distance(20)
        (0.0, 1.0, 1.5, 2.0)
    """
    if letters < FUZZY_MIN:
        return 0.0
    if letters <= 7:
        return 1.0
    return 1.5 if letters <= 10 else 2.0


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    same = _CLASS_OF.get(a)
    return CONFUSABLE_COST if same is not None and same == _CLASS_OF.get(b) else 1.0


def weighted_distance(a: str, b: str) -> float:
    """Edit distance between two skeletons, a confusable consonant swap costing half an edit.

    Example:
        >>> weighted_distance("ตลาคม", "ดลาคม"), weighted_distance("ตลาคม", "ตลาด")
        (0.5, 1.5)
    """
    previous = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        current = [float(i)]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1.0, current[j - 1] + 1.0,
                               previous[j - 1] + _substitution(ca, cb)))
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Repair:
    """A damaged word read as a known one: where it was and what it is."""

    start: int
    end: int
    found: str
    word: str

    def warning(self, page: int | None = None) -> RecordWarning:
        return RecordWarning(code="word-repaired", message=f"{self.found} -> {self.word}", page=page)


class Lexicon:
    """A closed vocabulary: spellings, each with the group (the word) it spells.

    Several spellings may spell one word (a month's full name, its short form); the margin is
    taken against the best spelling of another group only.

    Example:
        >>> months = Lexicon([("ตุลาคม", 10), ("ตุลา", 10), ("กันยายน", 9)])
        >>> months.closest("ตลาคม"), months.closest("ตุลาคม"), months.closest("ตลาด")
        ('ตุลาคม', None, None)
    """

    def __init__(self, entries: Iterable[tuple[str, object]]):
        self.entries = tuple((spelling, group, skeleton(spelling)) for spelling, group in entries)
        self.spellings = frozenset(spelling for spelling, _, _ in self.entries)
        self.spelling_tuple = tuple(sorted(self.spellings))  # for str.startswith / endswith
        self._classes = [bare.translate(_AS_CLASS) for _, _, bare in self.entries]

    def ranked(self, word: str, within: float = float("inf")) -> list[tuple[float, str, object]]:
        """(distance, spelling, group) of the entries within reach (a skeleton at most
        ``LENGTH_REACH`` letters longer or shorter, and at most ``within`` away), nearest first.

        With the confusable consonants written as their class, the plain edit distance is a
        lower bound of the weighted one, and equal to it when the plain distance of the
        skeletons as they are is no larger. rapidfuzz computes both in C, so only entries
        within reach whose bound is not exact run the weighted one.
        """
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        bare = skeleton(word)
        reach = min(LENGTH_REACH, within)
        cutoff = None if within == float("inf") else int(within)
        ranked = []
        for _, bound, index in process.extract(bare.translate(_AS_CLASS), self._classes,
                                               scorer=Levenshtein.distance, score_cutoff=cutoff,
                                               limit=None):
            spelling, group, bare_entry = self.entries[index]
            if abs(len(bare_entry) - len(bare)) > reach:
                continue
            distance = (float(bound) if Levenshtein.distance(bare, bare_entry) == bound
                        else weighted_distance(bare, bare_entry))
            if distance <= within:
                ranked.append((distance, spelling, group))
        return sorted(ranked)

    def closest(self, word: str, *, exact_min: int = EXACT_MIN, fuzzy_min: int = FUZZY_MIN,
                dictionary: bool = True) -> str | None:
        """The spelling a damaged ``word`` stands for, or None (not damaged, not one of ours,
        too short to tell, or as near to two different words).

        Args:
            word: the word as OCR left it (no spaces).
            exact_min: skeleton letters needed when only marks were lost.
            fuzzy_min: skeleton letters needed when letters differ too.
            dictionary: refuse a word that is in the Thai dictionary.
        """
        if not word or word in self.spellings:
            return None
        bare = skeleton(word)
        # Nothing further than this can be the answer or spoil its margin.
        ranked = self.ranked(word, within=allowed_distance(len(bare)) + MARGIN)
        if not ranked:
            return None
        best_distance, spelling, group = ranked[0]
        runner_up = next((d for d, _, g in ranked[1:] if g != group), float("inf"))
        if best_distance == 0:
            if len(bare) < exact_min:
                return None
        elif len(bare) < max(fuzzy_min, FUZZY_MIN) or best_distance > allowed_distance(len(bare)):
            return None
        if runner_up - best_distance < MARGIN:
            return None
        if dictionary and word in _thai_words():
            return None
        return spelling


@lru_cache(maxsize=1)
def _thai_words() -> frozenset[str]:
    """pythainlp's bundled Thai word list (no download)."""
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


# --- the page-level pass over OCR'd text -------------------------------------------------------

# Words that begin an agency's name, glued to the place that follows ('เทศบาลตำบลบางกอบัว').
AGENCY_WORDS: tuple[str, ...] = ("องค์การบริหารส่วนตำบล", "องค์การบริหารส่วนจังหวัด",
                                 "เทศบาลตำบล", "เทศบาลเมือง", "เทศบาลนคร")
MAX_RUN = 40  # skeleton letters: a longer run is a phrase, and only its agency word is looked at
PLACE_WORDS: tuple[str, ...] = ("จังหวัด",)
PAGE_FUZZY_MIN = 6
AGENCY_STARTS = ("อง", "เท")  # a glued agency word is looked for only after its first letters  # page text is free text: only longer words are matched fuzzily there


@lru_cache(maxsize=1)
def page_lexicon() -> Lexicon:
    """Agency types, division-level unit names (``normalize.vocab.UNIT_CUES``) and provinces."""
    from thaireports.normalize.vocab import AGENCY_TYPE_CUES, UNIT_CUES, _province_names

    words = {cue for cue, _ in AGENCY_TYPE_CUES} | set(AGENCY_WORDS)
    words |= {c.cue for c in UNIT_CUES if c.level >= 2 and len(skeleton(c.cue)) >= PAGE_FUZZY_MIN
              and "/" not in c.cue}
    words |= set(_province_names())  # the short ones by their skeleton only (EXACT_MIN)
    return Lexicon((w, w) for w in sorted(words))


@lru_cache(maxsize=1)
def _agency_lexicon() -> Lexicon:
    return Lexicon((w, w) for w in AGENCY_WORDS)


_THAI_RUN = re.compile(r"[\u0e01-\u0e2e\u0e30-\u0e45\u0e47-\u0e4e]+")  # not ฯ, ๆ


def _prefix_ends(run: str) -> list[int]:
    """Character offsets in ``run`` after each skeleton letter, marks kept with their letter."""
    ends = []
    for i, ch in enumerate(run):
        if _MARK.match(ch):
            if ends:
                ends[-1] = i + 1
            continue
        ends.append(i + 1)
    return ends


def _glued_agency(run: str) -> tuple[int, str] | None:
    """(length, agency word) of a damaged agency word at the start of a run, a name after it."""
    lexicon = _agency_lexicon()
    ends = _prefix_ends(run)
    best: tuple[float, int, str] | None = None
    for word, _, bare in lexicon.entries:
        for letters in range(len(bare) - 1, len(bare) + 2):
            if not 0 < letters <= len(ends):
                continue
            head = run[:ends[letters - 1]]
            if head in lexicon.spellings:
                return None  # the word is whole: nothing to repair
            found = lexicon.closest(head, fuzzy_min=PAGE_FUZZY_MIN, dictionary=False)
            if found:
                d = weighted_distance(skeleton(head), skeleton(found))
                if best is None or d < best[0]:
                    best = (d, len(head), found)
    return (best[1], best[2]) if best else None


def repair_words(text: str) -> list[Repair]:
    """The damaged vocabulary words of a text (agency types, units, provinces), in order.

    Example:
        >>> [(r.found, r.word) for r in repair_words("ผู้รับผิดชอบ กองคลง และ สานกปลด")]
        [('กองคลง', 'กองคลัง'), ('สานกปลด', 'สำนักปลัด')]
        >>> [(r.found, r.word) for r in repair_words("เทศบาลตาบลบางกอบัว ตลาดสด")]
        [('เทศบาลตาบล', 'เทศบาลตำบล')]
    """
    lexicon = page_lexicon()
    out: list[Repair] = []
    for m in _THAI_RUN.finditer(text or ""):
        run = m.group(0)
        if run in lexicon.spellings or not EXACT_MIN <= len(skeleton(run)) <= MAX_RUN:
            continue
        start = m.start()
        for lead in PLACE_WORDS:  # 'จังหวัดพงงา': the province glued to its word
            if run.startswith(lead) and len(run) > len(lead) + 2:
                run, start = run[len(lead):], start + len(lead)
                break
        # a whole word with a name glued after it ('องค์การบริหารส่วนตำบลคม...'), or with a
        # word glued before it ('ให้งานประชาสัมพันธ์', 'และกองคลัง'), is not damage
        found = None if run.startswith(lexicon.spelling_tuple) or run.endswith(lexicon.spelling_tuple) \
            else lexicon.closest(run, fuzzy_min=PAGE_FUZZY_MIN)
        if found:
            out.append(Repair(start, m.end(), run, found))
            continue
        glued = _glued_agency(run) if run.startswith(AGENCY_STARTS) else None
        if glued:
            length, word = glued
            out.append(Repair(m.start(), m.start() + length, run[:length], word))
    return out


def apply_repairs(text: str, repairs: list[Repair]) -> str:
    """``text`` with each repair's span replaced by its word (repairs must not overlap)."""
    for r in sorted(repairs, key=lambda r: r.start, reverse=True):
        text = text[:r.start] + r.word + text[r.end:]
    return text


_LOOK = "|".join(re.escape(a) for a, _ in NUMBER_LOOKALIKES)
_LOOK_TO_DIGIT = dict(NUMBER_LOOKALIKES)
# A number with look-alikes in it: digits, look-alikes and numeric marks, a real digit among
# them, no Latin letter around ('๗๓๕o@/@loo' -> 73501/120, 'lo๕๖๗' -> 2567, '๘๗.๔@' -> 87.41).
_MIXED_NUMBER = re.compile(r"(?<![A-Za-z])(?=[0-9./\-:,@©®&€«lLoO]*[0-9])(?:[0-9]|" + _LOOK
                           + r")(?:[0-9./\-:,]|" + _LOOK + r")*(?![A-Za-z])")
# Look-alikes alone where a number stands: a list number opening a line ('@. การ...', '@o. ...'),
# a day before a month, a count before its unit ('ปีละ @ ครั้ง').
_LOOK_RUN = r"(?:" + _LOOK + r"){1,3}"
_LIST_SLOT = re.compile(r"(?m)^(?P<n>" + _LOOK_RUN + r")(?=[.)]\s*[\u0e01-\u0e4e])")
_BEFORE_SLOT = re.compile(r"(?<![^\s(])(?P<n>" + _LOOK_RUN + r")(?=\s*(?:ต\.ค\.|พ\.ย\.|ธ\.ค\.|ม\.ค\.|"
                          r"ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ครั?้?ง|เดือน|"
                          r"คะแนน|วัน(?!ที่)))")


def _as_digits(token: str) -> str:
    out, i = [], 0
    while i < len(token):
        for look, digit in NUMBER_LOOKALIKES:
            if token.startswith(look, i):
                out.append(digit)
                i += len(look)
                break
        else:
            out.append(token[i])
            i += 1
    return "".join(out)


def repair_lookalike_numbers(text: str, page: int | None = None
                             ) -> tuple[str, list[RecordWarning]]:
    """Numbers OCR wrote with look-alikes of Thai digits (``NUMBER_LOOKALIKES``) read back:
    inside a number that has a real digit, and alone where a list number, a day or a count
    stands. One ``digit-repaired`` warning per number.

    Example:
        >>> repair_lookalike_numbers("ที่ นภ 735o@/@loo ปีละ @ ครั้ง")[0]
        'ที่ นภ 73501/120 ปีละ 1 ครั้ง'
    """
    edits: list[tuple[int, int, str]] = []
    for m in _MIXED_NUMBER.finditer(text):
        token = m.group(0)
        if any(look in token for look, _ in NUMBER_LOOKALIKES):
            edits.append((m.start(), m.end(), _as_digits(token)))
    for pattern in (_LIST_SLOT, _BEFORE_SLOT):
        for m in pattern.finditer(text):
            a, b = m.span("n")
            if not any(x < b and a < y for x, y, _ in edits):
                edits.append((a, b, _as_digits(m.group("n"))))
    warnings = [RecordWarning(code="digit-repaired", message=f"'{text[a:b]}' -> '{new}'",
                              page=page) for a, b, new in sorted(edits)]
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    return text, warnings


def repair_ocr_text(text: str, page: int | None = None) -> tuple[str, list[RecordWarning]]:
    """OCR'd text with its damaged known words read back: months, days and years where a date
    stands (``normalize.dates.repair_date_text``), agency types, units and provinces anywhere;
    one warning per repair (``word-repaired``, ``digit-repaired``).

    Example:
        >>> repair_ocr_text("วันที่ 1 ตลาคม 25205 กองคลง")[0]
        'วันที่ 1 ตุลาคม 2565 กองคลัง'
    """
    from thaireports.normalize.dates import repair_date_text

    if not text:
        return text, []
    text, number_warnings = repair_lookalike_numbers(text, page=page)
    text, date_warnings = repair_date_text(text, page=page)
    date_warnings = number_warnings + date_warnings
    repairs = repair_words(text)
    return apply_repairs(text, repairs), date_warnings + [r.warning(page) for r in repairs]
