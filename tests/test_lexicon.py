"""The concept lexicon: families of phrasings, validated with file, line and field, expanded into concepts."""

from __future__ import annotations

import os

import pytest
import yaml

from tpm_trainer import bank_cache
from tpm_trainer import lexicon as concept_lexicon
from tpm_trainer.bank import load_bank
from tpm_trainer.bank_cache import load_bank_cached
from tpm_trainer.lexicon import close_family_ids, lexicon_dirs, load_lexicon, shipped_lexicon_dir
from tpm_trainer.scoring import rubric_hash, score_answer

from .conftest import REPO_ROOT
from .lexicon_helpers import SHIP_QUESTION, bank_with_lexicon

QUESTION = SHIP_QUESTION

TRY_FIRST = """\
version: 1
families:
  - id: test-try-first
    label: Try the change on a few machines first
    phrases:
      - (try|test) it on a (few|handful of) (servers|machines) first
  - id: test-way-back
    label: Put the old version back
    phrases:
      - (put|place) the old version back
"""


def rubric(concepts: str) -> str:
    return f"question: q-one\nconcepts:\n{concepts}"


def load(tmp_path, write_file, rubric_text: str, **lexicon_files: str):
    """A one-question bank whose rubric folder holds `lexicon/<name>.yaml` files."""
    return bank_with_lexicon(tmp_path, QUESTION, rubric_text, **lexicon_files)


# ------------------------------------------------------------------------------------------------
# Validation: every problem, with file, line, dotted field and "did you mean"
# ------------------------------------------------------------------------------------------------

UNKNOWN_FAMILY = rubric(
    "  - id: a\n    label: A\n    families: [test-try-first, test-try-frist]\n    phrases: [canary]\n"
    "  - id: b\n    label: B\n    families: [test-way-bak]\n"
)


def test_unknown_family_ids_are_all_reported_with_line_field_and_suggestion(tmp_path, write_file):
    bank = load(tmp_path, write_file, UNKNOWN_FAMILY, rollout=TRY_FIRST)
    problems = sorted(bank.errors, key=lambda problem: problem.field)
    assert [(p.file.name, p.field, p.line, p.suggestion) for p in problems] == [
        ("one.yaml", "concepts.0.families.1", 5, "test-try-first"),
        ("one.yaml", "concepts.1.families.0", 9, "test-way-back"),
    ]
    assert "unknown lexicon family `test-try-frist`" in str(problems[0])
    assert "did you mean `test-try-first`?" in str(problems[0])
    assert bank.rubrics == {}  # a rubric with an unknown family is not used


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"a": TRY_FIRST, "b": TRY_FIRST.replace("test-way-back", "test-other")},
            [("b.yaml", "families.0.id", 3, "duplicate family id `test-try-first` (already defined in")],
            id="duplicate-id-across-files",
        ),
        pytest.param(
            {"a": "version: 1\nfamilies:\n  - id: test-empty\n    label: Empty\n    phrases: []\n"},
            [("a.yaml", "families.0.phrases", 5, "List should have at least 1 item")],
            id="empty-family",
        ),
        pytest.param(
            {"a": "version: 1\nfamilies:\n  - id: test-bad\n    label: Bad\n    phrases: ['(a|b']\n"},
            [("a.yaml", "families.0.phrases.0", 5, "unbalanced parentheses")],
            id="bad-phrase-syntax",
        ),
        pytest.param(
            {"a": "families:\n  - id: test-x\n    label: X\n    phrases: [x y]\n    notes: typo\n"},
            [("a.yaml", "families.0.notes", 5, "unknown field"), ("a.yaml", "version", None, "required field")],
            id="unknown-field-and-missing-version",
        ),
        pytest.param(
            {"a": "- just a list\n"},
            [("a.yaml", "", 1, "expected `version` and `families`")],
            id="not-a-mapping",
        ),
    ],
)
def test_lexicon_file_problems(tmp_path, write_file, files, expected):
    concept = "  - id: a\n    label: A\n    phrases: [canary]\n"
    bank = load(tmp_path, write_file, rubric(concept), **files)
    found = [(p.file.name, p.field, p.line, p.message) for p in bank.errors]
    assert len(found) == len(expected)
    for name, field, line, message in expected:
        assert any(
            (got_name, got_field) == (name, field) and message in got_message and line in (None, got_line)
            for got_name, got_field, got_line, got_message in found
        ), (name, field, line, message, found)
    assert set(bank.rubrics) == {"q-one"}  # the rubric itself is fine


