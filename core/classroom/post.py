"""What a student posts when their run ends, and the checks every posted value passes.

A post is small and bounded whatever a client sends: the run's settings (known names, values
the engine accepts), its final train/test loss and accuracy (finite numbers; a loss may be
missing when the run diverged) and its loss curve thinned to at most MAX_CURVE_POINTS points.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.compare import final_metrics
from core.errors import ConfigError, RoomError
from core.history import downsample
from core.training import DEFAULT_CONFIG, LIMITS, validate_config

MAX_CURVE_POINTS = 200
MAX_NICKNAME = 30
MAX_LOSS = 1e12  # a loss beyond this is stored as missing, like an infinite one
KNOWN_SETTINGS: frozenset[str] = frozenset({*DEFAULT_CONFIG, "dataset"})
# Settings the engine never adjusts to the data: a run of the room must keep the room's.
FIXED_SETTINGS: tuple[str, ...] = ("loss", "activation", "learning_rate", "hidden_layers",
                                   "hidden_size", "weight_init", "optimizer", "epochs",
                                   "sampling")
FINAL_KEYS: tuple[str, ...] = ("train_loss", "train_acc", "test_loss", "test_acc")


@dataclass(frozen=True)
class RunPost:
    """One finished run as a student posts it."""

    config: dict[str, Any]
    final: dict[str, float | None]
    iterations: tuple[int, ...] = ()
    losses: tuple[float | None, ...] = ()
    diverged: bool = False


def _loss_or_none(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_LOSS else None


def run_post(trainer: Any, config: Mapping[str, Any]) -> RunPost:
    """A core.training.Trainer's finished run as a post: the curve thinned to
    MAX_CURVE_POINTS (keeping its spikes), an infinite or NaN loss sent as missing."""
    history = trainer.history_frame()
    evaluations = trainer.evaluation_frame()
    final = final_metrics(history, evaluations)
    curve = history[["iteration", "loss"]] if len(history) else history
    if len(curve) > MAX_CURVE_POINTS:
        curve = downsample(curve, MAX_CURVE_POINTS, extremes_of="loss")
    return RunPost(
        config={k: (list(v) if isinstance(v, tuple) else v)
                for k, v in config.items() if k in KNOWN_SETTINGS},
        final={"train_acc": float(final.get("train_acc", 0.0)),
               "test_acc": float(final.get("test_acc", 0.0)),
               "train_loss": _loss_or_none(final.get("train_loss")),
               "test_loss": _loss_or_none(final.get("test_loss")),
               "iterations": int(final.get("iterations", 0)),
               "epochs": float(final.get("epochs", 0.0))},
        iterations=tuple(int(i) for i in curve["iteration"]) if len(curve) else (),
        losses=tuple(_loss_or_none(v) for v in curve["loss"]) if len(curve) else (),
        diverged=trainer.stop_reason == "diverged",
    )


# ------------------------------------------------------------------ checks
def check_nickname(text: object) -> str:
    """A nickname as stored: trimmed, no control or format characters, at most MAX_NICKNAME
    characters (longer is refused, not cut, so a student sees what the board will show)."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise RoomError("err.room.nickname", most=MAX_NICKNAME)
    clean = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C").strip()
    if len(clean) > MAX_NICKNAME:
        raise RoomError("err.room.nickname", most=MAX_NICKNAME)
    return clean


def _number(value: Any, low: float, high: float, what: str) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not low <= value <= high:
        raise RoomError("err.room.number", what=what, value=str(value)[:40])
    return float(value)


def check_config(config: object, dataset: str) -> dict[str, Any]:
    """The run's settings: known names only, values the engine accepts, the room's data set."""
    if not isinstance(config, Mapping) or len(config) > len(KNOWN_SETTINGS):
        raise RoomError("err.room.config", name="config")
    unknown = sorted(str(k)[:40] for k in config if k not in KNOWN_SETTINGS)
    if unknown:
        raise RoomError("err.room.config", name=unknown[0])
    if config.get("dataset") != dataset:
        raise RoomError("err.room.dataset", dataset=str(config.get("dataset"))[:40])
    try:
        checked = validate_config({k: v for k, v in config.items() if k != "dataset"})
    except ConfigError as error:
        raise RoomError("err.room.config", name=error.key.rsplit(".", 1)[-1]) from error
    checked.pop("notes", None)
    return {"dataset": dataset, **{k: (list(v) if isinstance(v, tuple) else v)
                                   for k, v in checked.items()}}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(
            float(a), float(b), rel_tol=1e-9)
    return a == b


def check_fits_room(config: Mapping[str, Any], room_config: Mapping[str, Any], setting: str,
                    value: Any) -> None:
    """A run of a room keeps the room's settings and the student's value of the varied one."""
    if setting == "free":
        return
    if not _same(config.get(setting), value):
        raise RoomError("err.room.not_yours", name=setting)
    base = validate_config({k: v for k, v in room_config.items() if k in DEFAULT_CONFIG})
    for key in FIXED_SETTINGS:
        if key != setting and not _same(config.get(key), base[key]):
            raise RoomError("err.room.not_yours", name=key)


def check_post(post: RunPost, dataset: str) -> RunPost:
    """Every posted value checked and bounded; RoomError with what is wrong otherwise."""
    config = check_config(post.config, dataset)
    final: dict[str, float | None] = {}
    for key in ("train_acc", "test_acc"):
        final[key] = _number(post.final.get(key), 0.0, 1.0, key)
    for key in ("train_loss", "test_loss"):
        value = post.final.get(key)
        final[key] = None if value is None else _number(value, 0.0, MAX_LOSS, key)
    final["iterations"] = _number(post.final.get("iterations", 0), 0, LIMITS["iterations"][1],
                                  "iterations")
    final["epochs"] = _number(post.final.get("epochs", 0.0), 0, 1e6, "epochs")
    iterations, losses = _check_curve(post.iterations, post.losses)
    return RunPost(config, final, iterations, losses, bool(post.diverged))


def _check_curve(iterations: Sequence[Any], losses: Sequence[Any]
                 ) -> tuple[tuple[int, ...], tuple[float | None, ...]]:
    if len(iterations) != len(losses) or len(iterations) > MAX_CURVE_POINTS:
        raise RoomError("err.room.curve", most=MAX_CURVE_POINTS)
    its = tuple(int(_number(i, 0, LIMITS["iterations"][1], "iteration")) for i in iterations)
    if any(b < a for a, b in zip(its, its[1:])):
        raise RoomError("err.room.curve", most=MAX_CURVE_POINTS)
    return its, tuple(None if v is None else _number(v, -MAX_LOSS, MAX_LOSS, "loss")
                      for v in losses)
