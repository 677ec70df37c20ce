"""The attacker's siege doctrine: one fortress at a time, and no main assault before the means.

A deliberate assault on a fortress (Wellhit, Undergo) was launched only once the port was cut
off, the army's guns were in range of it, the specialised armour had come up and the heavy
bombers could fly. Until then the infantry closed the ring and probed the outworks. The attacker
AI reads that doctrine here, from the position and from its own side's schedule — what its
command knew was coming (reinforcements due, bomber raids granted for a date) — never from the
enemy's plans and never from a fixed date:

- the **siege train** is the side's mobile guns and assault armour, on the map and due within
  the profile's `build_up_days`, less what is due to leave in that time;
- the **main effort** is the one fortress the train serves: where most of it already stands in
  reach, else the commander's first priority (the scenario's `priorities`), else the fortress
  worth most per unit of its garrison's defence;
- a front's main assault is **ready** once the port is isolated, `train_share` of the train's
  firepower is in range of the places still to take (and settled in: not redeploying) and as
  much of its assault armour is with them, the dumps those guns draw on hold `stockpile_days`
  of their fire (where the scenario counts shells: `engine/rules/logistics.py`), and no bomber
  raid is only days away or held back by the weather; once a main work has fallen to it the
  assault goes on without waiting again.

A front that is not ready is *prepared*: probes only at positions whose works are lighter than
`probe_max_works`, its guns (if it is the main effort) wearing down the works of its main
targets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from engine.game import Game
from engine.rules.logistics import shoot_cost, supply_of
from engine.state import WAITING, UnitState
from engine.world import World

from .difficulty import Profile
from .evaluation import Front, Picture


@dataclass(frozen=True)
class TrainPiece:
    """One gun or assault-armour unit of the siege train (on the map or due)."""

    unit: str
    power: float  # nominal bombardment value: the type's strength by the share of men
    armour: bool  # an assault specialist
    hex: int  # -1 while still due
    range: int  # bombardment range in hexes (0 for armour)


@dataclass
class Preparation:
    """How far one front's main assault is prepared, and what it still waits for."""

    objective: str
    main_effort: bool
    isolated: bool
    guns_ready: float = 0.0  # nominal firepower of the train in range of the places left
    guns_total: float = 0.0  # of the whole train
    armour_ready: int = 0
    armour_total: int = 0
    shells: float = 0.0  # tons the guns in range can draw on (where shells are counted)
    shells_needed: float = 0.0  # tons of `stockpile_days` of their fire
    bombers: str = "none"  # none | due (granted within the horizon) | grounded | ready
    started: bool = False  # a main work has already fallen: the assault goes on
    waiting_for: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.main_effort and (self.started or not self.waiting_for)


def nominal_power(world: World, type_id: str, men: int) -> float:
    utype = world.unit_types[type_id]
    if utype.bombard is None or utype.bombard.sea_only:
        return 0.0
    return utype.bombard.strength * men / utype.full_strength


def siege_train(game: Game, pic: Picture, horizon_days: int) -> list[TrainPiece]:
    """The side's mobile guns and assault armour, on the map and due within the horizon."""
    world = pic.world
    today = game.state.date
    until = today + dt.timedelta(days=horizon_days)
    out: list[TrainPiece] = []
    leaving = {su.id for su in world.scenario.units
               if su.withdraws is not None and su.withdraws <= until}
    for su in world.scenario.units:
        if su.side != pic.side or su.id in leaving:
            continue
        u = game.state.units[su.id]
        utype = world.unit_types[u.type_id]
        if utype.static or utype.movement_points <= 0:
            continue
        armour = utype.assault_specialist > 0
        if not (armour or pic.is_gun(u)):
            continue
        if u.deployed:
            out.append(TrainPiece(u.id, nominal_power(world, u.type_id, u.men), armour, u.hex,
                                  pic.gun_range(u)))
        elif u.status == WAITING and su.arrives is not None and su.arrives.date <= until:
            out.append(TrainPiece(u.id, nominal_power(world, u.type_id, su.strength), armour,
                                  -1, pic.gun_range(u)))
    return out


def in_reach(pic: Picture, piece: TrainPiece, hexes: list[int]) -> bool:
    """Whether a piece on the map can serve an assault on one of `hexes` (settled in: guns and
    armour that moved far must redeploy before they count)."""
    if piece.hex < 0 or not hexes:
        return False
    if pic.state.units[piece.unit].ready_day > pic.world.day_number(pic.state.date):
        return False
    near = int(pic.geo.distance_to_set(hexes)[piece.hex])
    # armour is with the front once staged on its ring (a day's move from any work)
    return near <= (pic.fort_radius + 1 if piece.armour else piece.range)


def left_hexes(pic: Picture, f: Front) -> list[int]:
    return sorted({pic.world.map.place_hex[p] for p in f.left})


