"""The `tpm-trainer` command: thin commands over the library.

Each command parses its options, calls the library and reports. User errors become one clear line
and a non-zero exit code (1 for a bad request or a write that cannot be done now, 2 for an unusable
database), never a traceback. Only the interactive commands import Textual; nothing heavy (bank,
pydantic models, sqlite-utils, scorer) is imported at module top, so `--help` and `--version` start
fast, and `questions` reads the question list from a fresh bank cache without loading the bank.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from . import __version__

if TYPE_CHECKING:
    from .bank import Bank
    from .context import TrainerContext
    from .mentor.exchange import ExportFilter
    from .models import Question
    from .question_list import QuestionList
    from .sources import Sources
    from .store import Store


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one line, exit code 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"tpm-trainer: {self.message}", err=True)


class DatabaseError(UserError):
    """An unusable database file: exit code 2."""

    exit_code = 2


def _store_error_message(error: BaseException) -> UserError | None:
    """A StoreError as the matching command-line error (None for any other exception)."""
    if "tpm_trainer.store" not in sys.modules:
        return None
    from .store import StoreError, StoreWriteError

    if isinstance(error, StoreWriteError):
        return UserError(str(error))
    if isinstance(error, StoreError):
        return DatabaseError(str(error))
    return None


class _Commands(click.Group):
    """The command group: a storage error met anywhere in a command becomes one clear line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:
            translated = _store_error_message(error)
            if translated is None:
                raise
            raise translated from None


class Settings:
    """Global options, and the bank and store built from them on first use."""

    def __init__(self, db: Path | None, rubric_dirs: tuple[Path, ...], bank_dirs: tuple[Path, ...]) -> None:
        from .paths import default_db_path

        self.db_path = db or default_db_path()
        self._dirs = (bank_dirs, rubric_dirs)
        self._sources: Sources | None = None
        self._bank: Bank | None = None
        self._store: Store | None = None
        self.read_only_ok = False
        """Set by commands that only read: the store may then be opened read-only."""
        self.wrote = False
        """Set by commands that write: the daily backup is then taken when they finish."""

    @property
    def sources(self) -> Sources:
        if self._sources is None:
            from .sources import Sources

            self._sources = Sources.resolve(*self._dirs)
        return self._sources

    @property
    def bank(self) -> Bank:
        if self._bank is None:
            self._bank = self.sources.load()
        return self._bank

    @property
    def store(self) -> Store:
        if self._store is None:
            if self.read_only_ok and not os.path.lexists(self.db_path):
                # a command that only reads must not create a database (a mistyped --db would go unnoticed)
                raise UserError(
                    f"no history at {self.db_path} (no database file there; check --db or TPM_TRAINER_DB, "
                    "or answer a first question: `tpm-trainer` or `tpm-trainer interview`)"
                )
            from .store import Store, StoreError  # sqlite-utils only for commands that need the store

            try:
                self._store = Store.open(self.db_path, allow_read_only=self.read_only_ok)
            except StoreError as error:
                raise _store_error_message(error) or DatabaseError(str(error)) from None
        return self._store

    def close(self) -> None:
        """Take the daily backup when one is due after a command that wrote (never failing the
        command), then close the store."""
        store = self._store
        if store is None:
            return
        try:
            if self.wrote:
                store.daily_backup()
        except Exception as error:  # a backup problem must not fail the command that just worked
            click.echo(f"tpm-trainer: warning: the daily backup failed ({error})", err=True)
        finally:
            store.close()

    def context(self) -> TrainerContext:
        from .context import TrainerContext

        return TrainerContext(bank=self.bank, store=self.store, db_path=self.db_path)

    def question(self, question_id: str) -> Question:
        from .bank import UnknownQuestionError

        try:
            return self.bank.question(question_id)
        except UnknownQuestionError as error:
            raise UserError(str(error)) from None

    def question_list(self) -> QuestionList:
        """The bank's question list: from a fresh bank cache when there is one (the bank is then neither
        loaded nor validated), else from the loaded bank."""
        from .question_list import QuestionList

        if self._bank is None:
            cached = self.sources.cached_question_list()
            if cached is not None:
                return cached
        return QuestionList.of(self.bank)

    def warn_about_problems(self, error_files: Iterable[str] | None = None) -> None:
        """One line naming the files left out, and the check command that sees the same folders.
        `error_files`: the file of each error, when known without the bank (a cached question list)."""
        errors = list(error_files) if error_files is not None else [str(problem.file) for problem in self.bank.errors]
        if errors:
            from .textsafe import for_terminal

            files = sorted(set(errors))
            named = ", ".join(files[:3]) + (f" and {len(files) - 3} more" if len(files) > 3 else "")
            bank_dirs, rubric_dirs = self._dirs
            options = [*(f"--bank {shlex.quote(str(d))}" for d in bank_dirs)]
            options += [f"--rubrics {shlex.quote(str(d))}" for d in rubric_dirs]
            check = " ".join(["tpm-trainer", *options, "rubrics", "check"])
            click.echo(
                for_terminal(
                    f"tpm-trainer: warning: {len(errors)} problem(s) in {named}; what they hold is not used "
                    f"(run `{check}` for details)"
                ),
                err=True,
            )


