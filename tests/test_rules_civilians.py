"""Civilians: evacuation truces, their pause in the fighting, and the time they give a garrison."""

from __future__ import annotations

import datetime as dt

import pytest

from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import Bombard, EndTurn, IllegalOrder, Truce

OPEN = ["~.........."] * 7


def calais(civilians: int = 20000) -> Field:
    f = Field(OPEN, days=10).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("calais", (7, 3), side="germans", civilians=civilians, fortification=2)
    f.depot("calais", "germans", food=20, ammo=20)
    f.unit("garrison", "germans", "fortress_bn", (7, 3), morale=40)
    f.unit("inf", "allies", "infantry_bn", (6, 3))
    f.unit("guns", "allies", "medium_artillery_regt", (3, 3))
    return f


def test_a_truce_moves_civilians_out_of_danger() -> None:
    game = Game(calais().loaded(), seed=1)
    events = game.push(Truce("allies", "calais", 22))
    share = min(1.0, 22 * game.world.rules.civilians.evacuation_share_per_hour)
    evacuated = events[0].get("evacuated")
    assert evacuated == round(20000 * share)
    assert game.state.civilians["calais"] == 20000 - evacuated
    assert game.state.civilians_evacuated["calais"] == evacuated


def test_fire_is_forbidden_near_the_place_while_the_truce_lasts_and_allowed_after() -> None:
    game = Game(calais().loaded(), seed=1)
    game.push(Truce("allies", "calais", 22))
    with pytest.raises(IllegalOrder, match="truce"):
        game.push(Bombard("allies", "guns", (7, 3)))
    game.push(EndTurn("allies"))
    events = game.push(EndTurn("germans"))
    assert any(e.kind == "truce_ended" for e in events)
    game.push(Bombard("allies", "guns", (7, 3)))


def test_a_truce_gives_the_garrison_morale_and_time_to_repair_its_works() -> None:
    game = Game(calais().loaded(), seed=1)
    game.push(Bombard("allies", "guns", (7, 3)))
    h = game.world.map.grid.index((7, 3))
    worn = float(game.state.works[h])
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    game.push(Truce("allies", "calais", 30))
    morale = game.state.units["garrison"].morale
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    assert game.state.works[h] > worn
    assert game.state.units["garrison"].morale > morale


def test_a_truce_of_more_than_a_day_covers_several_days() -> None:
    game = Game(calais().loaded(), seed=1)
    events = game.push(Truce("allies", "calais", 36))
    start = game.world.scenario.start_date
    assert events[0].get("until") == (start + dt.timedelta(days=1)).isoformat()


def test_no_truce_where_there_are_no_civilians() -> None:
    game = Game(calais(civilians=0).loaded(), seed=1)
    with pytest.raises(IllegalOrder, match="no civilians"):
        game.push(Truce("allies", "calais", 12))


def test_no_truce_where_nobody_is_fighting() -> None:
    f = calais()
    f.data["units"] = [u for u in f.data["units"] if u["side"] == "germans"]
    game = Game(f.loaded(), seed=1)
    with pytest.raises(IllegalOrder, match="no fighting"):
        game.push(Truce("allies", "calais", 12))


def test_a_place_has_one_truce_so_a_garrison_cannot_stall_a_siege_with_truces() -> None:
    game = Game(calais().loaded(), seed=1)
    game.push(Truce("allies", "calais", 12))
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    assert game.world.rules.civilians.truces_per_place == 1
    with pytest.raises(IllegalOrder, match="had its truce already") as refused:
        game.push(Truce("germans", "calais", 12)) if game.side_to_move == "germans" else \
            game.push(Truce("allies", "calais", 12))
    assert refused.value.code == "truce_already_held"


def test_a_truce_is_no_longer_than_the_ruleset_allows() -> None:
    game = Game(calais().loaded(), seed=1)
    longest = game.world.rules.civilians.max_truce_hours
    with pytest.raises(IllegalOrder, match=f"between 1 and {longest} hours"):
        game.push(Truce("allies", "calais", longest + 1))
    game.push(Truce("allies", "calais", longest))


def _policy(f: Field, side: int, **entry: object) -> Field:
    f.data["sides"][side]["truces"] = [{"sources": [], **entry}]
    return f


def test_a_commander_who_refuses_gets_no_truce_and_no_civilian_leaves() -> None:
    """Le Havre, September 1944: the garrison's commander was refused the truce he asked for,
    and nobody was evacuated; a scenario says so with a policy, and the rules keep to it."""
    game = Game(_policy(calais(), 0, policy="refuses").loaded(), seed=1)
    game.push(EndTurn("allies"))
    with pytest.raises(IllegalOrder) as refused:
        game.push(Truce("germans", "calais", 22))
    assert refused.value.code == "truce_refused" and refused.value.params["side"] == "allies"
    assert game.state.civilians_evacuated == {}


def test_a_side_that_only_accepts_does_not_ask_and_dates_bound_a_policy() -> None:
    f = _policy(calais(), 0, policy="accepts", until="1944-09-18")
    game = Game(f.loaded(), seed=1)
    with pytest.raises(IllegalOrder) as refused:
        game.push(Truce("allies", "calais", 22))
    assert refused.value.code == "truce_not_asked"
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))  # 19 September: the policy's dates are over
    assert game.push(Truce("allies", "calais", 22))[0].kind == "truce"


def test_the_policy_is_reported_by_the_report_and_simulate() -> None:
    from cli.simulate import format_table
    from engine.history.report import build_report, render
    from engine.history.simulate import outcome, summarise

    f = _policy(calais(), 1, policy="refuses", places=["calais"], note="No truce.")
    f.objective("calais")
    game = Game(f.loaded(), seed=1)
    text = render(build_report(game), "en")
    assert "Truce policy:" in text and "Germans refuse any truce: calais — No truce." in text
    summary = summarise(game.loaded, [outcome(game)], {"scenario": "field", "runs": 1,
                                                       "seed": 1, "allies": "x", "germans": "y"})
    assert summary["truce_policy"] == ["Germans refuse any truce: calais — No truce."]
    table = format_table(summary)
    assert "truces agreed         none" in table
    assert "truce policy          Germans refuse any truce: calais" in table
