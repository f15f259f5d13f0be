"""Colour-blind-safe palette and shared chart styling (Altair only, no Streamlit)."""

from __future__ import annotations

import altair as alt

# Plots keep their set height whatever their legend needs below them, and fit the width:
# Streamlit's default "fit" squeezed a plot to ~40 px under a legend of four runs, and made
# two charts side by side uneven.
FIT_WIDTH = {"type": "fit-x", "contains": "padding"}

# Okabe & Ito (2008): distinguishable under the common colour-vision deficiencies.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
TRAIN_COLOUR, TEST_COLOUR = OKABE_ITO[0], OKABE_ITO[1]
DIVERGING_SCHEME = "blueorange"  # heat maps: colour-blind-safe diverging scheme
SEQUENTIAL_SCHEME = "viridis"

BASE_FONT, PRESENT_FONT = 13, 22


def categorical(domain: list[str] | None = None) -> alt.Scale:
    """A colour scale over the Okabe-Ito palette."""
    if domain is None:
        return alt.Scale(range=list(OKABE_ITO))
    return alt.Scale(domain=domain, range=list(OKABE_ITO[: max(1, len(domain))]) * 2)


def pixel_cell(df, caption: str, caption_title: str, labels: dict[str, str],
               size: int) -> alt.Chart:
    """One image as a grey-scale heat map (columns row, col, value), to facet by `caption`."""
    return alt.Chart(df).mark_rect().encode(
        x=alt.X("col:O", axis=None),
        y=alt.Y("row:O", axis=None),
        color=alt.Color("value:Q", scale=alt.Scale(scheme="greys"), legend=None),
        tooltip=[
            alt.Tooltip(f"{caption}:N", title=caption_title),
            alt.Tooltip("row:O", title=labels["row"]),
            alt.Tooltip("col:O", title=labels["col"]),
            alt.Tooltip("value:Q", title=labels["value"], format=".2f"),
        ],
    ).properties(width=size, height=size)


def presentation_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Larger titles, labels and marks for projection at the back of a classroom."""
    return chart.configure_axis(
        labelFontSize=PRESENT_FONT - 4, titleFontSize=PRESENT_FONT
    ).configure_legend(
        labelFontSize=PRESENT_FONT - 4, titleFontSize=PRESENT_FONT
    ).configure_title(fontSize=PRESENT_FONT + 6).configure_header(
        labelFontSize=PRESENT_FONT - 2, titleFontSize=PRESENT_FONT
    )
