"""Stance: whether the answer negates, dismisses or (for a red flag) criticises what a phrase matched.

A rejected match earns nothing. The checks read only the tokens around the match, each within a fixed
window, so their cost per match is bounded; verdicts are cached per match.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cached_property, lru_cache
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from .text import CLAUSE_WORDS, Token
from .wordclasses import AUXILIARIES, SUBJECT_PRONOUNS

if TYPE_CHECKING:
    from .match import Match

NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "without",
        "nor",
        "neither",
        "none",
        "nobody",
        "nothing",
        "cannot",
        "cant",
        "dont",
        "doesnt",
        "didnt",
        "wont",
        "wouldnt",
        "shouldnt",
        "couldnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "havent",
        "hasnt",
        "hadnt",
        "skip",
        "skipped",
        "avoid",
        "avoided",
        "avoiding",
        "lack",
        "lacked",
        "lacking",
        "forgot",
        "forget",
        "ignore",
        "ignored",
        "ignoring",
    ]
)
NEGATING_PAIRS = frozenset(
    {
        ("instead", "of"),
        ("rather", "than"),
        ("no", "need"),
        ("lack", "of"),
        ("free", "of"),
        ("in", "place"),
        ("away", "from"),
        ("get", "rid"),
        ("do", "away"),
        ("not", "needed"),
    }
)
NOT_NEGATING_PAIRS = frozenset(
    {("not", "only"), ("not", "just"), ("no", "matter"), ("no", "doubt"), ("not", "until"), ("never", "mind")}
)
# Words after a negator that do not use up the negation window: "I don't see the need for a canary",
# "no need to bother with staging", "don't bother with a rollback plan".
NEGATION_FILLERS = frozenset(
    [
        "the",
        "a",
        "an",
        "any",
        "for",
        "to",
        "with",
        "need",
        "see",
        "bother",
        "really",
        "much",
        "of",
        "point",
        "in",
        "doing",
        "do",
        "have",
        "having",
        "use",
        "using",
        "worry",
        "about",
        "extra",
        "separate",
        "whole",
        "think",
        "we",
        "i",
        "need",
        "needs",
        "spend",
        "time",
        "on",
    ]
)
# Everyday negators that also count: "skipping staging", "forgo a rollback plan".
NEGATORS = NEGATORS | frozenset(
    ["skipping", "skips", "forgo", "forgoing", "bypass", "bypassing", "neglect", "omit", "omitting", "dispense"]
)
# A refusal turns down the verb after it: "I refused to ask the team to do both on overtime" (not "I'll
# decline, send someone else": declining a meeting is the practice itself).
NEGATING_PAIRS = NEGATING_PAIRS | frozenset(
    (verb, "to")
    for verb in ("refuse", "refused", "refuses", "refusing", "decline", "declined", "declines", "declining")
)
# Words that end a dismissal's reach backwards over a list: a new clause of its own starts there.
POST_STOPS = frozenset(
    [
        "before",
        "until",
        "after",
        "once",
        "which",
        "that",
        "so",
        "because",
        "since",
        "means",
        "while",
        "when",
        "if",
        "unless",
        "than",
        "where",
        "as",
        "who",
        "whom",
        "whose",
        "why",
        "whether",
        "how",
        "what",
    ]
)
# Dismissals that follow what they dismiss: "staging, canaries, rollback - none of that is needed",
# "a canary isn't worth it", "rollback plans are overkill".
POST_DISMISSALS = frozenset(
    [
        "unnecessary",
        "overkill",
        "pointless",
        "needless",
        "optional",
        "overrated",
        "overhead",
        "waste",
        "skip",
        "skipped",
        "skippable",
    ]
)
# Scorn for process, a dismissal only as a verdict right after "is", "just" and the like: "weighting
# criteria is just bureaucracy", "an ADR is paperwork" (not "keeps the release from becoming theatre").
SCORN_WORDS = frozenset(["bureaucracy", "bureaucratic", "paperwork", "busywork", "formality", "theatre", "theater"])
VERDICT_LEADS = frozenset(["is", "are", "was", "were", "just", "pure", "mere", "merely", "only", "mostly", "a", "all"])
SKIP_VERBS = frozenset(["skip", "skipped"])
"""Dismissals that take an object: they dismiss what came before only when their object points back to
it ("I'd skip all that", "skip it") or they have none ("... we can skip")."""
BACK_REFERENCES = frozenset(["it", "that", "this", "them", "those", "these", "all", "everything", "both"])


def _refers_back(tokens: list[Token], position: int, clause: int) -> bool:
    """Whether the word at `position` (after a skip verb) points back to what came before, or the
    clause ends there."""
    return position >= len(tokens) or tokens[position].clause != clause or tokens[position].norm in BACK_REFERENCES


# Criticism that follows an anti-pattern ("hiding a slip only makes it worse", "a big bang is too risky"):
# it sets a red flag aside. Concepts do not use it: "a canary catches a bad build early" praises the canary.
POST_CRITIQUES = frozenset(
    [
        "worse",
        "mistake",
        "wrong",
        "risky",
        "dangerous",
        "reckless",
        "bad",
        "antipattern",
        "backfire",
        "backfires",
        "erodes",
        "destroys",
        "harmful",
        "burns",
        "hurts",
        "kills",
        "fails",
        "mistakes",
        "defensive",
        "counterproductive",
        "undermines",
        "demoralising",
        "demoralizing",
        "demotivating",
        "resentment",
        "burnout",
        "toxic",
        "backfired",
        "resort",
    ]
)
# Criticism that names an anti-pattern before it: "the classic mistake is ...", "a common trap: ...".
PRE_CRITIQUES = frozenset(["mistake", "mistakes", "antipattern", "trap", "traps", "pitfall", "pitfalls", "worst"])
# Heads of a critique noun phrase that a relative clause follows: "the worst thing I could do is ...".
CRITIQUE_HEADS = frozenset(["thing", "things", "idea", "move"])
CRITIQUE_HEAD_LEADS = PRE_CRITIQUES | {"last"}
"""Words before a critique head: "the worst thing", "the last thing"."""
WANTING_VERBS = frozenset(
    [
        "wanted",
        "wants",
        "proposed",
        "proposes",
        "suggested",
        "suggests",
        "pushed",
        "pushes",
        "preferred",
        "prefers",
        "favoured",
        "favored",
        "argued",
        "argues",
        "insisted",
        "insists",
        "demanded",
        "demands",
        "lobbied",
        "advocated",
        "requested",
    ]
)
"""Verbs that report a position: a red flag after them is someone's proposal, not (yet) what was done."""
WANTED_REACH = 8
"""Most words between such a verb and the red flag it reports."""
OTHERS = frozenset(["someone", "somebody", "others", "anyone", "anybody"])
"""Subjects that make a red flag another's act, not the candidate's advice: "refusing just means someone else
invents a date", "otherwise others blame the team"."""
OTHERS_FOLLOWERS = frozenset(
    ["else", "will", "would", "might", "may", "could", "can", "just", "then", "ends", "end", "up"]
)
"""Words between such a subject and the red flag: "someone else will", "somebody just ends up"."""
# Verbs that keep what follows from happening: "rough numbers stop the loudest stakeholder winning".
PREVENTERS = frozenset(
    ["stop", "stops", "stopped", "stopping", "prevent", "prevents", "prevented", "preventing", "discourages"]
)
PREVENT_REACH = 3
"""Most words between a preventing verb and the red flag it sets aside, in one clause."""
UNBOUNDED = frozenset(["forever", "indefinitely", "endlessly", "infinitely", "blindly"])
"""Words after a practice that make a negation turn down only its excess: "rather than retrying forever",
"don't cache indefinitely", "never roll forward blindly" keep the practice, bounded."""
UNBOUNDED_REACH = 2
"""Most words between the end of a match and the word that bounds it, in one clause."""
# Comparisons that set what follows aside: "unlike a big bang", "as opposed to", "safer than".
CLAUSE_CONTRASTS = frozenset({("instead", "of"), ("rather", "than"), ("opposed", "to")})
POST_NEGATED_WORDS = frozenset(
    [
        "needed",
        "necessary",
        "required",
        "worth",
        "useful",
        "important",
        "helpful",
        "needs",
        "need",
        "matter",
        "matters",
        "bother",
        "bothering",
        "essential",
        "worthwhile",
        "sense",
    ]
)
VERB_PHRASE_LEADS = frozenset(["just", "simply", "instead", "immediately", "quietly", "straight"])
"""Adverbs that open an action, not a list item, after a comma: "we don't panic anyone, and just add more
servers" adds them."""
LIST_ITEM_WORDS = frozenset(["and", "or", "nor", "a", "an", "the", "any", "no", "nor", "even"])
POST_WINDOW = 14  # most words between a dismissed phrase and its dismissal
LIST_REACH = 60  # most words between a listed item and an anaphoric dismissal ("none of that")
ANAPHORIC_DISMISSERS = frozenset(["skip", "drop", "forget", "ignore", "scrap", "bin", "avoid"])
LEAVE_VERBS = frozenset(["leave", "leaving", "left"])
"""Verbs that dismiss what came before only with "out": "I'd leave them out"."""
ANAPHORS = frozenset(["all", "them", "it", "that", "those", "these", "everything"])

