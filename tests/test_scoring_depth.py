"""Tables of cases for scorer 2.0: depth levels, stance (negation before, inside and after a match, in
everyday forms), red-flag severity, non-answer caps, scenario anchors, the softer required cap,
structure checks that mean something, follow-ups graded on what they probe, and the new rubric fields."""

from __future__ import annotations

import random

import pytest
from pydantic import ValidationError

from tpm_trainer.models import Rubric
from tpm_trainer.scoring import SCORER_VERSION, follow_up_rubric, score_answer, score_follow_up

CONCEPTS = [
    {"id": "canary", "label": "Canary", "phrases": ["canary", "canaries"], "weight": 2},
    {"id": "staging", "label": "Staging", "phrases": ["staging"], "weight": 1},
    {"id": "rollback", "label": "Rollback", "phrases": ["rollback", "roll back"], "weight": 2},
    {"id": "monitoring", "label": "Monitoring", "phrases": ["error rate*", "dashboards"], "weight": 1},
]


def make(**extra: object) -> Rubric:
    # The answers here are a few sentences long: the top band's word floor is off unless a test sets it.
    matching = {"top_band_min_words": 0, **extra.pop("matching", {})}  # type: ignore[dict-item]
    return Rubric.model_validate({"question": "q", "concepts": CONCEPTS, "matching": matching, **extra})


RUBRIC = make()


def levels(answer: str, rubric: Rubric = RUBRIC, question: str | None = None) -> dict[str, str]:
    return {c.id: c.level for c in score_answer(answer, rubric, question).concepts}


def test_scorer_version():
    assert SCORER_VERSION == "2.9"


# -- stance ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "rejected", "kept"),
    [
        ("We skip staging, canaries, rollback.", {"staging", "canary", "rollback"}, set()),
        ("Staging, canaries, rollback - none of that is needed.", {"staging", "canary", "rollback"}, set()),
        ("Staging, canaries, rollback \u2014 none of that is needed.", {"staging", "canary", "rollback"}, set()),
        ("I don't see the need for a canary.", {"canary"}, set()),
        ("No need to bother with staging.", {"staging"}, set()),
        ("A canary isn't worth it for a patch like this.", {"canary"}, set()),
        ("Staging is just bureaucracy for a patch like this.", {"staging"}, set()),
        ("A rollback plan is paperwork nobody reads.", {"rollback"}, set()),
        ("A staging environment keeps the release from becoming theatre.", set(), {"staging"}),
        ("Don't bother with a rollback plan.", {"rollback"}, set()),
        ("Rather than a rollback, we would run a canary first.", {"rollback"}, {"canary"}),
        ("Instead of staging and a long soak, we'd run a canary.", {"staging"}, {"canary"}),
        ("We'd ship it without staging or a rollback plan.", {"staging", "rollback"}, set()),
        ("Talking to the team about a rollback? No need.", {"rollback"}, set()),
        ("Staging? Not needed.", {"staging"}, set()),
        ("Forget about staging; a canary isn't worth it either.", {"staging", "canary"}, set()),
        (
            "A canary, a staging soak, error rate dashboards - I'd skip all that.",
            {"canary", "staging", "monitoring"},
            set(),
        ),
        # Not negations: a new subject, a contrast, a reason clause, a list with its own verb.
        ("We won't do a big bang, we'll run a canary.", set(), {"canary"}),
        ("We run a canary and skip the paperwork.", set(), {"canary"}),  # a skip with its own object
        # A contrast opening the sentence governs its own clause only; mid-sentence it governs a list.
        ("Instead of guessing, run a canary on a few hosts.", set(), {"canary"}),
        ("Without waiting for staging, run a canary.", {"staging"}, {"canary"}),
        ("We do it without staging, canaries, rollback.", {"rollback", "staging", "canary"}, set()),
        # The last item of a negated list joined by "or" is negated too; a new clause is not.
        ("We push it everywhere without staging, canaries or rollback.", {"rollback", "staging", "canary"}, set()),
        # An item after the comma with its own verb is a new clause (scorer 2.9).
        ("We finish work instead of starting more, and canaries become routine.", set(), {"canary"}),
        ("We ship without staging, and the canary is our only check.", {"staging"}, {"canary"}),
        ("We'd have no staging, canaries or rollback.", {"rollback", "staging", "canary"}, set()),
        ("We won't use staging, just canaries and rollback.", {"staging"}, {"canary", "rollback"}),
        ("There is no staging, so canaries and rollback carry the risk.", {"staging"}, {"canary", "rollback"}),
        ("We skip the paperwork but canaries are essential.", set(), {"canary"}),
        ("We use staging, which means a full rollback drill is rarely needed.", set(), {"staging"}),
        ("We run a canary and keep a rollback plan ready.", set(), {"canary", "rollback"}),
        ("We never skip staging, and not without a rollback plan.", set(), {"staging", "rollback"}),
        ("Our test suite was slow and engineers were starting to skip it, so I added a canary.", set(), {"canary"}),
        # A negated first-person verb reaches over its own clause; a condition or a second negation stops it.
        ("I wouldn't spend much time at all on a staging soak.", {"staging"}, set()),
        ("I would not bother with a long staging soak or error rate dashboards.", {"staging", "monitoring"}, set()),
        ("We don't ship until the canary is healthy.", set(), {"canary"}),
        ("I wouldn't push to prod before the staging soak and the canary.", set(), {"staging", "canary"}),
        ("I wouldn't launch without a rollback plan.", set(), {"rollback"}),
        ("No one should ship without a rollback plan.", set(), {"rollback"}),
        ("We never roll out without a canary and dashboards.", set(), {"canary", "monitoring"}),
        ("We did not test it and shipped without a canary.", {"canary"}, set()),
        ("We shipped without a canary.", {"canary"}, set()),
        # A negation inside a condition states a risk; a hedge weighs both sides; a relative clause has its
        # own subject.
        ("If we don't have a rollback plan, one bad build takes the site down.", set(), {"rollback"}),
        ("I'd explain whether a canary would or wouldn't be worth it here.", set(), {"canary"}),
        ("We run a canary for customers who don't need the new version yet.", set(), {"canary"}),
        ("We push it out without staging, canaries or rollback.", {"staging", "canary", "rollback"}, set()),
        ("Staging and canaries take weeks to set up, so I'd leave them out.", {"staging", "canary"}, set()),
        ("A canary takes an hour, so we leave it running before the next wave.", set(), {"canary"}),
        # A word such as "forever" just after the practice turns down its excess, not the practice.
        ("A failing host is set aside rather than rolled back forever, then we run a canary.", set(), {"rollback"}),
        ("We don't keep a canary running indefinitely, but we keep staging.", set(), {"canary", "staging"}),
        ("We don't keep a canary, and staging runs forever.", {"canary"}, {"staging"}),
    ],
)
def test_stance(answer, rejected, kept):
    found = levels(answer)
    assert {cid for cid, level in found.items() if level == "rejected"} == rejected
    assert kept <= {cid for cid, level in found.items() if level in ("used", "mentioned")}


