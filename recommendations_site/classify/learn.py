"""The classifier itself: TF-IDF of word unigrams and bigrams, one logistic regression per label
(classes balanced); a family may also read other families' scores (SDG goals read the themes' and
groups', which are learnt from many more rows). Per family, a raw score is turned into a calibrated
confidence (isotonic regression fitted on held-out sets: train.calibrate) and a label is shown only
at or above the family's display threshold (`show`), where measured held-out precision is >= 0.85;
labels between the candidate floor (`threshold`) and `show` stay in the data for curators. Fitting
needs scikit-learn; scoring a fitted model (Model) needs only numpy, scipy's sparse matrices and the model file, so the build
never trains."""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

TOKEN = re.compile(r"(?u)\b\w\w+\b")
# The recommending states in parentheses say who asked, not what: left out of the features.
ATTRIBUTION = re.compile(r"\([^()]*\)")
FAMILIES = ("themes", "affected_groups", "sdg_goals")


def clean(text: str) -> str:
    return ATTRIBUTION.sub(" ", text).lower()


def features(text: str) -> list[str]:
    words = TOKEN.findall(clean(text))
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass
class Family:
    labels: list[str]
    threshold: float
    intercepts: np.ndarray  # (labels,)
    weights: np.ndarray  # (vocabulary + the labels of inputs, labels)
    inputs: tuple[str, ...] = ()  # families whose scores are features of this one (fitted first)
    # Platt calibration per label: confidence = sigmoid(slope * logit(raw) + offset); none: the raw score
    slope: np.ndarray | None = None
    offset: np.ndarray | None = None
    show: float = 1.01  # the confidence from which a label is shown (above 1: none is)

    def confidence(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated confidence of raw scores, (texts, labels) or one label's column (label given)."""
        if self.slope is None or self.offset is None:
            return raw
        return 1 / (1 + np.exp(-(self.slope * logit(raw) + self.offset)))


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass
class Model:
    vocabulary: dict[str, int]
    idf: np.ndarray
    families: dict[str, Family]

    def vectors(self, texts: list[str]) -> sparse.csr_matrix:
        """Sublinear TF-IDF, L2-normalised, as scikit-learn's TfidfVectorizer computes it: sparse, so
        that memory grows with the words of the texts, not texts x vocabulary (41,000 texts dense
        were 2.6 GB a family)."""
        indptr, indices, values = [0], [], []
        for text in texts:
            counts: dict[int, int] = {}
            for term in features(text):
                col = self.vocabulary.get(term)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            cols = sorted(counts)
            row = np.array([sublinear(counts[c]) for c in cols]) * self.idf[cols]
            norm = np.sqrt(row @ row)
            indices.extend(cols)
            values.extend(row / norm if norm else row)
            indptr.append(len(indices))
        return sparse.csr_matrix((np.array(values), np.array(indices, dtype=np.int32), indptr), (len(texts), len(self.idf)))

    def scores(self, family: str, vectors, memo: dict[str, np.ndarray] | None = None) -> np.ndarray:
        """Raw scores (texts, labels) of vectors, dense or sparse; memo keeps each family's scores
        so that a family read by another as its input is scored once."""
        memo = {} if memo is None else memo
        if family not in memo:
            fam = self.families[family]
            width = vectors.shape[1]
            logits = np.asarray(vectors @ fam.weights[:width])
            for name in fam.inputs:  # the input families' scores are the next rows of the weights
                inputs = self.scores(name, vectors, memo)
                logits = logits + inputs @ fam.weights[width : width + inputs.shape[1]]
                width += inputs.shape[1]
            memo[family] = 1 / (1 + np.exp(-(logits + fam.intercepts)))
        return memo[family]

    def predict(self, family: str, texts: list[str]) -> list[list[tuple[str, float]]]:
        """Per text, the candidate labels (raw score at or above the family's floor, or confidence at or
        above `show`), best first, each with its calibrated confidence (2 decimals); those at or above
        `show` are shown. The calibration and the threshold are measured on every score, floor or not."""
        return self.predict_families((family,), texts)[family]

    def predict_families(self, families: tuple[str, ...], texts: list[str]) -> dict[str, list[list[tuple[str, float]]]]:
        """predict() for several families, the texts vectorised once and each family scored once."""
        if not texts:
            return {family: [] for family in families}
        vectors, memo = self.vectors(texts), {}
        return {family: self.candidates(family, self.scores(family, vectors, memo)) for family in families}

    def candidates(self, family: str, scores: np.ndarray) -> list[list[tuple[str, float]]]:
        fam = self.families[family]
        sure, orders = fam.confidence(scores), np.argsort(-scores, axis=1, kind="stable")
        result = []
        for row, confident, order in zip(scores, sure, orders, strict=True):
            result.append(
                [
                    (fam.labels[j], round(float(confident[j]), 2))
                    for j in order
                    if row[j] >= fam.threshold or confident[j] >= fam.show
                ]
            )
        return result


SUBLINEAR: dict[int, float] = {}


def sublinear(n: int) -> float:
    """1 + log(n), the sublinear term frequency, computed once per count."""
    if n not in SUBLINEAR:
        SUBLINEAR[n] = float(1 + np.log(n))
    return SUBLINEAR[n]


@dataclass
class Target:
    """One family's training labels: per text its labels (None: not labelled in that family, left
    out; []: labelled with none), the threshold, the families whose scores it reads, and per text
    the labels its source's vocabulary can name (None: all): a text counts as a negative only for
    a label its source could have given."""

    labels_of: list[list[str] | None]
    threshold: float
    inputs: tuple[str, ...] = ()
    nameable: list[frozenset[str] | None] | None = None
    balanced: bool = True  # classes weighted inversely to their frequency (False: the baseline)


def fit_family(matrix, target: Target, weights: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Labels, intercepts and weights of one family's logistic regressions."""
    from sklearn.linear_model import LogisticRegression

    labels_of, nameable = target.labels_of, target.nameable or [None] * len(target.labels_of)
    labels = sorted({label for row in labels_of for label in row or []})
    w, b = np.zeros((matrix.shape[1], len(labels))), np.full(len(labels), -10.0)
    for j, label in enumerate(labels):
        rows = [i for i, row in enumerate(labels_of) if row is not None and (nameable[i] is None or label in nameable[i])]
        y = np.array([label in (labels_of[i] or []) for i in rows])
        if 0 < y.sum() < len(y):
            clf = LogisticRegression(
                C=4.0, solver="liblinear", class_weight="balanced" if target.balanced else None, random_state=0
            )
            clf.fit(matrix[rows], y, sample_weight=weights[rows])
            w[:, j], b[j] = clf.coef_[0], clf.intercept_[0]
    return labels, b, w


def fit(texts: list[str], targets: dict[str, Target], weights: list[float] | None = None) -> Model:
    """A model from training texts and each family's Target; a family's inputs are fitted first."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=features, min_df=3, max_features=8000, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts).tocsr()
    vocabulary = {term: int(col) for term, col in vectorizer.vocabulary_.items()}
    model = Model(vocabulary, vectorizer.idf_, {})
    sample = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=float)
    for family in sorted(targets, key=lambda f: len(targets[f].inputs)):
        target = targets[family]
        stacked = matrix
        if target.inputs:
            scores = [model.scores(f, matrix) for f in target.inputs]
            stacked = sparse.hstack([matrix, *[sparse.csr_matrix(s) for s in scores]]).tocsr()
        labels, b, w = fit_family(stacked, target, sample)
        model.families[family] = Family(labels, target.threshold, b, w, target.inputs)
    return model


def save(model: Model, path: Path) -> None:
    path.write_bytes(dump(model))


def compact(model: Model) -> Model:
    """The model as it is after save and load: what the build uses, and what is measured."""
    return parse(dump(model))


def dump(model: Model) -> bytes:
    """Gzipped JSON, weights rounded to 2 decimals and those under 0.05 left out: the same input
    gives the same bytes (no timestamp in the gzip header)."""
    terms = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    data = {"terms": terms, "idf": [round(float(x), 4) for x in model.idf], "families": {}}
    for name, fam in model.families.items():
        sparse = {
            label: {str(i): round(float(v), 2) for i, v in enumerate(fam.weights[:, j]) if abs(v) >= 0.05}
            for j, label in enumerate(fam.labels)
        }
        data["families"][name] = {
            "threshold": fam.threshold,
            "calibration": {
                label: [round(float(fam.slope[j]), 4), round(float(fam.offset[j]), 4)] for j, label in enumerate(fam.labels)
            }
            if fam.slope is not None and fam.offset is not None
            else {},
            "show": fam.show,
            "inputs": list(fam.inputs),
            "intercepts": {label: round(float(fam.intercepts[j]), 4) for j, label in enumerate(fam.labels)},
            "weights": sparse,
        }
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def load(path: Path) -> Model:
    return parse(path.read_bytes())


@functools.lru_cache(maxsize=2)
def parse(blob: bytes) -> Model:
    """The model in blob, parsed once per process for the same bytes (each import in the tests and
    the preview paid 0.23 s for it); its arrays are read-only, so no caller can change the shared copy."""
    model = _parse(blob)
    for fam in model.families.values():
        for array in (fam.intercepts, fam.weights, fam.slope, fam.offset):
            if array is not None:
                array.flags.writeable = False
    model.idf.flags.writeable = False
    return model


def _parse(blob: bytes) -> Model:
    data = json.loads(gzip.decompress(blob))
    vocabulary = {term: i for i, term in enumerate(data["terms"])}
    families = {}
    for name, fam in data["families"].items():
        labels = sorted(fam["intercepts"])
        inputs = tuple(fam.get("inputs", []))
        width = len(vocabulary) + sum(len(data["families"][f]["intercepts"]) for f in inputs)
        w = np.zeros((width, len(labels)))
        for j, label in enumerate(labels):
            for i, v in fam["weights"][label].items():
                w[int(i), j] = v
        b = np.array([fam["intercepts"][lab] for lab in labels])
        cal = fam.get("calibration") or {}
        slope = np.array([cal[lab][0] for lab in labels]) if cal else None
        offset = np.array([cal[lab][1] for lab in labels]) if cal else None
        families[name] = Family(labels, fam["threshold"], b, w, inputs, slope, offset, fam.get("show", 1.01))
    return Model(vocabulary, np.array(data["idf"]), families)
