"""A game: a scenario, a seed and the log of orders given — and the queries the UI and AI ask.

As in python-chess (`Board.push` / `pop` / `move_stack`), one mechanism gives undo, replay,
save and "continue from here": the state is always what you get by replaying `orders` from
`seed`. Snapshots taken at the start of every turn make undo and seeking cheap.

    game = new_game(load_scenario(path), seed=7)
    events = game.push(Move("allies", "qor", (3, 4)))   # IllegalOrder(reason) if refused
    game.legal_moves("qor"); game.predict(Assault(...)); game.supply_report("germans")
    game.pop()                                           # undo the last order
"""

from __future__ import annotations

from typing import Any, NamedTuple

from engine.events import Event
from engine.format.loaded import LoadedScenario
from engine.hexgrid import HexGrid
from engine.orders import (
    AirRaid,
    Assault,
    Bombard,
    EndTurn,
    IllegalOrder,
    Move,
    Order,
)
from engine.rules.bombardment import available_raid, check_gun, check_gun_ready
from engine.rules.combat import Prediction, unit_strength
from engine.rules.entrenchment import spared_where_it_stands
from engine.rules.logistics import ammunition_report, ready_date, shoot_cost
from engine.rules.morale import surrender_threshold
from engine.rules.movement import can_move, reach_costs, tree_path
from engine.rules.prediction import predict
from engine.rules.supply import factors, trace
from engine.rules.turn import active_side, apply_in_place, initial_state, validate
from engine.rules.victory import Score, score, tallies
from engine.state import GameState
from engine.world import World


class MoveOption(NamedTuple):
    """One legal destination for a unit: `[col, row]`, cost in movement points, the path.

    The search's tree is shared by every option of the unit; an option holds only its own
    hex besides (a unit may have hundreds of destinations, and most paths are never drawn)."""

    to: tuple[int, int]
    cost: float
    hex: int  # flat index of `to`
    tree: dict[int, int]  # the search tree: hex -> the hex it was entered from
    start: int  # the unit's hex
    grid: HexGrid

    @property
    def path(self) -> tuple[tuple[int, int], ...]:
        """Hexes from the unit to `to`, both included (built on demand: most are never drawn)."""
        return tuple(self.grid.hex_of(h) for h in tree_path(self.tree, self.start, self.hex))

    def to_json(self) -> dict[str, Any]:
        return {"to": list(self.to), "cost": round(self.cost, 4),
                "path": [list(h) for h in self.path]}


def apply_order(world: World, state: GameState, order: Order) -> tuple[GameState, list[Event]]:
    """Pure form of the rules: a new state and the events; `state` itself is left untouched."""
    new = state.copy()
    events = apply_in_place(world, new, order)
    return new, events


