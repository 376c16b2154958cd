"""An interview in progress: one question (then its follow-up) at a time, under its own clock.

The session is the only place that knows the flow: start a turn, save its draft, submit it (score,
store the attempt and drop the draft in one transaction), ask the follow-up, grade it on what the main
answer missed, and move on. Methods that touch the database take the `Store` to use, so a caller can
run them in whatever thread owns that connection; a lock keeps the session's own state consistent.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from ..bank import Bank
from ..mentor.provenance import stamp_report
from ..models import Question, Rubric, ScoreReport
from ..scoring import score_answer, score_follow_up
from ..scoring.topics import TopicIndex
from ..store import Draft, Store
from .clock import QuestionClock
from .plan import MOCK_SETTING, MockConfig, choose_follow_up, follow_up_seconds, plan_mock, time_limit_seconds

MAX_ANSWER_CHARS = 200_000
"""The longest answer stored or scored, in characters (the command line and the app share it)."""


class AnswerTooLong(ValueError):
    """An answer over MAX_ANSWER_CHARS; the message says by how much."""

    def __init__(self, length: int) -> None:
        super().__init__(f"the answer is {length:,} characters; the limit is {MAX_ANSWER_CHARS:,}")
        self.length = length


def utc_now() -> datetime:
    return datetime.now(UTC)


def grade_answer(
    answer: str,
    rubric: Rubric,
    main_report: ScoreReport | None,
    follow_up: bool,
    question: Question | None = None,
    topics: TopicIndex | None = None,
) -> ScoreReport:
    """Score a main answer on its rubric (with its question, so the scenario check sees the prompt), or a
    follow-up on what its main answer missed. Re-scoring uses this too, so an answer is graded the same
    way whenever it is graded."""
    if follow_up:
        return score_follow_up(answer, rubric, main_report)
    return score_answer(answer, rubric, question, topics)


@dataclass
class Turn:
    """The question (or its follow-up) being answered now."""

    question: Question
    rubric: Rubric | None
    clock: QuestionClock
    started_at: str
    follow_up: str | None = None
    """The interviewer's follow-up prompt, while answering it."""
    main_attempt_id: int | None = None
    """The stored main answer, once submitted."""
    main_report: ScoreReport | None = None
    draft_id: int | None = None
    text: str = ""
    """The answer typed so far, when the turn was resumed from a draft."""
    saved_revision: int = -1
    """The newest editor revision written to the draft (an older save arriving late is ignored)."""
    closed: bool = False
    """Submitted, skipped or left: no draft may be written for it any more."""

    @property
    def prompt(self) -> str:
        return self.follow_up or self.question.prompt

    @property
    def is_follow_up(self) -> bool:
        return self.follow_up is not None


@dataclass(frozen=True)
class Submitted:
    """What became of a submitted answer."""

    attempt_id: int
    report: ScoreReport | None
    follow_up: str | None
    """The interviewer's follow-up, now the current turn (None: the question is done)."""
    scoring_error: str | None = None
    """Why the answer could not be scored (it is stored unscored)."""


