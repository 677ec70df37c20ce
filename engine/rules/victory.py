"""Places changing hands, objectives taken, and the final score graded by the scenario's levels.

A place is held by the last side to have a unit in its hex with no enemy there, or falls the day
its last defender surrenders, to the side of the unit it gave itself up to. An objective
counts as taken by its side when its place AND every strongpoint it `includes` are held by that
side; taken after `full_value_until`, it is worth `late_loss_per_day` less per day late.
A `contain` objective is a ring instead: from its `from_date` to its `until`, each evening the
ring holds if its side keeps every `ring` place and no unit of the garrison it shut in stands
beyond `radius_hexes`; it is worth its points times the share of those days the ring held.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from engine.events import Event
from engine.format.scenario import Objective, Scenario
from engine.rules.morale import strongpoint_fell
from engine.rules.movement import zoc_of
from engine.state import GameState, Ring
from engine.world import World


def occupy(world: World, state: GameState, hex_: int, side: str, by: str = "") -> list[Event]:
    """`side` now stands alone in the hex (or nobody does, its last defender having given
    itself up to `by`): `side` takes the places there."""
    events: list[Event] = []
    places = world.map.hex_places.get(hex_, ())  # most hexes have none: nothing to take
    if not places or any(at.get(hex_, 0) for other, at in state.positions().count.items()
                         if other != side):
        return events
    for place in places:
        previous = state.owner.get(place)
        if previous == side:
            continue
        state.owner[place] = side
        events.append(Event.make("place_taken", state.date, place=place, side=side,
                                 previous=previous or "", by=by))
        if previous is not None:
            events.extend(strongpoint_fell(world, state, place, previous))
    if events:
        events.extend(check_objectives(world, state))
    return events


def surrendered_places(world: World, state: GameState, events: list[Event]) -> list[Event]:
    """The places whose last defenders surrendered (in `events`) pass to their captors' side:
    a place falls the day its garrison gives up, not when someone later walks in."""
    out: list[Event] = []
    for e in events:
        by = e.get("by") if e.kind == "surrendered" else None
        if not by or not e.get("hex"):
            continue
        col, row = e.get("hex")
        out.extend(occupy(world, state, world.map.grid.index((col, row)), state.units[by].side,
                          by))
    return out


def settle_control(world: World, state: GameState) -> list[Event]:
    """End of day: a place its holder left empty, inside the other side's zone of control and
    outside its own, passes to the other side (nobody holds a strongpoint by absence)."""
    # the live indexes (read only: no unit moves here), not copies of them for every place
    zoc = {side: zoc_of(world, state, side) for side in world.side_ids}
    count = state.positions().count  # side -> hex -> its units there
    events: list[Event] = []
    for place in world.map.place_ids:
        holder = state.owner.get(place)
        if holder is None:
            continue
        h = world.map.place_hex[place]
        if count.get(holder, {}).get(h, 0) or h in zoc[holder]:
            continue
        other = world.enemy_of(holder)
        if h in zoc[other]:
            state.owner[place] = other
            events.append(Event.make("place_taken", state.date, place=place, side=other,
                                     previous=holder, by=""))
            events.extend(strongpoint_fell(world, state, place, holder))
    return events


def check_rings(world: World, state: GameState) -> list[Event]:
    """End of day: count the day for each `contain` objective whose ring is in its dates; the
    ring closes (its garrison: the enemy units inside then) on its first day, breaks when its
    side loses a `ring` place or a garrison unit stands outside, and its last day ends it."""
    events: list[Event] = []
    today = state.date
    for o in world.scenario.victory.objectives:
        if o.kind != "contain":
            continue
        first, last = ring_days(world.scenario, o)
        if not first <= today <= last or state.captured.get(o.place) is not None:
            continue
        zone = world.ring_zone(o)
        ring = state.rings.get(o.place)
        if ring is None:
            inside = state.active_units(world.enemy_of(o.side))
            ring = state.rings[o.place] = Ring(tuple(sorted(u.id for u in inside
                                                            if u.hex in zone)))
        lost = [p for p in o.ring if state.owner.get(p) != o.side]
        out = [uid for uid in ring.garrison
               if state.units[uid].deployed and state.units[uid].hex not in zone]
        ring.days += 1
        if lost or out:
            if not ring.broken:
                events.append(Event.make("ring_breached", today, objective=o.place, side=o.side,
                                         places=lost, units=out))
            ring.broken = True
            ring.first_breach = ring.first_breach or today.isoformat()
        else:
            if ring.broken:
                events.append(Event.make("ring_restored", today, objective=o.place, side=o.side))
            ring.broken = False
            ring.held += 1
        if today == last:
            state.captured[o.place] = today.isoformat()
            events.append(Event.make("containment_ended", today, objective=o.place, side=o.side,
                                     held=ring.held, days=ring.days,
                                     points_now=ring_value(world, o, ring)))
    return events


def ring_days(scenario: Scenario, objective: Objective) -> tuple[dt.date, dt.date]:
    """First and last day a `contain` objective's ring is counted, within the scenario."""
    first = objective.from_date or scenario.start_date
    return first, min(objective.until or scenario.end_date, scenario.end_date)


