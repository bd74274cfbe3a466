"""A proposed ask's title: the action and its object in words, never a fragment (issue 26).

A proposed ask is titled from its first request. The stock opening ("Continue its efforts to",
"Consider") is taken off, a gerund becomes the imperative ("ratifying" -> "Ratify"), and "its
Committee" is named after the treaty the recommendation names. A title that still points outside
itself ("... of its Committee", "Implement them") or has no object is a fragment: the request before
it in the recommendation is joined to give it its object, and failing that the recommendation's
whole request is the title."""

from __future__ import annotations

import re

from .requests import VERBS

# Openings that say how, not what: taken off the front, repeatedly ("Continue to consider ...").
OPENINGS = re.compile(
    r"^(?:(?:continue|pursue|intensify|increase|step\s+up|redouble|strengthen|enhance|make|take|undertake)"
    r"(?:\s+(?:and|its|their|the|all|further|additional|appropriate|necessary|concrete|effective|more|increase|intensify|strengthen))*"
    r"\s+(?:efforts?|measures?|steps?|actions?|work)\s+(?:to|towards|in|aimed\s+at|for|on)\s+"
    r"|consider(?:\s+the\s+possibility\s+of)?\s+"
    r"|(?:continue|further|also|seriously|fully|effectively|formally|urgently|promptly|swiftly|duly)\s+(?:to\s+)?)",
    re.IGNORECASE,
)
ACTION_VERBS = frozenset(VERBS.split("|")) | {
    "accede", "amend", "assess", "abolish", "collect", "create", "criminalize", "criminalise", "design", "enact",
    "end", "enforce", "evaluate", "extend", "fight", "guarantee", "identify", "monitor", "recognise", "remove",
    "repeal", "review", "revise", "sign", "support", "endorse", "withdraw", "adapt", "ban", "bring", "cooperate",
    "encourage", "expand", "facilitate", "fund", "introduce", "lift", "promote", "publish", "respect", "restore",
    "secure", "study", "train", "uphold", "issue", "submit", "involve", "invite", "allow", "begin", "seek", "condemn",
    "organize", "organise", "speed", "explore", "complete", "achieve", "eradicate", "preserve", "agree",
    "find", "publicize", "disseminate", "adhere", "conduct", "declare", "legislate", "observe", "provide",
}  # fmt: skip
# A title ending here has lost its object ("... the competence of its"); one starting here is no action.
LOOSE_ENDS = frozenset(
    ["its", "their", "his", "her", "the", "a", "an", "of", "to", "in", "on", "for", "with", "and", "or", "by", "at", "from", "that", "which", "as"]
)
PRONOUNS = frozenset(["them", "it", "they", "this", "these", "those"])  # at the end of a short title: whose?
NO_ACTION = LOOSE_ENDS | PRONOUNS | {"people", "who", "whose", "such", "but", "whether"}
POINTS_OUT = re.compile(
    r"\b(?:its|their)\s+(?:committee|protocols?|provisions|articles?|recommendations|observations|convention|covenant|"
    r"treaty|instruments?|body|bodies|procedure)\b",
    re.IGNORECASE,
)
PRONOUN_OBJECT = re.compile(r"^\w+\s+(?:it|them|this|these|those|they|such|both)\b", re.IGNORECASE)


def imperative(word: str) -> str:
    """'ratifying' -> 'ratify', 'promoting' -> 'promote', 'combatting' -> 'combat'; else the word."""
    low = word.lower()
    if not low.endswith("ing"):
        return word
    stem = low[:-3]
    for verb in (stem, stem + "e", stem[:-1]):
        if verb in ACTION_VERBS:
            return verb
    return word


def normalised(request: str) -> str:
    """The request as a title: openings off, the first word an imperative, capitalised, no end stop."""
    text = request.strip(" .,;")
    while True:
        shorter = OPENINGS.sub("", text, count=1)
        if shorter == text or len(shorter.split()) < 2 or shorter.split()[0].lower() in NO_ACTION:
            break  # "Consider the establishment of ..." keeps its verb: what follows is no action
        text = shorter
    first, _, rest = text.partition(" ")
    first = imperative(first)
    return f"{first[:1].upper()}{first[1:]} {rest}".strip()


def fragment(title: str, joined: bool = False) -> str | None:
    """Why a title is not whole (it points outside itself or lacks an object), or None. In a title
    joined from two requests "its" may point to the first one's object: then it is not checked."""
    words = re.findall(r"[\w’'-]+", title)
    if len(words) < 2:
        return "no object"
    if words[-1].lower() in LOOSE_ENDS or (words[-1].lower() in PRONOUNS and len(words) < 6 and not joined):
        return f"ends with {words[-1]!r}"
    if POINTS_OUT.search(title) and not joined:
        return f"{POINTS_OUT.search(title).group()!r} points outside the title"  # type: ignore[union-attr]
    if PRONOUN_OBJECT.match(title):
        return "its object is a pronoun"
    return None


def proposed_fragment(title: str, joined: bool = False) -> str | None:
    """fragment(), and a proposed title must not start with an article, pronoun or linking word
    (the rest of a sentence cut from its verb: "The establishment of ...", "People with ...")."""
    first = title.split(" ", 1)[0].lower()
    return fragment(title, joined) or (f"starts with {first!r}, not an action" if first in NO_ACTION else None)


COMMITTEE = re.compile(r"\b(?:its|the|this|that)\s+committee\b(?!\s+(?:on|against|for|of)\b)", re.IGNORECASE)


def title(request: str, previous: str | None, whole: str, committee: str | None = None) -> str:
    """The first whole title of: the request; the request before it joined to it; the
    recommendation's whole request. "its Committee" becomes `committee` (the treaty's body) when known."""
    candidates = [(normalised(request), False)]
    if previous:
        candidates.append((normalised(f"{previous} and {request[:1].lower()}{request[1:]}"), True))
    candidates.append((normalised(whole), True))
    if committee:
        candidates = [(COMMITTEE.sub(f"the {committee}", c), joined) for c, joined in candidates]
    return next((c for c, joined in candidates if not proposed_fragment(c, joined)), candidates[-1][0])
