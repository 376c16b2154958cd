"""One report view: a ScoreReport (and its question) as sections of styled lines, plain data that every
front end draws — the command line as text, the Markdown export in a fenced block, the app as rich
text. A report is composed here and only here.

Every piece of text that comes from a file or an answer passes through `textsafe.for_terminal`. Each
part of the report is one small function in SECTION_BUILDERS, so a new report field is one new function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .models import ConceptResult, Question, ScoreReport
from .textsafe import for_terminal

# Style names (a front end maps each to its own look): plain text has style "".
TITLE = "title"
HEADING = "heading"
GOOD = "good"
BAD = "bad"
WARN = "warn"
DIM = "dim"
QUOTE = "quote"
SCORE = "score"


@dataclass(frozen=True)
class Span:
    """A run of text with one style."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Line:
    """One line of the report: styled spans, indented by `indent` levels."""

    spans: tuple[Span, ...]
    indent: int = 0

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)


@dataclass
class Section:
    """A titled part of the report (`key` names it for front ends that lay sections out apart)."""

    key: str
    title: str = ""
    title_style: str = HEADING
    lines: list[Line] = field(default_factory=list)

    def add(self, *spans: Span | str, indent: int = 0) -> None:
        self.lines.append(Line(tuple(Span(s) if isinstance(s, str) else s for s in spans), indent))


def safe(text: str) -> str:
    """Text from a file or an answer, made harmless for a terminal."""
    return for_terminal(text)