pass_settings = click.make_pass_decorator(Settings)


@click.group(cls=_Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    help="Database file (default: TPM_TRAINER_DB or the user data folder).",
)
@click.option(
    "--rubrics",
    "rubric_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra rubric folder (repeatable); also TPM_TRAINER_RUBRICS.",
)
@click.option(
    "--bank",
    "bank_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Extra question folder (repeatable); also TPM_TRAINER_BANK.",
)
@click.version_option(__version__, "-V", "--version", prog_name="tpm-trainer", help="Print the version and exit.")
@click.pass_context
def main(ctx: click.Context, db: Path | None, rubric_dirs: tuple[Path, ...], bank_dirs: tuple[Path, ...]) -> None:
    """Practise Technical Program Manager interviews: timed questions, explained scores, history.

    Run without a command to start the interactive trainer.
    """
    ctx.obj = Settings(db, rubric_dirs, bank_dirs)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        _run_app(ctx.obj)


def _run_app(settings: Settings, **start: object) -> None:
    # piped or redirected, the app would spin drawing escape codes into a file with no keyboard to stop it;
    # `serve` runs it without a terminal on purpose, through Textual's web driver
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UserError(
            "the interactive trainer needs a terminal (standard input or output is redirected); "
            "to score an answer from a file: tpm-trainer score QUESTION_ID FILE"
        )
    from .app import launch  # Textual is imported only for the interactive app

    context = settings.context()
    settings.wrote = True  # the interactive trainer saves answers and drafts
    launch(context, **start)


@main.command()
@click.option("--question", "question_id", help="Answer one question (practice mode).")
@click.option("--count", type=click.IntRange(1, 20), help="Number of questions in a mock interview.")
@click.option("--category", help="Only questions of this category.")
@click.option(
    "--minutes", type=click.FloatRange(min=0.05, max=180), help="Minutes per question (fractions allowed: 0.25 = 15 s)."
)
@pass_settings
def interview(
    settings: Settings, question_id: str | None, count: int | None, category: str | None, minutes: float | None
) -> None:
    """Start an interview straight away: one question, or a mock interview."""
    conflicting = [name for name, value in (("--count", count), ("--category", category)) if value is not None]
    if question_id is not None and conflicting:
        raise UserError(
            f"--question answers one question; it cannot be combined with {' or '.join(conflicting)} "
            "(those choose the questions of a mock interview)"
        )
    if question_id is not None:
        settings.question(question_id)
    if category is not None and category not in settings.bank.categories():
        raise UserError(_unknown_category(settings.bank.categories(), category))
    _run_app(settings, question_id=question_id, count=count, category=category, minutes=minutes)


