"""Shared red flags from the lexicon: added to every rubric, set aside when said critically."""

from __future__ import annotations

import pytest

from tpm_trainer.bank import load_bank
from tpm_trainer.lexicon import load_lexicon, shipped_lexicon_dir
from tpm_trainer.scoring import score_answer
from tpm_trainer.sources import Sources

from .conftest import REPO_ROOT
from .lexicon_helpers import bank_with_lexicon

QUESTION = "id: q-one\ntitle: One\nprompt: How would you ship the new billing service?\ncategory: cat\n"
RUBRIC = """\
question: q-one
concepts:
  - id: canary
    label: Canary
    phrases: [canary]
  - id: rollback
    label: Rollback
    phrases: [roll back]
"""
FLAGS = """\
version: 1
red_flags:
  - id: test-blame
    label: Blames the team
    severity: critical
    phrases: ['(blame|blamed) the (team|engineers)']
"""


def load(tmp_path, write_file, rubric: str = RUBRIC, flags: str = FLAGS):
    return bank_with_lexicon(tmp_path, QUESTION, rubric, flags=flags)


def test_a_shared_red_flag_is_added_to_every_rubric_and_caps_the_band(tmp_path, write_file):
    bank = load(tmp_path, write_file)
    assert bank.errors == []
    rubric = bank.rubrics["q-one"]
    assert "test-blame" in {flag.id for flag in rubric.red_flags}
    report = score_answer("We run a canary and roll back fast. When it broke, I blamed the team for it.", rubric)
    assert [flag.id for flag in report.red_flags if flag.id == "test-blame"] == ["test-blame"]
    assert any(cap.kind == "critical_red_flag" for cap in report.caps)


def test_a_red_flag_said_critically_is_set_aside(tmp_path, write_file):
    rubric = load(tmp_path, write_file).rubrics["q-one"]
    report = score_answer("We run a canary and roll back fast, and I would never blame the team.", rubric)
    assert "test-blame" not in {flag.id for flag in report.red_flags}


def test_a_rubric_keeps_its_own_red_flag_of_the_same_id_and_can_turn_shared_ones_off(tmp_path, write_file):
    own = RUBRIC + "red_flags:\n  - id: test-blame\n    label: Mine\n    phrases: [finger pointing]\n"
    flags = load(tmp_path, write_file, own).rubrics["q-one"].red_flags
    assert [(flag.id, flag.label) for flag in flags if flag.id == "test-blame"] == [("test-blame", "Mine")]
    off = RUBRIC + "matching:\n  shared_red_flags: false\n"
    assert "test-blame" not in {flag.id for flag in load(tmp_path, write_file, off).rubrics["q-one"].red_flags}


@pytest.mark.parametrize(
    ("flags", "field", "message"),
    [
        (
            FLAGS + "  - id: test-blame\n    label: Again\n    phrases: [x y]\n",
            "red_flags.1.id",
            "duplicate shared red flag",
        ),
        ("version: 1\nred_flags:\n  - id: test-x\n    label: X\n    phrases: ['(a|b']\n", "red_flags.0.phrases.0", ""),
        ("version: 1\nred_flags:\n  - id: test-x\n    label: X\n    phrases: [a]\n    sevrity: critical\n", "", ""),
    ],
    ids=["duplicate-id", "bad-phrase", "unknown-field"],
)
def test_shared_red_flag_problems_name_file_and_field(tmp_path, write_file, flags, field, message):
    bank = load(tmp_path, write_file, flags=flags)
    found = [(p.file.name, p.field, p.message) for p in bank.errors]
    assert any(name == "flags.yaml" and field in got and message in text for name, got, text in found), found
    assert set(bank.rubrics) == {"q-one"}


@pytest.fixture(scope="module")
def shipped_rubric():
    return load_bank([REPO_ROOT / "question_bank"], [REPO_ROOT / "rubrics"]).rubrics["kick-off-new-project"]


