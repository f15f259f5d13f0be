"""The frame: navigation over the lessons and the sidebar every page shares."""

from __future__ import annotations

import streamlit as st

from pages import shared


st.set_page_config(page_title="从数据中学习 · Learning from Data", page_icon="🧠", layout="wide")

with shared.frame_scope():
    shared.draw_sidebar()

# In the order of the lesson (chapter 4); titles follow the chosen language.
LESSONS = (
    ("pages/learning_from_data.py", "nav.learning", "📚", "learning-from-data"),
    ("pages/loss_functions.py", "nav.loss", "📉", "loss-functions"),
    ("pages/mini_batch.py", "nav.minibatch", "🎲", "mini-batch"),
    ("pages/why_loss.py", "nav.why_loss", "🤔", "why-a-loss"),
    # Each address (but the default page's, "/") also names a file pages/<address>.py that
    # runs this frame: see shared.run_frame. An address must differ from a lesson file's stem,
    # or that old-mode lookup would run the lesson without this frame ("gradients", not
    # "gradient").
    ("pages/gradient.py", "nav.gradient", "⛰️", "gradients"),
    ("pages/training_lab.py", "nav.lab", "🧪", "training-lab"),
    ("pages/draw.py", "nav.draw", "✍️", "draw-a-digit"),
    ("pages/class_experiment.py", "nav.class", "🏫", "class-experiment"),
)
pages = [
    st.Page(path, title=shared.tr(key), icon=icon, url_path=url, default=(i == 0))
    for i, (path, key, icon, url) in enumerate(LESSONS)
]
st.navigation(pages).run()
