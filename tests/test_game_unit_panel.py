"""The unit panel in the window at its default size (1600x900): the whole card of a typical
unit — an Allied brigade, a German garrison battalion — shows without scrolling, its dug-in
line included, in English and in French; the hex's details below it scroll. An encircled
garrison's card tells the stocks of the depot it draws on."""

from __future__ import annotations

import datetime as dt

import pytest

from game.session import HUMAN, SessionConfig
from game.text.i18n import tr
from tests.conftest import CHANNEL_PORTS
from tests.window_driver import frames, open_app


def card_rows(box) -> list[tuple[object, str]]:
    """The info box's rows of the unit card (those before the blank line that parts it from
    the hex's details), each as its rect on the screen with the box scrolled to the top and
    its text."""
    import pygame

    assert box.scroll_bar is None or box.scroll_bar.start_percentage == 0
    origin = box.text_wrap_rect.topleft
    rows = []
    for row in box.text_box_layout.layout_rows:
        text = "".join(getattr(chunk, "text", "") for chunk in row.items).strip()
        if not text:
            break
        rect = pygame.Rect(row.x + origin[0], row.y + origin[1], row.width, row.height)
        rows.append((rect, text))
    return rows


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_whole_unit_card_and_its_dug_in_line_show_without_scrolling(tmp_path, monkeypatch,
                                                                      lang) -> None:
    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch, menu=False) as app:
        app.settings.language = lang
        assert app.start_game(SessionConfig(controllers={"allies": HUMAN, "germans": HUMAN}))
        screen = app.screen
        session = screen.session
        brigade, garrison = "pl_3_rifle_bde", "mont_lambert_bn"  # arrives on 5 Sep; in place
        while session.date < dt.date(1944, 9, 6):  # the brigade's first night where it stands
            session.end_turn()
        box = screen.hud.info
        dug_in = tr("unit.dug_in", lang, spared="").split("{")[0][:8]
        for side, unit in (("allies", brigade), ("germans", garrison)):
            if session.side_to_move != side:
                session.end_turn()
            assert session.side_to_move == side and session.unit(unit) is not None
            assert session.unit(unit).dug_in >= 1
            screen.view.hover_hex = None
            screen.select(unit)
            frames(app, 3)
            rows = card_rows(box)
            texts = [text for _, text in rows]
            assert len(rows) >= 7, texts  # name, type, men, morale, dug in, ratings, formation
            assert any(text.startswith(dug_in) for text in texts), texts
            hidden = [text for rect, text in rows if not box.text_wrap_rect.contains(rect)]
            assert not hidden, (unit, hidden, box.text_wrap_rect)
            assert app.surface.get_rect().contains(box.rect)
        supply = session.supply_state(garrison)  # Boulogne is cut off from the first day
        food, ammo = session.game.state.depots[supply["depot"]]
        assert food > 0 and ammo > 0
        pocket = tr("unit.pocket", lang, days=supply["pocket"]["days_encircled"],
                    food=f"{food:.0f}", ammo=f"{ammo:.0f}")
        assert pocket in [text for _, text in card_rows(box)]