def flagged_by(answer: str, red_flag_phrase: str) -> bool:
    """Whether `answer` raises a red flag of the one phrase, in a rubric of one concept besides."""
    rubric = Rubric.model_validate(
        {
            "question": "q",
            "concepts": [{"id": "c", "label": "C", "phrases": ["canary"]}],
            "red_flags": [{"id": "f", "label": "F", "phrases": [red_flag_phrase]}],
        }
    )
    return bool(score_answer(answer, rubric).red_flags)


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        # After a comma, "and just ..." opens an action of its own, not an item of the negated list.
        ("We scale carefully so we don't panic the business, and just add more servers.", True),
        ("We don't panic the business, and simply add more servers.", True),
        ("We don't panic the business or add more servers.", False),
        ("We never just add more servers.", False),
    ],
)
def test_a_negated_list_does_not_carry_into_a_new_action(answer, flagged):
    assert flagged_by(answer, "(just|simply) add more servers") is flagged


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        # Another side's position, reported in a story of a disagreement, is not the candidate's advice.
        ("Payments engineering wanted a big-bang cutover in all markets on one weekend.", False),
        ("Engineering still preferred a big bang cutover, and I asked them to disagree and commit.", False),
        ("My manager wanted a big-bang cutover.", False),
        ("We wanted a big-bang cutover on one weekend.", True),
        ("I pushed for a big-bang cutover.", True),
        ("We did a big-bang cutover on one weekend.", True),
        ("Sales insisted we do a big-bang cutover.", True),
    ],
)
def test_a_red_flag_another_side_wanted_is_set_aside(answer, flagged):
    assert flagged_by(answer, "(big bang|big-bang) (cutover|release)") is flagged


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        # A consequence described ("refusing means someone else invents a date") is no advice of one's own.
        ("I wouldn't refuse - refusing just means someone else invents a date.", False),
        ("Someone else will end up making up a date.", False),
        ("If we stay quiet, others invent a date for us.", False),
        ("I would invent a date to keep them happy.", True),
        ("We invent a date and someone else checks it.", True),
        ("Someone asked, so I invented a date.", True),
    ],
)
def test_a_red_flag_done_by_someone_else_is_set_aside(answer, flagged):
    assert flagged_by(answer, "(invent|make up) (a|the|) date") is flagged


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("I refused to ask the team to do both launches on overtime.", False),
        ("I declined to push the team into overtime for a second launch.", False),
        ("I asked the team to do both launches on overtime.", True),
        ("When the VP refused, I asked the team to work overtime.", True),  # the refusal has no "to" verb
    ],
)
def test_a_refusal_turns_down_the_verb_after_it(answer, flagged):
    assert flagged_by(answer, "(ask|push) (the|) team ... overtime") is flagged


