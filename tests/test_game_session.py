"""A scripted game through posted pygame events: menu, new game, select, move, attack, end the
turn (the AI answers in its thread), save through the dialog, load — checking engine state."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.window_driver import (
    arm,
    click,
    frames,
    key,
    open_app,
    pygame,
    pygame_gui,
    start_new_game,
    top_window,
    wait_for_ai,
)


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        yield window


def test_menu_new_game_select_move_attack_end_turn_save_load(app, tmp_path: Path) -> None:
    screen = start_new_game(app)
    session = screen.session
    game = session.game
    grid = session.facts.grid
    assert session.side_to_move == "allies"

    # select: click the Queen's Own Rifles' counter
    qor = session.unit("qor")
    click(app, screen.camera.hex_centre(qor.hex))
    assert screen.view.selected == "qor"
    legal = {o.to for o in game.legal_moves("qor")}
    assert set(screen.view.reach) == legal and legal

    # move next to Boulogne: the engine state follows the click
    boulogne = session.facts.place_hex["boulogne"]
    dest = sorted(h for h in screen.view.reach if h in grid.neighbours(boulogne))[0]
    click(app, screen.camera.hex_centre(dest))
    assert game.state.units["qor"].hex == grid.index(dest)
    assert game.orders[-1].kind == "move"
    frames(app, 20)  # let the move animation finish

    # hover the enemy: the engine's prediction is shown; click: the assault is given
    click(app, screen.camera.hex_centre(boulogne))
    assert game.orders[-1].kind == "assault"
    assert any(e.kind == "assault" for e in game.events[-1])
    assert any("Assault" in line.text for line in session.log[-3:])

    # the assault's dice are rolled: Ctrl+Z does not take it back, and says why
    orders_before = len(game.orders)
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert len(game.orders) == orders_before
    assert screen.notice_text and "stands" in screen.notice_text

    # end the turn: Space; the German AI plays in its thread, then it is the Allies' turn 2
    key(app, pygame.K_ESCAPE)
    key(app, pygame.K_SPACE)
    wait_for_ai(app)
    assert session.turn == 2
    assert session.side_to_move == "allies"
    assert not app.errors

    # save through the dialog (Ctrl+S), in the data folder
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    window = top_window(app)
    assert type(window).__name__ == "SaveWindow"
    window.entry.set_text("scripted")
    window._save()
    frames(app)
    saved = tmp_path / "data" / "channel_ports_1944" / "saves" / "scripted.json"
    assert saved.is_file()
    fingerprint = game.state.fingerprint()

    # load it back: a new screen whose engine state is identical
    app.load_saved_game(str(saved))
    frames(app)
    loaded = app.screen.session.game
    assert loaded is not game
    assert loaded.state.fingerprint() == fingerprint
    assert len(loaded.orders) == len(game.orders)
    assert not app.errors


def test_bad_save_shows_a_dialog_and_keeps_the_game(app, tmp_path: Path) -> None:
    screen = start_new_game(app)
    bad = tmp_path / "broken.json"
    bad.write_text("{ not json", encoding="utf-8")
    app.load_saved_game(str(bad))
    frames(app)
    assert app.screen is screen
    assert type(top_window(app)).__name__ == "UIMessageWindow"
    assert not app.errors


def test_camera_keys_wheel_and_drag(app) -> None:
    from game.map.camera import ZOOM_RADII

    screen = start_new_game(app)
    camera = screen.camera
    zoom = camera.zoom
    vx, vy, vw, vh = camera.viewport
    centre = (vx + vw // 2, vy + vh // 2)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
    frames(app)
    assert camera.zoom == zoom - 1 or zoom == 0
    key(app, pygame.K_HOME)
    assert camera.zoom == camera.fit_zoom()
    before = camera.centre_km
    key(app, pygame.K_PLUS)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=centre, button=2))
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(centre[0] + 40, centre[1]),
                                         rel=(40, 0), buttons=(0, 1, 0)))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(centre[0] + 40, centre[1]),
                                         button=2))
    frames(app)
    assert camera.zoom == min(camera.fit_zoom() + 1, len(ZOOM_RADII) - 1)
    camera.clamp()
    assert camera.centre_km == before or camera.zoom > camera.fit_zoom()
    # the minimap jumps the camera
    mini = screen.minimap.rect
    click(app, (mini.left + 2, mini.top + 2))
    assert not app.errors


def test_overlays_and_help_toggle(app) -> None:
    screen = start_new_game(app)
    for code, name in ((pygame.K_u, "supply"), (pygame.K_z, "zoc"), (pygame.K_f, "forts"),
                       (pygame.K_c, "civilians")):
        key(app, code)
        assert name in screen.view.overlays
        assert screen.hud.buttons[name].is_selected
    frames(app, 3)
    # an objective's name in the panel is a link that brings the map to it
    pygame.event.post(pygame.event.Event(pygame_gui.UI_TEXT_BOX_LINK_CLICKED,
                                         link_target="boulogne",
                                         ui_element=screen.hud.objectives))
    frames(app)
    assert screen.view.hover_hex == screen.session.facts.place_hex["boulogne"]
    # an event's date in the log is a link to where it happened
    pygame.event.post(pygame.event.Event(pygame_gui.UI_TEXT_BOX_LINK_CLICKED,
                                         link_target="hex:1,2", ui_element=screen.hud.log))
    frames(app)
    assert screen.view.hover_hex == (1, 2)
    key(app, pygame.K_F1)
    assert type(top_window(app)).__name__ == "HelpWindow"
    assert not app.errors


def test_language_switch_rebuilds_in_french(app) -> None:
    app.set_language("fr")
    frames(app)
    assert app.screen.buttons["new"].text == "Nouvelle partie"
    screen = start_new_game(app)
    assert screen.hud.buttons["end_turn"].text == "Fin du tour"
    assert "septembre" in screen.hud.header_labels["date"].text


@pytest.fixture
def armed_app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The minimal scenario plus Allied guns and two heavy-bomber raids."""
    arm(minimal_scenario_path)
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        yield window


