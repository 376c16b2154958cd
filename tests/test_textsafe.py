"""Control sequences from files and answers never reach a terminal or a Markdown export intact."""

from __future__ import annotations

import pytest

from tpm_trainer.textsafe import control_characters, for_markdown, for_terminal, markdown_fence


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain text\nnext line\ttab", "plain text\nnext line\ttab"),
        ("title \x1b]0;pwned\x07 here", "title  here"),  # OSC window title, BEL-terminated
        ("clip \x1b]52;c;ZXZpbA==\x1b\\ end", "clip  end"),  # OSC 52 clipboard write, ST-terminated
        ("clear \x1b[2J\x1b[H screen", "clear  screen"),  # CSI clear screen and home
        ("red \x1b[31mtext\x1b[0m", "red text"),
        ("bell \x07 and nul \x00", "bell ? and nul ?"),
        ("c1 csi \x9b31m end", "c1 csi  end"),
        ("windows\r\nline", "windows\nline"),
        ("over\rwrite", "over\nwrite"),
        ("dcs \x1bPq#0;2;0;0;0\x1b\\ done", "dcs  done"),
        ("unicode café – naïve ✓", "unicode café – naïve ✓"),
    ],
)
def test_for_terminal(raw: str, shown: str) -> None:
    assert for_terminal(raw) == shown


def test_control_characters_reports_offsets() -> None:
    assert control_characters("ab\x1bc\x07") == [2, 4]
    assert control_characters("clean\ttext\n") == []


def test_for_markdown_escapes_html() -> None:
    assert for_markdown("<script>alert(1)</script> & \x1b[2J") == "&lt;script&gt;alert(1)&lt;/script&gt; &amp; "


@pytest.mark.parametrize("inner", ["no ticks", "one ``` fence", "````` five"])
def test_markdown_fence_cannot_be_closed_from_inside(inner: str) -> None:
    block = markdown_fence(inner)
    fence = block.split("\n", 1)[0].removesuffix("text")
    body = block[len(fence) + len("text\n") : -len(fence) - 1]
    assert body == inner
    assert fence not in body
