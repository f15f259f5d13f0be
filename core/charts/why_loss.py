"""Charts of the why-a-loss lesson: DataFrame + translated labels -> alt.Chart (no configure_*)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.charts.theme import DIVERGING_SCHEME, OKABE_ITO, categorical


def sweep_chart(df: pd.DataFrame, labels: dict[str, str], *, field: str, current: float,
                colour: str = OKABE_ITO[0], staircase: bool = False) -> alt.Chart:
    """One quantity of a weight sweep against the weight, with a rule at the current value.

    df: value and `field` (e.g. accuracy, loss, d_accuracy, d_loss).
    labels: title (empty: none), x, y, current. `staircase` draws steps (accuracy only moves in
    jumps).
    """
    line = alt.Chart(df).mark_line(
        color=colour, strokeWidth=2, interpolate="step-after" if staircase else "linear"
    ).encode(
        x=alt.X("value:Q", title=labels["x"], scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y(f"{field}:Q", title=labels["y"], scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("value:Q", title=labels["x"], format=".4f"),
                 alt.Tooltip(f"{field}:Q", title=labels["y"], format=".6g")],
    )
    rule = alt.Chart(pd.DataFrame({"value": [current], "what": [labels["current"]]})).mark_rule(
        color="black", strokeDash=[4, 4]
    ).encode(x="value:Q", tooltip=[alt.Tooltip("what:N", title=" "),
                                   alt.Tooltip("value:Q", title=labels["x"], format=".4f")])
    return _titled(alt.layer(line, rule).properties(height=260), labels["title"])


def activation_chart(df: pd.DataFrame, labels: dict[str, str], *, field: str,
                     legend: str = "right") -> alt.Chart:
    """Activation curves (field "value") or their derivatives (field "derivative") over x.

    df: x, name (translated), and `field`. labels: title (empty: none), x, y, function.
    `legend`: "right" (beside the plot), "inside" (untitled, in the plot's top left, which no
    activation reaches: each is below 0.2 for x < -2) or "none" (a neighbouring chart's).
    """
    names = list(dict.fromkeys(df["name"].tolist()))
    shown = {"right": alt.Legend(), "none": None,
             "inside": alt.Legend(orient="top-left", title=None, fillColor="white", padding=4)}
    legend = shown[legend]
    chart = alt.Chart(df).mark_line(strokeWidth=2.5).encode(
        x=alt.X("x:Q", title=labels["x"]),
        y=alt.Y(f"{field}:Q", title=labels["y"]),
        color=alt.Color("name:N", title=labels["function"], scale=categorical(names), sort=names,
                        legend=legend),
        strokeDash=alt.StrokeDash("name:N", title=labels["function"], sort=names, legend=legend),
        tooltip=[alt.Tooltip("name:N", title=labels["function"]),
                 alt.Tooltip("x:Q", title=labels["x"], format=".2f"),
                 alt.Tooltip(f"{field}:Q", title=labels["y"], format=".4f")],
    ).properties(height=280)
    return _titled(chart, labels["title"])


def gradient_heatmap(df: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """A matrix of gradient entries, diverging around 0 (an all-zero gradient is one flat colour).

    df: row, col, value. labels: title (empty: none, nor a subtitle), subtitle, row, col, value.
    """
    chart = alt.Chart(df).mark_rect().encode(
        x=alt.X("col:O", title=labels["col"], axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("row:O", title=labels["row"], axis=alt.Axis(labelOverlap=True)),
        color=alt.Color("value:Q", title=labels["value"],
                        scale=alt.Scale(scheme=DIVERGING_SCHEME, domainMid=0)),
        tooltip=[alt.Tooltip("row:O", title=labels["row"]),
                 alt.Tooltip("col:O", title=labels["col"]),
                 alt.Tooltip("value:Q", title=labels["value"], format=".3e")],
    ).properties(height=320)
    if not labels["title"]:
        return chart
    return chart.properties(title=alt.TitleParams(labels["title"], subtitle=labels.get("subtitle", "")))


def _titled(chart: alt.TopLevelMixin, title: str) -> alt.TopLevelMixin:
    """The chart with its title, or none for an empty one (no empty line above the plot)."""
    return chart.properties(title=title) if title else chart