def test_a_file_with_one_bad_family_keeps_its_good_ones(tmp_path, write_file):
    text = TRY_FIRST + "  - id: test-broken\n    label: Broken\n    phrases: []\n"
    concepts = "  - id: a\n    label: A\n    families: [test-way-back, test-broken]\n"
    bank = load(tmp_path, write_file, rubric(concepts), rollout=text)
    # The broken family is reported once, in the lexicon file; the rubric is not blamed a second time.
    assert [(p.file.name, p.field) for p in bank.errors] == [("rollout.yaml", "families.2.phrases")]
    assert "the old version back" in str(bank.rubrics["q-one"].concepts[0].phrases)


def test_a_family_id_already_shipped_is_a_duplicate(tmp_path, write_file):
    shipped = load_lexicon([shipped_lexicon_dir()])
    taken = sorted(shipped.families)[0]
    text = f"version: 1\nfamilies:\n  - id: {taken}\n    label: Mine\n    phrases: [my own words]\n"
    bank = load(tmp_path, write_file, rubric("  - id: a\n    label: A\n    phrases: [x]\n"), mine=text)
    [problem] = bank.errors
    assert problem.field == "families.0.id"
    assert f"duplicate family id `{taken}`" in problem.message


@pytest.mark.parametrize(
    ("concept", "error_field"),
    [
        pytest.param("  - id: a\n    label: A\n    families: [test-way-back]\n", None, id="families-without-phrases"),
        pytest.param(
            "  - id: a\n    label: A\n    families: [test-way-back]\n    phrases: []\n",
            None,
            id="families-empty-phrases",
        ),
        pytest.param("  - id: a\n    label: A\n    phrases: []\n", "concepts.0.phrases", id="neither"),
        pytest.param("  - id: a\n    label: A\n", "concepts.0.phrases", id="neither-omitted"),
    ],
)
def test_a_concept_needs_phrases_or_families(tmp_path, write_file, concept, error_field):
    bank = load(tmp_path, write_file, rubric(concept), rollout=TRY_FIRST)
    if error_field is None:
        assert bank.errors == []
        assert bank.rubrics["q-one"].concepts[0].phrases  # filled from the family
    else:
        [problem] = bank.errors
        assert problem.field == error_field
        assert "give at least one phrase, or name lexicon `families`" in problem.message


@pytest.mark.parametrize(
    ("typed", "suggestions"),
    [
        ("canary", ["canary-release"]),
        ("roll-back", ["rollback"]),
        ("stakeholder-mapping", ["stakeholder-map"]),
        ("zzzz-nothing-like-it", []),
    ],
)
def test_did_you_mean_offers_the_closest_shipped_ids(typed, suggestions):
    shipped = load_lexicon([shipped_lexicon_dir()]).families
    assert close_family_ids(typed, shipped)[: len(suggestions) or None] == suggestions


# ------------------------------------------------------------------------------------------------
# Expansion: family phrases count for the concept, show as evidence, and change the rubric hash
# ------------------------------------------------------------------------------------------------


def test_a_family_lets_a_concept_match_a_plain_english_paraphrase(tmp_path, write_file):
    concepts = "  - id: canary\n    label: Canary\n    families: [test-try-first]\n    phrases: [canary]\n"
    bank = load(tmp_path, write_file, rubric(concepts), rollout=TRY_FIRST)
    loaded = bank.rubrics["q-one"]
    report = score_answer("I would test it on a handful of machines first and watch them.", loaded)
    [result] = report.concepts
    assert result.hit
    assert result.evidence is not None
    assert result.evidence.phrase == "(try|test) it on a (few|handful of) (servers|machines) first"
    assert result.evidence.text == "test it on a handful of machines first"
    # Without the family, the same rubric misses the paraphrase.
    bare = loaded.model_copy(update={"concepts": [loaded.concepts[0].model_copy(update={"phrases": ["canary"]})]})
    assert not score_answer("I would test it on a handful of machines first.", bare).concepts[0].hit


