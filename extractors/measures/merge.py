"""The same measure met twice is one; each measure's category."""
from __future__ import annotations

from thaireports.extractors.measures.draft import FOLLOWING_ITEM, Draft
from thaireports.extractors.textutil import squash
from thaireports.normalize.vocab import INDICATOR_CONTENT, TOOL_CATEGORIES

# ---------------------------------------------------------------- merging, categories
def same_measure(a: Draft, b: Draft) -> bool:
    """The same measure met twice: same status and the same title (spacing and OCR slips
    aside)."""
    if a.status != b.status:
        return False
    # a list item names 'มาตรการตรวจสอบการใช้ดุลพินิจ', its table row 'ตรวจสอบการใช้ดุลพินิจ'
    ka, kb = (squash(t.title).removeprefix("มาตรการ") for t in (a, b))
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    from rapidfuzz import fuzz

    return fuzz.ratio(ka, kb) >= 92


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """Merge repeats into the first occurrence (document order): actions, owners, cadences."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda x: x.offset):
        twin = next((o for o in out if same_measure(o, d)), None)
        if twin is None:
            out.append(d)
            continue
        twin.actions += [a for a in d.actions if a not in twin.actions]
        twin.add_owners(d.owners)
        for m in d.monitoring:
            twin.add_monitoring(m)
        twin.cadence |= d.cadence
        twin.timeline = twin.timeline or d.timeline
        twin.outputs = twin.outputs or d.outputs
        twin.outcomes = twin.outcomes or d.outcomes
        twin.tool = twin.tool or d.tool
        twin.context = twin.context or d.context
        twin.indicator_hint = twin.indicator_hint or d.indicator_hint
        twin.fiscal_hint = twin.fiscal_hint or d.fiscal_hint
        if twin.source != "table" and d.source == "table":
            twin.page = twin.page or d.page
    return out


def _content_scores(text: str, categories: tuple[str, ...]) -> dict[str, int]:
    """How often a text uses each indicator's content words (``INDICATOR_CONTENT``)."""
    low = text.lower()
    return {c: sum(low.count(k) for k in INDICATOR_CONTENT[c]) for c in categories}


def categorize(d: Draft) -> str:
    """The measure's category, from the most to the least direct evidence.

    1. A title naming a kind of measure that is not an ITA indicator ('มาตรการป้องกันการรับสินบน',
       'No Gift Policy', 'ตรวจสอบการใช้ดุลพินิจ') by one of the spec's own cues is that kind, even
       under a passage about one ITA tool: the title says what the measure is.
    2. Outside any tool passage, the title's cue; else the ITA indicator the row names in its
       own ตัวชี้วัด cell; else a cue in the title and actions together.
    3. Under a passage about one ITA tool ('ด้าน EIT พบว่า ...', how analysis memos answer each
       tool's weak points) the category is one of that tool's indicators: the title's cue (of its
       first item, when a cell lists several), else the row's own indicator, else the indicator
       the title and actions talk about most (NACC's indicator content, ``INDICATOR_CONTENT``).
       A tie keeps the title's cue, else the first of the tied indicators in the tool's order.
    """
    from thaireports.normalize.vocab import CATEGORY_INDICATOR, category_of, category_scores

    scores = category_scores(d.title)
    by_title = scores[0][0] if scores else "other"
    # of cues tied at the top, the kind of measure: 'ไม่รับของขวัญ...จากการปฏิบัติหน้าที่' names
    # no-gift, the indicator's name only as its words' context
    kinds = [c for c, w in scores if w >= 0.95 and w == scores[0][1] and c not in CATEGORY_INDICATOR]
    if kinds:
        return kinds[0]
    hinted = next((c for c, n in CATEGORY_INDICATOR.items() if n == d.indicator_hint), None)
    if d.tool is None:
        if by_title != "other":
            return by_title
        if hinted:
            return hinted
        if d.actions:
            return category_of(d.title + " " + " ".join(d.actions))
        return by_title
    allowed = TOOL_CATEGORIES[d.tool]
    # a cell listing several measures ('1. ... 2. ...') is led by its first one
    first = category_of(FOLLOWING_ITEM.split(d.title, maxsplit=1)[0])
    if first in allowed:
        return first
    if hinted in allowed:
        return hinted
    content = _content_scores(d.title + " " + " ".join(d.actions), allowed)
    best = max(content.values())
    leaders = [c for c in allowed if content[c] == best]
    if best > 0 and len(leaders) == 1:
        return leaders[0]
    return by_title if by_title != "other" else leaders[0]


# A timeline that names the whole fiscal year without saying which ('ตลอดปีงบประมาณ', 'ตลอดปี').