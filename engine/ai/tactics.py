"""Order-level routines both AI sides share: moving along fields, shooting, assaulting.

Every order goes through `game.push`, which checks it against the rules; a refusal
(`IllegalOrder`) is caught and the plan moves on, so an estimate that was slightly off never
breaks a turn. Nothing here looks at the game's random generator.
"""

from __future__ import annotations

import math

import numpy as np

from engine.events import Event
from engine.game import Game
from engine.orders import Assault, Bombard, EndTurn, IllegalOrder, Move, Order, Truce
from engine.state import UnitState

from .evaluation import Picture
from .geometry import StraightField, walk

FAR_HEXES = 20  # beyond this a unit heads straight for its goal; nearer it follows the field


def truces_asked(game: Game, side: str) -> set[str]:
    """Places where `side` has already asked a truce in this game (read from the order log,
    so an AI picked up mid-game after a save decides exactly as one that played throughout)."""
    return {o.place for o in game.orders if isinstance(o, Truce) and o.side == side}


def last_phase(game: Game, side: str) -> list[tuple[Order, list[Event]]]:
    """`side`'s orders (with their events) from its previous orders phase, from the log."""
    out: list[tuple[Order, list[Event]]] = []
    ends = 0
    for order, events in zip(reversed(game.orders), reversed(game.events), strict=True):
        if isinstance(order, EndTurn) and order.side == side:
            ends += 1
            if ends == 2:
                break
            continue
        if ends == 1 and order.side == side:
            out.append((order, events))
    return out


def try_push(game: Game, order: Order) -> bool:
    """Push the order if the rules allow it; report whether it was given."""
    try:
        game.push(order)
    except IllegalOrder:
        return False
    return True


def odds_for(pic: Picture, win: float) -> float:
    """Inverse of the rules' `engine.rules.combat.win_chance`: the odds that give a win chance of
    `win` (for screening plans before `predict`)."""
    rules = pic.world.rules.combat
    win = min(0.999, max(0.001, win))
    return rules.odds_for_even_chance * math.exp(math.log(win / (1 - win)) / rules.odds_steepness)


def move_toward(game: Game, pic: Picture, u: UnitState, goal: int, stop_within: int,
                spread: int | None = None, avoid: np.ndarray | None = None) -> bool:
    """Walk the unit toward `goal` until `stop_within` hexes of it; True if it moved.

    `spread` caps how many of our units it may join in its last hex (fewer men under one
    shell); `avoid` lists hexes it should not stop in (under enemy guns while it waits)."""
    unit = game.state.units[u.id]
    if not unit.deployed or unit.attacked or unit.mp <= 0 or not pic.mobile(unit):
        return False
    if pic.world.map.distance(unit.hex, goal) <= stop_within:
        return False
    utype = pic.world.unit_types[unit.type_id]
    common = dict(
        stop_within=stop_within, goal=goal, blocked=pic.blocked, enemy_zoc=pic.enemy_zoc,
        counts=pic.own_count, limit=pic.stack_limit(spread),
        zoc_exit_cost=pic.world.ruleset.movement.zoc_exit_cost, avoid=avoid,
    )
    to = None
    if pic.world.map.distance(unit.hex, goal) > FAR_HEXES:
        to = walk(pic.geo, utype.movement_class, unit.hex, unit.mp,
                  StraightField(pic.geo, goal), **common)
    if to is None:
        field = pic.geo.field(utype.movement_class, goal)
        if field.at(unit.hex) == math.inf:
            return False
        to = walk(pic.geo, utype.movement_class, unit.hex, unit.mp, field, **common)
    if to is None:
        return False
    old_hex = unit.hex
    if not try_push(game, Move(unit.side, unit.id, pic.world.map.grid.hex_of(to))):
        return False
    pic.note_move(unit, old_hex)
    return True


