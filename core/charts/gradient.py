"""Altair builders for the gradient page: each takes DataFrames + a labels dict -> alt.Chart.

Labels are already translated by the page; builders never call .configure_*().
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from core.charts.theme import OKABE_ITO, SEQUENTIAL_SCHEME, categorical

HEIGHT = 380
SQUARE = 540  # x0-x1 planes: about as tall as their column is wide, so circles look round
BLUE, ORANGE, GREEN, VERMILLION, PURPLE, SKY, YELLOW, BLACK = OKABE_ITO


def inside(orient: str) -> dict:
    """A legend drawn over the plot gets a background, so that no line shows through it."""
    return {"fillColor": "white", "padding": 6} if "-" in orient else {}


def function_tangent_chart(curve: pd.DataFrame, point: pd.DataFrame, labels: dict,
                           legend_orient: str = "top") -> alt.Chart:
    """f(x) and its tangent at the chosen point (the book's Fig. 4-7).

    curve: x, y, line (a translated name, "f(x)" or the tangent's); point: x, y, slope.
    legend_orient "top-left" puts the legend over the plot's empty corner (a short screen).
    """
    lines = alt.Chart(curve).mark_line(strokeWidth=2.5).encode(
        x=alt.X("x:Q", title=labels["x"]),
        y=alt.Y("y:Q", title=labels["y"]),
        # one entry per row, uncut: the tangent's label carries its slope (was "numeric…")
        color=alt.Color("line:N", title=None, scale=categorical(list(curve["line"].unique())),
                        legend=alt.Legend(orient=legend_orient, columns=1, labelLimit=480,
                                          **inside(legend_orient))),
        strokeDash=alt.StrokeDash("line:N", legend=None),
        tooltip=[alt.Tooltip("line:N", title=labels["line"]),
                 alt.Tooltip("x:Q", format=".3f"), alt.Tooltip("y:Q", format=".4f")],
    )
    dot = alt.Chart(point).mark_point(size=120, filled=True, color=VERMILLION).encode(
        x="x:Q", y="y:Q",
        tooltip=[alt.Tooltip("x:Q", format=".4g"), alt.Tooltip("y:Q", format=".6g"),
                 alt.Tooltip("slope:Q", title=labels["slope"], format=".16g")],
    )
    return (lines + dot).properties(title=labels["title"], height=HEIGHT)


def error_vs_h_chart(table: pd.DataFrame, labels: dict, legend_orient: str = "top"
                     ) -> alt.Chart:
    """|estimate - exact| against h on log-log axes, one line per difference method.

    table: h, method (translated), estimate, exact, error. Zero or undefined errors cannot sit on
    a log axis and are left out (the page's table still lists them).
    """
    data = table[np.isfinite(table["error"]) & (table["error"] > 0)]
    return alt.Chart(data).mark_line(point=True, strokeWidth=2).encode(
        x=alt.X("h:Q", title=labels["x"], scale=alt.Scale(type="log", reverse=True),
                axis=alt.Axis(format=".0e", tickCount=10)),
        y=alt.Y("error:Q", title=labels["y"], scale=alt.Scale(type="log"),
                axis=alt.Axis(format=".0e")),
        color=alt.Color("method:N", title=labels["method"],
                        scale=categorical(sorted(table["method"].unique())),
                        legend=alt.Legend(orient=legend_orient)),
        tooltip=[alt.Tooltip("method:N", title=labels["method"]),
                 alt.Tooltip("h:Q", format=".1e"),
                 alt.Tooltip("estimate:Q", title=labels["estimate"], format=".16g"),
                 alt.Tooltip("error:Q", title=labels["y"], format=".3e")],
    ).properties(title=labels["title"], height=HEIGHT)


def arrow_segments(field: pd.DataFrame, head: float = 0.3,
                   spread_deg: float = 28.0) -> pd.DataFrame:
    """Each arrow (x0, x1) -> (x0_end, x1_end) as three segments: shaft and two head wings.

    Drawn in data coordinates, so heads stay on their shafts whatever the chart's aspect.
    """
    dx = field["x0_end"].to_numpy() - field["x0"].to_numpy()
    dy = field["x1_end"].to_numpy() - field["x1"].to_numpy()
    ex, ey = field["x0_end"].to_numpy(), field["x1_end"].to_numpy()
    parts = [field.assign(part="shaft", ax=field["x0"], ay=field["x1"], bx=ex, by=ey)]
    for sign in (1.0, -1.0):
        c, s = np.cos(np.radians(sign * spread_deg)), np.sin(np.radians(sign * spread_deg))
        # Rotate the reversed shaft by +-spread and shorten it to a head.
        wx, wy = -head * (c * dx - s * dy), -head * (s * dx + c * dy)
        parts.append(field.assign(part="head", ax=ex, ay=ey, bx=ex + wx, by=ey + wy))
    return pd.concat(parts, ignore_index=True)


def gradient_field_chart(field: pd.DataFrame, book_points: pd.DataFrame, labels: dict,
                         extent: float, legend_orient: str = "right") -> alt.Chart:
    """Arrows of -grad f on a grid (colour = |grad|) and the book's points highlighted.

    field and book_points: x0, x1, g0, g1, magnitude, x0_end, x1_end (see core.calculus);
    book_points also has `label` (e.g. "(3, 4) → (6, 8)"). legend_orient "top" leaves the
    plot the whole width of a narrow column.
    """
    domain = [-extent, extent]
    x = alt.X("ax:Q", title=labels["x0"], scale=alt.Scale(domain=domain, nice=False))
    y = alt.Y("ay:Q", title=labels["x1"], scale=alt.Scale(domain=domain, nice=False))
    tips = [alt.Tooltip("x0:Q", title=labels["x0"], format=".2f"),
            alt.Tooltip("x1:Q", title=labels["x1"], format=".2f"),
            alt.Tooltip("g0:Q", title=labels["g0"], format=".4g"),
            alt.Tooltip("g1:Q", title=labels["g1"], format=".4g"),
            alt.Tooltip("magnitude:Q", title=labels["magnitude"], format=".3f")]
    arrows = alt.Chart(arrow_segments(field)).mark_rule(strokeWidth=1.6, clip=True).encode(
        x=x, y=y, x2="bx:Q", y2="by:Q",
        color=alt.Color("magnitude:Q", title=labels["magnitude"],
                        scale=alt.Scale(scheme=SEQUENTIAL_SCHEME, reverse=True),
                        legend=alt.Legend(orient=legend_orient)),
        tooltip=tips,
    )
    book_arrows = alt.Chart(arrow_segments(book_points)).mark_rule(
        strokeWidth=3.5, color=VERMILLION, clip=True).encode(
        x=x, y=y, x2="bx:Q", y2="by:Q", tooltip=[alt.Tooltip("label:N", title=labels["book"]),
                                                 *tips])
    px = alt.X("x0:Q", title=labels["x0"], scale=alt.Scale(domain=domain, nice=False))
    py = alt.Y("x1:Q", title=labels["x1"], scale=alt.Scale(domain=domain, nice=False))
    tails = alt.Chart(book_points).mark_point(size=70, filled=True, color=VERMILLION).encode(
        x=px, y=py, tooltip=[alt.Tooltip("label:N", title=labels["book"]), *tips])
    names = alt.Chart(book_points).mark_text(
        align="right", dx=-8, dy=-10, fontWeight="bold", fontSize=13, color=VERMILLION).encode(
        x=px, y=py, text="label:N")
    return alt.layer(arrows, book_arrows, tails, names).properties(
        title=labels["title"], height=SQUARE)


def contour_cells(f, extent: float, n: int = 40) -> pd.DataFrame:
    """An n x n grid of cells over [-extent, extent]² with f at each cell's centre."""
    edges = np.linspace(-extent, extent, n + 1)
    centres = (edges[:-1] + edges[1:]) / 2
    c0, c1 = np.meshgrid(centres, centres)
    half = (edges[1] - edges[0]) / 2 * 1.02  # a little overlap: no anti-aliasing seams
    values = f(np.stack([c0, c1], axis=-1))
    return pd.DataFrame({"x0": c0.ravel(), "x1": c1.ravel(), "f": values.ravel(),
                         "x0_lo": c0.ravel() - half, "x0_hi": c0.ravel() + half,
                         "x1_lo": c1.ravel() - half, "x1_hi": c1.ravel() + half})


LANDMARK_SHAPES = ("diamond", "cross", "triangle-down", "square", "circle")


def descent_path_chart(cells: pd.DataFrame, path: pd.DataFrame, labels: dict,
                       extent: float, landmarks: pd.DataFrame | None = None,
                       side_legends: bool = False) -> alt.Chart:
    """The path of gradient descent over a banded contour map of f (the book's Fig. 4-10).

    cells: x0, x1, f, x0_lo, x0_hi, x1_lo, x1_hi; path: step, x0, x1, f. landmarks: x0, x1,
    kind (translated), one shape each; by default the start and the minimum at the origin.
    Points outside the window (a diverging run) are clipped; the page states the end point.
    side_legends: every legend right of the plot, in one column (a short screen has no height
    to spare below it).
    """
    domain = [-extent, extent]
    sx, sy = alt.Scale(domain=domain, nice=False), alt.Scale(domain=domain, nice=False)
    ticks = alt.Axis(values=list(range(-int(extent), int(extent) + 1)), format="d")
    heat = alt.Chart(cells).mark_rect(strokeWidth=0).encode(
        x=alt.X("x0_lo:Q", title=labels["x0"], scale=sx, axis=ticks), x2="x0_hi:Q",
        y=alt.Y("x1_lo:Q", title=labels["x1"], scale=sy, axis=ticks), y2="x1_hi:Q",
        # Banded colours read like the contour lines of the book's figure.
        color=alt.Color("f:Q", title=labels["f"],
                        scale=alt.Scale(type="quantize", scheme={"name": "blues", "count": 9},
                                        nice=True, zero=True),
                        legend=alt.Legend(orient="right")),
        tooltip=[alt.Tooltip("x0:Q", title=labels["x0"], format=".2f"),
                 alt.Tooltip("x1:Q", title=labels["x1"], format=".2f"),
                 alt.Tooltip("f:Q", title=labels["f"], format=".3f")],
    )
    visible = path.replace([np.inf, -np.inf], np.nan).dropna(subset=["x0", "x1"])
    tips = [alt.Tooltip("step:Q", title=labels["step"]),
            alt.Tooltip("x0:Q", title=labels["x0"], format=".6g"),
            alt.Tooltip("x1:Q", title=labels["x1"], format=".6g"),
            alt.Tooltip("f:Q", title=labels["f"], format=".4g")]
    if "grad_norm" in path and "grad_norm" in labels:
        tips.append(alt.Tooltip("grad_norm:Q", title=labels["grad_norm"], format=".2e"))
    x, y = alt.X("x0:Q", title=labels["x0"], scale=sx), alt.Y("x1:Q", title=labels["x1"], scale=sy)
    line = alt.Chart(visible).mark_line(
        color=VERMILLION, strokeWidth=2, clip=True,
        point=alt.OverlayMarkDef(color=VERMILLION, filled=True, size=36, clip=True),
    ).encode(x=x, y=y, order="step:Q", tooltip=tips)
    if landmarks is None:
        start = visible.head(1)
        landmarks = pd.DataFrame({
            "x0": [float(start["x0"].iloc[0]) if len(start) else np.nan, 0.0],
            "x1": [float(start["x1"].iloc[0]) if len(start) else np.nan, 0.0],
            "kind": [labels["start"], labels["minimum"]]})
    marks = landmarks.dropna(subset=["x0", "x1"])
    kinds = list(dict.fromkeys(landmarks["kind"]))
    below = len(kinds) > 2 and not side_legends
    # Black with a white rim: visible on the lightest and the darkest band alike.
    markers = alt.Chart(marks).mark_point(size=220, filled=True, color=BLACK, stroke="white",
                                          strokeWidth=1.5, clip=True).encode(
        x=x, y=y,
        # More than two landmarks: their legend goes below the plot, or it squeezes the plot.
        shape=alt.Shape("kind:N", title=None,
                        legend=alt.Legend(orient="bottom" if below else "right",
                                          columns=2 if below else 1, labelLimit=260,
                                          # the white rim would make the symbols vanish here
                                          symbolFillColor=BLACK, symbolStrokeColor=BLACK),
                        scale=alt.Scale(domain=kinds, range=list(LANDMARK_SHAPES[:len(kinds)]))),
        tooltip=[alt.Tooltip("kind:N", title=labels["point"]),
                 alt.Tooltip("x0:Q", title=labels["x0"], format=".6g"),
                 alt.Tooltip("x1:Q", title=labels["x1"], format=".6g")])
    return alt.layer(heat, line, markers).properties(title=labels["title"], height=SQUARE)


def descent_progress_chart(path: pd.DataFrame, labels: dict, field: str = "distance"
                           ) -> alt.Chart:
    """One quantity of the run at each step on a log axis (by default the distance to the
    minimum): a geometric approach or blow-up is a straight line.

    Exact zeros (lr 0.5 lands on the minimum in one step) and overflows are left out.
    """
    data = path[np.isfinite(path[field]) & (path[field] > 0)]
    return alt.Chart(data).mark_line(point=True, color=BLUE, strokeWidth=2).encode(
        x=alt.X("step:Q", title=labels["x"]),
        y=alt.Y(f"{field}:Q", title=labels["y"], scale=alt.Scale(type="log"),
                axis=alt.Axis(format=".0e")),
        tooltip=[alt.Tooltip("step:Q", title=labels["x"]),
                 alt.Tooltip(f"{field}:Q", title=labels["y"], format=".4e"),
                 alt.Tooltip("f:Q", title=labels["f"], format=".4e")],
    ).properties(title=labels["title"], height=HEIGHT - 80)


def symlog_ticks(lo: float, hi: float, constant: float) -> list[float]:
    """0 and ±10^k from the symlog constant up to the data's range: readable decade ticks."""
    top = max(abs(lo), abs(hi), constant)
    decades = [10.0**k for k in range(int(np.floor(np.log10(constant))),
                                      int(np.ceil(np.log10(top))) + 1)]
    ticks = [0.0] + [d for d in decades if d <= hi * 1.0001] + [-d for d in decades
                                                                if -d >= lo * 1.0001]
    return sorted(ticks)


def gradient_check_chart(table: pd.DataFrame, labels: dict, symlog_constant: float = 1e-5
                         ) -> alt.Chart:
    """Numerical against backprop derivative per sampled parameter, beside the line y = x.

    Symmetric-log axes: gradients of a freshly initialised net span many decades around 0.
    """
    lo = float(min(table["numerical"].min(), table["backprop"].min()))
    hi = float(max(table["numerical"].max(), table["backprop"].max()))
    if hi == lo:
        lo, hi = lo - 1.0, hi + 1.0
    scale = alt.Scale(type="symlog", constant=symlog_constant)
    axis = alt.Axis(values=symlog_ticks(lo, hi, symlog_constant), format="~g", grid=True)
    # Enough points along y = x that the dashed line follows the symlog bend.
    diag = np.unique(np.concatenate([np.linspace(lo, hi, 81), [0.0]]))
    diagonal = alt.Chart(pd.DataFrame({"a": diag})).mark_line(
        color=BLACK, strokeDash=[6, 4], strokeWidth=1.5).encode(
        x=alt.X("a:Q", title=labels["x"], scale=scale, axis=axis),
        y=alt.Y("a:Q", title=labels["y"], scale=scale, axis=axis))
    dots = alt.Chart(table).mark_point(filled=True, size=70, opacity=0.85).encode(
        x=alt.X("backprop:Q", title=labels["x"], scale=scale, axis=axis),
        y=alt.Y("numerical:Q", title=labels["y"], scale=scale, axis=axis),
        color=alt.Color("param:N", title=labels["param"],
                        scale=categorical(list(dict.fromkeys(table["param"])))),
        shape=alt.Shape("param:N", legend=None),
        tooltip=[alt.Tooltip("param:N", title=labels["param"]),
                 alt.Tooltip("index:Q", title=labels["index"]),
                 alt.Tooltip("backprop:Q", title=labels["x"], format=".10g"),
                 alt.Tooltip("numerical:Q", title=labels["y"], format=".10g"),
                 alt.Tooltip("abs_diff:Q", title=labels["abs_diff"], format=".2e")],
    )
    return (diagonal + dots).properties(title=labels["title"], height=HEIGHT)
