"""Weak concepts pooled across questions (by lexicon family, else by concept id) and the drill's questions."""

from __future__ import annotations

from types import SimpleNamespace

from tpm_trainer.practice import drill_items, weak_concepts
from tpm_trainer.practice.queries import ConceptMisses


def concept(concept_id: str, label: str, families: list[str] | None = None) -> SimpleNamespace:
    # `families` is the rubric field of the concept lexicon; these stand-ins carry it either way
    return SimpleNamespace(id=concept_id, label=label, families=families or [], hint=f"hint for {label}")


class FakeBank:
    """The two things drills read from a bank: questions in order, and each question's rubric."""

    def __init__(self, rubrics: dict[str, list[SimpleNamespace]]) -> None:
        self.rubrics = {qid: SimpleNamespace(concepts=concepts) for qid, concepts in rubrics.items()}
        self.questions = {qid: SimpleNamespace(id=qid) for qid in rubrics}

    def rubric_for(self, question_id: str):
        return self.rubrics.get(question_id)

    def sorted_questions(self):
        return [self.questions[qid] for qid in sorted(self.questions)]


BANK = FakeBank(
    {
        "deploy": [concept("undo", "Rollback plan", ["rollback"]), concept("canary", "Canary first")],
        "migrate": [concept("revert-script", "Tested revert script", ["rollback"]), concept("backfill", "Backfill")],
        "launch": [concept("canary", "Canary release")],
    }
)


def test_concepts_of_one_family_pool_across_questions_and_others_pool_by_id():
    rows = [
        ConceptMisses("deploy", "undo", "Rollback plan", misses=2, checked=3),
        ConceptMisses("migrate", "revert-script", "Tested revert script", misses=2, checked=2),
        ConceptMisses("deploy", "canary", "Canary first", misses=1, checked=3),
        ConceptMisses("launch", "canary", "Canary release", misses=2, checked=2),
        ConceptMisses("migrate", "backfill", "Backfill", misses=0, checked=2),
    ]
    weak = weak_concepts(rows, BANK)
    assert [(w.key, w.misses, w.checked) for w in weak] == [("family:rollback", 4, 5), ("canary", 3, 5)]
    assert weak[0].question_ids == ["deploy", "migrate"]  # most misses first, then by id
    assert weak[1].label == "Canary release" and weak[1].question_ids == ["launch", "deploy"]
    assert "backfill" not in {w.key for w in weak}  # never missed
    assert weak[0].describe() == "Rollback plan: missed 4 of 5 answers, in 2 questions"


def test_a_drill_offers_the_questions_whose_rubric_has_the_concept_missed_ones_first():
    family = drill_items(BANK, "family:rollback", missed_first=["migrate"])
    assert [(item.question.id, item.concept.id) for item in family] == [
        ("migrate", "revert-script"),
        ("deploy", "undo"),
    ]
    assert family[0].hint == "hint for Tested revert script"
    assert [item.question.id for item in drill_items(BANK, "canary")] == ["deploy", "launch"]
    assert drill_items(BANK, "no-such-concept") == []
