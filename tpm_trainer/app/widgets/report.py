"""Explained results: the answer with evidence highlighted, hits, misses, red flags, model answer."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ... import report_view
from ...models import Question, Rubric, ScoreReport
from ...store import Attempt
from ...textsafe import for_terminal
from ..services import concept_changes, format_duration, short_date, word_count
from .chart import score_style

HIT_STYLE = "bold black on green"
FLAG_STYLE = "bold white on red"
NEGATED_STYLE = "underline yellow"


def highlight_answer(answer: str, report: ScoreReport | None) -> Text:
    """The answer as rich Text, each concept's evidence (and each red flag) highlighted in place."""
    shown = for_terminal(answer)
    text = Text(shown or "(empty answer)")
    if report is None or not answer or len(shown) != len(answer):
        return text  # escape sequences were removed: the report's offsets no longer line up
    length = len(answer)

    def mark(span: tuple[int, int], style: str) -> None:
        start, end = max(0, span[0]), min(length, span[1])
        if start < end:
            text.stylize(style, start, end)

    for concept in report.concepts:
        for negated in concept.negated:
            mark(negated.span, NEGATED_STYLE)
    for concept in report.hits:
        if concept.evidence is not None and concept.kind == "concept":
            mark(concept.evidence.span, HIT_STYLE)
    for flag in report.red_flags:
        mark(flag.evidence.span, FLAG_STYLE)
    return text


class HighlightedAnswer(Static):
    """A read-only answer with evidence highlights."""

    DEFAULT_CSS = "HighlightedAnswer { height: auto; padding: 0 1; border-left: thick $primary; }"

    def __init__(self, answer: str, report: ScoreReport | None, *, id: str | None = None) -> None:
        super().__init__(highlight_answer(answer, report), id=id)


def score_line(attempt: Attempt) -> Text:
    text = Text()
    report = attempt.report
    if report is None:
        text.append("Not scored", style="bold yellow")
        text.append(" - this question has no rubric yet, so the answer was saved but could not be scored.")
        words = word_count(attempt.answer)
    else:
        text.append(f" {report.score:.0f}/100 ", style=f"reverse {score_style(report.score)}")
        text.append(f"  {report.band}", style="bold")
        if report.band_capped:
            text.append(f"  ({report_view.cap_summary(report)})", style="yellow")
        words = report.word_count
    text.append(f"\n{words} word{'s' if words != 1 else ''} · time used {format_duration(attempt.time_used_seconds)}")
    if attempt.time_limit_seconds:
        text.append(f" of {format_duration(attempt.time_limit_seconds)}")
    over = report_view.time_note(attempt.time_used_seconds, attempt.time_limit_seconds)
    if over:
        text.append(f" ({over})", style="yellow")
    if report is not None and report.penalty:
        text.append(f" · red-flag penalty -{report.penalty:g}", style="red")
    return text


def delta_line(attempt: Attempt, previous: Attempt | None) -> Text:
    text = Text()
    if previous is None:
        text.append("First attempt at this question.", style="dim")
        return text
    if attempt.score is None or previous.score is None:
        text.append(f"Previous attempt: {short_date(previous.ended_at)} (no comparable score).", style="dim")
        return text
    change = attempt.score - previous.score
    arrow, style = ("▲", "green") if change > 0 else ("▼", "red") if change < 0 else ("=", "yellow")
    text.append(f"{arrow} {change:+.0f} ", style=f"bold {style}")
    text.append(f"vs previous attempt ({previous.score:.0f}, {short_date(previous.ended_at)})")
    gained, lost = concept_changes(previous.report, attempt.report)
    if gained:
        text.append("\n  gained: ", style="green")
        text.append(for_terminal(", ".join(gained)))
    if lost:
        text.append("\n  lost: ", style="red")
        text.append(for_terminal(", ".join(lost)))
    return text


