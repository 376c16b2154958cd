"""Read and validate question and rubric files: the slow path of loading a bank.

Every problem in every file is collected (file, dotted field, line, message, "did you mean"). This
module is imported only when files must be read; a bank reused from the cache never needs YAML.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ValidationError

from .bank import MAX_FILE_BYTES, Bank, Problem
from .models import Phrase, Question, Rubric
from .textsafe import control_characters
from .walk import YAML_SUFFIXES, FolderWalk, walk_files

if TYPE_CHECKING:
    from .lexicon import Lexicon

# ------------------------------------------------------------------------------------------------
# YAML reading with line numbers
# ------------------------------------------------------------------------------------------------


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when available: ~10x faster


class _StrictSafeLoader(_SafeBase):  # type: ignore[misc, valid-type]
    """A safe loader (no object-building tags) that also rejects duplicate keys."""


def _construct_mapping(loader: _StrictSafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, typing.Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "a list or mapping cannot be a key (found unhashable key)", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key `{key}` (first at line {seen[key]})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    mapping: dict[object, object] = loader.construct_mapping(node, deep=deep)
    return mapping


_StrictSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read_yaml(path: Path) -> tuple[object, yaml.Node | None, list[Problem]]:
    """Parse a YAML file; returns (data, node tree, problems): errors, or warnings about its text."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, None, [Problem(path, f"file is too large ({size:,} bytes; limit {MAX_FILE_BYTES:,})")]
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, None, [Problem(path, f"not UTF-8 text ({error.reason} at byte {error.start})")]
    except OSError as error:
        return None, None, [Problem(path, f"cannot read file: {error.strerror or error}")]
    try:
        node, data = _parse(text, quick=True)
        if data is _UNUSUAL:  # aliases, merge keys, duplicate keys, odd tags: PyYAML's own way, as always
            node, data = _parse(text, quick=False)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error)
        if "could not determine a constructor" in str(reason):
            reason = f"{reason} (tags that build objects are not allowed)"
        return None, None, [Problem(path, f"invalid YAML: {reason}", line=line)]
    # Parsed strings hold control characters only if the text does, or a double-quoted escape made one.
    if "\\" not in text and not control_characters(text):
        return data, node, []
    return data, node, _control_character_warnings(path, node)


def _parse(text: str, quick: bool) -> tuple[yaml.Node | None, object]:
    """The node tree (kept for line numbers) and the data of a one-document YAML text."""
    loader = _StrictSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        return node, _plain_data(loader, node, set()) if quick else loader.construct_document(node)
    finally:
        loader.dispose()


_UNUSUAL = object()  # returned by `_plain_data` for a tree it leaves to PyYAML's constructor
_STR_TAG, _SEQ_TAG, _MAP_TAG = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map"))


