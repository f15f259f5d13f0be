"""Presentation mode on a projector: every scene of every lesson fits 1280x720 and 1024x768.

Each lesson opens in a fresh session on the projector (`present=1`); the test walks its scenes
with the ▶ button, and at each scene measures the page's own geometry at both projector sizes
(resizing the window needs no rerun): nothing wider than the screen, nothing but the collapsed
notes below its bottom, a main chart that fills 40 % of its height, no text cut with an
ellipsis, no word broken over two lines, no error. The failures of a lesson are reported
together. Every scene's screen also goes into a contact sheet per language and size,
tests/e2e/screenshots/scenes-<lang>-<width>x<height>.png (gitignored), for a person to look at.
"""

from __future__ import annotations

import importlib
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.i18n import t
from pages import scenes
from tests.e2e import harness

SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1024, 768))
CHART_SHARE = 0.4  # the main chart's plot: at least this share of the screen's height
LOSS = harness.PAGES["loss_functions"]


def lesson_scenes(script: str) -> tuple[scenes.Scene, ...]:
    return getattr(importlib.import_module(f"pages.{Path(script).stem}"), "SCENES", ())


DECKS = [(Path(script).stem, address, lesson_scenes(script))
         for script, _, _, address in harness.LESSONS]


# ------------------------------------------------------------------ what the page measures
# Runs in the page: every problem of the scene on the screen as it is, as short texts.
MEASURE_JS = """({notes, share}) => {
  const W = window.innerWidth, H = window.innerHeight;
  const doc = document.documentElement;
  const main = document.querySelector("[data-testid='stMain']");
  const block = document.querySelector("[data-testid='stMainBlockContainer']");
  const problems = [];
  const px = v => Math.round(v);
  main.scrollTop = 0;

  // a. nothing wider than the screen
  for (const [name, el] of [["page", doc], ["main", main], ["main block", block]]) {
    if (el.scrollWidth > el.clientWidth + 1)
      problems.push(`overflow: ${name} is ${el.scrollWidth} px wide in ${el.clientWidth}`);
  }

  // the collapsed notes (📝) may hang below the screen; nothing else may
  const notesBlock = [...block.querySelectorAll("[data-testid='stExpander']")].reverse()
    .find(e => (e.querySelector("summary") || e).innerText.includes(notes));
  const shown = el => {
    if (notesBlock && notesBlock.contains(el)) return false;
    // a collapsed expander's body keeps its boxes in Chromium, but nothing of it is seen
    const closed = el.closest("details:not([open])");
    if (closed && !el.closest("summary") && el !== closed) return false;
    const r = el.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1 && getComputedStyle(el).visibility !== "hidden";
  };
  const keyOf = el => {
    const keyed = el.closest("[class*='st-key-']");
    const m = keyed && keyed.className.match(/st-key-([\\w-]+)/);
    return m ? m[1] : "";
  };
  const describe = el => {
    const inner = el.firstElementChild || el;
    const chart = el.querySelector("canvas.marks, svg.marks");
    const kind = chart ? "chart" : inner.getAttribute("data-testid") || inner.tagName.toLowerCase();
    const text = chart ? "" : (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    const key = keyOf(el);
    return `${kind}${key ? "[" + key + "]" : ""}${text ? " '" + text + "'" : ""}`;
  };
  const WIDGETS = ["stSlider", "stSelectbox", "stMultiSelect", "stRadio", "stNumberInput",
    "stTextInput", "stTextArea", "stButton", "stFormSubmitButton", "stCheckbox", "stButtonGroup",
    "stFileUploader", "stDownloadButton", "stCustomComponentV1", "stIFrame", "stColorPicker"];
  const elements = [...block.querySelectorAll("[data-testid='stElementContainer']")].filter(shown);
  const firstWidget = elements.find(el => !el.closest(".st-key-scene_bar") && el.querySelector(
    WIDGETS.map(w => `[data-testid='${w}']`).join(", ")));

  // b. the scene fits: every element inside the screen
  let lowest = 0;
  for (const el of elements) {
    const r = el.getBoundingClientRect();
    lowest = Math.max(lowest, r.bottom);
    const tag = el.closest("[class*='st-key-main_chart']") ? " (main chart)"
      : el === firstWidget ? " (first widget)" : "";
    if (r.bottom > H + 2)
      problems.push(`below the screen: ${describe(el)}${tag} ends at ${px(r.bottom)} > ${H}`);
    if (r.right > W + 1 || r.left < -1)
      problems.push(`beside the screen: ${describe(el)}${tag} spans ${px(r.left)}..${px(r.right)} of ${W}`);
  }

  // c. the main chart: its plot (from Vega's own view) at least `share` of the screen's height
  const viewOf = el => {  // the Vega view Streamlit keeps in a React ref of the chart
    const isView = v => v && typeof v === "object" && typeof v.scenegraph === "function"
      && typeof v.signal === "function";
    for (let d = el; d; d = d.parentElement) {
      const fiber = Object.keys(d).find(k => k.startsWith("__reactFiber$"));
      if (!fiber) continue;
      for (let f = d[fiber]; f; f = f.return) {
        for (let h = f.memoizedState, i = 0; h && typeof h === "object" && i < 64; h = h.next, i++) {
          const m = h.memoizedState;
          if (isView(m)) return m;
          if (m && typeof m === "object" && isView(m.current)) return m.current;
        }
      }
      return null;
    }
    return null;
  };
  const plotHeight = view => {
    // Concatenated or faceted charts: the union of their cells' heights on the y axis.
    const spans = [];
    const walk = (item, x, y) => {
      for (const mark of item.items || []) {
        // the plot's own groups only: a legend's entries are "scope" groups too
        if (mark.marktype !== "group" || !["frame", "scope", "cell"].includes(mark.role)) continue;
        for (const g of mark.items || []) {
          const gy = y + (g.y || 0);  // a cell's y is its group's
          if ((mark.role === "scope" || mark.role === "cell") && g.height > 0)
            spans.push([gy, gy + g.height]);
          walk(g, x + (g.x || 0), gy);
        }
      }
    };
    walk({items: [view.scenegraph().root]}, 0, 0);
    if (!spans.length) {  // a single or layered chart: its plot is the view's height
      try { return view.signal("height"); } catch (e) { return null; }
    }
    spans.sort((p, q) => p[0] - q[0]);
    let total = 0, end = -Infinity;
    for (const [a, b] of spans) { total += Math.max(0, b - Math.max(a, end)); end = Math.max(end, b); }
    return total;
  };
  const charts = [];
  for (const box of block.querySelectorAll("[class*='st-key-main_chart']")) {
    const drawn = box.querySelector("canvas.marks, svg.marks");
    if (!drawn || !shown(drawn)) {
      problems.push(`main chart ${keyOf(box)}: nothing drawn`);
      continue;
    }
    const canvas = drawn.getBoundingClientRect().height;
    const view = viewOf(drawn);
    const plot = view ? plotHeight(view) : null;
    const height = plot == null ? canvas : plot;
    charts.push({key: keyOf(box), plot: plot == null ? null : px(plot), canvas: px(canvas)});
    if (height < share * H - 0.5)
      problems.push(`small main chart ${keyOf(box)}: ${plot == null ? "canvas" : "plot"} ` +
        `${px(height)} px < ${Math.round(share * 100)} % of ${H} (${px(share * H)}); canvas ${px(canvas)} px`);
  }

  // d. no text cut: text in a box that clips it (ellipsis, hidden overflow, an input's value)
  for (const el of block.querySelectorAll("*")) {
    // (KaTeX's MathML copy is for screen readers: a 1 px box that clips on purpose)
    if (!shown(el) || el.closest(".st-key-scene_keys, .katex-mathml")) continue;
    const input = el.tagName === "INPUT";
    const text = input ? (el.value || "").trim() : (el.innerText || "").trim();
    if (!text || (input && el.type !== "text" && el.type !== "number")) continue;
    const s = getComputedStyle(el);
    const clips = input || s.textOverflow === "ellipsis" || ["hidden", "clip"].includes(s.overflowX);
    if (clips && el.scrollWidth > el.clientWidth + 1)
      problems.push(`cut text: ${describe(el.closest("[data-testid='stElementContainer']") || el)} ` +
        `'${text.slice(0, 30)}' needs ${el.scrollWidth} px in ${el.clientWidth}`);
  }

  // e. no word broken over two lines (Chinese may break between characters)
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !shown(parent) || parent.closest(".katex, .st-key-scene_keys, style, script")) continue;
    for (const m of node.textContent.matchAll(/[A-Za-z0-9][A-Za-z0-9.'’_]*[A-Za-z0-9]/g)) {
      if (!/[A-Za-z]/.test(m[0])) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top);
      if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 2)
        problems.push(`word broken over two lines: '${m[0]}' in ` +
          describe(parent.closest("[data-testid='stElementContainer']") || parent));
    }
  }

  const bar = document.querySelector(".st-key-scene_bar");
  const counter = bar ? (bar.innerText.match(/(\\d+)\\s*\\/\\s*(\\d+)/) || []).slice(1).join("/") : "";
  return {problems: [...new Set(problems)], charts, lowest: px(lowest), counter};
}"""


