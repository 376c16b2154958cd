"""The interview engine without any interface: real SQLite files, the real scorer, a hand-moved clock."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tpm_trainer.bank import load_bank
from tpm_trainer.mentor.provenance import stamp_report
from tpm_trainer.scoring import score_answer, score_follow_up
from tpm_trainer.session import (
    MAX_ANSWER_CHARS,
    MOCK_SETTING,
    AnswerTooLong,
    InterviewSession,
    MockConfig,
    QuestionClock,
    plan_mock,
)

APP_FIXTURES = Path(__file__).parent / "app" / "fixtures"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
GOOD_ROLLOUT = (
    "I would start with a canary on a few servers, then roll out in waves. Between waves we check "
    "health checks and monitor errors and latency. If anything breaks we roll back automatically."
)


class HandClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def bank():
    loaded = load_bank([APP_FIXTURES / "questions"], [APP_FIXTURES / "rubrics"])
    assert not loaded.errors
    return loaded


@pytest.fixture
def hand_clock():
    return HandClock()


def practice(bank, hand_clock, question_id="fleet-rollout") -> InterviewSession:
    return InterviewSession.practice(bank, question_id, clock=hand_clock, now=lambda: NOW)


def test_clock_runs_from_its_start_and_has_no_pause(hand_clock):
    clock = QuestionClock(60, used_before=10, clock=hand_clock)
    hand_clock.now += 45
    assert clock.used == 55 and clock.remaining == 5 and not clock.expired
    assert not hasattr(clock, "pause")
    hand_clock.now += 10
    assert clock.expired
    assert clock.stop() == 65
    hand_clock.now += 100
    assert clock.used == 65 and not clock.running


def test_practice_answer_then_follow_up_graded_on_misses(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    turn = session.begin()
    session.save_draft(store, "We use a canary")
    assert [d.question_id for d in store.drafts()] == ["fleet-rollout"]
    hand_clock.now += 42
    answer = "We use a canary and then roll back if errors."
    result = session.submit(store, answer)
    assert store.drafts() == []  # the draft went in the same transaction as the attempt
    main = store.attempt(result.attempt_id)
    rubric = bank.rubric_for("fleet-rollout")
    assert main.report == stamp_report(score_answer(answer, rubric), bank)  # named after its rubric file
    assert main.time_used_seconds == 42 and main.started_at == NOW.isoformat(timespec="seconds")
    assert result.follow_up == "Which metrics would stop the rollout?"
    follow_turn = session.turn
    assert follow_turn is not turn and follow_turn.is_follow_up and follow_turn.clock.limit_seconds == 180
    follow_answer = "Error rate and latency; health checks failing."
    hand_clock.now += 20
    follow = session.submit(store, follow_answer)
    assert follow.follow_up is None
    stored = store.attempt(follow.attempt_id)
    assert stored.parent_attempt_id == main.id and stored.prompt == result.follow_up
    assert stored.report == stamp_report(score_follow_up(follow_answer, rubric, main.report), bank)
    assert stored.time_used_seconds == 20
    assert session.attempt_ids == [main.id]  # a follow-up is not a main answer of the session


def test_follow_up_score_enters_no_average(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    session.begin()
    main = session.submit(store, "We use a canary and then roll back if errors.")
    session.submit(store, "Error rate and latency; health checks failing; canary; waves; roll back.")
    totals = store.totals()
    assert totals["average"] == pytest.approx(main.report.score)
    assert [row["average"] for row in store.category_stats()] == [pytest.approx(main.report.score)]


def test_resume_continues_the_clock_with_time_already_used(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    session.begin()
    hand_clock.now += 70
    assert session.leave(store, "Canary first")
    (draft,) = store.drafts()
    assert draft.time_used_seconds == 70
    hand_clock.now += 1000  # time away from the question is not counted
    resumed = InterviewSession.resume(store, bank, draft, clock=hand_clock, now=lambda: NOW)
    turn = resumed.begin()
    assert turn.draft_id == draft.id and turn.clock.used == 70
    hand_clock.now += 5
    result = resumed.submit(store, "Canary first, then waves")
    assert store.attempt(result.attempt_id).time_used_seconds == 75
    assert store.drafts() == []


def test_resume_of_a_follow_up_draft_grades_it_on_the_main_answer(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    session.begin()
    main = session.submit(store, "We use a canary and then roll back if errors.")
    session.leave(store, "Error rate")
    (draft,) = store.drafts()
    assert draft.parent_attempt_id == main.attempt_id
    resumed = InterviewSession.resume(store, bank, draft, clock=hand_clock, now=lambda: NOW)
    turn = resumed.begin()
    assert turn.is_follow_up and turn.follow_up == main.follow_up
    done = resumed.submit(store, "Error rate and latency")
    rubric = bank.rubric_for("fleet-rollout")
    assert done.report == stamp_report(score_follow_up("Error rate and latency", rubric, main.report), bank)
    assert store.attempt(done.attempt_id).parent_attempt_id == main.attempt_id


def test_mock_plan_avoids_recently_answered_questions(store, bank, hand_clock):
    config = MockConfig(count=1, avoid_recent_days=7)
    first = InterviewSession.start_mock(store, bank, config, rng=random.Random(1), clock=hand_clock, now=lambda: NOW)
    first.begin()
    first.submit(store, GOOD_ROLLOUT)
    answered = first.current.id
    for seed in range(10):
        later = InterviewSession.start_mock(
            store, bank, config, rng=random.Random(seed), clock=hand_clock, now=lambda: NOW
        )
        assert later.current.id != answered
    # with the window at 0 days, any question may come back
    assert {
        plan_mock(bank, MockConfig(count=1, avoid_recent_days=0), random.Random(seed))[0].id for seed in range(20)
    } == set(bank.rubrics)
    assert store.get_setting(MOCK_SETTING)["avoid_recent_days"] == 7


def test_mock_plan_falls_back_to_recent_questions_when_too_few_are_left(bank):
    plan = plan_mock(bank, MockConfig(count=2), random.Random(3), recent={"fleet-rollout"})
    assert sorted(q.id for q in plan) == ["fleet-rollout", "missed-deadline"]
    assert plan[0].id == "missed-deadline"


def test_full_mock_skip_and_finish(store, bank, hand_clock):
    session = InterviewSession.start_mock(
        store, bank, MockConfig(count=2), rng=random.Random(2), clock=hand_clock, now=lambda: NOW
    )
    assert session.mode == "mock" and len(session.questions) == 2
    session.begin()
    assert not session.skip(store, "")
    assert session.next_question()
    session.begin()
    result = session.submit(store, GOOD_ROLLOUT if session.current.id == "fleet-rollout" else "I escalated early.")
    if result.follow_up:
        session.skip(store, "")
    assert not session.next_question()
    session.finish(store)
    assert store.session(session.session_id)["ended_at"] is not None
    assert len(session.skipped) == 1 and len(session.attempt_ids) == 1


def test_an_answer_over_the_limit_is_refused_and_nothing_is_stored(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    session.begin()
    with pytest.raises(AnswerTooLong, match="200,000"):
        session.submit(store, "x " * (MAX_ANSWER_CHARS // 2 + 1))
    assert store.count_attempts() == 0
    assert session.turn is not None and not session.turn.closed


def test_question_without_rubric_is_stored_unscored_with_its_follow_up_absent(store, bank, hand_clock):
    session = practice(bank, hand_clock, "no-rubric")
    session.begin()
    result = session.submit(store, "A whiteboard.")
    assert result.report is None and result.follow_up is None
    assert store.attempt(result.attempt_id).score is None


def test_a_closed_turn_writes_no_draft(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    turn = session.begin()
    session.submit(store, "Canary")
    assert session.save_draft(store, "late autosave", turn) is None
    assert store.drafts() == []


def test_a_late_older_draft_save_does_not_overwrite_newer_text(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    turn = session.begin()
    session.save_draft(store, "newer text", turn, revision=2)
    session.save_draft(store, "older text", turn, revision=1)
    assert [d.answer for d in store.drafts()] == ["newer text"]


def test_a_main_answer_is_scored_with_its_question_so_the_scenario_check_applies(store, bank, hand_clock):
    session = practice(bank, hand_clock)
    session.begin()
    answer = (
        "Our bakery changed its bread recipe last spring. The village liked the sourdough more than the rye, "
        "so the owner hired two more bakers and opened earlier on weekends to sell more loaves."
    )
    result = session.submit(store, answer)
    rubric = bank.rubric_for("fleet-rollout")
    stored = store.attempt(result.attempt_id).report
    assert stored == stamp_report(score_answer(answer, rubric, bank.questions["fleet-rollout"]), bank)
    assert "off_topic" in [cap.kind for cap in stored.caps]
    assert "off_topic" not in [cap.kind for cap in score_answer(answer, rubric).caps]  # without the question
