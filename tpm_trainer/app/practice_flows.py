"""How the practice features start interviews in the app: a session of due questions, a retake of a
mock, a drill question. The one place that knows how the app runs a list of questions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..practice import DueList, due_list

if TYPE_CHECKING:
    from .app import TrainerApp


def start_question_set(app: TrainerApp, question_ids: list[str], *, kind: str, minutes: float | None = None) -> None:
    """Run these questions one after another like a mock interview (summary at the end)."""
    from .app import InterviewRun
    from .services import MOCK_SETTING, MockConfig

    questions = [app.bank.questions[qid] for qid in question_ids if qid in app.bank.questions]
    if not questions:
        app.notify("None of those questions is in the bank any more.", severity="warning")
        return
    overtime = MockConfig.from_dict(app.db.run(lambda s: s.get_setting(MOCK_SETTING))).overtime
    run = InterviewRun(mode="mock", questions=questions, minutes=minutes, overtime=overtime)
    session_config: dict[str, Any] = {
        "kind": kind,
        "count": len(questions),
        "minutes": minutes,
        "overtime": overtime,
        "question_ids": [question.id for question in questions],
    }

    def started(session_id: str) -> None:
        run.session_id = session_id
        app._run_question(run)

    app.db_call(lambda store: store.start_session("mock", session_config), started, what=f"start the {kind} session")


def load_due(app: TrainerApp, then: Any) -> None:
    """Read the due list in a worker and pass it to `then` on the UI thread."""
    now = app.now()
    bank = app.bank
    app.db_call(lambda store: due_list(store, bank, now), then, what="read what is due")


def start_due_session(app: TrainerApp) -> None:
    """A session of every question due today, most overdue first."""

    def got(due: DueList) -> None:
        if not due.due:
            soon = due.upcoming[0] if due.upcoming else None
            later = f" The next one is due on {soon.due.date().isoformat()}." if soon else ""
            app.notify("Nothing is due today." + later)
            return
        start_question_set(app, [item.question_id for item in due.due], kind="due")

    load_due(app, got)
