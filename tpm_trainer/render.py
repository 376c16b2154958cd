"""Plain-text and Markdown renderings of reports and attempts, for the command line and export.

The report itself is composed by `report_view`; this module lays it out as text or Markdown. Text from
files and answers is made safe with `textsafe` (terminal control sequences removed; Markdown escaped,
answers fenced so a ``` inside cannot end the block).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .models import Question, ScoreReport
from .report_view import report_text_lines, time_note
from .textsafe import for_markdown, for_terminal, markdown_fence

if TYPE_CHECKING:
    from .store import Attempt


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def report_lines(report: ScoreReport, question: Question | None = None) -> list[str]:
    """The explained report as lines of plain text (safe to print to a terminal)."""
    return report_text_lines(report, question)


def attempt_kind(attempt: Attempt) -> str:
    """`follow-up to attempt N` for a follow-up answer, else empty."""
    if attempt.parent_attempt_id is None:
        return ""
    return f"follow-up to attempt {attempt.parent_attempt_id}"


def attempt_markdown(attempt: Attempt, question: Question | None) -> str:
    """One attempt as a Markdown section."""
    title = for_markdown(question.title if question else attempt.question_id)
    kind = attempt_kind(attempt)
    heading = f"## Attempt {attempt.id}: {title}" + (f" ({kind})" if kind else "")
    time_used = f"{_duration(attempt.time_used_seconds)} of {_duration(attempt.time_limit_seconds)}"
    over = time_note(attempt.time_used_seconds, attempt.time_limit_seconds)
    parts = [
        heading,
        "",
        f"- Question: `{for_markdown(attempt.question_id)}` ({for_markdown(attempt.category or '')})",
        f"- When: {attempt.started_at} to {attempt.ended_at} ({attempt.mode})",
        f"- Time used: {time_used}" + (f" ({over})" if over else ""),
    ]
    if kind:
        parts.append(f"- Follow-up: its score enters no average; see attempt {attempt.parent_attempt_id}")
    if attempt.score is not None:
        parts.append(f"- Score: {attempt.score:g} ({attempt.band})")
    if attempt.prompt:
        parts += ["", *(f"> {line}" for line in for_markdown(attempt.prompt).splitlines())]
    parts += ["", "### Answer", "", markdown_fence(attempt.answer), ""]
    if attempt.report is not None:
        parts += ["### Feedback", "", markdown_fence("\n".join(report_lines(attempt.report))), ""]
    return "\n".join(parts)


def history_cells(row: Mapping[str, Any], title: str) -> list[str]:
    """One history line from a summary row (id, date, question, category, score, band, time): text
    from files made safe, a follow-up labelled with its main attempt, a timed-out answer marked."""
    title = for_terminal(title)
    if row.get("parent_attempt_id") is not None:
        title = f"↳ follow-up to {row['parent_attempt_id']}: {title}"
    over = time_note(row.get("time_used_seconds"), row.get("time_limit_seconds"))
    score = row.get("score")
    return [
        str(row["id"]),
        str(row.get("ended_at") or "").replace("T", " ")[:16],
        shorten(title, 44),
        for_terminal(row.get("category") or ""),
        "-" if score is None else f"{score:g}",
        row.get("band") or "-",
        _duration(row.get("time_used_seconds")) + (" time up" if over else ""),
    ]


def history_rows(attempts: Iterable[Attempt], questions: dict[str, Question]) -> list[list[str]]:
    rows = []
    for attempt in attempts:
        question = questions.get(attempt.question_id)
        title = for_terminal(question.title if question else attempt.question_id)
        if attempt.parent_attempt_id is not None:
            title = f"↳ follow-up to {attempt.parent_attempt_id}: {title}"
        over = time_note(attempt.time_used_seconds, attempt.time_limit_seconds)
        rows.append(
            [
                str(attempt.id),
                attempt.ended_at.replace("T", " ")[:16],
                shorten(title, 44),
                for_terminal(attempt.category or ""),
                "-" if attempt.score is None else f"{attempt.score:g}",
                attempt.band or "-",
                _duration(attempt.time_used_seconds) + (" time up" if over else ""),
            ]
        )
    return rows


def shorten(text: str, width: int) -> str:
    """`text` cut at a word boundary to fit `width` characters, with an ellipsis when cut."""
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or text[: width - 1]) + "…"
