"""Fixtures for the Textual app tests: a real TrainerContext on a temporary SQLite file and a
small fixed question bank, so snapshots do not change when the shipped bank grows."""

from __future__ import annotations

import os
import random

import pytest
from trainer_helpers import FIXED_NOW, FIXTURES, FakeClock

from tpm_trainer.bank import load_bank
from tpm_trainer.context import TrainerContext
from tpm_trainer.store import Store


@pytest.fixture(autouse=True)
def no_colour_does_not_leak():
    """On TERM=dumb the app sets NO_COLOR in os.environ itself; restore it so later tests (snapshots)
    still draw in colour."""
    before = os.environ.get("NO_COLOR")
    yield
    if before is None:
        os.environ.pop("NO_COLOR", None)
    else:
        os.environ["NO_COLOR"] = before


@pytest.fixture
def bank():
    loaded = load_bank([FIXTURES / "questions"], [FIXTURES / "rubrics"])
    assert not loaded.errors, loaded.errors
    return loaded


@pytest.fixture
def context(tmp_path, bank):
    store = Store.open(tmp_path / "t.db")
    ctx = TrainerContext(bank=bank, store=store, db_path=tmp_path / "t.db")
    yield ctx
    ctx.close()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def make_app(context, clock):
    from tpm_trainer.app.app import TrainerApp

    def factory(**start):
        start.setdefault("clock", clock)
        start.setdefault("now", lambda: FIXED_NOW)
        start.setdefault("rng", random.Random(7))
        return TrainerApp(context, **start)

    return factory
