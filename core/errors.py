"""The project's own error types: each carries a message key the UI translates."""

from __future__ import annotations


class LearningError(Exception):
    """Base error: `key` names a string in the i18n table, `params` fill its placeholders."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}" if params else key)


class DataError(LearningError):
    """A data set could not be loaded, parsed or split."""


class DownloadError(DataError):
    """A remote file could not be fetched or failed verification."""


class ConfigError(LearningError):
    """A hyperparameter or configuration value is out of its allowed range."""


class RoomError(LearningError):
    """A class experiment refused a request: unknown or closed room, a bad posted value."""
