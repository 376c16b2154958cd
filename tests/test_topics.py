"""The other-question check: an answer written for another question of the bank is capped as off-topic,
with the question it reads as answering named; answers on their own question never are."""

from __future__ import annotations

import pytest

from tpm_trainer.bank import Bank
from tpm_trainer.models import Question, Rubric
from tpm_trainer.scoring import score_answer
from tpm_trainer.scoring.text import tokenize
from tpm_trainer.scoring.topics import MIN_QUESTIONS, OFF_TOPIC_SHARE, STORY_OFF_TOPIC_SHARE, TopicIndex
from tpm_trainer.sources import Sources

SHIPPED: Bank = Sources.resolve(use_environment=False).load(cached=False)
WITH_MODEL_ANSWERS = sorted(q.id for q in SHIPPED.questions.values() if q.model_answer and SHIPPED.rubric_for(q.id))


def _limit(question: Question) -> float:
    return STORY_OFF_TOPIC_SHARE if question.kind == "behavioural" else OFF_TOPIC_SHARE


def test_the_index_covers_every_question_with_a_rubric() -> None:
    assert len(WITH_MODEL_ANSWERS) >= 132
    assert len(SHIPPED.topics) == len(WITH_MODEL_ANSWERS)


@pytest.mark.parametrize("question_id", WITH_MODEL_ANSWERS)
def test_a_model_answer_reads_as_its_own_question(question_id: str) -> None:
    question = SHIPPED.question(question_id)
    tokens = tokenize(question.model_answer or "")
    assert SHIPPED.topics.closer_question(question_id, tokens, _limit(question)) is None


# Pairs of unrelated questions: the second's model answer given to the first.
UNRELATED = [
    ("update-10k-servers", "rice-scoring-explained"),
    ("design-api-rate-limiter", "budget-overrun-midway"),
    ("rice-scoring-explained", "migrate-production-database-zero-downtime"),
    ("choose-database-sql-vs-nosql", "define-communicate-milestones"),
]


@pytest.mark.parametrize(("question_id", "written_for"), UNRELATED)
def test_another_questions_answer_is_capped_as_off_topic_and_names_that_question(
    question_id: str, written_for: str
) -> None:
    question = SHIPPED.question(question_id)
    other = SHIPPED.question(written_for)
    rubric = SHIPPED.rubric_for(question_id)
    assert rubric is not None
    closer = SHIPPED.topics.closer_question(question_id, tokenize(other.model_answer or ""))
    assert closer is not None and closer.question_id == written_for and 0 <= closer.share < OFF_TOPIC_SHARE
    report = score_answer(other.model_answer or "", rubric, question, SHIPPED.topics)
    caps = [cap for cap in report.caps if cap.kind == "off_topic"]
    assert len(caps) == 1 and other.title in caps[0].reason
    assert report.band == "No hire"
    # Without the bank's topics the scorer cannot tell, as before.
    assert not any(
        cap.reason == caps[0].reason for cap in score_answer(other.model_answer or "", rubric, question).caps
    )


def topic(index: int) -> str:
    """A made-up word of its own for each synthetic question (the tokeniser splits digits off)."""
    return "zz" + chr(97 + index // 26) + chr(97 + index % 26) + "x"


def synthetic(count: int) -> dict[str, str]:
    return {f"q{index}": f"{topic(index)} words about {topic(index)}" for index in range(count)}


def test_a_small_bank_or_an_unknown_question_is_never_judged() -> None:
    texts = synthetic(MIN_QUESTIONS - 1)
    small = TopicIndex(texts, {key: key for key in texts})
    big = TopicIndex(synthetic(MIN_QUESTIONS), {key: key for key in synthetic(MIN_QUESTIONS)})
    other = f"{topic(1)} {topic(1)} {topic(1)} words"
    assert small.closer_question("q0", tokenize(other)) is None
    assert big.closer_question("q0", tokenize(other)) is not None
    assert big.closer_question("unknown", tokenize(other)) is None
    assert big.closer_question("q0", tokenize("")) is None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (f"{topic(0)} is what I would do, then {topic(0)} again", None),
        (f"{topic(3)} first, then {topic(3)} with care", "q3"),
        (f"{topic(0)} once, then " + " ".join([topic(3)] * 8), "q3"),
        (f"{topic(0)} and {topic(3)} in equal measure", None),
        ("nothing any question uses", None),
    ],
)
def test_the_closest_question_is_named_only_when_the_own_question_is_far_behind(
    answer: str, expected: str | None
) -> None:
    texts = synthetic(MIN_QUESTIONS + 2)
    index = TopicIndex(texts, {key: key.upper() for key in texts})
    closer = index.closer_question("q0", tokenize(answer))
    assert (closer.question_id if closer else None) == expected
    if closer is not None and expected is not None:
        assert closer.title == expected.upper()


