"""The training lab without Streamlit: a session's runs and their life (session), the live
charts as data (live), and what a student takes away (exports)."""

from core.lab.session import LabRun, LabSession, Status, new_run, train_slice

__all__ = ["LabRun", "LabSession", "Status", "new_run", "train_slice"]
