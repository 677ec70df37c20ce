"""A gun's card tells its shells (issue 12 point 1, "visible to the player"): the dump that
serves it and its stock, what one shoot takes, and why it cannot fire — no dump in reach, too
few shells there, its lines still being laid after a long move. The card reads the engine
(`Game.shoot_cost`), so what it says agrees with what the rules refuse. Under the fog a player
reads this of their own guns only; a side whose shells are not counted shows nothing of it."""

from __future__ import annotations

import pytest

from engine.format.sandbox import Field
from engine.orders import Bombard
from game.session import AI, HUMAN, Session, SessionConfig
from game.text.events import tons
from game.widgets.hud import unit_html
from tests.test_rules_logistics import GUNS, TARGET, ammo_field

NBSP = "\u00a0"
NNBSP = "\u202f"  # French thousands


def desvres(dump_tons: float, **extra) -> Field:
    """The rules' ammunition field, its forward dump named as a player would read it."""
    f = ammo_field(dump_tons=dump_tons, **extra)
    for place in f.data["places"]:
        if place["id"] == "dump":
            place["name"] = {"en": "Desvres", "fr": "Desvres"}
    return f


def session_on(f: Field, lang: str = "en", fog: bool = True,
               germans: str = AI) -> Session:
    return Session(f.loaded(), lang, SessionConfig(
        controllers={"allies": HUMAN, "germans": germans}, fog=fog))


def card(session: Session, unit_id: str) -> str:
    view = session.unit(unit_id)
    assert view is not None, unit_id
    return unit_html(session, view)


def bombard() -> Bombard:
    return Bombard("allies", "guns", TARGET)


def next_day(session: Session) -> None:
    session.end_turn()
    if session.side_to_move == "germans":
        session.end_turn()


def test_the_card_names_the_dump_its_stock_and_what_a_shoot_takes() -> None:
    session = session_on(desvres(1250))
    text = card(session, "guns")
    cost = session.game.shoot_cost("guns")  # an AGRA at full strength: 330 t a shoot
    assert cost["dump"] == "dump" and cost["tons"] == pytest.approx(330)
    assert f"Bombard 30 at 9 hexes · 330{NBSP}t a shoot" in text
    assert f"Shells: 1,250{NBSP}t at Desvres" in text
    assert "cannot fire" not in text and "Laying" not in text
    session.bombard("guns", TARGET)  # the card follows the dump: 1 250 - 330 t
    assert f"Shells: 920{NBSP}t at Desvres" in card(session, "guns")


def test_a_dump_too_low_or_empty_says_the_gun_cannot_fire() -> None:
    low = session_on(desvres(100))
    assert f"Shells: 100{NBSP}t at Desvres: too few to fire" in card(low, "guns")
    assert low.game.refusal(bombard()).code == "ammunition_short"  # what the rules say too
    empty = session_on(desvres(0))
    assert "Desvres dump empty: cannot fire" in card(empty, "guns")
    # a field regiment takes a seventh of an AGRA's shoot: 100 t are enough for it
    field = session_on(desvres(100, guns="field_artillery_regt"))
    text = card(field, "guns")
    assert f"· 45{NBSP}t a shoot" in text and "too few" not in text


def test_a_gun_moved_far_shows_the_day_it_fires_again() -> None:
    session = session_on(desvres(5000))
    session.move("guns", (5, 3))  # 8 hexes on 17 Sep: an AGRA lays its lines for two days
    assert "Laying its lines: fires from 19 Sep" in card(session, "guns")
    next_day(session)
    assert "Laying its lines: fires from 19 Sep" in card(session, "guns")
    session.move("guns", GUNS)  # 8 hexes back on 18 Sep, in range of the fort again
    assert "Laying its lines: fires from 20 Sep" in card(session, "guns")
    assert session.game.refusal(bombard()).code == "redeploying"  # the rules agree
    next_day(session)
    assert "Laying its lines: fires from 20 Sep" in card(session, "guns")
    next_day(session)
    assert session.date.isoformat() == "1944-09-20"
    assert "Laying its lines" not in card(session, "guns")
    assert session.game.refusal(bombard()) is None
    short_move = session_on(desvres(5000))
    short_move.move("guns", (12, 4))  # a shift inside the same gun area
    assert "Laying its lines" not in card(short_move, "guns")


