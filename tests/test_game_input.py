"""Sound input, each bug of issue 13 as a scripted session through posted pygame events: a text
field owns the keyboard, dialogs own the mouse and the keyboard, Esc closes the top dialog,
Shift+click never moves, a refused order says why, undo takes back moves only, the hover box
stays inside the map, and the minimap survives zooming in then loading a game."""

from __future__ import annotations

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
)


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    arm(minimal_scenario_path)
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        yield window


def type_text(app, text: str) -> None:
    """Keys as a keyboard gives them: KEYDOWN then TEXTINPUT for each character."""
    for char in text:
        code = pygame.key.key_code(char) if char != " " else pygame.K_SPACE
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=char,
                                             scancode=0))
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=char))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=0, unicode=char,
                                             scancode=0))
        frames(app, 1)


def dialogs_open(app) -> list[str]:
    return [type(w).__name__ for w in app.manager.get_window_stack().get_full_stack()]


def test_typing_a_save_name_fires_no_map_shortcut(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    window = top_window(app)
    assert type(window).__name__ == "SaveWindow" and app.typing()
    window.entry.set_text("")
    turn, orders = session.turn, len(session.game.orders)
    type_text(app, "uzfc bmp")  # overlays, bombard, mute, pause, and Space (end turn)
    assert window.entry.get_text() == "uzfc bmp"
    assert screen.view.overlays == set()
    assert not screen.paused and app.settings.sound and screen.mode is None
    assert (session.turn, len(session.game.orders)) == (turn, orders)
    assert not app.errors


def test_a_dialog_owns_mouse_and_keyboard_and_esc_closes_it(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    key(app, pygame.K_F1)
    assert dialogs_open(app) == ["HelpWindow"]
    help_rect = top_window(app).rect
    # the mouse over the help window does not inspect the hex beneath it
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=help_rect.center, rel=(1, 1),
                                         buttons=(0, 0, 0)))
    frames(app)
    assert screen.view.hover_hex is None
    # Enter, Space and the overlay keys do nothing beneath a dialog
    for code in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_u):
        key(app, code)
    assert session.turn == 1 and len(session.game.orders) == 0 and not screen.view.overlays
    # a click outside the dialog neither selects nor orders
    qor = session.unit("qor")
    click(app, screen.camera.hex_centre(qor.hex))
    assert screen.view.selected is None
    # Esc closes the help window, and then the map has the keys again
    key(app, pygame.K_ESCAPE)
    assert dialogs_open(app) == []
    key(app, pygame.K_u)
    assert screen.view.overlays == {"supply"}
    assert not app.errors


def test_esc_with_nothing_selected_opens_nothing(app) -> None:
    screen = start_new_game(app)
    key(app, pygame.K_ESCAPE)
    assert dialogs_open(app) == []
    qor = screen.session.unit("qor")
    click(app, screen.camera.hex_centre(qor.hex))  # the next click is the player's
    assert screen.view.selected in ("qor", "guns")