# Sentences a strong answer says (the red flag named or criticised, or a legitimate practice that
# shares its words) and sentences of reckless advice, against the shipped shared red flags.
@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("We push the update to all servers at once on Saturday night.", True),
        ("We push the update to all servers at once and skip the testing.", True),  # skipping something else
        ("We would never push the update to all servers at once.", False),
        ("Rather than a big bang cutover, we move service by service.", False),
        ("With blue-green we test the idle copy, then switch all users across in one go.", False),
        ("We skip the testing and ship it to hit the date.", True),
        ("Skipping testing just moves the cost to after launch.", False),
        ("The devices go through drop tests and heat testing before certification.", False),
        ("Honestly it was the vendor's fault, so I blamed the vendor in the review.", True),
        ("We ran a blameless review; I never blame the team.", False),
        ("I keep the status green until the last week so leadership stays calm.", True),
        ("We hid the delay from the sponsor for a month.", True),
        ("Averages hide the problem, so we look at the slowest requests.", False),
        ("I would not keep the status green when it is not.", False),
        ("We ship it anyway and fix the bugs after launch.", True),
        ("If security signs off we launch, otherwise we move the date.", False),
    ],
)
def test_shipped_shared_red_flags(shipped_rubric, sentence, flagged):
    report = score_answer(sentence, shipped_rubric)
    assert any(flag.id.startswith("shared-") for flag in report.red_flags) == flagged


def test_a_file_with_a_bad_group_still_reports_its_red_flags_problems(tmp_path, write_file):
    flags = "version: 1\nequivalents:\n  - words: [gravity]\nred_flags:\n  - id: test-x\n    label: X\n    phrases: ['(a|b']\n"
    found = {(p.field, p.line) for p in load(tmp_path, write_file, flags=flags).errors}
    assert {("equivalents.0.words", 3), ("red_flags.0.phrases.0", 7)} <= found


def test_shipped_shared_red_flags_are_critical_and_valid():
    shipped = load_lexicon([shipped_lexicon_dir()])
    assert shipped.problems == []
    assert len(shipped.red_flags) >= 5
    assert all(flag.severity == "critical" and flag.explanation for flag in shipped.red_flags.values())


SHIPPED_RUBRIC = Sources.resolve(use_environment=False).load(cached=False).rubrics["update-10k-servers"]