def test_bombard_air_raid_and_truce_from_the_bar(armed_app) -> None:
    app = armed_app
    screen = start_new_game(app)
    session = screen.session
    game = session.game
    boulogne = session.facts.place_hex["boulogne"]

    # guns: select, B, click the target hex
    guns = session.unit("guns")
    screen.select("guns")
    assert screen.hud.buttons["bombard"].is_enabled
    key(app, pygame.K_b)
    assert screen.mode == "bombard" and boulogne in screen.targets
    click(app, screen.camera.hex_centre(boulogne))
    assert game.orders[-1].kind == "bombard" and game.orders[-1].unit == guns.id
    assert screen.mode is None
    # the guns are heard (sound is on by default), yet no test ever opens an audio device
    assert app.settings.sound and app.sounds.asked[-1] == "gunfire"
    assert pygame.mixer.get_init() is None

    # air raid: the button shows the raids left, then a click on the target
    assert "(2)" in screen.hud.buttons["air_raid"].text
    click(app, screen.hud.buttons["air_raid"].rect.center)
    assert screen.mode == "air_raid"
    click(app, screen.camera.hex_centre(boulogne))
    refused = any("refused" in line.text for line in session.log[-2:])
    assert game.orders[-1].kind == "air_raid" or refused

    # evacuation truce through its window
    click(app, screen.hud.buttons["truce"].rect.center)
    window = top_window(app)
    assert type(window).__name__ == "TruceWindow"
    places = [item["object_id"] for item in window.list.item_list]
    assert "boulogne" in places
    window._ask_for("boulogne", 12)
    frames(app)
    refused = any("refused" in line.text for line in session.log[-2:])
    assert game.orders[-1].kind == "truce" or refused
    assert not app.errors
    assert "click" in app.sounds.asked and pygame.mixer.get_init() is None


def test_watching_ai_against_ai_reaches_the_end_and_reports(app) -> None:
    """Watch mode: both sides' phases play in the worker thread, animated, to game over."""
    from game.session import AI, SessionConfig

    app.settings.animate_ai = False
    assert app.start_game(SessionConfig(controllers={"allies": AI, "germans": AI}))
    session = app.screen.session
    for _ in range(3000):
        frames(app, 1)
        if session.over and not session.ai_busy and not app.screen.pending_refresh:
            break
    assert session.over
    assert session.turn >= 2
    stack = app.manager.get_window_stack().get_full_stack()
    assert stack and type(stack[-1]).__name__ == "UIConfirmationDialog"  # the campaign summary
    assert stack[-1].confirm_button.text == "Full report"
    app.screen.show_report()
    frames(app)
    assert type(app.screen).__name__ == "ReportScreen"
    assert any("campaign is over" in line.text for line in session.log)
    assert not app.errors


