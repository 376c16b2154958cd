"""Rubric packs: validated, installed into the user data folder, then read by default; unsafe packs refused."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main

MANIFEST = "name: team-pack\nauthor: Mo Mentor\nversion: '1.0'\nlicence: CC-BY-4.0\n"
QUESTION = "id: pack-q\ntitle: From a pack\nprompt: How would you plan a data centre move?\ncategory: packs\n"
RUBRIC = (
    "question: pack-q\nauthor: Mo\nconcepts: [{id: inventory, label: Inventory, phrases: [inventory]}]\n"
    "calibration: [{answer: First I would take an inventory of every rack., band: Strong hire}]\n"
)


def run(db, *args):
    return CliRunner().invoke(main, ["--db", str(db), *args], catch_exceptions=False)


def make_pack(folder, manifest=MANIFEST, rubric=RUBRIC):
    (folder / "rubrics").mkdir(parents=True)
    (folder / "questions").mkdir()
    (folder / "pack.yaml").write_text(manifest)
    (folder / "questions" / "q.yaml").write_text(QUESTION)
    (folder / "rubrics" / "r.yaml").write_text(rubric)
    return folder


def zipped(folder, target):
    with zipfile.ZipFile(target, "w") as bundle:
        for path in folder.rglob("*"):
            bundle.write(path, path.relative_to(folder.parent))
    return target


def test_folder_pack_installs_and_is_read_by_default(tmp_path):
    db = tmp_path / "h.db"
    pack = make_pack(tmp_path / "team-pack")
    result = run(db, "rubrics", "install", str(pack))
    assert result.exit_code == 0, result.output
    assert "installed pack team-pack 1.0 by Mo Mentor (CC-BY-4.0): 1 rubric(s), 1 question(s)" in result.output
    listed = json.loads(run(db, "questions", "--json").output)
    assert any(item["id"] == "pack-q" and item["has_rubric"] for item in listed)
    scored = CliRunner().invoke(main, ["--db", str(db), "score", "pack-q", "-", "--json"], input="an inventory")
    assert json.loads(scored.output)["rubric_author"] == "Mo"
    again = run(db, "rubrics", "install", str(pack))
    assert "replaced pack team-pack" in again.output


def test_zip_pack_installs(tmp_path):
    archive = zipped(make_pack(tmp_path / "src" / "team-pack"), tmp_path / "team-pack.zip")
    result = run(tmp_path / "h.db", "rubrics", "install", str(archive))
    assert result.exit_code == 0, result.output and "installed pack team-pack" in result.output


@pytest.mark.parametrize(
    ("member", "message"),
    [("../evil.yaml", "may not write outside its folder"), ("/etc/evil.yaml", "may not write outside its folder")],
)
def test_zip_slip_and_absolute_paths_refused(tmp_path, member, message):
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("pack.yaml", MANIFEST)
        bundle.writestr(member, "x: 1\n")
    result = run(tmp_path / "h.db", "rubrics", "install", str(archive))
    assert result.exit_code == 1 and message in result.output
    assert not (tmp_path / "evil.yaml").exists()


def test_oversized_member_refused(tmp_path):
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("pack.yaml", MANIFEST)
        bundle.writestr("rubrics/huge.yaml", "a" * 1_500_000)
    result = run(tmp_path / "h.db", "rubrics", "install", str(archive))
    assert result.exit_code == 1 and "huge.yaml` is 1,500,000 bytes" in result.output


def test_invalid_pack_is_not_installed(tmp_path):
    db = tmp_path / "h.db"
    broken = make_pack(tmp_path / "broken", rubric=RUBRIC.replace("band: Strong hire", "band: Strong hir"))
    result = run(db, "rubrics", "install", str(broken))
    assert result.exit_code == 1 and "not installed" in result.output
    assert "calibration.0.band: `Strong hir` is not a band label (did you mean `Strong hire`?)" in result.output
    assert str(broken / "rubrics" / "r.yaml") in result.output  # named as the mentor knows it
    listed = json.loads(run(db, "questions", "--json").output)
    assert not any(item["id"] == "pack-q" for item in listed)


def test_manifest_problems_are_reported_with_their_line(tmp_path):
    pack = make_pack(tmp_path / "p", manifest="name: Team Pack\nauthor: Mo\nversion: '1'\n")
    result = run(tmp_path / "h.db", "rubrics", "install", str(pack))
    assert result.exit_code == 1
    assert "pack.yaml:1: error: name:" in result.output and "licence: required field is missing" in result.output
    missing = tmp_path / "empty"
    missing.mkdir()
    assert "no `pack.yaml` manifest" in run(tmp_path / "h.db", "rubrics", "install", str(missing)).output


def test_links_in_a_folder_pack_are_refused(tmp_path):
    pack = make_pack(tmp_path / "team-pack")
    secret = tmp_path / "secret.yaml"
    secret.write_text("question: pack-q\n")
    (pack / "rubrics" / "leak.yaml").symlink_to(secret)
    result = run(tmp_path / "h.db", "rubrics", "install", str(pack))
    assert result.exit_code == 1 and "links are not allowed in a pack" in result.output
