"""The terrain generator: real coastline, areas in order, in-place and idempotent rewriting."""

from __future__ import annotations

import argparse
import importlib.util
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml

from cli import mapgen as mapgen_command
from engine.format import mapgen
from engine.format.ruleset import Ruleset
from engine.format.scenario import Bounds, MapSpec, Place
from engine.hexgrid import HexGrid

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "channel_ports_1944.yaml"
RULES = ROOT / "scenarios" / "rules" / "ww2_west_1944.yaml"

CHANNEL_BOUNDS = Bounds(west=1.53, east=2.80, south=50.44, north=51.16)

# The coastline data is an optional dependency (`pip install -e '.[mapgen]'`); the game never
# needs it, so only the tests that sample it depend on it.
needs_mask = pytest.mark.skipif(
    importlib.util.find_spec("global_land_mask") is None,
    reason="global-land-mask not installed (pip install -e '.[mapgen]')",
)


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return Ruleset.model_validate(yaml.load(RULES.read_text("utf-8"), Loader=yaml.CSafeLoader))


@pytest.fixture(scope="module")
def channel_mask() -> tuple[HexGrid, np.ndarray]:
    grid = HexGrid(CHANNEL_BOUNDS, 1.8)
    land, samples = mapgen.land_mask(grid)
    assert samples == 19
    return grid, land


def _spec(areas: list[dict], bounds: Bounds = CHANNEL_BOUNDS) -> MapSpec:
    return MapSpec.model_validate(
        {
            "hex_size_km": 1.8,
            "bounds": bounds.model_dump(),
            "terrain_legend": {"~": "sea", ".": "open", "h": "heights", "u": "urban",
                               "i": "inundated"},
            "terrain": "",
            "areas": areas,
        }
    )


def _copy_scenario(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "scenarios" / "rules", tmp_path / "rules")
    target = tmp_path / SCENARIO.name
    shutil.copy(SCENARIO, target)
    return target


# --- the coastline -------------------------------------------------------------------------------
@needs_mask
@pytest.mark.parametrize(
    ("name", "lat", "lon"),
    [("Boulogne", 50.717, 1.617), ("Calais", 50.952, 1.856), ("Dunkirk", 51.033, 2.377)],
)
def test_ports_sit_on_land_by_the_mask_alone(
    channel_mask: tuple[HexGrid, np.ndarray], name: str, lat: float, lon: float
) -> None:
    grid, land = channel_mask
    assert land[grid.index(grid.hex_at(lat, lon))], f"{name} came out as sea"


@needs_mask
def test_mid_channel_is_sea(channel_mask: tuple[HexGrid, np.ndarray]) -> None:
    grid, land = channel_mask
    for lat, lon in [(51.0, 1.60), (51.10, 1.75), (50.80, 1.55)]:
        assert not land[grid.index(grid.hex_at(lat, lon))], (lat, lon)


@needs_mask
def test_mask_has_a_real_coast(channel_mask: tuple[HexGrid, np.ndarray]) -> None:
    grid, land = channel_mask
    share = land.mean()
    assert 0.6 < share < 0.9  # the Strait's north-west corner is sea, the hinterland land
    # the south-east corner (inland Artois) is land, the north-west corner (the Strait) is sea
    assert land[grid.index((grid.cols - 1, grid.rows - 1))]
    assert not land[grid.index((0, 0))]


def test_sample_pattern_stays_inside_the_hex() -> None:
    offsets = mapgen.sample_offsets_km(1.8)
    assert offsets.shape == (19, 2)
    radius = 1.8 / np.sqrt(3)
    assert np.all(np.hypot(offsets[:, 0], offsets[:, 1]) < radius)


