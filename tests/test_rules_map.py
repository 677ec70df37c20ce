"""The compiled map: terrain, roads along hexsides, rivers across hexsides, places on hexes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from engine.format.loading import load_scenario
from engine.format.sandbox import Field
from engine.hexgrid import OPPOSITE
from engine.mapdata import CANAL, MAIN_ROAD, RIVER, compile_map


def test_the_minimal_map_has_the_size_and_terrain_of_its_text(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    m = compile_map(loaded.scenario, loaded.ruleset)
    assert (m.grid.cols, m.grid.rows) == (6, 9)
    assert not m.land[m.grid.index((0, 4))]  # the sea column
    assert m.terrain_ids[m.terrain[m.grid.index((2, 5))]] == "urban"


def test_road_edges_are_marked_in_both_directions(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    m = compile_map(loaded.scenario, loaded.ruleset)
    src, dirs = np.nonzero(m.edge_road == MAIN_ROAD)
    assert src.size > 0
    for h, d in zip(src.tolist(), dirs.tolist(), strict=True):
        n = m.neighbours[h][d]
        assert m.edge_road[n, OPPOSITE[d]] == MAIN_ROAD


def test_a_river_marks_exactly_the_hexsides_its_line_crosses() -> None:
    f = Field(["~......"] * 5)
    a, b = f.at((3, 0)), f.at((4, 0))
    lon = (a[1] + b[1]) / 2  # halfway between columns 3 and 4 of even rows
    f.place("x", (1, 1)).unit("u", "allies", "infantry_bn", (1, 1))
    f.line_points("r", "river", [[a[0] + 0.05, lon], [a[0] - 0.2, lon]])
    loaded = f.loaded()
    m = compile_map(loaded.scenario, loaded.ruleset)
    rivers = zip(*np.nonzero(m.edge_water == RIVER), strict=True)
    crossed = {(m.grid.hex_of(h), d) for h, d in rivers}
    assert ((3, 0), 0) in crossed and ((4, 0), 3) in crossed  # E-W hexsides between the columns
    assert ((1, 1), 0) not in crossed
    assert all(m.edge_water[m.grid.index(h), d] == RIVER for h, d in crossed)


def test_canals_are_told_apart_from_rivers() -> None:
    f = Field(["~......"] * 5)
    a, b = f.at((3, 0)), f.at((4, 0))
    lon = (a[1] + b[1]) / 2
    f.place("x", (1, 1)).unit("u", "allies", "infantry_bn", (1, 1))
    f.line_points("c", "canal", [[a[0] + 0.05, lon], [a[0] - 0.2, lon]])
    loaded = f.loaded()
    m = compile_map(loaded.scenario, loaded.ruleset)
    assert (m.edge_water == CANAL).any() and not (m.edge_water == RIVER).any()


def test_every_place_sits_on_the_hex_containing_its_coordinates(
    minimal_scenario_path: Path,
) -> None:
    loaded = load_scenario(minimal_scenario_path)
    m = compile_map(loaded.scenario, loaded.ruleset)
    for p in loaded.scenario.places:
        assert m.place_hex[p.id] == m.grid.index(m.grid.hex_at(p.lat, p.lon))
    assert m.base_works[m.place_hex["boulogne"]] == 3


def test_the_sea_is_impassable_to_every_movement_class(minimal_scenario_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    m = compile_map(loaded.scenario, loaded.ruleset)
    sea = np.flatnonzero(~m.land)
    table = m.grid.neighbour_table
    for cls, cost in m.edge_cost.items():
        into_sea = np.isin(table, sea)
        assert np.isinf(cost[into_sea]).all(), cls
