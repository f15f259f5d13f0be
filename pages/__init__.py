"""Lesson pages (UI only) and the Streamlit helpers they share (pages.shared)."""