def measure(page: Any) -> dict[str, Any]:
    lang = "zh" if "lang=zh" in page.url else "en"
    return page.evaluate(MEASURE_JS, {"notes": t("scene.notes", lang), "share": CHART_SHARE})


# ------------------------------------------------------------------ the contact sheets
TILE_HEIGHT, LABEL_HEIGHT, COLUMNS = 270, 24, 6


def tile(png: bytes, label: str) -> Any:
    """One scene's screen, shrunk, with its address and number above it."""
    from PIL import Image, ImageDraw, ImageFont

    shot = Image.open(io.BytesIO(png)).convert("RGB")
    width = round(shot.width * TILE_HEIGHT / shot.height)
    out = Image.new("RGB", (width, TILE_HEIGHT + LABEL_HEIGHT), "white")
    out.paste(shot.resize((width, TILE_HEIGHT), Image.Resampling.LANCZOS), (0, LABEL_HEIGHT))
    ImageDraw.Draw(out).text((4, 3), label, fill="black", font=ImageFont.load_default(size=16))
    return out


def compose(tiles: list[Any], path: Path) -> Path:
    from PIL import Image

    width = max(t.width for t in tiles)
    rows = -(-len(tiles) // COLUMNS)
    sheet = Image.new("RGB", (COLUMNS * (width + 6), rows * (TILE_HEIGHT + LABEL_HEIGHT + 6)),
                      (200, 200, 200))
    for i, one in enumerate(tiles):
        row, column = divmod(i, COLUMNS)
        sheet.paste(one, (column * (width + 6), row * (TILE_HEIGHT + LABEL_HEIGHT + 6)))
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)
    return path


