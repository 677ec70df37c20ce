"""Hex sets as bits (engine/hexbits.py): the same areas and neighbours as the plain map tables."""

from __future__ import annotations

import numpy as np

from engine.format.scenario import Bounds
from engine.hexbits import HexBits
from engine.hexgrid import HexGrid


def plain_area(neighbours: list[list[int]], open_: list[bool], start: int) -> list[int]:
    seen = {start}
    todo = [start]
    for h in todo:
        for n in neighbours[h]:
            if n >= 0 and open_[n] and n not in seen:
                seen.add(n)
                todo.append(n)
    return sorted(seen)


def grid(cols: int, rows: int) -> list[list[int]]:
    g = HexGrid(Bounds(south=50.0, north=50.0 + 0.016 * rows, west=1.5,
                       east=1.5 + 0.025 * cols), 1.8)
    assert g.cols >= 3 and g.rows >= 3
    return g.neighbour_table.tolist()


def test_spread_gives_each_hexs_neighbours_on_the_map_in_odd_and_even_rows() -> None:
    neighbours = grid(9, 7)
    bits = HexBits(neighbours)
    for h in range(bits.size):
        assert bits.members(bits.spread(1 << h)) == sorted(n for n in neighbours[h] if n >= 0)


def test_areas_are_those_a_plain_search_finds_on_random_maps() -> None:
    neighbours = grid(23, 19)
    bits = HexBits(neighbours)
    rng = np.random.default_rng(5)
    for share in (0.3, 0.55, 0.7, 0.95):
        open_ = (rng.random(bits.size) < share).tolist()
        as_bits = bits.of(open_)
        assert bits.members(as_bits) == [h for h, ok in enumerate(open_) if ok]
        for start in [h for h, ok in enumerate(open_) if ok][::7]:
            assert bits.members(bits.area(as_bits, start)) == plain_area(neighbours, open_, start)


def plain_steps(neighbours: list[list[int]], open_: list[bool], starts: list[int]) -> list[int]:
    dist = [-1] * len(open_)
    frontier = [h for h in dict.fromkeys(starts) if open_[h]]
    for h in frontier:
        dist[h] = 0
    while frontier:
        nxt = []
        for h in frontier:
            for n in neighbours[h]:
                if n >= 0 and open_[n] and dist[n] < 0:
                    dist[n] = dist[h] + 1
                    nxt.append(n)
        frontier = nxt
    return dist


def test_a_floods_steps_are_a_plain_breadth_first_searchs_and_stop_at_the_limit() -> None:
    neighbours = grid(23, 19)
    bits = HexBits(neighbours)
    rng = np.random.default_rng(8)
    for share in (0.4, 0.6, 0.9):
        open_ = (rng.random(bits.size) < share).tolist()
        starts = rng.integers(0, bits.size, 3).tolist()
        expected = plain_steps(neighbours, open_, starts)
        levels = bits.levels(bits.of(open_), bits.set_of(starts), bits.size)
        got = [-1] * bits.size
        for step, hexes in enumerate(levels):
            for h in bits.members(hexes):
                assert got[h] == -1  # each hex first reached once
                got[h] = step
        assert got == expected
        short = bits.levels(bits.of(open_), bits.set_of(starts), 4)
        assert short == levels[:5]
