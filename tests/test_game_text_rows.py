"""No blank row under a line that fills a text box exactly. pygame_gui set a line break 4
pixels wide after its row's last word, and a row whose words ended in its last 4 pixels pushed
its break onto a row of its own: a blank row in the log and the panels
(`game/widgets/line_breaks.py`). The test lays a line out, with the window's own theme and
fonts, in boxes one pixel wider at a time — so the line ends at every pixel of the edge — and
reads the lines off the drawn box: the next line always comes one row under it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.window_driver import open_app, pygame, pygame_gui

LINE = "Boulogne-sur-Mer et Le Portel"


def lines_drawn(manager, html: str, width: int) -> list[int]:
    """The top pixel row of each line of text drawn in a box `width` wide."""
    box = pygame_gui.elements.UITextBox(html, pygame.Rect(0, 0, width, 160), manager)
    box.update(0.0)
    rgb = pygame.surfarray.array3d(box.image).astype(int)  # x, y, colour
    box.kill()
    inner = rgb[4:-4, 4:-4]
    ink = np.abs(inner - inner[-1, -1]).sum(axis=2) > 90  # away from the background colour
    rows = np.flatnonzero(ink.any(axis=0))
    return [int(y) for i, y in enumerate(rows) if i == 0 or y > rows[i - 1] + 2]


def test_a_line_that_fills_its_box_has_no_blank_row_under_it(
        minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as app:
        manager = app.manager
        top, second = lines_drawn(manager, "Calais<br>Marck", 400)
        pitch = second - top  # one row
        fits = wraps = 0
        for width in range(120, 320):  # from wrapped to well inside the box, a pixel a step
            alone = lines_drawn(manager, LINE, width)
            pair = lines_drawn(manager, f"{LINE}<br>Marck", width)
            assert len(pair) == len(alone) + 1, (width, alone, pair)
            assert pair[-1] - pair[-2] == pitch, (width, pair)  # no row left blank between
            fits, wraps = fits + (len(alone) == 1), wraps + (len(alone) > 1)
        assert fits > 20 and wraps > 20  # the sweep crossed the width the line needs
