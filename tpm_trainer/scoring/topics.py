"""Which question of the bank an answer reads as answering.

Each question is described by its own words: its title and prompt, and its rubric's concept labels,
hints and phrases. Words are weighted by how few questions use them (a word every rubric has, such as
"stakeholder", says little), and an answer is compared with every question by the cosine of the two
weighted word sets. An answer that shares far less with its own question than with another one is that
other question's answer: practices common to both (risks, monitoring, a status update) can still earn it
a few of this rubric's concepts, which is how such answers used to reach Hire.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..models import Concept, Question, Rubric
from .text import Token, fold, stem
from .wordclasses import FUNCTION_WORDS

OFF_TOPIC_SHARE = 0.65
"""An answer is another question's when its likeness to its own question is below this share of its
likeness to the closest question. Measured on the blind answer sets read so far (not behavioural
questions): 290 answers on their own question had at least 0.82, another question's strong answer at
most 0.54."""

STORY_OFF_TOPIC_SHARE = 0.25
"""The same for behavioural questions, far lower: a past story can come from any domain. Measured: 74
blind answers to their own behavioural question had at least 0.35; another question's strong answer
0.13 to 0.57, so only the clearest are caught."""

MIN_QUESTIONS = 20
"""Below this many questions with rubrics, word weights say too little to tell questions apart."""


@dataclass(frozen=True)
class CloserQuestion:
    """The question an answer reads as answering instead of its own."""

    question_id: str
    title: str
    share: float
    """Likeness to its own question as a share of likeness to this one (0-1)."""


def _stems(tokens: Iterable[Token]) -> Counter[str]:
    return Counter(
        token.stem
        for token in tokens
        if not token.is_number and len(token.norm) >= 3 and token.norm not in FUNCTION_WORDS
    )


_WORD_RE = re.compile(r"[^\W\d_]+")


def text_stems(text: str) -> Counter[str]:
    """Stems of a question's words, as `_stems` reads an answer's tokens; by regular expression, and
    each distinct word stemmed once, since a bank's rubric phrases run to a quarter of a million words."""
    stems: Counter[str] = Counter()
    for word, count in Counter(_WORD_RE.findall(fold(text))).items():
        if len(word) >= 3 and word not in FUNCTION_WORDS:
            stems[stem(word)] += count
    return stems


def _phrase_text(phrase: object) -> str:
    return phrase if isinstance(phrase, str) else str(getattr(phrase, "text", ""))


def concept_text(concept: Concept) -> str:
    """The words that describe a concept: its label, hint and phrases."""
    return "\n".join([concept.label, concept.hint, *map(_phrase_text, concept.phrases)])


def concept_stems(concept: Concept) -> frozenset[str]:
    """The distinct stems of a concept's own words (`concept_text`)."""
    return frozenset(text_stems(concept_text(concept)))


def question_text(question: Question, rubric: Rubric) -> str:
    """The words that describe a question: title, prompt and its rubric's labels, hints and phrases."""
    return "\n".join([question.title, question.prompt, *map(concept_text, rubric.concepts)])


class TopicIndex:
    """Weighted word sets of a bank's questions, for telling which question an answer addresses."""

    def __init__(
        self,
        texts: dict[str, str],
        titles: dict[str, str],
        concepts: Iterable[frozenset[str]] = (),
        questions: dict[str, tuple[Question, Rubric]] | None = None,
    ) -> None:
        counts = {question_id: text_stems(text) for question_id, text in texts.items()}
        spread: Counter[str] = Counter()
        for words in counts.values():
            spread.update(words.keys())
        total = len(counts)
        # A word every question uses weighs nothing; one question's own word weighs most.
        self._weights = {word: math.log(total / seen) for word, seen in spread.items()}
        self._vectors = {question_id: self._vector(words) for question_id, words in counts.items()}
        # word -> [(question id, weight)]: an answer is compared with every question in one pass over its words
        self._postings: dict[str, list[tuple[str, float]]] = {}
        for question_id, vector in self._vectors.items():
            for word, weight in vector.items():
                self._postings.setdefault(word, []).append((question_id, weight))
        self._titles = titles
        self._questions = questions or {}
        # Concept-level weights: a word few of the bank's concepts use tells one concept from another.
        concept_spread: Counter[str] = Counter()
        concept_count = 0
        for stems in concepts:
            concept_spread.update(stems)
            concept_count += 1
        self._concept_weights = {word: math.log(concept_count / seen) for word, seen in concept_spread.items()}
        self._unseen_concept_weight = math.log(concept_count) if concept_count else 0.0

    @classmethod
    def from_questions(cls, pairs: Iterable[tuple[Question, Rubric]]) -> TopicIndex:
        texts: dict[str, str] = {}
        titles: dict[str, str] = {}
        concepts: list[frozenset[str]] = []
        questions: dict[str, tuple[Question, Rubric]] = {}
        for question, rubric in pairs:
            texts[question.id] = question_text(question, rubric)
            titles[question.id] = question.title
            concepts += [concept_stems(concept) for concept in rubric.concepts]
            questions[question.id] = (question, rubric)
        return cls(texts, titles, concepts, questions)

    def question(self, question_id: str) -> tuple[Question, Rubric] | None:
        """One of the bank's questions with its rubric (None when the index was built from texts alone)."""
        return self._questions.get(question_id)

    def __len__(self) -> int:
        return len(self._vectors)

    @property
    def concept_count(self) -> int:
        """How many of the bank's concepts the concept-level weights were counted over."""
        return round(math.exp(self._unseen_concept_weight)) if self._unseen_concept_weight else 0

    def concept_weight(self, stem: str) -> float:
        """How much a word tells one concept of the bank from the others (a word no concept uses weighs
        as much as one only a single concept uses)."""
        return self._concept_weights.get(stem, self._unseen_concept_weight)

    def _vector(self, words: Counter[str]) -> dict[str, float]:
        weights = self._weights
        vector = {word: (1 + math.log(count)) * weights[word] for word, count in words.items() if word in weights}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {word: value / norm for word, value in vector.items()}

    def closer_question(
        self, question_id: str, tokens: list[Token], limit: float = OFF_TOPIC_SHARE
    ) -> CloserQuestion | None:
        """The question `tokens` read as answering, when it is not `question_id` and the answer shares
        less than `limit` as much with its own question; None otherwise, and always when the bank is
        too small to tell or does not know `question_id`."""
        own = self._vectors.get(question_id)
        if own is None or len(self._vectors) < MIN_QUESTIONS:
            return None
        answer = self._vector(_stems(tokens))
        if not answer:
            return None
        likeness: dict[str, float] = dict.fromkeys(self._vectors, 0.0)
        for word, value in answer.items():
            for other, weight in self._postings.get(word, ()):
                likeness[other] += value * weight
        closest = max(likeness, key=lambda other: (likeness[other], other == question_id))
        if closest == question_id or likeness[closest] <= 0:
            return None
        share = likeness[question_id] / likeness[closest]
        if share >= limit:
            return None
        return CloserQuestion(closest, self._titles.get(closest, closest), round(share, 2))
