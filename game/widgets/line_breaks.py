"""pygame_gui's text boxes without the blank row under a line that fills the box.

pygame_gui (0.6.14) lays a line break (`<br>`) out as a rectangle 4 pixels wide after the last
word of its row (`core/text/html_parser.py`, `HTMLParser._handle_line_break`). The words of a
row may run to 1 pixel short of the box's right edge, but the break must end inside the edge
too (`TextBoxLayout._handle_line_break_rect`): a row whose words end in its last 4 pixels has no
room left for its break, which then opens a row of its own — a blank row under any line that
fills the box exactly, in the log and in every panel (the project's issue search found no report
of it upstream). A break draws nothing, so the parser's breaks are made zero pixels wide here:
a break then always fits where its row ends, and its height still spaces the lines.
"""

from __future__ import annotations

from typing import Any

from pygame_gui.core.text import html_parser
from pygame_gui.core.text.line_break_layout_rect import LineBreakLayoutRect


class ZeroWidthBreak(LineBreakLayoutRect):
    """A line break that takes no room in its row: only its height counts."""

    def __init__(self, dimensions: tuple[int, int], font: Any) -> None:
        super().__init__((0, dimensions[1]), font)


def keep_breaks_on_their_row() -> None:
    """Have pygame_gui's HTML parser make zero-wide line breaks (for every text box made
    after; calling it again changes nothing)."""
    html_parser.LineBreakLayoutRect = ZeroWidthBreak
