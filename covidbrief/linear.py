"""A scikit-learn logistic regression over sparse dict features, saved as plain JSON
(no pickles in shipped pipelines)."""

from __future__ import annotations

from typing import Any

import numpy as np


class LinearModel:
    """DictVectorizer + LogisticRegression, fitted with scikit-learn, applied with numpy."""

    def __init__(self, state: dict[str, Any] | None = None, C: float = 1.0):
        self.state = state
        self.C = C

    @property
    def fitted(self) -> bool:
        return self.state is not None

    def fit(self, rows: list[dict[str, float]], labels: list[str], seed: int = 0) -> "LinearModel":
        """Fit on feature dicts and their labels (at least two distinct labels)."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = DictVectorizer()
        X = vec.fit_transform(rows)
        model = LogisticRegression(max_iter=2000, C=self.C, random_state=seed)
        model.fit(X, labels)
        self.state = {
            "vocabulary": {k: int(v) for k, v in sorted(vec.vocabulary_.items())},
            "classes": [str(c) for c in model.classes_],
            "coef": model.coef_.round(6).tolist(),
            "intercept": model.intercept_.round(6).tolist(),
        }
        return self

    def predict_proba(self, row: dict[str, float]) -> dict[str, float]:
        """Class probabilities of one feature dict."""
        if self.state is None:
            raise RuntimeError("the model is not fitted; train the pipeline first")
        if getattr(self, "_arrays", None) is None or self._arrays[0] is not self.state:
            self._arrays = (self.state, np.asarray(self.state["coef"]).T.copy(), np.asarray(self.state["intercept"]))
        _, columns, intercept = self._arrays
        vocab = self.state["vocabulary"]
        scores = intercept.copy()
        for key, value in row.items():
            j = vocab.get(key)
            if j is not None:
                scores += value * columns[j]
        classes = self.state["classes"]
        if len(classes) == 2:  # scikit-learn's binary form: one row of weights
            p = float(1 / (1 + np.exp(-scores[0])))
            return {classes[0]: 1 - p, classes[1]: p}
        e = np.exp(scores - scores.max())
        return dict(zip(classes, (e / e.sum()).tolist()))

    def predict(self, row: dict[str, float]) -> str:
        """The most probable class."""
        probs = self.predict_proba(row)
        return max(probs, key=probs.get)
