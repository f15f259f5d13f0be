"""The drawing pad: a Streamlit bidirectional component (st.components.v2) with inline
HTML, CSS and JavaScript, no build step and no third-party canvas package.

Pointer events serve a mouse, a finger and a pen alike. At the end of each stroke (and after
Undo or Clear) the pad sends back one state value, `drawing`:
{"bitmap": base64 of PAD_SIDE x PAD_SIDE bytes of ink, "strokes": [[x0, y0, x1, y1, ...], ...]}.
The bitmap is what Python reads (core.drawing); the strokes only let the pad draw itself
again when it is mounted anew (after a visit to another page).

The HTML, CSS and JS below are constants: nothing a user typed or drew is ever put into them.
What changes (button labels, pen width, the strokes to redraw) arrives as the mount's `data`,
a JSON value the script reads as numbers and sets as text (textContent), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from core.drawing import CANVAS_SIDE, PAD_SIDE

NAME = "lfd_draw_pad"

HTML = """
<div class="lfd-pad">
  <canvas class="lfd-pad-canvas" role="img"></canvas>
  <div class="lfd-pad-buttons">
    <button type="button" class="lfd-pad-undo"></button>
    <button type="button" class="lfd-pad-clear"></button>
  </div>
</div>
"""

CSS = """
.lfd-pad { display: flex; flex-direction: column; gap: 0.5rem; width: 100%; max-width: 340px; }
.lfd-pad-canvas {
  width: 100%; aspect-ratio: 1 / 1; box-sizing: border-box; display: block;
  background: #ffffff; border: 2px solid var(--st-border-color, #d0d0d8);
  border-radius: var(--st-base-radius, 0.5rem);
  touch-action: none;  /* a finger draws instead of scrolling or zooming the page */
  cursor: crosshair;
}
.lfd-pad-buttons { display: flex; gap: 0.5rem; }
.lfd-pad-buttons button {
  flex: 1 1 0; padding: 0.4rem 0.75rem; font: inherit; font-size: var(--st-base-font-size, 1rem);
  color: var(--st-text-color, #31333f); background: var(--st-background-color, #ffffff);
  border: 1px solid var(--st-border-color, #d0d0d8);
  border-radius: var(--st-button-radius, 0.5rem); cursor: pointer;
}
.lfd-pad-buttons button:hover:not(:disabled) { border-color: var(--st-primary-color, #ff4b4b); color: var(--st-primary-color, #ff4b4b); }
.lfd-pad-buttons button:disabled { opacity: 0.45; cursor: not-allowed; }
"""  # noqa: E501 - CSS rules, one per line

# The canvas draws at CANVAS_SIDE pixels whatever its size on screen; the bitmap sent back is
# PAD_SIDE square, each pixel the mean of a block of the canvas's ink (alpha) values.
JS = """
const CANVAS = %(canvas)d;
const SIDE = %(side)d;
const MAX_STROKES = 200, MAX_POINTS = 4000;

function numbers(list) {
  return Array.isArray(list) ? list.map(Number).filter(Number.isFinite) : [];
}

export default function ({ parentElement, data, setStateValue }) {
  const canvas = parentElement.querySelector(".lfd-pad-canvas");
  const undo = parentElement.querySelector(".lfd-pad-undo");
  const clear = parentElement.querySelector(".lfd-pad-clear");
  const d = data || {};
  const width = Math.min(Math.max(Number(d.line) || 22, 2), 80);
  undo.textContent = String(d.undo || "Undo");
  clear.textContent = String(d.clear || "Clear");
  canvas.setAttribute("aria-label", String(d.label || ""));
  if (canvas.width !== CANVAS || canvas.height !== CANVAS) {  // a canvas starts at 300 x 150
    canvas.width = CANVAS;
    canvas.height = CANVAS;
  }
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  // Streamlit calls this function again when `data` changes but keeps the element, and does
  // not run the previous call's cleanup first: remove the old listeners here, or one click on
  // Undo would undo once per earlier call.
  if (canvas.lfdCleanup) canvas.lfdCleanup();

  // The strokes live on the canvas element: a rerun that calls this function again (a new
  // language, another pen) keeps them; a pad mounted anew starts from the strokes Python kept.
  let state = canvas.lfdState;
  const fresh = !state;
  if (fresh) {
    const kept = Array.isArray(d.strokes) ? d.strokes.slice(0, MAX_STROKES) : [];
    state = canvas.lfdState = { strokes: kept.map(numbers).filter(s => s.length >= 2), current: null, line: width };
  }

  function paint() {
    ctx.clearRect(0, 0, CANVAS, CANVAS);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.lineWidth = width;
    ctx.strokeStyle = "#000000";
    ctx.fillStyle = "#000000";
    const all = state.current ? state.strokes.concat([state.current]) : state.strokes;
    for (const s of all) {
      if (s.length < 4) {  // a tap: a round dot as wide as the pen
        ctx.beginPath();
        ctx.arc(s[0], s[1], width / 2, 0, 2 * Math.PI);
        ctx.fill();
        continue;
      }
      ctx.beginPath();
      ctx.moveTo(s[0], s[1]);
      for (let i = 2; i + 1 < s.length; i += 2) ctx.lineTo(s[i], s[i + 1]);
      ctx.stroke();
    }
    undo.disabled = clear.disabled = state.strokes.length === 0;
  }

  function send() {
    const ink = ctx.getImageData(0, 0, CANVAS, CANVAS).data;
    const k = CANVAS / SIDE;
    const bytes = new Uint8Array(SIDE * SIDE);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        let sum = 0;
        for (let dy = 0; dy < k; dy++)
          for (let dx = 0; dx < k; dx++) sum += ink[((y * k + dy) * CANVAS + x * k + dx) * 4 + 3];
        bytes[y * SIDE + x] = Math.round(sum / (k * k));
      }
    }
    let text = "";
    for (let i = 0; i < bytes.length; i += 4096)
      text += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096));
    setStateValue("drawing", {
      bitmap: btoa(text),
      strokes: state.strokes.map(s => s.map(v => Math.round(v * 10) / 10)),
    });
  }

  function at(event) {
    const box = canvas.getBoundingClientRect();
    const x = (event.clientX - box.left) * CANVAS / box.width;
    const y = (event.clientY - box.top) * CANVAS / box.height;
    return [Math.min(Math.max(x, 0), CANVAS), Math.min(Math.max(y, 0), CANVAS)];
  }

  function down(event) {
    if (event.button > 0 || state.strokes.length >= MAX_STROKES) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    state.current = at(event);
    paint();
  }

  function move(event) {
    if (!state.current) return;
    event.preventDefault();
    const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (const e of events.length ? events : [event]) {
      if (state.current.length < 2 * MAX_POINTS) state.current.push(...at(e));
    }
    paint();
  }

  function up(event) {
    if (!state.current) return;
    event.preventDefault();
    state.strokes.push(state.current);
    state.current = null;
    paint();
    send();
  }

  function undoLast() {
    state.strokes.pop();
    paint();
    send();
  }

  function clearAll() {
    state.strokes = [];
    paint();
    send();
  }

  canvas.addEventListener("pointerdown", down);
  canvas.addEventListener("pointermove", move);
  canvas.addEventListener("pointerup", up);
  canvas.addEventListener("pointercancel", up);
  undo.addEventListener("click", undoLast);
  clear.addEventListener("click", clearAll);
  paint();
  if (!fresh && state.line !== width && state.strokes.length) send();  // a new pen: new ink
  state.line = width;

  const cleanup = () => {
    canvas.removeEventListener("pointerdown", down);
    canvas.removeEventListener("pointermove", move);
    canvas.removeEventListener("pointerup", up);
    canvas.removeEventListener("pointercancel", up);
    undo.removeEventListener("click", undoLast);
    clear.removeEventListener("click", clearAll);
    if (canvas.lfdCleanup === cleanup) canvas.lfdCleanup = null;
  };
  canvas.lfdCleanup = cleanup;
  return cleanup;
}
""" % {"canvas": CANVAS_SIDE, "side": PAD_SIDE}

# Registered once, when this module is first imported; mounted on every run of the page.
_PAD = st.components.v2.component(NAME, html=HTML, css=CSS, js=JS)


def pad(*, key: str, line: int, labels: dict[str, str], strokes: Sequence[Sequence[float]],
        on_change: Callable[[], None]) -> Any:
    """Mount the pad. labels: undo, clear, label (the canvas's accessible name)."""
    data = {"line": int(line), "undo": labels["undo"], "clear": labels["clear"],
            "label": labels["label"], "strokes": [list(s) for s in strokes]}
    return _PAD(key=key, data=data, on_drawing_change=on_change, width="stretch")
