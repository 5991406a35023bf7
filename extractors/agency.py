"""The agency: full name, type, district and province, checked against a gazetteer.

The same agency is often written several ways in one document (OCR noise, words glued to the
name). Every mention votes; the best-supported spelling wins. District and province come from
'อำเภอ... จังหวัด...' mentions, checked against ``geothai`` (DOPA's list of areas); the
two-letter province prefix of a memo number (พง 75501/ -> พังงา, from pythainlp's province
table) is evidence too. Where they disagree, or a name was repaired, a warning says so.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from thaireports.extractors.record import Agency
from thaireports.extractors.textutil import THAI_CHARS
from thaireports.normalize.warning import RecordWarning
from thaireports.normalize.slips import CONSONANT_CONFUSIONS, skeleton

# Prefixes of local-government names, longest first (the regex alternation needs that order).
# Written as words: OCR sometimes splits the long prefix once ('องค์การบริหารส่วน ตำบลบึงนคร').
AGENCY_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("องค์การ", "บริหาร", "ส่วน", "ตำบล"),    # SAO
    ("องค์การ", "บริหาร", "ส่วน", "จังหวัด"),  # PAO
    ("เทศบาล", "ตำบล"),                    # subdistrict municipality
    ("เทศบาล", "เมือง"),                    # town municipality
    ("เทศบาล", "นคร"),                     # city municipality
)
# Words that OCR glues after a name and that never end a place name: cut the name there.
GLUED_TAILS: tuple[str, ...] = (
    "อำเภอ", "จังหวัด", "โทร", "ตำบล", "ตาม", "ได้", "เป็น", "จึง", "ขอ", "ใน", "ที่", "และ",
    "ดำเนินการ", "มี", "ประจำ", "เพื่อ", "โดย", "ซึ่ง", "ของ")
_PAO_PREFIX = "องค์การบริหารส่วนจังหวัด"
FUZZY_PLACE_MIN = 80.0   # rapidfuzz ratio for an OCR'd place name to be read as a gazetteer name

# A name: Thai letters, with a hyphen joining two names (เทศบาลตำบลท่าเดื่อ-มืดกา) or one Latin
# letter that OCR put among the Thai ones (repaired or flagged by ``_repair_latin``).
_NAME = r"[" + THAI_CHARS + r"]+(?:-[" + THAI_CHARS + r"]{2,}|[A-Za-z][" + THAI_CHARS + r"]+)?"
_AGENCY = re.compile(
    "(" + "|".join("[ ]?".join(words) for words in AGENCY_PREFIXES) + ")"
    + r"[ ]?(" + _NAME + ")")
# An agency named only through its executive: นายกเทศมนตรีตำบลX is the mayor of เทศบาลตำบลX
# (the typo 'นายกเทศมตรี' is common enough on agency pages to accept).
_EXECUTIVE = re.compile(r"นายกเทศมน?ตรี[ ]?(ตำบล|เมือง|นคร)[ ]?(" + _NAME + ")")
_LATIN = re.compile(r"[A-Za-z]")
# 'อ.' and 'จ.' are place prefixes only when they do not end a dotted rank: the อ. of
# '(จ.ส.อ.ธนพล ศรีวิชัย)' and the จ. of 'จ.ส.อ.' are not a district and a province.
# (a line break may stand between the word and the name: 'จังหวัด' + newline + 'ลำพูน')
_DISTRICT = re.compile(r"(?:อำเภอ|(?<![" + THAI_CHARS + r".])อ\.)[ ]?\n?[ ]?([" + THAI_CHARS + r"]+)")
_PROVINCE = re.compile(r"(?<!ส่วน)(?:จังหวัด|(?<![" + THAI_CHARS + r".])จ\.(?![" + THAI_CHARS
                       + r"]\.))[ ]?\n?[ ]?([" + THAI_CHARS + r"]+)")
# The agency's own address follows its name: 'องค์การบริหารส่วนตำบลแม่ข่า อำเภอฝาง จังหวัดเชียงใหม่',
# 'เทศบาลตำบลโพธิ์ทอง (อ.โพธิ์ทอง จ.อ่างทอง)', the ตำบล sometimes printed between. Thai official
# letterheads, ส่วนราชการ lines and web-site banners all write the address this way.
_OWN_ADDRESS = re.compile(
    r"[ \t]*\n?[ \t]*\(?[ \t]*(?:(?:ตำบล|ต\.)[ ]?[" + THAI_CHARS + r"]+[ \t]*)?"
    r"(?:(?:อำเภอ|อ\.)[ ]?\n?[ ]?(?P<district>[" + THAI_CHARS + r"]+)[ \t]*)?"
    r"(?:(?:จังหวัด|จ\.)[ ]?\n?[ ]?(?P<province>[" + THAI_CHARS + r"]+))?")
# A venue: a place written after ณ ('ณ ห้องประชุม ... อำเภอเมืองนครราชสีมา') or 'จัดขึ้นที่' / 'จัดที่'
# / 'ที่ว่าการ' names where an event was held, which is not where the agency is (agencies attend
# events at the province's or district's seat). ณ before a date or time ('ณ วันที่', 'ณ เวลา') is
# no venue. A venue runs to the end of its line or the next agency name.
_VENUE = re.compile(r"(?:(?<![" + THAI_CHARS + r"])ณ(?![ \t]*(?:วัน|เวลา|ปัจจุบัน|ขณะ|สิ้น))"
                    r"|จัดขึ้นที่|จัดขึ้น ณ|จัดที่|ที่ว่าการ)")
VENUE_SPAN = 150         # characters a venue phrase runs before the place it names
_LINE_TAIL = re.compile(r"[ \t]*\n[ \t]*([" + THAI_CHARS + r"]+)")
_REF_PREFIX = re.compile(r"(?m)^[ \t]*ที่[ \t]+([" + THAI_CHARS + r"]{2,3})[ \t.]*\d")


@lru_cache(maxsize=1)
def _province_abbreviations() -> dict[str, str]:
    """Two-letter province codes of document numbers (สน -> สกลนคร), from pythainlp."""
    from pythainlp.corpus.common import provinces

    return {p["abbr_th"]: p["name_th"] for p in provinces(details=True)}


@lru_cache(maxsize=1)
def _provinces() -> dict[str, object]:
    import geothai

    return {p.name_th: p for p in geothai.provinces()}


@lru_cache(maxsize=1)
def _subdistrict_names() -> frozenset[str]:
    import geothai

    return frozenset(s.name_th for d in geothai.provinces()
                     for dist in geothai.districts(d.code)
                     for s in geothai.subdistricts(dist.code))


@lru_cache(maxsize=1)
def _subdistrict_districts() -> dict[str, set[str]]:
    """Each subdistrict name -> the names of the districts it lies in (the gazetteer)."""
    import geothai

    out: dict[str, set[str]] = {}
    for province in geothai.provinces():
        for district in geothai.districts(province.code):
            for sub in geothai.subdistricts(district.code):
                out.setdefault(sub.name_th, set()).add(district.name_th)
    return out


def _clean_place(name: str, known: frozenset[str] | list[str]) -> str:
    """A name as printed when the gazetteer knows it, else cut at a glued word."""
    if name in known:
        return name
    return _cut_glued(name)


def _cut_glued(name: str) -> str:
    """'คมบางตามเกณฑ์การประเมิน' -> 'คมบาง': cut at the first glued word that cannot be part of
    a place name (only after at least two letters, never right after the hyphen that joins two
    names: 'ท่าเดือ-มีดกา', OCR's มีดกา for มืดกา, is not cut at มี)."""
    best = len(name)
    for tail in GLUED_TAILS:
        i = name.find(tail, 2)
        while 0 < i and name[i - 1] == "-":
            i = name.find(tail, i + 1)
        if 0 < i < best:
            best = i
    return name[:best]


def agency_mentions(text: str) -> list[tuple[str, str, int]]:
    """Every (prefix, name, offset) an agency is written in the text.

    Example:
        >>> agency_mentions("เรียน นายกองค์การบริหารส่วนตำบลเหล โทร.")
        [('องค์การบริหารส่วนตำบล', 'เหล', 10)]
    """
    out = []
    known = _subdistrict_names()
    for m in _AGENCY.finditer(text):
        prefix = m.group(1).replace(" ", "")
        name = m.group(2)
        tail = _wrapped_tail(text, m.end())
        # a line that ends on a whole known place is not a name the break cut: the next line's
        # first word is the sentence going on ('อบต.คลองขวาง' + newline + 'ใสสะอาด 2563')
        if tail and not (name in known and name + tail not in known):
            name += tail
        if name:
            out.append((prefix, name, m.start()))
    taken = {off for _, _, off in out}
    for m in _EXECUTIVE.finditer(text):
        if not any(m.start() <= off < m.end() for off in taken):
            out.append(("เทศบาล" + m.group(1), m.group(2), m.start()))
    return sorted(out, key=lambda x: x[2])


def _repair_latin(name: str, warnings: list[RecordWarning]) -> str:
    """A Latin letter inside a Thai place name is an OCR slip: the gazetteer's name that
    differs by that one letter is the name (warning ``name-foreign-script``); without one the
    name is kept as read, with the same warning."""
    if not _LATIN.search(name):
        return name
    from rapidfuzz import fuzz

    candidates = [n for n in _subdistrict_names() if len(n) == len(name)]
    scored = sorted(((fuzz.ratio(name, n, processor=None), n) for n in candidates), reverse=True)
    if scored and scored[0][0] >= 100 * (len(name) - 1) / len(name) - 0.01 and (
            len(scored) == 1 or scored[1][0] < scored[0][0]):
        fixed = scored[0][1]
        warnings.append(RecordWarning(code="name-foreign-script",
                                      message=f"agency name '{name}' read as '{fixed}' (a Latin "
                                              "letter among Thai ones; the gazetteer's name)"))
        return fixed
    warnings.append(RecordWarning(code="name-foreign-script",
                                  message=f"agency name '{name}' holds a Latin letter (OCR?)"))
    return name


def _wrapped_tail(text: str, end: int) -> str:
    """The rest of a name that a scan's line break cut: OCR keeps the page's lines, so
    'ตำบลบึง' + newline + 'นคร อำเภอธวัชบุรี' is one name, บึงนคร. The next line's first Thai run
    is taken when nothing but the break stands between; glued words after it are cut later
    (``_cut_glued``), as for any mention.

    Example:
        >>> _wrapped_tail("องค์การบริหารส่วนตำบลบึง\\nนคร อำเภอธวัชบุรี", 24)
        'นคร'
    """
    m = _LINE_TAIL.match(text, end)
    return m.group(1) if m else ""


# Letters OCR of Thai print swaps, beyond ``normalize.slips.CONSONANT_CONFUSIONS``: ซ and ช
# differ by the small notch of ซ's head.
_NAME_FOLDS = CONSONANT_CONFUSIONS + ("ซช",)
_FOLD = {c: group[0] for group in _NAME_FOLDS for c in group}
GAZETTEER_FOLD_MIN = 4  # skeleton letters a name needs before it is read as a gazetteer name


def _folded(name: str) -> str:
    return "".join(_FOLD.get(c, c) for c in skeleton(name))


@lru_cache(maxsize=1)
def _gazetteer_by_fold() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for n in _subdistrict_names():
        out.setdefault(_folded(n), []).append(n)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def gazetteer_spelling(name: str) -> str:
    """A place name as the gazetteer spells it when OCR changed only its marks or swapped
    look-alike consonants ('ซ่อระกา' -> 'ช่อระกา', 'บ้องตี่' -> 'บ้องตี้'): the one gazetteer name
    with the same skeleton, look-alikes folded. Each part of a hyphenated name ('ท่าเดือ-มีดกา')
    is read alone. A known name, a short one, or one that two places could be is kept.

    Example:
        >>> gazetteer_spelling("ซ่อระกา"), gazetteer_spelling("ช่อระกา")
        ('ช่อระกา', 'ช่อระกา')
    """
    known = _subdistrict_names()
    if name in known:
        return name
    parts = name.split("-")
    out = []
    for part in parts:
        if part in known or len(skeleton(part)) < GAZETTEER_FOLD_MIN:
            out.append(part)
            continue
        hits = _gazetteer_by_fold().get(_folded(part), ())
        out.append(hits[0] if len(hits) == 1 else part)
    return "-".join(out)


def _spelled(name: str) -> str:
    """``gazetteer_spelling`` of a mention, glued words after the place kept as they are."""
    place = _cut_glued(name) if name not in _subdistrict_names() else name
    return gazetteer_spelling(place) + name[len(place):]


def best_agency(text: str) -> tuple[str | None, str | None, int]:
    """The best-supported (prefix, name): a spelling's support is the number of mentions that
    start with it, so glued mentions ('คมบางตามเกณฑ์...') count for the clean one ('คมบาง')."""
    from thaireports.normalize.vocab import expand_abbreviations

    mentions = agency_mentions(expand_abbreviations(text))
    if not mentions:
        return None, None, 0
    captured = Counter((p, _spelled(n)) for p, n, _ in mentions)
    known = _subdistrict_names()
    # a name the gazetteer knows ('บึงนคร') is not outvoted by a stump of it that a scan's
    # break or a stamp left ('บึง'), which is no place
    districts = {m.group(1) for m in _DISTRICT.finditer(text)}
    for (p, n) in list(captured):
        longer = [n2 for (p2, n2) in captured if p2 == p and n2 != n and n2.startswith(n)
                  and n2 in known]
        if longer and (n not in known or (
                any(_subdistrict_districts().get(n2, set()) & districts for n2 in longer)
                and not _subdistrict_districts().get(n, set()) & districts)):
            del captured[(p, n)]
    scores = []
    for (p, n), _ in captured.items():
        support = sum(c for (p2, n2), c in captured.items() if p2 == p and n2.startswith(n))
        scores.append((support, captured[(p, n)], -len(n), p, n))
    support, _, _, prefix, name = max(scores)
    return prefix, _clean_place(name, _subdistrict_names()), support


def _fuzzy(name: str, choices: list[str]) -> tuple[str | None, float]:
    from rapidfuzz import fuzz, process

    # no processor: rapidfuzz's default_process would turn Thai marks into spaces
    hit = process.extractOne(name, choices, scorer=fuzz.ratio)
    return (hit[0], float(hit[1])) if hit else (None, 0.0)


def _vote_places(pattern: re.Pattern, text: str) -> Counter:
    return Counter(_clean_place(m.group(1), _place_names()) for m in pattern.finditer(text))


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    import geothai

    names = set(_provinces())
    for p in geothai.provinces():
        names.update(d.name_th for d in geothai.districts(p.code))
    return frozenset(names)


def in_venue(text: str, pos: int, agency: str | None = None) -> bool:
    """Whether the place named at ``pos`` is the venue of an event: a venue phrase (``_VENUE``)
    stands before it on its line, within ``VENUE_SPAN`` characters, with no agency name between.

    Example:
        >>> t = "ได้เข้าร่วมกิจกรรม ณ ห้องประชุม อาคาร 35 อำเภอเมืองนครราชสีมา จังหวัดนครราชสีมา"
        >>> in_venue(t, t.index("อำเภอ"))
        True
        >>> t = "ณ วันที่ 9 ธันวาคม 2563 ที่ทำการ อำเภอโนนไทย"
        >>> in_venue(t, t.index("อำเภอ"))
        False
    """
    start = max(text.rfind("\n", 0, pos) + 1, pos - VENUE_SPAN)
    before = text[start:pos]
    cues = list(_VENUE.finditer(before))
    if not cues:
        return False
    after = before[cues[-1].end():]
    if agency and agency in after:
        return False
    return not _AGENCY.search(after)


def own_address(text: str, agency: str | None) -> tuple[Counter, Counter]:
    """(districts, provinces) written right after the agency's own name (``_OWN_ADDRESS``).

    Example:
        >>> own_address("องค์การบริหารส่วนตำบลแม่ข่า อำเภอฝาง จังหวัดเชียงใหม่", "องค์การบริหารส่วนตำบลแม่ข่า")
        (Counter({'ฝาง': 1}), Counter({'เชียงใหม่': 1}))
    """
    districts: Counter = Counter()
    provinces: Counter = Counter()
    if not agency:
        return districts, provinces
    from thaireports.normalize.vocab import expand_abbreviations

    for source in {text, expand_abbreviations(text)}:
        pos = source.find(agency)
        while pos >= 0:
            m = _OWN_ADDRESS.match(source, pos + len(agency))
            if m and m.group("district"):
                districts[_clean_place(m.group("district"), _place_names())] += 1
            if m and m.group("province"):
                provinces[_clean_place(m.group("province"), _place_names())] += 1
            pos = source.find(agency, pos + len(agency))
        if districts or provinces:
            break
    return districts, provinces


def _votes(pattern: re.Pattern, text: str, agency: str | None, own: Counter,
           venues_count: bool) -> Counter:
    """Place votes by the agency-context convention: its own address when the text prints one;
    else every mention outside a venue; else (``venues_count``) the venues too."""
    if own:
        return own
    votes: Counter = Counter()
    venue: Counter = Counter()
    for m in pattern.finditer(text):
        name = _clean_place(m.group(1), _place_names())
        (venue if in_venue(text, m.start(), agency) else votes)[name] += 1
    return votes or (venue if venues_count else Counter())


def resolve_province(text: str, ref: str | None, agency: str | None = None
                     ) -> tuple[str | None, str | None, list[RecordWarning]]:
    """(province name, geothai province code, warnings) from the text and the memo prefix.

    The agency's own address decides; else any จังหวัด the text names outside a venue; else a
    venue's province (a local agency's events are held in its own province, and the text
    naming the province is what the gold convention asks for). An อบจ. is named after its
    province (องค์การบริหารส่วนจังหวัดสุราษฎร์ธานี is the PAO of สุราษฎร์ธานี): its name is its
    own address.
    """
    warnings: list[RecordWarning] = []
    provinces = _provinces()
    votes: Counter = Counter()
    _, own = own_address(text, agency)
    pao = _PAO_PREFIX
    if agency and agency.startswith(pao) and not own:
        own = Counter({agency[len(pao):]: 1})
    for raw, n in _votes(_PROVINCE, text, agency, own, venues_count=True).items():
        if raw in provinces:
            votes[raw] += n
            continue
        hit, score = _fuzzy(raw, list(provinces))
        if hit and score >= FUZZY_PLACE_MIN:
            votes[hit] += n
            warnings.append(RecordWarning(code="province-repaired",
                                          message=f"'{raw}' read as the province {hit}"))
    prefix_province = None
    if ref:
        m = _REF_PREFIX.match("ที่ " + ref)
        if m:
            prefix_province = _province_abbreviations().get(m.group(1))
    name = votes.most_common(1)[0][0] if votes else prefix_province
    if prefix_province and votes and prefix_province != name:
        warnings.append(RecordWarning(
            code="province-conflict",
            message=f"the text names {name}, the document number's prefix means {prefix_province}"))
    code = provinces[name].code if name in provinces else None
    return name, code, warnings


def resolve_district(text: str, province_code: str | None, agency: str | None = None
                     ) -> tuple[str | None, list[RecordWarning]]:
    """The agency's district (its own address, else a mention outside a venue), checked against the province's districts in geothai;
    an OCR variant ('กะปอง') is repaired to the gazetteer's spelling ('กะปง') with a warning."""
    import geothai

    warnings: list[RecordWarning] = []
    own, _ = own_address(text, agency)
    # an อบจ. serves its whole province: a district its text names is where a project or an
    # event is, not where the agency is; only its own address line gives one
    if agency and agency.startswith(_PAO_PREFIX) and not own:
        return None, warnings
    # a venue's district is never the agency's: events are held at the district's seat
    votes = _votes(_DISTRICT, text, agency, own, venues_count=False)
    if not votes:
        return None, warnings
    if province_code is None:
        name = votes.most_common(1)[0][0]
        return name, warnings
    official = [d.name_th for d in geothai.districts(province_code)]
    # เมืองX is written 'อำเภอเมือง' alone as often as in full
    aliases = {n.removeprefix("เมือง") if n.startswith("เมือง") else n: n for n in official}
    # ... and 'อำเภอเมือง' names the province's own เมือง district (one per province)
    capital = [n for n in official if n.startswith("เมือง")]
    if len(capital) == 1:
        aliases["เมือง"] = capital[0]
    ranked = []
    for raw, n in votes.items():
        if raw in official:
            ranked.append((2, n, raw, raw))
        elif raw in aliases:
            ranked.append((2, n, aliases[raw], raw))
        else:
            hit, score = _fuzzy(raw, official)
            if hit and score >= FUZZY_PLACE_MIN:
                ranked.append((1, n, hit, raw))
            else:
                ranked.append((0, n, raw, raw))
    ranked.sort(reverse=True)
    level, _, name, raw = ranked[0]
    if level == 1:
        warnings.append(RecordWarning(code="district-repaired",
                                      message=f"'{raw}' read as the district {name} (gazetteer)"))
    elif level == 0:
        warnings.append(RecordWarning(code="district-unknown",
                                      message=f"district '{raw}' is not in the gazetteer's list "
                                              f"for province code {province_code}"))
    for _, _, other, other_raw in ranked[1:]:
        if other != name:
            warnings.append(RecordWarning(
                code="district-conflict",
                message=f"the text also names the district '{other_raw}'; kept {name}"))
    return name, warnings


def extract_agency(text: str, ref: str | None = None) -> tuple[Agency, list[RecordWarning]]:
    """The agency of a document.

    Example:
        >>> a, _ = extract_agency("องค์การบริหารส่วนตำบลเหล อำเภอกะปอง จังหวัดพังงา", "พง 75501/")
        >>> a.name, a.type, a.district, a.province
        ('องค์การบริหารส่วนตำบลเหล', 'sao', 'กะปง', 'พังงา')
    """
    from thaireports.normalize.vocab import agency_type

    warnings: list[RecordWarning] = []
    prefix, name, _ = best_agency(text)
    if name:
        name = _repair_latin(name, warnings)
        if prefix and prefix + name not in text:
            raw = [_cut_glued(n) for p, n, _ in agency_mentions(text) if p == prefix
                   and n != name and _clean_place(_spelled(n), _subdistrict_names()) == name]
            if raw:
                warnings.append(RecordWarning(code="word-repaired",
                                              message=f"{raw[0]} -> {name} (the gazetteer's "
                                                      "spelling of the place)"))
    full = prefix + name if prefix and name else None
    if full is None:
        warnings.append(RecordWarning(code="agency-missing", message="no agency name found"))
    province, code, ws = resolve_province(text, ref, full)
    warnings += ws
    district, ws = resolve_district(text, code, full)
    warnings += ws
    kind = agency_type(full) if full else None
    return Agency(name=full, type=kind, district=district, province=province), warnings
