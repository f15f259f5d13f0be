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
LAPTOP_LABEL_FONT = 12  # axis and legend labels on a laptop
PRESENT_TITLE_FONT = PRESENT_FONT + 4  # chart titles on the projector


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


def laptop_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Readable on a laptop: axis and legend labels of at least 12 px (Vega's default is 10)."""
    return chart.configure_axis(
        labelFontSize=LAPTOP_LABEL_FONT, titleFontSize=BASE_FONT
    ).configure_legend(
        labelFontSize=LAPTOP_LABEL_FONT, titleFontSize=BASE_FONT
    ).configure_header(labelFontSize=LAPTOP_LABEL_FONT, titleFontSize=BASE_FONT)


def presentation_config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Larger titles, labels and marks for projection at the back of a classroom."""
    return chart.configure_axis(
        labelFontSize=PRESENT_FONT - 4, titleFontSize=PRESENT_FONT
    ).configure_legend(  # whole legend labels: the plot gives way, not the words
        labelFontSize=PRESENT_FONT - 4, titleFontSize=PRESENT_FONT, labelLimit=0
    ).configure_title(fontSize=PRESENT_TITLE_FONT, subtitleFontSize=PRESENT_FONT - 4).configure_header(
        labelFontSize=PRESENT_FONT - 2, titleFontSize=PRESENT_FONT
    )


def text_width(text: str, font_px: float) -> float:
    """About how wide `text` is drawn: a CJK character is as wide as the font is high, a Latin
    one a little over half (a deliberate overestimate, so that a line never runs over)."""
    return sum(font_px if ord(ch) > 0x2E7F else 0.6 * font_px for ch in text)


def wrap_line(text: str, max_px: float, font_px: float) -> list[str]:
    """`text` in lines no wider than `max_px`: broken between words (Latin) or between
    characters (Chinese), never inside a Latin word."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if line and text_width(line + token, font_px) > max_px:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return [*lines, line.rstrip()] if line.strip() else lines


def _tokens(text: str) -> list[str]:
    """Words with their leading space, and each CJK character on its own."""
    tokens: list[str] = []
    for ch in text:
        if ord(ch) > 0x2E7F or not tokens or ch == " " or ord(tokens[-1][-1]) > 0x2E7F:
            tokens.append(ch)
        else:
            tokens[-1] += ch
    return tokens


def wrapped_title(chart: alt.TopLevelMixin, max_px: float, font_px: float) -> alt.TopLevelMixin:
    """The chart with its title (a plain string) in as many lines as `max_px` needs."""
    title = getattr(chart, "title", alt.Undefined)
    if not isinstance(title, str) or text_width(title, font_px) <= max_px:
        return chart
    return chart.properties(title=alt.TitleParams(wrap_line(title, max_px, font_px)))