TILES = harness.SCREENSHOTS / "scenes"  # one small picture per scene, language and size


def tile_path(lang: str, size: tuple[int, int], index: int, number: int) -> Path:
    _, address, deck = DECKS[index]
    return (TILES / f"{lang}-{size[0]}x{size[1]}"
            / f"{index:02d}-{number:02d}-{address}-{deck[number - 1].key}.png")


@pytest.fixture(scope="module")
def contact_sheets() -> Iterator[None]:
    """Once the module is done, a sheet per language and size from the tiles of every scene
    (a run of some lessons only replaces theirs: the sheet keeps the others')."""
    yield
    from PIL import Image

    for lang in harness.LANGS:
        for size in SIZES:
            paths = [tile_path(lang, size, index, number) for index, (_, _, deck) in
                     enumerate(DECKS) for number in range(1, len(deck) + 1)]
            tiles = [Image.open(p) for p in paths if p.exists()]
            if tiles:
                compose(tiles, harness.SCREENSHOTS / f"scenes-{lang}-{size[0]}x{size[1]}.png")


# ------------------------------------------------------------------ walking the deck
def next_scene(page: Any) -> None:
    button = page.locator(f".st-key-{scenes.NEXT} button").first  # (its tooltip's is second)
    harness.rerun_after(page, button.click)
    # The pointer rests on the bar's title, away from ▶ and its tooltip in the screenshot.
    title = page.locator(".st-key-scene_bar [data-testid='stMarkdownContainer']").first.bounding_box()
    if title:
        page.mouse.move(title["x"] + 5, title["y"] + 5)


