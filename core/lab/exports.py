"""What a student can take away from a run: its every iteration as CSV, its settings as
JSON, its charts as one HTML page (each savable as SVG or PNG)."""

from __future__ import annotations

import json
from typing import Any

from core.history import history_with_evaluations
from core.lab.live import build_charts, chart_data, chart_frames, marked, n_layers
from core.lab.session import LabRun


def history_csv(run: LabRun) -> bytes:
    """Every iteration, with the per-epoch evaluation merged in on the iterations that have one."""
    table = history_with_evaluations(run.trainer.history_frame(), run.trainer.evaluation_frame())
    return table.to_csv(index=False).encode("utf-8")


def config_json(config: dict[str, Any], split: dict[str, Any]) -> bytes:
    """The run's settings and how its data were split: enough to train the same run again."""
    data = {key: (list(v) if isinstance(v, tuple) else v) for key, v in config.items()}
    data["data_split"] = split
    return json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")


def charts_html(run: LabRun, lang: str, log_scale: bool) -> bytes:
    """The live charts as one HTML page whose Vega-Embed menus save each as SVG or PNG."""
    built = build_charts(chart_frames(chart_data(run, lang)), lang, log_scale, n_layers(run),
                         marked(run))
    chart = (built["loss"] & built["acc"] & (built["grad"] | built["hist"]))
    return chart.to_html().encode("utf-8")


