"""Built-in structure checks for behavioural answers (situation, task, action, result, ownership,
measurable result), written as phrase lists so they are matched and explained like concepts."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Concept, PhraseSpec, StructureCheck

# Past-tense verbs that do not end in -ed; regular ones are matched by `*ed`.
_I_IRREGULAR = (
    "led|drove|chose|wrote|built|ran|made|took|brought|met|cut|set up|put together|told|found|sat down|"
    "went|spoke|gave|sent|kept|held|began|dug|laid out|won|paid|sold|taught|sought|bought|stood up|drew|"
    "rewrote|broke|split|shut|personally|stepped in|reached out|worked with|pulled|owned|pushed"
)
# "I decided", "I went": the verb right after "I", no word between ("I was asked" is not an action).
_I_ACTED = (
    PhraseSpec(text="I *ed", slack=0, threshold=100),
    PhraseSpec(text=f"I ({_I_IRREGULAR})", slack=0, threshold=100),
)


# "I helped", "I attended": first person, but no decision or action of the candidate's own; a match of
# ownership or action that starts where one of these does is dropped.
_I_WEAK = PhraseSpec(
    text="I (helped|supported|attended|wanted|hoped|tried|liked|loved|felt|seemed|happened|listened|watched|"
    "waited|was|got|think|thought|guess|believe|assisted|participated|joined|needed|wished|expected)",
    slack=0,
    threshold=100,
)

# "My role was to help them run the reviews": a role stated as helping or watching is no ownership; a
# match of ownership that starts where this does is dropped.
_ROLE_WEAK = PhraseSpec(
    text="my (role|job|responsibility|task|part) (was|is) (to|) (help|support|assist|attend|observe|shadow|watch|"
    "listen|learn|take notes|keep notes|be there|be informed|stay informed|follow)",
    slack=0,
    threshold=100,
)

# "I then decided", "I also ran": one adverb between "I" and a past-tense verb of one's own.
_I_ADVERB = "then|also|quickly|immediately|personally|first|finally|deliberately|directly|myself|still|instead"
_I_ACTED_AFTER_ADVERB = PhraseSpec(text=f"I ({_I_ADVERB}) (*ed|{_I_IRREGULAR})", slack=0, threshold=100)
_I_WEAK_AFTER_ADVERB = PhraseSpec(
    text=f"I ({_I_ADVERB}) (helped|supported|attended|wanted|hoped|tried|felt|seemed|happened|listened|watched|"
    "waited|assisted|participated|joined|needed|got)",
    slack=0,
    threshold=100,
)

# Organisations a story is set in ("at a fintech company", "at my previous employer, a logistics firm").
_ORGANISATION = (
    "company|firm|startup|start up|scaleup|scale up|employer|bank|retailer|insurer|agency|consultancy|"
    "organisation|organization|fintech|telco|marketplace|corporation|multinational|enterprise|unicorn|"
    "manufacturer|airline|hospital|publisher|studio|department|division|subsidiary|lab"
)
# Roles a storyteller names for themself ("as the TPM for payments", "I was a senior program manager").
_ROLE = (
    "tpm|technical program manager|technical programme manager|program manager|programme manager|"
    "project manager|delivery manager|delivery lead|product manager|engineering manager|tech lead|pm|"
    "scrum master|architect|engineer|team lead|director|head of"
)
# Pieces of work a storyteller answers for ("I was running a project to ...", "I led the migration").
_WORK = (
    "program|programme|project|migration|launch|relaunch|rollout|effort|workstream|initiative|roadmap|release|"
    "integration|rebuild|re-platform|replatform|upgrade|transition|switchover|cutover|rewrite|overhaul"
)
# Verbs of a decision or action of one's own after "my role was to" ("... run the design reviews").
_OWN_VERB = (
    "own|run|drive|lead|chair|decide|negotiate|define|set|design|plan|write|broker|arbitrate|unblock|"
    "facilitate|coordinate|orchestrate|manage|prioritise|prioritize|triage|escalate|align|make the call|"
    "make the decision|call"
)


# A number tied to an outcome: what changed, by how much or from what to what. A bare duration ("six weeks" of
# setup) or a headcount is not a result.
_MEASURED_OUTCOME = (
    "(reduced|reduce|cut|improved|improve|increased|increase|decreased|decrease|dropped|drop|raised|grew|"
    "saved|save|lowered|shortened|halved|doubled|tripled|sped|recovered|fell|rose|went|came|brought|slipped|"
    "delayed|overran|"
    "reduction|improvement|increase|decrease|drop|saving|savings|gain|uplift) ... (by|to|from) #",
    "from # ... to #",
    "#% (reduction|improvement|increase|decrease|drop|fewer|less|more|faster|lower|higher|cheaper|"
    "better|of|cut|growth|uplift|saving)",
    "(reduced|cut|improved|increased|decreased|dropped|raised|grew|saved|lowered|shortened) ... #%",
    "(doubled|halved|tripled)",
    "# (day|week|month|quarter|sprint|hour|minute) (earlier|ahead|sooner|faster|early|late|later)",
    "(saved|saving|savings|revenue|cost) ... (usd|eur|gbp|dollars|#)",
    "(=delivered|=shipped|=launched|=finished|=landed|went live) ... (ahead of|on) (schedule|time)",
    "# (fewer|less|more) (incidents|defects|bugs|outages|tickets|pages|escalations|complaints)",
)


@dataclass(frozen=True)
class StructureDefinition:
    """One built-in structure check: its label, phrases and default hint and probe."""

    label: str
    phrases: tuple[str | PhraseSpec, ...]
    hint: str
    probe: str
    not_with: tuple[PhraseSpec, ...] = ()


STRUCTURE_DEFINITIONS: dict[str, StructureDefinition] = {
    "situation": StructureDefinition(
        "Situation: sets the scene",
        (
            "at the time",
            "(in|at) my (last|previous|current|former) (role|job|company|team)",
            "when I was",
            "I was (working|leading|managing|running|coordinating|overseeing|heading|driving|the)",
            "(the|our) (situation|context|background) was",
            "# (years|months|weeks) ago",
            "(last|this) (year|quarter)",
            "we were (building|launching|migrating|working|about|running|behind|facing)",
            "(the|a) project (was|had)",
            "(back|early|late) in #",
            # Where: an organisation named by its kind, or the storyteller's own role in it.
            PhraseSpec(text=f"(at|for|within|inside|joined) (a|an|one|my|our) ... ({_ORGANISATION})", gap=4),
            f"(in|at|with) my (old|first|prior|earlier|last|previous|current|former) ({_ORGANISATION}|position)",
            PhraseSpec(text=f"(as|I was) (a|an|the) ... ({_ROLE})", gap=2),
            # When: "a couple of years ago", "last summer", "when I joined", "for context".
            "(year|years|month|months|week|weeks|quarter|quarters) (ago|back)",
            "(last|early|late|that) (spring|summer|autumn|fall|winter|january|february|march|april|june|july|"
            "august|september|october|november|december)",
            "(when|after|before|since|shortly after) I (joined|started|arrived|moved)",
            "I had (just|recently) (joined|started|arrived|moved)",
            "(for|some|quick|bit of) (context|background)",
        ),
        "Open with the situation: where you were, what was at stake, and when.",
        "Can you set the scene - what was the project and what was at stake?",
    ),
    "task": StructureDefinition(
        "Task: what you had to achieve",
        (
            "my (goal|task|job|responsibility|role|mandate|remit) was",
            "I was (asked|responsible|tasked|accountable|brought in)",
            "I (needed|had) to",
            "(the|our) (goal|objective|challenge|task|mission) was",
            "we (needed|had) to",
            "(it|this) was (my|on me)",
            # "I was the TPM responsible for rolling out X", "I was given three months to ...".
            PhraseSpec(text="I was (the|a|an) ... (responsible|accountable|in charge|on the hook|point person)", gap=4),
            "I was (given|handed|assigned|charged|put in charge|expected|supposed|hired|appointed|chosen|picked)",
            "we were (asked|tasked|expected|given|supposed|responsible|accountable|charged)",
            "(the|our|my) (aim|target|brief|ask|deadline|mandate|remit|charter|priority|requirement) was",
            "success (meant|means|was|would mean|looked like|was defined)",
            "(it|this|that|the job|the work|the task) fell (to|on) me",
            "(I|we) had # (days|weeks|months|quarters|sprints) to",
            "I inherited",
            # The work one answered for, named with its purpose: "I was running a project to connect our
            # booking system to a hospital group", "I was the TPM for the ledger migration".
            PhraseSpec(
                text=f"I (was running|ran|was leading|led|owned|drove|was driving|was managing|looked after|"
                f"was looking after|had been running|headed|oversaw|was in charge of|was coordinating|coordinated|"
                f"was overseeing|was heading) (a|an|the|our|my) ... ({_WORK})",
                gap=3,
            ),
            PhraseSpec(text=f"I was (the|a|an|) ... ({_ROLE}) (for|on|of|in charge of|running|leading)", gap=2),
            # The aim or the date it was held to: "we aimed to take the first reply under four hours", "it
            # had to go live in late September", "a hard launch date".
            "(we|I) (aimed|set out|were trying|was trying|were asked|was asked) to",
            "had to (go live|be live|launch|ship|be done|be ready|be finished|be delivered|land|be running)",
            "(hard|fixed|committed|contractual|immovable|public|promised) (date|deadline|go-live|go live|launch date)",
        ),
        "Say what you personally had to achieve and what success meant.",
        "What exactly was your responsibility in that situation?",
    ),
    "action": StructureDefinition(
        "Action: the steps you took",
        (
            *_I_ACTED,
            "(first|then|next|after that|finally) I",
            "so I",
            "my (first|next) step",
            _I_ACTED_AFTER_ADVERB,
        ),
        "Walk through the concrete steps you took, in order.",
        "What did you do first, and then what?",
        (_I_WEAK, _I_WEAK_AFTER_ADVERB),
    ),
    "result": StructureDefinition(
        "Result: how it ended",
        (
            "as a result",
            "in the end",
            "(the|final) (result|outcome) was",
            "(result|resulted|ended) in",
            "ended up",
            # Word for word: "so that we deliver on time" is a hope, "we delivered" an ending.
            "we (=launched|=shipped|=delivered|=reduced|cut|=improved|=saved|hit|met|=recovered|=finished|=released)",
            "(it|this|that) (led|resulted) to",
            "(outcome|impact) was",
            # How it ended, said of the work rather than of "we": "the migration finished on 18 March",
            # "both deals signed", "we closed the deal", "Results: stuck orders fell below 0.02%".
            "(the|final|end|net) (results|outcomes) (were|was)",
            "we (closed|won|completed|landed|signed|went live|retired|got there)",
            "(feature|features|program|programme|project|migration|launch|product|release|rollout|system|work|"
            "deal|deals|contract|switch|switchover|cutover|move|platform|service|app|change|fix|site|website|"
            "store|stores|office|feature set|integration|pilot|upgrade) "
            "(shipped|launched|went live|finished|landed|closed|completed|signed|succeeded|was delivered|"
            "were delivered|was approved|was signed|opened)",
            "(fell|dropped|rose|grew|climbed|shrank|halved|doubled|tripled) (to|by|from|below|under|above|over)",
            "(since then|from then on|to this day)",
            # An ending by a date, said of the work ("all 200 teams were off the old API by the end of the
            # quarter"); a bare date is often the task's ("my task was to decide by the end of the quarter").
            PhraseSpec(
                text="(done|finished|live|shipped|launched|delivered|complete|completed|migrated|signed|closed|"
                "off|over|in place|running|approved|agreed|rolled out|retired|fixed|resolved) ... "
                "by the end of (the|that) (year|quarter|month|week)",
                gap=6,
            ),
            *_MEASURED_OUTCOME,  # a number tied to an outcome is a result too
        ),
        "Finish with the result: what changed because of what you did.",
        "How did it turn out in the end?",
    ),
    "ownership": StructureDefinition(
        "Ownership: your own role, not only 'we'",
        (
            *_I_ACTED,
            "my (decision|call|idea|proposal|recommendation|responsibility)",
            "I personally",
            "I took (ownership|responsibility|the lead)",
            _I_ACTED_AFTER_ADVERB,
            # "My role was to own the schedule, run the design reviews and drive the key decisions".
            # Slack 0: "my manager's role was to run ..." is someone else's.
            PhraseSpec(
                text=f"my (main|own|actual|real|whole|) (role|job|responsibility|task|part) (was|is) to ... ({_OWN_VERB})",
                slack=0,
                gap=6,
            ),
            "(the|that|this|final) (call|decision) was (mine|my own)",
        ),
        "Say what *you* did: 'I decided', 'I led' - not only what 'we' did.",
        "What was your personal contribution, as opposed to the team's?",
        (_I_WEAK, _I_WEAK_AFTER_ADVERB, _ROLE_WEAK),
    ),
    "measurable_result": StructureDefinition(
        "Measurable result: a number tied to an outcome",
        _MEASURED_OUTCOME,
        "Quantify the result: what changed and by how much (cut from 3 hours to 40 minutes, 20% fewer incidents).",
        "How did you measure the result? Do you have a number?",
    ),
}


def structure_concepts(enabled: list[tuple[str, StructureCheck]]) -> list[tuple[str, Concept]]:
    """Concept objects for the enabled structure checks, with rubric overrides of hint and probe."""
    concepts: list[tuple[str, Concept]] = []
    for name, check in enabled:
        definition = STRUCTURE_DEFINITIONS[name]
        concepts.append(
            (
                name,
                Concept(
                    id=name,
                    label=definition.label,
                    phrases=list(definition.phrases),
                    weight=check.weight,
                    required=check.required,
                    hint=check.hint or definition.hint,
                    probe=check.probe or definition.probe,
                    threshold=95,
                    negation=False,
                    not_with=list(definition.not_with),
                ),
            )
        )
    return concepts
