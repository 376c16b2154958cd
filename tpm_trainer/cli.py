"""The `tpm-trainer` command: thin commands over the library.

Each command parses its options, calls the library and reports. User errors become one clear line
and a non-zero exit code (1 for a bad request, 2 for an unusable database), never a traceback.
Only the interactive commands import Textual.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from . import __version__
from .bank import Bank, UnknownQuestionError
from .paths import default_db_path
from .sources import Sources

if TYPE_CHECKING:
    from .context import TrainerContext
    from .models import Question
    from .store import Store

from .session import MAX_ANSWER_CHARS


class UserError(click.ClickException):
    """A mistake the user can fix: printed as one line, exit code 1."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"tpm-trainer: {self.message}", err=True)


class DatabaseError(UserError):
    """An unusable database file: exit code 2."""

    exit_code = 2


class Settings:
    """Global options, and the bank and store built from them on first use."""

    def __init__(self, db: Path | None, rubric_dirs: tuple[Path, ...], bank_dirs: tuple[Path, ...]) -> None:
        self.db_path = db or default_db_path()
        self.sources = Sources.resolve(bank_dirs, rubric_dirs)
        self._bank: Bank | None = None
        self._store: Store | None = None

    @property
    def bank(self) -> Bank:
        if self._bank is None:
            self._bank = self.sources.load()
        return self._bank

    @property
    def store(self) -> Store:
        if self._store is None:
            from .store import Store, StoreError  # sqlite-utils only for commands that need the store

            try:
                self._store = Store.open(self.db_path)
            except StoreError as error:
                raise DatabaseError(str(error)) from None
        return self._store

    def context(self) -> TrainerContext:
        from .context import TrainerContext

        return TrainerContext(bank=self.bank, store=self.store, db_path=self.db_path)

    def question(self, question_id: str) -> Question:
        try:
            return self.bank.question(question_id)
        except UnknownQuestionError as error:
            raise UserError(str(error)) from None

    def warn_about_problems(self) -> None:
        errors = self.bank.errors
        if errors:
            click.echo(
                f"tpm-trainer: warning: {len(errors)} problem(s) in question or rubric files; "
                "run `tpm-trainer rubrics check` for details",
                err=True,
            )


pass_settings = click.make_pass_decorator(Settings)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
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
@click.version_option(__version__, prog_name="tpm-trainer")
@click.pass_context
def main(ctx: click.Context, db: Path | None, rubric_dirs: tuple[Path, ...], bank_dirs: tuple[Path, ...]) -> None:
    """Practise Technical Program Manager interviews: timed questions, explained scores, history.

    Run without a command to start the interactive trainer.
    """
    ctx.obj = Settings(db, rubric_dirs, bank_dirs)
    ctx.call_on_close(lambda: ctx.obj._store.close() if ctx.obj._store else None)
    if ctx.invoked_subcommand is None:
        _run_app(ctx.obj)


def _run_app(settings: Settings, **start: object) -> None:
    from .app import launch  # Textual is imported only for the interactive app

    context = settings.context()
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
    if question_id is not None:
        settings.question(question_id)
    if category is not None and category not in settings.bank.categories():
        raise UserError(_unknown_category(settings.bank, category))
    _run_app(settings, question_id=question_id, count=count, category=category, minutes=minutes)


def _unknown_category(bank: Bank, category: str) -> str:
    import difflib

    close = difflib.get_close_matches(category, bank.categories(), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else f" (categories: {', '.join(bank.categories())})"
    return f"unknown category `{category}`{hint}"


@main.command()
@click.option("--category", help="Only questions of this category.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def questions(settings: Settings, category: str | None, as_json: bool) -> None:
    """List the questions in the bank."""
    from .render import table

    bank = settings.bank
    if category is not None and category not in bank.categories():
        raise UserError(_unknown_category(bank, category))
    selected = bank.sorted_questions(category)
    if as_json:
        payload = [
            {**question.model_dump(mode="json"), "has_rubric": question.id in bank.rubrics} for question in selected
        ]
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    rows = [
        [
            q.id,
            q.category,
            q.difficulty,
            f"{q.time_limit_minutes:g}m",
            "yes" if q.id in bank.rubrics else "no",
            q.title[:50],
        ]
        for q in selected
    ]
    for line in table(["id", "category", "difficulty", "time", "rubric", "title"], rows):
        click.echo(line)
    categories = len({q.category for q in selected})
    click.echo(f"\n{len(selected)} question(s) in {categories} {'category' if categories == 1 else 'categories'}")
    settings.warn_about_problems()


def _read_answer(source: str) -> str:
    if source == "-":
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
    from .render import report_lines
    from .session import InterviewSession, grade_answer

    question = settings.question(question_id)
    rubric = settings.bank.rubric_for(question.id)
    if rubric is None:
        raise UserError(f"question `{question.id}` has no rubric (add one in a --rubrics folder)")
    session = InterviewSession.practice(settings.bank, question.id, timed=False)
    session.begin()
    answer = _read_answer(answer_file)
    attempt_id = None
    if save:
        submitted = session.submit(settings.store, answer)
        attempt_id, report = submitted.attempt_id, submitted.report
        if report is None:
            raise UserError(f"the answer was saved as attempt {attempt_id} but could not be scored")
    else:
        report = grade_answer(answer, rubric, None, follow_up=False)
    if as_json:
        payload = report.model_dump(mode="json")
        if attempt_id is not None:
            payload["attempt_id"] = attempt_id
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for line in report_lines(report, question):
        click.echo(line)
    if attempt_id is not None:
        click.echo(f"\nsaved as attempt {attempt_id}")


@main.group()
def rubrics() -> None:
    """Check and list rubrics."""


@rubrics.command("check")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path))
@pass_settings
def rubrics_check(settings: Settings, folders: tuple[Path, ...]) -> None:
    """Validate rubric and question files and run every calibration example.

    With FOLDERs, check only the rubric files in them (loaded on top of the shipped bank).
    Exits 1 when anything is wrong.
    """
    from .calibration import run_calibration

    sources = settings.sources
    roots = [folder.resolve() for folder in folders]
    loaded_roots = [path.resolve() for path in (*sources.rubric_dirs, *sources.mentor_rubric_dirs)]
    extra = tuple(folder for folder in folders if not any(_is_within(folder.resolve(), root) for root in loaded_roots))
    if extra:
        sources = Sources(sources.question_dirs, sources.rubric_dirs, (*sources.mentor_rubric_dirs, *extra))
    bank = sources.load(cached=False, thorough=True)  # a check always re-reads and re-validates every file

    def selected(path: Path) -> bool:  # realpath: a problem may be about a link that loops
        return not roots or any(_is_within(Path(os.path.realpath(path)), root) for root in roots)

    problems = [problem for problem in bank.problems if selected(problem.file)]
    for problem in problems:
        click.echo(str(problem))
    failures = 0
    checked = 0
    examples = 0
    for question_id, rubric in sorted(bank.rubrics.items()):
        path = bank.rubric_files[question_id]
        if not selected(path):
            continue
        checked += 1
        for result in run_calibration(rubric):
            examples += 1
            if not result.passed:
                failures += 1
                click.echo(f"{path}: calibration failed: {result.describe()}")
    errors = sum(problem.severity == "error" for problem in problems)
    if not roots:
        missing = sorted(set(bank.questions) - set(bank.rubrics))
        if missing:
            click.echo(f"notice: {len(missing)} question(s) have no rubric: {', '.join(missing)}")
    click.echo(
        f"{checked} rubric(s) checked, {examples} calibration example(s), {failures} failing, {errors} file problem(s)"
    )
    if errors or failures:
        sys.exit(1)