def test_shipped_rubric_credits_everyday_wording_through_the_shipped_lexicon():
    bank = load_bank([REPO_ROOT / "question_bank"], [REPO_ROOT / "rubrics"])
    rollout = bank.rubrics["update-10k-servers"]
    answer = (
        "We try the update on a handful of servers first and watch their errors. If the numbers get worse "
        "we put the old version back straight away."
    )
    hits = {concept.id for concept in score_answer(answer, rollout).hits}
    assert {"phased-rollout", "rollback"} <= hits


def test_the_rubric_hash_changes_when_a_family_changes(tmp_path, write_file):
    concepts = "  - id: a\n    label: A\n    families: [test-way-back]\n"
    before = rubric_hash(load(tmp_path, write_file, rubric(concepts), rollout=TRY_FIRST).rubrics["q-one"])
    changed = TRY_FIRST.replace("(put|place) the old version back", "(put|place|swap) the old version back")
    after = rubric_hash(load(tmp_path, write_file, rubric(concepts), rollout=changed).rubrics["q-one"])
    assert before != after


def test_phrases_already_in_the_concept_are_not_repeated(tmp_path, write_file):
    concepts = (
        "  - id: a\n    label: A\n    families: [test-way-back]\n    phrases: ['(PUT|place) the old version back']\n"
    )
    bank = load(tmp_path, write_file, rubric(concepts), rollout=TRY_FIRST)
    assert len(bank.rubrics["q-one"].concepts[0].phrases) == 1


def test_lexicon_sub_folder_is_not_read_as_rubrics(tmp_path, write_file):
    bank = load(tmp_path, write_file, rubric("  - id: a\n    label: A\n    phrases: [x]\n"), rollout=TRY_FIRST)
    assert bank.problems == []
    assert lexicon_dirs([tmp_path / "r"]) == [shipped_lexicon_dir(), tmp_path / "r" / "lexicon"]


# ------------------------------------------------------------------------------------------------
# The shipped lexicon and the bank cache
# ------------------------------------------------------------------------------------------------


def test_shipped_lexicon_is_valid_and_versioned():
    shipped = load_lexicon([shipped_lexicon_dir()])
    assert shipped.problems == []
    assert len(shipped.versions) >= 10
    assert all(version >= 1 for version in shipped.versions.values())
    assert len(shipped.families) >= 100


def touch_later(path):
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def test_bank_cache_is_rebuilt_when_a_rubric_folders_lexicon_changes(tmp_path, write_file):
    concepts = "  - id: a\n    label: A\n    families: [test-way-back]\n"
    load(tmp_path, write_file, rubric(concepts), rollout=TRY_FIRST)
    first = load_bank_cached([tmp_path / "q"], [tmp_path / "r"]).rubrics["q-one"].concepts[0].phrases
    family_file = write_file(
        tmp_path / "r" / "lexicon" / "rollout.yaml", TRY_FIRST.replace("old version", "old release")
    )
    touch_later(family_file)
    second = load_bank_cached([tmp_path / "q"], [tmp_path / "r"]).rubrics["q-one"].concepts[0].phrases
    assert "(put|place) the old version back" in first
    assert second == ["(put|place) the old release back"]


def test_bank_cache_is_rebuilt_when_the_shipped_lexicon_changes(tmp_path, write_file, monkeypatch):
    shipped = tmp_path / "shipped-lexicon"
    real_shipped_dir = bank_cache.shipped_dir

    def fake_shipped_dir(name: str):
        return shipped if name == "lexicon" else real_shipped_dir(name)

    # Both the loader and the cache key find the shipped lexicon through `shipped_dir`.
    monkeypatch.setattr(concept_lexicon, "shipped_dir", fake_shipped_dir)
    monkeypatch.setattr(bank_cache, "shipped_dir", fake_shipped_dir)
    family_file = write_file(shipped / "rollout.yaml", TRY_FIRST)
    write_file(tmp_path / "q" / "one.yaml", QUESTION)
    write_file(tmp_path / "r" / "one.yaml", rubric("  - id: a\n    label: A\n    families: [test-way-back]\n"))
    calls = []
    real_load = bank_cache.load_bank
    monkeypatch.setattr(bank_cache, "load_bank", lambda *a: calls.append(a) or real_load(*a))

    assert load_bank_cached([tmp_path / "q"], [tmp_path / "r"]).errors == []
    load_bank_cached([tmp_path / "q"], [tmp_path / "r"])
    assert len(calls) == 1  # unchanged: reused
    family_file.write_text(TRY_FIRST.replace("test-way-back", "test-renamed"))
    touch_later(family_file)
    reloaded = load_bank_cached([tmp_path / "q"], [tmp_path / "r"])
    assert len(calls) == 2
    assert [problem.field for problem in reloaded.errors] == ["concepts.0.families.0"]


