"""A trained classifier for urgent answers, beside the lexicon: it reads how children write.

The lexicon (``engine.py``) finds the words its authors thought of; children describe harm in
words nobody listed ("she pinned me down", "i keep my tablets in a sock"). This model learns from
labelled answers instead: TF-IDF over word 1-2 grams and character 2-5 grams inside words (so
misspellings and text-speak share features with the spelt word), a linear support vector machine,
and calibrated probabilities (scikit-learn's ``CalibratedClassifierCV``, Platt scaling) so that
the threshold means the same from one training run to the next.

Nothing here knows our own sentences or harm categories: :func:`train` takes any rows with
``text``, ``urgent`` and ``split`` (``train``, ``dev``, ``test``), so a council can retrain on its
own labelled answers (for example the IRO's "should have been urgent" marks, exported in the same
columns). The threshold is the highest probability that still finds at least ``recall`` of the
urgent answers in the ``dev`` split; it is kept in the model file.

The file is a joblib pickle of scikit-learn objects, so scikit-learn is pinned (pyproject.toml)
and the version that built it is recorded: a model is only loaded by the version it was made with.
Training is deterministic (fixed seeds, single-threaded solvers), so the same data gives the same
file. The shipped model is ``models/urgent_en.joblib``, built by ``flask --app wsgi themes train``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL = MODEL_DIR / "urgent_en.joblib"
FORMAT = 1
SEED = 20240611
DEFAULT_RECALL = 0.97
# How many of an answer's words are shown to the IRO as what weighed most.
EVIDENCE_WORDS = 5
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Words as the word n-grams see them: letters and digits, apostrophes dropped ("dont" = "don't").
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@lru_cache(maxsize=1)
def _little_words() -> frozenset[str]:
    # scikit-learn is imported only once a model is used, not whenever the app starts.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    # Kept: they carry the harm in "hurts me", "on my own", "no food".
    return frozenset(ENGLISH_STOP_WORDS - {"me", "my", "myself", "alone", "no", "nobody", "never"})


class ModelError(RuntimeError):
    """The model file cannot be used; the message says why in plain words."""


def prepare(text: str) -> str:
    """Lower case, straight apostrophes, apostrophes dropped: how children often write anyway."""
    return (text or "").translate(_QUOTES).lower().replace("'", "")


def words_of(text: str) -> list[str]:
    return WORD.findall(prepare(text))


@dataclass
class Prediction:
    """The model's probability that an answer is urgent, and the words that weighed most."""

    probability: float
    urgent: bool
    words: list[str] = field(default_factory=list)


