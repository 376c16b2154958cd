"""The guide's field reference is generated from the models' docstrings and kept in sync."""

from __future__ import annotations

from tpm_trainer.mentor import fieldref


def test_guide_field_reference_is_up_to_date():
    current = fieldref.GUIDE.read_text(encoding="utf-8")
    assert fieldref.START in current and fieldref.END in current
    assert current == fieldref.updated_guide(current), "run `python -m tpm_trainer.mentor.fieldref`"


def test_every_documented_model_field_has_a_docstring():
    for heading, model in fieldref.SECTIONS:
        documented = fieldref.field_docs(model)
        assert set(documented) == set(model.model_fields), heading
        assert all(doc for _, doc in documented.values()), heading


def test_a_changed_docstring_makes_the_guide_stale(monkeypatch):
    current = fieldref.GUIDE.read_text(encoding="utf-8")
    original = fieldref.field_docs

    def altered(model):
        docs = original(model)
        return {name: (annotation, doc + " (changed)") for name, (annotation, doc) in docs.items()}

    monkeypatch.setattr(fieldref, "field_docs", altered)
    assert fieldref.updated_guide(current) != current
    assert fieldref.main(["--check"]) == 1