def _plain_data(loader: _StrictSafeLoader, node: yaml.Node, seen: set[int]) -> object:
    """The data of a tree of plain strings, lists and mappings, built directly (PyYAML's constructor
    is most of the time spent reading a file). Anything unusual (a node met twice, as aliases and
    recursion make; a merge key; a duplicate or unhashable key; a tag other than str, seq or map on
    a collection) returns `_UNUSUAL`, and the caller builds the document the usual, checked way."""
    if id(node) in seen:
        return _UNUSUAL
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return node.value if node.tag == _STR_TAG else loader.construct_object(node)
    if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
        items = []
        for child in node.value:
            item = _plain_data(loader, child, seen)
            if item is _UNUSUAL:
                return _UNUSUAL
            items.append(item)
        return items
    if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
        mapping: dict[object, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                return _UNUSUAL
            key = _plain_data(loader, key_node, seen)
            value = _plain_data(loader, value_node, seen)
            if key is _UNUSUAL or value is _UNUSUAL or not isinstance(key, typing.Hashable) or key in mapping:
                return _UNUSUAL
            mapping[key] = value
        return mapping
    return _UNUSUAL


def mark_of(node: yaml.Node | None, loc: tuple[object, ...], key_line: bool = False) -> tuple[int | None, int | None]:
    """(line, column), 1-based, of the value at `loc` in a YAML node tree (of its key with `key_line`).

    Stops at the deepest node that exists, so a missing field points at its parent.
    """
    if node is None:
        return None, None
    current = node
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == str(part):
                    if last and key_line:
                        return key_node.start_mark.line + 1, key_node.start_mark.column + 1
                    current = value_node
                    break
            else:
                break
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
        else:
            break
    return current.start_mark.line + 1, current.start_mark.column + 1


def _line_of(node: yaml.Node | None, loc: tuple[object, ...], key_line: bool = False) -> int | None:
    """Line (1-based) of the value at `loc` in the YAML node tree; the key's line if `key_line`."""
    return mark_of(node, loc, key_line)[0]


def _model_at(model: type[BaseModel], loc: tuple[object, ...]) -> type[BaseModel] | None:
    """The pydantic model class found by following `loc` from `model` (None if not a model)."""
    current: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: object) -> object:
    """The BaseModel inside list[X], X | None, X | str ... (or the annotation itself)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            inner = _inner_model(argument)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def _did_you_mean(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return close[0] if close else ""


def _validation_problems(
    path: Path, model: type[BaseModel], error: ValidationError, node: yaml.Node | None
) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        loc = _clean_loc(item["loc"], node)
        dotted = ".".join(str(part) for part in loc)
        kind = item["type"]
        suggestion = ""
        if kind == "extra_forbidden":
            parent = _model_at(model, loc[:-1])
            if parent is not None:
                suggestion = _did_you_mean(str(loc[-1]), parent.model_fields)
            message = "unknown field"
            line = _line_of(node, loc, key_line=True)
        else:
            message = item["msg"]
            if message.startswith("Value error, "):
                message = message[len("Value error, ") :]
            if kind == "literal_error":
                options = re.findall(r"'([^']*)'", str(item.get("ctx", {}).get("expected", "")))
                suggestion = _did_you_mean(str(item.get("input", "")), options)
            if kind == "missing":
                message = "required field is missing"
            line = _line_of(node, loc)
        problem = Problem(path, message, dotted, line, suggestion)
        if problem not in problems:  # union members repeat the same complaint
            problems.append(problem)
    return problems


def _clean_loc(loc: Iterable[object], node: yaml.Node | None) -> tuple[object, ...]:
    """Drop the type names pydantic adds to a location inside unions (`str`, `PhraseSpec`, ...).

    A part that is a key (or index) present in the file is always kept, whatever it looks like (an
    unknown `Hint:` key must not vanish from its own error); other parts are kept when they look like
    field names (a missing field)."""
    kept: list[object] = []
    current = node
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode):
            child = next((value for key, value in current.value if key.value == str(part)), None)
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(current.value):
            child = current.value[part]
        if child is not None:
            kept.append(part)
            current = child
        elif isinstance(part, int) or (
            re.fullmatch(r"[a-z_][a-z0-9_]*", str(part)) and part not in ("str", "int", "float")
        ):
            kept.append(part)
            current = None
    return tuple(kept)


@lru_cache(maxsize=65536)
def _phrase_error(text: str) -> str:
    """Why `text` does not compile as a phrase (empty when it does); remembered, since every load of the
    same folders checks the same phrases."""
    from .scoring.phrases import PhraseSyntaxError, compile_phrases

    try:
        compile_phrases(text)
    except PhraseSyntaxError as error:
        return str(error)
    return ""


def _comment_hint(path: Path, line: int | None) -> str:
    """For a phrase that does not compile: when its line holds an unquoted ` #`, YAML read the rest of the
    line as a comment and cut the phrase short (`(first|for # weeks)` became `(first|for`), which the
    phrase error alone does not say."""
    if line is None:
        return ""
    try:
        raw = path.read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, UnicodeDecodeError, IndexError):
        return ""
    value = raw.strip().removeprefix("-").strip()
    if value.startswith("text:"):
        value = value.removeprefix("text:").strip()
    if " #" in raw and not value.startswith(("'", '"')):
        return "; the ` #` on this line starts a YAML comment, which cut the phrase short: quote the whole phrase"
    return ""


def _phrase_problems(path: Path, rubric: Rubric, node: yaml.Node | None) -> tuple[list[Problem], list[Problem]]:
    """Phrases that cannot be compiled (errors), and phrases that compile but lose characters or would
    be slow (notices)."""
    from .scoring.phrases import phrase_warnings  # only when files are read

    problems: list[Problem] = []
    notices: list[Problem] = []
    located: list[tuple[tuple[object, ...], Phrase]] = [
        (("anchors", index), phrase) for index, phrase in enumerate(rubric.anchors)
    ]
    for item_index, concept in enumerate(rubric.concepts):
        for field_name in ("phrases", "unless", "not_with"):
            phrases: list[Phrase] = getattr(concept, field_name)
            located.extend(
                (("concepts", item_index, field_name, index), phrase) for index, phrase in enumerate(phrases)
            )
    for item_index, flag in enumerate(rubric.red_flags):
        for field_name in ("phrases", "not_with"):
            phrases = getattr(flag, field_name)
            located.extend(
                (("red_flags", item_index, field_name, index), phrase) for index, phrase in enumerate(phrases)
            )
    for loc, phrase in located:
        text = phrase if isinstance(phrase, str) else phrase.text
        error = _phrase_error(text)
        if error:
            line = _line_of(node, loc)
            problems.append(Problem(path, error + _comment_hint(path, line), ".".join(map(str, loc)), line))
            continue
        for warning in phrase_warnings(text):
            notices.append(Problem(path, warning, ".".join(map(str, loc)), _line_of(node, loc), severity="notice"))
    return problems, notices


def _load_file(
    path: Path, model: type[BaseModel], check_phrases: bool = True
) -> tuple[BaseModel | None, list[Problem]]:
    """Read and validate one file: the item (None when unusable) and every problem, warnings included.

    `check_phrases=False` skips compiling a rubric's phrases (the slowest check), for trusted folders."""
    data, node, warnings = _read_yaml(path)
    if any(problem.severity == "error" for problem in warnings):
        return None, warnings
    item, problems = _validate_file(path, model, data, node, check_phrases)
    return item, [*warnings, *problems]


