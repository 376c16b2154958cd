"""A one-question bank in a temporary folder whose rubric folder holds lexicon files (shared set-up of the
lexicon, equivalents and shared red-flag tests)."""

from __future__ import annotations

from pathlib import Path

from tpm_trainer.bank import Bank, load_bank

from .conftest import write

SHIP_QUESTION = "id: q-one\ntitle: One\nprompt: How would you ship it?\ncategory: cat\n"
"""The one question of the lexicon tests' banks (its prompt names no lexicon family)."""


def bank_with_lexicon(tmp_path: Path, question: str, rubric: str, **lexicon_files: str) -> Bank:
    """Write `question` and `rubric`, and each `lexicon/<name>.yaml` file, then load the bank."""
    write(tmp_path / "q" / "one.yaml", question)
    write(tmp_path / "r" / "one.yaml", rubric)
    for name, text in lexicon_files.items():
        write(tmp_path / "r" / "lexicon" / f"{name}.yaml", text)
    return load_bank([tmp_path / "q"], [tmp_path / "r"])
