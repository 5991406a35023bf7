"""The spaCy entity layer: agencies, districts, provinces and owner units as ``Doc.ents``.

``spacy.blank('th')`` tokenizes with pythainlp's newmm, offline (spacy-pythainlp is not used:
it downloads). An EntityRuler holds token patterns built from our vocabularies and from
geothai's gazetteer, so that a user can add patterns, or put a trained Thai NER model in front,
without touching the extractors. newmm glues words that our patterns need apart
('นายกองค์การบริหารส่วนตำบล' is one dictionary word), so a second component finds the same
entities with regular expressions and aligns them to tokens with
``Doc.char_span(..., alignment_mode="expand")``.

spaCy costs about 0.7 s to import, so this layer is loaded lazily and only when asked for
(``extract(document, entities=True)``); the default path reads the same mentions with the
regular expressions of ``extractors.agency``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

LABELS = ("AGENCY", "DISTRICT", "PROVINCE", "UNIT")


@dataclass(frozen=True)
class Entity:
    """One entity: label, text as printed, character offsets, and the normalized name."""

    label: str
    text: str
    start: int
    end: int
    name: str


def _gazetteer_patterns() -> list[dict]:
    import geothai

    patterns = []
    for p in geothai.provinces():
        patterns.append({"label": "PROVINCE", "pattern": [{"ORTH": "จังหวัด"}, {"ORTH": p.name_th}],
                         "id": p.name_th})
        for d in geothai.districts(p.code):
            patterns.append({"label": "DISTRICT", "pattern": [{"ORTH": "อำเภอ"},
                                                              {"ORTH": d.name_th}],
                             "id": d.name_th})
    return patterns


def _unit_patterns() -> list[dict]:
    from thaireports.normalize.vocab import UNIT_CUES

    return [{"label": "UNIT", "pattern": cue.cue, "id": cue.unit}
            for cue in UNIT_CUES if cue.level >= 2]


def _regex_component(nlp):
    """A pipeline component: regex matches of agency and place mentions, aligned to tokens."""
    from spacy.language import Language
    from spacy.util import filter_spans

    from thaireports.extractors.agency import _AGENCY, _DISTRICT, _PROVINCE

    rules = (("AGENCY", _AGENCY), ("DISTRICT", _DISTRICT), ("PROVINCE", _PROVINCE))

    @Language.component("thaireports_regex_entities")
    def regex_entities(doc):
        spans = list(doc.ents)
        for label, pattern in rules:
            for m in pattern.finditer(doc.text):
                span = doc.char_span(m.start(), m.end(), label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    return "thaireports_regex_entities"


@lru_cache(maxsize=1)
def entity_pipeline():
    """The cached ``Language``: blank Thai + EntityRuler (vocab, gazetteer) + regex alignment.

    Raises:
        ThaiReportsError: when spaCy's Thai tokenizer cannot start (pythainlp missing).
    """
    import spacy

    from thaireports.normalize.errors import ThaiReportsError

    try:
        nlp = spacy.blank("th")
    except Exception as exc:  # spaCy raises ImportError subclasses and its own errors
        raise ThaiReportsError(f"spaCy's Thai tokenizer could not start ({exc}); "
                               "install pythainlp") from exc
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(_gazetteer_patterns() + _unit_patterns())
    nlp.add_pipe(_regex_component(nlp))
    return nlp


def _name_of(label: str, text: str) -> str:
    compact = re.sub(r"\s+", "", text)
    if label == "DISTRICT":
        return re.sub(r"^(?:อำเภอ|อ\.)", "", compact)
    if label == "PROVINCE":
        return re.sub(r"^(?:จังหวัด|จ\.)", "", compact)
    if label == "AGENCY":
        m = re.search(r"(องค์การบริหารส่วนตำบล|องค์การบริหารส่วนจังหวัด|เทศบาลตำบล|เทศบาลเมือง|"
                      r"เทศบาลนคร).*", compact)
        return m.group(0) if m else compact
    return compact


def find_entities(text: str) -> list[Entity]:
    """Entities of a text, in order.

    Example:
        >>> [(e.label, e.name) for e in find_entities("องค์การบริหารส่วนตำบลเหล อำเภอกะปง")]
        [('AGENCY', 'องค์การบริหารส่วนตำบลเหล'), ('DISTRICT', 'กะปง')]
    """
    doc = entity_pipeline()(text)
    return [Entity(e.label_, e.text, e.start_char, e.end_char, _name_of(e.label_, e.text))
            for e in doc.ents]