def looks_like(data: object) -> str:
    """`question` or `rubric` when a file's fields say which it is (a question has `id` and `prompt`, a rubric
    `question` and `concepts`); empty when they do not."""
    if not isinstance(data, dict):
        return ""
    if "id" in data and "prompt" in data and "concepts" not in data:
        return "question"
    if "question" in data and "concepts" in data and "id" not in data:
        return "rubric"
    return ""


_WRONG_FOLDER = {
    (Question, "rubric"): "a rubric file (it has `question` and `concepts`) in a question folder: pass its folder "
    "with --rubrics (or TPM_TRAINER_RUBRICS), not --bank",
    (Rubric, "question"): "a question file (it has `id` and `prompt`) in a rubric folder: pass its folder with "
    "--bank (or TPM_TRAINER_BANK), not --rubrics",
}


def _validate_file(
    path: Path, model: type[BaseModel], data: object, node: yaml.Node | None, check_phrases: bool = True
) -> tuple[BaseModel | None, list[Problem]]:
    if not isinstance(data, dict):
        found = "an empty file" if data is None else f"a {type(data).__name__}"
        return None, [Problem(path, f"expected a mapping of fields at the top level, found {found}", line=1)]
    wrong_folder = _WRONG_FOLDER.get((model, looks_like(data)))
    if wrong_folder is not None:
        return None, [Problem(path, wrong_folder, line=1)]  # one message, not every field as unknown
    try:
        item = model.model_validate(data)
    except ValidationError as error:
        return None, _validation_problems(path, model, error, node)
    if isinstance(item, Rubric):
        if check_phrases:
            phrase_problems, phrase_notices = _phrase_problems(path, item, node)
        else:
            phrase_problems, phrase_notices = [], []
        if phrase_problems:
            return None, phrase_problems
        return item, _comment_notices(path, node) + phrase_notices
    return item, []