NEGATION_WINDOW = 4
SUBJECT_NEGATION_WINDOW = 9
"""Reach of a negated first-person main verb over its own clause: "I wouldn't spend time digging into
what the pain points are", "I also wouldn't bother laying out alternatives"."""
SCOPE_BREAKERS = frozenset(["until", "till", "before", "unless", "once", "after", "than"])
"""Words that open a condition or comparison: a negation before one does not reach what follows it."""
COORDINATORS = frozenset(["and", "but", "then", "so", "yet"])
"""Words that join a second verb phrase: a negation before one does not govern the phrase after it."""
FIRST_PERSON = frozenset(["i", "we", "i'd", "we'd", "i'll", "we'll", "i'm", "we're"])
LIST_JOINERS = frozenset({"or", "nor"})
SUBJECTS = frozenset(
    [
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "i'd",
        "we'd",
        "you'd",
        "they'd",
        "i'll",
        "we'll",
        "you'll",
        "they'll",
        "i'm",
        "we're",
        "they're",
    ]
)
CONDITIONALS = frozenset({"if", "unless", "when", "whenever", "once"})


_NORM = itemgetter(0)
_CLAUSE = itemgetter(4)
_SENTENCE = itemgetter(6)
_SUBJECTS_OR_AUXILIARIES = SUBJECT_PRONOUNS | AUXILIARIES
_CLAUSE_CONTRAST_WORDS = frozenset({"without", "unlike", "than"} | {first for first, _ in CLAUSE_CONTRASTS})


