"""Placeholder until the lesson lands."""

import streamlit as st

from pages import shared

st.title(shared.tr("app.title"))
