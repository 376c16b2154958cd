"""The cohort view: a real Datasette serves a merged database and its canned queries answer as JSON."""

from __future__ import annotations

import json
import socket
import subprocess
import urllib.request

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main
from tpm_trainer.mentor.cohort import datasette_available, datasette_command

from .test_mentor_exchange import MIDDLING, STRONG, WEAK, candidate_db, cli


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def merged_db(tmp_path):
    exports = []
    for name, answers in (("Ana", [STRONG, MIDDLING]), ("Ben", [WEAK])):
        db = candidate_db(tmp_path, name, answers)
        out = tmp_path / f"{name}.json"
        assert cli(db, "export", "-o", str(out)).exit_code == 0
        exports.append(str(out))
    mentor = tmp_path / "cohort.db"
    assert cli(mentor, "import", *exports).exit_code == 0
    assert cli(mentor, "grade", "1", "--score", "90").exit_code == 0
    return mentor


def test_metadata_file_names_the_canned_queries(merged_db, tmp_path):
    target = tmp_path / "metadata.json"
    result = CliRunner().invoke(main, ["--db", str(merged_db), "cohort", "--write-metadata", str(target)])
    assert result.exit_code == 0, result.output
    queries = json.loads(target.read_text())["databases"]["cohort"]["queries"]
    assert {"scores_over_time", "most_missed_concepts", "awaiting_grade"} <= set(queries)


def test_datasette_serves_the_canned_queries(merged_db, tmp_path):
    if not datasette_available():
        pytest.skip("datasette is not installed (pip install -e '.[mentor]')")
    metadata = tmp_path / "metadata.json"
    CliRunner().invoke(main, ["--db", str(merged_db), "cohort", "--write-metadata", str(metadata)])
    port = free_port()
    server = subprocess.Popen(
        datasette_command(merged_db, metadata, port), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert server.stdout is not None
        for line in server.stdout:  # wait for the server to say it is listening
            if "running on" in line.lower():
                break
        else:
            pytest.fail(f"datasette exited with {server.wait()}")

        def query(name: str) -> list[dict]:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/cohort/{name}.json?_shape=array", timeout=30) as page:
                return json.loads(page.read())

        awaiting = query("awaiting_grade")
        assert sorted(row["candidate"] for row in awaiting) == ["Ana", "Ben"]  # attempt 1 (Ana's) is graded
        over_time = query("scores_over_time")
        assert {(row["candidate"], row["attempts"]) for row in over_time} == {("Ana", 2), ("Ben", 1)}
        missed = query("most_missed_concepts")
        assert missed and {"question_id", "concept", "misses", "candidates"} <= set(missed[0])
    finally:
        server.terminate()
        server.wait(timeout=30)
