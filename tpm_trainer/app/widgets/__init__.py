"""Reusable widgets of the trainer app."""

from .chart import ScoreBars, TrendChart, sparkline
from .countdown import Countdown
from .editor import AnswerEditor
from .report import HighlightedAnswer, ReportView, highlight_answer

__all__ = [
    "AnswerEditor",
    "Countdown",
    "HighlightedAnswer",
    "ReportView",
    "ScoreBars",
    "TrendChart",
    "highlight_answer",
    "sparkline",
]