def test_assault_group_takes_guns_as_support(armed_app) -> None:
    app = armed_app
    screen = start_new_game(app)
    session = screen.session
    grid = session.facts.grid
    boulogne = session.facts.place_hex["boulogne"]
    guns_hex = session.unit("guns").hex
    click(app, screen.camera.hex_centre(session.unit("qor").hex))
    screen.select("qor")
    dest = sorted(h for h in screen.view.reach if h in grid.neighbours(boulogne))[0]
    click(app, screen.camera.hex_centre(dest))
    frames(app, 20)
    screen.select("qor")
    # shift+click the guns' hex: they join the next assault
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN,
                                         pos=tuple(map(int, screen.camera.hex_centre(guns_hex))),
                                         button=1))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP,
                                         pos=tuple(map(int, screen.camera.hex_centre(guns_hex))),
                                         button=1, shift=True))
    frames(app)
    assert screen.view.group == ["guns"]
    forecast = session.forecast("qor", boulogne, tuple(screen.view.group))
    assert forecast is not None and "qor" in forecast.attackers
    assert "guns" in forecast.attackers + forecast.support
    click(app, screen.camera.hex_centre(boulogne))
    order = session.game.orders[-1]
    assert order.kind == "assault" and "guns" in order.units + order.support
    assert not app.errors


def test_history_replay_button_opens_the_replay(app) -> None:
    click(app, app.screen.buttons["replay"].rect.center)
    frames(app)
    assert type(app.screen).__name__ in ("ReplayScreen", "MenuScreen")
    if type(app.screen).__name__ == "MenuScreen":  # a build without the replay says so
        assert type(top_window(app)).__name__ == "UIMessageWindow"
    assert not app.errors


def test_pause_holds_the_ai_between_phases(app) -> None:
    from game.session import AI, SessionConfig

    app.settings.animate_ai = False
    assert app.start_game(SessionConfig(controllers={"allies": AI, "germans": AI}))
    screen = app.screen
    session = screen.session
    key(app, pygame.K_p)
    assert screen.paused
    wait_for_ai(app)
    held = len(session.game.orders)
    frames(app, 30)
    assert len(session.game.orders) == held and not session.ai_busy
    key(app, pygame.K_p)
    assert not screen.paused
    for _ in range(600):
        frames(app, 1)
        if len(session.game.orders) > held:
            break
    assert len(session.game.orders) > held
    session.wait_ai()
    assert not app.errors


def test_full_screen_toggle_and_resize_rebuild_the_layout(app) -> None:
    screen = start_new_game(app)
    key(app, pygame.K_F11)
    assert app.fullscreen
    key(app, pygame.K_F11)
    assert not app.fullscreen
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1200, h=760, size=(1200, 760)))
    frames(app)
    assert app.surface.get_size() == (1200, 760)
    _, _, vw, vh = screen.camera.viewport
    from game.widgets.hud import bar_layout

    assert screen.hud.bottom_h == bar_layout(1200, "en").height  # two rows of buttons at 1200
    assert (vw, vh) == (1200 - 360, 760 - 44 - screen.hud.bottom_h)
    assert screen.hud.buttons["end_turn"].rect.right <= 1200
    assert not app.errors


