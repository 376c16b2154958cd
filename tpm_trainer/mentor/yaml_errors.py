"""PyYAML's parser messages rewritten in plain words, with the line and column where the problem is."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .findings import Finding

# (pattern in PyYAML's message, what to tell a mentor)
_PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (r"mapping values are not allowed", "a `:` followed by a space inside a value; quote the whole value"),
    (r"could not find expected ':'", "a key without its `:`, or a value carried onto a line with the wrong indent"),
    (r"found character '\\t'", "a tab character: indent with spaces only"),
    (
        r"expected <block end>, but found '(<block sequence start>|-)'",
        "a list item (`- `) is not lined up with the items above it",
    ),
    (r"expected <block end>, but found", "this line is indented differently from the lines above it"),
    (r"did not find expected '-' indicator", "a list item is not lined up with the items above it"),
    (r"did not find expected key", "this line is not lined up with the keys above it"),
    (r"did not find expected node content", "a value is missing after `-` or `:`"),
    (r"found undefined alias", "a value starting with `*` is read as a YAML reference; quote the value"),
    (
        r"expected alphabetic or numeric character",
        "a value starting with `*` or `&` has a special meaning in YAML; quote the value",
    ),
    (r"found unexpected end of stream", "a quote or bracket is opened but never closed"),
    (r"found unknown escape character", "a backslash inside double quotes; use single quotes instead"),
    (r"could not determine a constructor", "a `!tag` is not allowed (tags that build objects are refused)"),
    (r"found character '(.)' that cannot start any token", "a value cannot start with `{0}`; quote the value"),
    (r"found unexpected ':'", "an unexpected `:`; quote the value"),
    (r"did not find expected ',' or '\]'", "a `[...]` list is not closed, or an item in it needs quotes"),
    (r"did not find expected ',' or '\}'", "a `{...}` mapping is not closed, or a value in it needs quotes"),
    (r"while scanning a quoted scalar", "a quote is opened but never closed"),
)


def plain_yaml_message(error: yaml.YAMLError) -> str:
    """What went wrong, in words a mentor can act on (never PyYAML's own phrasing)."""
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    for pattern, plain in _PLAIN_WORDS:
        match = re.search(pattern, problem) or re.search(pattern, context)
        if match:
            return plain.format(*match.groups())
    if problem.startswith("duplicate key"):
        return problem
    return "the file is not valid YAML here (check the indentation and quote values that contain `:` or `#`)"


# A value that opens with a quote ends at the closing quote: `hint: "Nobody knows" is the answer` leaves
# text after it, which PyYAML reports as a badly indented line.
_QUOTED_THEN_MORE_RE = re.compile(r"""^\s*(?:-\s+)?(?:[\w-]+:\s+)?(["'])[^"']*\1\s*[^\s#,\]}]""")
QUOTED_THEN_MORE = (
    "a value that starts with a quote ends at the closing quote, and text follows it: put the whole value "
    """inside the quotes (`"# weeks"`), with the other kind of quote when it holds one """
    """(`'"Nobody knows" is the answer'`)"""
)


def yaml_finding(path: Path, text: str) -> Finding | None:
    """Parse `text`; a Finding at the error's line and column, or None when it is valid YAML."""
    try:
        yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        message = plain_yaml_message(error)
        lines = text.splitlines()
        if mark is not None and mark.line < len(lines) and _QUOTED_THEN_MORE_RE.match(lines[mark.line]):
            message = QUOTED_THEN_MORE
        return Finding(path, message, line=line, column=column)
    except yaml.YAMLError as error:
        return Finding(path, plain_yaml_message(error))
    return None