# --- painting areas ------------------------------------------------------------------------------
def test_areas_are_applied_in_order(ruleset: Ruleset) -> None:
    square = [[50.70, 1.70], [50.70, 1.80], [50.60, 1.80], [50.60, 1.70]]
    inner = [[50.68, 1.72], [50.68, 1.78], [50.62, 1.78], [50.62, 1.72]]
    everywhere_land = np.ones(HexGrid(CHANNEL_BOUNDS, 1.8).size, dtype=bool)
    first = _spec([
        {"id": "big", "terrain": "heights", "polygon": square, "sources": []},
        {"id": "small", "terrain": "urban", "polygon": inner, "sources": []},
    ])
    swapped = _spec([
        {"id": "small", "terrain": "urban", "polygon": inner, "sources": []},
        {"id": "big", "terrain": "heights", "polygon": square, "sources": []},
    ])
    grid = HexGrid(CHANNEL_BOUNDS, 1.8)
    col, row = grid.hex_at(50.65, 1.75)
    a = mapgen.generate(first, [], ruleset, land=everywhere_land)
    b = mapgen.generate(swapped, [], ruleset, land=everywhere_land)
    assert a.rows[row][col] == "u"  # the later, smaller area wins
    assert b.rows[row][col] == "h"  # painted over by the big one listed after it
    assert a.area_counts["small"] > 1 and a.area_counts["big"] > a.area_counts["small"]


def test_land_areas_leave_the_sea_alone_water_areas_do_not(ruleset: Ruleset) -> None:
    grid = HexGrid(CHANNEL_BOUNDS, 1.8)
    land = np.ones(grid.size, dtype=bool)
    sea_hex = grid.hex_at(50.65, 1.75)
    land[grid.index(sea_hex)] = False
    polygon = [[50.70, 1.70], [50.70, 1.80], [50.60, 1.80], [50.60, 1.70]]
    spec = _spec([{"id": "hill", "terrain": "heights", "polygon": polygon, "sources": []}])
    result = mapgen.generate(spec, [], ruleset, land=land)
    assert result.rows[sea_hex[1]][sea_hex[0]] == "~"
    spec = _spec([{"id": "bay", "terrain": "sea", "polygon": polygon, "sources": []}])
    result = mapgen.generate(spec, [], ruleset, land=land)
    hill_hex = grid.hex_at(50.66, 1.74)
    assert result.rows[hill_hex[1]][hill_hex[0]] == "~"


def test_a_polygon_smaller_than_a_hex_paints_the_hex_under_it(ruleset: Ruleset) -> None:
    grid = HexGrid(CHANNEL_BOUNDS, 1.8)
    town = [[50.6690, 1.8350], [50.6685, 1.8345], [50.6685, 1.8355]]
    spec = _spec([{"id": "desvres", "terrain": "urban", "polygon": town, "sources": []}])
    result = mapgen.generate(spec, [], ruleset, land=np.ones(grid.size, dtype=bool))
    col, row = grid.hex_at(50.669, 1.835)
    assert result.rows[row][col] == "u"
    assert result.terrain_counts()["u"] == 1


def test_a_place_on_a_sea_hex_is_moved_onto_the_coast(ruleset: Ruleset) -> None:
    grid = HexGrid(CHANNEL_BOUNDS, 1.8)
    land = np.ones(grid.size, dtype=bool)
    hex_ = grid.hex_at(50.75, 1.60)
    land[grid.index(hex_)] = False
    place = Place(id="fort", name="Fort", kind="fort", lat=50.75, lon=1.60)
    outside = Place(id="dover", name="Dover", kind="port", lat=51.13, lon=1.30)
    result = mapgen.generate(_spec([]), [place, outside], ruleset, land=land)
    assert result.coast_fixes == [("fort", hex_)]
    assert result.outside == ["dover"]
    assert result.rows[hex_[1]][hex_[0]] == "."


def test_unknown_area_terrain_is_a_clear_error(ruleset: Ruleset) -> None:
    polygon = [[50.70, 1.70], [50.70, 1.80], [50.60, 1.80]]
    spec = _spec([{"id": "odd", "terrain": "dunes", "polygon": polygon, "sources": []}])
    with pytest.raises(mapgen.MapgenError, match="'dunes' has no character"):
        mapgen.generate(spec, [], ruleset, land=np.ones(HexGrid(CHANNEL_BOUNDS, 1.8).size, bool))


