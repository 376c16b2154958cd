"""Progress charts drawn with textual-plotext: score over time and time used against the limit."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot

from ...practice.progress import DayValue


class DayChart(PlotextPlot):
    """A line of one value per day, on a 0-`top` scale, with an optional reference line."""

    DEFAULT_CSS = "DayChart { height: 1fr; min-height: 12; }"

    def show(
        self,
        title: str,
        series: Sequence[DayValue],
        *,
        y_label: str,
        top: float = 100.0,
        reference: tuple[float, str] | None = None,
    ) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        plt.ylabel(y_label)
        plt.ylim(0, top)
        if series:
            # one x position per day with an answer, labelled MM-DD (gaps between days are not drawn)
            positions: list[float] = [float(index) for index in range(len(series))]
            values = [point.value for point in series]
            plt.plot(positions, values, marker="braille")
            plt.scatter(positions, values, marker="●")
            if reference is not None:
                level, label = reference
                plt.plot(positions, [level] * len(positions), color="red", label=label)
            step = max(1, len(series) // 5)
            shown = positions[::step]
            plt.xticks(shown, [series[int(position)].day[5:] for position in shown])
            plt.xlim(-0.5, len(series) - 0.5)
        self.refresh()