def _unknown_category(categories: list[str], category: str) -> str:
    import difflib

    close = difflib.get_close_matches(category, categories, n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f" (categories: {', '.join(categories)})"
    return f"unknown category `{category}`{hint}"


@main.command()
@click.option("--category", help="Only questions of this category.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def questions(settings: Settings, category: str | None, as_json: bool) -> None:
    """List the questions in the bank."""
    if as_json:
        _print_questions_json(settings, category)
        return
    from .question_list import table_rows
    from .text_table import table

    listed = settings.question_list()
    if category is not None and category not in listed.categories():
        raise UserError(_unknown_category(listed.categories(), category))
    selected = listed.in_category(category)
    for line in table(["id", "category", "difficulty", "time", "rubric", "title"], table_rows(selected)):
        click.echo(line)
    categories = len({q.category for q in selected})
    click.echo(f"\n{len(selected)} question(s) in {categories} {'category' if categories == 1 else 'categories'}")
    settings.warn_about_problems(listed.error_files)


def _print_questions_json(settings: Settings, category: str | None) -> None:
    bank = settings.bank
    if category is not None and category not in bank.categories():
        raise UserError(_unknown_category(bank.categories(), category))
    payload = [
        {
            # the model answer is shown only after an answer (`show`), never in the question list
            **question.model_dump(mode="json", exclude={"model_answer"}),
            "has_rubric": question.id in bank.rubrics,
            "has_model_answer": question.model_answer is not None,
        }
        for question in bank.sorted_questions(category)
    ]
    click.echo(json.dumps(payload, indent=2, ensure_ascii=False))


def _read_answer(source: str) -> str:
    if source == "-":
        if sys.stdin.isatty():  # otherwise the command waits on a blank screen with no word of why
            click.echo("Type or paste your answer, then press ctrl+d on a new line to score it.", err=True)
        data = sys.stdin.buffer.read()
        origin = "standard input"
    else:
        path = Path(source)
        origin = str(path)
        if path.is_dir():
            raise UserError(f"{path}: is a folder, not an answer file")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UserError(f"{path}: no such file") from None
        except OSError as error:
            raise UserError(f"{path}: cannot read the file ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{origin}: the answer is not UTF-8 text") from None
    if not text.strip():
        raise UserError(f"{origin}: the answer is empty")
    from .session import MAX_ANSWER_CHARS

    if len(text) > MAX_ANSWER_CHARS:
        raise UserError(f"{origin}: the answer is {len(text):,} characters; the limit is {MAX_ANSWER_CHARS:,}")
    return text


@main.command()
@click.argument("question_id")
@click.argument("answer_file", default="-", metavar="[FILE|-]")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--save", is_flag=True, help="Store the answer and its score in the history.")
@pass_settings
def score(settings: Settings, question_id: str, answer_file: str, as_json: bool, save: bool) -> None:
    """Score an answer (from FILE, or standard input) against the question's rubric."""
    from .mentor.provenance import stamp_report
    from .render import report_lines
    from .session import InterviewSession, grade_answer

    question = settings.question(question_id)
    settings.warn_about_problems()  # a mentor's broken rubric must not be replaced by the shipped one unsaid
    rubric = settings.bank.rubric_for(question.id)
    if rubric is None:
        raise UserError(f"question `{question.id}` has no rubric (add one in a --rubrics folder)")
    session = InterviewSession.practice(settings.bank, question.id, timed=False)
    session.begin()
    answer = _read_answer(answer_file)
    attempt_id = None
    save_error: UserError | None = None
    if save:
        settings.wrote = True
        try:
            submitted = session.submit(settings.store, answer)
            attempt_id, report = submitted.attempt_id, submitted.report
        except Exception as error:
            save_error = error if isinstance(error, UserError) else _store_error_message(error)
            if save_error is None:
                raise
            # the score is shown all the same
            graded = grade_answer(answer, rubric, None, follow_up=False, question=question, topics=settings.bank.topics)
            report = stamp_report(graded, settings.bank)
        if report is None:
            raise UserError(f"the answer was saved as attempt {attempt_id} but could not be scored")
    else:
        graded = grade_answer(answer, rubric, None, follow_up=False, question=question, topics=settings.bank.topics)
        report = stamp_report(graded, settings.bank)
    if as_json:
        payload = report.model_dump(mode="json")
        if attempt_id is not None:
            payload["attempt_id"] = attempt_id
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for line in report_lines(report, question):
            click.echo(line)
        if attempt_id is not None:
            click.echo(f"\nsaved as attempt {attempt_id}")
    if save_error is not None:
        raise _kept_answer_error(save_error, question.id, answer)


def _kept_answer_error(error: UserError, question_id: str, answer: str) -> UserError:
    """The save failed: keep the answer in a recovery file and say how to save it later."""
    from .recovery import keep_answer

    try:
        kept = keep_answer(question_id, answer)
    except OSError as keep_error:
        message = f"{error.message}; the score was NOT saved and the answer could not be kept ({keep_error})"
    else:
        message = (
            f"{error.message}; the score was NOT saved. Your answer was kept in {kept}; "
            f"save it later with `tpm-trainer score {question_id} {kept} --save`"
        )
    return type(error)(message)


@main.group()
def rubrics() -> None:
    """Check and list rubrics."""


@rubrics.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--explain", is_flag=True, help="Show every calibration example's score, band, margin and hits.")
@pass_settings
def rubrics_check(settings: Settings, paths: tuple[Path, ...], explain: bool) -> None:
    """Validate question and rubric files and run every calibration example.

    PATHS may be folders or single files, questions or rubrics (checked on top of the bank; files
    outside the bank's folders are classified by their fields). Without PATHS, everything the bank reads
    is checked. Each problem is printed as file:line:column with the field, what is wrong and, where it
    helps, a "did you mean" and the valid choices. Exits 1 on any error or failing calibration example;
    warnings (probably a mistake) do not fail the check.
    """
    from .mentor.check import check
    from .mentor.check import explain as explain_example

    result = check(settings.sources, paths)
    for finding in result.findings:
        click.echo(str(finding))
    for path, rubric, outcome in result.calibration:
        if explain:
            if outcome.index == 0:
                click.echo(f"{path}: {rubric.question}")
            click.echo(explain_example(rubric, outcome))
        elif not outcome.passed:
            click.echo(f"{path}: calibration failed: {outcome.describe()}")
    if result.missing_rubrics:
        click.echo(
            f"notice: {len(result.missing_rubrics)} question(s) have no rubric: {', '.join(result.missing_rubrics)}"
        )
    click.echo(
        f"{result.rubrics_checked} rubric(s) checked, {len(result.calibration)} calibration example(s), "
        f"{result.failures} failing, {result.errors} file problem(s); "
        f"{result.questions_checked} question(s) checked, {result.warnings} warning(s)"
    )
    if result.errors or result.failures:
        sys.exit(1)


@rubrics.command("show")
@click.argument("question_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def rubrics_show(settings: Settings, question_id: str, as_json: bool) -> None:
    """Show what the shared lexicon adds to a question's rubric.

    For each concept: its own phrases and the lexicon families it draws on, named in `families` or found
    by the words of its label, and the families withheld, with the reason. Then the shared red flags the
    rubric gets, and whether word equivalents widen its phrases.
    """
    from .mentor.lexicon_view import lexicon_view, view_lines

    question = settings.question(question_id)
    view = lexicon_view(settings.sources, settings.bank, question.id)
    if view is None:
        raise UserError(f"question `{question.id}` has no rubric (add one in a --rubrics folder)")
    if as_json:
        click.echo(json.dumps(view.as_dict(), indent=2))
        return
    for line in view_lines(view):
        click.echo(line)


@rubrics.command("families")
@click.argument("words", nargs=-1)
@click.option("--phrases", "with_phrases", is_flag=True, help="Also print each family's phrases.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def rubrics_families(settings: Settings, words: tuple[str, ...], with_phrases: bool, as_json: bool) -> None:
    """List the lexicon families a rubric can draw on.

    Each family's id (to name in a concept's `families`), what it means, and the terms that link a concept
    label to it; WORDS keep only the families whose id, label, terms, phrases or note contain them all
    (e.g. `rubrics families rollback`). Reads the shipped lexicon and any rubric folder's `lexicon/`.
    """
    from .mentor.lexicon_families import bank_lexicon, family_lines, family_rows

    rows = family_rows(bank_lexicon(settings.sources), words)
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2))
        return
    if not rows:
        raise UserError(f"no lexicon family contains {' '.join(words)!r} (run `tpm-trainer rubrics families` for all)")
    for line in family_lines(rows, with_phrases):
        click.echo(line)
    click.echo(f"{len(rows)} famil{'y' if len(rows) == 1 else 'ies'}")


HISTORY_PAGE_SIZE = 50
# id, date, question, category, score, band, time: the time column holds "mmm:ss time up" (14)
_STREAM_WIDTHS = (7, 16, 44, 18, 5, 12, 14)


def _summary_cells(row: dict[str, Any], titles: dict[str, str]) -> list[str]:
    """One history line's cells from a summary row (list columns only; see `render.history_cells`)."""
    from .render import history_cells

    return history_cells(row, titles.get(row["question_id"], row["question_id"]))


def _echo_json_array(items: Iterable[dict[str, Any]], out: IO[str] | None = None) -> int:
    """Write a JSON array one element at a time (constant memory); returns how many."""
    write = out.write if out is not None else (lambda text: click.echo(text, nl=False))
    count = 0
    write("[")
    for item in items:
        write(("," if count else "") + "\n  " + json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n  "))
        count += 1
    write("\n]\n" if count else "]\n")
    return count


@main.command()
@click.option("--question", "question_id", help="Only attempts at this question.")
@click.option("--category", help="Only attempts in this category.")
@click.option("--text", help="Only attempts whose answer, prompt, question id or category has these words.")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help=f"Attempts per page (default {HISTORY_PAGE_SIZE})."
)
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page to show, newest first.")
@click.option("--all", "everything", is_flag=True, help="Every attempt, streamed (not one page).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (full reports included).")
@pass_settings
def history(
    settings: Settings,
    question_id: str | None,
    category: str | None,
    text: str | None,
    limit: int | None,
    page: int,
    everything: bool,
    as_json: bool,
) -> None:
    """List past attempts, newest first, one page at a time (`--all` for everything)."""
    from .text_table import table

    settings.read_only_ok = True
    store = settings.store
    filters: dict[str, Any] = {"question_id": question_id, "category": category, "text": text}
    size = limit or HISTORY_PAGE_SIZE
    window: dict[str, Any] = {} if everything else {"limit": size, "offset": (page - 1) * size}
    if as_json:
        _echo_json_array(
            attempt.to_dict() for attempt in store.iter_attempts("ended_at desc, id desc", **filters, **window)
        )
        return
    titles = {question.id: question.title for question in settings.bank.questions.values()}
    headers = ["id", "date", "question", "category", "score", "band", "time"]
    if everything:
        _stream_history_table(store, filters, titles, headers)
        return
    rows, total = store.attempt_summaries(
        limit=size, offset=(page - 1) * size, text=text, category=category, question_id=question_id
    )
    if not rows:
        filtered = question_id or category or text
        click.echo(
            "no attempts yet" + (" matching those filters" if filtered else "")
            if total == 0
            else f"page {page} is past the end ({total} attempt(s), {size} per page)"
        )
        return
    for line in table(headers, [_summary_cells(row, titles) for row in rows]):
        click.echo(line)
    pages = (total + size - 1) // size
    if pages > 1:
        click.echo(
            f"\npage {page} of {pages} ({total} attempts); `--page {page + 1}` for older, `--all` for everything"
        )


def _stream_history_table(
    store: Store, filters: dict[str, Any], titles: dict[str, str], headers: list[str], chunk: int = 500
) -> None:
    """Every matching attempt as a fixed-width table, read a chunk at a time (a cell too long for its
    column is shortened, so the columns stay aligned)."""
    from .render import shorten

    click.echo("  ".join(header.ljust(width) for header, width in zip(headers, _STREAM_WIDTHS, strict=True)))
    click.echo("  ".join("-" * width for width in _STREAM_WIDTHS))
    offset = 0
    while True:
        rows, _ = store.attempt_summaries(
            limit=chunk,
            offset=offset,
            text=filters["text"],
            category=filters["category"],
            question_id=filters["question_id"],
        )
        for row in rows:
            cells = zip(_summary_cells(row, titles), _STREAM_WIDTHS, strict=True)
            click.echo("  ".join(shorten(cell, width).ljust(width) for cell, width in cells).rstrip())
        if len(rows) < chunk:
            return
        offset += chunk


@main.command()
@click.argument("attempt_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def show(settings: Settings, attempt_id: int, as_json: bool) -> None:
    """Show one attempt: the answer and its explained score."""
    from .mentor.attempt_extras import attempt_extras, extras_lines
    from .render import attempt_markdown
    from .textsafe import for_terminal

    settings.read_only_ok = True
    attempt = settings.store.attempt(attempt_id)
    if attempt is None:
        raise UserError(f"no attempt with id {attempt_id} (see `tpm-trainer history`)")
    question = settings.bank.questions.get(attempt.question_id)
    # the candidate has answered this question, so its model answer may be shown now
    model_answer = question.model_answer if question is not None else None
    extras = attempt_extras(settings.store, attempt)
    if as_json:
        payload = {**attempt.to_dict(), "model_answer": model_answer, **extras.to_dict()}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    click.echo(attempt_markdown(attempt, question))
    if model_answer and attempt.parent_attempt_id is None:
        click.echo(f"### Model answer\n\n{for_terminal(model_answer)}")
    for line in extras_lines(extras):
        click.echo(line)


@main.command()
@click.option("--all", "everything", is_flag=True, help="Re-score every attempt, not only those whose rubric changed.")
@click.option(
    "--force",
    is_flag=True,
    help="Also re-score attempts whose rubric now comes from a different file (skipped otherwise).",
)
@pass_settings
def rescore(settings: Settings, everything: bool, force: bool) -> None:
    """Re-score stored attempts whose rubric (or the scorer) changed since they were scored.

    The replaced report is kept in the attempt's history (`tpm-trainer show ID`). An attempt whose
    rubric now comes from a different file than the one that scored it (e.g. run without your
    `--rubrics` folder) is skipped with a warning unless `--force` is given.
    """
    from .rescoring import RescorePlan, plan_rescore, source_changes
    from .rescoring import rescore as rescore_attempts

    bank, store = settings.bank, settings.store
    settings.wrote = True
    stale = plan_rescore(store, bank, everything)
    moved = source_changes(store, bank, stale)
    if moved and not force:
        for attempt, old, new in moved[:10]:
            click.echo(f"tpm-trainer: warning: attempt {attempt.id} was scored with {old}, now {new}", err=True)
        click.echo(
            f"tpm-trainer: skipped {len(moved)} attempt(s) whose rubric comes from a different file; "
            "pass the same `--rubrics` folder as before, or `--force` to re-score them anyway",
            err=True,
        )
        moved_ids = {attempt.id for attempt, _, _ in moved}
        kept = RescorePlan(
            item for item in stale if item.id not in moved_ids and item.parent_attempt_id not in moved_ids
        )
        kept.rubric_count = stale.rubric_count
        stale = kept
    if not stale:
        click.echo("every attempt is up to date" if not moved else "nothing else to re-score")
        return
    changed = 0
    done = 0
    with click.progressbar(length=len(stale), label=f"re-scoring {len(stale)} attempt(s)", file=sys.stderr) as bar:
        for result in rescore_attempts(store, bank, stale):
            changed += result.changed
            done += 1
            bar.update(1)
    click.echo(f"re-scored {done} attempt(s); {changed} score(s) changed; earlier reports kept in each history")


def _export_lines(settings: Settings, fmt: str, selection: ExportFilter, counted: list[int]) -> Iterator[str]:
    """The export, piece by piece: one attempt at a time, never the whole history in memory. Each
    attempt exported appends 1 to `counted`."""
    from .mentor.exchange import export_json_pieces, export_markdown_pieces
    from .scoring import SCORER_VERSION

    store = settings.store
    if fmt == "json":
        yield from export_json_pieces(store, selection, SCORER_VERSION, counted)
        return
    yield from export_markdown_pieces(store, settings.bank.questions, selection, counted)


def _write_atomically(output: Path, pieces: Iterable[str]) -> None:
    """Write to a temporary file beside `output`, then rename it over `output`: a failure (a full
    disk) leaves the old file as it was."""
    temporary = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            for piece in pieces:
                handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, output)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        kept = " (the existing file was left unchanged)" if output.exists() else ""
        raise UserError(f"{output}: cannot write ({error.strerror or error}){kept}") from None


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True, help="Output format."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output (written whole, then renamed into place).",
)
@click.option("--question", "question_id", help="Only attempts at this question.")
@click.option("--category", help="Only attempts in this category.")
@click.option("--since", help="Only attempts that ended on or after this date (YYYY-MM-DD).")
@click.option("--candidate", help="Only attempts by this candidate (in a mentor's merged database).")
@pass_settings
def export(
    settings: Settings,
    fmt: str,
    output: Path | None,
    question_id: str | None,
    category: str | None,
    since: str | None,
    candidate: str | None,
) -> None:
    """Export the history (JSON keeps everything: answers, reports, grades, sessions, drafts).

    A JSON export can be merged into another database with `tpm-trainer import`.
    """
    from .mentor.exchange import ExportFilter

    if since is not None:
        try:
            datetime.fromisoformat(since)
        except ValueError:
            raise UserError(f"--since `{since}` is not a date (write YYYY-MM-DD)") from None
    settings.read_only_ok = True
    selection = ExportFilter(question_id, category, since, candidate)
    counted: list[int] = []
    if output is None:
        for piece in _export_lines(settings, fmt, selection, counted):
            click.echo(piece, nl=False)
        return
    _write_atomically(output, _export_lines(settings, fmt, selection, counted))
    click.echo(f"wrote {sum(counted)} attempt(s) to {output}")


@main.command()
@click.option("--check-only", is_flag=True, help="Report problems without repairing anything.")
@click.option("--backup", "make_backup", is_flag=True, help="Also write a backup now (in the backups folder).")
@pass_settings
def doctor(settings: Settings, check_only: bool, make_backup: bool) -> None:
    """Check the database (integrity, schema version, orphaned rows, counts) and repair what is safe.

    Exits 1 when a problem remains that could not be repaired.
    """
    from .store import DAILY, write_backup

    settings.read_only_ok = check_only
    store = settings.store
    click.echo(f"database: {store.path}{' (read-only)' if store.read_only else ''}")
    report = store.doctor(repair=not check_only)
    click.echo(f"integrity: {'ok' if report.integrity == ['ok'] else 'FAILED'}")
    click.echo(f"schema: {len(report.applied)} step(s) applied ({report.applied[-1] if report.applied else 'none'})")
    for line in report.repaired:
        click.echo(f"repaired: {line}")
    for line in report.problems:
        click.echo(f"problem: {line}")
    for line in _clean_caches():
        click.echo(f"cache: {line}")
    if make_backup and not store.read_only:
        click.echo(f"backup: {write_backup(store.db, store.path, DAILY)}")
    backups = store.backups()
    click.echo(f"backups: {len(backups)} in {store.path.parent / 'backups'}")
    if report.problems:
        sys.exit(1)
    click.echo("no problem left" if report.repaired else "no problem found")


def _clean_caches() -> list[str]:
    """Prune the bank cache folder (old or unsafe cache files); what was removed."""
    from . import bank_cache

    return [f"removed {name}" for name in bank_cache.clean_cache()]


@main.command("next")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: due and upcoming questions with their dates.")
@pass_settings
def next_due(settings: Settings, limit: int | None, as_json: bool) -> None:
    """What to practise now: questions due for another try, scheduled by FSRS from your scores."""
    from datetime import UTC, datetime

    from .practice import due_list
    from .textsafe import for_terminal

    settings.read_only_ok = True  # only reads: a read-only database still lists what is due
    due = due_list(settings.store, settings.bank, datetime.now(UTC))
    if as_json:
        click.echo(json.dumps(due.to_dict(limit), indent=2, ensure_ascii=False))
        return
    if not due.due and not due.upcoming and settings.store.count_attempts() == 0:
        click.echo("nothing answered yet: start with `tpm-trainer` or `tpm-trainer interview`")
        return
    if not due.due:
        soon = due.upcoming[0] if due.upcoming else None
        click.echo("nothing is due" + (f"; next: {soon.question_id} on {soon.due.date().isoformat()}" if soon else ""))
        return
    questions = settings.bank.questions
    for item in due.due[:limit]:
        click.echo(f"{item.question_id}  {for_terminal(questions[item.question_id].title)}")
        click.echo(f"    {item.why(due.now)}")
    click.echo(f"\n{len(due.due)} question(s) due; answer one with `tpm-trainer interview --question ID`")


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local).")
@pass_settings
def serve(settings: Settings, port: int, host: str) -> None:
    """Serve the trainer in a web browser (textual-serve), on this machine only by default."""
    import ipaddress
    import shlex

    from textual_serve.server import Server

    settings.store  # noqa: B018 - open (and check) the database before serving it
    command = [sys.executable, "-m", "tpm_trainer", "--db", str(Path(settings.db_path).resolve())]
    options = click.get_current_context().find_root().params  # the global options, passed on to the app
    for folder in options.get("bank_dirs") or ():
        command += ["--bank", str(Path(folder).resolve())]
    for folder in options.get("rubric_dirs") or ():
        command += ["--rubrics", str(Path(folder).resolve())]
    try:
        local = ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = host == "localhost"
    if not local:
        click.echo(f"tpm-trainer: warning: serving on {host}: anyone who can reach it can read your answers", err=True)
    click.echo(f"serving tpm-trainer on http://{host}:{port} (ctrl+c stops)")
    try:
        Server(shlex.join(command), host=host, port=port, title="tpm-trainer").serve()
    except OSError as error:
        raise UserError(f"cannot serve on {host}:{port} ({error.strerror or error})") from None


from . import cli_mentor  # noqa: E402, F401  (registers the mentor commands on `main`)

if __name__ == "__main__":  # pragma: no cover
    main()