STYLES = {
    report_view.TITLE: "bold",
    report_view.HEADING: "bold",
    report_view.GOOD: "green",
    report_view.BAD: "red",
    report_view.WARN: "yellow",
    report_view.DIM: "dim",
    report_view.QUOTE: "italic",
    report_view.SCORE: "bold",
}
"""How the app draws each style of the report view."""


def sections_text(sections: Sequence[report_view.Section]) -> Text:
    """Report view sections as rich Text (section titles bold in their style, lines indented)."""
    text = Text()
    for section in sections:
        if text:
            text.append("\n\n")
        if section.title:
            text.append(section.title, style=f"bold {STYLES.get(section.title_style, '')}".strip())
        for index, line in enumerate(section.lines):
            if section.title or index:
                text.append("\n")
            text.append("  " * line.indent)
            for span in line.spans:
                text.append(span.text, style=STYLES.get(span.style, ""))
    return text


def concepts_text(report: ScoreReport) -> Text:
    """What was covered and missed, groups and red flags, from the one report view."""
    return sections_text(
        report_view.report_sections(report, only=("covered", "missed", "groups", "red-flags"), brief=True)
    )


def model_answer_text(rubric: Rubric | None, question: Question | None = None) -> Text:
    """The question's full model answer (else the rubric's outline); show it only after an answer."""
    if question is not None and question.model_answer:
        text = Text("Model answer", style="bold")
        text.append("\n" + for_terminal(question.model_answer))
        return text
    text = Text("Model answer outline", style="bold")
    if rubric is None or not rubric.model_answer:
        text.append("\n (no model answer for this question yet)", style="dim")
        return text
    for point in rubric.model_answer:
        text.append(f"\n • {for_terminal(point)}")
    return text


class ReportView(Vertical):
    """Everything about one main attempt and its follow-ups, read-only."""

    DEFAULT_CSS = """
    ReportView { height: auto; }
    ReportView > Static { height: auto; margin: 0 0 1 0; }
    ReportView > .section-title { text-style: bold; margin: 0; color: $accent; }
    """

    def __init__(
        self,
        attempt: Attempt,
        *,
        question: Question | None,
        rubric: Rubric | None,
        previous: Attempt | None = None,
        follow_ups: Sequence[Attempt] = (),
        show_model_answer: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.attempt = attempt
        self.question = question
        self.rubric = rubric
        self.previous = previous
        self.follow_ups = list(follow_ups)
        self.show_model_answer = show_model_answer

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        title = self.question.title if self.question else attempt.question_id
        yield Static(Text(for_terminal(title), style="bold"), classes="section-title")
        prompt = attempt.prompt or (self.question.prompt if self.question else "")
        yield Static(Text(for_terminal(prompt), style="italic"))
        yield Static(score_line(attempt), id="score-line")
        if attempt.parent_attempt_id is None:
            yield Static(delta_line(attempt, self.previous), id="delta")
        yield Static("Your answer (evidence highlighted)", classes="section-title")
        yield HighlightedAnswer(attempt.answer, attempt.report, id="answer-view")
        if attempt.report is not None:
            yield Static(concepts_text(attempt.report), id="concepts")
        if self.show_model_answer:
            yield Static(model_answer_text(self.rubric, self.question), id="model-answer")
        for index, follow_up in enumerate(self.follow_ups, 1):
            yield Static(f"Follow-up {index} (its score enters no average)", classes="section-title")
            yield Static(Text(for_terminal(follow_up.prompt or ""), style="italic"))
            yield Static(score_line(follow_up))
            yield HighlightedAnswer(follow_up.answer, follow_up.report)
            if follow_up.report is not None:
                misses = [c.label for c in follow_up.report.misses]
                hits = [c.label for c in follow_up.report.hits]
                line = Text()
                line.append("covered: ", style="green")
                line.append(for_terminal(", ".join(hits)) or "-")
                line.append("\nmissed: ", style="red")
                line.append(for_terminal(", ".join(misses)) or "-")
                yield Static(line)
