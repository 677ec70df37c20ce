"""The unit panel in the window at its default size (1600x900): the whole card of a typical
unit — an Allied brigade, a German garrison battalion — shows without scrolling, its dug-in
line included, in English and in French; the hex's details below it scroll. An encircled
garrison's card tells the stocks of the depot it draws on."""

from __future__ import annotations

import datetime as dt

import pytest

from game.session import HUMAN, SessionConfig
from game.text.events import tons
from game.text.i18n import short_date, tr
from tests.conftest import CHANNEL_PORTS
from tests.window_driver import frames, open_app


def card_rows(box) -> list[tuple[object, str]]:
    """The info box's rows of the unit card (those before the hex's details, which begin with
    the hex's coordinates), each as its rect on the screen with the box scrolled to the top and
    its text. Empty rows are left out: the blank line before the hex, and the empty row the
    text box adds after a line that fills its width exactly."""
    import pygame

    assert box.scroll_bar is None or box.scroll_bar.start_percentage == 0
    origin = box.text_wrap_rect.topleft
    hex_title = tr("hex.coords", "en", col=0, row=0).split(" ")[0] + " "  # "Hex 4,46"
    rows = []
    for row in box.text_box_layout.layout_rows:
        text = "".join(getattr(chunk, "text", "") for chunk in row.items).strip()
        if text.startswith(hex_title):
            break
        if text:
            rect = pygame.Rect(row.x + origin[0], row.y + origin[1], row.width, row.height)
            rows.append((rect, text))
    return rows


def visible_card(app, screen, unit_id: str) -> list[str]:
    """Select the unit and return its card's rows, each asserted inside the visible box."""
    box = screen.hud.info
    screen.view.hover_hex = None
    screen.select(unit_id)
    frames(app, 3)
    rows = card_rows(box)
    texts = [text for _, text in rows]
    hidden = [text for rect, text in rows if not box.text_wrap_rect.contains(rect)]
    assert not hidden, (unit_id, hidden, box.text_wrap_rect)
    assert app.surface.get_rect().contains(box.rect)
    return texts


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
            texts = visible_card(app, screen, unit)
            assert len(texts) >= 6, texts  # name, type, men and morale, dug in, ratings, formation
            assert any(text.startswith(dug_in) for text in texts), texts
        supply = session.supply_state(garrison)  # Boulogne is cut off from the first day
        food, ammo = session.game.state.depots[supply["depot"]]
        assert food > 0 and ammo > 0
        pocket = tr("unit.pocket", lang, days=supply["pocket"]["days_encircled"],
                    food=f"{food:.0f}", ammo=f"{ammo:.0f}")
        assert pocket in [text for _, text in card_rows(box)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_gun_card_with_its_shells_and_its_lines_being_laid_shows_without_scrolling(
        tmp_path, monkeypatch, lang) -> None:
    """The gun cards are the longest: their fire, the shells of the dump that serves them and,
    after a long move, the day they fire again. A dug-in field regiment and an AGRA just
    driven across the map, in English and French (where names and types wrap)."""
    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch, menu=False) as app:
        app.settings.language = lang
        assert app.start_game(SessionConfig(controllers={"allies": HUMAN, "germans": HUMAN}))
        screen = app.screen
        session = screen.session
        while session.date < dt.date(1944, 9, 8) or session.side_to_move != "allies":
            session.end_turn()  # the 2nd Canadian AGRA arrives at Montreuil on 8 Sep
        field, agra = "field_14", "agra_2_cdn"
        wmap = session.world.map
        start = wmap.grid.index(session.unit(agra).hex)
        far = max(session.reachable(agra), key=lambda h: (wmap.distance(start,
                                                                         wmap.grid.index(h)), h))
        session.move(agra, far)
        shells, ready = session.unit(agra).shells, session.unit(agra).ready_from
        assert shells is not None and ready is not None
        texts = visible_card(app, screen, agra)
        laying = tr("unit.laying_lines", lang, date=short_date(ready, lang, year=False))
        shoot = tr("unit.shoot_tons", lang, tons=tons(shells.tons, lang))
        assert laying in texts, texts
        assert any(text.endswith(shoot) for text in texts), (shoot, texts)
        assert any(text.startswith(tr("unit.shells_none", lang)[:4]) for text in texts), texts

        assert session.unit(field).dug_in >= 1
        texts = visible_card(app, screen, field)
        shells = session.unit(field).shells
        assert shells is not None and not shells.short and session.unit(field).ready_from is None
        stock = tr("unit.shells", lang, stock=tons(shells.stock, lang), place=shells.place)
        assert stock in texts, texts