@pytest.mark.parametrize(
    ("sentence", "flag"),
    [
        ("On launch day we would ramp straight to 100% and watch.", "shared-everything-at-once"),
        ("We'd go to 100% of users immediately to get the numbers.", "shared-everything-at-once"),
        ("I'd keep the status green in the steering committee while we fix it.", "shared-hides-bad-news"),
        ("I wouldn't tell the sponsors about the gap until after launch.", "shared-hides-bad-news"),
        ("I'd also hide the individual inputs from the shared version.", "shared-hides-bad-news"),
        ("I wouldn't bother with a rollback plan for this.", "shared-no-rollback"),
        ("We'd decommission the old cluster the same weekend.", "shared-no-rollback"),
        ("We'd skip the load testing to hit the date.", "shared-no-testing"),
        ("We'd skip backups until we have real data.", "shared-no-testing"),
        ("If they refuse, I'd get a VP to override security.", "shared-ships-regardless"),
        ("I told leadership it was the CDN team's fault.", "shared-blames-people"),
        # Reckless plans in the words blind writers used (scorer 2.5).
        ("We launch everything at once on Black Friday.", "shared-everything-at-once"),
        ("No pilot and no wave plan: everyone migrates at once.", "shared-everything-at-once"),
        ("Push the fix to production now - skip the canary and the code review.", "shared-no-testing"),
        ("We'd merge features behind a flag without full testing.", "shared-no-testing"),
        ("Testing happens in production, where real users find the bugs.", "shared-no-testing"),
        ("Load testing is a waste when real traffic will show us the bottlenecks.", "shared-no-testing"),
        ("I'd make it clear in the review whose change caused it.", "shared-blames-people"),
        ("I escalated with a note naming him as the reason we slipped.", "shared-blames-people"),
        ("Public shaming works.", "shared-blames-people"),
        ("The first status report will be green regardless.", "shared-hides-bad-news"),
        ("Status stays green.", "shared-hides-bad-news"),
        ("I'd stop reporting red; it only draws attention.", "shared-hides-bad-news"),
        ("I wouldn't tell the steering committee or the sponsor about the added scope.", "shared-hides-bad-news"),
        ("If we fall behind, we quietly drop the debt work.", "shared-hides-bad-news"),
        ("I report the final yield, since it looks much better to leadership.", "shared-hides-bad-news"),
        ("We move to the next phase on the date no matter what the open bug list says.", "shared-ships-regardless"),
        ("If anything breaks after the keynote, we'll hotfix it live.", "shared-ships-regardless"),
        ("Encryption can come later.", "shared-ships-regardless"),
        ("Security and accessibility reviews can be waived if they threaten the date.", "shared-ships-regardless"),
        ("I treat exit reviews as a formality.", "shared-ships-regardless"),
        ("If load testing isn't finished, we launch to 100% anyway.", "shared-everything-at-once"),
        ("Any red item gets marked green in the tracker with a note to fix it later.", "shared-hides-bad-news"),
        ("I mark it verified by inspection so coverage shows 100%.", "shared-hides-bad-news"),
        ("If the launch causes an incident, we keep it off the status page.", "shared-hides-bad-news"),
        ("I'd make it clear to their VP that the delay is on them.", "shared-blames-people"),
        ("Rollback plans aren't necessary for a confident team.", "shared-no-rollback"),
        # Reckless plans in the words of the second foreign set's blind writers (scorer 2.7).
        ("The triage bot acknowledges every ticket, which counts as a response.", "shared-games-metrics"),
        ("Anything we won't do goes on hold, which stops the SLA clock.", "shared-games-metrics"),
        ("We raise the abandon threshold so the metrics don't go red.", "shared-games-metrics"),
        ("First, I'd make adoption look as strong as possible.", "shared-games-metrics"),
        ("I'd send the survey only to teams we know are fans.", "shared-games-metrics"),
        ("There's no real data, but nobody can disprove it.", "shared-games-metrics"),
        ("It puts the problem where it belongs.", "shared-blames-people"),
        ("If anyone asks, that sits with the engineer who wrote the change.", "shared-blames-people"),
        ("I'd name them in the write-up so it's clear the process is fine.", "shared-blames-people"),
        ("I made sure the post-mortem showed the team lead was responsible.", "shared-blames-people"),
        ("Engineering ships the hotfix straight to production today, no code review.", "shared-no-testing"),
        ("The vendor's QA is good enough.", "shared-no-testing"),
        ("If an older model has issues, we'll find out in production.", "shared-no-testing"),
        (
            "I'd push the new firmware to all 300,000 terminals in a single overnight window.",
            "shared-everything-at-once",
        ),
        ("I wouldn't proactively tell customers.", "shared-hides-bad-news"),
        ("Legal doesn't need to know.", "shared-hides-bad-news"),
        ("I'd report it as a minor issue and leave out the duration.", "shared-hides-bad-news"),
        ("I reworked the reporting so the programme stayed green.", "shared-hides-bad-news"),
        ("I keep a private tracker with the real status and a separate one for leadership.", "shared-hides-bad-news"),
        ("I'd call it minor device issues rather than spooking the exec team.", "shared-hides-bad-news"),
        ("I'd quietly leave out the teams whose lead time got worse.", "shared-hides-bad-news"),
        # Not measuring the guardrail because it would show the harm (scorer 2.9).
        ("I wouldn't track satisfaction during the rollout, since they'll dip for a while.", "shared-games-metrics"),
        ("Publishing error rates just gives critics ammunition.", "shared-games-metrics"),
        # Classes read in a blind writer's reckless answers (scorer 2.9).
        ("I'd schedule a single overnight push window across all stores.", "shared-everything-at-once"),
        ("We would skip a separate privacy impact assessment.", "shared-no-testing"),
        ("The pipeline would advance on a timer regardless of health signals.", "shared-no-testing"),
        ("I would also mute paging alerts for hosts in the active wave.", "shared-no-testing"),
        ("Every breach is attributed to the engineer who made the change.", "shared-blames-people"),
        ("That goes into their performance review, so people are careful.", "shared-blames-people"),
        ("I'd publish a league table of teams at the all-hands.", "shared-blames-people"),
        ("I would not notify anyone proactively.", "shared-hides-bad-news"),
        ("I would keep the incident in a small private channel.", "shared-hides-bad-news"),
        ("I would shape the analysis to support that conclusion.", "shared-hides-bad-news"),
        (
            "The failures are logged as hardware faults and excluded from the success calculation.",
            "shared-games-metrics",
        ),
        (
            "We reclassify that window as planned maintenance, so it does not count against the budget.",
            "shared-games-metrics",
        ),
        ("The tables are dropped the same week, without keeping a copy.", "shared-no-rollback"),
        ("The team would absorb the extra through overtime.", "shared-overworks-team"),
        ("I changed the wording back without sending it back to legal.", "shared-goes-around-owners"),
        ("We send the logs to the vendor without the privacy team's review.", "shared-goes-around-owners"),
        ("I would keep their IT teams out of the approval loop.", "shared-goes-around-owners"),
    ],
)
def test_a_shipped_shared_red_flag_catches_its_reckless_wording(sentence: str, flag: str) -> None:
    report = score_answer(sentence, SHIPPED_RUBRIC)
    assert flag in {found.id for found in report.red_flags}