def test_declining_is_also_a_practice_of_its_own():
    rubric = Rubric.model_validate(
        {"question": "q", "concepts": [{"id": "c", "label": "Cut meetings", "phrases": ["send someone"]}]}
    )
    report = score_answer("If not, I'll decline, send someone else, or ask for the notes.", rubric)
    assert report.concepts[0].level != "rejected"


def test_a_rejected_concept_earns_nothing_and_says_why():
    report = score_answer("Staging is pointless for us; we just ship.", RUBRIC)
    staging = next(c for c in report.concepts if c.id == "staging")
    assert staging.level == "rejected" and staging.credit == 0 and not staging.hit
    assert "negated or dismissed" in staging.why and staging.negated


# -- depth -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "concept", "level"),
    [
        ("We start with a canary on twenty servers so a bad build hurts few customers.", "canary", "used"),
        ("I'd drain each server and roll back automatically when error rates climb.", "rollback", "used"),
        ("canary", "canary", "mentioned"),
        ("Plan: canary, staging, rollback, dashboards, runbooks, on-call, freeze windows.", "rollback", "mentioned"),
        ("I'd watch error rates, latency and saturation before each wave.", "monitoring", "used"),
        ("- Canary on 1% of hosts for two hours, then the rest of the region", "canary", "used"),
        ("canary deployment", "canary", "mentioned"),
        # A lead-in ending in a colon is used when the sentence after it says what is done.
        ("Rollback:\n- we keep the old build warm and switch back within minutes.", "rollback", "used"),
        ("Rollback:\n- the old build, the database snapshot.", "rollback", "mentioned"),
        ("Rollback: canary, staging, dashboards.", "rollback", "mentioned"),
    ],
)
def test_depth_levels(answer, concept, level):
    assert levels(answer)[concept] == level


def test_a_mention_earns_partial_credit_and_a_use_full_credit():
    mention = next(c for c in score_answer("canary", RUBRIC).concepts if c.id == "canary")
    used = next(
        c
        for c in score_answer("We run a canary first because a bad build then reaches few users.", RUBRIC).concepts
        if c.id == "canary"
    )
    assert mention.credit == pytest.approx(2 * RUBRIC.matching.mention_credit)
    assert used.credit == 2 and used.why
    off = make(matching={"mention_credit": 1.0})
    assert next(c for c in score_answer("canary", off).concepts if c.id == "canary").credit == 2


def test_used_without_how_or_why_earns_less_than_explained():
    plain = score_answer("We run a canary.", RUBRIC).concepts[0]
    explained = score_answer("We run a canary so a bad build reaches few users.", RUBRIC).concepts[0]
    assert plain.level == explained.level == "used"
    assert plain.credit < explained.credit == 2


# -- non-answers -------------------------------------------------------------------------------------

STRONG = (
    "First I would agree the success criteria with the service owners and prove the build in staging. "
    "Then we start with a canary of twenty servers in one region, because a bad build should hurt as few "
    "customers as possible. After that we roll out in waves, and every wave is gated on the error rate and "
    "the latency dashboards. If a gate fails, the pipeline rolls back to the previous version automatically "
    "and pauses the rollout, so nobody has to wake up to do it by hand. We keep support and on-call informed "
    "with a runbook and a status page, and we run the waves outside the peak hours of our customers."
)


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("canary, staging, rollback, error rates, dashboards, runbooks, on-call, waves, automation", "keyword_list"),
        (
            "Canary deployments. Staging environments. Rollback automation. Error rate dashboards. Runbooks.",
            "keyword_list",
        ),
        (" ".join(["We start with a canary of twenty servers in one region."] * 6), "repeated"),
        (
            "We will use canaries, staging, rollback, error rates, dashboards, runbooks, on-call, waves, "
            "feature flags and status pages.",
            "keyword_list",
        ),
        (
            "Leveraging canaries and robust error rate dashboards, we ensure seamless rollback and synergize "
            "staging excellence.",
            "stuffing",
        ),
    ],
)
def test_non_answers_are_capped_with_a_reason(answer, kind):
    report = score_answer(answer, RUBRIC)
    caps = {cap.kind: cap for cap in report.caps}
    assert kind in caps and caps[kind].reason
    assert report.band == "No hire"


JARGON = (
    "Staging environments and canary cohorts will validate compatibility before broad rollout. Error rate "
    "dashboards and automated rollback will de-risk execution. Runbooks, on-call rotations and status pages "
    "will keep support aligned through closure."
)
PLAIN_AND_DENSE = (
    "I would prove the build in staging first. Then a canary on a few servers, with the error rate on a "
    "dashboard, and a rollback if it goes up. The on-call team gets a runbook."
)


@pytest.mark.parametrize(
    ("answer", "packed_cap"),
    [
        (JARGON, True),  # five concepts in noun stacks: named, none explained
        (PLAIN_AND_DENSE, False),  # as dense, in plain sentences (as the mentors' own short Hire examples)
        (STRONG, False),
    ],
)
def test_jargon_packed_with_concepts_is_held_below_hire(answer, packed_cap):
    report = score_answer(answer, RUBRIC)
    caps = {cap.kind: cap for cap in report.caps}
    assert ("packed" in caps) is packed_cap
    if packed_cap:
        assert caps["packed"].band == "Lean no hire" and "function words" in caps["packed"].reason
        assert report.band in ("Lean no hire", "No hire")


