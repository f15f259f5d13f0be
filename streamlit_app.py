"""The frame: navigation over the lessons and the sidebar every page shares."""

from __future__ import annotations

import streamlit as st

from pages import shared


st.set_page_config(page_title="从数据中学习 · Learning from Data", page_icon="🧠", layout="wide")

shared.draw_sidebar()

# In the order of the lesson (chapter 4); titles follow the chosen language.
LESSONS = (
    ("pages/learning_from_data.py", "nav.learning", "📚", "learning-from-data"),
    ("pages/loss_functions.py", "nav.loss", "📉", "loss-functions"),
    ("pages/mini_batch.py", "nav.minibatch", "🎲", "mini-batch"),
    ("pages/why_loss.py", "nav.why_loss", "🤔", "why-a-loss"),
    # url_path must differ from the file's stem: AppTest resets PagesManager.uses_pages_directory
    # before every run, and a pages/ hash that matches a v1 page name runs the page *without*
    # this frame (no sidebar). "gradient" == pages/gradient.py's stem, hence "gradients".
    ("pages/gradient.py", "nav.gradient", "⛰️", "gradients"),
    ("pages/training_lab.py", "nav.lab", "🧪", "training-lab"),
)
pages = [
    st.Page(path, title=shared.tr(key), icon=icon, url_path=url, default=(i == 0))
    for i, (path, key, icon, url) in enumerate(LESSONS)
]
st.navigation(pages).run()