def test_a_narrow_window_s_header_drops_the_weekday_before_cutting_the_turn(
        minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """At the smallest window the header cannot hold 'Wednesday 27 September 1944' beside the
    turn: the date goes without its weekday and 'Turn 1/3' is never shown for 'Turn 1/34'."""
    from game.widgets.hud import TURN_W

    for size, weekday in (((1024, 640), False), ((1600, 900), True)):
        with open_app(minimal_scenario_path, tmp_path / str(size[0]), monkeypatch,
                      size=size) as app:
            screen = start_new_game(app)
            labels = screen.hud.header_labels
            date = labels["date"].text
            assert screen.hud.date_weekday is weekday
            assert date.startswith("Sunday") is weekday and date.endswith("1944")
            assert labels["turn"].relative_rect.width >= TURN_W or weekday
            assert labels["to_move"].relative_rect.right <= screen.hud.buttons["replay"] \
                .relative_rect.left


def test_bombard_with_nothing_to_shell_says_why(armed_app) -> None:
    """B on guns that cannot fire anywhere now used to light the button and show nothing: the
    button is greyed out with the engine's reason on its tooltip (here: the guns are
    redeploying), and B tells it and stays out of the targeting mode."""
    app = armed_app
    screen = start_new_game(app)
    session = screen.session
    session.game.state.units["guns"].ready_day = 99  # moved far: the gun lines are not laid
    session.refresh()
    screen.select("guns")
    button = screen.hud.buttons["bombard"]
    assert not button.is_enabled and "redeploying" in button.tool_tip_text
    key(app, pygame.K_b)
    assert screen.mode is None and not screen.targets
    assert "redeploying" in screen.notice_text
    assert "redeploying" in session.log[-1].text
    assert not app.errors


def test_truce_list_says_civilians(app) -> None:
    """The truce window listed 'Boulogne — 8 000': a number with no word for what it counts."""
    screen = start_new_game(app)
    click(app, screen.hud.buttons["truce"].rect.center)
    window = top_window(app)
    texts = [item["text"] for item in window.list.item_list]
    assert "Boulogne-sur-Mer — 8,000 civilians" in texts or \
        "Boulogne — 8,000 civilians" in texts, texts
    window.kill()


def test_forecast_and_refusals_count_in_words(armed_app) -> None:
    """'1 unit(s) assaulting', 'in 1 day(s)', '2 enemy unit(s)': the words agree with the
    number; and a unit added with Shift+click that the assault cannot use is named, where
    before the count simply did not rise."""
    from game.widgets.hud import forecast_lines

    app = armed_app
    screen = start_new_game(app)
    session = screen.session
    world, state = session.game.world, session.game.state
    state.units["guns"].ready_day = world.day_number(state.date) + 1
    session.refresh()
    screen.select("guns")
    key(app, pygame.K_b)
    assert screen.notice_text.endswith("can fire again in 1 day")
    state.units["guns"].ready_day = 0
    session.refresh()
    boulogne = session.facts.place_hex["boulogne"]
    assert "In the hex: 1 enemy unit, " in " ".join(session.fire_preview(boulogne, "guns"))
    qor = session.unit("qor")
    dest = sorted(h for h in session.reachable("qor")
                  if h in session.facts.grid.neighbours(boulogne))[0]
    screen.select("qor")
    click(app, screen.camera.hex_centre(dest))
    forecast = session.forecast("qor", boulogne)
    assert forecast is not None and qor.id in forecast.attackers
    # the guns have fired today: added with Shift+click, they cannot support, and are named
    session.bombard("guns", boulogne)
    screen.select("qor")
    screen._toggle_group(session.unit("guns").hex)
    screen._hover_hex(boulogne)
    assert screen.view.group == ["guns"] and screen.left_out() == ("Field guns",)
    forecast = screen.forecast
    lines = forecast_lines(forecast, "en", screen.left_out())
    assert f"1 unit assaulting, {len(forecast.support)} supporting" in lines[-2]
    assert lines[-1].startswith("Added but left out: Field guns (not next to the target")
    assert "1 unité à l'assaut" in " ".join(forecast_lines(forecast, "fr"))


def test_the_forecast_writes_decimals_as_each_language_does() -> None:
    """'odds 1.5 to 1 … works ×3.4' in English, 'rapport 1,5 contre 1 … ouvrages ×3,4' in
    French, like the hex panel, the fire preview and the log."""
    from game.session import CombatForecast
    from game.widgets.hud import forecast_lines

    forecast = CombatForecast(
        odds=1.54, win_chance=0.4, capture_chance=0.3, surrender_chance=0.1,
        attacker_losses=40, defender_losses=60, prisoners=100, terrain=1.5, fortification=3.4,
        hexside=1.0, attackers=("qor",), target=(5, 5))
    english, french = forecast_lines(forecast, "en"), forecast_lines(forecast, "fr")
    assert english[0] == "Assault: odds 1.5 to 1" and english[3].endswith("works ×3.4")
    assert french[0] == "Assaut : rapport 1,5 contre 1" and french[3].endswith("ouvrages ×3,4")
    assert "terrain ×1,5" in french[3]
    assert not any("Civilians" in line for line in english)  # none at risk: no line
    in_town = forecast_lines(dataclasses.replace(forecast, civilians=12.4), "en")
    assert "Civilians killed, expected: 12" in in_town


def test_truce_window_opens_with_a_town_chosen(app) -> None:
    """Clicking the truce window's button before picking a town did nothing at all: the
    first town is chosen when it opens, and the button asks for its truce."""
    screen = start_new_game(app)
    session = screen.session
    click(app, screen.hud.buttons["truce"].rect.center)
    window = top_window(app)
    first = window.list.item_list[0]["object_id"]
    assert window.list.get_single_selection(include_object_id=True) is not None
    window._ask()
    frames(app)
    assert session.game.orders[-1].kind == "truce" and session.game.orders[-1].place == first
