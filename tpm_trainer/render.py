"""Plain-text and Markdown renderings of reports and attempts, for the command line and export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .models import Question, ScoreReport

if TYPE_CHECKING:
    from .store import Attempt


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}:{secs:02d}"


def report_lines(report: ScoreReport, question: Question | None = None) -> list[str]:
    """The explained report as lines of plain text."""
    lines: list[str] = []
    if question is not None:
        lines += [f"{question.title} [{question.id}]", ""]
    capped = " (capped: a required concept is missing)" if report.band_capped else ""
    lines.append(f"Score {report.score:g}/100 - {report.band}{capped}")
    lines.append(
        f"{report.word_count} words; points {report.points:g} of {report.max_points:g}"
        + (f"; red-flag penalty {report.penalty:g}" if report.penalty else "")
    )
    hits = report.hits
    misses = report.misses
    lines += ["", f"Covered ({len(hits)}):"]
    for concept in hits:
        assert concept.evidence is not None
        start, end = concept.evidence.span
        marker = " [structure]" if concept.kind == "structure" else ""
        lines.append(f"  + {concept.label}{marker}")
        lines.append(f'      matched "{concept.evidence.phrase}" at {start}-{end}: "{concept.evidence.text}"')
        lines.append(f"      in: {concept.evidence.sentence}")
    lines += ["", f"Missed ({len(misses)}):"]
    for concept in misses:
        required = " (required)" if concept.required else ""
        lines.append(f"  - {concept.label}{required}")
        if concept.hint:
            lines.append(f"      hint: {concept.hint}")
        if concept.probe:
            lines.append(f"      interviewer: {concept.probe}")
        for negated in concept.negated:
            lines.append(f'      not counted (negated): "{negated.sentence}"')
    if report.groups:
        lines += ["", "Groups:"]
        for group in report.groups:
            status = "met" if group.met else "not met"
            lines.append(f"  {group.label}: {len(group.hits)} of {group.need} needed ({status})")
    if report.red_flags:
        lines += ["", "Red flags:"]
        for flag in report.red_flags:
            lines.append(
                f'  ! {flag.label} (-{flag.penalty:g}): "{flag.evidence.text}" at {flag.evidence.span[0]}-{flag.evidence.span[1]}'
            )
            if flag.explanation:
                lines.append(f"      {flag.explanation}")
    lines += ["", f"rubric {report.rubric_hash} v{report.rubric_version}, scorer {report.scorer_version}"]
    return lines


def attempt_markdown(attempt: Attempt, question: Question | None) -> str:
    """One attempt as a Markdown section."""
    title = question.title if question else attempt.question_id
    parts = [
        f"## Attempt {attempt.id}: {title}",
        "",
        f"- Question: `{attempt.question_id}` ({attempt.category})",
        f"- When: {attempt.started_at} to {attempt.ended_at} ({attempt.mode})",
        f"- Time used: {_duration(attempt.time_used_seconds)} of {_duration(attempt.time_limit_seconds)}",
    ]
    if attempt.score is not None:
        parts.append(f"- Score: {attempt.score:g} ({attempt.band})")
    if attempt.prompt:
        parts += ["", f"> {attempt.prompt}"]
    parts += ["", "### Answer", "", attempt.answer, ""]
    if attempt.report is not None:
        parts += ["### Feedback", "", "```", *report_lines(attempt.report), "```", ""]
    return "\n".join(parts)


def history_rows(attempts: Iterable[Attempt], questions: dict[str, Question]) -> list[list[str]]:
    rows = []
    for attempt in attempts:
        question = questions.get(attempt.question_id)
        rows.append(
            [
                str(attempt.id),
                attempt.ended_at.replace("T", " ")[:16],
                (question.title if question else attempt.question_id)[:44],
                attempt.category or "",
                "-" if attempt.score is None else f"{attempt.score:g}",
                attempt.band or "-",
                _duration(attempt.time_used_seconds),
            ]
        )
    return rows


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A simple aligned text table."""
    widths = [
        max(len(header), *(len(row[i]) for row in rows)) if rows else len(header) for i, header in enumerate(headers)
    ]
    line = "  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * width for width in widths)]
    out += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return out
