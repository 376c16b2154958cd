"""The Textual interface. Only this package imports Textual."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..context import TrainerContext


def launch(context: TrainerContext, **start: Any) -> None:
    """Run the interactive app on an already loaded bank and open store."""
    from .app import TrainerApp

    app = TrainerApp(context, **start)
    app.run()
    if app.exit_note:  # after the screen is restored, unwrapped and unstyled, so the path can be copied
        print(app.exit_note, file=sys.stderr)
