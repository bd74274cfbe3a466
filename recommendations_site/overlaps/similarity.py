"""Text similarity between recommendations to the same state: TF-IDF over word and character
n-grams, compared in chunks so memory grows with the number of recommendations, not its square."""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

CHUNK_CELLS = 20_000_000  # rows x columns of one similarity block: bounds memory at any scale
# A UPR attribution: a parenthesis (which may nest one level) closing a recommendation, before ';' or the end.
STATES = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)\s*(?:;|\.?\s*$)")


def action_text(text: str) -> str:
    """The asked-for action: the text without its '(State, State);' attributions."""
    return STATES.sub(" ", text).strip()


def vectorise(texts: list[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF of word 1-2-grams and character 3-5-grams (robust to inflection)."""
    union = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", min_df=1)),
            (
                "chars",
                TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, strip_accents="unicode", min_df=1),
            ),
        ]
    )
    matrix = union.fit_transform([action_text(t).lower() for t in texts])
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
    norms[norms == 0] = 1
    return sparse.diags(1 / norms) @ matrix


def similar_pairs(texts: list[str], threshold: float, most: int = 10) -> Iterator[tuple[int, int, float]]:
    """(i, j, cosine) with i < j and cosine >= threshold, keeping each text's `most` nearest
    neighbours, so the output, like the memory, grows linearly."""
    if len(texts) < 2:
        return
    matrix = vectorise(texts).tocsr()
    rows = max(1, CHUNK_CELLS // len(texts))
    seen: set[tuple[int, int]] = set()
    for start in range(0, len(texts), rows):
        block = (matrix[start : start + rows] @ matrix.T).tocsr()
        for offset in range(block.shape[0]):
            i = start + offset
            cols, scores = (
                block.indices[block.indptr[offset] : block.indptr[offset + 1]],
                block.data[block.indptr[offset] : block.indptr[offset + 1]],
            )
            keep = (scores >= threshold) & (cols != i)
            cols, scores = cols[keep], scores[keep]
            for k in np.argsort(-scores, kind="stable")[:most]:
                pair = (min(i, int(cols[k])), max(i, int(cols[k])))
                if pair not in seen:
                    seen.add(pair)
                    yield pair[0], pair[1], round(float(scores[k]), 4)