def _negates_alone(norm: str) -> bool:
    """Whether a word is a negation `_find_negation` could stop at whatever follows it ("not", "skip",
    "won't"; exceptions such as "not only" aside); the negating pairs ("instead of") are read apart."""
    return norm.replace("'", "") in NEGATORS or norm.endswith("n't")


_PAIR_OPENERS = frozenset(first for first, _ in NEGATING_PAIRS)
"""First words of the negating pairs: only these need the following word to be read."""


@lru_cache(maxsize=65536)
def _may_dismiss(norm: str) -> bool:
    """Whether a word after a match could dismiss or criticise it (`_dismissed_after` decides)."""
    word = norm.replace("'", "")
    return (
        word in POST_DISMISSALS
        or word in POST_CRITIQUES
        or word in SCORN_WORDS
        or word in ("not", "no", "never")
        or norm.endswith("n't")
    )


def _places(norms: list[str]) -> dict[str, list[int]]:
    """Each word of `norms` with its positions, in order."""
    places: dict[str, list[int]] = defaultdict(list)
    for index, norm in enumerate(norms):
        places[norm].append(index)
    return places


def _in_order(places: Mapping[str, list[int]], words: Iterable[str]) -> list[int]:
    """The positions of `words` (each a key of `places`), in order."""
    return sorted(chain.from_iterable(map(places.__getitem__, words)))