@pytest.mark.parametrize("lang", harness.LANGS)
@pytest.mark.parametrize(("index", "name", "address", "deck"),
                         [pytest.param(i, *d, id=d[0]) for i, d in enumerate(DECKS)])
def test_every_scene_fits_the_projector(page, app_server, contact_sheets, index: int, name: str,
                                        address: str, deck: tuple[scenes.Scene, ...],
                                        lang: str) -> None:
    assert deck, f"{name} declares no SCENES"
    width, height = SIZES[0]
    page.set_viewport_size({"width": width, "height": height})
    harness.open_app(page, app_server, harness.PAGES[name], {"lang": lang, "present": "1"},
                     timeout_ms=90_000)
    failures: list[str] = []
    sizes = list(SIZES)
    for number, scene in enumerate(deck, 1):
        if number > 1:
            next_scene(page)
        where = f"{address} scene {number} '{scene.key}' {lang}"
        for size in sizes:  # the size left from the scene before first: one resize less
            if page.viewport_size != {"width": size[0], "height": size[1]}:
                page.set_viewport_size({"width": size[0], "height": size[1]})
            harness.wait_for_stable_layout(page, quiet_ms=250)
            found = measure(page)
            print(f"{where} {size[0]}x{size[1]}: lowest {found['lowest']}, "
                  f"charts {found['charts']}")
            problems = list(found["problems"])
            if found["counter"] != f"{number}/{len(deck)}":
                problems.append(f"counter says {found['counter']!r}, not {number}/{len(deck)}")
            if number > 1 and f"scene={number}" not in page.url:
                problems.append(f"address {page.url} does not name scene={number}")
            problems += [f"error: {text[:200]}" for text in harness.error_texts(page)]
            failures += [f"{where} {size[0]}x{size[1]}: {p}" for p in problems]
            path = tile_path(lang, size, index, number)
            path.parent.mkdir(parents=True, exist_ok=True)
            tile(page.screenshot(), f"/{address} {number} {scene.key}").save(path)
        sizes.reverse()
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)


# ------------------------------------------------------------------ a clicker's keys
def counter(page: Any) -> str:
    text = page.locator(".st-key-scene_bar").inner_text()
    found = re.search(r"(\d+)\s*/\s*(\d+)", text)
    return f"{found[1]}/{found[2]}" if found else text


def press(page: Any, key: str) -> None:
    harness.rerun_after(page, lambda: page.keyboard.press(key))


def test_a_clickers_keys_move_through_the_scenes(page, app_server) -> None:
    page.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    harness.open_app(page, app_server, LOSS, {"lang": "en", "present": "1"}, timeout_ms=90_000)
    total = len(lesson_scenes("pages/loss_functions.py"))
    assert counter(page) == f"1/{total}"
    for key, number in (("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowLeft", 3),
                        ("PageUp", 2)):
        press(page, key)
        assert counter(page) == f"{number}/{total}", key
        assert f"scene={number}" in page.url, (key, page.url)

    # Keys typed into a field are the field's: scene 2 holds the ten probabilities.
    field = page.locator("[data-testid='stMain'] [data-testid='stNumberInput'] input").first
    field.click()
    runs = harness.runs_finished(page)
    for key in ("ArrowRight", "PageDown", "Space", "ArrowLeft", "PageUp"):
        page.keyboard.press(key)
    page.wait_for_timeout(1500)  # a scene change would have started a run by now
    assert harness.runs_finished(page) == runs
    assert counter(page) == f"2/{total}"
    assert "scene=2" in page.url
