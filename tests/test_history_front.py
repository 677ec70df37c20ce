"""The replay's front from the sources (issue 14): units stand where dated records put them, not
where the plan sent them; a record holds until the next; estimates are flagged. Also Cap
Blanc-Nez counted under Calais, and Boulogne's civilians driven out without a truce."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from engine.controllers import make_controller, play_out
from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.sandbox import Field
from engine.format.validation import validate_file
from engine.game import Game
from engine.history.report import objective_of_place
from engine.history.timeline import Timeline
from engine.orders import EndTurn, IllegalOrder, Truce
from engine.rules.civilians import check_truce
from engine.world import World
from tests.conftest import CHANNEL_PORTS


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


@pytest.fixture(scope="module")
def tl(loaded: LoadedScenario) -> Timeline:
    return Timeline(loaded.scenario)


def days(tl: Timeline) -> list[dt.date]:
    s = tl.scenario
    return [s.start_date + dt.timedelta(days=n) for n in range((s.end_date - s.start_date).days
                                                               + 1)]


def test_no_unit_stands_where_only_the_plan_sent_it(tl: Timeline) -> None:
    """Every unit away from its start or entry place stands there by a dated record."""
    units = {u.id: u for u in tl.scenario.units}
    for day in days(tl):
        for uid, pos in tl.positions(day).items():
            u = units[uid]
            home = u.start.place if u.start is not None else u.arrives.place
            if pos.record is None:
                assert pos.place == home or (u.start is not None and u.start.at is not None)
            else:
                assert pos.record.date <= day and uid in pos.record.units
                assert pos.place in (pos.record.place, pos.record.near) or pos.record.at


def test_the_8th_brigade_stands_east_of_calais_where_its_last_order_sent_it(
        tl: Timeline) -> None:
    """The move east of Calais is both a plan order (issue 12: a broken garrison no longer
    gives up to a brigade passing by) and a dated position for the replay."""
    last_orders = [p for p in tl.scenario.history.plan
                   if "qor" in getattr(p, "units", ()) and p.date <= dt.date(1944, 9, 28)]
    assert getattr(last_orders[-1], "to", None) == "batterie_oldenburg"
    pos = tl.positions(dt.date(1944, 9, 28))["qor"]
    assert pos.place == "batterie_oldenburg" and pos.engaged
    assert pos.record is not None and tl.bibliography.estimated(pos.record.sources)


def test_a_record_holds_until_the_next_one(tl: Timeline) -> None:
    for n in range(27, 31):
        assert tl.positions(dt.date(1944, 9, n))["csr"].place == "fort_lapin"
    assert tl.positions(dt.date(1944, 10, 1))["csr"].place == "calais_citadel"


def test_a_unit_before_a_place_stands_on_it_once_history_hands_it_over(tl: Timeline) -> None:
    taken = tl.changes["saint_martin_boulogne"][0]
    record_day = dt.date(1944, 9, 17)
    pos = tl.positions(record_day)["chaudiere"]
    assert pos.place == "saint_martin_boulogne"
    assert pos.engaged == (taken > record_day)
    assert not tl.positions(max(taken, record_day))["chaudiere"].engaged


def test_the_day_panel_gives_each_position_with_sources_and_estimate_flag(tl: Timeline) -> None:
    day = next(d for d in tl.days if d.date == dt.date(1944, 9, 28))
    assert any("qor" in r.units for r in day.positions)
    lines = "\n".join(tl.day_lines(day, "en"))
    assert "Positions" in lines and "Batterie Oldenburg" in lines
    line = next(x for x in tl.day_lines(day, "en") if "Batterie Oldenburg" in x)
    assert "estimate" in line and "Operation Undergo" in line
    sure = next(d for d in tl.days if d.date == dt.date(1944, 9, 27))
    lapin = next(x for x in tl.day_lines(sure, "en") if "Fort Lapin" in x and "[" in x)
    assert "estimate" not in lapin
    assert "Positions" in "\n".join(tl.day_lines(day, "fr")) or \
        "Positions" in "\n".join(tl.day_lines(day, "fr"))


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{date: 1944-09-27, units: [csr], place: fort_lapin,",
     "{date: 1944-09-27, units: [csx], place: fort_lapin,", "unknown unit 'csx'"),
    ("{date: 1944-09-27, units: [csr], place: fort_lapin,",
     "{date: 1944-09-27, units: [csr], place: fort_lapin, near: calais,",
     "needs exactly one of `place`, `near` and `at`"),
    ("{date: 1944-09-27, units: [csr], place: fort_lapin,",
     "{date: 1944-09-04, units: [csr], place: fort_lapin,", "before it arrives"),
    ("{date: 1944-09-27, units: [csr], place: fort_lapin,",
     "{date: 1944-09-27, units: [csr], place: fort_lapn,", "unknown place 'fort_lapn'"),
    ("    place: boulogne\n    civilians: 8000", "    place: bolougne\n    civilians: 8000",
     "unknown place 'bolougne'"),
])
def test_position_mistakes_are_located(tmp_path: Path, old: str, new: str, message: str) -> None:
    shutil.copytree(CHANNEL_PORTS.parent / "rules", tmp_path / "rules")
    text = CHANNEL_PORTS.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path = tmp_path / CHANNEL_PORTS.name
    path.write_text(broken, encoding="utf-8")
    problems = [p for p in validate_file(path).problems if message in str(p)]
    assert problems, message
    assert problems[0].line == broken[: broken.index(new)].count("\n") + 1


# --- Cap Blanc-Nez belongs to Calais (Undergo) ------------------------------------------------
def test_blanc_nez_counts_under_calais_everywhere(loaded: LoadedScenario, tl: Timeline) -> None:
    world = World(loaded)
    assert world.objective_of_place["cap_blanc_nez"] == "calais"
    assert tl.fortress_of["cap_blanc_nez"] == "calais"
    assert objective_of_place(world)["cap_blanc_nez"] == "calais"
    change = tl.changes["cap_blanc_nez"][1]
    assert change.objective == "calais"


def test_the_three_place_to_objective_mappings_never_disagree(loaded: LoadedScenario,
                                                               tl: Timeline) -> None:
    world = World(loaded)
    simulate_map = objective_of_place(world)
    for place in world.map.place_ids:
        said = {m[place] for m in (world.objective_of_place, tl.fortress_of, simulate_map)
                if place in m}
        assert len(said) <= 1, (place, said)


# --- Boulogne: civilians driven out, no truce; Calais: the truce on its day -------------------
def test_the_germans_drive_8000_out_of_boulogne_with_no_truce(loaded: LoadedScenario) -> None:
    world = World(loaded)
    game = Game(loaded, 1, world=world)
    while game.state.date < dt.date(1944, 9, 14):
        for side in world.side_ids:
            game.push(EndTurn(side))
    state = game.state
    assert state.civilians_evacuated["boulogne"] == 8000
    assert state.civilians["boulogne"] == 10000
    assert [e.get("civilians") for e in game.all_events()
            if e.kind == "civilians_expelled"] == [8000]
    with pytest.raises(IllegalOrder) as refused:
        check_truce(world, state, Truce("germans", "boulogne", 25))
    assert refused.value.code == "truce_not_asked"


def test_a_history_campaign_has_no_boulogne_truce_and_no_calais_one_before_29_september(
        loaded: LoadedScenario) -> None:
    world = World(loaded)
    game = Game(loaded, 2, world=world)
    play_out(game, {"allies": make_controller("history", game, "allies", None),
                    "germans": make_controller("ai", game, "germans", None)})
    truces = {e.get("place"): e.date for e in game.all_events() if e.kind == "truce"}
    assert "boulogne" not in truces
    assert truces.get("calais", "1944-09-29") >= "1944-09-29"  # none if Calais fell first
    assert game.state.civilians_evacuated["boulogne"] == 8000
    # the German AI may not ask for one at Calais before the day its commander did (PP-1)
    assert world.truce_policy("germans", "calais", dt.date(1944, 9, 25)) == "accepts"
    assert world.truce_policy("germans", "calais", dt.date(1944, 9, 29)) == "asks"


def test_an_expulsion_needs_the_side_to_hold_the_place() -> None:
    f = Field(["~......"] * 3).place("town", (3, 1), side="allies", civilians=500)
    f.unit("a", "allies", "infantry_bn", (3, 1))
    f.event(id="out", kind="expulsion", date="1944-09-18", side="germans", place="town",
            civilians=300)
    game = Game(f.loaded(), 1)
    for side in game.world.side_ids:
        game.push(EndTurn(side))
    assert game.state.civilians["town"] == 500
    assert not [e for e in game.all_events() if e.kind == "civilians_expelled"]
