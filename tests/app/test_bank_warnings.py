"""A bad rubric file does not stop the app: the good questions load and the problem is listed."""

from __future__ import annotations

from trainer_helpers import FIXTURES, settle

from tpm_trainer.app.app import TrainerApp
from tpm_trainer.bank import load_bank
from tpm_trainer.context import TrainerContext
from tpm_trainer.store import Store


async def test_bad_rubric_file_is_listed_as_a_warning(tmp_path):
    mentor = tmp_path / "mentor"
    mentor.mkdir()
    (mentor / "broken.yaml").write_text("question: nowhere\nconcepts: [{id: a, lable: A, phrases: [x]}]\n")
    bank = load_bank([FIXTURES / "questions"], [FIXTURES / "rubrics"], [mentor])
    assert bank.errors and bank.questions
    store = Store.open(tmp_path / "t.db")
    app = TrainerApp(TrainerContext(bank=bank, store=store, db_path=tmp_path / "t.db"), offer_resume=False)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            warnings = [n for n in app._notifications if n.severity == "warning"]
            assert len(warnings) == 1
            assert warnings[0].title == "2 problems in question or rubric files"
            assert "broken.yaml" in warnings[0].message and "lable" in warnings[0].message
            assert app.screen.query_one("#home-stats").render()  # the home screen is up
    finally:
        store.close()
