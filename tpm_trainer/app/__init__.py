"""The Textual interface. Only this package imports Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..context import TrainerContext


def launch(context: TrainerContext, **start: Any) -> None:
    """Run the interactive app on an already loaded bank and open store."""
    from .app import TrainerApp

    TrainerApp(context, **start).run()
