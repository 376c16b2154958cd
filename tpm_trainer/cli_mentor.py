"""The mentor's commands: grade, import, agreement, candidate, cohort and `rubrics install`.

Registered on the `tpm-trainer` group by `cli.py`; each is a thin driver of `tpm_trainer.mentor`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import Settings, UserError, main, pass_settings, rubrics
from .textsafe import for_terminal


@main.command()
@click.argument("attempt_id", type=int)
@click.option("--score", "score", type=float, required=True, help="Your score for the answer, 0 to 100.")
@click.option("--comment", default="", help="What you would tell the candidate.")
@click.option("--mentor", default="", help="Your name (kept with the grade).")
@pass_settings
def grade(settings: Settings, attempt_id: int, score: float, comment: str, mentor: str) -> None:
    """Grade an attempt yourself (a mentor's score and comment), kept beside the rubric's report."""
    from .mentor.grades import GradeError, add_grade
    from .mentor.origin import band_for_score

    attempt = settings.store.attempt(attempt_id)
    rubric = settings.bank.rubric_for(attempt.question_id) if attempt is not None else None
    band = band_for_score(rubric.bands, score) if rubric is not None and 0 <= score <= 100 else None
    try:
        saved = add_grade(settings.store, attempt_id, score, comment=comment, mentor=mentor, band=band)
    except GradeError as error:
        raise UserError(str(error)) from None
    rubric_score = f" (rubric: {attempt.score:g})" if attempt is not None and attempt.score is not None else ""
    click.echo(for_terminal(f"graded attempt {attempt_id}: {saved.describe()}{rubric_score}"))


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--candidate", help="Whose answers these are, when the export does not say.")
@pass_settings
def import_command(settings: Settings, files: tuple[Path, ...], candidate: str | None) -> None:
    """Merge JSON exports (from `tpm-trainer export`) into this database.

    Importing the same file twice adds nothing; ids are remapped; each candidate's name is kept.
    """
    from .mentor.exchange import ExchangeError, import_exports

    try:
        results = import_exports(settings.store, files, candidate)
    except ExchangeError as error:
        raise UserError(str(error)) from None
    for result in results:
        for warning in result.warnings:
            click.echo(for_terminal(f"tpm-trainer: warning: {warning}"), err=True)
        click.echo(for_terminal(result.describe()))


@main.command()
@click.option("--question", "question_id", help="Only attempts at this question.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--top", type=click.IntRange(1, 50), default=5, show_default=True, help="Concepts to list.")
@pass_settings
def agreement(settings: Settings, question_id: str | None, as_json: bool, top: int) -> None:
    """How the current rubrics agree with your grades (quadratic weighted kappa on bands).

    Every attempt with a mentor grade is re-scored with the current rubric (add `--rubrics DIR` to try
    yours); nothing stored is changed.
    """
    from .mentor.agreement import measure_agreement

    if question_id is not None:
        settings.question(question_id)
    result = measure_agreement(settings.store, settings.bank, question_id, top)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in result.skipped:
        click.echo(for_terminal(f"tpm-trainer: warning: {line}"), err=True)
    if not result.attempts:
        raise UserError("no graded attempts to compare (grade some with `tpm-trainer grade ID --score N`)")
    kappa = f"{result.kappa:.3f}" if result.kappa is not None else "undefined (every grade in one band)"
    click.echo(f"{len(result.attempts)} graded attempt(s); agreement measured on bands")
    click.echo(f"quadratic weighted kappa (QWK): {kappa}")
    click.echo(f"exact band agreement: {result.exact:.0%}; within one band: {result.adjacent:.0%}")
    click.echo(f"mean score difference (rubric vs mentor): {result.mean_absolute_difference:.1f} points")
    if result.concepts:
        click.echo("concepts behind the disagreements:")
        for concept in result.concepts:
            what = "hit in" if concept.direction == "over" else "missed in"
            where = "graded above you" if concept.direction == "over" else "graded below you"
            click.echo(
                for_terminal(
                    f"  {concept.question_id} / {concept.concept_id} ({concept.label}): {what} {concept.count} of "
                    f"{concept.of} answer(s) the rubric {where}"
                )
            )


@main.command()
@click.argument("name", required=False)
@pass_settings
def candidate(settings: Settings, name: str | None) -> None:
    """Show or set this database's candidate name (written into exports for your mentor)."""
    from .mentor.origin import local_candidate, set_local_candidate

    if name is None:
        click.echo(
            local_candidate(settings.store.db) or "no candidate name set (set one: `tpm-trainer candidate NAME`)"
        )
        return
    if not name.strip():
        raise UserError("the candidate name is empty")
    set_local_candidate(settings.store, name)
    click.echo(for_terminal(f"candidate name set to {name.strip()}"))


@rubrics.command("install")
@click.argument("pack", type=click.Path(path_type=Path))
@pass_settings
def rubrics_install(settings: Settings, pack: Path) -> None:
    """Install a rubric pack (a folder or .zip with pack.yaml) into your user data folder.

    The pack is checked first exactly as `rubrics check` does, calibration examples included; nothing
    is installed when anything is wrong. Installed packs are read by default; installing a pack with
    the same name again replaces it.
    """
    from .mentor.packs import PackError, install_pack

    try:
        result = install_pack(pack, settings.sources)
    except PackError as error:
        raise UserError(str(error)) from None
    for finding in result.check.findings:
        click.echo(str(finding))
    for _, rubric, outcome in result.check.calibration:
        if not outcome.passed:
            click.echo(f"{pack}: {rubric.question}: calibration failed: {outcome.describe()}")
    manifest = result.manifest
    if not result.destination:
        raise UserError(
            f"{pack}: not installed: {result.check.errors} error(s), {result.check.failures} failing calibration example(s)"
        )
    verb = "replaced" if result.replaced else "installed"
    click.echo(
        f"{verb} pack {manifest.name} {manifest.version} by {manifest.author} ({manifest.licence}): "
        f"{result.check.rubrics_checked} rubric(s), {result.check.questions_checked} question(s) in "
        f"{', '.join(str(path) for path in result.destination.values())}"
    )


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to serve on.")
@click.option(
    "--write-metadata",
    "metadata_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Only write Datasette metadata to this file (then run `datasette DB -m FILE`).",
)
@pass_settings
def cohort(settings: Settings, port: int, metadata_file: Path | None) -> None:
    """Open the database in Datasette: tables described, canned queries for a cohort of candidates.

    Needs the mentor extra: pip install 'tpm-trainer[mentor]'. Serves on 127.0.0.1 only, read-only.
    """
    import contextlib
    import subprocess
    import tempfile

    from .mentor.cohort import datasette_available, datasette_command, write_metadata
    from .mentor.schema import ensure_mentor_schema

    ensure_mentor_schema(settings.store.db)  # the grade and origin tables exist even before the first import
    if metadata_file is not None:
        write_metadata(settings.db_path, metadata_file)
        click.echo(f"wrote {metadata_file}; run: datasette {settings.db_path} -m {metadata_file}")
        return
    if not datasette_available():
        raise UserError("Datasette is not installed; install the mentor extra: pip install 'tpm-trainer[mentor]'")
    settings.store.close()
    settings._store = None
    with tempfile.TemporaryDirectory(prefix="tpm-cohort-") as scratch:
        metadata = write_metadata(settings.db_path, Path(scratch) / "metadata.json")
        click.echo(f"serving {settings.db_path} on http://127.0.0.1:{port}/ (Ctrl+C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            subprocess.run(datasette_command(settings.db_path, metadata, port), check=False)