def _control_character_warnings(path: Path, node: yaml.Node | None) -> list[Problem]:
    """Warn about every key or string holding terminal control characters or escape sequences.

    Such text could retitle a terminal, write the clipboard or clear the screen when shown; front ends
    neutralise it, and this warning lets `rubrics check` catch a hostile file before anyone uses it.
    """
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple[object, ...]]] = [(node, ())] if node is not None else []
    while stack:
        current, loc = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            offsets = control_characters(str(current.value))
            if offsets:
                codes = ", ".join(sorted({f"U+{ord(str(current.value)[i]):04X}" for i in offsets}))
                where = "key" if loc and loc[-1] == _KEY else "text"
                field = ".".join(str(part) for part in loc if part != _KEY)
                message = f"{where} contains terminal control characters ({codes}); remove them"
                problems.append(Problem(path, message, field, current.start_mark.line + 1, severity="warning"))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, (*loc, index)) for index, child in enumerate(current.value))
        elif isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                stack.append((value_node, (*loc, key)))
                stack.append((key_node, (*loc, key, _KEY)))
    return sorted(problems, key=lambda problem: (problem.line or 0, problem.field))


_KEY = object()  # marks a location as the key itself rather than its value

_COMMENT_AFTER_RE = re.compile(r"\s+#\S*")


def _comment_notices(path: Path, node: yaml.Node | None) -> list[Problem]:
    """Notice plain phrases followed by a YAML comment: `- within # minutes` loses `# minutes`."""
    if not isinstance(node, yaml.MappingNode):
        return []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    notices: list[Problem] = []
    for key_node, section in node.value:
        if key_node.value not in ("concepts", "red_flags") or not isinstance(section, yaml.SequenceNode):
            continue
        for item_index, item in enumerate(section.value):
            if not isinstance(item, yaml.MappingNode):
                continue
            for field_node, phrases in item.value:
                if field_node.value != "phrases" or not isinstance(phrases, yaml.SequenceNode):
                    continue
                for phrase_index, phrase in enumerate(phrases.value):
                    if not isinstance(phrase, yaml.ScalarNode) or phrase.style not in (None, ""):  # plain only
                        continue
                    line = phrase.end_mark.line
                    rest = lines[line][phrase.end_mark.column :] if line < len(lines) else ""
                    if _COMMENT_AFTER_RE.match(rest) and rest.strip() != "#":
                        notices.append(
                            Problem(
                                path,
                                f"the phrase `{phrase.value}` is followed by the YAML comment `{rest.strip()}`; "
                                "if `#` was meant as the number wildcard, quote the whole phrase",
                                f"{key_node.value}.{item_index}.phrases.{phrase_index}",
                                line + 1,
                                severity="notice",
                            )
                        )
    return notices


def yaml_files(folder: Path) -> list[Path]:
    """Every YAML file below `folder`, in a stable order (links to folders followed once, loops skipped)."""
    return list(walk_files(folder, YAML_SUFFIXES).files)


def _walk_problems(walk: FolderWalk) -> list[Problem]:
    """Loops and folders read twice (warnings), and folders that could not be listed (errors)."""
    problems = [Problem(skipped.path, skipped.message, severity="warning") for skipped in walk.skipped]
    problems.extend(Problem(folder, f"cannot read folder: {reason}") for folder, reason in walk.unreadable)
    return problems


def _folder_problem(folder: Path) -> Problem | None:
    if not folder.exists():
        return Problem(folder, "folder does not exist")
    if not folder.is_dir():
        return Problem(folder, "not a folder")
    return None


# ------------------------------------------------------------------------------------------------
# Loading a whole bank
# ------------------------------------------------------------------------------------------------


