"""Charts of the mini-batch lesson: DataFrame + translated labels -> alt.Chart (no configure_*)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from core.charts.theme import OKABE_ITO, categorical

GREY = "#BBBBBB"


def drawn_points_chart(df: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """Every training point in grey, the drawn ones large and coloured by class.

    df: x0, x1, label (class name), times (how often drawn, 0 = not drawn), index.
    labels: title, x0, x1, class, times, index.
    """
    base = alt.Chart(df).encode(
        x=alt.X("x0:Q", title=labels["x0"]),
        y=alt.Y("x1:Q", title=labels["x1"]),
        tooltip=[alt.Tooltip("index:Q", title=labels["index"]),
                 alt.Tooltip("label:N", title=labels["class"]),
                 alt.Tooltip("times:Q", title=labels["times"])],
    )
    rest = base.transform_filter("datum.times == 0").mark_circle(size=18, color=GREY, opacity=0.5)
    drawn = base.transform_filter("datum.times > 0").mark_point(
        size=120, filled=True, opacity=0.95, stroke="black", strokeWidth=0.8
    ).encode(color=alt.Color("label:N", title=labels["class"],
                             scale=categorical(sorted(df["label"].unique().tolist()))))
    return alt.layer(rest, drawn).properties(title=labels["title"], height=360)


def estimates_strip_chart(df: pd.DataFrame, labels: dict[str, str], *, full_loss: float) -> alt.Chart:
    """One row of marks per batch size (each a mini-batch loss) and a rule at the full-set loss.

    df: batch_size, draw, loss. labels: title, loss, batch, draw, full.
    """
    order = sorted(df["batch_size"].unique().tolist())
    marks = alt.Chart(df).mark_tick(thickness=1.5, opacity=0.45, size=28).encode(
        x=alt.X("loss:Q", title=labels["loss"], scale=alt.Scale(zero=False)),
        y=alt.Y("batch_size:O", title=labels["batch"], sort=order),
        color=alt.Color("batch_size:O", title=labels["batch"], sort=order,
                        scale=alt.Scale(range=list(OKABE_ITO[: len(order)])), legend=None),
        tooltip=[alt.Tooltip("batch_size:O", title=labels["batch"]),
                 alt.Tooltip("draw:Q", title=labels["draw"]),
                 alt.Tooltip("loss:Q", title=labels["loss"], format=".4f")],
    )
    rule_df = pd.DataFrame({"loss": [full_loss], "what": [labels["full"]]})
    rule = alt.Chart(rule_df).mark_rule(color="black", strokeWidth=2, strokeDash=[6, 3]).encode(
        x="loss:Q",
        tooltip=[alt.Tooltip("what:N", title=" "),
                 alt.Tooltip("loss:Q", title=labels["loss"], format=".4f")],
    )
    return alt.layer(marks, rule).properties(title=labels["title"], height=60 * len(order) + 40)


def spread_chart(df: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """Measured std of the estimates vs batch size beside sigma/sqrt(B), both axes logarithmic.

    df: batch_size, std, series (translated "measured" / "theory"). labels: title, batch, std,
    series, measured, reference.
    """
    domain = [labels["measured"], labels["reference"]]
    colour = alt.Color("series:N", title=labels["series"],
                       scale=alt.Scale(domain=domain, range=[OKABE_ITO[3], OKABE_ITO[0]]))
    base = alt.Chart(df).encode(
        x=alt.X("batch_size:Q", title=labels["batch"], scale=alt.Scale(type="log")),
        y=alt.Y("std:Q", title=labels["std"], scale=alt.Scale(type="log")),
        color=colour,
        tooltip=[alt.Tooltip("series:N", title=labels["series"]),
                 alt.Tooltip("batch_size:Q", title=labels["batch"]),
                 alt.Tooltip("std:Q", title=labels["std"], format=".4g")],
    )
    line = base.transform_filter(alt.datum.series == labels["reference"]).mark_line(
        strokeDash=[6, 3], strokeWidth=2)
    points = base.transform_filter(alt.datum.series == labels["measured"]).mark_line(
        point=alt.OverlayMarkDef(size=70, filled=True), strokeWidth=1.5)
    return alt.layer(line, points).properties(title=labels["title"], height=340)


# "all data (1437)" on two lines, so that no batch size's label is ever cut short.
TWO_LINE_LABEL = ("indexof(datum.label, ' (') > 0 ? [slice(datum.label, 0, indexof(datum.label, "
                  "' (')), slice(datum.label, indexof(datum.label, ' (') + 1)] : datum.label")


def step_time_chart(df: pd.DataFrame, labels: dict[str, str], *, value_px: int = 11) -> alt.Chart:
    """Milliseconds per gradient step, one bar per batch size (the whole set in its own colour).

    df: label (batch size as text, or the translated "all data (n)"), ms, batch_size,
    kind ("batch" or "all").
    labels: title, batch, ms. value_px: the size of the milliseconds written on the bars.
    """
    order = df.sort_values("batch_size")["label"].tolist()
    bars = alt.Chart(df).mark_bar().encode(
        x=alt.X("label:N", title=labels["batch"], sort=order,
                axis=alt.Axis(labelAngle=0, labelLimit=0, labelExpr=TWO_LINE_LABEL)),
        y=alt.Y("ms:Q", title=labels["ms"]),
        color=alt.Color("kind:N", legend=None,
                        scale=alt.Scale(domain=["batch", "all"], range=[OKABE_ITO[0], OKABE_ITO[1]])),
        tooltip=[alt.Tooltip("label:N", title=labels["batch"]),
                 alt.Tooltip("ms:Q", title=labels["ms"], format=".3f")],
    )
    text = bars.mark_text(dy=-(value_px // 2 + 3), color="black", fontSize=value_px).encode(
        text=alt.Text("ms:Q", format=".2f"))
    return alt.layer(bars, text).properties(title=labels["title"], height=320)
