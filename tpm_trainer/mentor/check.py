"""`rubrics check`: validate every question and rubric file given (folders or single files), report each
problem with file:line:column in plain words, and run every calibration example through the scorer.

Files inside the folders the bank already reads are checked as loaded; any other file is classified as
a question (it has `id`/`prompt`) or a rubric (it has `question`) and loaded on top of the bank, so a
broken question is reported instead of vanishing, and a rubric can refer to questions given beside it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..bank import Bank, Problem
from ..bank_loader import _add_rubric, _load_file, _read_yaml, load_bank, mark_of, yaml_files
from ..calibration import CalibrationResult, run_calibration
from ..lexicon import LEXICON_FOLDER, Lexicon, lexicon_dirs, load_lexicon
from ..models import Question, Rubric
from ..scoring import score_answer
from ..scoring.topics import TopicIndex
from ..sources import Sources
from ..walk import YAML_SUFFIXES
from .findings import Finding
from .rubric_lint import is_cross_reference_summary, lint_rubric
from .yaml_errors import yaml_finding

_TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:", re.MULTILINE)


@dataclass
class CheckResult:
    """Everything `rubrics check` found."""

    findings: list[Finding] = field(default_factory=list)
    calibration: list[tuple[Path, Rubric, CalibrationResult]] = field(default_factory=list)
    rubrics_checked: int = 0
    questions_checked: int = 0
    missing_rubrics: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(finding.severity == "error" for finding in self.findings)

    @property
    def warnings(self) -> int:
        return sum(finding.severity == "warning" for finding in self.findings)

    @property
    def failures(self) -> int:
        return sum(not result.passed for _, _, result in self.calibration)


def _real(path: Path) -> Path:
    """The path with links followed (never raising on a link loop, unlike `Path.resolve`)."""
    return Path(os.path.realpath(path))


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def classify(path: Path) -> str:
    """`question`, `rubric` or `lexicon`, from the file's folder and top-level keys (`rubric` when it
    cannot tell)."""
    try:
        keys = set(_TOP_LEVEL_KEY.findall(path.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return "rubric"
    if path.parent.name == LEXICON_FOLDER or ("families" in keys and "concepts" not in keys):
        return "lexicon"
    if "question" in keys or "concepts" in keys:
        return "rubric"
    return "question" if keys & {"id", "prompt", "title"} else "rubric"


def _targets(paths: Sequence[Path], result: CheckResult) -> list[list[Path]]:
    """The YAML files of each path argument (a folder's files, or the single file)."""
    groups: list[list[Path]] = []
    for path in paths:
        if not path.exists():
            result.findings.append(Finding(path, "no such file or folder"))
        elif path.is_dir():
            files = yaml_files(path)
            if not files:
                result.findings.append(Finding(path, "no .yaml or .yml files in this folder", severity="warning"))
            groups.append(files)
        elif path.suffix not in YAML_SUFFIXES:
            result.findings.append(Finding(path, "not a YAML file (questions and rubrics end in .yaml or .yml)"))
        else:
            groups.append([path])
    return groups


def _load_extra(bank: Bank, groups: list[list[Path]], lexicon: Lexicon) -> set[Path]:
    """Load files the sources do not read: questions first, then each argument's rubrics as one layer
    (their concepts expanded with `lexicon`'s families). Lexicon files were read with the lexicon."""
    rubric_files: set[Path] = set()
    kinds = {path: classify(path) for files in groups for path in files}
    for files in groups:
        for path in files:
            if kinds[path] != "question":
                continue
            question, problems = _load_file(path, Question)
            bank.problems.extend(problems)
            if not isinstance(question, Question):
                continue
            if question.id in bank.questions and _real(bank.question_files[question.id]) != _real(path):
                first = bank.question_files[question.id]
                bank.problems.append(Problem(path, f"duplicate question id `{question.id}` (already in {first})", "id"))
                continue
            bank.questions[question.id] = question
            bank.question_files[question.id] = path
    for files in groups:
        layer: dict[str, Path] = {}
        for path in files:
            if kinds[path] == "rubric":
                rubric_files.add(_real(path))
                _add_rubric(bank, path, layer, lexicon)
    return rubric_files


def _rewrite(problem: Problem) -> Finding:
    """A loader problem in plain words: YAML parser errors re-read for their column, `--bank` hinted."""
    if problem.message.startswith("invalid YAML") and "duplicate key" not in problem.message:
        try:
            text = problem.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        rewritten = yaml_finding(problem.file, text) if text is not None else None
        if rewritten is not None:
            return rewritten
        return Finding(problem.file, "the file is not valid YAML", line=problem.line)
    if problem.message.startswith("invalid YAML"):
        return Finding(problem.file, problem.message.removeprefix("invalid YAML: "), problem.field, problem.line)
    finding = Finding.from_problem(problem)
    if "is followed by the YAML comment" in problem.message:  # text silently lost: a warning, not a notice
        finding = Finding(finding.file, finding.message, finding.field, finding.line, None, "warning")
    if problem.field and problem.line is not None:
        finding = _with_column(finding)
    if problem.message.startswith("rubric for unknown question"):
        hint = "; if the question is in a folder of your own, pass it with `--bank DIR`"
        finding = Finding(
            problem.file, problem.message + hint, problem.field, problem.line, 1, "error", problem.suggestion
        )
    return finding


def _with_column(finding: Finding) -> Finding:
    """The finding with the column of its field, when the field is found on the reported line."""
    _, node, problems = _read_yaml(finding.file)
    if problems:
        return finding
    loc = tuple(int(part) if part.isdigit() else part for part in finding.field.split("."))
    line, column = mark_of(node, loc, key_line=finding.message == "unknown field")
    if line != finding.line:
        return finding
    return Finding(finding.file, finding.message, finding.field, line, column, finding.severity, finding.suggestion)


def check(sources: Sources, paths: Sequence[Path] = ()) -> CheckResult:
    """Check the given files and folders (everything the sources read when none are given)."""
    result = CheckResult()
    groups = _targets(paths, result)
    loaded_roots = [_real(p) for p in (*sources.question_dirs, *sources.rubric_dirs, *sources.mentor_rubric_dirs)]
    rubric_roots = [_real(p) for p in (*sources.rubric_dirs, *sources.mentor_rubric_dirs)]
    bank = load_bank(sources.question_dirs, sources.rubric_dirs, sources.mentor_rubric_dirs)
    extra = [[p for p in files if not any(_within(_real(p), root) for root in loaded_roots)] for files in groups]
    # The lexicon the extra rubrics are expanded with: the sources' and the given files' own.
    extra_lexicon_dirs = sorted({path.parent for files in extra for path in files if classify(path) == "lexicon"})
    lexicon = load_lexicon([*lexicon_dirs((*sources.rubric_dirs, *sources.mentor_rubric_dirs)), *extra_lexicon_dirs])
    extra_files = {_real(path) for files in extra for path in files}
    bank.problems.extend(problem for problem in lexicon.problems if _real(problem.file) in extra_files)
    extra_rubrics = _load_extra(bank, extra, lexicon)
    selected_files = {_real(p) for files in groups for p in files}

    folder_roots = [_real(path) for path in paths if path.is_dir()]

    def selected(path: Path) -> bool:  # a given file, or anything inside a given folder (links followed)
        real = _real(path)
        return not paths or real in selected_files or any(_within(real, root) for root in folder_roots)

    rubric_files = {
        path for path in selected_files if path in extra_rubrics or any(_within(path, root) for root in rubric_roots)
    }
    if not paths:
        rubric_files = {
            _real(p)
            for root in (*sources.rubric_dirs, *sources.mentor_rubric_dirs)
            if root.is_dir()
            for p in yaml_files(root)
        }
    lint: dict[Path, list[Finding]] = {}
    for path in sorted(rubric_files):
        data, node, problems = _read_yaml(path)
        if not problems:
            lint[path] = lint_rubric(path, data, node)
    for problem in bank.problems:
        if not selected(problem.file):
            continue
        if not problem.field and is_cross_reference_summary(problem.message) and lint.get(_real(problem.file)):
            continue  # re-reported below, one finding per reference with its own line
        result.findings.append(_rewrite(problem))
    # A phrase error the bank loader already reported (with the same dotted field) is not repeated.
    loaded_errors = {(_real(problem.file), problem.field) for problem in bank.problems if problem.severity == "error"}
    for path, findings in lint.items():
        result.findings.extend(
            finding
            for finding in findings
            if (path, finding.field.removesuffix(".text")) not in loaded_errors or finding.severity != "error"
        )
    for question_id, question in sorted(bank.questions.items()):
        question_path = bank.question_files.get(question_id)
        rubric = bank.rubrics.get(question_id)
        if question_path is None or rubric is None or not question.model_answer:
            continue
        if selected(question_path) or selected(bank.rubric_files[question_id]):
            finding = _model_answer_finding(question_path, question, rubric, bank.topics)
            if finding is not None:
                result.findings.append(finding)
    result.findings.sort(key=lambda f: (str(f.file), f.line or 0, f.column or 0))
    result.questions_checked = sum(selected(path) for path in bank.question_files.values())
    for question_id, rubric in sorted(bank.rubrics.items()):
        path = bank.rubric_files[question_id]
        if not selected(path):
            continue
        result.rubrics_checked += 1
        outcomes = run_calibration(rubric, bank.questions.get(question_id), bank.topics)
        result.calibration += [(path, rubric, outcome) for outcome in outcomes]
    if not paths:
        # A question whose rubric file failed to load has its errors above; "no rubric" would be a second,
        # misleading problem.
        failed_files = {
            problem.file
            for problem in bank.problems
            if problem.severity == "error" and any(_within(_real(problem.file), root) for root in rubric_roots)
        }
        broken = {
            str(data["question"])
            for file in failed_files
            for data in [_read_yaml(file)[0]]
            if isinstance(data, dict) and "question" in data
        }
        result.missing_rubrics = sorted(set(bank.questions) - set(bank.rubrics) - broken)
    return result


def _model_answer_finding(path: Path, question: Question, rubric: Rubric, topics: TopicIndex | None) -> Finding | None:
    """An error when the question's model answer does not reach its rubric's top band: candidates are shown
    it as what a strong answer says, so the rubric and the model answer must agree. Scored as the app scores
    an answer (with the bank's `topics`), like the calibration examples."""
    report = score_answer(question.model_answer or "", rubric, question, topics)
    top = rubric.bands[0].label
    if report.band == top:
        return None
    _, node, _ = _read_yaml(path)
    line, column = mark_of(node, ("model_answer",), key_line=True)
    capped = f", capped: {'; '.join(cap.reason for cap in report.caps)}" if report.band_capped else ""
    missed = ", ".join(f"`{concept.id}`" for concept in report.misses if concept.kind == "concept")
    missing = f", missing {missed}" if missed else ""
    return Finding(
        path,
        f"scores {report.score:g} {report.band} with its rubric{missing}{capped}; a model answer must reach the "
        f"top band ({top}), as candidates are shown it as a strong answer: complete it or widen the rubric",
        "model_answer",
        line,
        column,
    )


def band_range(rubric: Rubric, label: str) -> tuple[float, float] | None:
    """The score range [low, high] of a band of `rubric`."""
    ordered = sorted(rubric.bands, key=lambda band: band.min_score)
    for index, band in enumerate(ordered):
        if band.label == label:
            high = ordered[index + 1].min_score if index + 1 < len(ordered) else 100.0
            return band.min_score, high
    return None


def explain(rubric: Rubric, outcome: CalibrationResult) -> str:
    """One calibration example: score, band, expected range, the margin to it, and the concepts hit."""
    report = outcome.report
    example = outcome.example
    low, high = 0.0, 100.0
    expected: list[str] = []
    if example.band is not None:
        expected.append(example.band)
        band_bounds = band_range(rubric, example.band)
        if band_bounds is not None:
            low, high = max(low, band_bounds[0]), min(high, band_bounds[1])
    if example.score is not None:
        low, high = max(low, example.score[0]), min(high, example.score[1])
    expected.append(f"{low:g}-{high:g}")
    # The margin to the nearest bound a changed score could cross (the ends of the 0-100 scale cannot be).
    distances = [report.score - low] if low > 0 else []
    distances += [high - report.score] if high < 100 else []
    if distances:
        margin = min(distances)
        where = f"{'inside' if margin >= 0 else 'outside'} by {abs(margin):.1f}"
    else:
        where = "any score passes"
    hits = ", ".join(concept.id for concept in report.hits) or "none"
    flags = ", ".join(flag.id for flag in report.red_flags)
    verdict = "pass" if outcome.passed else "FAIL"
    capped = " (capped)" if report.band_capped else ""
    text = (
        f"  calibration.{outcome.index}: {verdict}: {report.score:g} {report.band}{capped}; expected "
        f"{' '.join(expected)}; {where}; hits: {hits}"
    )
    # Caps hold a score in its band however far inside it lands (a keyword list stays at the lowest band
    # whatever it covers), so the margin alone understates how safe a capped example is.
    caps = ", ".join(f"{cap.kind} at {cap.band}" for cap in report.caps)
    return text + (f"; red flags: {flags}" if flags else "") + (f"; held by caps: {caps}" if caps else "")
