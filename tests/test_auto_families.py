"""Automatic lexicon families: a concept that names no families draws on those whose `terms` its label
contains, or whose own phrases its label says word for word, once per rubric, never for the question's own
subject."""

from __future__ import annotations

import pytest

from tpm_trainer.lexicon import Family, Lexicon, family_choices
from tpm_trainer.scoring import score_answer

from .lexicon_helpers import SHIP_QUESTION, bank_with_lexicon

QUESTION = SHIP_QUESTION
LEXICON = """\
version: 1
families:
  - id: test-trial-batch
    label: Try the change on a few machines first
    terms: [trial batch, pilot wave]
    phrases:
      - (try|test) it on a (few|handful of) (servers|machines) first
  - id: test-restore-build
    label: Put the old build back
    terms: [restore build]
    phrases:
      - (put|place) the old build back
  - id: test-watch-graphs
    label: Watch the graphs
    phrases:
      - graphs
"""
TRIAL_PHRASE = "(try|test) it on a (few|handful of) (servers|machines) first"
"""The test family's phrase (shipped families may link to the same labels; the tests look for this one)."""
PLAIN = "We would try it on a handful of servers first and watch the error graphs for a day."


def concept(concept_id: str, label: str, extra: str = "") -> str:
    return f"  - id: {concept_id}\n    label: {label}\n    phrases: [{concept_id} marker]\n{extra}"


def load(tmp_path, concepts: str, matching: str = "", question: str = QUESTION):
    rubric = f"question: q-one\n{matching}concepts:\n{concepts}"
    bank = bank_with_lexicon(tmp_path, question, rubric, rollout=LEXICON)
    assert not bank.errors, bank.errors
    return bank.rubrics["q-one"]


@pytest.mark.parametrize(
    "label",
    ["Trial batch before everyone", "Trial batches, widening", "Start with a pilot wave", "A TRIAL BATCH first"],
)
def test_a_label_that_names_a_term_gains_the_familys_phrases(tmp_path, label):
    rubric = load(tmp_path, concept("first", label) + concept("second", "Watch the graphs"))
    first = rubric.concepts[0]
    assert any("handful" in str(phrase) for phrase in first.phrases)
    assert not any("handful" in str(phrase) for phrase in rubric.concepts[1].phrases)
    result = score_answer(PLAIN, rubric).concepts[0]
    assert result.hit  # the plain wording counts now


def test_terms_are_read_from_labels_only_and_whole_words_only(tmp_path):
    rubric = load(tmp_path, concept("first", "Trials in batches") + concept("second", "Restore the build"))
    assert [len(c.phrases) for c in rubric.concepts] == [1, 1]
    assert not score_answer(PLAIN, rubric).concepts[0].hit


def test_a_family_two_labels_name_goes_to_neither(tmp_path):
    rubric = load(tmp_path, concept("first", "Trial batch first") + concept("second", "Size of the trial batch"))
    assert [len(c.phrases) for c in rubric.concepts] == [1, 1]


def test_a_family_the_rubric_names_itself_is_not_added_again(tmp_path):
    explicit = "    families: [test-trial-batch]\n"
    rubric = load(tmp_path, concept("first", "Watch it", explicit) + concept("second", "Trial batch first"))
    assert len(rubric.concepts[1].phrases) == 1


def test_a_family_the_question_itself_names_is_the_topic_not_a_concept(tmp_path):
    question = QUESTION.replace("How would you ship it?", "How would you run a trial batch of the new build?")
    rubric = load(tmp_path, concept("first", "Trial batch first"), question=question)
    assert len(rubric.concepts[0].phrases) == 1


def test_a_rubric_can_turn_automatic_families_off(tmp_path):
    rubric = load(tmp_path, concept("first", "Trial batch first"), matching="matching:\n  auto_families: false\n")
    assert len(rubric.concepts[0].phrases) == 1
    assert not score_answer(PLAIN, rubric).concepts[0].hit


def test_one_concept_can_turn_automatic_families_off_and_its_family_goes_elsewhere(tmp_path):
    off = "    auto_families: false\n"
    rubric = load(tmp_path, concept("first", "Trial batch first", off) + concept("second", "Size of the trial batch"))
    # The first concept keeps its own phrase; the family is no longer named by two labels, so the second gains it.
    assert len(rubric.concepts[0].phrases) == 1
    assert any("handful" in str(phrase) for phrase in rubric.concepts[1].phrases)
    assert [c.hit for c in score_answer(PLAIN, rubric).concepts] == [False, True]