# ------------------------------------------------------------------------------------------------
# Widening must not make shipped rubrics fire on generic text
# ------------------------------------------------------------------------------------------------

GENERIC_NON_ANSWERS = [
    "I would work hard with the team and communicate well and make sure it is a success.",
    "First I would understand the situation. Then I would talk to the right people, make a plan and execute "
    "it well. I would keep everyone aligned and make sure we deliver on time with high quality.",
    "As a TPM my job is to drive the program. I would bring the team together, set clear goals, track "
    "progress and remove blockers so that we are successful in the end.",
    "I think the most important thing is communication and collaboration. I would make sure everyone is on "
    "the same page and that we work as one team towards the goal.",
    "I would use best practices and follow the process. I would be proactive, stay organised and keep an eye "
    "on everything so nothing falls through the cracks.",
    "In my last role I handled situations like this many times. I just stayed calm, worked with the "
    "stakeholders and we got it done. It went well and everyone was happy.",
    "I would look at the problem from all angles, think about what matters most, and then make a decision "
    "that is good for the company and the customers.",
    "Honestly I would need more information before answering. It depends on a lot of things, like the team, "
    "the timeline and the budget, so I would gather requirements first.",
]


def own_phrases(path, concept_id: str) -> set[str]:
    """A concept's phrases as written in its rubric file, before the lexicon is added."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    [concept] = [item for item in data["concepts"] if item["id"] == concept_id]
    return {p if isinstance(p, str) else p["text"] for p in concept.get("phrases", [])}


def test_generic_non_answers_get_no_hire_and_no_family_phrase_on_any_shipped_rubric():
    bank = load_bank([REPO_ROOT / "question_bank"], [REPO_ROOT / "rubrics"])
    shipped = load_lexicon([shipped_lexicon_dir()])
    family_phrases = {p if isinstance(p, str) else p.text for f in shipped.families.values() for p in f.phrases}
    assert len(bank.rubrics) >= 100
    for question_id, shipped_rubric in bank.rubrics.items():
        lowest_band = shipped_rubric.bands[-1].label
        for answer in GENERIC_NON_ANSWERS:
            report = score_answer(answer, shipped_rubric)
            assert report.band == lowest_band, (question_id, answer, report.score)
            for concept in report.hits:
                if concept.kind != "concept" or concept.evidence is None:
                    continue
                phrase = concept.evidence.phrase
                from_lexicon = phrase in family_phrases and phrase not in own_phrases(
                    bank.rubric_files[question_id], concept.id
                )
                assert not from_lexicon, (question_id, concept.id, phrase, answer)


@pytest.mark.parametrize(
    ("question", "sentence", "concept"),
    [
        # Flow metrics in everyday words (scorer 2.5).
        (
            "velocity-target-from-vp",
            "I'd show how long a typical piece of work takes from when someone starts it to when a customer can use it.",
            "outcome-metrics",
        ),
        ("velocity-target-from-vp", "We'd track how often releases break something for customers.", "outcome-metrics"),
        # The opportunity cost, said as what the people would otherwise build.
        (
            "build-vs-buy-decision",
            "Building costs the salaries and whatever those engineers would otherwise have built for customers.",
            "time-and-opportunity-cost",
        ),
        # Who decides, a timebox and a written decision, as a storyteller says them.
        (
            "resolve-architecture-deadlock",
            "I agreed with our head of engineering that she would make the call if they still disagreed.",
            "decision-forum",
        ),
        (
            "resolve-architecture-deadlock",
            "I gave them one week each to build a rough working version on a slow connection.",
            "timebox",
        ),
        (
            "resolve-architecture-deadlock",
            "I wrote a one-page note of what we chose and why, and shared it with the waiting teams.",
            "written-comparison",
        ),
    ],
)
def test_shipped_lexicon_credits_expert_plain_wording(question: str, sentence: str, concept: str) -> None:
    bank = load_bank([REPO_ROOT / "question_bank"], [REPO_ROOT / "rubrics"])
    assert concept in {found.id for found in score_answer(sentence, bank.rubrics[question]).hits}