def main_effort(pic: Picture, active: list[Front], train: list[TrainPiece],
                priorities: tuple[str, ...], probe_max_works: float) -> Front | None:
    """The fortress the siege train serves (`active` in the commander's priority order): one
    whose main works are already being stormed; else the commander's first priority; else
    where most of the train already stands; else the fortress worth most per unit of its
    garrison's defence."""
    if not active:
        return None
    committed = {f.objective: sum(p.power + (1.0 if p.armour else 0.0) for p in train
                                  if in_reach(pic, p, left_hexes(pic, f)))
                 for f in active}
    rank = {f.objective: i for i, f in enumerate(active)}

    def most_committed(fronts: list[Front]) -> Front:
        return max(fronts, key=lambda f: (committed[f.objective], -rank[f.objective]))

    under_way = [f for f in active if assault_started(pic, f, probe_max_works)]
    if under_way:
        return most_committed(under_way)
    if any(f.objective in priorities for f in active):
        return active[0]
    best = most_committed(active)
    if committed[best.objective] > 0:
        return best
    return max(active, key=lambda f: (f.points / (1.0 + f.garrison_defence), -rank[f.objective]))


def assault_started(pic: Picture, f: Front, probe_max_works: float) -> bool:
    """Whether one of the front's main works (too strong to probe) is already ours."""
    return any(pic.state.owner.get(p) == pic.side for p in f.places
               if pic.world.map.base_works[pic.world.map.place_hex[p]] >= probe_max_works)


def shells_for(game: Game, pic: Picture, guns: list[UnitState], days: int) -> tuple[float, float]:
    """(tons the guns' dumps hold for them, tons `days` of their fire take), each dump's stock
    counted once against the guns it serves; a gun with no dump in reach has none."""
    need: dict[str | None, float] = {}
    stock: dict[str | None, float] = {None: 0.0}
    for u in guns:
        cost = shoot_cost(pic.world, game.state, u)
        need[cost.dump] = need.get(cost.dump, 0.0) + cost.tons * days
        if cost.dump is not None:
            stock[cost.dump] = cost.stock
    return sum(min(stock[d], n) for d, n in need.items()), sum(need.values())


def stockpile_dump(pic: Picture, aims: list[int]) -> str | None:
    """The side's forward dump nearest the main effort's first target (None: shells are not
    counted, or no dump)."""
    spec = supply_of(pic.world, pic.side)
    if spec is None or not spec.dumps or not aims:
        return None
    wmap = pic.world.map
    return min((d.place for d in spec.dumps),
               key=lambda p: (wmap.distance(wmap.place_hex[p], aims[0]), p))


def bombers_state(game: Game, pic: Picture, profile: Profile, horizon_days: int) -> str:
    """Whether bombers hold the main assault back: raids at hand but grounded by the weather
    (and not about to lapse), or granted for a day within the horizon and none at hand yet."""
    state = game.state
    today = state.date
    grants = [g for g in state.raids if g.side == pic.side and g.raids > 0
              and (g.until is None or today <= g.until)]
    if grants:
        air = pic.world.weathers[state.weather].air
        last_day = min((g.until for g in grants if g.until is not None), default=None)
        lapsing = last_day is not None and (last_day - today).days < sum(g.raids for g in grants)
        return "ready" if air >= profile.raid_min_air or lapsing else "grounded"
    until = today + dt.timedelta(days=horizon_days)
    due = any(e.kind == "air_raids" and e.side == pic.side and today < e.date <= until
              for e in pic.world.scenario.events)
    return "due" if due else "none"


def prepare(game: Game, pic: Picture, profile: Profile, active: list[Front],
            isolated: dict[str, bool], train: list[TrainPiece],
            main: Front | None) -> dict[str, Preparation]:
    """Each active front's preparation; `main` is the main effort."""
    bombers = bombers_state(game, pic, profile, profile.build_up_days)
    out: dict[str, Preparation] = {}
    for f in active:
        prep = Preparation(f.objective, f is main, isolated.get(f.objective, True))
        hexes = left_hexes(pic, f)
        guns = [p for p in train if not p.armour]
        armour = [p for p in train if p.armour]
        prep.guns_total = sum(p.power for p in guns)
        prep.guns_ready = sum(p.power for p in guns if in_reach(pic, p, hexes))
        prep.armour_total = len(armour)
        prep.armour_ready = sum(1 for p in armour if in_reach(pic, p, hexes))
        counted = pic.side in game.state.ammunition
        if counted:
            placed = [game.state.units[p.unit] for p in guns if in_reach(pic, p, hexes)]
            prep.shells, prep.shells_needed = shells_for(game, pic, placed,
                                                         profile.stockpile_days)
        prep.bombers = bombers
        prep.started = assault_started(pic, f, profile.probe_max_works)
        if not prep.isolated:
            prep.waiting_for.append("isolation")
        if prep.guns_ready < profile.train_share * prep.guns_total - 1e-9:
            prep.waiting_for.append("guns")
        if prep.armour_ready < profile.train_share * prep.armour_total - 1e-9:
            prep.waiting_for.append("armour")
        if counted and prep.shells < prep.shells_needed - 1e-6:
            prep.waiting_for.append("ammunition")
        if bombers in ("due", "grounded"):
            prep.waiting_for.append("bombers")
        out[f.objective] = prep
    return out
