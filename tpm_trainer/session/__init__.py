"""The interview engine: plan a mock interview, run each question's clock, keep drafts, and take an
answer through scoring, the interviewer's follow-up and storage. No interface code lives here: the
Textual app and the command line only drive it."""

from .clock import QuestionClock
from .engine import MAX_ANSWER_CHARS, AnswerTooLong, InterviewSession, Submitted, Turn, grade_answer
from .plan import MOCK_SETTING, MockConfig, choose_follow_up, follow_up_seconds, plan_mock, time_limit_seconds

__all__ = [
    "MAX_ANSWER_CHARS",
    "MOCK_SETTING",
    "AnswerTooLong",
    "InterviewSession",
    "MockConfig",
    "QuestionClock",
    "Submitted",
    "Turn",
    "choose_follow_up",
    "follow_up_seconds",
    "grade_answer",
    "plan_mock",
    "time_limit_seconds",
]