class _Marks:
    """Where in one answer the words the stance checks stop at are (positions in order), so that a check
    whose window holds none of them is answered by bisection instead of a scan."""

    def __init__(
        self, norms: list[str], clauses: list[int], sentences: list[int], places: Mapping[str, list[int]]
    ) -> None:
        """`places`: each distinct word with its positions in order (numbers may be left out: no word the
        checks stop at is a number); each distinct word is classified once, not each token."""
        self.clauses = clauses
        self.sentences = sentences
        distinct = places.keys()
        last = len(norms) - 1
        negations = _in_order(places, filter(_negates_alone, distinct))
        paired = [
            index
            for index in _in_order(places, [norm for norm in distinct if norm.replace("'", "") in _PAIR_OPENERS])
            if index < last
            and (norms[index].replace("'", ""), norms[index + 1]) in NEGATING_PAIRS
            and not _negates_alone(norms[index])
        ]
        self.negations = sorted(negations + paired) if paired else negations
        self.dismissals = _in_order(places, filter(_may_dismiss, distinct))
        self.contrasts = _in_order(places, distinct & _CLAUSE_CONTRAST_WORDS)
        self.subjects = _in_order(places, distinct & _SUBJECTS_OR_AUXILIARIES)
        self.none_of = [
            index
            for index in _in_order(places, distinct & {"none", "neither"})
            if index < last and norms[index + 1] == "of"
        ]


def _any_in(positions: list[int], low: int, high: int) -> bool:
    """Whether any of the ordered `positions` lies in [low, high)."""
    place = bisect_left(positions, low)
    return place < len(positions) and positions[place] < high