def test_shuffled_words_are_incoherent():
    words = STRONG.split()
    random.Random(3).shuffle(words)
    report = score_answer(" ".join(words), RUBRIC)
    assert "incoherent" in {cap.kind for cap in report.caps}
    assert report.band == "No hire"


def test_a_real_answer_is_not_a_non_answer():
    report = score_answer(STRONG, RUBRIC, "How would you update 10,000 servers without impacting customers?")
    assert report.caps == [] and report.band == "Strong hire"


def test_off_topic_answers_are_capped_by_scenario_anchors():
    other = (
        "I would meet each vice president separately to understand their goals and deadlines, then bring "
        "them together with the trade-offs written down, and ask their common leader to decide if they "
        "cannot agree. The team gets one prioritised backlog and one decision maker from then on."
    )
    question = "How would you update 10,000 servers without impacting the end customers?"
    report = score_answer(other, RUBRIC, question)
    assert "off_topic" in {cap.kind for cap in report.caps} and report.band == "No hire"
    anchored = make(anchors=["(vice president|backlog)"])
    assert "off_topic" not in {cap.kind for cap in score_answer(other, anchored).caps}
    assert "off_topic" not in {cap.kind for cap in score_answer(STRONG, RUBRIC, question).caps}


def test_non_answer_checks_can_be_turned_off():
    rubric = make(matching={"non_answer_checks": False})
    assert score_answer("canary, staging, rollback, error rates, dashboards, runbooks, waves", rubric).caps == []


# -- red flags ---------------------------------------------------------------------------------------

FLAGS = [
    {"id": "big-bang", "label": "All at once", "phrases": ["all at once"], "penalty": 10, "severity": "critical"},
    {"id": "friday", "label": "Friday deploys", "phrases": ["on a friday"], "penalty": 10, "severity": "minor"},
]


def test_a_critical_red_flag_caps_the_band_and_a_minor_one_only_costs_points():
    rubric = make(red_flags=FLAGS)
    critical = score_answer(STRONG + " Then we update all at once.", rubric)
    assert critical.band == "Lean no hire" and critical.score < 60
    assert [cap.kind for cap in critical.caps] == ["critical_red_flag"]
    assert critical.red_flags[0].severity == "critical"
    minor = score_answer(STRONG + " We deploy on a Friday.", rubric)
    assert minor.band == "Strong hire" and minor.penalty == 10
    explicit = make(red_flags=FLAGS, critical_cap="No hire")
    assert score_answer(STRONG + " Then we update all at once.", explicit).band == "No hire"


@pytest.mark.parametrize(
    "sentence",
    [
        "Updating everything all at once always makes it worse.",
        "Unlike updating all at once, waves limit the damage.",
        "This is far safer than updating all at once.",
        "Pushing to every server all at once is too risky.",
        "The classic mistake is pushing the update to every server all at once.",
        # A relative clause of the critique, a verb that keeps it from happening, a harm named after it.
        "The worst thing I could do is push the update to every server all at once.",
        "A written wave plan stops us going all at once.",
        "Going all at once makes the team defensive about every incident.",
        "Going all at once is a last resort.",
    ],
)
def test_criticising_an_anti_pattern_is_not_the_anti_pattern(sentence):
    report = score_answer(f"{STRONG} {sentence}", make(red_flags=FLAGS))
    assert report.red_flags == []


@pytest.mark.parametrize(
    "sentence",
    [
        "I think the best thing is to update all at once.",  # a critique word must govern the flag
        "We stopped the canary and then updated all at once.",  # a preventer reaches only a few words
        "The worst outage we had was not our fault, so we now update all at once.",  # not a critique of it
    ],
)
def test_advocating_an_anti_pattern_near_critique_words_is_still_flagged(sentence):
    report = score_answer(f"{STRONG} {sentence}", make(red_flags=FLAGS))
    assert [flag.id for flag in report.red_flags] == ["big-bang"]


def test_criticism_words_do_not_reject_a_concept():
    # "bad" and "risky" set a red flag aside, never a concept the answer praises.
    assert levels("We use a canary because it catches a bad build before it is risky.")["canary"] == "used"


# -- required concepts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("floor", "band", "reason"),
    [
        (0, "Hire", "kept out of the top band"),  # a developed answer: one miss may be a wording the rubric missed
        (160, "Lean no hire", "misses required concept(s)"),  # too short to count as developed: the full cap
    ],
)
def test_one_missed_required_concept_in_a_developed_answer_only_keeps_it_out_of_the_top_band(floor, band, reason):
    rubric = Rubric.model_validate(
        {
            "question": "q",
            "concepts": [*CONCEPTS, {"id": "options", "label": "Options", "phrases": ["options"], "required": True}],
            "bands": [
                {"label": "Strong hire", "min_score": 70},
                {"label": "Hire", "min_score": 50},
                {"label": "Lean no hire", "min_score": 30},
                {"label": "No hire", "min_score": 0},
            ],
            "required_cap": "Lean no hire",
            "matching": {"top_band_min_words": floor},
        }
    )
    top = score_answer(STRONG, rubric)
    assert top.band == band and top.caps[0].kind == "required" and reason in top.caps[0].reason
    middling = score_answer("We start with a canary because a bad build then reaches few users.", rubric)
    assert middling.band in ("Lean no hire", "No hire")