def _is_within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@main.command()
@click.option("--question", "question_id", help="Only attempts at this question.")
@click.option("--category", help="Only attempts in this category.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Show at most this many (newest first).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (full reports included).")
@pass_settings
def history(
    settings: Settings, question_id: str | None, category: str | None, limit: int | None, as_json: bool
) -> None:
    """List past attempts, newest first."""
    from .render import history_rows, table

    attempts = settings.store.attempts(question_id=question_id, category=category, limit=limit)
    if as_json:
        click.echo(json.dumps([attempt.to_dict() for attempt in attempts], indent=2, ensure_ascii=False))
        return
    if not attempts:
        click.echo("no attempts yet" + (" matching those filters" if question_id or category else ""))
        return
    for line in table(
        ["id", "date", "question", "category", "score", "band", "time"], history_rows(attempts, settings.bank.questions)
    ):
        click.echo(line)


@main.command()
@click.argument("attempt_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def show(settings: Settings, attempt_id: int, as_json: bool) -> None:
    """Show one attempt: the answer and its explained score."""
    from .render import attempt_markdown

    attempt = settings.store.attempt(attempt_id)
    if attempt is None:
        raise UserError(f"no attempt with id {attempt_id} (see `tpm-trainer history`)")
    if as_json:
        click.echo(json.dumps(attempt.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(attempt_markdown(attempt, settings.bank.questions.get(attempt.question_id)))


@main.command()
@click.option("--all", "everything", is_flag=True, help="Re-score every attempt, not only those whose rubric changed.")
@pass_settings
def rescore(settings: Settings, everything: bool) -> None:
    """Re-score stored attempts whose rubric (or the scorer) changed since they were scored."""
    from .rescoring import plan_rescore
    from .rescoring import rescore as rescore_attempts

    bank, store = settings.bank, settings.store
    stale = plan_rescore(store, bank, everything)
    if not stale:
        click.echo("every attempt is up to date")
        return
    changed = 0
    with click.progressbar(length=len(stale), label=f"re-scoring {len(stale)} attempt(s)", file=sys.stderr) as bar:
        for result in rescore_attempts(store, bank, stale):
            changed += result.changed
            bar.update(1)
    click.echo(f"re-scored {len(stale)} attempt(s); {changed} score(s) changed")


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "markdown"]), default="json", show_default=True, help="Output format."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@pass_settings
def export(settings: Settings, fmt: str, output: Path | None) -> None:
    """Export the whole history (JSON keeps everything: answers, reports, sessions, drafts)."""
    from .render import attempt_markdown
    from .scoring import SCORER_VERSION

    store = settings.store
    attempts = list(store.iter_attempts())
    if fmt == "json":
        payload = {
            "format": "tpm-trainer-export",
            "version": 1,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scorer_version": SCORER_VERSION,
            "sessions": store.sessions(),
            "attempts": [attempt.to_dict() for attempt in attempts],
            "drafts": [draft.__dict__ for draft in store.drafts()],
        }
        text = json.dumps(payload, indent=2, ensure_ascii=False)
    else:
        sections = ["# tpm-trainer history", "", f"{len(attempts)} attempt(s)", ""]
        sections += [
            attempt_markdown(attempt, settings.bank.questions.get(attempt.question_id)) for attempt in attempts
        ]
        text = "\n".join(sections)
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise UserError(f"{output}: cannot write ({error.strerror or error})") from None
    click.echo(f"wrote {len(attempts)} attempt(s) to {output}")


if __name__ == "__main__":  # pragma: no cover
    main()
