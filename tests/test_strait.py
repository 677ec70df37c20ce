"""The duel across the Strait: the batteries' fire on Kent, the counter-battery fire from St
Margaret's, Boulogne's harbour shut while the guns command it, the checks of the `strait`
section and what the report, simulate and the window show of it."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path

import pygame
import pytest

from engine.format.loading import load_scenario
from engine.format.sandbox import loaded_from_data, read_yaml
from engine.format.shipped import DEFAULT_SCENARIO
from engine.format.validation import validate_file
from engine.game import Game
from engine.history.report import build_report, render
from engine.history.simulate import play_campaign, summarise
from engine.orders import EndTurn
from engine.rules.strait import guns_in_action, harbour_open, silenced, strait_day
from engine.rules.supply import active_sources
from engine.state import SURRENDERED
from engine.world import World

SCENARIO = Path(DEFAULT_SCENARIO)


@pytest.fixture(scope="module")
def data() -> dict:
    return read_yaml(SCENARIO)


def end_day(game: Game) -> None:
    for side in game.world.side_ids:
        game.push(EndTurn(side))


def game_of(data: dict, seed: int = 1) -> Game:
    return Game(loaded_from_data(data, path=str(SCENARIO)), seed)


def test_the_batteries_shell_dover_and_folkestone_each_day(data: dict) -> None:
    game = game_of(data)
    end_day(game)
    strait = game.state.strait
    assert strait is not None
    # Todt, Grosser Kurfürst, Lindemann and Friedrich August: 4 + 4 + 2 + 3 guns, one shell each
    assert sum(strait.shells.values()) == 13
    assert set(strait.shells) == {"dover", "folkestone"}
    fire = [e for e in game.all_events() if e.kind == "strait_fire"]
    assert {e.get("unit") for e in fire} == {"todt_battery", "grosser_kurfurst_battery",
                                             "lindemann_battery", "friedrich_august"}
    for _ in range(4):
        end_day(game)
    # 0.06 killed per shell: 65 shells in five days kill 3 or 4 civilians, never a random number
    assert sum(strait.shells.values()) == 65
    assert sum(strait.killed.values()) == 3
    assert strait.last_shell == game.state.date.isoformat() or strait.last_shell is not None


def test_the_duel_draws_no_random_number(data: dict) -> None:
    without = copy.deepcopy(data)
    without.pop("strait")
    without["supply"]["sources"] = [s for s in without["supply"]["sources"]
                                    if not s.get("harbour")]
    a, b = game_of(data), game_of(without)
    for _ in range(3):
        end_day(a)
        end_day(b)
    assert a.state.rng.bit_generator.state == b.state.rng.bit_generator.state
    assert b.state.strait is None and sum(a.state.strait.shells.values()) > 0


def test_a_taken_or_suppressed_battery_falls_silent(data: dict) -> None:
    game = game_of(data)
    world, state = game.world, game.state
    gun = next(g for g in world.scenario.strait.guns if g.unit == "todt_battery")
    assert guns_in_action(world, state, gun) == 4
    state.units["todt_battery"].suppression = 0.6  # a shoot or a raid today
    assert guns_in_action(world, state, gun) == 0
    assert not silenced(world, state, "todt_battery")  # only for the day
    state.units["todt_battery"].suppression = 0.0
    unit = state.units["todt_battery"]
    unit.men = unit.initial // 2  # half the crew serves half the guns
    assert guns_in_action(world, state, gun) == 2
    unit.status, unit.hex = SURRENDERED, -1
    assert guns_in_action(world, state, gun) == 0 and silenced(world, state, "todt_battery")


def test_counter_battery_fire_knocks_out_guns_of_the_strongest_battery(data: dict) -> None:
    strong = copy.deepcopy(data)
    strong["strait"]["hits_per_shell"] = 0.25  # one gun out for every four shells
    game = game_of(strong)
    end_day(game)
    fire = [e for e in game.all_events() if e.kind == "counter_battery"]
    assert len(fire) == 1 and fire[0].get("battery") == "st_margarets"
    # Todt and Grosser Kurfürst both have four guns: the nearer one (Framzelle) is fired at
    assert fire[0].get("unit") == "grosser_kurfurst_battery" and fire[0].get("knocked_out") == 1
    assert game.state.strait.guns["grosser_kurfurst_battery"] == 3
    assert game.state.strait.knocked_out == {"grosser_kurfurst_battery": 1}
    end_day(game)  # now Todt has the most guns in action
    assert [e for e in game.all_events() if e.kind == "counter_battery"][-1].get("unit") == \
        "todt_battery"


def test_boulogne_harbour_opens_only_after_the_guns_are_silenced_and_cleared(data: dict) -> None:
    game = game_of(data)
    world, state = game.world, game.state
    assert "allied_boulogne_harbour" not in [sid for sid, _ in active_sources(world, state,
                                                                                "allies")]
    state.owner["boulogne"] = "allies"  # taken, while the Cape's guns still fire
    strait_day(world, state)
    assert not harbour_open(world, state, "boulogne") and not state.strait.cleared_from
    for uid in ("todt_battery", "grosser_kurfurst_battery", "lindemann_battery"):
        unit = state.units[uid]
        unit.status, unit.hex = SURRENDERED, -1
    strait_day(world, state)  # the evening the last gun is silent: ten days of clearing follow
    for _ in range(10):
        state.date += dt.timedelta(days=1)
        assert not harbour_open(world, state, "boulogne")
        assert "allied_boulogne_harbour" not in [sid for sid, _ in
                                                 active_sources(world, state, "allies")]
    state.date += dt.timedelta(days=1)
    assert harbour_open(world, state, "boulogne")
    assert "allied_boulogne_harbour" in [sid for sid, _ in active_sources(world, state, "allies")]
    state.owner["boulogne"] = "germans"  # a harbour its side does not hold lands nothing
    assert "allied_boulogne_harbour" not in [sid for sid, _ in
                                             active_sources(world, state, "allies")]


def test_simulate_and_the_report_count_the_shells_and_the_dead_in_kent() -> None:
    world = World(load_scenario(SCENARIO))
    result = play_campaign(world, "history", "ai", seed=3)
    strait = result["strait"]
    assert sum(strait["shells"].values()) > 100 and sum(strait["killed"].values()) > 0
    assert strait["last_shell"] <= "1944-09-30"  # the Cape and Calais fall, the guns fall silent
    summary = summarise(world.loaded, [result], {"runs": 1})
    assert summary["strait"]["civilians_killed"]["historical"] == 16
    assert summary["strait"]["last_shell"]["historical"] == "1944-09-26"


def test_the_after_action_report_has_the_strait(data: dict) -> None:
    game = game_of(data)
    for _ in range(3):
        end_day(game)
    report = build_report(game)
    assert report.strait is not None and sum(report.strait.shells.values()) == 39
    text = render(report, "en")
    assert "Across the Strait" in text and "Dover" in text
    assert "De l'autre côté du détroit" in render(report, "fr")
    assert report.to_json()["strait"]["history"]["last_shell"] == "1944-09-26"


@pytest.mark.parametrize(("old", "new", "message"), [
    ("lat: 51.133, lon: 1.300", "lat: 50.80, lon: 1.70", "off-map target 'dover' lies inside "
     "the map"),
    ("- {at: st_margarets, guns: 4", "- {unit: hli, at: st_margarets, guns: 4",
     "needs exactly one of `unit`"),
    ("- {at: st_margarets, guns: 4", "- {at: dover, guns: 4", "'dover' is a town, not a battery"),
    ("- {unit: friedrich_august, guns: 3", "- {unit: todt_battery, guns: 3",
     "battery 'todt_battery' is listed twice"),
    ("covered_by: [todt_battery, grosser_kurfurst_battery,",
     "covered_by: [hli, grosser_kurfurst_battery,", "must all belong to one side"),
    ("covered_by: [todt_battery,", "covered_by: [todt_batery,", "unknown unit 'todt_batery'"),
    ("targets: [dover], caption:", "targets: [dovr], caption:", "unknown off-map target 'dovr'"),
])
def test_strait_mistakes_are_located(tmp_path: Path, old: str, new: str, message: str) -> None:
    shutil.copytree(SCENARIO.parent / "rules", tmp_path / "rules")
    text = SCENARIO.read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    path = tmp_path / SCENARIO.name
    path.write_text(broken, encoding="utf-8")
    problems = [p for p in validate_file(path).problems if message in str(p)]
    assert problems, message
    line = broken[: broken.index(new)].count("\n") + 1
    assert problems[0].line == line


def test_a_harbour_source_without_a_harbour_entry_is_warned(tmp_path: Path) -> None:
    shutil.copytree(SCENARIO.parent / "rules", tmp_path / "rules")
    text = SCENARIO.read_text(encoding="utf-8")
    old = "    - {place: boulogne, covered_by:"
    path = tmp_path / SCENARIO.name
    path.write_text(text.replace(old, "    - {place: calais, covered_by:", 1), encoding="utf-8")
    report = validate_file(path)
    assert any("no strait.harbours entry names 'boulogne'" in str(p) for p in report.warnings)


def test_the_window_pins_off_map_targets_to_the_edge_of_the_view() -> None:
    from game.map.camera import Camera
    from game.map.strait import MARGIN, draw_strait, edge_point, panel_lines

    world = World(load_scenario(SCENARIO))
    camera = Camera(world.map.grid, (0, 0, 800, 600))
    dover = next(t for t in world.scenario.strait.targets if t.id == "dover")
    (x, y), pinned = edge_point(camera, *world.map.grid.project(dover.lat, dover.lon))
    assert pinned and MARGIN <= x <= 800 - MARGIN and MARGIN <= y <= 600 - MARGIN
    assert x == MARGIN or y == MARGIN  # Dover lies north-west, beyond the view's edge
    game = Game(world.loaded, 1, world=world)
    lines = panel_lines(world.scenario.strait.targets, game.state, {"st_margarets": 4}, "en")
    assert lines[0] == "Across the Strait" and "St Margaret's-at-Cliffe batteries: 4 guns" in \
        lines[3]
    game.state.strait.shells["dover"], game.state.strait.killed["dover"] = 1, 1
    lines = panel_lines(world.scenario.strait.targets, game.state, {"st_margarets": 1}, "en")
    assert "Dover: 1 shell, 1 civilian killed" in lines and lines[3].endswith(": 1 gun in action")
    french = panel_lines(world.scenario.strait.targets, game.state, {"st_margarets": 1}, "fr")
    assert "Douvres : 1 obus, 1 civil tué" in french
    pygame.font.init()
    surface = pygame.Surface((800, 600))
    surface.fill((0, 0, 0))
    draw_strait(surface, camera, world.scenario.strait.targets, game.state, {}, "en")
    assert surface.get_at((x, y))[:3] != (0, 0, 0)
