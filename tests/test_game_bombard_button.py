"""The Bombard button is greyed out for a gun that cannot fire, and says why: the reason the
engine would give the order (`Game.fire_refusal`: fired, laying its lines, no dump in reach,
too few shells there), else that no enemy is in range — in the player's language, on the
button's tooltip, which shows although the button is disabled. The click (or B) tells the
same reason; the rule lives in the engine only."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.game import Game
from engine.orders import Bombard, Move
from game.session import AI, HUMAN, Session, SessionConfig
from tests.test_game_ammunition import AMMUNITION, PLACE
from tests.test_rules_logistics import TARGET, ammo_field
from tests.window_driver import arm, frames, key, open_app, pygame, start_new_game


def shoot() -> Bombard:
    return Bombard("allies", "guns", TARGET)


def test_the_gun_refusal_is_the_one_a_shoot_meets() -> None:
    ready = Game(ammo_field(dump_tons=5000).loaded(), seed=1)
    assert ready.fire_refusal("guns") is None and ready.refusal(shoot()) is None
    assert ready.fire_refusal("inf").code == "no_guns"
    ready.push(shoot())
    assert ready.fire_refusal("guns").code == ready.refusal(shoot()).code == "already_fired"

    short = Game(ammo_field(dump_tons=100).loaded(), seed=1)
    refusal = short.fire_refusal("guns")
    assert refusal.code == short.refusal(shoot()).code == "ammunition_short"
    assert refusal.params == {"unit": "guns", "place": "dump", "tons": 330, "stock": 100}

    moved = Game(ammo_field(dump_tons=5000).loaded(), seed=1)
    moved.push(Move("allies", "guns", (5, 3)))  # 8 hexes: an AGRA lays its lines for 2 days
    refusal = moved.fire_refusal("guns")
    assert refusal.code == "redeploying" and refusal.params["days"] == 2
    assert moved.refusal(Bombard("allies", "guns", (12, 3))).code in (
        "redeploying", "no_enemy_in_target", "out_of_range")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_session_words_the_engine_refusal(lang: str) -> None:
    session = Session(ammo_field(dump_tons=100).loaded(), lang, SessionConfig(
        controllers={"allies": HUMAN, "germans": AI}))
    why = session.bombard_refusal("guns")
    assert why == session.refusal_text(session.game.refusal(shoot()))
    assert ("needs 330" if lang == "en" else "a besoin de 330") in why
    assert session.bombard_targets("guns") == set()
    ready = Session(ammo_field(dump_tons=5000).loaded(), lang, SessionConfig(
        controllers={"allies": HUMAN, "germans": AI}))
    assert ready.bombard_refusal("guns") is None and ready.bombard_targets("guns") == {TARGET}
    assert ready.bombard_refusal("inf") is None  # not a gun: nothing to explain
    ready.bombard("guns", TARGET)
    assert ready.bombard_refusal("guns") == ready.refusal_text(ready.game.refusal(shoot()))


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The minimal scenario's Allied field guns with their shells counted, 20 t of them at the
    railhead beside the guns and the first delivery three days off: too few for one shoot."""
    arm(minimal_scenario_path)
    text = minimal_scenario_path.read_text(encoding="utf-8")
    ammunition = AMMUNITION.replace("initial_tons: 1250", "initial_tons: 20")
    ammunition = ammunition.replace("from_date: 1944-09-17", "from_date: 1944-09-20")
    text = text.replace("  depots:", ammunition + "  depots:", 1)
    text = text.replace("sides:\n", PLACE + "sides:\n", 1)
    minimal_scenario_path.write_text(text, encoding="utf-8")
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        yield window


def hover(app, monkeypatch: pytest.MonkeyPatch, pos: tuple[int, int], seconds: float) -> None:
    """Rest the pointer at `pos` (pygame_gui reads the pointer, which no posted event moves
    under the dummy video driver)."""
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: pos)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0),
                                         buttons=(0, 0, 0)))
    frames(app, round(seconds * 60))


def test_a_gun_short_of_shells_greys_the_button_and_says_why(
        app, monkeypatch: pytest.MonkeyPatch) -> None:
    screen = start_new_game(app)
    session = screen.session
    refusal = session.game.fire_refusal("guns")
    assert refusal is not None and refusal.code == "ammunition_short"
    why = session.refusal_text(refusal)
    screen.select("guns")
    frames(app)
    button = screen.hud.buttons["bombard"]
    assert not button.is_enabled
    assert why in button.tool_tip_text
    # the tooltip shows over the greyed-out button, as it does over an enabled one
    hover(app, monkeypatch, button.rect.center, 1.5)
    assert button.tool_tip is not None
    assert why in button.tool_tip.text_block.html_text
    hover(app, monkeypatch, (button.rect.centerx, button.rect.top - 200), 0.1)
    assert button.tool_tip is None
    # B says the same, and starts no targeting
    key(app, pygame.K_b)
    assert screen.notice_text == why and screen.mode is None
    # an infantry battalion is no gun: the button is greyed with only what it does
    screen.select("qor")
    frames(app)
    assert not button.is_enabled and why not in button.tool_tip_text
    assert not app.errors