def load_bank(
    question_dirs: Iterable[Path],
    rubric_dirs: Iterable[Path],
    mentor_rubric_dirs: Iterable[Path] = (),
    trusted_rubric_dirs: Iterable[Path] = (),
) -> Bank:
    """Load questions from `question_dirs`, then rubrics from `rubric_dirs` and `mentor_rubric_dirs`.

    A rubric in a later folder (a mentor's) replaces an earlier one (the shipped one) for the same
    question, noted as a notice; two rubrics for one question in the same folder, duplicate question
    ids and rubrics for unknown questions are errors. Nothing is raised: every problem lands in `Bank.problems`.

    Phrases of rubrics in `trusted_rubric_dirs` (the shipped folder, which `rubrics check` compiles in
    CI) are not compiled here: that is most of the time of a cold start. Everything else is checked.
    """
    trusted = set(trusted_rubric_dirs)
    question_dirs = list(question_dirs)
    rubric_layers = (*rubric_dirs, *mentor_rubric_dirs)
    # A folder passed both ways holds both kinds: each file is read by its own kind only.
    both_ways = {folder.resolve() for folder in question_dirs} & {folder.resolve() for folder in rubric_layers}
    bank = Bank()
    for folder in question_dirs:
        if (problem := _folder_problem(folder)) is not None:
            bank.problems.append(problem)
            continue
        walk = walk_files(folder, YAML_SUFFIXES)
        bank.problems.extend(_walk_problems(walk))
        mixed = folder.resolve() in both_ways
        for path in walk.files:
            if mixed and _file_kind(path) == "rubric":
                continue
            question, problems = _load_file(path, Question)
            bank.problems.extend(problems)
            if question is None:
                continue
            assert isinstance(question, Question)
            if question.id in bank.questions:
                first = bank.question_files[question.id]
                bank.problems.append(
                    Problem(
                        path,
                        f"duplicate question id `{question.id}` (already defined in {first})",
                        "id",
                        _id_line(path),
                    )
                )
                continue
            bank.questions[question.id] = question
            bank.question_files[question.id] = path

    # The concept lexicon (shipped, plus a `lexicon/` sub-folder of any rubric folder) is read first:
    # rubrics name its families, whose phrases are added to their concepts. The shipped lexicon is
    # trusted like the shipped rubrics (its phrases are compiled by `rubrics check`).
    from .lexicon import LEXICON_FOLDER, lexicon_dirs, load_lexicon, shipped_lexicon_dir

    lexicon = load_lexicon(lexicon_dirs(rubric_layers), trusted=[shipped_lexicon_dir()] if trusted else [])
    bank.problems.extend(lexicon.problems)

    # Each rubric folder is a layer: a later folder's rubric replaces an earlier one's (with a notice),
    # while two rubrics for one question inside the same folder are an error.
    for folder in rubric_layers:
        if (problem := _folder_problem(folder)) is not None:
            bank.problems.append(problem)
            continue
        layer_files: dict[str, Path] = {}
        walk = walk_files(folder, YAML_SUFFIXES)
        bank.problems.extend(_walk_problems(walk))
        mixed = folder.resolve() in both_ways
        for path in walk.files:
            if path.is_relative_to(folder / LEXICON_FOLDER):
                continue  # lexicon files, read above
            if mixed and _file_kind(path) == "question":
                continue
            _add_rubric(bank, path, layer_files, lexicon, check_phrases=folder not in trusted)
    return bank


def _file_kind(path: Path) -> str:
    """What a file's fields say it is (see `looks_like`); empty when it cannot be read."""
    data, _, problems = _read_yaml(path)
    return "" if any(problem.severity == "error" for problem in problems) else looks_like(data)


def _id_line(path: Path, key: str = "id") -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        return None
    return None


def _add_rubric(
    bank: Bank, path: Path, layer_files: dict[str, Path], lexicon: Lexicon, check_phrases: bool = True
) -> None:
    from .lexicon import expand_rubric, question_topic

    loaded, problems = _load_file(path, Rubric, check_phrases)
    bank.problems.extend(problems)
    if loaded is None:
        return
    assert isinstance(loaded, Rubric)
    question = bank.questions.get(loaded.question)
    rubric, family_problems = expand_rubric(path, loaded, lexicon, question_topic(question))
    if family_problems:
        bank.problems.extend(family_problems)
        return
    question_id = rubric.question
    if question_id not in bank.questions:
        bank.problems.append(
            Problem(
                path,
                f"rubric for unknown question `{question_id}`",
                "question",
                _id_line(path, "question"),
                _did_you_mean(question_id, bank.questions),
            )
        )
        return
    if question_id in layer_files:
        bank.problems.append(
            Problem(
                path,
                f"second rubric for question `{question_id}` (already graded by {layer_files[question_id]})",
                "question",
                _id_line(path, "question"),
            )
        )
        return
    if question_id in bank.rubrics:
        bank.problems.append(
            Problem(
                path,
                f"replaces the earlier rubric for `{question_id}` ({bank.rubric_files[question_id]})",
                "question",
                _id_line(path, "question"),
                severity="notice",
            )
        )
    layer_files[question_id] = path
    bank.rubrics[question_id] = rubric
    bank.rubric_files[question_id] = path