class Stance:
    """Stance verdicts for one answer's tokens (one per scoring call)."""

    def __init__(
        self,
        tokens: list[Token],
        text: str,
        columns: tuple[list[str], list[int], list[int]] | None = None,
        places: Mapping[str, list[int]] | None = None,
    ) -> None:
        """`columns`: the tokens' words, clauses and sentences, and `places`: each word with its positions
        in order (numbers may be left out), when the caller has them already."""
        self.tokens = tokens
        self.text = text
        self._places = places
        self._negated: dict[int, bool] = {}
        self._rejected: dict[tuple[int, int, bool], bool] = {}
        self._columns = columns

    @cached_property
    def _marks(self) -> _Marks:
        """Built on first use (an answer with no match needs none), then read as a plain attribute."""
        columns = self._columns or (
            list(map(_NORM, self.tokens)),
            list(map(_CLAUSE, self.tokens)),
            list(map(_SENTENCE, self.tokens)),
        )
        return _Marks(*columns, self._places if self._places is not None else _places(columns[0]))

    def is_negated(self, first_position: int) -> bool:
        """Whether a negation before it governs the token at `first_position` (computed once)."""
        negated = self._negated.get(first_position)
        if negated is None:
            negated = self._negated[first_position] = self._find_negation(first_position)
        return negated

    def is_rejected(self, match: Match, critique: bool = False) -> bool:
        """Whether the answer negates or dismisses `match`: a negation before it (over a list, fillers
        such as "I don't see the need for" aside), inside its gaps ("roll out, but not in waves"), or a
        dismissal after it ("staging, canaries, rollback - none of that is needed"). With `critique` (red
        flags), criticism counts too: "unlike a big bang", "safer than a big bang", "... is too risky"."""
        positions = match.positions  # read once: `first` and `last` are Python properties
        key = (positions[0], positions[-1], critique)
        known = self._rejected.get(key)
        if known is None:
            known = self._rejected[key] = self._find_rejection(match, critique)
        return known

    def _find_rejection(self, match: Match, critique: bool) -> bool:
        positions = match.positions
        first, last = positions[0], positions[-1]
        if not critique and self._bounded_after(last):
            return False  # "rather than retrying forever": the excess is turned down, not the practice
        if self.is_negated(first):
            return True
        if last - first >= len(positions) and _any_in(self._marks.negations, first + 1, last):
            # Words in the match's gaps, one of them possibly a negation ("roll out, but not in waves").
            tokens = self.tokens
            inside = set(positions)
            for index in range(first + 1, last):
                if index not in inside and _is_negator(tokens[index].norm):
                    return True
        return (
            self._dismissed_after(last, critique)
            or self._anaphoric_dismissal(first, last)
            or self._clause_negated(first, critique)
            or (
                critique
                and (self._criticised_before(first) or self._wanted_by_others(first) or self._done_by_others(first))
            )
        )

    def _done_by_others(self, first: int) -> bool:
        """Whether the red flag's subject, just before it in its clause, is someone other than the candidate
        ("someone else invents a date"): a consequence described, not advice given."""
        tokens = self.tokens
        clause = tokens[first].clause
        for index in range(first - 1, max(-1, first - 7), -1):
            token = tokens[index]
            if token.clause != clause:
                return False
            if token.norm in OTHERS:
                return True
            if token.norm not in OTHERS_FOLLOWERS:
                return False
        return False

    def _bounded_after(self, last: int) -> bool:
        """Whether a word such as "forever" follows the match closely, in its clause (see UNBOUNDED)."""
        tokens = self.tokens
        clause = tokens[last].clause
        for index in range(last + 1, min(last + 1 + UNBOUNDED_REACH, len(tokens))):
            if tokens[index].clause != clause:
                return False
            if tokens[index].norm in UNBOUNDED:
                return True
        return False

    def _criticised_before(self, first: int) -> bool:
        """Whether the sentence names the red flag as a mistake before it ("the usual mistake is writing
        them as vague wishes, such as 'it must be fast'"), with no subject of its own in between (but for a
        relative clause of the critique: "the worst thing I could do is ..."), or a verb just before it keeps
        it from happening ("stops the loudest stakeholder winning")."""
        tokens = self.tokens
        sentence = tokens[first].sentence
        clause = tokens[first].clause
        start = bisect_left(self._marks.sentences, sentence)
        if (
            start + 1 < first
            and tokens[start].norm == "what"
            and tokens[start + 1].norm in SUBJECTS
            and self._refusing_cleft(start + 1)
        ):
            return True  # "What I would not do is launch ..., or rush it without a security review."
        for index in range(first - 1, max(-1, first - 20), -1):
            token = tokens[index]
            if token.sentence != sentence:
                return False
            if token.norm in PREVENTERS and token.clause == clause and first - index <= PREVENT_REACH:
                return True
            if token.norm in SUBJECTS:
                return self._critique_relative(index)
            if token.norm in PRE_CRITIQUES:
                return True
        return False

    def _wanted_by_others(self, first: int) -> bool:
        """Whether the red flag is what someone else wanted, earlier in its sentence, and no "I" or "we"
        wanted it: "Payments engineering wanted a big-bang cutover", "sales pushed to ship it anyway" report
        another side's position, as stories of a disagreement do; "we wanted a big bang" is the candidate's."""
        tokens = self.tokens
        sentence = tokens[first].sentence
        for index in range(first - 1, max(-1, first - WANTED_REACH), -1):
            token = tokens[index]
            if token.sentence != sentence or token.norm in FIRST_PERSON:
                return False
            if token.norm in WANTING_VERBS:
                # The one who wanted it: the words before the verb, back to the sentence's start.
                start = bisect_left(self._marks.sentences, sentence)
                return not any(tokens[other].norm in FIRST_PERSON for other in range(start, index))
        return False

    def _critique_relative(self, subject: int) -> bool:
        """Whether the subject at `subject` opens a relative clause of a critique: "the worst thing I could
        do is ...", "the mistake we made was ...", "the last thing you want is ..."."""
        tokens = self.tokens
        head = tokens[subject - 1].norm if subject >= 1 else ""
        if head in PRE_CRITIQUES:
            return True
        if head == "what":
            return self._refusing_cleft(subject)
        return head in CRITIQUE_HEADS and subject >= 2 and tokens[subject - 2].norm in CRITIQUE_HEAD_LEADS

    def _refusing_cleft(self, subject: int) -> bool:
        """Whether "what" + the subject at `subject` opens a refusal: "what I would not do is ...", "what
        we'd avoid is ..." (a negation or "avoid" before the "is" that closes the clause, within five words)."""
        tokens = self.tokens
        for index in range(subject + 1, min(subject + 6, len(tokens))):
            norm = tokens[index].norm
            if norm in ("is", "was"):
                return False
            if _is_negator(norm) or norm in ("avoid", "avoided"):
                return True
        return False

    def _clause_negated(self, first: int, critique: bool = False) -> bool:
        """Whether "rather than", "instead of", "as opposed to", "unlike" or "without" comes before the
        match in its clause (and, for a red flag, a comparison: "safer than a big bang")."""
        if not _any_in(self._marks.contrasts, max(0, first - 15), first):
            return False  # none of the words it stops at with a verdict of True in reach
        tokens = self.tokens
        clause = tokens[first].clause
        for index in range(first - 1, max(-1, first - 16), -1):
            token = tokens[index]
            if token.clause != clause or token.norm in SUBJECTS:
                return False
            if token.norm in ("without", "unlike") or (critique and token.norm == "than"):
                # Two negations cancel: "not without a plan", "I wouldn't launch without a rollback plan".
                return not ((index > 0 and _is_negator(tokens[index - 1].norm)) or self._negated_before(index))
            if index + 1 < first and (token.norm, tokens[index + 1].norm) in CLAUSE_CONTRASTS:
                return True
        return False

    def _find_negation(self, first_position: int) -> bool:
        """Whether a negation governs the token at `first_position`.

        A negation counts when it comes at most `NEGATION_WINDOW` words earlier in the same clause
        (filler words such as "the need for" do not count towards the window). The window stretches over
        a list joined by "or"/"nor" or by commas ("we skip staging, canaries or rollback"), and a
        negation inside an if-clause does not reach past the subject of the main clause ("if they can't
        agree I'd escalate": escalating is not negated).
        """
        marks = self._marks
        clause = marks.clauses[first_position]
        # The scan crosses at most four clause boundaries backwards: without a negation in those clauses
        # before the match, there is none to find.
        if not _any_in(marks.negations, bisect_left(marks.clauses, clause - 4), first_position):
            return False
        tokens = self.tokens
        window = NEGATION_WINDOW
        new_subject = False
        index = first_position - 1
        steps = 0
        crossings = 0
        list_item = True
        joined = False
        scanned_in_clause = 0
        scope_broken = False
        while index >= 0 and steps < max(window, SUBJECT_NEGATION_WINDOW):
            token = tokens[index]
            if steps >= window and (token.clause != clause or crossings):
                return False  # the longer reach is for the clause's own main verb only
            if token.clause != clause:
                # Cross a comma into the clause before only from a short list item ("staging, canaries").
                item_first = tokens[index + 1]
                if (
                    crossings >= 4
                    or not (list_item if crossings == 0 else scanned_in_clause <= 3)
                    or new_subject
                    or token.sentence != item_first.sentence
                    or item_first.norm in CLAUSE_WORDS
                    or token.clause != clause - 1
                    or (crossings == 0 and _opens_verb_phrase(tokens, index + 1, first_position))
                    or (crossings == 0 and _has_own_verb(tokens, first_position))
                ):
                    return False
                crossings += 1
                clause = token.clause
                window += NEGATION_WINDOW
                scanned_in_clause = 0
            scanned_in_clause += 1
            word = token.norm.replace("'", "")
            if word in LIST_JOINERS and crossings == 0:
                joined = True
            elif (
                token.clause == clause and token.norm not in LIST_ITEM_WORDS and not (joined and scanned_in_clause <= 4)
            ):
                # A clause with its own words before the match is not a bare list item, unless they are
                # the short item before an "or" ("without staging, canaries or rollback").
                list_item = False
            following = tokens[index + 1].norm if index + 1 < len(tokens) else ""
            if word in LIST_JOINERS and window < 3 * NEGATION_WINDOW:
                window += NEGATION_WINDOW
            if token.norm in SUBJECTS:
                new_subject = True
            negates = False
            if (word, following) in NOT_NEGATING_PAIRS or self.text[token.end : token.end + 1] == "-":
                negates = False  # "not only"; a compound such as "no-go" or "non-blocking"
            elif word in NEGATORS or token.norm.endswith("n't") or (word, following) in NEGATING_PAIRS:
                negates = True
            if (
                negates
                and crossings
                and ((word, following) in CLAUSE_CONTRASTS or word in ("without", "unlike"))
                and (index == 0 or tokens[index - 1].sentence != token.sentence)
            ):
                # A contrast that opens the sentence governs its own clause only: "Instead of saying
                # fast, spell out how fast" - the clause after the comma is the main clause, stated
                # positively ("we do it without staging, canaries or rollback" stays a negated list).
                return False
            if negates and steps >= window and not self._negates_own_verb(index):
                return False
            if negates and scope_broken:
                return False  # "we don't ship until the canary is healthy": the canary is the condition
            if negates and word == "without" and self._negated_before(index):
                return False  # "I wouldn't launch without a rollback plan": two negations cancel
            if negates:
                # Two negations cancel: "we never skip staging", "not without a rollback plan".
                if index > 0 and _is_negator(tokens[index - 1].norm):
                    return False
                # A negation inside a condition states a risk, not a stance: "if we don't have a rollback
                # plan we're exposed"; "if they can't agree I'd escalate" (nor does it reach the main clause).
                return not self._in_condition(index)
            if word in SCOPE_BREAKERS:
                scope_broken = True
            index -= 1
            if word not in NEGATION_FILLERS:
                steps += 1
        return False

    def _negated_before(self, index: int) -> bool:
        """Whether a verb negation comes earlier in the clause of the word at `index`."""
        tokens = self.tokens
        clause = tokens[index].clause
        for other in range(index - 1, max(-1, index - 1 - SUBJECT_NEGATION_WINDOW), -1):
            norm = tokens[other].norm
            if tokens[other].clause != clause or norm in COORDINATORS:
                return False  # "we didn't test it and shipped without a canary": a verb of its own
            if (
                norm.endswith("n't")
                or norm in ("not", "never", "nobody")
                or (norm, tokens[other + 1].norm) == ("no", "one")
            ):
                return True
        return False

    def _negates_own_verb(self, index: int) -> bool:
        """Whether the negator at `index` negates a first-person main verb ("I wouldn't", "we'd never",
        "I won't"): everything that verb governs in its clause is negated, however far."""
        tokens = self.tokens
        word = tokens[index].norm
        if not (word.endswith("n't") or word in ("not", "never")):
            return False
        before = [
            tokens[other].norm
            for other in range(max(0, index - 2), index)
            if tokens[other].clause == tokens[index].clause
        ]
        return any(norm in FIRST_PERSON for norm in before)

    def _dismissed_after(self, last: int, critique: bool = False) -> bool:
        """Whether a dismissal follows the match ending at `last` in its sentence, with no subject of its
        own in between: "canaries aren't worth it", "meeting each VP separately isn't worth it",
        "staging, canaries, rollback - none of that is needed", "a sanity pass, a check - I'd skip all that"."""
        tokens = self.tokens
        end = min(len(tokens), last + 1 + POST_WINDOW)
        if not _any_in(self._marks.dismissals, last + 1, end):
            return False  # nothing in reach that could dismiss it
        sentence = tokens[last].sentence
        for index in range(last + 1, end):
            token = tokens[index]
            if token.sentence != sentence:
                return False
            word = token.norm.replace("'", "")
            if word in POST_STOPS or word in CLAUSE_WORDS or token.norm in SUBJECTS:
                return False
            if word in SKIP_VERBS and not _refers_back(tokens, index + 1, token.clause):
                return False  # "... and skip the testing": skipping something else, not the match
            if word in POST_DISMISSALS or (critique and word in POST_CRITIQUES):
                return True
            if word in SCORN_WORDS and tokens[index - 1].norm in VERDICT_LEADS:
                return True
            hedge = tokens[index - 1].norm == "or"  # "would or wouldn't be worth it" weighs both sides
            if (
                (word in ("not", "no", "never") or token.norm.endswith("n't"))
                and not hedge
                and any(
                    tokens[other].norm in POST_NEGATED_WORDS for other in range(index + 1, min(index + 3, len(tokens)))
                )
            ):
                return True
        return False

    def _anaphoric_dismissal(self, first: int, last: int) -> bool:
        """Whether a list fronted at the start of its sentence (no subject or auxiliary before the match)
        is dismissed as a whole later in the sentence: "... - none of that is necessary", "... - I'd skip
        all that", "... - I don't see the need for any of it", "Talking to the engineers? No need."
        A subject or auxiliary after the match ends the list: the clause it opens must be the dismissal."""
        tokens = self.tokens
        marks = self._marks
        sentences, subjects = marks.sentences, marks.subjects
        sentence = sentences[last]
        opening = max(first - LIST_REACH + 1, bisect_left(sentences, sentence))
        if _any_in(subjects, opening, first):
            return False  # the match is in a clause of its own, not a fronted list
        # After the match, only three things can decide (whichever comes first within reach): the end of
        # the sentence, "none of" / "neither of", or a subject or auxiliary opening a clause.
        ends = bisect_right(sentences, sentence)
        place = bisect_right(subjects, last)
        subject = subjects[place] if place < len(subjects) else len(tokens)
        place = bisect_right(marks.none_of, last)
        none_of = marks.none_of[place] if place < len(marks.none_of) else len(tokens)
        index = min(ends, subject, none_of)
        if index < len(tokens) and index - last <= LIST_REACH:
            token = tokens[index]
            if index == ends:
                # A rhetorical question answered by a dismissal: "Talking to each engineer? No need."
                asked = self.text[tokens[index - 1].end : token.start].strip().startswith("?")
                ahead = [tokens[other].norm for other in range(index, min(index + 3, len(tokens)))]
                if not asked or not ahead:
                    return False
                if ahead[0] in ("no", "nope", "skip", "unnecessary", "overkill", "pointless"):
                    return True
                return ahead[0] == "not" and any(word in POST_NEGATED_WORDS for word in ahead[1:])
            if index == none_of:
                return True
            return self._dismissing_clause(index)
        return False

    def _dismissing_clause(self, start: int) -> bool:
        """Whether the clause opening at `start` dismisses what came before it: "I'd skip all that", "we can
        skip all of it", "I wouldn't bother with those", "I don't see the need for any of it"."""
        tokens = self.tokens
        clause = tokens[start].clause
        words = [t.norm for t in tokens[start : start + 9] if t.clause == clause]
        for position, word in enumerate(words):
            rest = words[position + 1 : position + 4]
            if word in ANAPHORIC_DISMISSERS and any(other in ANAPHORS for other in rest):
                return True
            if word in LEAVE_VERBS and "out" in rest and any(other in ANAPHORS for other in rest):
                return True  # "I'd leave them out of the scorecard" ("leave it running" keeps it)
            if _is_negator(word) and any(other in POST_NEGATED_WORDS for other in words[position + 1 : position + 5]):
                return True
        return False

    def _in_condition(self, position: int) -> bool:
        """Whether `position` lies inside an if/unless/when clause: a conditional word comes before it in
        its clause with at most one subject in between ("if it fails we won't" has two: the main clause)."""
        tokens = self.tokens
        clause = tokens[position].clause
        subjects = 0
        for index in range(position - 1, max(position - 12, 0) - 1, -1):
            if tokens[index].clause != clause:
                return False
            if tokens[index].norm in SUBJECT_PRONOUNS:
                subjects += 1
                if subjects > 1:
                    return False
            if tokens[index].norm in CONDITIONALS:
                return True
        return False


