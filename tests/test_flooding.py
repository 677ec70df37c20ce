"""Terrain that changes on a date: `flooding` events that spread day by day and `draining`
events that let the water out, read by movement, supply and combat through the terrain rules.

The modules under test are engine/terrain_changes.py, engine/world.py (`World.on`),
engine/rules/dated_events.py and engine/format/validation.py.
"""

from __future__ import annotations

from pathlib import Path

from engine.format.sandbox import Field, ruleset_data
from engine.format.validation import validate_file
from engine.game import Game
from engine.orders import Assault, EndTurn

ROWS = ["~.........", "~.........", "~.........", "~.........", "~........."]


def _field(**flood: object) -> Field:
    f = Field(ROWS, days=8)
    f.place("sluice", (1, 2), side="germans").place("town", (8, 2), side="allies")
    f.source("rear", "allies", "town")
    f.event(id="flood", kind="flooding", date="1944-09-18", terrain="inundated",
            places=["sluice"], radius_hexes=4, **flood)
    return f


def _to(game: Game, date: str) -> list:
    events = []
    while not game.over and game.state.date.isoformat() < date:
        events += game.push(EndTurn(game.side_to_move))
    return events


def _flooded(game: Game) -> set[tuple[int, int]]:
    wmap = game.world.map
    wet = wmap.terrain_ids.index("inundated")
    return {wmap.grid.hex_of(h) for h in range(wmap.grid.size) if wmap.terrain[h] == wet}


def test_the_water_spreads_from_where_it_comes_in_one_ring_a_day() -> None:
    f = _field(starts_at=["sluice"], hexes_per_day=1)
    f.unit("gar", "germans", "infantry_bn", (1, 2))
    game = Game(f.loaded(), seed=1)
    assert _flooded(game) == set()  # 17 September: dry
    grid, sluice = game.world.map.grid, (1, 2)
    for day, date in enumerate(("1944-09-18", "1944-09-19", "1944-09-20", "1944-09-21")):
        told = [e for e in _to(game, date) if e.kind == "terrain_changed"]
        wet = _flooded(game)
        assert wet == {h for h in wet if grid.distance(h, sluice) <= day}
        assert max(grid.distance(h, sluice) for h in wet) == day
        assert len(told) == 1 and told[0].get("cause") == "flooding"
        assert {tuple(h) for h in told[0].get("hexes")} == {
            h for h in wet if grid.distance(h, sluice) == day}
        assert (told[0].get("caption") is not None) == (day == 0)  # the caption on its date
    assert not _flooded(game) & {(0, r) for r in range(5)}  # the sea stays sea


def test_without_a_rate_everything_floods_on_the_date_and_covers_keeps_towns_dry() -> None:
    rows = ["~.........", "~..u......", "~.........", "~.........", "~........."]
    f = Field(rows, days=8)
    f.place("sluice", (1, 2), side="germans").place("town", (8, 2), side="allies")
    f.source("rear", "allies", "town").unit("gar", "germans", "infantry_bn", (1, 2))
    f.event(id="flood", kind="flooding", date="1944-09-18", terrain="inundated",
            places=["sluice"], radius_hexes=3, covers=["open"])
    game = Game(f.loaded(), seed=1)
    _to(game, "1944-09-18")
    wet = _flooded(game)
    grid = game.world.map.grid
    assert (3, 1) not in wet and grid.distance((3, 1), (1, 2)) <= 3  # the town stays dry
    assert all(grid.distance(h, (1, 2)) <= 3 for h in wet)
    assert len(wet) > 10


def test_an_area_polygon_floods_its_hexes() -> None:
    f = _field()
    f.data["events"][0].pop("places")
    f.data["events"][0].pop("radius_hexes")
    f.data["events"][0]["areas"] = ["polder"]
    corners = [f.at((2, 0)), f.at((5, 0)), f.at((5, 4)), f.at((2, 4))]
    f.data["map"]["areas"] = [{"id": "polder", "terrain": "open", "polygon": [
        [lat + dlat, lon + dlon] for (lat, lon), (dlat, dlon) in
        zip(corners, [(0.01, -0.01), (0.01, 0.01), (-0.01, 0.01), (-0.01, -0.01)], strict=True)]}]
    f.unit("gar", "germans", "infantry_bn", (1, 2))
    game = Game(f.loaded(), seed=1)
    _to(game, "1944-09-18")
    wet = _flooded(game)
    assert {(c, r) for c in range(2, 5) for r in range(5)} <= wet
    assert not {(c, r) for c in (1, 7, 8, 9) for r in range(5)} & wet


