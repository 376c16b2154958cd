"""The scorer's speed shortcuts give the same results as the plain paths they stand in for."""

from __future__ import annotations

import pytest

from tpm_trainer.scoring import text
from tpm_trainer.scoring.lexicon import known_words
from tpm_trainer.scoring.match import AnswerIndex
from tpm_trainer.scoring.nonanswer import repeated
from tpm_trainer.scoring.phrases import compile_phrase
from tpm_trainer.scoring.text import Token, stem, tokenize

ANSWER = (
    "We'd start with a canary on 1% of hosts, then roll out in waves. I don't think a big bang is safe; "
    "twenty five percent of traffic moves per wave, and we roll back if errors rise.\n\n- monitoring\n- rollbak"
)


def test_stems_are_never_longer_than_their_words():
    # The joined-pair spelling candidates skip pairs under six letters on this property.
    words = sorted(known_words())
    assert len(words) > 10_000
    longer = [word for word in words if len(stem(word)) > len(word)]
    assert longer == []
    assert len(stem("organisation")) <= len("organisation")


def test_word_form_cache_gives_the_same_tokens(monkeypatch: pytest.MonkeyPatch):
    expected = tokenize(ANSWER)
    assert all(type(token) is Token for token in expected)
    assert [token.norm for token in expected][:4] == ["we'd", "start", "with", "a"]
    assert "25%" in [token.norm for token in expected]
    # A cache that overflows on every word still gives the same tokens.
    monkeypatch.setattr(text, "_WORD_FORMS", {})
    monkeypatch.setattr(text, "_WORD_FORMS_SIZE", 2)
    assert tokenize(ANSWER) == expected
    assert len(text._WORD_FORMS) <= 2


def test_positions_are_kept_apart_by_threshold():
    index = AnswerIndex(tokenize("we roll back with a rollbak plan"), 86, 1, 5)
    phrase = compile_phrase("rollback")
    pattern = phrase.steps[0].choices[0][0]
    tolerant = index.positions(pattern, 86)
    strict = index.positions(pattern, 100)
    assert tolerant != strict
    assert 5 in tolerant and 5 not in strict  # the misspelling counts only with spelling tolerance
    assert index.positions(pattern, 86) == tolerant  # asking again after another threshold


def test_repeated_reads_sentences_in_order():
    sentence = "We roll out the change in waves across regions. "
    assert repeated(tokenize(sentence * 4)) is not None
    varied = "We roll out in waves. Then we watch the error rates. Finally we review the results with owners."
    assert repeated(tokenize(varied)) is None