def test_an_answer_too_short_for_the_top_band_is_held_one_band_lower_with_the_reason():
    answer = STRONG
    words = len(answer.split())
    held = score_answer(answer, make(matching={"top_band_min_words": words + 20}))
    assert held.band == "Hire"
    [cap] = [cap for cap in held.caps if cap.kind == "shallow"]
    assert "too short to develop them" in cap.reason
    assert score_answer(answer, make(matching={"top_band_min_words": words - 20})).band == "Strong hire"


# -- structure ---------------------------------------------------------------------------------------

BEHAVIOURAL = {
    "question": "story",
    "concepts": [{"id": "x", "label": "X", "phrases": ["postmortem"]}],
    "structure": {check: {} for check in ("situation", "task", "action", "result", "ownership", "measurable_result")},
}


@pytest.mark.parametrize(
    ("answer", "check", "met"),
    [
        ("I decided to split the migration into three waves.", "ownership", True),
        ("I negotiated a freeze with the two VPs.", "ownership", True),
        ("I got a call from the VP about the outage.", "ownership", False),
        ("I was asked to help with the outage.", "ownership", False),
        ("I helped make sure the plan was in place.", "ownership", False),
        ("I felt they should know, so I decided to raise it.", "ownership", True),
        ("We cut the build time from 3 hours to 40 minutes.", "measurable_result", True),
        ("Incidents dropped by 30% over the quarter.", "measurable_result", True),
        ("The setup took six weeks.", "measurable_result", False),
        ("We had 12 engineers on the project.", "measurable_result", False),
        ("Eventually the team moved on to other work.", "result", False),
        ("As a result the release went out on time.", "result", True),
        # Result: how it ended, said of the work, as a heading, or as a number tied to an outcome.
        ("Results: stuck orders fell below 0.02% within a month.", "result", True),
        ("The migration finished on 18 March and both deals signed.", "result", True),
        ("We closed the deal in November.", "result", True),
        ("Cancelled orders fell from about 6% to under 1%.", "result", True),
        ("We kept everything on one shared path to keep it simple.", "result", False),
        ("The plan was to ship in March.", "result", False),
        ("My task was to get a decision by the end of the quarter.", "result", False),
        ("All 200 teams were off the old API by the end of the quarter.", "result", True),
        # A hope is not an ending: "so that we deliver on time" is said before the work, "we delivered" after.
        ("We would work hard so that we deliver on time and with high quality.", "result", False),
        ("We would work hard so that we deliver on time and with high quality.", "measurable_result", False),
        ("In the end we delivered the migration on time.", "result", True),
        ("The site went live on 12 June.", "result", True),
        ("The new site finished on 12 June.", "result", True),
        ("The site needs to go live in June.", "result", False),
        ("We delivered the migration on time despite the slip.", "measurable_result", True),
        # Situation: where and when, in the ways people open a story.
        ("At a fintech company, we were moving payments to a new provider.", "situation", True),
        ("At my previous employer, a logistics firm, the warehouse system kept failing.", "situation", True),
        ("For a mid-size insurer the claims backlog kept growing.", "situation", True),
        ("At a B2B SaaS company, our identity team was needed by two launches.", "situation", True),
        ("A couple of years ago the billing platform kept failing.", "situation", True),
        ("Last summer the billing platform kept failing.", "situation", True),
        ("A few years back the billing platform kept failing.", "situation", True),
        ("I was coordinating eight teams on a checkout move.", "situation", True),
        ("Go back a few steps and try again.", "situation", False),
        ("As the TPM for payments, I ran the weekly review.", "situation", True),
        ("When I joined, the team had no roadmap.", "situation", True),
        ("For context, there were three teams and one deadline.", "situation", True),
        ("In a way the business was happy with it.", "situation", False),
        ("A company should plan ahead for outages.", "situation", False),
        ("I was a bit worried about the manager.", "situation", False),
        ("Teams should always plan ahead.", "situation", False),
        # Task: what the storyteller had to achieve.
        ("I was the TPM responsible for rolling out the new billing system.", "task", True),
        ("I was the engineer accountable for the cutover.", "task", True),
        ("I was given three months to consolidate two data centres.", "task", True),
        ("We were expected to ship it before the audit.", "task", True),
        ("The deadline was the end of the quarter.", "task", True),
        ("Success meant every merchant on the new API.", "task", True),
        ("It fell to me to get the vendors aligned.", "task", True),
        ("We had 6 weeks to ship the fix.", "task", True),
        ("I was the TPM.", "task", False),
        # Task: the work one answered for, named with its purpose, or the aim and date it was held to.
        ("I was running a project to connect our booking system to a hospital group.", "task", True),
        ("I was the TPM for the ledger migration.", "task", True),
        ("I ran a program to make checkout more dependable.", "task", True),
        ("We had a contract that said it had to go live in late September.", "task", True),
        ("We aimed to take the first reply from nine hours to under four.", "task", True),
        ("The launch had a hard date in October.", "task", True),
        ("I was coordinating a project to move our checkout to a new payments company.", "task", True),
        ("I ran the design reviews every week.", "task", False),
        ("I was coordinating the weekly reviews.", "task", False),
        ("I led the team through a hard quarter.", "task", False),
        ("We had 12 engineers on the project.", "task", False),
        ("The vendors were responsible for the cutover.", "task", False),
        # Ownership: the storyteller's own decisions and actions, however introduced.
        (
            "My role was to keep the program on track, run the design reviews and drive the key decisions.",
            "ownership",
            True,
        ),
        ("My main role was to negotiate the scope with the two VPs.", "ownership", True),
        ("I then decided to split the rollout into waves.", "ownership", True),
        ("The decision was mine, and it was to delay the launch.", "ownership", True),
        ("My role was to help the team run the design reviews.", "ownership", False),
        ("My manager's role was to run the design reviews.", "ownership", False),
        ("Their job was to drive the key decisions.", "ownership", False),
        ("I also helped with the plan.", "ownership", False),
        ("I needed to get the migration done.", "ownership", False),
        ("I was asked to run the design reviews.", "ownership", False),
        ("I was asked to run the design reviews.", "task", True),
        ("I was asked to run the design reviews.", "action", False),
        ("I then decided to split the rollout into waves.", "action", True),
        ("I also helped with the plan.", "action", False),
    ],
)
def test_structure_checks_mean_something(answer, check, met):
    report = score_answer(answer, Rubric.model_validate(BEHAVIOURAL))
    assert next(c for c in report.concepts if c.id == check).hit is met


