"""Naval gunfire support: a unit type `at_sea` stands offshore, is supplied from the sea, cannot
be assaulted and only bombards (HMS Warspite and Erebus off Le Havre, September 1944).

The modules under test are engine/rules/supply.py, engine/rules/combat.py,
engine/rules/dated_events.py and engine/format/validation.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.sandbox import Field
from engine.format.validation import validate_file
from engine.game import Game
from engine.orders import Assault, Bombard, EndTurn, IllegalOrder
from engine.state import ACTIVE, SUPPLIED

COAST = ["~~......"] * 5


def coast() -> Field:
    f = Field(COAST, days=6).place("rear", (6, 2), side="allies").source("s", "allies", "rear")
    f.place("port", (3, 2), side="germans", fortification=2, kind="port")
    f.unit("ship", "allies", "bombardment_ship", (1, 2))
    f.unit("garrison", "germans", "fortress_bn", (3, 2))
    f.unit("inf", "allies", "infantry_bn", (4, 2))
    return f


def test_a_ship_offshore_is_supplied_and_shells_the_port() -> None:
    game = Game(coast().loaded(), seed=1)
    assert game.state.supply["ship"].state == SUPPLIED
    men = game.state.units["garrison"].men
    events = game.push(Bombard("allies", "ship", (3, 2)))
    assert events[0].kind == "bombarded" and game.state.units["garrison"].men < men


def test_a_ship_cannot_be_assaulted_and_never_moves() -> None:
    f = coast()
    f.unit("raiders", "germans", "fortress_bn", (2, 2))
    game = Game(f.loaded(), seed=1)
    game.push(EndTurn("allies"))
    with pytest.raises(IllegalOrder) as refused:
        game.push(Assault("germans", ("raiders",), (1, 2)))
    assert refused.value.code == "target_at_sea"
    assert game.state.units["ship"].mp == 0


def test_a_ship_arrives_on_the_sea_next_to_its_place() -> None:
    f = coast()
    f.data["units"][0].pop("start")
    f.data["units"][0]["arrives"] = {"date": "1944-09-18", "place": "port"}
    game = Game(f.loaded(), seed=1)
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    ship = game.state.units["ship"]
    assert ship.status == ACTIVE and not game.world.map.land[ship.hex]


def test_the_validator_keeps_ships_at_sea_and_soldiers_ashore(
        minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8").replace(
        "start: {place: la_capelle}}",
        "start: {place: la_capelle}}\n  - {id: warspite, name: HMS Warspite, side: allies, "
        "nation: ca, type: bombardment_ship, strength: 1000, quality: veteran, "
        "start: {place: boulogne}}", 1)
    minimal_scenario_path.write_text(text, encoding="utf-8")
    errors = validate_file(minimal_scenario_path).errors
    assert [(p.key_path, "is a ship" in p.message) for p in errors] == [
        ("units[1].start.place", True)]


def _broken_garrison_on_the_shore(with_infantry: bool) -> list[str]:
    """Who a broken garrison next to a ship (and, if asked, to infantry ashore) gives itself
    up to at nightfall."""
    f = Field(COAST, days=6).place("rear", (6, 2), side="allies").source("s", "allies", "rear")
    f.place("battery", (2, 2), side="germans", fortification=2)
    f.unit("ship", "allies", "bombardment_ship", (1, 2))
    f.unit("garrison", "germans", "fortress_bn", (2, 2), morale=5)
    if with_infantry:
        f.unit("inf", "allies", "infantry_bn", (3, 2))
    game = Game(f.loaded(), seed=1)
    game.push(EndTurn("allies"))
    events = game.push(EndTurn("germans"))
    return [e.get("by") for e in events if e.kind == "surrendered"]


def test_a_broken_garrison_gives_itself_up_to_troops_ashore_never_to_a_ship() -> None:
    # Le Havre, 12 Sep 1944: the naval troops of Sainte-Adresse "surrendered" to HMS Erebus
    # offshore, which then held the place: men ashore cannot reach a ship, nor can it land.
    assert _broken_garrison_on_the_shore(with_infantry=False) == []
    assert _broken_garrison_on_the_shore(with_infantry=True) == ["inf"]