def ring_value(world: World, objective: Objective, ring: Ring | None) -> float:
    """A `contain` objective's points so far: its points times the days the ring held over
    all the days it is counted."""
    if ring is None:
        return 0.0
    first, last = ring_days(world.scenario, objective)
    return float(objective.points) * ring.held / max(1, (last - first).days + 1)


def check_objectives(world: World, state: GameState) -> list[Event]:
    events: list[Event] = []
    for o in world.scenario.victory.objectives:
        if o.kind == "contain":
            continue  # counted each evening by check_rings
        held = all(state.owner.get(p) == o.side for p in objective_places(o))
        taken = state.captured.get(o.place) is not None
        if held and not taken:
            state.captured[o.place] = state.date.isoformat()
            events.append(Event.make("objective_taken", state.date, objective=o.place, side=o.side,
                                     points_now=objective_value(world, o.place, state.date)))
        elif taken and not held:
            state.captured[o.place] = None
            events.append(Event.make("objective_lost", state.date, objective=o.place, side=o.side))
    return events


def objective_value(world: World, objective: str, taken_on: dt.date) -> float:
    o = world.objectives[objective]
    if o.full_value_until is None or taken_on <= o.full_value_until:
        return float(o.points)
    late = (taken_on - o.full_value_until).days
    return float(o.points) * max(0.0, 1.0 - o.late_loss_per_day * late)


@dataclass(frozen=True)
class Score:
    side: str
    objective_points: float
    prisoner_points: float
    casualty_points: float
    civilian_points: float
    available: float
    share: float
    level: str

    @property
    def total(self) -> float:
        gains = self.objective_points + self.prisoner_points
        return gains - self.casualty_points - self.civilian_points

    def to_json(self) -> dict[str, object]:
        return {**vars(self), "total": self.total}


def tallies(world: World, state: GameState) -> dict[str, dict[str, int]]:
    """Per side: men lost, men taken prisoner, men still serving (on or off the map)."""
    out = {s: {"lost": 0, "captured": 0, "men": 0, "initial": 0} for s in world.side_ids}
    for u in state.units.values():
        t = out[u.side]
        t["lost"] += u.lost
        t["captured"] += u.captured
        t["men"] += u.men if u.status != "waiting" else 0
        t["initial"] += u.initial if u.status != "waiting" else 0
    return out


def score(world: World, state: GameState) -> Score:
    """The scoring side is the side that captures objectives (the first one named)."""
    v = world.scenario.victory
    side = v.objectives[0].side
    enemy = world.enemy_of(side)
    t = tallies(world, state)
    objective_points = sum(
        objective_value(world, place, dt.date.fromisoformat(date))
        for place, date in state.captured.items() if date is not None
        and world.objectives[place].side == side and world.objectives[place].kind == "capture"
    ) + sum(ring_value(world, o, state.rings.get(o.place)) for o in v.objectives
            if o.kind == "contain" and o.side == side)
    available = float(sum(o.points for o in v.objectives if o.side == side)) or 1.0
    prisoners = t[enemy]["captured"] * v.points_per_1000_prisoners / 1000
    casualties = (t[side]["lost"] + t[side]["captured"]) * v.points_per_100_own_casualties / 100
    civilians = sum(state.civilian_casualties.values()) * v.points_per_100_civilian_casualties / 100
    total = objective_points + prisoners - casualties - civilians
    share = max(0.0, min(1.0, total / available))
    levels = sorted(v.levels, key=lambda lv: -lv.min_share)
    level = next((lv.id for lv in levels if share >= lv.min_share), levels[-1].id)
    return Score(side, objective_points, prisoners, casualties, civilians, available, share, level)