@dataclass
class InterviewSession:
    """One practice question or one mock interview."""

    bank: Bank
    mode: str
    """`mock` or `practice`."""
    questions: list[Question]
    minutes: float | None = None
    overtime: bool = False
    timed: bool = True
    """False when answers are not typed under a clock (e.g. scored from a file): no time is recorded."""
    session_id: str | None = None
    index: int = 0
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = utc_now
    attempt_ids: list[int] = field(default_factory=list)
    """Main attempts stored in this session, in order."""
    skipped: list[str] = field(default_factory=list)
    turn: Turn | None = None
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # -- starting --------------------------------------------------------------------------------

    @classmethod
    def practice(
        cls,
        bank: Bank,
        question_id: str,
        *,
        minutes: float | None = None,
        overtime: bool = False,
        timed: bool = True,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> InterviewSession:
        """One question, practice mode (raises UnknownQuestionError for an unknown id)."""
        question = bank.question(question_id)
        return cls(bank, "practice", [question], minutes=minutes, overtime=overtime, timed=timed, clock=clock, now=now)

    @classmethod
    def start_mock(
        cls,
        store: Store,
        bank: Bank,
        config: MockConfig,
        *,
        rng: random.Random | None = None,
        remember: bool = True,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> InterviewSession | None:
        """Plan a mock interview and record its session (None when no question matches)."""
        recent = recent_question_ids(store, now(), config.avoid_recent_days)
        questions = plan_mock(bank, config, rng or random.Random(), recent)
        if not questions:
            return None
        with store.db.atomic():
            if remember:
                store.set_setting(MOCK_SETTING, config.to_dict())
            session_id = store.start_session("mock", {**config.to_dict(), "question_ids": [q.id for q in questions]})
        return cls(
            bank,
            "mock",
            questions,
            minutes=config.minutes,
            overtime=config.overtime,
            session_id=session_id,
            clock=clock,
            now=now,
        )

    @classmethod
    def resume(
        cls,
        store: Store,
        bank: Bank,
        draft: Draft,
        *,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = utc_now,
    ) -> InterviewSession:
        """The session a draft belongs to, with the draft as its current turn (time used carried over).

        Raises UnknownQuestionError when the draft's question left the bank (the draft is kept)."""
        question = bank.question(draft.question_id)
        config: dict[str, object] = {}
        if draft.session_id and draft.mode == "mock":
            row = store.session(draft.session_id)
            config = _loads(row.get("config_json") if row else None)
        if draft.mode == "mock" and config:
            mock = MockConfig.from_dict(config)
            raw_ids = config.get("question_ids")
            ids = [str(i) for i in raw_ids] if isinstance(raw_ids, list) else [question.id]
            questions = [bank.questions[i] for i in ids if i in bank.questions]
            index = next((i for i, q in enumerate(questions) if q.id == question.id), None)
            if index is None:
                questions, index = [question], 0
            session = cls(
                bank,
                "mock",
                questions,
                minutes=mock.minutes,
                overtime=mock.overtime,
                session_id=draft.session_id,
                index=index,
                clock=clock,
                now=now,
            )
            if draft.session_id is not None:
                session._recall_earlier_turns(store, draft.session_id)
        else:
            minutes = (
                draft.time_limit_seconds / 60 if draft.time_limit_seconds and not draft.parent_attempt_id else None
            )
            session = cls(bank, draft.mode or "practice", [question], minutes=minutes, clock=clock, now=now)
        session._resume_turn(store, draft)
        return session

    def _recall_earlier_turns(self, store: Store, session_id: str) -> None:
        """The main answers stored before the session was left, and the questions passed without one,
        so the summary of a resumed mock covers the whole interview."""
        answered: dict[str, int] = {}
        for attempt in store.iter_attempts(order="id", session_id=session_id):
            if attempt.parent_attempt_id is None:
                answered.setdefault(attempt.question_id, attempt.id)
        self.attempt_ids = list(answered.values())
        self.skipped = [q.id for q in self.questions[: self.index] if q.id not in answered]

    def _resume_turn(self, store: Store, draft: Draft) -> None:
        question = self.questions[self.index]
        limit = draft.time_limit_seconds or time_limit_seconds(question, self.minutes)
        turn = Turn(
            question=question,
            rubric=self.bank.rubric_for(question.id),
            clock=QuestionClock(limit, draft.time_used_seconds or 0.0, clock=self.clock),
            started_at=draft.started_at or self.now_iso(),
            draft_id=draft.id,
            text=draft.answer,
        )
        if draft.parent_attempt_id is not None:
            parent = store.attempt(draft.parent_attempt_id)
            turn.follow_up = draft.prompt or (question.follow_ups[0] if question.follow_ups else question.prompt)
            turn.main_attempt_id = draft.parent_attempt_id
            turn.main_report = parent.report if parent is not None else None
            if parent is not None and parent.id not in self.attempt_ids:
                self.attempt_ids.append(parent.id)
        self.turn = turn

    # -- the current turn --------------------------------------------------------------------------

    def now_iso(self) -> str:
        return self.now().isoformat(timespec="seconds")

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    @property
    def finished(self) -> bool:
        return self.index >= len(self.questions)

    def limit_for(self, question: Question) -> float:
        return time_limit_seconds(question, self.minutes)

    def begin(self) -> Turn:
        """Start the current question's clock (a resumed turn keeps its own)."""
        with self._lock:
            if self.turn is None or self.turn.closed:
                question = self.current
                self.turn = Turn(
                    question=question,
                    rubric=self.bank.rubric_for(question.id),
                    clock=QuestionClock(self.limit_for(question), clock=self.clock),
                    started_at=self.now_iso(),
                )
            return self.turn

    def _draft_fields(self, turn: Turn, text: str) -> dict[str, object]:
        return {
            "question_id": turn.question.id,
            "answer": text,
            "mode": self.mode,
            "session_id": self.session_id,
            "started_at": turn.started_at,
            "time_limit_seconds": turn.clock.limit_seconds,
            "time_used_seconds": round(turn.clock.used, 2),
            "parent_attempt_id": turn.main_attempt_id if turn.is_follow_up else None,
            "prompt": turn.prompt,
        }

    def save_draft(self, store: Store, text: str, turn: Turn | None = None, revision: int | None = None) -> int | None:
        """Write the turn's draft (insert or update); nothing for an empty new draft, a closed turn, or
        a `revision` older than one already written (saves from workers may arrive out of order)."""
        with self._lock:
            turn = turn or self.turn
            if turn is None or turn.closed or (not text.strip() and turn.draft_id is None):
                return None
            if revision is not None:
                if revision < turn.saved_revision:
                    return turn.draft_id
                turn.saved_revision = revision
            text = text[:MAX_ANSWER_CHARS]
            turn.draft_id = store.save_draft(draft_id=turn.draft_id, **self._draft_fields(turn, text))  # type: ignore[arg-type]
            return turn.draft_id

    def submit(self, store: Store, text: str) -> Submitted:
        """Score the answer and store it (deleting its draft in the same transaction). After a main
        answer the follow-up, if any, becomes the current turn; it is graded on what the main answer
        missed and stored as a separate attempt whose score enters no average."""
        if len(text) > MAX_ANSWER_CHARS:
            raise AnswerTooLong(len(text))
        with self._lock:
            turn = self.turn
            if turn is None or turn.closed:
                raise RuntimeError("no question is being answered")
            used = turn.clock.used  # the clock stops only once the answer is stored
            scoring_error = None
            report: ScoreReport | None = None
            if turn.rubric is not None:
                try:
                    graded = grade_answer(
                        text, turn.rubric, turn.main_report, turn.is_follow_up, turn.question, self.bank.topics
                    )
                    report = stamp_report(graded, self.bank)  # the report names the rubric file behind it
                except Exception as error:  # a rubric the bank accepted but the scorer cannot use
                    scoring_error = str(error)
            attempt_id = store.save_attempt(
                question_id=turn.question.id,
                category=turn.question.category,
                answer=text,
                started_at=turn.started_at,
                ended_at=self.now_iso(),
                mode=self.mode,
                report=report,
                time_limit_seconds=turn.clock.limit_seconds,
                time_used_seconds=round(used, 2) if self.timed else None,
                session_id=self.session_id,
                parent_attempt_id=turn.main_attempt_id if turn.is_follow_up else None,
                prompt=turn.prompt,
                draft_id=turn.draft_id,
            )
            turn.clock.stop()
            turn.closed = True
            if turn.is_follow_up:
                return Submitted(attempt_id, report, None, scoring_error)
            self.attempt_ids.append(attempt_id)
            follow_up = choose_follow_up(turn.question, turn.rubric, report)
            if follow_up is not None:
                self.turn = Turn(
                    question=turn.question,
                    rubric=turn.rubric,
                    clock=QuestionClock(follow_up_seconds(turn.clock.limit_seconds), clock=self.clock),
                    started_at=self.now_iso(),
                    follow_up=follow_up,
                    main_attempt_id=attempt_id,
                    main_report=report,
                )
            return Submitted(attempt_id, report, follow_up, scoring_error)

    def skip(self, store: Store, text: str) -> bool:
        """Close the turn without an answer; typed text is kept as a draft. Returns whether a draft was kept."""
        with self._lock:
            turn = self.turn
            if turn is None:
                return False
            kept = bool(text.strip()) and self.save_draft(store, text, turn) is not None
            turn.clock.stop()  # after the draft is written: if that fails, the question goes on
            turn.closed = True
            if not turn.is_follow_up and turn.question.id not in self.skipped:
                self.skipped.append(turn.question.id)
            return kept

    def leave(self, store: Store, text: str) -> bool:
        """Stop here, keeping the typed text as a draft to resume later. Returns whether a draft was kept."""
        with self._lock:
            turn = self.turn
            if turn is None:
                return False
            kept = self.save_draft(store, text, turn) is not None
            turn.clock.stop()  # after the draft is written: if that fails, the question goes on
            turn.closed = True
            return kept

    def next_question(self) -> bool:
        """Move to the next question; False when the interview is over."""
        with self._lock:
            self.index += 1
            self.turn = None
            return not self.finished

    def finish(self, store: Store) -> None:
        """Record the end of a mock interview."""
        if self.session_id is not None:
            store.end_session(self.session_id)


def recent_question_ids(store: Store, now: datetime, days: int) -> set[str]:
    """Questions with a main answer in the last `days` days."""
    if days <= 0:
        return set()
    since = (now - timedelta(days=days)).isoformat(timespec="seconds")
    rows, _ = store.attempt_summaries(since=since, limit=100_000)
    return {str(row["question_id"]) for row in rows if row["parent_attempt_id"] is None}


def _loads(text: object) -> dict[str, object]:
    if not isinstance(text, str) or not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