def _opens_verb_phrase(tokens: list[Token], start: int, first_position: int) -> bool:
    """Whether the words from `start` to the match's first word open a new verb phrase rather than a list
    item ("..., and just add more servers"): a negated list carries over commas, a new action does not."""
    return any(tokens[index].norm in VERB_PHRASE_LEADS for index in range(start, first_position + 1))


OWN_VERBS = AUXILIARIES | frozenset(
    [
        "become",
        "becomes",
        "became",
        "get",
        "gets",
        "got",
        "go",
        "goes",
        "went",
        "stay",
        "stays",
        "stayed",
        "look",
        "looks",
        "seem",
        "seems",
        "show",
        "shows",
        "turn",
        "turns",
        "grow",
        "grows",
        "fall",
        "falls",
        "rise",
        "rises",
        "come",
        "comes",
        "happen",
        "happens",
    ]
)
"""Verbs that, right after a word or two, make it the subject of its own clause ("..., and bottlenecks
become visible"), not an item of the list before the comma."""


def _has_own_verb(tokens: list[Token], first_position: int) -> bool:
    """Whether one of the two words after the match's first word, in its clause, is a verb it is the
    subject of: "finishing work instead of starting new things, and bottlenecks become visible" says the
    bottlenecks show; it does not turn them down with the list before the comma."""
    clause = tokens[first_position].clause
    for index in range(first_position + 1, min(first_position + 3, len(tokens))):
        token = tokens[index]
        if token.clause != clause:
            return False
        if token.norm in OWN_VERBS:
            return True
    return False


def _is_negator(norm: str) -> bool:
    word = norm.replace("'", "")
    return word in NEGATORS or norm.endswith("n't")
