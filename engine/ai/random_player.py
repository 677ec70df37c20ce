"""A player that gives random legal orders — the yardstick a real AI must beat.

It draws only from a generator seeded from the game's seed and its side, so a campaign against
it replays exactly. Orders are random but legal: the engine refuses the rest and they are
simply not given. Moves are random walks of a few hexes (cheap, and every destination the
engine accepts is a legal move); assaults use a random subset of the units next to a random
enemy hex; guns fire at random enemy hexes in range; granted raids and truces are tried now
and then.
"""

from __future__ import annotations

import zlib

import numpy as np

from engine.game import Game
from engine.orders import AirRaid, Assault, Bombard, EndTurn, Move, Truce

from .geometry import geometry
from .tactics import try_push

MOVE_CHANCE = 0.6
ASSAULT_CHANCE = 0.35
FIRE_CHANCE = 0.6
RAID_CHANCE = 0.3
TRUCE_CHANCE = 0.05


class RandomController:
    """Random legal orders for one side, reproducible from the game's seed."""

    def __init__(self, game: Game, side: str) -> None:
        self.side = side
        self.rng = np.random.default_rng([game.seed, zlib.crc32(side.encode())])

    def play_phase(self, game: Game) -> None:
        rng, side, world = self.rng, self.side, game.world
        geo = geometry(world)
        own = sorted(game.state.active_units(side), key=lambda u: u.id)
        for u in (own[i] for i in rng.permutation(len(own))):
            if rng.random() >= MOVE_CHANCE or u.mp <= 0:
                continue
            h = u.hex
            for _ in range(int(rng.integers(1, 7))):
                options = [n for n in geo.neighbours[h] if n >= 0 and geo.land[n]]
                if not options:  # a land hex with no land around it: nowhere to walk
                    break
                h = options[int(rng.integers(len(options)))]
            if h != u.hex:
                try_push(game, Move(side, u.id, world.map.grid.hex_of(h)))
        for u in sorted(game.state.active_units(side), key=lambda u: u.id):
            b = world.unit_types[u.type_id].bombard
            if b is None or b.sea_only or rng.random() >= FIRE_CHANCE:
                continue
            foes = sorted({e.hex for e in game.state.active_units(world.enemy_of(side))
                           if geo.world.map.distance(u.hex, e.hex) <= b.range_hexes})
            if foes:
                target = foes[int(rng.integers(len(foes)))]
                try_push(game, Bombard(side, u.id, world.map.grid.hex_of(target)))
        foes = sorted({e.hex for e in game.state.active_units(world.enemy_of(side))})
        if foes and rng.random() < RAID_CHANCE:
            try_push(game, AirRaid(side, world.map.grid.hex_of(foes[int(rng.integers(len(foes)))])))
        for h in foes:
            if rng.random() >= ASSAULT_CHANCE:
                continue
            near = sorted(x.id for n in geo.neighbours[h] if n >= 0
                          for x in game.state.units_at(n, side) if not x.attacked)
            if not near:
                continue
            pick = [uid for uid in near if rng.random() < 0.6] or [near[0]]
            try_push(game, Assault(side, tuple(pick), world.map.grid.hex_of(h)))
        if rng.random() < TRUCE_CHANCE:
            places = sorted(p for p, n in game.state.civilians.items() if n > 0)
            if places:
                place = places[int(rng.integers(len(places)))]
                try_push(game, Truce(side, place, int(rng.integers(6, 49))))
        game.push(EndTurn(side))