def _pipeline(seed: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion(
        [
            (
                "words",
                TfidfVectorizer(
                    preprocessor=prepare,
                    token_pattern=r"[^\W_]+",
                    ngram_range=(1, 2),
                    min_df=2,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            (
                "chars",
                TfidfVectorizer(
                    preprocessor=prepare,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
        ]
    )
    model = CalibratedClassifierCV(
        LinearSVC(C=0.5, class_weight="balanced", random_state=seed, max_iter=5000),
        method="sigmoid",
        cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=seed),
        # One linear model fitted on everything, calibrated on cross-validated scores: smaller
        # than five, and its weights are the evidence shown to the IRO.
        ensemble=False,
    )
    return Pipeline([("features", features), ("model", model)])


def _threshold(probabilities: np.ndarray, labels: np.ndarray, recall: float) -> float:
    """The highest threshold at which at least ``recall`` of the urgent answers are found."""
    urgent = np.sort(probabilities[labels == 1])
    if urgent.size == 0:
        return 0.5
    # Missing at most this many urgent answers keeps recall at or above the target.
    allowed = int(np.floor(urgent.size * (1 - recall) + 1e-9))
    return float(urgent[allowed])


@dataclass
class UrgentModel:
    """A trained pipeline, its threshold, and what it was trained on."""

    pipeline: object
    threshold: float
    info: dict
    _feature_names: list[tuple[bool, str]] | None = field(default=None, repr=False)
    _coef: np.ndarray | None = field(default=None, repr=False)
    _chars: object = field(default=None, repr=False)

    def vocabulary(self) -> set[str]:
        """The single words the model knows (from the answers it was trained on)."""
        words = self.pipeline.named_steps["features"].transformer_list[0][1].vocabulary_
        return {gram for gram in words if " " not in gram}

    def probabilities(self, texts: list[str]) -> np.ndarray:
        return self.pipeline.predict_proba(texts)[:, 1]

    def predict(self, text: str, explain: bool = True) -> Prediction:
        return self.predict_many([text], explain)[0]

    def predict_many(self, texts: list[str], explain: bool = True) -> list[Prediction]:
        """Probabilities for many answers, and the weightiest words of those found urgent.

        The answers are turned into features once, for both: that is most of the work.
        """
        if not texts:
            return []
        features = self.pipeline.named_steps["features"].transform(texts).tocsr()
        scores = self.pipeline.named_steps["model"].predict_proba(features)[:, 1]
        predictions = []
        for number, (text, score) in enumerate(zip(texts, scores, strict=True)):
            urgent = bool(score >= self.threshold)
            words = self._weighed(text, features[number]) if explain and urgent else []
            predictions.append(Prediction(float(score), urgent, words))
        return predictions

    def _names(self) -> list[tuple[bool, str]]:
        """Each feature as (is a word n-gram, its words or characters)."""
        if self._feature_names is None:
            names = self.pipeline.named_steps["features"].get_feature_names_out()
            self._feature_names = [
                (kind == "words", gram)
                for kind, _, gram in (name.partition("__") for name in names)
            ]
        return self._feature_names

    def _weights(self) -> np.ndarray:
        if self._coef is None:
            model = self.pipeline.named_steps["model"]
            self._coef = np.asarray(model.calibrated_classifiers_[0].estimator.coef_).ravel()
        return self._coef

    def weighed_words(self, text: str, count: int = EVIDENCE_WORDS) -> list[str]:
        row = self.pipeline.named_steps["features"].transform([text]).tocsr()
        return self._weighed(text, row, count)

    def _weighed(self, text: str, row, count: int = EVIDENCE_WORDS) -> list[str]:
        """The answer's words that pushed most towards urgent, most first, as the child wrote them.

        Each feature's part of the decision is its TF-IDF value times its weight. A word n-gram's
        part goes to each of its words; a character n-gram lies inside one word (``char_wb``), so
        its part goes to the words that contain it.
        """
        weights, names = self._weights(), self._names()
        if self._chars is None:
            self._chars = (
                self.pipeline.named_steps["features"].transformer_list[1][1].build_analyzer()
            )
        chars = self._chars
        # Which of the answer's words each character n-gram lies in.
        inside: dict[str, list[str]] = {}
        for word in set(words_of(text)):
            for gram in set(chars(word)):
                inside.setdefault(gram, []).append(word)
        score: dict[str, float] = {}
        for index, value in zip(row.indices, row.data, strict=True):
            part = float(value * weights[index])
            is_words, gram = names[index]
            owners = gram.split() if is_words else inside.get(gram, [])
            for word in owners:
                score[word] = score.get(word, 0.0) + part / len(owners)
        ranked = [w for s, w in sorted(((s, w) for w, s in score.items() if s > 0), reverse=True)]
        # Little words ("and", "to") weigh in n-grams but tell an IRO nothing on their own.
        telling = [w for w in ranked if w not in _little_words()] or ranked
        top = set(telling[:count])
        # In the order the child wrote them, once each, in their own letters.
        shown, seen = [], set()
        for match in WORD.finditer(text or ""):
            key = prepare(match.group())
            if key in top and key not in seen:
                seen.add(key)
                shown.append(match.group())
        return shown


def read_rows(paths: Iterable[Path]) -> list[dict]:
    """Labelled answers from CSV files with at least ``text``, ``urgent`` and ``split`` columns."""
    import csv

    rows = []
    for path in paths:
        with Path(path).open(encoding="utf-8", newline="") as file:
            reader = csv.DictReader(file)
            missing = {"text", "urgent", "split"} - set(reader.fieldnames or [])
            if missing:
                raise ModelError(
                    f"{Path(path).name}: needs the columns {', '.join(sorted(missing))}"
                )
            for line, row in enumerate(reader, start=2):
                if row["urgent"] not in ("0", "1"):
                    raise ModelError(f"{Path(path).name}, line {line}: urgent must be 0 or 1")
                rows.append({**row, "urgent": row["urgent"] == "1"})
    return rows


def train(
    rows: list[dict], recall: float = DEFAULT_RECALL, seed: int = SEED
) -> tuple[UrgentModel, dict]:
    """Fit on the ``train`` split and pick the threshold on the ``dev`` split.

    Returns the model and what was measured on ``dev`` (never on ``test``: that split is for the
    final figures only).
    """
    import sklearn

    train_rows = [r for r in rows if r["split"] == "train"]
    dev_rows = [r for r in rows if r["split"] == "dev"]
    labels = np.array([int(r["urgent"]) for r in train_rows])
    if len(set(labels)) < 2 or min(np.bincount(labels)) < 5:
        raise ModelError("the train split needs at least 5 urgent and 5 not urgent answers")
    pipeline = _pipeline(seed)
    pipeline.fit([r["text"] for r in train_rows], labels)
    model = UrgentModel(pipeline, 0.5, {})
    if dev_rows:
        dev_labels = np.array([int(r["urgent"]) for r in dev_rows])
        dev_scores = model.probabilities([r["text"] for r in dev_rows])
        model.threshold = _threshold(dev_scores, dev_labels, recall)
    measured = measure(model, dev_rows) if dev_rows else {}
    model.info = {
        "format": FORMAT,
        "sklearn": sklearn.__version__,
        "seed": seed,
        "target_recall": recall,
        "train_answers": len(train_rows),
        "train_urgent": int(labels.sum()),
        "dev": measured,
    }
    return model, measured


def measure(model: UrgentModel, rows: list[dict]) -> dict:
    """Precision and recall of the model alone on some labelled rows."""
    if not rows:
        return {}
    scores = model.probabilities([r["text"] for r in rows])
    flagged = scores >= model.threshold
    truth = np.array([bool(r["urgent"]) for r in rows])
    found = int((flagged & truth).sum())
    return {
        "answers": len(rows),
        "urgent": int(truth.sum()),
        "found": found,
        "false_alarms": int((flagged & ~truth).sum()),
        "recall": found / max(int(truth.sum()), 1),
        "precision": found / max(int(flagged.sum()), 1),
    }


def save(model: UrgentModel, path: Path = DEFAULT_MODEL) -> Path:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    for _name, vectorizer in model.pipeline.named_steps["features"].transformer_list:
        # scikit-learn remembers the memory address of the stop-word list it last checked: a
        # different number in every process, and the only thing that kept two builds apart.
        vars(vectorizer).pop("_stop_words_id", None)
    payload = {"info": model.info, "threshold": model.threshold, "pipeline": model.pipeline}
    # The same bytes for the same model: no timestamps are stored, and compression is fixed.
    joblib.dump(payload, path, compress=("zlib", 6), protocol=4)
    return path


def load(path: Path = DEFAULT_MODEL) -> UrgentModel:
    """Load a model file, refusing one made by another version of scikit-learn."""
    import joblib
    import sklearn

    try:
        payload = joblib.load(path)
    except FileNotFoundError as error:
        raise ModelError(f"{path.name}: there is no model file; run `themes train`") from error
    info = payload.get("info", {})
    if info.get("format") != FORMAT:
        raise ModelError(f"{path.name}: made for another version of this app; retrain it")
    if info.get("sklearn") != sklearn.__version__:
        raise ModelError(
            f"{path.name}: made with scikit-learn {info.get('sklearn')}, this is "
            f"{sklearn.__version__}; install the pinned version or retrain"
        )
    return UrgentModel(payload["pipeline"], float(payload["threshold"]), info)


@lru_cache(maxsize=4)
def _shipped(path: str) -> UrgentModel | None:
    try:
        return load(Path(path))
    except ModelError as error:
        # Loud in the logs (never the child's words): the lexicon still runs, with less recall.
        log.error("The urgent classifier is off: %s", error)
        return None


def shipped_model() -> UrgentModel | None:
    """The model shipped with the app, loaded once; None (logged) when it cannot be used."""
    return _shipped(str(DEFAULT_MODEL))


def clear_cache() -> None:
    _shipped.cache_clear()
