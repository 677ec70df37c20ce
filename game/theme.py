"""The widgets' look: `theme.json` (colours, fonts, shapes) plus what it takes from `assets/` —
the font family's files and the toolbar icons, whose paths are known only at run time."""

from __future__ import annotations

import json
from pathlib import Path

import pygame_gui

from game.assets import ICONS_DIR, asset
from game.text import fonts

THEME_PATH = Path(__file__).resolve().parent / "theme.json"
# toolbar button (its object id) -> icon file in assets/icons
ICONS = {
    "#undo": "undo.png", "#save": "save.png", "#bombard": "bombard.png",
    "#air_raid": "air_raid.png", "#truce": "truce.png", "#end_turn": "end_turn.png",
    "#help": "help.png",
}
ICON_GAP = 34  # pixels kept left of a button's label for its icon


def theme_data() -> dict:
    """theme.json with an icon at the left of every toolbar button whose icon file exists."""
    data = json.loads(THEME_PATH.read_text(encoding="utf-8"))
    for object_id, name in ICONS.items():
        path = asset(ICONS_DIR, name)
        if path is None:
            continue
        block = data.setdefault(object_id, {})
        image = {"path": str(path), "position": [0.06, 0.5]}
        block["images"] = {"normal_image": image}
        block.setdefault("misc", {}).update({"text_horiz_alignment": "left",
                                             "text_horiz_alignment_padding": str(ICON_GAP)})
    return data


def apply(manager: pygame_gui.UIManager) -> None:
    """Give a new manager the game's fonts and theme (fonts first: the theme names them)."""
    fonts.register(manager)
    manager.get_theme().load_theme(theme_data())
