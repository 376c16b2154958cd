"""Spaced repetition rated from scores: ratings, the replayed FSRS schedule, and `tpm-trainer next`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from fsrs import Rating

from tpm_trainer.cli import main
from tpm_trainer.practice import due_list, rating_for, record_hints
from tpm_trainer.practice.queries import reviews
from tpm_trainer.scoring import score_answer

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"
NO_HIRE_ROLLOUT = "Push it everywhere all at once."
STRONG_STORY = "I decided to cut scope, I met the stakeholders and we shipped 2 weeks early."


def answer(store, bank, question_id: str, text: str, when: datetime, parent: int | None = None) -> int:
    question = bank.questions[question_id]
    report = score_answer(text, bank.rubric_for(question_id))
    stamp = when.isoformat(timespec="seconds")
    return store.save_attempt(
        question_id=question_id,
        category=question.category,
        answer=text,
        started_at=stamp,
        ended_at=stamp,
        mode="practice",
        report=report,
        parent_attempt_id=parent,
    )


def test_bands_map_to_ratings_and_hints_lower_one_step():
    assert rating_for("No hire", 10) == Rating.Again
    assert rating_for("Lean no hire", 45) == Rating.Hard
    assert rating_for("Hire", 65) == Rating.Good
    assert rating_for("Strong hire", 90) == Rating.Easy
    assert rating_for("Strong hire", 90, hints_used=2) == Rating.Good
    assert rating_for("No hire", 10, hints_used=1) == Rating.Again
    # A rubric with band names of its own is rated from the score.
    assert rating_for("Excellent", 85) == Rating.Easy
    assert rating_for("Poor", 12) == Rating.Again


def test_follow_ups_are_not_reviews_and_hints_are_read_back(store, fixture_bank):
    when = datetime(2025, 1, 6, 9, tzinfo=UTC)
    main_id = answer(store, fixture_bank, "fx-story", STRONG_STORY, when)
    answer(store, fixture_bank, "fx-story", "We shipped.", when + timedelta(minutes=5), parent=main_id)
    record_hints(store, main_id, 2)
    found = reviews(store)
    assert [(r.attempt_id, r.hints_used) for r in found] == [(main_id, 2)]
    assert found[0].band == "Strong hire"
    assert found[0].rating == Rating.Good  # Easy lowered by the hints


def test_a_simulated_month_repeats_the_weak_answer_within_days_and_the_strong_one_weeks_later(store, fixture_bank):
    """Every day the candidate answers what is due: always No hire on the rollout question and Strong
    hire on the story question (scored by the real scorer)."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(days=30)
    answers = {"fx-rollout": NO_HIRE_ROLLOUT, "fx-story": STRONG_STORY}
    answered_on: dict[str, list[int]] = {question_id: [] for question_id in answers}
    for day in range(31):
        moment = start + timedelta(days=day)
        due = {item.question_id for item in due_list(store, fixture_bank, moment).due}
        for question_id, text in answers.items():
            if day == 0 or question_id in due:
                answer(store, fixture_bank, question_id, text, moment)
                answered_on[question_id].append(day)

    weak_days, strong_days = answered_on["fx-rollout"], answered_on["fx-story"]
    weak_gaps = [later - earlier for earlier, later in zip(weak_days, weak_days[1:], strict=False)]
    assert len(weak_days) >= 8 and max(weak_gaps) <= 3, weak_days
    assert strong_days[0] == 0 and len(strong_days) <= 2, strong_days
    assert len(strong_days) == 1 or strong_days[1] >= 7, strong_days

    result = CliRunner().invoke(
        main,
        [
            "--db",
            str(store.path),
            "--bank",
            str(FIXTURE_BANK / "questions"),
            "--rubrics",
            str(FIXTURE_BANK / "rubrics"),
            "next",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    listed = {item["question_id"]: item for item in payload["due"] + payload["upcoming"]}
    weak, strong = listed["fx-rollout"], listed["fx-story"]
    now = datetime.fromisoformat(payload["now"])
    weak_due = datetime.fromisoformat(weak["due"])
    strong_due = datetime.fromisoformat(strong["due"])
    assert weak["last_band"] == "No hire" and strong["last_band"] == "Strong hire"
    assert weak_due - datetime.fromisoformat(weak["last_review"]) <= timedelta(days=3)
    assert weak_due <= now + timedelta(days=3)
    assert strong_due - datetime.fromisoformat(strong["last_review"]) >= timedelta(days=14)
    assert strong_due >= now + timedelta(days=14)
    assert "No hire" in weak["why"] and weak["due"][:10] in weak["why"]


def test_next_lists_what_is_due_with_why(tmp_path, fixture_bank):
    from tpm_trainer.store import Store

    path = tmp_path / "h.db"
    store = Store.open(path)
    answer(store, fixture_bank, "fx-rollout", NO_HIRE_ROLLOUT, datetime.now(UTC) - timedelta(days=5))
    store.close()
    options = ["--db", str(path), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(FIXTURE_BANK / "rubrics")]
    result = CliRunner().invoke(main, [*options, "next", "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "fx-rollout" in result.output
    assert "last No hire" in result.output and "overdue" in result.output
    assert "1 question(s) due" in result.output
