"""The frame: navigation over the lessons and the sidebar every page shares."""

from __future__ import annotations

import streamlit as st

from core.lab.gate import GATE
from pages import shared
from pages.lessons import LESSONS

st.set_page_config(page_title="从数据中学习 · Learning from Data", page_icon="🧠", layout="wide")

# A page's full run goes before training slices (core/lab/gate.py): a click is answered first.
with GATE.page_run():
    with shared.frame_scope():
        shared.draw_sidebar()
    if shared.presentation():  # the projector's whole width for the scene; the toggle stays
        st.set_page_config(initial_sidebar_state="collapsed")

    # The lessons in the chapter's order (pages/lessons.py); titles follow the chosen language.
    pages = [
        st.Page(lesson.script, title=shared.tr(lesson.title_key), icon=lesson.icon,
                url_path=lesson.address, default=(i == 0))
        for i, lesson in enumerate(LESSONS)
    ]
    st.navigation(pages).run()
