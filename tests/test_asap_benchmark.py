"""The ASAP-SAS benchmark script, run on a tiny invented fixture (tests/fixtures/asap_mini/): it runs,
its QWK is right, and a missing data folder is reported in one line with exit code 2."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "asap_mini"


def _load_script():
    spec = importlib.util.spec_from_file_location("asap_sas_benchmark", ROOT / "benchmarks" / "asap_sas.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


asap = _load_script()


# -- the metric ----------------------------------------------------------------------------------


def test_qwk_matches_a_hand_computed_case():
    # Ratings on 0-2. Observed pairs: (0,0) (1,1) (2,2) (2,1).
    # Weights w_ij = (i-j)^2 / 4. Observed weighted disagreement: one (2,1) pair -> 1/4 = 0.25.
    # Marginals: A = [1, 1, 2], B = [1, 2, 1], N = 4; expected counts E_ij = A_i * B_j / 4:
    #   E01 = 2/4, E10 = 1/4, E12 = 1/4, E21 = 4/4, E02 = 1/4, E20 = 2/4.
    # Expected weighted disagreement = (1/4)(E01 + E10 + E12 + E21) + (4/4)(E02 + E20)
    #   = (1/4)(8/4) + 3/4 = 5/4.
    # QWK = 1 - (1/4) / (5/4) = 0.8.
    kappa = asap.quadratic_weighted_kappa([0, 1, 2, 2], [0, 1, 2, 1], 0, 2)
    assert kappa == pytest.approx(0.8)


def test_qwk_limits():
    assert asap.quadratic_weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3], 0, 3) == pytest.approx(1.0)
    assert asap.quadratic_weighted_kappa([0, 3], [3, 0], 0, 3) == pytest.approx(-1.0)


def test_fisher_mean():
    assert asap.fisher_mean([0.5, 0.5]) == pytest.approx(0.5)
    assert asap.fisher_mean([0.8, 0.9]) == pytest.approx(math.tanh((math.atanh(0.8) + math.atanh(0.9)) / 2))


# -- the script ----------------------------------------------------------------------------------


def test_runs_on_the_fixture_and_prints_json(capsys):
    assert asap.main(["--data", str(FIXTURE), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["split"] == "test"
    sets = {item["set"]: item for item in summary["sets"]}
    assert set(sets) == {1, 2, 10}
    assert sets[1]["n"] == 4 and sets[2]["n"] == 4 and sets[10]["n"] == 3
    assert sets[1]["reference"] == {"human": 0.944, "ml": 0.813, "length": 0.168}
    for item in sets.values():
        assert -1.0 <= item["qwk"] <= 1.0
        assert 0.0 <= item["exact"] <= 1.0
        assert sum(map(sum, item["confusion"])) == item["n"]
    assert summary["overall"]["qwk_fisher_mean"] == pytest.approx(
        asap.fisher_mean([item["qwk"] for item in summary["sets"]]), abs=1e-3
    )


def test_qwk_reported_is_the_qwk_of_the_predictions(capsys):
    rows = asap.read_split(FIXTURE, "test")
    rubric = asap.load_rubric(1)
    gold = [score for essay_set, score, _ in rows if essay_set == 1]
    predicted = [asap.predict(text, rubric, 3)[0] for essay_set, _, text in rows if essay_set == 1]
    assert asap.main(["--data", str(FIXTURE), "--set", "1", "--json"]) == 0
    reported = json.loads(capsys.readouterr().out)["sets"][0]["qwk"]
    assert reported == pytest.approx(asap.quadratic_weighted_kappa(gold, predicted, 0, 3), abs=1e-4)


def test_table_and_train_split(capsys):
    assert asap.main(["--data", str(FIXTURE), "--split", "train", "--set", "10"]) == 0
    out = capsys.readouterr().out
    assert "train split" in out and "| 10 | 2 |" in out and "overall (Fisher z)" in out


def test_missing_data_folder_exits_2_with_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere"
    assert asap.main(["--data", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "not found" in lines[0] and str(missing) in lines[0]
    assert "Traceback" not in captured.err


def test_missing_split_file_exits_2(tmp_path, capsys):
    assert asap.main(["--data", str(tmp_path), "--split", "train"]) == 2
    assert "train.csv" in capsys.readouterr().err


def test_errors_listing_refuses_the_test_split(capsys):
    assert asap.main(["--data", str(FIXTURE), "--errors", "3"]) == 2
    assert "train" in capsys.readouterr().err


def test_default_data_folder_is_next_to_the_repository():
    assert ROOT.parent / "shared" / "datasets" / "asap-sas" == asap.DEFAULT_DATA


# -- tuning on part of train -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer_id", "part", "inside"),
    [
        (5, "holdout", True),
        (10, "holdout", True),
        (4, "holdout", False),
        (4, "dev", True),
        (5, "dev", False),
        (5, "all", True),
        (4, "all", True),
    ],
)
def test_parts_of_train_are_a_fixed_fifth_and_the_rest(answer_id, part, inside):
    assert asap.in_part(answer_id, part) is inside


def test_dev_and_holdout_split_train_without_overlap(capsys):
    counts = {}
    for part in ("dev", "holdout", "all"):
        assert asap.main(["--data", str(FIXTURE), "--split", "train", "--part", part, "--json"]) == 0
        counts[part] = {item["set"]: item["n"] for item in json.loads(capsys.readouterr().out)["sets"]}
    assert counts["holdout"] == {2: 1}  # answer 5 is the fixture's only Id divisible by 5
    assert counts["dev"] == {1: 3, 2: 1, 10: 2}
    for number, total in counts["all"].items():
        assert counts["dev"].get(number, 0) + counts["holdout"].get(number, 0) == total


def test_part_refuses_the_test_split(capsys):
    assert asap.main(["--data", str(FIXTURE), "--part", "dev"]) == 2
    assert "--split train" in capsys.readouterr().err


# -- the set 10 rubric: results support the choice when they compare --------------------------------


@pytest.mark.parametrize(
    ("answer", "points"),
    [
        ("white :: White keeps the doghouse cool.", 1),
        ("white :: White keeps the doghouse cool. The white lid stayed at 42 degrees.", 1),
        ("white :: White keeps the doghouse cool. The white lid was the coolest, 42 degrees.", 2),
        ("white :: White keeps the doghouse cool. The white lid reached 42 degrees and the black one 53.", 2),
        ("white :: White keeps the doghouse cool. In the experiment white stayed lower than black.", 2),
        ("white :: White keeps the doghouse cooler. The white lid stayed at 42 degrees.", 2),  # "cooler" compares
        ("black :: The black lid was the hottest.", 1),
        ("black :: because.", 0),
    ],
)
def test_set_10_gives_two_points_for_an_effect_with_compared_results(answer, points):
    # Invented answers (not from the dataset): an effect alone or with the chosen colour's own figure
    # earns 1; ranked, compared ("cooler") or set against another colour, 2; results without an effect, 1.
    assert asap.predict(answer, asap.load_rubric(10), 2)[0] == points