def shoot(game: Game, pic: Picture, gun: UnitState, target: int) -> bool:
    unit = game.state.units[gun.id]
    if unit.fired or not unit.deployed \
            or pic.world.map.distance(unit.hex, target) > pic.gun_range(unit):
        return False
    return try_push(game, Bombard(unit.side, unit.id, pic.world.map.grid.hex_of(target)))


def ready_attackers(game: Game, pic: Picture, target: int) -> list[UnitState]:
    """Own units next to `target` that may still attack and are worth more than their guns."""
    out = []
    for h in pic.geo.neighbours[target]:
        if h < 0:
            continue
        for u in pic.own_here(h):
            if not u.attacked and pic.world.unit_types[u.type_id].attack > 0 \
                    and not pic.is_gun(u):
                out.append(u)
    return sorted(out, key=lambda u: u.id)


def ready_support(game: Game, pic: Picture, target: int) -> list[UnitState]:
    return sorted((u for u in pic.guns_in_range(target) if not u.fired and u.hex != target),
                  key=lambda u: u.id)


def first_mover_order(pic: Picture, units: list[UnitState], prefer_last: set[str]) -> list[str]:
    """Unit ids ordered so that the unit that advances into a won hex is the one to spare."""
    return [u.id for u in sorted(units, key=lambda u: (u.id in prefer_last, u.id))]


def assault_value(pred_win: float, pred_prisoners: float, pred_losses: float, place_value: float,
                  casualty_weight: float, pic: Picture) -> float:
    """Worth of an assault in victory points: capture, prisoners, minus weighted own losses."""
    v = pic.world.scenario.victory
    return (pred_win * place_value + pred_prisoners * v.points_per_1000_prisoners / 1000
            - casualty_weight * pred_losses * v.points_per_100_own_casualties / 100)


def best_assault(
    game: Game, pic: Picture, target: int, attackers: list[UnitState], support: list[UnitState],
    *, min_win: float, breadth: int, place_value: float, casualty_weight: float,
    keep_home: set[str] | None = None, prepared_only: bool = False,
) -> Assault | None:
    """The best of up to `breadth` groupings that reaches `min_win`, or None.

    Groupings: everyone; then fewer riflemen (cheaper in blood) as long as the estimate stays
    high, the assault armour always kept in; `keep_home` units are listed last so a garrison
    is the last to leave its works when the hex is won. With `prepared_only`, a grouping the
    rules would count as hasty (no guns in support, the defenders not shelled today) is
    never chosen.
    """
    if not attackers:
        return None
    keep_home = keep_home or set()
    specialists = [u for u in attackers
                   if pic.world.unit_types[u.type_id].assault_specialist > 0]
    others = sorted((u for u in attackers if u not in specialists),
                    key=lambda u: -pic.strength(u, attacking=True))
    sup_ids = tuple(u.id for u in support)
    plans: list[tuple[list[UnitState], tuple[str, ...]]] = [(attackers, sup_ids)]
    for k in range(len(others) - 1, 0, -1):
        if len(plans) >= max(1, breadth - 1):
            break
        plans.append((specialists + others[:k], sup_ids))
    if breadth > len(plans) and sup_ids:
        plans.append((attackers, ()))  # the riflemen alone, guns kept for another target
    best: tuple[float, Assault] | None = None
    for group, use_support in plans[:max(1, breadth)]:
        order = Assault(pic.side, tuple(first_mover_order(pic, group, keep_home)),
                        pic.world.map.grid.hex_of(target), support=use_support)
        try:
            p = game.predict(order)
        except IllegalOrder:
            continue
        if p.win_chance < min_win:
            if group is attackers and use_support == sup_ids:
                return None  # everyone with every gun falls short: no smaller plan will do
            continue
        if prepared_only and not p.prepared:
            continue
        value = assault_value(p.win_chance, p.expected_prisoners, p.expected_attacker_losses,
                              place_value, casualty_weight, pic)
        if best is None or value > best[0]:
            best = (value, order)
    return best[1] if best else None
