"""The translated labels every chart builder takes, from one table of i18n keys.

A builder gets a plain dict {label name: text} (title, x, y, series names...), so it never
looks up a language itself; `labels_for(chart, lang)` builds that dict from LABEL_KEYS.
"""

from __future__ import annotations

from core.i18n import t

# chart -> {label name: i18n key}
LABEL_KEYS: dict[str, dict[str, str]] = {
    # the training lab's live charts (core.charts.training)
    "lab.loss": {"title": "lab.chart.loss.title", "x": "lab.chart.iteration", "y": "lab.chart.loss.y",
                 "epoch": "lab.chart.epoch", "series": "lab.chart.series",
                 "minibatch": "lab.chart.loss.minibatch", "smoothed": "lab.chart.loss.smoothed",
                 "train": "lab.chart.train", "test": "lab.chart.test"},
    "lab.gradient": {"title": "lab.chart.grad.title", "x": "lab.chart.iteration",
                     "y": "lab.chart.grad.y", "series": "lab.chart.grad.series",
                     "layer": "lab.chart.grad.layer"},
    "lab.histogram": {"title": "lab.chart.hist.title", "x": "lab.chart.hist.x",
                      "y": "lab.chart.hist.y", "from": "lab.chart.hist.from",
                      "to": "lab.chart.hist.to"},
    "lab.accuracy": {"title": "lab.chart.acc.title", "x": "lab.chart.epoch", "y": "lab.chart.acc.y",
                     "series": "lab.chart.series", "train": "lab.chart.train",
                     "test": "lab.chart.test", "gap": "lab.chart.acc.gap"},
    # comparing runs and what a trained network gets right and wrong (core.charts.compare)
    "loss": {"title": "cmp.chart.loss_title", "x": "cmp.chart.iteration", "y": "cmp.chart.loss",
             "raw": "cmp.chart.loss_raw", "run": "cmp.chart.run", "epoch": "cmp.chart.epoch",
             "title_rel": "cmp.chart.loss_rel_title", "y_rel": "cmp.chart.loss_rel"},
    "accuracy": {"title": "cmp.chart.acc_title", "x": "cmp.chart.epoch", "y": "cmp.chart.accuracy",
                 "run": "cmp.chart.run", "split": "cmp.chart.split", "train": "cmp.chart.train",
                 "test": "cmp.chart.test", "iteration": "cmp.chart.iteration"},
    "gradient": {"title": "cmp.chart.grad_title", "x": "cmp.chart.iteration", "y": "cmp.chart.grad",
                 "run": "cmp.chart.run", "epoch": "cmp.chart.epoch"},
    "confusion": {"title": "cmp.cm.title", "x": "cmp.cm.predicted", "y": "cmp.cm.true",
                  "count": "cmp.cm.count", "share": "cmp.cm.share"},
    "misclassified": {"title": "cmp.mis.title", "caption": "cmp.mis.caption",
                      "value": "cmp.mis.pixel", "row": "cmp.mis.row", "col": "cmp.mis.col",
                      "image": "cmp.mis.image"},
    "boundary": {"title": "cmp.db.title", "x": "cmp.db.x0", "y": "cmp.db.x1",
                 "class": "cmp.db.class", "predicted": "cmp.db.predicted",
                 "probability": "cmp.db.probability", "split": "cmp.db.split",
                 "train": "cmp.chart.train", "test": "cmp.chart.test"},
    # the class experiment's board (core.charts.classroom)
    "room.accuracy": {"title": "room.chart.acc.title", "x": "room.chart.value",
                      "y": "room.chart.acc.y", "student": "room.chart.student",
                      "train": "room.chart.acc.train", "median": "room.chart.acc.median",
                      "runs": "room.chart.acc.runs"},
    "room.curves": {"title": "room.chart.loss.title", "x": "room.chart.iteration",
                    "y": "room.chart.loss.y", "value": "room.chart.value",
                    "student": "room.chart.student"},
    "room.tally": {"title": "room.chart.tally.title", "x": "room.chart.value",
                   "y": "room.chart.tally.y", "best": "room.chart.tally.best"},
}


def labels_for(chart: str, lang: str) -> dict[str, str]:
    """The labels dict the builder of `chart` expects, in `lang` (see LABEL_KEYS)."""
    return {label: t(key, lang) for label, key in LABEL_KEYS[chart].items()}