def test_a_gun_out_of_reach_of_every_dump_says_so() -> None:
    f = desvres(5000)
    f.data["units"] = [u for u in f.data["units"] if u["id"] != "guns"]
    f.unit("guns", "allies", "agra", (14, 0))
    f.data["supply"]["ammunition"][0]["dumps"] = [{"place": "far_dump", "initial_tons": 5000}]
    rules = f.loaded().ruleset.model_dump()
    rules["engine"]["logistics"]["dump_reach_hexes"] = 3
    session = Session(f.loaded(rules), "en", SessionConfig(
        controllers={"allies": HUMAN, "germans": AI}))
    assert "No dump within reach: cannot fire" in card(session, "guns")
    assert session.game.refusal(bombard()).code == "no_dump_in_reach"


def test_no_shells_line_where_they_are_not_counted() -> None:
    f = desvres(1250)
    del f.data["supply"]["ammunition"]
    session = session_on(f)
    text = card(session, "guns")
    assert "Bombard 30 at 9 hexes" in text
    assert session.unit("guns").shells is None
    assert not any(word in text for word in ("Shells", "a shoot", "dump", "Laying"))
    session.move("guns", (5, 3))  # redeploying does not depend on counting shells
    text = card(session, "guns")
    assert "Laying its lines: fires from 19 Sep" in text
    assert not any(word in text for word in ("Shells", "a shoot", "dump"))
    counted = session_on(desvres(1250))
    assert "Shells" not in card(counted, "inf")  # infantry fires no shells


def test_assault_armour_moved_far_says_when_its_armour_counts_again() -> None:
    f = desvres(1250)
    f.unit("avre", "allies", "assault_engineer_sqn", (10, 2))
    session = session_on(f)
    assert "Moving up" not in card(session, "avre")
    session.move("avre", (18, 2))  # 8 hexes: a day before it counts against the works
    assert session.game.ready_from("avre") == "1944-09-18"
    text = card(session, "avre")
    assert "Moving up: its armour counts from 18 Sep" in text
    assert "Shells" not in text and "Laying" not in text


def test_under_the_fog_the_enemy_guns_card_tells_nothing_of_their_shells() -> None:
    f = desvres(1250)
    f.unit("close_guns", "allies", "field_artillery_regt", (12, 2))
    foggy = session_on(f, fog=True, germans=HUMAN)  # hot seat: each side sees with its eyes
    foggy.move("close_guns", (19, 3))  # 7 hexes, to the fort's door: seen, laying its lines
    text = card(foggy, "close_guns")
    assert "Shells: 1" in text and "Laying its lines: fires from 18 Sep" in text
    foggy.end_turn()
    assert foggy.side_to_move == "germans" and foggy.sees("close_guns")
    view = foggy.unit("close_guns")
    assert view is not None and view.shells is None and view.ready_from is None
    text = card(foggy, "close_guns")
    assert not any(word in text for word in ("Shells", "a shoot", "dump", "Laying")), text
    clear = session_on(f, fog=False, germans=HUMAN)
    clear.move("close_guns", (19, 3))
    clear.end_turn()  # no fog: the Germans' player reads every card whole
    text = card(clear, "close_guns")
    assert "Shells: 1" in text and "Laying its lines: fires from 18 Sep" in text


def test_the_card_in_french() -> None:
    session = session_on(desvres(1250), lang="fr")
    text = card(session, "guns")
    assert f"Bombardement 30 à 9 hex · 330{NBSP}t par tir" in text
    assert f"Obus : 1{NNBSP}250{NBSP}t à Desvres" in text
    session.move("guns", (5, 3))
    text = card(session, "guns")
    assert "Mise en batterie : tire dès le 19 sept." in text
    # its own dump is now the railhead, empty: it draws on Desvres, still in reach
    assert f"Obus : 1{NNBSP}250{NBSP}t à Desvres" in text
    assert "Dépôt de Desvres vide : pas de tir" in card(session_on(desvres(0), lang="fr"), "guns")
    assert tons(1250, "fr") == f"1{NNBSP}250{NBSP}t"