# --- rewriting the file --------------------------------------------------------------------------
@needs_mask
def test_check_passes_on_the_checked_in_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert mapgen.run_file(SCENARIO, check=True) == 0
    assert "up to date" in capsys.readouterr().out


@needs_mask
def test_check_fails_on_a_stale_grid_and_mapgen_repairs_it(tmp_path: Path) -> None:
    path = _copy_scenario(tmp_path)
    original = path.read_text("utf-8")
    stale = original.replace("  terrain: |\n    ~", "  terrain: |\n    .", 1)
    assert stale != original
    path.write_text(stale, "utf-8")
    assert mapgen.run_file(path, check=True) == 1
    assert path.read_text("utf-8") == stale  # --check never writes
    assert mapgen.run_file(path) == 0
    assert path.read_text("utf-8") == original


@needs_mask
def test_rewriting_is_idempotent_and_touches_nothing_else(tmp_path: Path) -> None:
    path = _copy_scenario(tmp_path)
    before = path.read_text("utf-8")
    assert mapgen.run_file(path) == 0
    assert mapgen.run_file(path) == 0
    assert path.read_text("utf-8") == before  # the stored grid is already what mapgen makes


def test_rewrite_replaces_only_the_terrain_block_and_generated_by() -> None:
    text = (
        "# a comment that must survive\n"
        "map:\n"
        "  hex_size_km: 2.0   # trailing comment\n"
        "  terrain: |\n"
        "    ~..\n"
        "    ~..\n"
        "\n"
        "  generated_by: old\n"
        "  lines: []\n"
        "places: []  # end\n"
    )
    out = mapgen.rewrite_terrain(text, ["~~~", "..."], "new tool")
    assert out == (
        "# a comment that must survive\n"
        "map:\n"
        "  hex_size_km: 2.0   # trailing comment\n"
        "  terrain: |\n"
        "    ~~~\n"
        "    ...\n"
        "\n"
        '  generated_by: "new tool"\n'
        "  lines: []\n"
        "places: []  # end\n"
    )
    assert mapgen.rewrite_terrain(out, ["~~~", "..."], "new tool") == out


def test_rewrite_adds_a_missing_terrain_block_at_the_end_of_the_map() -> None:
    text = "map:\n  hex_size_km: 2.0\n  lines: []\n\nplaces: []\n"
    out = mapgen.rewrite_terrain(text, ["~.", ".."], "tool")
    data = yaml.load(out, Loader=yaml.CSafeLoader)
    assert data["map"]["terrain"] == "~.\n..\n"
    assert data["map"]["generated_by"] == "tool"
    assert out.startswith("map:\n  hex_size_km: 2.0\n  lines: []\n  terrain: |\n")
    assert out.endswith("\nplaces: []\n")


def test_rewrite_keeps_windows_line_endings() -> None:
    text = "map:\r\n  terrain: |\r\n    ..\r\n  generated_by: x\r\nplaces: []\r\n"
    out = mapgen.rewrite_terrain(text, ["~~"], "y")
    assert "\n" not in out.replace("\r\n", "")
    assert yaml.load(out, Loader=yaml.CSafeLoader)["map"]["terrain"] == "~~\n"


def test_rewrite_refuses_a_file_without_a_map_block() -> None:
    with pytest.raises(mapgen.MapgenError, match="map:"):
        mapgen.rewrite_terrain("places: []\n", ["~"], "x")


# --- command line --------------------------------------------------------------------------------
def test_cli_reports_a_missing_file_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = argparse.Namespace(scenario=tmp_path / "nope.yaml", check=False)
    assert mapgen_command.run(args) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "Traceback" not in err


def test_cli_reports_broken_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("map: [unclosed\n", "utf-8")
    assert mapgen_command.run(argparse.Namespace(scenario=path, check=True)) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_cli_parser_takes_the_scenario_and_check() -> None:
    parser = argparse.ArgumentParser()
    mapgen_command.add_arguments(parser)
    args = parser.parse_args([str(SCENARIO), "--check"])
    assert args.check is True and args.scenario == SCENARIO
