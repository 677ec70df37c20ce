"""Sets of hexes as Python integers (bit i set = hex i in the set), and floods over them.

The supply trace floods most of the map from each side's sources every day, and finds each
pocket's area: a plain search visits each hex and each of its six neighbours one at a time,
~2,000 hexes and ~12,000 steps on the Channel map. As bits, one step moves every hex of the
frontier at once — a shift of the whole set per neighbour offset (of the hexes whose
neighbour at that offset is on the map), a few dozen operations on integers of `size` bits —
so a flood costs about its number of steps, not its number of hexes (~4x less here). A
flood keeps the set reached at each step (`levels`); turning those back into a number for
every hex would cost more than the plain search, so the rules read the few they need.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Sequence

import numpy as np


class HexBits:
    """One map's neighbour table as shifts of hex sets, and the floods the supply rules need."""

    def __init__(self, neighbours: Sequence[Sequence[int]]) -> None:
        self.size = len(neighbours)
        self.nbytes = (self.size + 7) // 8
        table = np.asarray(neighbours, dtype=np.int64).reshape(self.size, -1)
        source = np.repeat(np.arange(self.size), table.shape[1])
        target = table.ravel()
        on_map = target >= 0
        source, target = source[on_map], target[on_map]
        # the hexes with a neighbour `delta` indexes away, per delta (grid layouts with
        # row-dependent offsets give eight deltas for six directions)
        self.moves: list[tuple[int, int]] = []
        delta = target - source
        for d in np.unique(delta).tolist():
            flags = np.zeros(self.size, dtype=bool)
            flags[source[delta == d]] = True
            self.moves.append((d, self.of(flags)))

    def of(self, flags: np.ndarray | Sequence[bool]) -> int:
        """The set of the hexes flagged True (one flag per hex)."""
        packed = np.packbits(np.asarray(flags, dtype=bool), bitorder="little")
        return int.from_bytes(packed.tobytes(), "little")

    @staticmethod
    def set_of(hexes: Iterable[int]) -> int:
        """The set of these hexes."""
        out = 0
        for h in hexes:
            out |= 1 << h
        return out

    def members(self, hexes: int) -> list[int]:
        """The hexes of a set, in index order."""
        if not hexes:
            return []
        raw = np.frombuffer(hexes.to_bytes(self.nbytes, "little"), dtype=np.uint8)
        return np.flatnonzero(np.unpackbits(raw, count=self.size, bitorder="little")).tolist()

    def spread(self, hexes: int) -> int:
        """Every neighbour (on the map) of the hexes of the set."""
        out = 0
        for delta, having in self.moves:
            moving = hexes & having
            if moving:
                out |= moving << delta if delta > 0 else moving >> -delta
        return out

    def levels(self, open_: int, starts: int, limit: int) -> list[int]:
        """A breadth-first flood through the `open_` hexes from the open ones of `starts`:
        the hexes first reached at each step, step 0 (the starts) to at most `limit`."""
        frontier = starts & open_
        rest = open_ & ~frontier
        out = [frontier] if frontier else []
        while frontier and len(out) <= limit:
            frontier = self.spread(frontier) & rest
            if frontier:
                rest ^= frontier
                out.append(frontier)
        return out

    def area(self, open_: int, start: int) -> int:
        """The hexes connected to `start` through `open_` ones (`start` included)."""
        area = frontier = 1 << start
        while frontier:
            frontier = self.spread(frontier) & open_ & ~area
            area |= frontier
        return area


_BITS: weakref.WeakKeyDictionary[object, HexBits] = weakref.WeakKeyDictionary()


def hex_bits(owner: object, neighbours: Sequence[Sequence[int]]) -> HexBits:
    """The `HexBits` of a map's neighbour table, built once per `owner` (the map's world)."""
    found = _BITS.get(owner)
    if found is None:
        found = _BITS[owner] = HexBits(neighbours)
    return found
