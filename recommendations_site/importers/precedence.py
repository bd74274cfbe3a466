"""When two sources describe the same paragraph (the same document symbol and paragraph, so the
same id), one record is made of both, each field's source recorded in `field_sources`.

Which source wins, and why (docs/adding-a-source.md#when-two-sources-hold-the-same-paragraph):
- un-upr-report, then upr-info: the New Zealand files. The official paragraphs file holds the text
  exactly as the Working Group report prints it, and UPR Info's rows carry the Government's
  response per recommending state and its own checked links to the paragraph; both have been
  checked against the reports row by row (../shared/data/PROVENANCE.md).
- ohchr-matrix: OHCHR's matrix for one review, printed from the report.
- uhri: the index across all states, whose text is cleaned from HTML (headings glued to it, Word
  residue) and whose positions are decoded from ids: it fills what the others leave empty.
Every field the higher source gives is kept as it gives it (text, response, recommending states,
year, cycle, session, ...); a field it leaves empty (a date, SDG links) is taken from the other;
the labels (themes, groups, SDG goals and targets, source tags) are the union, the higher source's
first. A field neither gives stays empty: nothing is invented."""

from __future__ import annotations

import dataclasses

from ..model import Recommendation

PRECEDENCE = ("un-upr-report", "upr-info", "ohchr-matrix", "uhri")  # first wins
LABELS = ("themes", "affected_groups", "sdg_goals", "sdg_targets", "source_tags")
KEPT = {"id", "source", "source_ref", "field_sources"}  # the record's own; source_ref joins both


def rank(rec: Recommendation) -> int:
    return PRECEDENCE.index(rec.source) if rec.source in PRECEDENCE else len(PRECEDENCE)


# The importer that gives each source's records: the NZ files' importer gives two sources.
FAMILY = {"un-upr-report": "upr-info", "upr-info": "upr-info", "ohchr-matrix": "ohchr-matrix", "uhri": "uhri"}


def mergeable(first: Recommendation, second: Recommendation) -> bool:
    """Records of one paragraph from two importers (one importer's files given twice stay an error)."""
    families = {FAMILY.get(first.source, first.source), FAMILY.get(second.source, second.source)}
    return len(families) == 2 and bool(first.paragraph and first.document_symbol)


def merge(first: Recommendation, second: Recommendation) -> Recommendation:
    """One record of both, the higher-ranked source's values first; field_sources says which field came from where."""
    high, low = sorted((first, second), key=rank)
    merged = dataclasses.replace(high)
    sources = dict(item.split("=", 1) for item in high.field_sources)
    for spec in dataclasses.fields(Recommendation):
        name = spec.name
        mine, theirs = getattr(high, name), getattr(low, name)
        if name in KEPT or theirs in (None, "", []) or mine == theirs:
            continue
        if name in LABELS:
            added = [v for v in theirs if v not in mine]
            if added:
                setattr(merged, name, [*mine, *added])
                given = sources.get(name, high.source) if mine else ""
                sources[name] = "+".join(s for s in (*given.split("+"), low.source) if s)
        elif mine in (None, "", []):
            setattr(merged, name, theirs)
            sources[name] = low.source
    merged.source_ref = f"{high.source_ref}; {low.source_ref}"
    merged.field_sources = [f"{name}={source}" for name, source in sources.items()]
    return merged


def differences(first: Recommendation, second: Recommendation) -> list[str]:
    """The fields both sources give, differently (the higher one's value kept): for the import report."""
    skip = KEPT | set(LABELS) | {"text", "response_source"}  # texts differ in cleaning as a rule; labels are joined
    return [
        f.name
        for f in dataclasses.fields(Recommendation)
        if f.name not in skip
        and getattr(first, f.name) not in (None, "", [])
        and getattr(second, f.name) not in (None, "", [])
        and getattr(first, f.name) != getattr(second, f.name)
    ]