def objective_places(objective: Objective) -> tuple[str, ...]:
    """Every place an objective needs: its own and each strongpoint it `includes`."""
    return (objective.place, *objective.includes)


@dataclass(frozen=True)
class ObjectiveProgress:
    """How far its side has come with one objective: the one answer the panel, the log, the end
    screen and the report all give ("3 of 7 places taken"; "taken" only once it counts).
    For a `contain` objective, `places` are its ring's places, `taken_on` the day its ring's
    count ended, and `ring` the days counted so far."""

    objective: str  # the objective's place id
    side: str  # the side that must take it
    places: tuple[str, ...]  # every place it needs, its own first
    held: tuple[str, ...]  # those the side holds now, in the same order
    taken_on: str | None  # ISO date it counted as taken (None: it does not count)
    kind: str = "capture"  # or "contain"
    ring: Ring | None = None  # contain: the ring so far (None before it closes)
    ring_total: int = 0  # contain: the days the ring is counted in all

    @property
    def ring_share(self) -> float:
        """contain: the share of all the ring's days that it held so far (0 to 1)."""
        return self.ring.held / self.ring_total if self.ring and self.ring_total else 0.0

    @property
    def taken(self) -> bool:
        return self.taken_on is not None

    @property
    def missing(self) -> tuple[str, ...]:
        """The places still to take, in the objective's order."""
        return tuple(p for p in self.places if p not in self.held)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "objective": self.objective, "side": self.side, "kind": self.kind,
            "places": list(self.places), "held": list(self.held), "taken_on": self.taken_on}
        if self.kind == "contain":
            ring = self.ring
            out["ring"] = {"days": ring.days if ring else 0, "held": ring.held if ring else 0,
                           "total": self.ring_total, "broken": bool(ring and ring.broken),
                           "first_breach": ring.first_breach if ring else None}
        return out


def objective_progress(scenario: Scenario, owner: Mapping[str, str | None],
                       captured: Mapping[str, str | None],
                       rings: Mapping[str, Ring] | None = None) -> list[ObjectiveProgress]:
    """Each objective's progress, in the scenario's order, from who holds each place (`owner`,
    e.g. `GameState.owner`, or an owner map rebuilt from an event stream), when objectives
    were taken (`GameState.captured`, or the `objective_taken`/`objective_lost` events) and
    the `contain` objectives' rings (`GameState.rings`)."""
    out = []
    for o in scenario.victory.objectives:
        if o.kind == "contain":
            first, last = ring_days(scenario, o)
            places = tuple(o.ring)
            held = tuple(p for p in places if owner.get(p) == o.side)
            out.append(ObjectiveProgress(o.place, o.side, places, held, captured.get(o.place),
                                         "contain", (rings or {}).get(o.place),
                                         (last - first).days + 1))
            continue
        places = objective_places(o)
        held = tuple(p for p in places if owner.get(p) == o.side)
        out.append(ObjectiveProgress(o.place, o.side, places, held, captured.get(o.place)))
    return out


def owners_from_events(scenario: Scenario, events: Iterable[Event],
                       start: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """Who holds each place after `events` (a game's whole stream, from its opening events):
    the scenario's starting holders (or `start`), changed by each `place_taken` — so a reader
    of the event stream alone (a log, a report) can say how far an objective had come at any
    event."""
    owner = dict(start) if start is not None else {p.id: p.side for p in scenario.places}
    for event in events:
        if event.kind == "place_taken":
            owner[str(event.get("place"))] = str(event.get("side"))
    return owner
