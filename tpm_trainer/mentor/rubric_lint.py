"""Checks a rubric file needs beyond its model: the silent mistakes, and cross-references with lines.

Works on the raw YAML (data and node tree), so it also runs on a rubric the model refused and points
at the exact line of each reference, with "did you mean" and the valid choices.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..bank_loader import _phrase_error, mark_of
from ..models import DEFAULT_BANDS, STRUCTURE_CHECKS
from .findings import Finding

PHRASE_FIELDS = (
    ("concepts", "phrases"),
    ("concepts", "unless"),
    ("concepts", "not_with"),
    ("red_flags", "phrases"),
    ("red_flags", "not_with"),
)
TOP_LEVEL_PHRASE_FIELDS = ("anchors",)


_WORD_SPLIT_RE = re.compile(r"[\s()|~]+")
_NUMBER_WITH_WILDCARD_RE = re.compile(r"[\d.,]*\d[\d.,]*#%?|#[\d.,]+%?")


def _dropped_wildcard_message(text: str) -> str:
    """Why the `#` of a phrase is not read as the number wildcard, and what to write instead."""
    words = [word.strip("\"'") for word in _WORD_SPLIT_RE.split(text)]
    joined = [word for word in words if "#" in word and word not in ("#", "#%")]
    if not joined:
        return (
            f"the `#` in `{text}` is dropped, not read as the number wildcard: write it bare and quote the whole "
            f'phrase instead, e.g. `- "{text.replace(chr(34), "").replace(chr(39), "")}"`'
        )
    word = joined[0]
    if _NUMBER_WITH_WILDCARD_RE.fullmatch(word):
        # "99.#%": the wildcard stands for a whole number, never for part of one.
        wildcard = "#%" if word.endswith("%") else "#"
        advice = f"write `{wildcard}` for any {'percentage' if wildcard == '#%' else 'number'}, or the number itself"
    else:
        separated = " ".join(re.sub(r"#%?", lambda found: f" {found.group()} ", word).split())
        advice = f"write it apart from the letters: `{separated}`"
    return (
        f"the `#` in `{word}` is dropped: `#` is the number wildcard only as a word of its own (`#` for any number, "
        f"`#%` for any percentage), never part of a word or number; {advice}"
    )


def _items(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    value = data.get(section)
    return [item if isinstance(item, dict) else {} for item in value] if isinstance(value, list) else []


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["id"]) for item in items if isinstance(item.get("id"), str)]


def _close(word: str, options: list[str]) -> str:
    found = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return found[0] if found else ""


class _Linter:
    def __init__(self, path: Path, data: dict[str, Any], node: yaml.Node | None) -> None:
        self.path = path
        self.data = data
        self.node = node
        self.findings: list[Finding] = []

    def add(
        self,
        loc: tuple[object, ...],
        message: str,
        *,
        severity: str = "error",
        key_line: bool = False,
        suggestion: str = "",
        choices: tuple[str, ...] = (),
    ) -> None:
        line, column = mark_of(self.node, loc, key_line)
        self.findings.append(
            Finding(
                self.path, message, ".".join(map(str, loc)), line, column, severity, suggestion, tuple(sorted(choices))
            )
        )

    # -- phrases -------------------------------------------------------------------------------

    def phrase_nodes(self) -> Iterator[tuple[tuple[object, ...], yaml.ScalarNode]]:
        """Every phrase scalar with its location (plain strings and the `text` of mapping phrases)."""
        if not isinstance(self.node, yaml.MappingNode):
            return
        for key_node, section in self.node.value:
            if key_node.value in TOP_LEVEL_PHRASE_FIELDS and isinstance(section, yaml.SequenceNode):
                for phrase_index, phrase in enumerate(section.value):
                    yield from self._phrase_scalars((key_node.value, phrase_index), phrase)
            for section_name, field_name in PHRASE_FIELDS:
                if key_node.value != section_name or not isinstance(section, yaml.SequenceNode):
                    continue
                for item_index, item in enumerate(section.value):
                    if not isinstance(item, yaml.MappingNode):
                        continue
                    for field_node, phrases in item.value:
                        if field_node.value != field_name or not isinstance(phrases, yaml.SequenceNode):
                            continue
                        for phrase_index, phrase in enumerate(phrases.value):
                            loc = (section_name, item_index, field_name, phrase_index)
                            yield from self._phrase_scalars(loc, phrase)

    @staticmethod
    def _phrase_scalars(
        loc: tuple[object, ...], phrase: yaml.Node
    ) -> Iterator[tuple[tuple[object, ...], yaml.ScalarNode]]:
        """A phrase's text node: the scalar itself, or the `text` of a phrase written as a mapping."""
        if isinstance(phrase, yaml.MappingNode):
            for text_key, text_node in phrase.value:
                if text_key.value == "text" and isinstance(text_node, yaml.ScalarNode):
                    yield (*loc, "text"), text_node
        elif isinstance(phrase, yaml.ScalarNode):
            yield loc, phrase

    def check_phrases(self) -> None:
        from ..scoring.phrases import PhraseSyntaxError, compile_phrases

        for loc, scalar in self.phrase_nodes():
            text = str(scalar.value)
            multi_line = scalar.end_mark.line > scalar.start_mark.line
            if multi_line and (" - " in text or "\n- " in text or "\n" in text):
                self.add(
                    loc,
                    f"the phrase `{' '.join(text.split())}` runs over several lines and contains ` - `: a list item "
                    "indented one step too far was merged into the phrase above it; line the `- ` items up",
                    severity="warning",
                )
            elif "\n" in text:
                self.add(loc, "the phrase contains a line break; write each phrase on one line", severity="warning")
            error = _phrase_error(text)
            if error:
                # Also when the model refused the file for another field, so that every bad phrase is
                # reported in one run (the bank loader checks phrases only of a rubric that validates).
                self.add(loc, error)
                continue
            if "#" not in text:
                continue
            try:
                compiled = compile_phrases(text)
            except PhraseSyntaxError:
                continue  # reported by the bank loader
            kinds = {
                pattern.kind for phrase in compiled for step in phrase.steps for seq in step.choices for pattern in seq
            }
            if not kinds & {"number", "percent"}:
                self.add(loc, _dropped_wildcard_message(text), severity="warning")

    # -- numbers -------------------------------------------------------------------------------

    def check_calibration_ranges(self) -> None:
        for index, example in enumerate(_items(self.data, "calibration")):
            score = example.get("score")
            if not isinstance(score, list):
                continue
            for bound_index, bound in enumerate(score[:2]):
                if isinstance(bound, int | float) and not 0 <= bound <= 100:
                    name = "low" if bound_index == 0 else "high"
                    self.add(
                        ("calibration", index, "score", bound_index),
                        f"the {name} end of the expected score range is {bound:g}; scores run from 0 to 100",
                    )

    def check_rule_points(self) -> None:
        scoring = self.data.get("scoring")
        if not isinstance(scoring, dict) or not isinstance(scoring.get("rules"), list):
            return
        max_points = scoring.get("max_points")
        groups = {str(group.get("id")): group for group in _items(self.data, "groups")}
        concept_ids = set(_ids(_items(self.data, "concepts"))) | set(STRUCTURE_CHECKS)
        for index, rule in enumerate(scoring["rules"]):
            if not isinstance(rule, dict):
                continue
            points = rule.get("points")
            if isinstance(max_points, int | float) and isinstance(points, int | float) and points > max_points:
                self.add(
                    ("scoring", "rules", index, "points"),
                    f"the rule gives {points:g} points but `scoring.max_points` is {max_points:g}: the score would "
                    "pass 100",
                )
            when = rule.get("when")
            if not isinstance(when, dict):
                continue
            for key, needed in when.items():
                if not isinstance(needed, int):
                    continue
                group = groups.get(str(key))
                if group is not None and isinstance(group.get("concepts"), list) and needed > len(group["concepts"]):
                    self.add(
                        ("scoring", "rules", index, "when", key),
                        f"needs {needed} concepts of group `{key}`, which has only {len(group['concepts'])}: "
                        "the rule can never hold",
                    )
                elif str(key) in concept_ids and needed > 1:
                    self.add(
                        ("scoring", "rules", index, "when", key),
                        f"`{key}` is a concept, which counts once: write `{key}: 1` (a rule needing {needed} "
                        "never holds)",
                    )

    # -- cross-references ------------------------------------------------------------------------

    def check_references(self) -> None:
        concepts = _items(self.data, "concepts")
        groups = _items(self.data, "groups")
        flags = _items(self.data, "red_flags")
        concept_ids = _ids(concepts)
        group_ids = _ids(groups)
        for section, items in (("concepts", concepts), ("red_flags", flags), ("groups", groups)):
            seen: set[str] = set()
            for index, item in enumerate(items):
                item_id = item.get("id")
                if not isinstance(item_id, str):
                    continue
                if item_id in seen:
                    self.add((section, index, "id"), f"duplicate id `{item_id}` (ids must be unique in a rubric)")
                elif section == "groups" and item_id in concept_ids:
                    self.add((section, index, "id"), f"the group id `{item_id}` is also a concept id; rename one")
                seen.add(item_id)
        self._unknown_ids(concepts, "requires", concept_ids, "concept")
        self._unknown_ids(groups, "concepts", concept_ids, "concept")
        structure = self.data.get("structure")
        enabled = [name for name in STRUCTURE_CHECKS if isinstance(structure, dict) and structure.get(name)]
        usable = [*concept_ids, *group_ids, *enabled]
        scoring = self.data.get("scoring") if isinstance(self.data.get("scoring"), dict) else {}
        assert isinstance(scoring, dict)
        rules = scoring.get("rules") if isinstance(scoring.get("rules"), list) else []
        assert isinstance(rules, list)
        for index, rule in enumerate(rules):
            when = rule.get("when") if isinstance(rule, dict) else None
            for key in when if isinstance(when, dict) else {}:
                if str(key) not in usable:
                    self.add(
                        ("scoring", "rules", index, "when", key),
                        f"unknown concept or group `{key}`",
                        key_line=True,
                        suggestion=_close(str(key), usable),
                        choices=tuple(usable),
                    )
        if scoring.get("method") == "rules" and not rules:
            self.add(("scoring", "method"), "`rules` scoring needs at least one rule under `scoring.rules`")
        bands = _items(self.data, "bands") or [band.model_dump() for band in DEFAULT_BANDS]
        labels = [str(band.get("label")) for band in bands if band.get("label") is not None]
        cap = self.data.get("required_cap")
        if isinstance(cap, str) and cap not in labels:
            self.add(
                ("required_cap",), f"`{cap}` is not a band label", suggestion=_close(cap, labels), choices=tuple(labels)
            )
        for index, example in enumerate(_items(self.data, "calibration")):
            band = example.get("band")
            if isinstance(band, str) and band not in labels:
                self.add(
                    ("calibration", index, "band"),
                    f"`{band}` is not a band label",
                    suggestion=_close(band, labels),
                    choices=tuple(labels),
                )

    def _unknown_ids(self, items: list[dict[str, Any]], field_name: str, valid: list[str], kind: str) -> None:
        for index, item in enumerate(items):
            references = item.get(field_name)
            if not isinstance(references, list):
                continue
            for position, reference in enumerate(references):
                if not isinstance(reference, str):
                    continue
                if reference not in valid or (field_name == "requires" and reference == item.get("id")):
                    problem = "a concept cannot require itself" if reference == item.get("id") else f"unknown {kind}"
                    self.add(
                        (("concepts" if field_name == "requires" else "groups"), index, field_name, position),
                        f"{problem} `{reference}`",
                        suggestion=_close(reference, [v for v in valid if v != item.get("id")]),
                        choices=tuple(valid),
                    )


# Messages of the Rubric model's whole-file validator, which `check_references` re-reports with lines.
CROSS_REFERENCE_MARKERS = (
    "duplicate concept id",
    "duplicate red flag id",
    "group ids must be unique",
    "requires unknown concept",
    "names unknown concept",
    "names unknown concept or group",
    "scoring.method `rules` needs",
    "is not a band label",
)


def lint_rubric(path: Path, data: object, node: yaml.Node | None) -> list[Finding]:
    """Every silent mistake and cross-reference problem in one rubric file's raw YAML."""
    if not isinstance(data, dict):
        return []
    linter = _Linter(path, data, node)
    linter.check_phrases()
    linter.check_calibration_ranges()
    linter.check_rule_points()
    linter.check_references()
    return linter.findings


def is_cross_reference_summary(message: str) -> bool:
    """Whether a whole-file message only repeats cross-reference problems `lint_rubric` reports with lines."""
    parts = [part.strip() for part in message.split("; ") if part.strip()]
    return bool(parts) and all(any(marker in part for marker in CROSS_REFERENCE_MARKERS) for part in parts)
