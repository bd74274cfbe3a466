"""Comparison of recommendations to the same state: TF-IDF over word and character n-grams of the
asked-for action, and the (action, instrument) asks of asks.py, compared in blocks so memory grows
with the number of recommendations, not its square."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from ..project import Project
from .asks import MENTION, Vocabulary, asks, load

CHUNK_CELLS = 20_000_000  # rows x columns of one similarity block: bounds memory at any scale
# A UPR attribution: a parenthesis (which may nest one level) closing a recommendation, before ';' or the end.
STATES = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)\s*(?:;|\.?\s*$)")
# Words that recommendations to every state use whatever they ask ("continue its efforts to take
# further measures to ..."): left out of the comparison, so what is asked weighs more.
BOILERPLATE = frozenset(
    [
        "a",
        "about",
        "address",
        "addressing",
        "adopt",
        "all",
        "alia",
        "also",
        "an",
        "and",
        "any",
        "appropriate",
        "are",
        "as",
        "at",
        "be",
        "by",
        "concrete",
        "consider",
        "considering",
        "continue",
        "continued",
        "continues",
        "effective",
        "effectively",
        "effort",
        "efforts",
        "enhance",
        "enhanced",
        "ensure",
        "ensuring",
        "especially",
        "for",
        "further",
        "from",
        "full",
        "fully",
        "government",
        "improve",
        "improving",
        "in",
        "including",
        "increase",
        "increased",
        "inter",
        "intensify",
        "into",
        "is",
        "it",
        "its",
        "measure",
        "measures",
        "more",
        "necessary",
        "new",
        "of",
        "on",
        "or",
        "other",
        "particular",
        "particularly",
        "possibility",
        "promote",
        "promoting",
        "pursue",
        "redouble",
        "step",
        "steps",
        "strengthen",
        "strengthening",
        "such",
        "take",
        "takes",
        "taking",
        "that",
        "the",
        "their",
        "them",
        "these",
        "this",
        "those",
        "through",
        "to",
        "towards",
        "up",
        "well",
        "which",
        "with",
        "within",
        "work",
        "zealand",
    ]
)
WORD = re.compile(r"\w+")


def action_text(text: str) -> str:
    """The asked-for action: the text without its '(State, State);' attributions."""
    return STATES.sub(" ", text).strip()


def core_text(text: str) -> str:
    """The action text in lower case without BOILERPLATE words."""
    return " ".join(w for w in WORD.findall(action_text(text).lower()) if w not in BOILERPLATE)


def vectorise(texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF of word 1-2-grams and character 3-5-grams (robust to inflection) of
    the texts' core_text."""
    union = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", min_df=1)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, strip_accents="unicode", min_df=1),
            ),
        ]
    )
    matrix = union.fit_transform([core_text(t) for t in texts])
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
    norms[norms == 0] = 1
    return sparse.diags(1 / norms) @ matrix


def ask_matrices(texts: list[str], vocabulary: Vocabulary) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Binary matrices: text x (action, instrument) asked, and text x instrument named (names too
    vague to tell asks apart, such as "the Optional Protocols", left out)."""
    vague = vocabulary.vague
    found = [asks(action_text(t), vocabulary) for t in texts]
    keys = sorted({ask for f in found for ask in f if ask[0] != MENTION})
    instruments = sorted({i for f in found for _, i in f} - vague)
    key_col = {k: c for c, k in enumerate(keys)}
    inst_col = {k: c for c, k in enumerate(instruments)}

    def binary(cells: list[list[int]], width: int) -> sparse.csr_matrix:
        rows = [r for r, cols in enumerate(cells) for _ in cols]
        cols = [c for row in cells for c in row]
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(cells), width))

    key_cells = [sorted({key_col[a] for a in f if a[0] != MENTION}) for f in found]
    inst_cells = [sorted({inst_col[i] for _, i in f if i not in vague}) for f in found]
    return binary(key_cells, len(keys)), binary(inst_cells, len(instruments))


def similar_pairs(
    texts: list[str], threshold: float, most: int = 10, vocabulary: Vocabulary | None = None
) -> Iterator[tuple[int, int, float, bool]]:
    """(i, j, cosine, same ask) with i < j for the pairs that ask the same action on the same
    instrument, or whose cosine is >= threshold unless they name only different instruments;
    each text keeps its `most` nearest such partners (same ask first), so the output, like the
    memory, grows linearly."""
    if len(texts) < 2:
        return
    matrix = vectorise(texts).tocsr()
    keys, instruments = ask_matrices(texts, vocabulary or load(Project.default()))  # the evaluation: the checkout's own
    named = np.diff(instruments.indptr) > 0
    rows = max(1, CHUNK_CELLS // len(texts))
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(texts), rows):
        stop = min(start + rows, len(texts))
        block = (matrix[start:stop] @ matrix.T).toarray()
        same_ask = (keys[start:stop] @ keys.T).toarray() > 0
        shared = (instruments[start:stop] @ instruments.T).toarray() > 0
        differ = named[start:stop, None] & named[None, :] & ~shared  # only different instruments named
        keep = same_ask | ((block >= threshold) & ~differ)
        for offset in range(stop - start):
            i = start + offset
            keep[offset, i] = False
            cols = np.flatnonzero(keep[offset])
            order = np.lexsort((cols, -block[offset, cols], ~same_ask[offset, cols]))[:most]
            for k in cols[order]:
                pair = (min(i, int(k)), max(i, int(k)))
                if pair not in seen:
                    seen.add(pair)
                    yield pair[0], pair[1], round(float(block[offset, k]), 4), bool(same_ask[offset, k])