@pytest.mark.parametrize(
    ("answer", "capped"),
    [
        # A plan in "I would", where a past story was asked for: no situation, action or result.
        (
            "My approach would be to hold a postmortem with the engineers, compare the options in writing, "
            "agree the criteria with stakeholders and document the choice so everyone can revisit it later.",
            True,
        ),
        (
            "Last year we were migrating billing to a new platform. I decided to hold a postmortem after the "
            "first failed cutover, and as a result the second cutover went out on time.",
            False,
        ),
        ("Postmortem.", False),  # too short to judge: other checks speak for it
    ],
)
def test_a_past_experience_question_answered_without_a_story_is_capped(answer, capped):
    report = score_answer(answer, Rubric.model_validate(BEHAVIOURAL))
    assert ("no_story" in [cap.kind for cap in report.caps]) is capped
    if capped:
        story = next(cap for cap in report.caps if cap.kind == "no_story")
        assert report.band in ("Lean no hire", "No hire") and "without a story" in story.reason


# -- follow-ups --------------------------------------------------------------------------------------


def test_a_follow_up_after_a_full_answer_is_a_depth_probe_that_stands_alone():
    main = score_answer(STRONG, RUBRIC)
    assert not [c for c in main.concepts if c.level in ("missed", "rejected")]
    good = score_follow_up(
        "If the error rate crosses one percent, the pipeline rolls back to the previous version within minutes.",
        RUBRIC,
        main,
        "What signal would make you stop the rollout?",
    )
    assert good.kind == "follow_up" and good.probed and good.band in ("Strong hire", "Hire")
    bare = score_follow_up("error rates", RUBRIC, main, "What signal would make you stop the rollout?")
    assert bare.score == 0
    assert main.score == score_answer(STRONG, RUBRIC).score  # the main report is untouched


def test_a_follow_up_after_a_miss_is_graded_on_the_missed_concept_named_by_the_probe():
    main = score_answer("We start with a canary so a bad build reaches few users.", RUBRIC)
    focused = follow_up_rubric(RUBRIC, main, "If it goes wrong, how do you roll back?")
    assert [c.id for c in focused.concepts] == ["rollback"]
    report = score_follow_up(
        "We roll back automatically when the error rate climbs.", RUBRIC, main, "How do you roll back?"
    )
    assert report.probed == ["rollback"] and report.score == 100


# -- rubric fields -----------------------------------------------------------------------------------


def test_not_with_and_sentence_scope():
    rubric = make(
        concepts=[
            {"id": "rollback", "label": "R", "phrases": ["roll back"], "not_with": ["(manual*|by hand)"]},
            {
                "id": "effect",
                "label": "E",
                "phrases": ["fewer customers"],
                "requires": ["rollback"],
                "scope": "sentence",
            },
        ]
    )
    manual = score_answer("We would roll back by hand if needed.", rubric).concepts[0]
    assert manual.level == "missed" and "not counted next to" in manual.note
    together = score_answer("We roll back fast so fewer customers see errors.", rubric)
    assert [c.hit for c in together.concepts] == [True, True]
    apart = score_answer("We roll back fast. Fewer customers is the goal.", rubric)
    assert [c.hit for c in apart.concepts] == [True, False]


