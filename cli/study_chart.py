"""Charts of a study: for each varied number, its effect on each objective's fall day and on
casualties — the median over seeds as a line, the 10th–90th percentiles as a band, the
unchanged scenario as a dashed line. Drawn with matplotlib (no window: the Agg backend)."""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from pathlib import Path

from engine.atomic_file import write_bytes_atomically
from engine.history.study import BASELINE, TOTALS

CHARTED_TOTALS = ("allied_casualties", "civilian_casualties", "prisoners")


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _quantiles(values: list[float]) -> tuple[float, float, float]:
    import numpy as np

    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return float(p10), float(p50), float(p90)


def draw_charts(table: Path, folder: Path, campaign_days: int) -> list[Path]:
    """One PNG per varied number in `folder`; the paths written. A fall day of an objective
    that held is counted as the day after the campaign's end (`campaign_days + 1`)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # number -> measure -> value -> results over seeds
    data: dict[str, dict[str, dict[str, list[float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list)))
    with table.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            result = float(row["result"]) if row["result"] else float(campaign_days + 1)
            data[row["number"]][row["measure"]][row["value"]].append(result)
    base = data.get(BASELINE, {})
    measures = [m for m in sorted(base or next(iter(data.values()), {}))
                if m.startswith("fall_day:")] + [m for m in CHARTED_TOTALS if m in TOTALS]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for number, by_measure in data.items():
        if number == BASELINE:
            continue
        cols = 3
        rows = -(-len(measures) // cols)
        fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.0 * rows), squeeze=False)
        for ax, measure in zip(axes.flat, measures, strict=False):
            by_value = by_measure.get(measure, {})
            values = sorted(by_value, key=lambda v: (isinstance(_number(v), str), _number(v)))
            xs = [_number(v) for v in values]
            stats = [_quantiles(by_value[v]) for v in values]
            if all(isinstance(x, float) for x in xs):
                ax.fill_between(xs, [s[0] for s in stats], [s[2] for s in stats], alpha=0.25,
                                label="10th–90th percentile")
            ax.plot(range(len(xs)) if any(isinstance(x, str) for x in xs) else xs,
                    [s[1] for s in stats], marker="o", label="median")
            if base.get(measure):
                ax.axhline(_quantiles(next(iter(base[measure].values())))[1], linestyle="--",
                           color="grey", label="scenario as it is")
            ax.set_title(measure.replace("fall_day:", "day falls: ").replace("_", " "),
                         fontsize=9)
            ax.set_xlabel(number.rsplit(".", 1)[-1], fontsize=8)
            ax.tick_params(labelsize=8)
        for ax in list(axes.flat)[len(measures):]:
            ax.axis("off")
        axes.flat[0].legend(fontsize=7)
        fig.suptitle(f"Effect of {number} (held = day {campaign_days + 1})", fontsize=10)
        fig.tight_layout()
        path = folder / f"effect_{re.sub(r'[^A-Za-z0-9_.-]+', '_', number)}.png"
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=100)
        write_bytes_atomically(path, png.getvalue())
        plt.close(fig)
        written.append(path)
    return written