def test_shift_click_never_moves(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    screen.select("qor")
    start = session.unit("qor").hex
    empty = next(h for h in sorted(screen.view.reach) if not session.units_at(h))
    pygame.key.set_mods(pygame.KMOD_SHIFT)
    try:
        click(app, screen.camera.hex_centre(empty))
    finally:
        pygame.key.set_mods(0)
    assert session.unit("qor").hex == start and not session.game.orders
    assert screen.view.selected == "qor"
    assert screen.notice_text and "Shift+click" in screen.notice_text
    assert not app.errors


def test_bombard_key_with_infantry_says_why(app) -> None:
    screen = start_new_game(app)
    screen.select("qor")
    key(app, pygame.K_b)
    assert screen.mode is None
    assert screen.notice_text and "no guns" in screen.notice_text
    assert "no guns" in screen.session.log[-1].text  # and the log keeps it


def test_a_refused_assault_says_why_and_keeps_the_selection(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    boulogne = session.facts.place_hex["boulogne"]
    screen.select("qor")  # not next to Boulogne: the engine refuses the assault
    assert session.assault_refusal("qor", boulogne)
    click(app, screen.camera.hex_centre(boulogne))
    assert not session.game.orders and screen.view.selected == "qor"
    assert screen.notice_text and screen.notice_text.startswith("Order refused")


def test_undo_takes_back_moves_only(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    game = session.game
    grid = session.facts.grid
    boulogne = session.facts.place_hex["boulogne"]
    screen.select("qor")
    dest = sorted(h for h in screen.view.reach if h in grid.neighbours(boulogne))[0]
    click(app, screen.camera.hex_centre(dest))
    assert game.orders[-1].kind == "move" and screen.hud.buttons["undo"].is_enabled
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert not game.orders  # a move is taken back
    click(app, screen.camera.hex_centre(dest))
    frames(app, 20)
    screen.select("guns")
    key(app, pygame.K_b)
    click(app, screen.camera.hex_centre(boulogne))
    assert game.orders[-1].kind == "bombard"
    frames(app, 2)
    assert not screen.hud.buttons["undo"].is_enabled
    key(app, pygame.K_z, pygame.KMOD_CTRL)
    assert game.orders[-1].kind == "bombard" and len(game.orders) == 2  # the shoot stands
    assert "stands" in (screen.notice_text or "")


def test_hover_box_stays_inside_the_map_and_off_the_cursor(app) -> None:
    from game.map.markers import box_beside

    screen = start_new_game(app)
    bounds = pygame.Rect(screen.camera.viewport)
    for pos in (bounds.bottomright, (bounds.right - 5, bounds.top + 5),
                (bounds.left + 5, bounds.bottom - 5), bounds.center):
        rect = box_beside((pos[0] - 1, pos[1] - 1), (260, 120), bounds)
        assert bounds.contains(rect)
        assert not rect.collidepoint(pos[0] - 1, pos[1] - 1)


def test_button_tooltips_stay_inside_the_window(app, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = start_new_game(app)
    width, height = app.surface.get_size()
    for name in ("end_turn", "save", "help"):
        button = screen.hud.buttons[name]
        monkeypatch.setattr(pygame.mouse, "get_pos", lambda b=button: b.rect.center)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=button.rect.center,
                                             rel=(1, 1), buttons=(0, 0, 0)))
        for _ in range(50):
            app.step(1 / 30)
        tips = [e for e in app.manager.get_sprite_group().sprites()
                if isinstance(e, pygame_gui.elements.UITooltip)]
        assert tips, name
        assert all(pygame.Rect(0, 0, width, height).contains(t.rect) for t in tips), name


def test_zoom_in_then_load_keeps_the_minimap(app) -> None:
    screen = start_new_game(app)
    key(app, pygame.K_s, pygame.KMOD_CTRL)
    top_window(app).entry.set_text("zoomed")
    top_window(app)._save()
    frames(app)
    from game.map.camera import ZOOM_RADII

    centre = pygame.Rect(screen.camera.viewport).center
    top = len(ZOOM_RADII) - 1
    # out to the whole map, then all the way in, letting the layers be drawn as a player waits
    for step in [-1] * screen.camera.zoom + [1] * top:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=centre, rel=(0, 0),
                                             buttons=(0, 0, 0)))
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=step, flipped=False))
        frames(app, 40)
    assert screen.camera.zoom == top and 0 not in screen.renderer._layers
    key(app, pygame.K_l, pygame.KMOD_CTRL)
    window = top_window(app)
    path = next(item["object_id"] for item in window.list.item_list
                if "zoomed" in item["object_id"])
    window.kill()
    app.load_saved_game(path)
    frames(app)
    assert not app.errors, app.errors
    assert app.screen is not screen and app.screen.minimap._base is not None


def test_a_held_key_gives_its_order_once(app) -> None:
    """The system repeats a held key (and a busy frame lets repeats pile up): Space held
    through the AI's phase must not end the next turn too."""
    screen = start_new_game(app)
    for _ in range(3):  # KEYDOWN, repeated, no KEYUP yet
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0,
                                             unicode=" ", scancode=0))
    frames(app, 2)
    from tests.window_driver import wait_for_ai

    wait_for_ai(app)
    assert screen.session.turn == 2 and screen.session.side_to_move == "allies"
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_SPACE, mod=0, unicode=" ",
                                         scancode=0))
    frames(app, 1)
    key(app, pygame.K_SPACE)  # pressed again: a new order
    wait_for_ai(app)
    assert screen.session.turn == 3