@pytest.mark.parametrize(
    "sentence",
    [
        "Blue-green runs two copies, and you switch all users across in one go and back in seconds.",
        "A single score hides risk, so I show the inputs next to it.",
        "Without the fix, the next fault would hit every customer at once.",
        "Skip full load testing only for low-risk configuration changes.",
        "I would never ramp straight to 100%; we go 1%, 10%, 50%.",
        "We keep the old cluster running for two weeks so we can roll back.",
        # Critiques and trade-offs in the same words (scorer 2.5).
        "Quality is the lever I'd pull last, since skipping testing just moves the cost to after launch.",
        "Teams will hit it by cutting corners, skipping tests and reviews to close tickets.",
        "Any requirement without a test is a gap we'd otherwise find in production.",
        "I would never launch everything at once; we go region by region.",
        "It wasn't their fault: the interface was never written down.",
        "We never let a status stay green when a milestone is at risk.",
        "Rather than quietly drop the work, I told the sponsor and we agreed to defer it.",
        "For each Must-have, apply the cancel test: would we cancel the release without it?",
        "A red item is marked green only when its owner shows the fix working in staging.",
        "We never keep an incident off the status page, even a short one.",
        "Blue-green: test the new copy while no users are on it, then switch all traffic over in one go and back if needed.",
        "With blue-green everyone moves at once, but switching back takes seconds.",
        # Risks someone else brings, and good practice in the same words (scorer 2.7).
        "The risks are vendor outages and silent behaviour changes when the vendor updates the model.",
        "The fourth risk is the supplier quietly changing how it behaves.",
        "Every change is announced to the rest of the system, and the number of open tickets falls each week.",
        "We never push straight to production without a code review.",
        "I took the blame myself in the review; the process had let the engineer down.",
        "I agree with leadership what happens when the numbers look bad, before we start.",
        # Working alongside someone (scorer 2.9).
        "I'd sit with the engineers who ran the test and confirm the test itself is valid.",
        "We track satisfaction weekly, because it will dip before contacts do if articles are poor.",
        "With one shared deployment, every fix and feature ships to everyone at once.",
        "First I'd fix the definitions: one reach unit and one time window for every item.",
        "I offered to raise it together, so it wouldn't look like I was going around them.",
        "Are there single points of failure, like a primary database with no replica or DNS with no fallback?",
        "What I would not do is rush the encryption change without security review.",
        "We never launch without the privacy team's review.",
        "We only count a story as done when it is deployed and monitored.",
        "We tune or silence noisy alerts that nobody acts on.",
    ],
)
def test_a_shipped_shared_red_flag_stays_quiet_on_good_practice(sentence: str) -> None:
    report = score_answer(sentence, SHIPPED_RUBRIC)
    assert not [found.id for found in report.red_flags if found.id.startswith("shared-")]
