"""Reading YAML quickly changes nothing: every document reads as PyYAML's checked constructor reads it,
with the same errors, and anything unusual (aliases, merge keys, tags) goes the usual way."""

from __future__ import annotations

import pytest

from tpm_trainer.bank import load_bank
from tpm_trainer.bank_loader import _parse, _read_yaml

from .conftest import REPO_ROOT

DOCUMENTS = {
    "plain": "id: a\ntitle: T\nlist: [x, 'y', \"z\"]\nnested: {a: [1, 2.5, true, null, ~]}\n",
    "typed scalars": "when: 2024-01-31\ncount: 0x1f\nratio: .5\nflag: no\nempty:\nbinary: !!binary aGk=\n",
    "aliases": "base: &b {x: 1}\nuse: *b\nlist: [&s one, *s]\n",
    "set and omap": "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\n",
    "number keys": "1: one\n2.5: two\nnull: nothing\n",
    "block text": "prompt: |\n  Line one.\n  Line two.\nfolded: >\n  a\n  b\n",
}

BROKEN = {
    "duplicate key": ("id: a\ntitle: T\nid: b\n", "duplicate key `id` (first at line 1)"),
    "nested duplicate": ("concepts:\n  - id: a\n    id: b\n", "duplicate key `id`"),
    "object tag": ("x: !!python/object/apply:os.system ['true']\n", "tags that build objects are not allowed"),
    "unhashable key": ("? [a, b]\n: 1\n", "found unhashable key"),
    "merge key": ("base: &b {x: 1}\nitem:\n  <<: *b\n", "tag:yaml.org,2002:merge"),  # never supported
    "true is 1": ("1: one\ntrue: yes\n", "duplicate key `True`"),
}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_documents_read_as_pyyaml_reads_them(tmp_path, name):
    path = tmp_path / "doc.yaml"
    path.write_text(DOCUMENTS[name])
    data, node, problems = _read_yaml(path)
    assert problems == []
    assert data == _parse(DOCUMENTS[name], quick=False)[1]
    assert node is not None


@pytest.mark.parametrize("name", BROKEN)
def test_broken_documents_give_the_same_problem(tmp_path, name):
    text, expected = BROKEN[name]
    path = tmp_path / "doc.yaml"
    path.write_text(text)
    _, _, problems = _read_yaml(path)
    [problem] = problems
    assert expected in problem.message


def test_a_list_that_contains_itself_is_read_as_pyyaml_reads_it(tmp_path):
    path = tmp_path / "doc.yaml"
    path.write_text("a: &a [x, *a]\n")
    data, _, problems = _read_yaml(path)
    assert problems == []
    assert isinstance(data, dict) and data["a"][1] is data["a"]


def test_a_billion_laughs_is_refused_without_expanding(tmp_path, write_file):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    write_file(tmp_path / "q" / "bomb.yaml", "id: bomb\ntitle: T\nprompt: P?\ncategory: c\n" + "\n".join(lines) + "\n")
    bank = load_bank([tmp_path / "q"], [])
    assert bank.questions == {}
    assert {problem.field for problem in bank.errors} == {f"a{i}" for i in range(10)}  # unknown fields


def test_the_shipped_files_read_the_same_both_ways():
    for path in sorted((REPO_ROOT / "rubrics").rglob("*.yaml"))[:40]:
        text = path.read_text(encoding="utf-8")
        assert _read_yaml(path)[0] == _parse(text, quick=False)[1], path
