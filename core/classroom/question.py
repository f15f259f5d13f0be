"""The question a class experiment asks: which setting varies, over which values, and how
each student gets theirs (assigned in turn from the teacher's list, or chosen from it).

"free" lets every student use their own settings; the board then groups the runs by what
differs from the room's settings.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.compare import describe_setting, describe_value
from core.errors import ConfigError, RoomError
from core.i18n import t
from core.training import CHOICES, validate_config

VARIED: tuple[str, ...] = ("learning_rate", "batch_size", "activation", "loss", "hidden_size",
                           "free")
NUMERIC: frozenset[str] = frozenset({"learning_rate", "batch_size", "hidden_size"})
MODES: tuple[str, ...] = ("assigned", "choice")
MAX_VALUES = 8  # one Okabe-Ito colour per value on the board
DEFAULT_VALUES: Mapping[str, tuple[Any, ...]] = {
    "learning_rate": (0.01, 0.1, 1.0, 10.0),  # crawls, learns, best, too large (chapter 4)
    "batch_size": (10, 100, 1000),
    "activation": ("step", "sigmoid", "relu", "tanh"),
    "loss": ("cross_entropy", "mse"),
    "hidden_size": (2, 10, 50, 200),
    "free": (),
}
# Settings a free-mode label may name (what a student can change in the lab).
LABEL_KEYS: tuple[str, ...] = ("loss", "activation", "batch_size", "learning_rate",
                               "hidden_layers", "hidden_size", "weight_init", "optimizer",
                               "epochs", "sampling", "train_size")
_SPLIT = re.compile(r"[,;，；\s]+")


def check_value(setting: str, value: Any) -> Any:
    """One value of `setting`, checked as the engine checks it (a float learning rate, an
    int batch or layer size, a known activation or loss); RoomError otherwise."""
    if setting not in VARIED or setting == "free":
        raise RoomError("err.room.setting", setting=str(setting)[:40])
    if setting in CHOICES and not isinstance(value, str):
        raise RoomError("err.room.value", value=str(value)[:40])
    try:
        return validate_config({setting: value})[setting]
    except ConfigError as error:
        raise RoomError("err.room.value", value=str(value)[:40]) from error


def check_values(setting: str, values: Sequence[Any]) -> tuple[Any, ...]:
    """The teacher's list: each value checked, repeats dropped, numbers in increasing order,
    2 to MAX_VALUES of them ("free" takes none)."""
    if setting == "free":
        return ()
    checked: list[Any] = []
    for value in values:
        value = check_value(setting, value)
        if value not in checked:
            checked.append(value)
    if setting in NUMERIC:
        checked.sort()
    if not 2 <= len(checked) <= MAX_VALUES:
        raise RoomError("err.room.count", n=len(checked), most=MAX_VALUES)
    return tuple(checked)


def parse_values(setting: str, text: str) -> tuple[Any, ...]:
    """A typed list of numbers ("0.01, 0.1, 1, 10") as checked values of `setting`."""
    if len(text) > 200:
        raise RoomError("err.room.count", n=len(text), most=MAX_VALUES)
    values: list[Any] = []
    for part in (p for p in _SPLIT.split(text.strip()) if p):
        try:
            number = float(part)
        except ValueError:
            raise RoomError("err.room.value", value=part[:40]) from None
        if not math.isfinite(number):
            raise RoomError("err.room.value", value=part[:40])
        values.append(int(number) if setting != "learning_rate" and number == int(number)
                      else number)
    return check_values(setting, values)


@dataclass(frozen=True)
class Question:
    """Which setting varies, its values, and whether values are assigned or chosen."""

    setting: str
    mode: str
    values: tuple[Any, ...]

    def __post_init__(self) -> None:
        if self.setting not in VARIED:
            raise RoomError("err.room.setting", setting=str(self.setting)[:40])
        if self.mode not in MODES:
            raise RoomError("err.room.mode", mode=str(self.mode)[:40])
        object.__setattr__(self, "values", check_values(self.setting, self.values))

    @property
    def free(self) -> bool:
        return self.setting == "free"

    def value_for(self, number: int) -> Any:
        """The value of the number-th student to join (1-based), in turn from the list; in
        "choice" mode it is only a first suggestion the student may change."""
        return None if self.free else self.values[(number - 1) % len(self.values)]

    def to_json(self) -> str:
        return json.dumps({"setting": self.setting, "mode": self.mode, "values": self.values})

    @classmethod
    def from_json(cls, text: str) -> Question:
        data = json.loads(text)
        return cls(data["setting"], data["mode"], tuple(data["values"]))


def value_label(setting: str, value: Any, lang: str) -> str:
    """A value as the board shows it: "0.01", "ReLU"; in free mode the settings that differ."""
    if setting != "free":
        return describe_value(setting, value, lang)
    parts = [describe_setting(k, value[k], lang) for k in LABEL_KEYS if k in (value or {})]
    return " · ".join(parts) or t("room.free.same", lang)


def free_value(config: Mapping[str, Any], base: Mapping[str, Any]) -> dict[str, Any]:
    """In free mode, what a student's run changed from the room's settings."""
    return {k: config.get(k) for k in LABEL_KEYS if k in config and config.get(k) != base.get(k)}



def settings_text(config: Mapping[str, Any], setting: str, lang: str) -> str:
    """The settings every run of a room keeps, in words ("cross-entropy · sigmoid · batch
    100 · 10 epochs"), without the varied one and the seed (each student has their own)."""
    return " · ".join(describe_setting(k, config[k], lang) for k in LABEL_KEYS
                      if k != setting and config.get(k) is not None)
