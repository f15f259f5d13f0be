"""Learning engine of 'Learning from Data': pure NumPy, no Streamlit.

Names follow chapter 4 of *Deep Learning from Scratch* so a reader of the book finds them.
"""

from core.errors import ConfigError, DataError, DownloadError, LearningError
from core.i18n import LANGS, t

__all__ = [
    "ConfigError",
    "DataError",
    "DownloadError",
    "LANGS",
    "LearningError",
    "t",
]