def test_motor_transport_cannot_enter_the_flood_and_foot_soldiers_wade_slowly() -> None:
    f = _field()
    f.unit("recce", "allies", "recce_regt", (7, 2)).unit("inf", "allies", "infantry_bn", (7, 3))
    f.unit("gar", "germans", "infantry_bn", (1, 0))
    game = Game(f.loaded(), seed=1)
    target = (4, 2)  # 3 hexes from the sluice: under water from the 18th
    assert target in {m.to for m in game.legal_moves("recce")}
    foot_before = {m.to: m.cost for m in game.legal_moves("inf")}[target]
    _to(game, "1944-09-18")
    assert target not in {m.to for m in game.legal_moves("recce")}
    foot_after = {m.to: m.cost for m in game.legal_moves("inf")}.get(target)
    assert foot_after is None or foot_after > foot_before


def test_a_flooded_hex_defends_as_inundated_land() -> None:
    f = _field()
    f.unit("inf", "allies", "infantry_bn", (4, 2)).unit("gar", "germans", "infantry_bn", (3, 2))
    game = Game(f.loaded(), seed=1)
    order = Assault("allies", ("inf",), (3, 2))
    before = game.predict(order)
    _to(game, "1944-09-18")
    after = game.predict(order)
    terrain = {t["id"]: t for t in ruleset_data()["terrain"]}
    assert before.terrain == terrain["open"]["defence"]
    assert after.terrain == terrain["inundated"]["defence"]
    assert after.odds < before.odds


def test_supply_stops_where_the_water_blocks_it() -> None:
    rules = ruleset_data()
    for t in rules["terrain"]:
        if t["id"] == "inundated":
            t["blocks_supply"] = True
    f = Field(ROWS, days=8)
    f.place("rear_town", (9, 2), side="allies").place("sluice", (5, 2))
    f.source("rear", "allies", "rear_town")
    f.unit("inf", "allies", "infantry_bn", (2, 2)).unit("gar", "germans", "infantry_bn", (1, 0))
    f.event(id="flood", kind="flooding", date="1944-09-18", terrain="inundated",
            places=["sluice"], radius_hexes=2)  # a band of water between the unit and its rear
    f.objective("sluice")
    game = Game(f.loaded(rules), seed=1)
    assert game.supply_report("allies")["inf"]["state"] == "supplied"
    _to(game, "1944-09-18")
    assert game.supply_report("allies")["inf"]["state"] == "out_of_supply"


def test_draining_gives_the_land_back_and_stops_the_spread() -> None:
    f = _field(starts_at=["sluice"], hexes_per_day=1)
    f.event(id="dry", kind="draining", date="1944-09-20", flooding="flood")
    f.unit("gar", "germans", "infantry_bn", (1, 2))
    game = Game(f.loaded(), seed=1)
    _to(game, "1944-09-19")
    assert len(_flooded(game)) > 1
    events = _to(game, "1944-09-20")
    assert _flooded(game) == set()
    assert [e.get("cause") for e in events if e.kind == "terrain_changed"] == ["draining"]
    events = _to(game, "1944-09-24")
    assert _flooded(game) == set() and not [e for e in events if e.kind == "terrain_changed"]
    assert game.world.map.terrain_ids[game.world.map.terrain[game.world.map.grid.index(
        (1, 2))]] == "open"


def test_a_flooded_game_replays_identically_and_undo_goes_back_to_dry_land() -> None:
    f = _field(starts_at=["sluice"], hexes_per_day=2)
    f.unit("inf", "allies", "infantry_bn", (7, 2)).unit("gar", "germans", "infantry_bn", (1, 0))
    loaded = f.loaded()
    game = Game(loaded, seed=3)
    _to(game, "1944-09-22")
    again = Game.replay(loaded, 3, game.orders)
    assert again.state.fingerprint() == game.state.fingerprint()
    assert _flooded(again) == _flooded(game) != set()
    game.seek(0)
    assert _flooded(game) == set() and game.world is game.world.root


def _flood_file(path: Path, event: str) -> Path:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "events:\n" + event, encoding="utf-8")
    return path