def test_a_concept_can_turn_automatic_families_on_in_a_rubric_that_turns_them_off(tmp_path):
    on = "    auto_families: true\n"
    matching = "matching:\n  auto_families: false\n"
    rubric = load(tmp_path, concept("first", "Trial batch first", on) + concept("second", "Watch the graphs"), matching)
    assert any("handful" in str(phrase) for phrase in rubric.concepts[0].phrases)
    assert len(rubric.concepts[1].phrases) == 1


def test_a_concept_with_its_own_families_keeps_only_those(tmp_path):
    own = "    families: [test-restore-build]\n"
    rubric = load(tmp_path, concept("first", "Trial batch first", own))
    phrases = " ".join(map(str, rubric.concepts[0].phrases))
    assert "(put|place) the old" in phrases and "handful" not in phrases


def test_bad_terms_are_each_reported_with_file_line_and_field(tmp_path):
    bad = LEXICON.replace(
        "terms: [trial batch, pilot wave]", "terms: [trial batch, 'a (regex)', one two three four five]"
    )
    bank = bank_with_lexicon(tmp_path, QUESTION, f"question: q-one\nconcepts:\n{concept('a', 'A')}", rollout=bad)
    problems = [p for p in bank.errors if p.file.name == "rollout.yaml"]
    assert problems and all(p.line == 5 and p.field.startswith("families.0.terms") for p in problems)
    messages = " ".join(p.message for p in problems)
    assert "a (regex)" in messages and "one two three four five" in messages and "trial batch" not in messages


@pytest.mark.parametrize(
    ("label", "linked"),
    [
        ("Try it on a few machines first, then widen", True),  # the family's own words, no term
        ("Test it on a handful of servers first", True),
        ("Try it on a few machnes first", False),  # word for word: a misspelt label says nothing
        ("Watch the graphs closely", False),  # one content word is not enough: senses collide there
    ],
)
def test_a_label_that_says_the_idea_in_a_familys_phrase_gains_it(tmp_path, label, linked):
    rubric = load(tmp_path, concept("first", label) + concept("second", "Something else entirely"))
    assert (TRIAL_PHRASE in map(str, rubric.concepts[0].phrases)) is linked
    assert not any(str(phrase) == "graphs" for phrase in rubric.concepts[0].phrases)


def test_a_label_naming_a_term_outranks_one_that_only_says_the_family(tmp_path):
    rubric = load(tmp_path, concept("says", "Try it on a few servers first") + concept("names", "Trial batch"))
    assert [TRIAL_PHRASE in map(str, c.phrases) for c in rubric.concepts] == [False, True]


def test_the_reason_a_said_family_is_added_or_withheld_is_given():
    family = Family(id="fam", label="Fam", phrases=["(try|test) it on a few servers first"], terms=["trial batch"])
    lexicon = Lexicon(families={"fam": family})
    from tpm_trainer.models import Rubric

    def rubric(*labels: str) -> Rubric:
        concepts = [{"id": f"c{i}", "label": label, "phrases": [f"c{i} marker"]} for i, label in enumerate(labels)]
        return Rubric.model_validate({"question": "q", "concepts": concepts})

    alone = family_choices(rubric("Try it on a few servers first"), lexicon, "")
    assert [(c.family, c.added, c.reason) for c in alone["c0"]] == [
        ("fam", True, "added: the label says it in the family's words")
    ]
    both = family_choices(rubric("Test it on a few servers first", "Trial batch"), lexicon, "")
    assert both["c0"][0].added is False and "names it by a term" in both["c0"][0].reason
    assert both["c1"][0].added is True


def test_a_family_phrase_that_cannot_compile_does_not_break_linking():
    # The shipped lexicon is trusted (its phrases are not re-checked at load), so linking must not raise.
    broken = Family(id="broken", label="Broken", phrases=["(a (b|c) |)d", "try it on a few servers first"])
    lexicon = Lexicon(families={"broken": broken})
    assert lexicon.families_said_by("We try it on a few servers first") == ["broken"]
    assert lexicon.families_said_by("a b d") == []