RED_FLAG_NOT_WITH = {
    "id": "all-stores",
    "label": "Every store in one night",
    "severity": "critical",
    "phrases": ["(every|all) stores ... (same|one) night"],
    "not_with": ["(pilot|trial) stores"],
}


@pytest.mark.parametrize(
    ("answer", "flagged"),
    [
        ("We switch all stores the same night and hope for the best.", True),
        ("After two weeks of pilot stores we switch all stores the same night.", False),
        # The condition is sentence-scoped: a pilot mentioned elsewhere does not excuse the flag.
        ("We run pilot stores first. Then we switch all stores the same night.", True),
    ],
)
def test_red_flag_not_with_sets_aside_a_match_in_its_sentence(answer, flagged):
    rubric = make(red_flags=[RED_FLAG_NOT_WITH])
    report = score_answer(answer, rubric)
    assert [flag.id for flag in report.red_flags] == (["all-stores"] if flagged else [])
    assert any(cap.kind == "critical_red_flag" for cap in report.caps) is flagged


def test_red_flag_not_with_leaves_the_rubric_hash_of_rubrics_without_it():
    plain = {key: value for key, value in RED_FLAG_NOT_WITH.items() if key != "not_with"}
    dumped = make(red_flags=[plain]).model_dump(mode="json")
    assert "not_with" not in dumped["red_flags"][0]
    assert make(red_flags=[RED_FLAG_NOT_WITH]).model_dump(mode="json")["red_flags"][0]["not_with"]


def test_per_phrase_gap():
    wide = make(concepts=[{"id": "c", "label": "C", "phrases": [{"text": "roll ... back", "gap": 8}]}])
    narrow = make(concepts=[{"id": "c", "label": "C", "phrases": [{"text": "roll ... back", "gap": 1}]}])
    answer = "We roll the whole fleet and every service back."
    assert score_answer(answer, wide).concepts[0].hit
    assert not score_answer(answer, narrow).concepts[0].hit


@pytest.mark.parametrize(
    "extra",
    [
        {"red_flags": [{"id": "r", "label": "R", "phrases": ["x"], "severity": "fatal"}]},
        {"critical_cap": "Nope"},
        {"concepts": [{"id": "c", "label": "C", "phrases": ["x"], "scope": "paragraph"}]},
        {"matching": {"mention_credit": 1.5}},
    ],
)
def test_new_fields_are_validated(extra):
    with pytest.raises(ValidationError):
        make(**extra)


def test_a_follow_up_after_a_report_from_an_older_scorer_uses_hit():
    main = score_answer("We start with a canary so a bad build reaches few users.", RUBRIC)
    old = main.model_copy(
        update={"concepts": [c.model_copy(update={"level": "missed"}) for c in main.concepts]}
    )  # a 1.x report read back: no level stored, so the default
    assert [c.id for c in follow_up_rubric(RUBRIC, old).concepts] == ["staging", "rollback", "monitoring"]


def test_a_stored_report_from_an_older_scorer_reads_back_with_levels():
    from tpm_trainer.models import ScoreReport

    report = score_answer("We start with a canary so a bad build reaches few users.", RUBRIC)
    data = report.model_dump(mode="json")
    for concept in data["concepts"]:
        del concept["level"], concept["credit"], concept["why"]
    read = ScoreReport.model_validate(data)
    assert {c.id: c.level for c in read.concepts} == {
        "canary": "used",
        "staging": "missed",
        "rollback": "missed",
        "monitoring": "missed",
    }


# -- elaboration: explained or only asserted (scorer 2.1) ------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "explained"),
    [
        ("We would run a canary on 2% of the hosts.", True),  # a number
        ("We would run a canary, because a bad build then reaches few users.", True),  # a reason
        ("We would run a canary and widen it if the error rate stays flat.", True),  # a condition
        ("We would run a canary by routing a slice of traffic to the new build.", True),  # a means
        ("We would run a canary, but it costs an extra day per wave.", True),  # a trade-off
        ("We would run a canary. It catches a bad build before customers see it, so the damage stays small.", True),
        ("We would run a canary.", False),
        ("We would run a canary first and then continue.", False),  # sequence words say order, not why
        ("We would run a canary. The team is happy.", False),  # the next sentence does not continue it
    ],
)
def test_a_concept_is_explained_only_where_the_answer_says_how_or_why(answer, explained):
    result = next(c for c in score_answer(answer, RUBRIC).concepts if c.id == "canary")
    assert result.hit
    assert result.explained is explained
    assert ("explained: " in result.why) is explained
    assert ("asserted, not explained" in result.why) is (not explained)