def quoted(text: str) -> str:
    return f'"{safe(text)}"'


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 word`, `2 words` (never `word(s)`)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


# -- sections ------------------------------------------------------------------------------------


CAP_SUMMARIES = {
    "required": "a required concept is missing",
    "critical_red_flag": "a critical red flag",
    "rejects_practices": "it rejects good practices",
    "keyword_list": "a keyword list, not an answer",
    "stuffing": "keywords stuffed into few words",
    "packed": "too many concepts for its words to explain",
    "repeated": "repeated sentences",
    "incoherent": "words without sentences",
    "off_topic": "off the question's scenario",
    "shallow": "not developed enough for the top band",
    "no_story": "no story of your own",
}
"""A few words per kind of cap, for the score heading (the caps section gives the full reasons)."""


def cap_summary(report: ScoreReport) -> str:
    """Why the band was capped, in a few words (the caps that set the band); empty when it was not."""
    if not report.band_capped:
        return ""
    setting = [cap for cap in report.caps if cap.band == report.band] or report.caps
    kinds = list(dict.fromkeys(cap.kind for cap in setting))
    return "capped: " + "; ".join(CAP_SUMMARIES.get(kind, kind) for kind in kinds)


def _heading(report: ScoreReport, question: Question | None, brief: bool) -> Section:
    section = Section("heading")
    if question is not None:
        section.add(Span(safe(question.title), TITLE), Span(f" [{safe(question.id)}]", DIM))
    capped = Span(f" ({cap_summary(report)})", WARN) if report.band_capped else Span("")
    section.add(Span(f"Score {report.score:g}/100", SCORE), " - ", Span(report.band, TITLE), capped)
    penalty = f"; red-flag penalty {report.penalty:g}" if report.penalty else ""
    section.add(
        f"{plural(report.word_count, 'word')}; points {report.points:g} of {report.max_points:g}{penalty}",
    )
    return section


def _concept_lines(section: Section, concept: ConceptResult, brief: bool) -> None:
    """Everything the report knows about one concept, one line per fact (`brief`: the evidence is
    shown elsewhere, e.g. highlighted in the answer, so only the matched words are named)."""
    if concept.evidence is not None and concept.hit and brief:
        section.lines[-1] = Line(
            (*section.lines[-1].spans, Span(" - ", DIM), Span(quoted(concept.evidence.text), QUOTE)),
            section.lines[-1].indent,
        )
    elif concept.evidence is not None and concept.hit:
        start, end = concept.evidence.span
        section.add(
            Span("matched ", DIM),
            quoted(concept.evidence.phrase),
            Span(f" at {start}-{end}: ", DIM),
            Span(quoted(concept.evidence.text), QUOTE),
            indent=2,
        )
        section.add(Span("in: ", DIM), safe(concept.evidence.sentence), indent=2)
    if concept.note:
        section.add(Span("note: ", WARN), safe(concept.note), indent=2)
    if not concept.hit and concept.hint:
        section.add(Span("hint: ", DIM), safe(concept.hint), indent=2)
    if not concept.hit and concept.probe:
        section.add(Span("interviewer: ", DIM), safe(concept.probe), indent=2)
    for negated in concept.negated:
        section.add(Span("not counted (negated): ", WARN), quoted(negated.sentence), indent=2)


def _covered(report: ScoreReport, question: Question | None, brief: bool) -> Section:
    hits = report.hits
    section = Section("covered", f"Covered ({len(hits)})", GOOD)
    for concept in hits:
        marker = Span(" [structure]", DIM) if concept.kind == "structure" else Span("")
        section.add(Span("+ ", GOOD), safe(concept.label), marker, indent=1)
        _concept_lines(section, concept, brief)
    return section


def _missed(report: ScoreReport, question: Question | None, brief: bool) -> Section:
    misses = report.misses
    section = Section("missed", f"Missed ({len(misses)})", BAD)
    for concept in misses:
        required = Span(" (required)", WARN) if concept.required else Span("")
        section.add(Span("- ", BAD), safe(concept.label), required, indent=1)
        _concept_lines(section, concept, brief)
    return section


def _groups(report: ScoreReport, question: Question | None, brief: bool) -> Section | None:
    if not report.groups:
        return None
    section = Section("groups", "Groups")
    for group in report.groups:
        status = Span("met", GOOD) if group.met else Span("not met", BAD)
        section.add(f"{safe(group.label)}: {len(group.hits)} of {group.need} needed (", status, ")", indent=1)
    return section


def _red_flags(report: ScoreReport, question: Question | None, brief: bool) -> Section:
    if not report.red_flags:
        section = Section("red-flags", "Red flags (0)", GOOD)
        section.add(Span("No red flags.", GOOD), indent=1)
        return section
    section = Section("red-flags", f"Red flags ({len(report.red_flags)})", BAD)
    for flag in report.red_flags:
        start, end = flag.evidence.span
        section.add(
            Span(f"! {safe(flag.label)} (-{flag.penalty:g})", BAD),
            Span(f": at {start}-{end} ", DIM),
            Span(quoted(flag.evidence.text), QUOTE),
            indent=1,
        )
        if flag.explanation:
            section.add(safe(flag.explanation), indent=2)
    return section


def _provenance(report: ScoreReport, question: Question | None, brief: bool) -> Section:
    section = Section("provenance")
    section.add(
        Span(
            f"rubric {report.rubric_hash} v{report.rubric_version}, scorer {report.scorer_version}",
            DIM,
        )
    )
    return section


SectionBuilder = Callable[[ScoreReport, Question | None, bool], Section | None]
SECTION_BUILDERS: list[SectionBuilder] = [_heading, _covered, _missed, _groups, _red_flags, _provenance]
"""The report's parts, in order."""


def report_sections(
    report: ScoreReport, question: Question | None = None, *, only: Iterable[str] | None = None, brief: bool = False
) -> list[Section]:
    """The report as sections (all of them, or those whose key is in `only`); `brief` for a front end
    that highlights the evidence in the answer itself."""
    wanted = set(only) if only is not None else None
    sections = [builder(report, question, brief) for builder in SECTION_BUILDERS]
    return [s for s in sections if s is not None and (wanted is None or s.key in wanted)]


def plain_lines(sections: Iterable[Section]) -> list[str]:
    """Sections as plain text lines (a blank line between sections, two spaces per indent)."""
    lines: list[str] = []
    for section in sections:
        if lines:
            lines.append("")
        if section.title:
            lines.append(f"{section.title}:")
        lines += ["  " * line.indent + line.text for line in section.lines]
    return lines


def report_text_lines(report: ScoreReport, question: Question | None = None) -> list[str]:
    """The whole report as plain text lines."""
    return plain_lines(report_sections(report, question))


def time_note(time_used: float | None, time_limit: float | None) -> str:
    """`time is up` for an answer that used its whole limit (submitted by the clock or in overtime)."""
    if time_used is None or not time_limit:
        return ""
    return "time is up" if time_used >= time_limit else ""
