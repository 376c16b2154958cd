"""Resuming a mock interview left part-way: the session knows what was answered before it was left."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from tpm_trainer.bank import load_bank
from tpm_trainer.session import InterviewSession, MockConfig

APP_FIXTURES = Path(__file__).parent / "app" / "fixtures"
NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def test_resumed_mock_counts_the_answers_given_before_it_was_left(store):
    bank = load_bank([APP_FIXTURES / "questions"], [APP_FIXTURES / "rubrics"])
    session = InterviewSession.start_mock(store, bank, MockConfig(count=2), rng=random.Random(2), now=lambda: NOW)
    assert session is not None
    session.begin()
    first = session.submit(store, "We roll out in waves with a canary and roll back on errors.")
    assert session.next_question()
    session.begin()
    assert session.leave(store, "I told the sponsor early")
    (draft,) = store.drafts()

    resumed = InterviewSession.resume(store, bank, draft, now=lambda: NOW)
    assert resumed.index == 1
    assert resumed.attempt_ids == [first.attempt_id]
    resumed.begin()
    second = resumed.submit(store, "I told the sponsor early and re-planned the scope with the team.")
    assert resumed.attempt_ids == [first.attempt_id, second.attempt_id]
    assert resumed.skipped == []


def test_resumed_mock_remembers_a_question_skipped_before_it_was_left(store):
    bank = load_bank([APP_FIXTURES / "questions"], [APP_FIXTURES / "rubrics"])
    session = InterviewSession.start_mock(store, bank, MockConfig(count=2), rng=random.Random(2), now=lambda: NOW)
    assert session is not None
    skipped_id = session.current.id
    session.begin()
    session.skip(store, "")
    assert session.next_question()
    session.begin()
    session.leave(store, "half an answer")
    (draft,) = store.drafts()

    resumed = InterviewSession.resume(store, bank, draft, now=lambda: NOW)
    assert resumed.attempt_ids == []
    assert resumed.skipped == [skipped_id]
