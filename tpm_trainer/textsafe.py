"""Text that is safe to show: no terminal control sequences from files or answers reach a terminal.

Rubric hints, question prompts and stored answers come from files and people we do not control. An ESC
sequence in them could set the window title, write the clipboard (OSC 52) or clear the screen. Every
front end passes such text through `for_terminal` before drawing it, and Markdown exports through
`for_markdown`.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC (ESC P/X/^/_ ... ST),
# and two-character escapes; then the 8-bit C1 forms of CSI and OSC.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[@-Z\\-_]"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x9d[^\x07\x9c]*[\x07\x9c]?"
)
# Remaining C0 controls except tab and newline, DEL, and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_characters(text: str) -> list[int]:
    """Offsets of terminal control characters in `text` (tab and newline are not control characters here)."""
    return [match.start() for match in _CONTROL.finditer(text.replace("\r\n", "\n"))]


def for_terminal(text: str) -> str:
    """`text` with escape sequences removed and other control characters shown as `?`.

    Carriage returns of Windows line ends become plain newlines; a lone carriage return (which would let
    text overwrite the line before it) becomes a newline too.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("?", text)


_MARKDOWN_HTML = str.maketrans({"<": "&lt;", ">": "&gt;", "&": "&amp;"})


def for_markdown(text: str) -> str:
    """`text` made inert for a Markdown document: terminal-safe, HTML escaped.

    Use `markdown_fence` to put a whole answer in a code block instead.
    """
    return for_terminal(text).translate(_MARKDOWN_HTML)


def markdown_fence(text: str, info: str = "text") -> str:
    """`text` in a fenced code block whose fence is longer than any run of backticks inside it, so an
    answer that contains a fence cannot end the block early."""
    text = for_terminal(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"
