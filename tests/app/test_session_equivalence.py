"""The same mock interview driven through the session API and through the TUI saves identical attempts."""

from __future__ import annotations

import random

from trainer_helpers import FIXED_NOW, GOOD_ROLLOUT, FakeClock, settle

from tpm_trainer.app.screens.interview import InterviewScreen
from tpm_trainer.session import InterviewSession, MockConfig
from tpm_trainer.store import Store

ANSWERS = {
    "fleet-rollout": GOOD_ROLLOUT,
    "missed-deadline": "I raised the risk early with my director and we agreed a new plan with a cut scope.",
}
FOLLOW_UP_ANSWER = "I would watch the error rate and stop on a spike, then tell the stakeholders."


def comparable(store: Store) -> list[dict]:
    attempts = store.attempts(order="id")
    position = {attempt.id: index for index, attempt in enumerate(attempts)}
    rows = []
    for attempt in attempts:
        row = attempt.to_dict()
        row.pop("id")
        row.pop("session_id")
        row["parent"] = position.get(row.pop("parent_attempt_id"))
        rows.append(row)
    return rows


def through_the_api(path, bank) -> list[dict]:
    store = Store.open(path)
    clock = FakeClock()
    try:
        session = InterviewSession.start_mock(
            store, bank, MockConfig(count=2), rng=random.Random(7), remember=False, clock=clock, now=lambda: FIXED_NOW
        )
        while True:
            session.begin()
            clock.advance(30)
            result = session.submit(store, ANSWERS[session.current.id])
            if result.follow_up:
                clock.advance(10)
                session.submit(store, FOLLOW_UP_ANSWER)
            if not session.next_question():
                break
        session.finish(store)
        return comparable(store)
    finally:
        store.close()


async def test_api_and_tui_save_identical_attempts(make_app, context, clock, bank, tmp_path):
    expected = through_the_api(tmp_path / "api.db", bank)
    app = make_app(count=2)  # the same seed (7), clock and date as the API run
    async with app.run_test() as pilot:
        await settle(pilot)
        for _ in range(2):
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            clock.advance(30)
            screen.editor.area.insert(ANSWERS[screen.question.id])
            await pilot.press("ctrl+s")
            await settle(pilot)
            if app.screen is screen and screen.follow_up:
                clock.advance(10)
                screen.editor.area.insert(FOLLOW_UP_ANSWER)
                await pilot.press("ctrl+s")
                await settle(pilot)
    assert len(expected) == 4
    assert comparable(context.store) == expected