def _synthetic_bank(concepts: dict[int, list[tuple[str, int]]]) -> TopicIndex:
    """A bank of MIN_QUESTIONS + 2 questions, each about its own made-up word; the questions named in
    `concepts` get those (phrase, weight) concepts, the others one concept on their word."""
    pairs = []
    for index in range(MIN_QUESTIONS + 2):
        question = Question.model_validate(
            {
                "id": f"q{index}",
                "title": f"Q{index}",
                "prompt": f"What would you do about {topic(index)} words?",
                "category": "program-planning",
                "difficulty": "medium",
                "kind": "scenario",
            }
        )
        items = concepts.get(index, [(topic(index), 1)])
        rubric = Rubric.model_validate(
            {
                "question": question.id,
                "concepts": [
                    {"id": f"c{number}", "label": phrase, "weight": weight, "phrases": [phrase]}
                    for number, (phrase, weight) in enumerate(items)
                ],
            }
        )
        pairs.append((question, rubric))
    return TopicIndex.from_questions(pairs)


LEANING = " ".join(f"We talked about {topic(3)} and {topic(3)} words for a while." for _ in range(20))


@pytest.mark.parametrize(
    ("answer", "off_topic"),
    [
        # Its words lean to q3, but it covers q0's rubric fully and q3's not at all: q0's answer after all.
        (f"We would write the alpha plan first, because it saves a week of rework. {LEANING}", False),
        # It covers q0's rubric in part (75%, a passing share) and q3's fully: q3's answer.
        (f"We would write the alpha plan first, because it saves a week. We chose the beta path. {LEANING}", True),
    ],
)
def test_an_answer_leaning_to_another_question_is_scored_against_its_rubric_first(answer: str, off_topic: bool) -> None:
    index = _synthetic_bank({0: [("alpha plan", 3), ("gamma step", 1)], 3: [("beta path", 1)]})
    question, rubric = index.question("q0") or (None, None)
    assert question is not None and rubric is not None
    assert index.closer_question("q0", tokenize(answer)) is not None  # the words alone lean to q3
    report = score_answer(answer, rubric, question, index)
    assert any(cap.kind == "off_topic" for cap in report.caps) is off_topic


@pytest.mark.parametrize(
    ("covered", "off_topic"),
    [
        # Below Hire, but three of its own concepts used: scored against q3's rubric first, and it covers its
        # own better, so it is a thin answer to q0, not q3's answer (scorer 2.9).
        (["alpha", "gamma", "delta"], False),
        # Two used: judged on its words, as before.
        (["alpha", "gamma"], True),
    ],
)
def test_a_thin_answer_using_three_of_its_concepts_gets_the_second_opinion(covered: list[str], off_topic: bool) -> None:
    own = [("alpha", 1), ("gamma", 1), ("delta", 1), ("epsilon", 3), ("zeta", 3)]
    index = _synthetic_bank({0: own, 3: [("beta path", 1)]})
    question, rubric = index.question("q0") or (None, None)
    assert question is not None and rubric is not None
    said = " ".join(f"We would write the {phrase} first, because it saves a week of rework." for phrase in covered)
    answer = f"{said} {LEANING} {LEANING}"
    assert index.closer_question("q0", tokenize(answer)) is not None  # the words alone lean to q3
    report = score_answer(answer, rubric, question, index)
    assert report.band not in ("Hire", "Strong hire")  # below Hire either way
    assert any(cap.kind == "off_topic" for cap in report.caps) is off_topic
