"""The ammunition panel in the window: stocks and deliveries readable, and the `Stockpile`
order given from it (a link beside each forward dump), as the AI and the plan give it."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.history.timeline import format_number
from game.text.events import tons
from tests.window_driver import (
    arm,
    click,
    frames,
    open_app,
    pygame,
    pygame_gui,
    start_new_game,
    wait_for_ai,
)

AMMUNITION = (
    "  ammunition:\n"
    "    - side: allies\n"
    "      railhead: la_capelle\n"
    "      initial_tons: 1250\n"
    "      lift_tons_per_day: 300\n"
    "      transport_days: 1\n"
    "      dumps:\n"
    "        - {place: mont_lambert, sources: [S4]}\n"
    "        - {place: pont_de_briques, sources: [S4]}\n"
    "      deliveries:\n"
    "        - {from_date: 1944-09-17, tons_per_day: 250, sources: [S4]}\n"
    "      sources: [S4]\n"
)
PLACE = ("  - {id: pont_de_briques, name: Pont-de-Briques, kind: village, lat: 50.695, "
         "lon: 1.640}\n")


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The minimal scenario with Allied guns whose shells are counted: a railhead, two dumps."""
    arm(minimal_scenario_path)
    text = minimal_scenario_path.read_text(encoding="utf-8")
    text = text.replace("  depots:", AMMUNITION + "  depots:", 1)
    text = text.replace("sides:\n", PLACE + "sides:\n", 1)
    minimal_scenario_path.write_text(text, encoding="utf-8")
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        yield window


def click_link(app, target: str) -> None:
    pygame.event.post(pygame.event.Event(pygame_gui.UI_TEXT_BOX_LINK_CLICKED,
                                         link_target=target))
    frames(app)


def test_a_dump_is_built_up_first_from_the_ammunition_panel(app) -> None:
    screen = start_new_game(app)
    session, game = screen.session, screen.session.game
    panel = screen.hud.objectives.html_text
    assert "Artillery ammunition" in panel
    assert "La Capelle-lès-Boulogne (railhead): 1,500\u00a0t" in panel
    # each forward dump has its link, the railhead none
    assert "href='stockpile:mont_lambert'" in panel
    assert "href='stockpile:pont_de_briques'" in panel
    assert "stockpile:la_capelle" not in panel
    assert "Lorries: 300\u00a0t a day, 1 day on the road" in panel  # not "1 day(s)"

    click_link(app, "stockpile:pont_de_briques")
    assert game.orders[-1].kind == "stockpile" and game.orders[-1].place == "pont_de_briques"
    assert game.state.ammunition["allies"].priority == "pont_de_briques"
    assert "the lorries now build up the dump at Pont-de-Briques first" in session.log[-1].text
    panel = screen.hud.objectives.html_text
    assert "Pont-de-Briques (being built up first)" in panel
    assert "stockpile:pont_de_briques" not in panel and "stockpile:mont_lambert" in panel

    # the next morning the lorries load for it first: the loads on the road say so
    screen.end_turn()
    wait_for_ai(app)
    assert session.human_to_move
    loads = session.ammunition()["in_transit"]
    assert max(loads, key=lambda load: load["tons"])["dump"] == "pont_de_briques"
    assert "to Pont-de-Briques in 1 d" in screen.hud.objectives.html_text
    assert not app.errors


def test_no_stockpile_link_while_the_enemy_moves(app) -> None:
    """The links are orders: they are shown only when the player may give one."""
    screen = start_new_game(app)
    screen.pending_refresh = True
    screen.refresh_hud()
    assert "stockpile:" not in screen.hud.objectives.html_text
    screen.stockpile("mont_lambert")
    assert not any(o.kind == "stockpile" for o in screen.session.game.orders)
    screen.pending_refresh = False
    screen.refresh_hud()
    assert "stockpile:mont_lambert" in screen.hud.objectives.html_text


def test_numbers_and_tonnages_never_break_across_lines() -> None:
    """A wrapped log line once read "Montreuil-sur-Mer 1" / "250 t": the thousands and the
    unit are held to the number by no-break spaces, which the text boxes never wrap at."""
    assert format_number(17280, "fr") == "17\u202f280" and " " not in format_number(1250000, "fr")
    assert tons(1250, "fr") == "1\u202f250\u00a0t" and " " not in tons(12.4, "en")


def test_the_panel_stays_where_it_was_scrolled_after_an_order(app) -> None:
    """The ammunition sits at the end of the Objectives panel; every order rewrote the panel
    and threw it back to the top, so the stocks could not be watched while giving orders."""
    screen = start_new_game(app)
    session = screen.session
    box = screen.hud.objectives
    assert box.scroll_bar is not None  # the panel is longer than its box at 1600x900
    box.scroll_bar.set_scroll_from_start_percentage(1.0)
    frames(app)
    bottom = box.scroll_bar.start_percentage
    assert bottom > 0.3
    qor = session.unit("qor")
    dest = sorted(h for h in screen.session.reachable("qor") if h != qor.hex)[0]
    screen.select("qor")
    click(app, screen.camera.hex_centre(dest))
    assert session.game.orders[-1].kind == "move"
    frames(app)
    assert box.scroll_bar is not None
    assert abs(box.scroll_bar.start_percentage - bottom) < 0.05
