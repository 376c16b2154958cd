"""Browse questions and their rubrics; pick one to practise."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from ...models import Question, Rubric
from ...practice import QuestionRecord, answered_question_ids, question_records
from ...textsafe import for_terminal
from ..widgets.report import model_answer_text
from .base import TrainerScreen


def question_details(
    question: Question,
    rubric: Rubric | None,
    *,
    reveal: bool = True,
    record: QuestionRecord | None = None,
    answered: bool = False,
) -> Text:
    """A question, your record on it, and (with `reveal`) its rubric: concepts, hints, red flags, and
    the model answer once you have `answered` it. The practice picker does not reveal the rubric, so
    nothing is given away before answering."""
    text = Text()
    text.append(for_terminal(question.title) + "\n", style="bold")
    text.append(
        f"{question.id} · {question.category} · {question.difficulty} · {question.kind} · "
        f"{question.time_limit_minutes:g} min\n",
        style="dim",
    )
    text.append((f"Your record: {record.summary()}" if record else "Not answered yet") + "\n\n", style="bold")
    text.append(for_terminal(question.prompt) + "\n")
    if not reveal:
        if rubric is None:
            text.append("\nNo rubric yet: your answer is stored but not scored.\n", style="yellow")
        text.append("\nenter starts the question", style="bold")
        return text
    if question.follow_ups:
        text.append("\nFollow-ups\n", style="bold")
        for follow_up in question.follow_ups:
            text.append(f" • {for_terminal(follow_up)}\n")
    if rubric is None:
        text.append("\nNo rubric yet: answers are stored but not scored.\n", style="yellow")
        return text
    text.append(f"\nRubric v{rubric.version} concepts\n", style="bold")
    for concept in rubric.concepts:
        text.append(f" • {for_terminal(concept.label)}", style="bold" if concept.required else "")
        text.append(f" (weight {concept.weight:g}{', required' if concept.required else ''})\n", style="dim")
        if concept.hint:
            text.append(f"     {for_terminal(concept.hint)}\n", style="dim")
    if rubric.red_flags:
        text.append("\nRed flags\n", style="bold red")
        for flag in rubric.red_flags:
            text.append(f" ! {for_terminal(flag.label)} (-{flag.penalty:g})\n")
    text.append("\n")
    if answered:
        text.append_text(model_answer_text(rubric, question))
    else:
        text.append("Model answer: shown once you have answered this question.", style="dim")
    return text


class BrowseScreen(TrainerScreen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("p", "practise", "Practise"),
        Binding("slash", "filter", "Filter", key_display="/"),
    ]

    def __init__(self, *, pick: bool = False) -> None:
        super().__init__()
        self.pick = pick
        self.records: dict[str, QuestionRecord] = {}
        self.answered: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="filter questions (/)", id="browse-filter")
        with Horizontal(id="browse"):
            yield OptionList(id="question-list")
            with VerticalScroll(id="question-details"):
                yield Static("", id="details")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Practise one question" if self.pick else "Questions and rubrics"
        self._fill("")
        self.query_one(OptionList).focus()
        self.trainer.db_call(
            lambda store: (question_records(store), answered_question_ids(store)), self._got_records, what="history"
        )

    def _got_records(self, data: tuple[dict[str, QuestionRecord], set[str]]) -> None:
        self.records, self.answered = data
        if self.is_mounted:
            self._show_highlighted()

    def _show_highlighted(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._show(option_list.get_option_at_index(option_list.highlighted).id or "")

    def _fill(self, needle: str) -> None:
        bank = self.trainer.bank
        needle = needle.lower().strip()
        options = []
        for question in bank.sorted_questions():
            haystack = f"{question.title} {question.id} {question.category} {' '.join(question.tags)}".lower()
            if needle and needle not in haystack:
                continue
            mark = "" if question.id in bank.rubrics else " (no rubric)"
            options.append(
                Option(
                    Text.assemble(
                        (for_terminal(question.title), "bold"),  # the list wraps long titles: no cut
                        "\n",
                        (f"{for_terminal(question.category)} · {question.difficulty}{mark}", "dim"),
                    ),
                    id=question.id,
                )
            )
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        option_list.add_options(options)
        if options:
            option_list.highlighted = 0
        else:
            self.query_one("#details", Static).update("No question matches the filter.")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.pick:
            self.action_practise()  # enter in the filter starts the first match
            return
        self.query_one(OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option.id or "")

    def _show(self, question_id: str) -> None:
        bank = self.trainer.bank
        question = bank.questions.get(question_id)
        if question is not None:
            details = question_details(
                question,
                bank.rubric_for(question.id),
                reveal=not self.pick,
                record=self.records.get(question.id),
                answered=question.id in self.answered,
            )
            self.query_one("#details", Static).update(details)
            self.query_one("#question-details").scroll_home(animate=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._practise(event.option.id)

    def action_practise(self) -> None:
        option_list = self.query_one(OptionList)
        if option_list.highlighted is None:
            return
        self._practise(option_list.get_option_at_index(option_list.highlighted).id)

    def _practise(self, question_id: str | None) -> None:
        if not question_id:
            return
        self.dismiss(None)
        self.trainer.start_practice(question_id, check_drafts=True)

    def action_filter(self) -> None:
        self.query_one("#browse-filter", Input).focus()

    def action_back(self) -> None:
        if self.focused is self.query_one("#browse-filter", Input):
            self.query_one(OptionList).focus()
            return
        self.dismiss(None)