def test_the_validator_locates_every_flooding_mistake(minimal_scenario_path: Path) -> None:
    _flood_file(minimal_scenario_path,
                "  - {id: f1, kind: flooding, date: 1944-09-18, caption: Sea, terrain: sea,"
                " places: [boulogne]}\n"
                "  - {id: f2, kind: flooding, date: 1944-09-18, caption: Nothing, "
                "terrain: inundatd, hexes_per_day: 1}\n"
                "  - {id: f3, kind: flooding, date: 1944-09-18, caption: Area, terrain: urban,"
                " areas: [polders], starts_at: [boulogn], covers: [opne]}\n"
                "  - {id: d1, kind: draining, date: 1944-09-17, caption: Early, flooding: f1}\n"
                "  - {id: d2, kind: draining, date: 1944-09-20, caption: Which, flooding: f4}\n")
    report = validate_file(minimal_scenario_path)
    errors = {(p.key_path, p.message) for p in report.errors}
    lines = minimal_scenario_path.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if "id: f1" in line) + 1
    assert ("events[0].terrain", "'sea' is a water terrain: a flood turns land into another "
            "land terrain, as units may stand there") in errors
    assert any(p.key_path == "events[0].terrain" and p.line == first
               for p in report.errors)
    assert ("events[1].terrain", "unknown terrain type 'inundatd'") in errors
    assert ("events[1]", "this flooding covers no land: give `areas` (ids of `map.areas`) or "
            "`places` (with `radius_hexes`)") in errors
    assert ("events[2].areas[0]", "unknown area 'polders'") in errors
    assert ("events[2].starts_at[0]", "unknown place 'boulogn'") in errors
    assert ("events[2].covers[0]", "unknown terrain type 'opne'") in errors
    assert ("events[3].date", "the water goes on 1944-09-17, not after the flooding 'f1' of "
            "1944-09-18") in errors
    assert ("events[4].flooding", "'f4' is not the id of a flooding event") in errors
    assert any(p.key_path == "events[1].hexes_per_day" for p in report.warnings)


def test_the_window_draws_the_flood_on_its_day(minimal_scenario_path: Path,
                                               tmp_path: Path, monkeypatch) -> None:
    from tests.window_driver import frames, open_app, start_new_game

    _flood_file(minimal_scenario_path,
                "  - {id: polders, kind: flooding, date: 1944-09-18, caption: {en: Sluices "
                "opened., fr: Écluses ouvertes.}, terrain: inundated, places: [mont_lambert], "
                "radius_hexes: 1}\n")
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as app:
        screen = start_new_game(app)
        facts = screen.renderer.data
        wet = facts.terrain_index["inundated"]
        frames(app)
        assert not (facts.terrain == wet).any()
        game = screen.session.game
        while game.state.date.isoformat() < "1944-09-18":
            game.push(EndTurn(game.side_to_move))
        screen.session.refresh()
        frames(app)
        drawn = {(int(c), int(r)) for r, c in zip(*(facts.terrain == wet).nonzero(), strict=True)}
        assert drawn == _flooded(game) and len(drawn) >= 4
        assert (facts.base_terrain != wet).all()  # the scenario's own map is kept
        assert screen.minimap._terrain_version == screen.renderer.terrain_version == 1


def test_the_caption_comes_on_the_date_even_before_the_water_reaches_a_hex() -> None:
    from game.text.events import describe

    f = _field(starts_at=["town"], hexes_per_day=2, covers=["marsh"])  # no marsh: nothing floods
    f.data["events"][0]["caption"] = {"en": "Sluices opened.", "fr": "Écluses ouvertes."}
    f.unit("gar", "germans", "infantry_bn", (1, 2))
    game = Game(f.loaded(), seed=1)
    told = [e for e in _to(game, "1944-09-19") if e.kind == "terrain_changed"]
    assert [(e.date, e.get("hexes")) for e in told] == [("1944-09-18", ())]
    words = [describe(e.kind, e.fields, lang, str, str, str, str, str)
             for e in told for lang in ("en", "fr")]
    assert words == ["Sluices opened.", "Écluses ouvertes."]


def test_the_history_replay_draws_each_day_s_floods(minimal_scenario_path: Path,
                                                    tmp_path: Path, monkeypatch) -> None:
    import datetime as dt

    from game.screens.replay import ReplayScreen
    from tests.window_driver import open_app

    _flood_file(minimal_scenario_path,
                "  - {id: polders, kind: flooding, date: 1944-09-18, caption: Sluices, "
                "terrain: inundated, places: [mont_lambert], radius_hexes: 1}\n")
    with open_app(minimal_scenario_path, tmp_path, monkeypatch, menu=False) as app:
        screen = ReplayScreen(app, start=dt.date(1944, 9, 17))
        app.show(screen)
        app.step(1 / 60)
        facts = screen.renderer.data
        wet = facts.terrain_index["inundated"]
        assert screen.day.date == dt.date(1944, 9, 17) and not (facts.terrain == wet).any()
        screen.jump("1944-09-22")
        app.step(1 / 60)
        assert (facts.terrain == wet).sum() >= 4