class Game:
    """Scenario + seed + order log, with snapshots at each turn start."""

    def __init__(self, loaded: LoadedScenario, seed: int, world: World | None = None,
                 snapshots: bool = True) -> None:
        """`snapshots=False`: only the opening position is kept, not one per turn — for a
        campaign played straight through (`run.py simulate`), which never goes back; `pop` and
        `seek` still work, replaying from the start."""
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"a game's seed must be a whole number of 0 or more, not {seed!r}")
        self.loaded = loaded
        self.seed = seed
        self.snapshots = snapshots
        self._world = (world or World(loaded)).root
        state, events = initial_state(self._world, self.seed)
        self.state: GameState = state
        self.orders: list[Order] = []
        self.events: list[list[Event]] = []  # events[i] came from orders[i]
        self.opening_events: list[Event] = events
        self._snapshots: list[tuple[int, GameState]] = [(0, state.copy())]

    @property
    def world(self) -> World:
        """The game's fixed facts as they stand today: the map of the state's date (floods
        change it on their days; `world.root` is the scenario's own map)."""
        return self._world.on(self.state.date)

    # --- the log ------------------------------------------------------------------------------
    def push(self, order: Order) -> list[Event]:
        """Apply an order; on refusal raise IllegalOrder and leave the game unchanged."""
        turn_before = self.state.turn
        try:
            events = apply_in_place(self.world, self.state, order)
        except IllegalOrder:
            raise
        except Exception:
            self._restore(len(self.orders))  # never leave a half-applied order behind
            raise
        self.orders.append(order)
        self.events.append(events)
        if self.state.turn != turn_before and self.snapshots:
            self._snapshots.append((len(self.orders), self.state.copy()))
        return events

    def pop(self) -> Order:
        """Undo the last order (python-chess style) and return it."""
        if not self.orders:
            raise IndexError("no order to undo")
        order = self.orders.pop()
        self.events.pop()
        self._restore(len(self.orders))
        return order

    def seek(self, n_orders: int) -> None:
        """Go back to the position after the first `n_orders` orders (drops the later ones)."""
        if not 0 <= n_orders <= len(self.orders):
            raise IndexError(f"the log holds {len(self.orders)} orders")
        del self.orders[n_orders:]
        del self.events[n_orders:]
        self._restore(n_orders)

    def _restore(self, n_orders: int) -> None:
        self._snapshots = [(n, s) for n, s in self._snapshots if n <= n_orders]
        base_n, base = self._snapshots[-1]
        state = base.copy()
        for order in self.orders[base_n:n_orders]:
            apply_in_place(self.world, state, order)
        self.state = state

    def fork(self) -> Game:
        """An independent copy with the same log, position and snapshots (no replay): for an
        AI's look-ahead or a player's "what if" branch."""
        other = Game.__new__(Game)
        other.loaded, other.seed, other._world = self.loaded, self.seed, self._world
        other.snapshots = self.snapshots
        other.state = self.state.copy()
        other.orders = list(self.orders)
        other.events = list(self.events)
        other.opening_events = self.opening_events
        other._snapshots = list(self._snapshots)  # snapshots are never changed in place
        return other

    @classmethod
    def replay(cls, loaded: LoadedScenario, seed: int, orders: list[Order],
               world: World | None = None) -> Game:
        game = cls(loaded, seed, world)
        for order in orders:
            game.push(order)
        return game

    # --- where we are -------------------------------------------------------------------------
    @property
    def side_to_move(self) -> str:
        return active_side(self.world, self.state)

    @property
    def over(self) -> bool:
        return self.state.over

    def score(self) -> Score:
        return score(self.world, self.state)

    def tallies(self) -> dict[str, dict[str, int]]:
        return tallies(self.world, self.state)

    def all_events(self) -> list[Event]:
        return [*self.opening_events, *(e for batch in self.events for e in batch)]

    # --- queries (never change the game) -------------------------------------------------------
    def can_move(self, unit_id: str) -> str | None:
        """Why the unit may not move at all this turn (off the map, static, attacked, no
        movement points, held by the fortress order), or None if it may.

        The same check `Move` orders go through, so an AI or a UI that greys out units cannot
        drift from the rules; it costs nothing like a `legal_moves` search.
        """
        unit = self.state.units.get(unit_id)
        if unit is None:
            raise KeyError(f"no unit {unit_id!r}")
        return can_move(self.world, self.state, unit)

    def legal_moves(self, unit_id: str) -> list[MoveOption]:
        unit = self.state.units.get(unit_id)
        if unit is None:
            raise KeyError(f"no unit {unit_id!r}")
        grid = self.world.map.grid
        costs, tree = reach_costs(self.world, self.state, unit)
        cols, start = grid.cols, unit.hex
        return [MoveOption((h % cols, h // cols), costs[h], h, tree, start, grid)
                for h in sorted(costs)]

    def predict(self, order: Assault) -> Prediction:
        """Odds and outcome chances of an assault; raises IllegalOrder if it could not be given."""
        return predict(self.world, self.state, order)

    def check(self, order: Order) -> str | None:
        """Why the order would be refused now, or None if it is legal (the game is unchanged)."""
        refusal = self.refusal(order)
        return refusal.reason if refusal is not None else None

    def refusal(self, order: Order) -> IllegalOrder | None:
        """The refusal the order would meet now (code, params and English reason), or None.

        `check` gives only the English sentence; an interface in another language needs the
        code and params to word it for the player. The game is unchanged either way.
        """
        try:
            validate(self.world, self.state, order)
        except IllegalOrder as exc:
            return exc
        return None

    def supply_report(self, side: str) -> dict[str, dict[str, Any]]:
        """Per unit: state, traced path (hexes) and source, or pocket with its stocks left.

        Traced afresh from the current position, so it shows the effect of moves made this turn.
        """
        info, pockets = trace(self.world, self.state, side)
        grid = self.world.map.grid
        by_id = {p.id: p for p in pockets}
        out: dict[str, dict[str, Any]] = {}
        for uid, i in sorted(info.items()):
            entry: dict[str, Any] = {"state": i.state, "source": i.source, "depot": i.depot,
                                     "path": [list(grid.hex_of(h)) for h in i.path]}
            if i.depot is not None:
                food, ammo = self.state.depots[i.depot]
                entry["stocks"] = {"food_days": food, "ammo_days": ammo}
            pocket = by_id.get(i.pocket) if i.pocket is not None else None
            if pocket is not None:
                entry["pocket"] = {"id": pocket.id, "units": list(pocket.units),
                                   "depots": list(pocket.depots),
                                   "days_encircled": pocket.days_encircled,
                                   "hexes": len(pocket.hexes)}
            out[uid] = entry
        return out

    def ammunition(self, side: str) -> dict[str, Any] | None:
        """The side's artillery ammunition: stocks per dump, loads on the road, the week's
        deliveries, tons fired per place (None when the scenario does not count its shells)."""
        return ammunition_report(self.world, self.state, side)

    def shoot_cost(self, unit_id: str) -> dict[str, Any]:
        """What a shoot (or supporting fire) by the unit would take now: tons (0: its side's
        shells are not counted), the dump it draws on (None: none within reach) and its stock,
        and whether that leaves it `short` of the shoot."""
        cost = shoot_cost(self.world, self.state, self.state.units[unit_id])
        return {"tons": round(cost.tons, 1), "dump": cost.dump, "stock": round(cost.stock, 1),
                "short": cost.short}

    def ready_from(self, unit_id: str) -> str | None:
        """The day (ISO) a gun (or assault armour) still redeploying after a long move may fire
        (or count against works) again; None when it may today."""
        ready = ready_date(self.world, self.state, self.state.units[unit_id])
        return ready.isoformat() if ready else None

    def fire_refusal(self, unit_id: str) -> IllegalOrder | None:
        """The refusal every shoot by the unit would meet now whatever its target, or None:
        no guns, off the map, already fired, laying its lines after a long move, no dump in
        reach or too few shells there, its pocket's depot out of shells. The checks a
        `Bombard` runs on the gun itself (`bombardment.check_gun`, `check_gun_ready`), so an
        interface can grey out its fire button with the reason the order would be refused."""
        unit = self.state.units.get(unit_id)
        side = unit.side if unit is not None else self.side_to_move
        world = self.world.on(self.state.date)
        try:
            check_gun_ready(world, self.state, check_gun(world, self.state, side, unit_id))
        except IllegalOrder as exc:
            return exc
        return None

    def bombard_targets(self, unit_id: str) -> list[tuple[int, int]]:
        """Hexes the unit may shell right now (enemy-held, in range, no truce, guns ready)."""
        u = self.state.units.get(unit_id)
        if u is None:
            raise KeyError(f"no unit {unit_id!r}")
        guns = self.world.unit_types[u.type_id].bombard
        if guns is None or not u.deployed or u.side != self.side_to_move:
            return []
        wmap, grid = self.world.map, self.world.map.grid
        enemy = sorted({x.hex for x in self.state.active_units() if x.side != u.side})
        return [
            grid.hex_of(h) for h in enemy
            if wmap.distance(u.hex, h) <= guns.range_hexes
            and self.check(Bombard(u.side, unit_id, grid.hex_of(h))) is None
        ]

    def unit_report(self, unit_id: str) -> dict[str, Any]:
        """What the rules make of a unit now: strengths with every factor, supply, morale.

        The UI's unit panel and the AI read this instead of re-deriving the formulas.
        """
        u = self.state.units.get(unit_id)
        if u is None:
            raise KeyError(f"no unit {unit_id!r}")
        attack_f, defence_f, move_f = factors(self.world, self.state, unit_id)
        info = self.state.supply.get(unit_id)
        return {
            "id": u.id, "side": u.side, "type": u.type_id, "quality": u.quality,
            "status": u.status,
            "hex": list(self.world.map.grid.hex_of(u.hex)) if u.hex >= 0 else None,
            "men": u.men, "initial": u.initial, "lost": u.lost, "captured": u.captured,
            "morale": round(u.morale, 2),
            "surrender_below": surrender_threshold(self.world, self.state, u),
            "suppression": round(u.suppression, 3), "mp": round(u.mp, 3),
            "attack": round(unit_strength(self.world, self.state, u, defending=False), 3)
            if u.deployed else 0.0,
            "defence": round(unit_strength(self.world, self.state, u, defending=True), 3)
            if u.deployed else 0.0,
            "supply": info.state if info else None, "days_out_of_supply": u.oos_days,
            "supply_factors": {"attack": attack_f, "defence": defence_f, "movement": move_f},
            "attacked": u.attacked, "fired": u.fired,
            "dug_in_nights": u.dug_in,
            "fire_spared": round(spared_where_it_stands(self.world, self.state, u), 3)
            if u.deployed else 0.0,
        }

    def legal_orders(self, side: str | None = None, limit_moves: int = 6) -> list[Order]:
        """A sample of legal orders for the side to move: moves (up to `limit_moves` per unit),
        single-unit assaults, bombardments, an air raid on each enemy hex, and EndTurn.

        For tests and simple AIs; the UI asks `legal_moves` and `predict` directly.
        """
        side = side or self.side_to_move
        if self.state.over or side != self.side_to_move:
            return []
        out: list[Order] = []
        grid = self.world.map.grid
        enemy_hexes = sorted({u.hex for u in self.state.active_units() if u.side != side})
        wmap = self.world.map
        for u in sorted(self.state.active_units(side), key=lambda x: x.id):
            options = self.legal_moves(u.id)
            step = max(1, len(options) // limit_moves)
            out.extend(Move(side, u.id, o.to) for o in options[::step][:limit_moves])
            guns = self.world.unit_types[u.type_id].bombard
            for h in enemy_hexes:
                if h in wmap.neighbours[u.hex]:
                    out.append(Assault(side, (u.id,), grid.hex_of(h)))
                if guns is not None and wmap.distance(u.hex, h) <= guns.range_hexes:
                    out.append(Bombard(side, u.id, grid.hex_of(h)))
        if available_raid(self.world, self.state, side) is not None:
            out.extend(AirRaid(side, grid.hex_of(h)) for h in enemy_hexes)
        out = [o for o in out if isinstance(o, Move) or self.check(o) is None]
        out.append(EndTurn(side))
        return out


def new_game(loaded: LoadedScenario, seed: int) -> Game:
    """Start a game of the loaded scenario with the given seed."""
    return Game(loaded, seed)
