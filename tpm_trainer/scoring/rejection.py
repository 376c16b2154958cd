"""Sentences in which the candidate turns a practice down.

Stance (`stance.py`) decides, match by match, whether a concept the rubric names is negated. An answer can
also reject practice after practice in words no phrase of the rubric names, or keep the vocabulary in one
sentence and turn it down in the next ("There are several kinds of flag ... and I'd skip most of them").
Counted sentence by sentence, such an answer stands out: it says "I wouldn't bother", "no need", "isn't
worth it" in a third or more of its sentences, where a good answer, however many contrasts it draws, says
it in a few.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import stance
from .text import Token

FIRST_PERSON = stance.FIRST_PERSON | frozenset(["i've", "we've", "let's"])
REFUSALS = frozenset(["not", "never", "no"])
"""Words that, just after "I" or "we", turn down what follows ("we never measured a baseline")."""
INABILITY = frozenset(["can't", "cannot", "couldn't", "can", "could", "must"])
"""Words after "I" or "we" that make what follows a limit or a rule, not a choice: "we can't ship by May",
"we must never lose an order"."""
NOT_CHOICES = frozenset(
    [
        "have",
        "had",
        "know",
        "knew",
        "realise",
        "realize",
        "realised",
        "realized",
        "expect",
        "expected",
        "notice",
        "noticed",
        "hear",
        "heard",
        "find",
        "found",
        "understand",
        "understood",
        "catch",
        "caught",
        "get",
        "got",
    ]
)
"""Verbs after a negation that say what one lacked or missed, not what one chose: "we didn't have the
data", "I didn't know", "we never caught it"."""
REJECTING_VERBS = frozenset(["skip", "skipped", "ignore", "ignored"])
"""Verbs that turn down their object, just after "I" or "we" ("I'd skip dogfooding") or opening a sentence
as an order ("Skip the fact-finding.")."""
REJECTING_PAIRS = frozenset(
    {
        ("no", "need"),
        ("not", "worth"),
        ("no", "point"),
        ("not", "needed"),
        ("nobody", "needs"),
        ("nobody", "reads"),
        ("nobody", "cares"),
        ("can", "wait"),
        ("hold", "off"),
        ("a", "waste"),
        ("in", "theory"),
        ("nobody", "understands"),
        ("nobody", "uses"),
    }
)
NEGATED_VALUE = frozenset(["worth", "needed", "necessary", "something", "need", "care"])
"""Words after a negated "is"/"are" that deny a practice its value: "isn't worth it", "aren't something I'd set"."""
DISMISSALS = frozenset(
    [
        "unnecessary",
        "overkill",
        "pointless",
        "needless",
        "overrated",
        "bureaucracy",
        "paperwork",
        "busywork",
        "distraction",
        "myth",
        "overblown",
        "nicety",
    ]
)
REACH = 3
"""Most words after "I" or "we" in which a refusal counts ("I honestly wouldn't bother")."""
_PAIR_FIRSTS = frozenset(first for first, _ in REJECTING_PAIRS)
_TRIGGERS = FIRST_PERSON | DISMISSALS | _PAIR_FIRSTS
"""Words that may start a rejecting wording (with any word ending in "n't", and an order opening a
sentence): the other words of a sentence are passed over without looking ahead."""
MIN_SENTENCE_WORDS = 4
"""Shorter sentences (headings, list items) are not counted either way."""

MIN_REJECTING = 3
"""Fewest rejecting sentences for the cap: one or two are a good answer's contrasts."""
REJECTING_SHARE = 0.18
"""Least share of the answer's sentences that reject a practice for the cap. Measured on every blind answer
so far (140 questions): no strong, plain or medium answer had three rejecting sentences at a share above
0.14, nor any model answer or Hire calibration example (336) three at all; short negated answers had at
least 0.30. Strong answers rewritten at full length to reject their practices: 12 of a first batch and
10 of a second (read while choosing the wordings) reach it; of a third batch, held out, 2 of 12 still
reached Hire (6 without this check)."""


@dataclass(frozen=True)
class Rejections:
    """The sentences of an answer that turn a practice down."""

    sentences: int
    """Sentences counted (of MIN_SENTENCE_WORDS words or more)."""
    rejecting: tuple[tuple[int, int], ...]
    """(start, end) character spans of the rejecting words, one per rejecting sentence."""

    @property
    def share(self) -> float:
        return len(self.rejecting) / self.sentences if self.sentences else 0.0

    @property
    def rejects_practices(self) -> bool:
        """Whether enough of the answer turns practices down to count as rejecting them."""
        return len(self.rejecting) >= MIN_REJECTING and self.share >= REJECTING_SHARE


VALUE_WORDS = frozenset(["use", "value", "point", "benefit", "need", "useful", "helpful", "worthwhile"])
"""Words after "never found" or "didn't find" that deny a practice its value ("I've never found much use in
it"), where finding is otherwise a discovery, not a choice ("we never found the cause")."""


def _denies_value(verb_words: list[Token], words: list[Token], after: int) -> bool:
    """Whether a negated "find"/"found" is followed, within three words, by a word of `VALUE_WORDS`."""
    if not any(word.norm in ("find", "found") for word in verb_words):
        return False
    return any(word.norm in VALUE_WORDS for word in words[after - 1 : after + 3])


def _rejecting_span(words: list[Token]) -> tuple[int, int] | None:
    """The span of the first rejecting wording in one sentence's tokens, if any."""
    for position, token in enumerate(words):
        norm = token.norm
        if norm not in _TRIGGERS and not norm.endswith("n't") and (position or norm not in REJECTING_VERBS):
            continue
        following = words[position + 1 : position + 1 + REACH]
        if norm in FIRST_PERSON:
            for offset, other in enumerate(following):
                if other.clause != token.clause or other.norm in INABILITY:
                    break  # "we are, not ...", "we can't": another clause, or a limit rather than a choice
                if other.norm in REJECTING_VERBS:
                    return token.start, other.end
                if other.norm.endswith("n't") or other.norm in REFUSALS:
                    rest = words[position + 2 + offset : position + 4 + offset]
                    verb = next((word.norm for word in rest if word.norm not in ("not", "really", "even")), "")
                    if verb in NOT_CHOICES and not _denies_value(rest, words, position + 4 + offset):
                        break  # "we didn't have the data", "I didn't know": a lack, not a choice
                    ahead = words[position + 2 + offset : position + 5 + offset]
                    if any(word.norm in REJECTING_VERBS or word.norm in ("without", "bypass") for word in ahead):
                        break  # "we never skip the canary", "we don't merge without a review": a rule kept
                    return token.start, other.end
        after = following[0] if following else None
        if after is not None and (norm, after.norm) in REJECTING_PAIRS:
            return token.start, after.end
        if after is not None and norm.endswith("n't") and after.norm in NEGATED_VALUE:
            return token.start, after.end
        if norm in DISMISSALS or (position == 0 and norm in REJECTING_VERBS):
            return token.start, token.end
    return None


def rejections(tokens: list[Token]) -> Rejections:
    """Count the answer's sentences and find those that turn a practice down."""
    sentences: dict[int, list[Token]] = {}
    for token in tokens:
        sentences.setdefault(token.sentence, []).append(token)
    counted = [words for words in sentences.values() if len(words) >= MIN_SENTENCE_WORDS]
    spans = tuple(span for words in counted if (span := _rejecting_span(words)) is not None)
    return Rejections(len(counted), spans)
