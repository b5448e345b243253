"""The themes engine's fixed words: the theme ids (domain.md), the lexicon's labels, and what a
classification of one answer holds. Shared by the lexicons, the other languages' urgent words and
the engine that puts them together, so that none of them imports another in a circle."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"
DEFAULT_LANGUAGE = "en"
URGENT = "urgent"
SPELLINGS = "spellings"
SAFETY = "safety"
HEALTH = "health"
NOT_URGENT = "not_urgent"
# The parts of ``not_urgent``: idioms hide the urgent words inside them; an answer with a past
# word and a resolved word, and none of the ongoing words, is about harm that is over.
GUARDS = ("idioms", "past", "resolved", "ongoing")

# The ids are fixed: exports and other councils' data use them (domain.md).
THEMES = {
    "home": "Where I live and the people I live with",
    "family_time": "Seeing or contacting parents, brothers, sisters, relatives, former carers",
    "friends": "Friends and relationships",
    "school": "School, college, learning, exams, teachers",
    "health": "Health, feelings, emotional and mental health",
    "social_worker": "My social worker, personal adviser and other workers",
    "review": "My review, my IRO, having a say, advocacy",
    "activities": "Hobbies, clubs, sport, trips, holidays",
    "money": "Pocket money, allowances, phone, clothes, savings",
    "identity": "Who I am: culture, faith, language, life story, appearance, sexuality",
    "independence": "Growing up, leaving care, work, own place, skills",
    "safety": "Feeling safe, bullying, being hurt, going missing, exploitation",
    "moving": "Moving home or school, or wanting to stay",
    "immigration": "Asylum claim, Home Office, age assessment, legal papers",
}
THEME_ORDER = {theme: index for index, theme in enumerate(THEMES)}


@dataclass
class Classification:
    """Suggested themes in the fixed order, the urgent flag, and the words behind each.

    ``evidence["urgent"]`` quotes the lexicon's urgent words. The classifier's part, when it ran:
    ``probability`` (calibrated, 0 to 1) and ``model_words``, the answer's words that weighed
    most when it says urgent. ``unreadable`` says why the engine could not read the answer
    (another language, no words), in which case nobody but a person has checked it for risk.
    """

    themes: list[str]
    urgent: bool
    evidence: dict[str, list[str]] = field(default_factory=dict)
    probability: float | None = None
    model_words: list[str] = field(default_factory=list)
    unreadable: str | None = None
    # The lexicon found words of harm but its not_urgent lists explained them all away (an idiom,
    # harm clearly over): the classifier then has to be sure on its own (see detect.py).
    explained: bool = False

    @property
    def lexicon_urgent(self) -> bool:
        return URGENT in self.evidence

    @property
    def model_urgent(self) -> bool:
        return bool(self.model_words) or (self.urgent and not self.lexicon_urgent)
