"""Concepts said in other words.

A rubric's phrases miss an expert who says a practice in everyday words ("each risk gets one person who
answers for it" for a named risk owner). In a developed answer, a sentence that shares enough of a
concept's own distinctive words (its label, hint and phrases, less the question's title and prompt, which
every answer repeats) earns the concept as *mentioned*: a share of its weight, never the full weight of a
use, with the sentence as evidence and the shared words in the report. Words are weighed by how few of the
bank's concepts use them (`TopicIndex.concept_weight`), so "team" or "plan" count for little.

Only developed answers qualify (DESCRIBED_MIN_WORDS): in a short answer, a sentence near a concept's words
is a passing mention at most, and the blind medium, weak and gaming answers measured are all shorter.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Concept, ConceptResult, Evidence, Question
from .text import Token, sentence_around
from .topics import TopicIndex, concept_stems, text_stems
from .wordclasses import FUNCTION_WORDS

DESCRIBED_MIN_WORDS = 250
"""Fewest words an answer needs before its sentences can describe a concept (blind strong and plain
answers run 350-450 words; medium, weak and gaming ones 60-180)."""

DESCRIBED_MIN_WEIGHT = 10.0
"""Least summed weight of the distinctive words one sentence must share with a concept (two or three words
that few concepts use). Scorer 2.4 asked 16 (about three such words): the best sentence reached it for about
a quarter of the concepts plain answers missed, a tenth of those medium answers missed and a twentieth of
another question's answer's concepts. Scorer 2.5, measured on the 78 questions of blind answers read so far
(visible set, held-out sets one to five, and the development half of the sixth): at 12, plain answers at
Hire or better 81% -> 86%, with one more gaming answer (of 648) at Hire (another question's story); medium,
weak and gaming answers are shorter than DESCRIBED_MIN_WORDS and do not move. Of 25 sentences the change
newly credits in plain answers, read one by one, about 20 describe the concept and 5 do not (a mention's
credit at most). Scorer 2.8 asks 10: on the blind sets read (140 shipped questions, 46 foreign), plain
answers at Hire or better rose on four sets (held-out three 78% -> 89%, five 88% -> 96%, first foreign
held-out 90% -> 100%), strong > medium > weak on three more questions, and one more gaming answer (of about
1,400) reached Hire (another question's strong answer); 11 moved almost nothing. Precision fell: of 18 of
the 59 sentences newly credited in strong and plain answers, read one by one, about 11 describe the concept
and 7 do not. A mention earns half a concept's weight at most, so an answer of mentions alone stays below
Hire."""

DESCRIBED_PAIR_MIN_WEIGHT = 16.0
"""The same for two sentences in a row (a claim and its reason, often): a higher bar, since two sentences
hold more words (scorer 2.4 asked 20; measured with DESCRIBED_MIN_WEIGHT above)."""

MIN_SENTENCE_WORDS = 5
"""Shorter sentences (headings, list items) describe nothing."""

SHOWN_WORDS = 4
"""Shared words quoted in the report."""


@dataclass(frozen=True)
class Description:
    """A sentence of the answer that describes a concept in other words."""

    start: int
    end: int
    weight: float
    words: tuple[str, ...]
    """The shared words, as written in the answer, heaviest first."""


def _sentences(tokens: list[Token]) -> list[list[Token]]:
    """The answer's sentences as lists of content-word tokens (no numbers, no function words)."""
    sentences: dict[int, list[Token]] = {}
    for token in tokens:
        if not token.is_number and len(token.norm) >= 3 and token.norm not in FUNCTION_WORDS:
            sentences.setdefault(token.sentence, []).append(token)
    return [words for words in sentences.values() if len(words) >= MIN_SENTENCE_WORDS]


def _question_stems(question: Question | str | None) -> frozenset[str]:
    if isinstance(question, Question):
        return frozenset(text_stems(f"{question.title}\n{question.prompt}"))
    return frozenset(text_stems(question)) if question else frozenset()


def describe(
    concept: Concept, sentences: list[list[Token]], question_words: frozenset[str], topics: TopicIndex
) -> Description | None:
    """The sentence that best describes `concept` in other words, if it shares enough weight with it;
    failing that, the best two sentences in a row that clear the higher bar for two."""
    vocabulary = concept_stems(concept) - question_words
    single = _best(sentences, vocabulary, topics, DESCRIBED_MIN_WEIGHT)
    if single is not None:
        return single
    pairs = [first + second for first, second in zip(sentences, sentences[1:], strict=False)]
    return _best(pairs, vocabulary, topics, DESCRIBED_PAIR_MIN_WEIGHT)


def _best(
    passages: list[list[Token]], vocabulary: frozenset[str], topics: TopicIndex, least: float
) -> Description | None:
    """The passage sharing the most weight with `vocabulary`, if it shares at least `least`."""
    best: Description | None = None
    for words in passages:
        shared: dict[str, Token] = {}
        for token in words:
            if token.stem in vocabulary and token.stem not in shared:
                shared[token.stem] = token
        weight = sum(topics.concept_weight(stem) for stem in shared)
        if weight >= least and (best is None or weight > best.weight):
            heaviest = sorted(shared, key=topics.concept_weight, reverse=True)[:SHOWN_WORDS]
            best = Description(words[0].start, words[-1].end, weight, tuple(shared[stem].norm for stem in heaviest))
    return best


def credit_described(
    answer: str,
    tokens: list[Token],
    concepts: list[Concept],
    results: list[ConceptResult],
    question: Question | str | None,
    topics: TopicIndex,
    mention_credit: float,
) -> None:
    """Turn each missed concept that a sentence describes in other words into a mention, in place."""
    sentences = _sentences(tokens)
    if not sentences:
        return
    question_words = _question_stems(question)
    by_id = {concept.id: concept for concept in concepts}
    for position, result in enumerate(results):
        concept = by_id.get(result.id)
        if result.kind != "concept" or result.level != "missed" or result.note or concept is None:
            continue
        found = describe(concept, sentences, question_words, topics)
        if found is None:
            continue
        quoted = ", ".join(f"\u201c{word}\u201d" for word in found.words)
        results[position] = result.model_copy(
            update={
                "hit": True,
                "level": "mentioned",
                "credit": round(concept.weight * mention_credit, 3),
                "why": f"said in other words: the sentence shares {quoted} with the concept (a mention's credit)",
                "evidence": Evidence(
                    phrase="(said in other words)",
                    text=answer[found.start : found.end],
                    span=(found.start, found.end),
                    sentence=sentence_around(answer, found.start, found.end),
                ),
                "probe": "",
            }
        )
