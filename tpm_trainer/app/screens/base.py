"""What every full screen of the trainer shares."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from ..app import TrainerApp

ResultType = TypeVar("ResultType")


class TrainerScreen(Screen[ResultType], Generic[ResultType]):
    """A screen of the trainer, with typed access to the app (its bank, store and clock)."""

    @property
    def trainer(self) -> TrainerApp:
        return self.app  # type: ignore[return-value]
