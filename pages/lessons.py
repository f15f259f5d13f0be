"""The lessons of the app, in the chapter's order: the navigation's one table, importable by
the frame, the tests and the benchmarks alike."""

from __future__ import annotations

from typing import NamedTuple


class Lesson(NamedTuple):
    """A page of the navigation: its script, its title's i18n key, its icon, its address."""

    script: str
    title_key: str
    icon: str
    address: str


# Each address (but the default page's, "/") also names a file pages/<address>.py that runs
# the frame: see shared.run_frame. An address must differ from a lesson file's stem, or that
# old-mode lookup would run the lesson without the frame ("gradients", not "gradient").
LESSONS: tuple[Lesson, ...] = (
    Lesson("pages/learning_from_data.py", "nav.learning", "📚", "learning-from-data"),
    Lesson("pages/loss_functions.py", "nav.loss", "📉", "loss-functions"),
    Lesson("pages/mini_batch.py", "nav.minibatch", "🎲", "mini-batch"),
    Lesson("pages/why_loss.py", "nav.why_loss", "🤔", "why-a-loss"),
    Lesson("pages/gradient.py", "nav.gradient", "⛰️", "gradients"),
    Lesson("pages/training_lab.py", "nav.lab", "🧪", "training-lab"),
    Lesson("pages/draw.py", "nav.draw", "✍️", "draw-a-digit"),
    Lesson("pages/class_experiment.py", "nav.class", "🏫", "class-experiment"),
)