SHALLOW = (
    "We would run a canary release for the new build. We would also use a staging environment. "
    "We would have a rollback plan ready for the release. We would watch the dashboards during the rollout."
)
ELABORATED = (
    "We would run a canary on 2% of the hosts for an hour, because a bad build then reaches few users. "
    "Before that, the build soaks in staging for a day under replayed production traffic. "
    "If the error rate rises above 0.5% we roll back automatically by redeploying the previous image, "
    "so nobody waits for a human at 2 a.m. We would watch the dashboards for latency and errors per wave."
)


@pytest.mark.parametrize(
    ("answer", "matching", "band", "held"),
    [
        (SHALLOW, {}, "Hire", True),  # names all four concepts in full sentences, explains none
        (ELABORATED, {}, "Strong hire", False),  # the same concepts with figures, reasons and conditions
        (SHALLOW, {"elaboration_share": 0}, "Strong hire", False),  # the rubric turns the hold off
        (SHALLOW, {"mention_credit": 1}, "Hire", True),  # full credit for mentions does not lift the hold
    ],
)
def test_an_answer_that_asserts_more_than_it_explains_is_held_below_the_top_band(answer, matching, band, held):
    report = score_answer(answer, make(matching=matching))
    assert report.band == band
    shallow = [cap for cap in report.caps if cap.kind == "shallow"]
    assert bool(shallow) is held
    if held:
        assert report.band_capped
        assert "say how, why, with what effect" in shallow[0].reason
        assert report.score < make().bands[0].min_score  # the score is kept inside the band it is held to


def test_the_hold_needs_four_covered_concepts():
    # An answer on three concepts is judged by coverage alone (a short rubric is a short list).
    report = score_answer(SHALLOW, make(concepts=CONCEPTS[:3]))
    assert report.band == "Strong hire"
    assert not [cap for cap in report.caps if cap.kind == "shallow"]


def test_the_hold_reason_counts_what_is_explained():
    from tpm_trainer.scoring.elaboration import hold_reason

    assert "explains few of them (1 of 4)" in hold_reason(1, 4, (200, 3, 10))
    assert "no number" in hold_reason(4, 4, (60, 0, 2))
    assert hold_reason(4, 4, (60, 1, 2)) == ""  # a figure shows specificity
    assert hold_reason(4, 4, (60, 0, 6)) == ""  # enough reasons, conditions and means
    assert hold_reason(4, 4, (200, 0, 2)) == ""  # a paragraph's worth on each concept
    assert hold_reason(1, 3, (20, 0, 0)) == ""  # too few concepts to judge
    assert hold_reason(1, 4, (60, 0, 0), share=0.2) != ""  # no number and few reasons still holds


@pytest.mark.parametrize(
    ("answer", "capped"),
    [
        (
            "We watch the error rates on dashboards and roll back at once if they rise, because that limits "
            "the damage. There is no need for a canary, and we skip staging entirely.",
            True,
        ),
        (
            "We watch the error rates on dashboards and roll back at once if they rise, because that limits "
            "the damage. There is no need for a canary; staging catches the rest.",
            False,
        ),
    ],
    ids=["two-rejected", "one-rejected"],
)
def test_an_answer_that_rejects_two_practices_is_capped_like_a_critical_red_flag(answer, capped):
    report = score_answer(answer, RUBRIC)
    found = [cap for cap in report.caps if cap.kind == "rejects_practices"]
    assert bool(found) == capped
    if capped:
        assert report.band == RUBRIC.bands[-2].label
        assert "rejects 2 of the practices" in found[0].reason and "`Canary`" in found[0].reason
    levels_found = {c.id: c.level for c in report.concepts}
    assert levels_found["canary"] == "rejected"


@pytest.mark.parametrize(
    ("text", "stray"),
    [
        ("We test it. The canary goes first. If errors rise, we roll back.", 0),
        ("rollout. canary We first the goes test If it errors, The back roll we rise", 3),
        ('We asked IT and legal. Plan A was "The fast path": - The canary first\n- Then the rest', 0),
        ("i write everything in lower case. the canary goes first. we roll back fast.", 0),
    ],
    ids=["prose", "shuffled", "acronyms-quotes-and-bullets", "all-lower-case"],
)
def test_sentence_starters_capitalised_mid_sentence_are_counted(text, stray):
    from tpm_trainer.scoring.nonanswer import _stray_capitals
    from tpm_trainer.scoring.text import tokenize

    assert _stray_capitals(tokenize(text), text) == stray


def test_shuffled_words_are_incoherent_even_with_few_function_word_transitions():
    from tpm_trainer.scoring.nonanswer import incoherent
    from tpm_trainer.scoring.text import tokenize

    # Few "the"/"of" transitions to judge, but sentence starters stranded mid-sentence.
    text = "budget The 40% cloud We saving For migration Our costs 2m reserved If instances savings."
    finding = incoherent(tokenize(text), text)
    assert finding is not None and "title case" not in finding.reason and "start sentences" in finding.reason
    assert incoherent(tokenize(text)) is None  # without the text only the transitions are judged
