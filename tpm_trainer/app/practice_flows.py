"""How the practice features start interviews in the app: a session of due questions, a retake of a
mock, through the interview engine (`tpm_trainer.session`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..session import MOCK_SETTING, InterviewSession, MockConfig

if TYPE_CHECKING:
    from ..store import Store
    from .app import TrainerApp


def start_question_set(app: TrainerApp, question_ids: list[str], *, kind: str, minutes: float | None = None) -> None:
    """Run these questions one after another like a mock interview (summary at the end); `kind`
    (`due`, `retake`) is recorded in the session's configuration."""
    questions = [app.bank.questions[qid] for qid in question_ids if qid in app.bank.questions]
    if not questions:
        app.notify("None of those questions is in the bank any more.", severity="warning")
        return
    bank, clock, now = app.bank, app.clock, app.now

    def start(store: Store) -> InterviewSession:
        overtime = MockConfig.from_dict(store.get_setting(MOCK_SETTING)).overtime
        config: dict[str, Any] = {
            "kind": kind,
            "count": len(questions),
            "minutes": minutes,
            "overtime": overtime,
            "question_ids": [question.id for question in questions],
        }
        session_id = store.start_session("mock", config)
        return InterviewSession(
            bank,
            "mock",
            questions,
            minutes=minutes,
            overtime=overtime,
            session_id=session_id,
            clock=clock,
            now=now,
        )

    app.db_call(start, app._run_question, what=f"start the {kind} session")
