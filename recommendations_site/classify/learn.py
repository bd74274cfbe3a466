"""The classifier itself: TF-IDF of word unigrams and bigrams, one logistic regression per label,
a threshold per label family. Fitting needs scikit-learn; scoring a fitted model (Model) needs
only numpy and the model file, so the build never trains."""

from __future__ import annotations

import gzip
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
    weights: np.ndarray  # (vocabulary, labels)


@dataclass
class Model:
    vocabulary: dict[str, int]
    idf: np.ndarray
    families: dict[str, Family]

    def vectors(self, texts: list[str]) -> np.ndarray:
        """Sublinear TF-IDF, L2-normalised, as scikit-learn's TfidfVectorizer computes it."""
        out = np.zeros((len(texts), len(self.idf)))
        for row, text in enumerate(texts):
            counts: dict[int, int] = {}
            for term in features(text):
                col = self.vocabulary.get(term)
                if col is not None:
                    counts[col] = counts.get(col, 0) + 1
            for col, n in counts.items():
                out[row, col] = (1 + np.log(n)) * self.idf[col]
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out

    def scores(self, family: str, vectors: np.ndarray) -> np.ndarray:
        fam = self.families[family]
        return 1 / (1 + np.exp(-(vectors @ fam.weights + fam.intercepts)))

    def predict(self, family: str, texts: list[str]) -> list[list[tuple[str, float]]]:
        """Per text, the labels scoring at or above the family's threshold, best first, with their scores."""
        if not texts:
            return []
        fam = self.families[family]
        result = []
        for row in self.scores(family, self.vectors(texts)):
            order = np.argsort(-row, kind="stable")
            result.append([(fam.labels[j], round(float(row[j]), 3)) for j in order if row[j] >= fam.threshold])
        return result

    def predict_best(self, family: str, text: str) -> str:
        fam = self.families[family]
        return fam.labels[int(self.scores(family, self.vectors([text]))[0].argmax())]


def fit(texts: list[str], targets: dict[str, tuple[list[list[str] | None], float]], weights: list[float] | None = None) -> Model:
    """A model from training texts and, per family, each text's labels (None: not labelled in that
    family, left out of its training; []: labelled with none) and the family's threshold."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=features, min_df=3, max_features=8000, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    vocabulary = {term: int(col) for term, col in vectorizer.vocabulary_.items()}
    families = {}
    for family, (labels_of, threshold) in targets.items():
        rows = [i for i, labels in enumerate(labels_of) if labels is not None]
        labels = sorted({label for i in rows for label in labels_of[i] or []})
        w = np.zeros((len(vocabulary), len(labels)))
        b = np.full(len(labels), -10.0)
        sample = None if weights is None else np.array([weights[i] for i in rows])
        for j, label in enumerate(labels):
            y = np.array([label in (labels_of[i] or []) for i in rows])
            if 0 < y.sum() < len(y):
                clf = LogisticRegression(C=4.0, solver="liblinear", random_state=0).fit(matrix[rows], y, sample_weight=sample)
                w[:, j], b[j] = clf.coef_[0], clf.intercept_[0]
        families[family] = Family(labels, threshold, b, w)
    return Model(vocabulary, vectorizer.idf_, families)


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
            "intercepts": {label: round(float(fam.intercepts[j]), 4) for j, label in enumerate(fam.labels)},
            "weights": sparse,
        }
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)


def load(path: Path) -> Model:
    return parse(path.read_bytes())


def parse(blob: bytes) -> Model:
    data = json.loads(gzip.decompress(blob))
    vocabulary = {term: i for i, term in enumerate(data["terms"])}
    families = {}
    for name, fam in data["families"].items():
        labels = sorted(fam["intercepts"])
        w = np.zeros((len(vocabulary), len(labels)))
        for j, label in enumerate(labels):
            for i, v in fam["weights"][label].items():
                w[int(i), j] = v
        families[name] = Family(labels, fam["threshold"], np.array([fam["intercepts"][lab] for lab in labels]), w)
    return Model(vocabulary, np.array(data["idf"]), families)
