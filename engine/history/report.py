"""The after-action report: a finished (or saved) campaign set against what happened in 1944.

Every number of the player's side comes from the game's event log (`surrendered`, `assault`,
`bombarded`, `bombs_strayed`, `truce`, `objective_taken` / `objective_lost` events); the
historical numbers come from the scenario's `history.outcomes` (preferred figure first, the
others shown as alternatives). `tally_events` is the one place that adds the log up, and the
tests check it against the engine's own `tallies()` and state. A batch of simulated runs
(`run.py simulate --json`) is compared the same way, objective by objective.

`python run.py report SAVE [--lang fr] [--json] [--png PATH] [--window]`, or with
`--batch SIMULATION.json` (alone or with a save) the comparison of a simulated batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from statistics import median
from typing import Any

from engine.events import Event
from engine.format.scenario import Figure, Outcome, OutcomeFigure, Scenario, text_in
from engine.game import Game
from engine.history.strait_report import StraitResult, strait_lines, strait_result
from engine.history.timeline import (
    FIGURES,
    HistoricalDate,
    Timeline,
    colon,
    format_date,
    format_decimal,
    format_number,
    historical_total,
    within_campaign,
    word,
)
from engine.rules.victory import objective_progress, owners_from_events
from engine.world import World

COMBINED_FIGURES = ("prisoners", "allied_casualties")  # what CombinedFigures can hold
ON_TIME_DAYS = 2  # a fall within this many days of history counts as "on time" in a batch


# --- the event log, added up ----------------------------------------------------------------
@dataclass
class Tally:
    """What the event log says happened, per side and per place."""

    losses: dict[str, int] = field(default_factory=dict)  # side -> killed, wounded, missing
    prisoners: dict[str, int] = field(default_factory=dict)  # side -> its men taken prisoner
    prisoners_at: dict[str, int] = field(default_factory=dict)  # place -> prisoners taken there
    civilians_killed: dict[str, int] = field(default_factory=dict)  # place -> civilians killed
    evacuated: dict[str, int] = field(default_factory=dict)  # place -> civilians evacuated
    taken: dict[str, str | None] = field(default_factory=dict)  # objective -> ISO date or None
    losses_at: dict[str, dict[str, int]] = field(default_factory=dict)  # place -> side -> lost
    captured_at: dict[str, dict[str, int]] = field(default_factory=dict)  # place -> side -> men

    def casualties_at(self, place: str, side: str) -> int:
        """The side's killed, wounded, missing and captured at one place."""
        return self.losses_at.get(place, {}).get(side, 0) + \
            self.captured_at.get(place, {}).get(side, 0)

    def casualties(self, side: str) -> int:
        """Killed, wounded, missing and captured: what history's casualty figures count."""
        return self.losses.get(side, 0) + self.prisoners.get(side, 0)


def tally_events(events: Iterable[Event], unit_sides: dict[str, str],
                 enemy: dict[str, str]) -> Tally:
    """Add up the log. `unit_sides` maps unit ids to sides; `enemy` maps a side to its enemy."""
    t = Tally()

    def add(table: dict[str, int], key: str, n: int) -> None:
        if n:
            table[key] = table.get(key, 0) + int(n)

    def add_at(place: str, side: str, n: int, table: dict[str, dict[str, int]]) -> None:
        add(table.setdefault(place, {}), side, n)

    raid_side: str | None = None
    for e in events:
        k = e.kind
        if k == "assault":
            side = str(e.get("side"))
            place = str(e.get("place") or "")
            add(t.losses, side, e.get("attacker_losses", 0))
            add(t.losses, enemy[side], e.get("defender_losses", 0))
            add_at(place, side, e.get("attacker_losses", 0), t.losses_at)
            add_at(place, enemy[side], e.get("defender_losses", 0), t.losses_at)
            add(t.civilians_killed, place, e.get("civilians_killed", 0))
        elif k == "air_raid":
            raid_side = str(e.get("side"))
        elif k == "bombarded":
            by = str(e.get("by"))
            firing = raid_side if by == "air" else unit_sides.get(by)
            if firing is not None:
                add(t.losses, enemy[firing], e.get("losses", 0))
                add_at(str(e.get("place") or ""), enemy[firing], e.get("losses", 0), t.losses_at)
            add(t.civilians_killed, str(e.get("place") or ""), e.get("civilians_killed", 0))
        elif k == "bombs_strayed":
            add(t.civilians_killed, str(e.get("place") or ""), e.get("civilians_killed", 0))
        elif k in ("surrendered", "destroyed"):
            # its wounded were counted lost where they fell; taken, they are prisoners now
            place = str(e.get("place") or "")
            side = str(e.get("side"))
            wounded = e.get("wounded", 0)
            taken = e.get("men", 0) if k == "surrendered" else wounded
            add(t.losses, side, -wounded)
            add_at(place, side, -wounded, t.losses_at)
            add(t.prisoners, side, taken)
            add(t.prisoners_at, place, taken)
            add_at(place, side, taken, t.captured_at)
        elif k == "truce":
            add(t.evacuated, str(e.get("place")), e.get("evacuated", 0))
        elif k == "civilians_expelled":
            add(t.evacuated, str(e.get("place")), e.get("civilians", 0))
        elif k == "objective_taken":
            t.taken[str(e.get("objective"))] = e.date
        elif k == "objective_lost":
            t.taken[str(e.get("objective"))] = None
    return t


def tally_game(game: Game, since: dt.date | None = None) -> Tally:
    """The game's log added up; with `since`, only the events of that day and after."""
    world = game.world
    sides = {u.id: u.side for u in world.scenario.units}
    enemy = {s: world.enemy_of(s) for s in world.side_ids}
    first = since.isoformat() if since is not None else ""
    return tally_events((e for e in game.all_events() if e.date >= first), sides, enemy)


# --- per objective ------------------------------------------------------------------------
PER_OBJECTIVE_RADIUS = 2  # fortress radii: shelling of the besiegers' lines counts for the siege
PORT_FIGURES = ("prisoners", "allied_casualties", "civilian_casualties", "civilians_evacuated")
# the `history.outcomes` field each figure is compared with
HISTORY_FIELD = {"prisoners": "prisoners", "allied_casualties": "allied_casualties",
                 "civilian_casualties": "civilian_deaths",
                 "civilians_evacuated": "civilians_evacuated"}


@lru_cache(maxsize=8)
def objective_of_place(world: World) -> dict[str, str]:
    """Objective each place's figures count for: its own, else the nearest objective whose
    places lie within `PER_OBJECTIVE_RADIUS` fortress radii (places farther off count for none)."""
    out = dict(world.objective_of_place)
    reach = PER_OBJECTIVE_RADIUS * world.rules.morale.fortress_radius_hexes
    for place in world.map.place_ids:
        if place in out:
            continue
        h = world.map.place_hex[place]
        near = [(world.map.distance(h, world.map.place_hex[p]), objective)
                for p, objective in world.objective_of_place.items()]
        d, objective = min(near)
        if d <= reach:
            out[place] = objective
    return out


def by_objective(game: Game, tally: Tally | None = None) -> dict[str, dict[str, int]]:
    """Prisoners, Allied casualties, civilians killed and evacuated, per objective, over the
    whole game: the one per-port count that `simulate --json`, the report and the after-action
    window all give (`as_counted` is the same count from the days history's figures start)."""
    return port_figures(game.world, tally or tally_game(game))


def port_figures(world: World, t: Tally) -> dict[str, dict[str, int]]:
    """`PORT_FIGURES` per objective, from a tally of the log (or of part of it)."""
    scorer = world.scenario.victory.objectives[0].side
    enemy = world.enemy_of(scorer)
    out = {o.place: dict.fromkeys(PORT_FIGURES, 0) for o in world.scenario.victory.objectives}
    for place, objective in objective_of_place(world).items():
        row = out[objective]
        row["prisoners"] += t.captured_at.get(place, {}).get(enemy, 0)
        row["allied_casualties"] += t.casualties_at(place, scorer)
        row["civilian_casualties"] += t.civilians_killed.get(place, 0)
        row["civilians_evacuated"] += t.evacuated.get(place, 0)
    return out


def preferred(outcome: Outcome | None, key: str) -> OutcomeFigure | None:
    """History's preferred figure (the first given) of one per-port figure, None if none."""
    claims = getattr(outcome, HISTORY_FIELD[key]) if outcome is not None else []
    return claims[0] if claims else None


def history_figure(outcome: Outcome | None, key: str) -> float | None:
    """The value of history's preferred figure of one per-port figure, None if none."""
    figure = preferred(outcome, key)
    return float(figure.value) if figure is not None else None


def counted_from(scenario: Scenario, objective: str, key: str) -> dt.date | None:
    """The first day the preferred figure of `key` at `objective` counts, when it starts after
    the scenario's first day; None when it counts the whole scenario (or there is none)."""
    outcome = next((o for o in scenario.history.outcomes if o.objective == objective), None)
    figure = preferred(outcome, key)
    day = figure.counted_from if figure is not None else None
    return day if day is not None and day > scenario.start_date else None


def counted_total(scenario: Scenario, counted: dict[str, dict[str, int]], key: str
                  ) -> int | None:
    """This game's side of `historical_total(scenario, key, campaign_only=True)`, like for like:
    the `as_counted` figures of exactly the objectives whose preferred figures that total adds
    (None when history gives none)."""
    field_name = HISTORY_FIELD[key]
    objectives = [o.objective for o in scenario.history.outcomes
                  if getattr(o, field_name) and within_campaign(o, scenario)]
    return sum(counted[o][key] for o in objectives if o in counted) if objectives else None


def as_counted(game: Game, whole: dict[str, dict[str, int]] | None = None
               ) -> dict[str, dict[str, int]]:
    """`by_objective` as history's preferred sources count: each figure whose source counts
    from a later day (`counted_from`, Operation Astonia's 10 September at Le Havre, say) is
    tallied over the events of that day and after only; the others are the whole game's.
    `whole` is `by_objective(game)` when the caller has it already."""
    world = game.world
    scenario = world.scenario
    out = {k: dict(v) for k, v in (whole or by_objective(game)).items()}
    starts = {(o.place, key): counted_from(scenario, o.place, key)
              for o in scenario.victory.objectives for key in PORT_FIGURES}
    for day in sorted({d for d in starts.values() if d is not None}):
        since = port_figures(world, tally_game(game, day))
        for (objective, key), start in starts.items():
            if start == day:
                out[objective][key] = since[objective][key]
    return out


# --- the report -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ObjectiveResult:
    objective: str
    yours: dt.date | None  # when the player's side took it (None: not taken)
    history: HistoricalDate
    figures: dict[str, int]  # PORT_FIGURES of this game at its places (`by_objective`)
    history_figures: dict[str, float | None]  # history's preferred figure of each
    # the same figures as history's preferred sources count them (`as_counted`), and the day
    # each count starts when it is not the scenario's first (`counted_from`)
    counted: dict[str, int] = field(default_factory=dict)
    counted_from: dict[str, dt.date | None] = field(default_factory=dict)
    held: int = 0  # how many of the places it needs the player's side held at the end
    places: int = 1  # how many places it needs (its own and the strongpoints it includes)
    ring: tuple[int, int] | None = None  # contain: (days the ring held, days it counts)
    ring_broken_on: str | None = None  # contain: the day the ring first broke

    @property
    def prisoners(self) -> int:
        return self.figures["prisoners"]

    def counted_figure(self, key: str) -> int:
        """This game's figure as history's preferred source counts it (`as_counted`)."""
        return self.counted.get(key, self.figures[key])

    @property
    def history_prisoners(self) -> float | None:
        return self.history_figures["prisoners"]

    @property
    def days(self) -> int | None:
        """Days later (+) or sooner (-) than history; None unless it fell in both."""
        if self.yours is None or self.history.date is None:
            return None
        return (self.yours - self.history.date).days


@dataclass(frozen=True)
class Comparison:
    """A figure of this game against history's preferred figure (None: history gives none).

    `counted`, when set, is this game's figure counted like history's: at the objectives whose
    figures history's total adds up, each from the day its source starts counting."""

    yours: int
    history: float | None
    counted: int | None = None

    @property
    def compared(self) -> int:
        """The figure set against history's: the like-for-like count when there is one."""
        return self.yours if self.counted is None else self.counted


@dataclass(frozen=True)
class Ammunition:
    """Tons of artillery ammunition: unloaded at the railhead, fired (by objective shelled,
    `other` for places outside every objective) and left in the dumps at the end."""

    delivered: float
    fired: dict[str, float]
    left: float


def ammunition_of(game: Game, side: str) -> Ammunition | None:
    """Tons delivered, fired at each objective's places (per-port, like the other figures)
    and left over."""
    report = game.ammunition(side)
    if report is None:
        return None
    fortress_of = objective_of_place(game.world)
    fired: dict[str, float] = {}
    for place, tons in report["fired"].items():
        key = fortress_of.get(place, "other")
        fired[key] = round(fired.get(key, 0.0) + tons, 1)
    left = sum(report["stocks"].values()) + sum(t["tons"] for t in report["in_transit"])
    return Ammunition(report["delivered"], fired, round(left, 1))


@dataclass(frozen=True)
class AfterAction:
    scenario: Scenario
    seed: int
    date: dt.date
    over: bool
    side: str
    objectives: tuple[ObjectiveResult, ...]
    prisoners: Comparison
    casualties: Comparison
    civilian_deaths: Comparison
    evacuated: Comparison
    score: float
    available: float
    level: str
    truces: dict[str, int] = field(default_factory=dict)  # place -> civilians evacuated
    strait: StraitResult | None = None  # the duel across the Strait, if the scenario has one
    ammunition: Ammunition | None = None  # the side's shells, when the scenario counts them

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.id, "seed": self.seed, "date": self.date.isoformat(),
            "over": self.over, "side": self.side,
            "objectives": {
                o.objective: {
                    "yours": o.yours.isoformat() if o.yours else None,
                    "history": o.history.date.isoformat() if o.history.date else None,
                    "alternatives": [c.date.isoformat() for c in o.history.alternatives],
                    "held_until": o.history.held_until.isoformat() if o.history.held_until
                    else None,
                    "days": o.days, **o.figures,
                    "history_figures": dict(o.history_figures),
                    "as_counted": dict(o.counted),
                    "counted_from": {key: day.isoformat() if day else None
                                     for key, day in o.counted_from.items()},
                    "places_held": o.held, "places": o.places,
                    **({"ring_held_days": o.ring[0], "ring_days": o.ring[1],
                        "ring_broken_on": o.ring_broken_on} if o.ring else {}),
                } for o in self.objectives
            },
            **{key: asdict(getattr(self, key)) for key in
               ("prisoners", "casualties", "civilian_deaths", "evacuated")},
            "score": self.score, "available": self.available, "level": self.level,
            "truces": dict(self.truces),
            "ammunition": asdict(self.ammunition) if self.ammunition else None,
            "truce_policy": Timeline(self.scenario).truce_policy_lines("en"),
            "verdict": {lang: verdict(self, lang) for lang in ("en", "fr")},
            "strait": self.strait.to_json() if self.strait is not None else None,
        }


def build_report(game: Game) -> AfterAction:
    """The report of a game as it stands (finished or not), from its event log."""
    world = game.world
    scenario = world.scenario
    tl = Timeline(scenario)
    side = scenario.victory.objectives[0].side
    enemy = world.enemy_of(side)
    t = tally_game(game)
    dates = tl.historical_dates()
    figures = by_objective(game, t)
    counted = as_counted(game, figures)
    objectives = []
    owners = owners_from_events(world.scenario, game.all_events())
    progress = {p.objective: p for p in objective_progress(world.scenario, owners, t.taken,
                                                             game.state.rings)}
    for o in scenario.victory.objectives:
        taken = t.taken.get(o.place)
        ring = progress[o.place].ring
        outcome = tl.outcomes.get(o.place)
        objectives.append(ObjectiveResult(
            objective=o.place,
            yours=dt.date.fromisoformat(taken) if taken else None,
            history=dates[o.place],
            figures=figures[o.place],
            history_figures={key: history_figure(outcome, key) for key in PORT_FIGURES},
            counted=counted[o.place],
            counted_from={key: counted_from(scenario, o.place, key) for key in PORT_FIGURES},
            held=len(progress[o.place].held), places=len(progress[o.place].places),
            ring=(ring.held if ring else 0, progress[o.place].ring_total)
            if o.kind == "contain" else None,
            ring_broken_on=ring.first_breach if ring else None,
        ))
    s = game.score()
    return AfterAction(
        scenario=scenario, seed=game.seed, date=game.state.date, over=game.over, side=side,
        objectives=tuple(objectives),
        prisoners=Comparison(t.prisoners.get(enemy, 0),
                             historical_total(scenario, "prisoners", campaign_only=True)),
        casualties=Comparison(t.casualties(side),
                              historical_total(scenario, "allied_casualties", campaign_only=True),
                              counted_total(scenario, counted, "allied_casualties")),
        civilian_deaths=Comparison(sum(t.civilians_killed.values()),
                                   historical_total(scenario, "civilian_deaths")),
        evacuated=Comparison(sum(t.evacuated.values()),
                             historical_total(scenario, "civilians_evacuated")),
        score=s.total, available=s.available, level=s.level, truces=dict(t.evacuated),
        strait=strait_result(scenario, game.all_events()),
        ammunition=ammunition_of(game, side),
    )


# --- words ----------------------------------------------------------------------------------
def _days(n: int, lang: str) -> str:
    unit = ("jour" if n == 1 else "jours") if lang == "fr" else ("day" if n == 1 else "days")
    return f"{n} {unit}"


def join_names(names: list[str], lang: str) -> str:
    """'A, B and C' / 'A, B et C'."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + (" et " if lang == "fr" else " and ") + names[-1]


def _fall_clause(names: str, plural: bool, d: int, year: int, lang: str, full: bool) -> str:
    """A fall compared with history's date: 'Boulogne fell 3 days sooner than in 1944'."""
    fr = lang == "fr"
    if not full:
        if d == 0:
            return f"{names} le même jour" if fr else f"{names} on the same day"
        way = ("plus tôt" if d < 0 else "plus tard") if fr else ("sooner" if d < 0 else "later")
        return f"{names} {_days(abs(d), lang)} {way}"
    verb = ("tombent" if plural else "tombe") if fr else "fell"
    if d == 0:
        return f"{names} {verb} le même jour qu'en {year}" if fr else \
            f"{names} {verb} on the same day as in {year}"
    if fr:
        return f"{names} {verb} {_days(abs(d), lang)} plus {'tôt' if d < 0 else 'tard'} " \
               f"qu'en {year}"
    return f"{names} {verb} {_days(abs(d), lang)} {'sooner' if d < 0 else 'later'} than in {year}"


def objective_clause(r: AfterAction, o: ObjectiveResult, lang: str, full: bool = True) -> str:
    """'Boulogne fell 3 days sooner than in 1944' / 'Boulogne tombe 3 jours plus tôt qu'en 1944'.

    With `full` false a fall compared with history's date is said short ('Calais 1 day
    later'), for the clauses that follow a first one of the same kind.
    """
    tl = Timeline(r.scenario)
    name = tl.place_name(o.objective, lang)
    year = o.history.date.year if o.history.date else r.scenario.start_date.year
    fr = lang == "fr"
    if o.ring is not None:
        return ring_clause(o, name, lang)
    if not o.history.known:
        if o.yours is None:
            return f"{name} tient (l'histoire ne dit rien)" if fr else \
                f"{name} held (history gives no date)"
        return f"{name} tombe le {format_date(o.yours, lang, year=False)} (l'histoire ne dit " \
               f"rien)" if fr else \
            f"{name} fell on {format_date(o.yours, lang, year=False)} (history gives no date)"
    if o.yours is not None and o.history.date is not None:
        return _fall_clause(name, False, o.days or 0, year, lang, full)
    if o.yours is not None:
        held = o.history.held_until
        if fr:
            tail = f" ; en {year}, la place tint jusqu'au {format_date(held, lang)}" if held else \
                f", ce qui n'arriva pas en {year}"
            return f"{name} tombe le {format_date(o.yours, lang, year=False)}{tail}"
        tail = f", when in {year} it held until {format_date(held, lang)}" if held else \
            f", which did not happen in {year}"
        return f"{name} fell on {format_date(o.yours, lang, year=False)}{tail}"
    if o.history.date is not None:
        when = format_date(o.history.date, lang)
        still = "" if r.over else (" encore" if fr else " still")
        if fr:
            return f"{name} tient{still} (en {year} : chute le {when})"
        return f"{name}{still} held (it fell on {when})"
    return f"{name} tient, comme en {year}" if fr else f"{name} held, as in {year}"


def cost_clause(r: AfterAction, lang: str) -> str:
    """'at twice the cost (1,720 Allied casualties against 860)'; empty without a figure. The
    game's side is its figure counted like history's (`Comparison.compared`)."""
    hist = r.casualties.history
    if not hist:
        return ""
    yours_n = r.casualties.compared
    ratio = yours_n / hist
    fr = lang == "fr"
    if ratio < 0.4:
        how = f"pour {round(ratio * 100)} % des pertes" if fr else \
            f"at {round(ratio * 100)}% of the cost"
    elif ratio < 0.65:
        how = "pour moitié moins de pertes" if fr else "at half the cost"
    elif ratio < 0.8:
        how = "pour un peu moins de pertes" if fr else "at a little less cost"
    elif ratio <= 1.25:
        how = "pour des pertes comparables" if fr else "at about the same cost"
    elif ratio < 1.75:
        how = "pour un peu plus de pertes" if fr else "at a somewhat higher cost"
    else:
        k = round(ratio)
        words_en = {2: "twice", 3: "three times", 4: "four times", 5: "five times"}
        words_fr = {2: "deux", 3: "trois", 4: "quatre", 5: "cinq"}
        how = f"pour {words_fr.get(k, str(k))} fois plus de pertes" if fr else \
            f"at {words_en.get(k, f'{k} times')} the cost"
    yours, theirs = format_number(yours_n, lang), format_number(hist, lang)
    detail = f"{yours} pertes alliées contre {theirs}" if fr else \
        f"{yours} Allied casualties against {theirs}"
    if r.casualties.compared != r.casualties.yours:
        detail += ", comptées comme les sources les comptent" if fr else \
            ", counted as the sources count"
    return f"{how} ({detail})"


def verdict(r: AfterAction, lang: str) -> str:
    """One sentence: every objective against history, then the cost.

    Objectives that fell the same number of days from history's date share a clause
    ('Boulogne and Calais fell on the same day as in 1944').
    """
    tl = Timeline(r.scenario)
    groups: list[list[ObjectiveResult]] = []
    by_days: dict[int, int] = {}
    for o in r.objectives:
        if o.history.known and o.days is not None:
            if o.days in by_days:
                groups[by_days[o.days]].append(o)
                continue
            by_days[o.days] = len(groups)
        groups.append([o])
    clauses = []
    compared = False
    for group in groups:
        first = group[0]
        if len(group) > 1:
            names = join_names([tl.place_name(o.objective, lang) for o in group], lang)
            year = first.history.date.year if first.history.date else r.scenario.start_date.year
            clauses.append(_fall_clause(names, True, first.days or 0, year, lang, not compared))
        else:
            both = first.history.known and first.days is not None
            clauses.append(objective_clause(r, first, lang, full=not (both and compared)))
        compared = compared or (first.history.known and first.days is not None)
    if any(len(g) > 1 for g in groups):
        joined = (" ; " if lang == "fr" else "; ").join(clauses)
    else:
        joined = join_names(clauses, lang) if len(clauses) > 1 else "".join(clauses)
    cost = cost_clause(r, lang)
    text = f"{joined} — {cost}" if cost else joined
    return text[:1].upper() + text[1:] + "."


_LABELS = {
    "en": {"title": "After-action report", "seed": "seed", "on": "situation on",
           "over": "campaign over", "not_over": "campaign not finished",
           "objective": "objective", "yours": "yours", "history": "1944", "diff": "difference",
           "held": "held", "not_taken": "not taken", "ring": "ring held",
           "prisoners": "Prisoners taken",
           "casualties": "Allied casualties", "civilian_deaths": "Civilians killed",
           "evacuated": "Civilians evacuated", "score": "Score", "or": "or",
           "none": "no figure", "at": "at", "sooner": "sooner", "later": "later",
           "same": "same day", "verdict": "Verdict", "history_col": "history",
           "held_until": "held until", "truces": "Truces agreed",
           "evacuated_short": "evacuated",
           "per_port": "Per port: yours (1944)",
           "as_counted": "at the ports, as the sources count",
           "counted_from": "from",
           "bibliography": "Sources of the 1944 figures",
           "by_port": "1944, objective by objective, every figure with its sources",
           "together": "together (figures given only for them all)",
           "ammunition": "Artillery ammunition", "unloaded": "unloaded at the railhead",
           "fired": "fired", "left": "left in the dumps and on the road",
           "elsewhere": "elsewhere"},
    "fr": {"title": "Rapport après action", "seed": "graine", "on": "situation au",
           "over": "campagne terminée", "not_over": "campagne inachevée",
           "objective": "objectif", "yours": "vous", "history": "1944", "diff": "écart",
           "held": "tient", "not_taken": "non prise", "ring": "encerclement",
           "prisoners": "Prisonniers faits",
           "casualties": "Pertes alliées", "civilian_deaths": "Civils tués",
           "evacuated": "Civils évacués", "score": "Score", "or": "ou",
           "none": "pas de chiffre", "at": "à", "sooner": "plus tôt", "later": "plus tard",
           "same": "même jour", "verdict": "Verdict", "history_col": "histoire",
           "held_until": "tient jusqu'au", "truces": "Trêves conclues",
           "evacuated_short": "évacués",
           "per_port": "Par port : vous (1944)",
           "as_counted": "aux ports, comme les sources les comptent",
           "counted_from": "à partir du",
           "bibliography": "Sources des chiffres de 1944",
           "by_port": "1944, objectif par objectif, chaque chiffre avec ses sources",
           "together": "ensemble (chiffres donnés seulement pour l'ensemble)",
           "ammunition": "Munitions d'artillerie", "unloaded": "déchargées à la tête de ligne",
           "fired": "tirées", "left": "restées aux dépôts et sur la route",
           "elsewhere": "ailleurs"},
}


def label(key: str, lang: str) -> str:
    return _LABELS.get(lang, _LABELS["en"])[key]


def semicolon(lang: str) -> str:
    """'; ' / ' ; ' (French puts a space before it)."""
    return " ; " if lang == "fr" else "; "


def difference_text(o: ObjectiveResult, lang: str) -> str:
    d = o.days
    if d is None:
        return "—"
    if d == 0:
        return label("same", lang)
    return f"{_days(abs(d), lang)} {label('sooner' if d < 0 else 'later', lang)}"


def history_date_text(h: HistoricalDate, lang: str) -> str:
    if not h.known:
        return "—"
    if h.date is None:
        if h.held_until is None:
            return label("held", lang)
        return f"{label('held_until', lang)} {format_date(h.held_until, lang)}"
    others = sorted({c.date for c in h.alternatives if c.date != h.date})
    if not others:
        return format_date(h.date, lang, year=False)
    shown = [str(d.day) if (d.month == h.date.month and lang != "fr") or
             (d.month == h.date.month and d.day != 1) else format_date(d, lang, year=False)
             for d in others]
    return f"{format_date(h.date, lang, year=False)} ({label('or', lang)} {', '.join(shown)})"


def comparison_text(c: Comparison, lang: str) -> str:
    """'1,720  (history: 860)', or with a like-for-like count '1,720; at the ports as the
    sources count: 1,100  (history: 860)'."""
    hist = label("none", lang) if c.history is None else format_number(c.history, lang)
    counted = "" if c.counted is None or c.counted == c.yours else \
        f"{semicolon(lang)}{label('as_counted', lang)}{colon(lang)}" \
        f"{format_number(c.counted, lang)}"
    return f"{format_number(c.yours, lang)}{counted}  " \
        f"({label('history_col', lang)}{colon(lang)}{hist})"


def ring_clause(o: ObjectiveResult, name: str, lang: str) -> str:
    """'the ring round Dunkirk held 33 of 34 days (first broken on 12 September); in history
    it held until 9 May 1945'."""
    held, days = o.ring or (0, 0)
    fr = lang == "fr"
    text = f"l'encerclement de {name} tient {_days(held, lang)} sur {days}" if fr else \
        f"the ring round {name} held {held} of {_days(days, lang)}"
    if o.ring_broken_on is not None:
        when = format_date(dt.date.fromisoformat(o.ring_broken_on), lang, year=False)
        text += f" (rompu le {when})" if fr else f" (first broken on {when})"
    until = o.history.held_until
    if until is not None:
        text += f" ; la place tint jusqu'au {format_date(until, lang)}" if fr else \
            f"; in history it held until {format_date(until, lang)}"
    return text


def yours_text(o: ObjectiveResult, lang: str) -> str:
    """The day the player's side took the objective, or 'not taken 3/7' (places held of those
    it needs) — the same progress the game's panel and log give; for a ring, its days held."""
    if o.ring is not None:
        return f"{label('ring', lang)} {o.ring[0]}/{o.ring[1]}"
    if o.yours is not None:
        return format_date(o.yours, lang, year=False)
    if o.places > 1:
        return f"{label('not_taken', lang)} {o.held}/{o.places}"
    return label("not_taken", lang)


# the report's label of each per-port figure
PORT_LABELS = {"prisoners": "prisoners", "allied_casualties": "casualties",
               "civilian_casualties": "civilian_deaths", "civilians_evacuated": "evacuated"}


def port_figure_text(o: ObjectiveResult, key: str, lang: str) -> str:
    """'8,922 (9,500)': this game's figure at the objective as history's preferred source
    counts it, history's in brackets ('—' when history gives none)."""
    hist = o.history_figures.get(key)
    return f"{format_number(o.counted_figure(key), lang)} " \
        f"({'—' if hist is None else format_number(hist, lang)})"


def counted_text(o: ObjectiveResult, key: str, lang: str) -> str | None:
    """'from 10 September, as the source counts; 1,455 in all' for a figure its source counts
    from a later day than the scenario's first (None for one that counts the whole game)."""
    day = o.counted_from.get(key)
    return None if day is None else span_text(day, o.figures[key], lang)


def span_text(day: dt.date, whole: float, lang: str) -> str:
    """'from 10 September, as the source counts; 1,455 in all': the day a figure's count
    starts, and the same figure over the whole game."""
    whole_text = format_number(whole, lang)
    if lang == "fr":
        return f"à partir du {format_date(day, lang, year=False)}, comme la source les " \
            f"compte{semicolon(lang)}{whole_text} en tout"
    return f"from {format_date(day, lang, year=False)}, as the source counts{semicolon(lang)}" \
        f"{whole_text} in all"


COUNTED_MARK = "*"  # after a per-port figure of the text report that a note below explains


def per_port_lines(r: AfterAction, lang: str) -> list[str]:
    """Per port, a line of each figure this game gave there, history's beside it; then, for
    each figure counted from a later day than the scenario's first, a note that says so."""
    tl = Timeline(r.scenario)
    head = f"{label('per_port', lang)[:23]:<24}" + "".join(
        f"{label(PORT_LABELS[key], lang)[:19]:<20}" for key in PORT_FIGURES)

    def cell(o: ObjectiveResult, key: str) -> str:
        mark = COUNTED_MARK if o.counted_from.get(key) else ""
        return f"{port_figure_text(o, key, lang) + mark:<20}"

    notes = [f"{COUNTED_MARK} {tl.place_name(o.objective, lang)}, "
             f"{label(PORT_LABELS[key], lang)}{colon(lang)}{text}"
             for o in r.objectives for key in PORT_FIGURES
             if (text := counted_text(o, key, lang)) is not None]
    return [head.rstrip()] + [
        (f"{tl.place_name(o.objective, lang)[:23]:<24}"
         + "".join(cell(o, key) for key in PORT_FIGURES)).rstrip()
        for o in r.objectives] + notes


def render(r: AfterAction, lang: str) -> str:
    """The report as text (`run.py report SAVE`)."""
    tl = Timeline(r.scenario)
    state = label("over", lang) if r.over else label("not_over", lang)
    lines = [
        f"{label('title', lang)} — {text_in(r.scenario.title, lang)}",
        f"{label('seed', lang)} {r.seed} — {label('on', lang)} {format_date(r.date, lang)} "
        f"({state})",
        "",
        f"{label('objective', lang):<22}{label('yours', lang):<16}{label('history', lang):<34}"
        f"{label('diff', lang)}",
    ]
    for o in r.objectives:
        yours = yours_text(o, lang)
        lines.append(f"{tl.place_name(o.objective, lang)[:21]:<22}{yours:<16}"
                     f"{history_date_text(o.history, lang)[:33]:<34}{difference_text(o, lang)}")
    lines.append("")
    for key in ("prisoners", "casualties", "civilian_deaths", "evacuated"):
        lines.append(f"{label(key, lang):<22}{comparison_text(getattr(r, key), lang)}")
    if r.ammunition is not None:
        lines.append(ammunition_text(r, lang))
    if r.truces:
        lines.append(truces_text(r, lang))
    policy = tl.truce_policy_lines(lang)
    if policy:
        lines.append(f"{word('truce_policy', lang)}{colon(lang)}")
        lines += [f"  {text}" for text in policy]
    if r.strait is not None:
        lines += strait_lines(r.scenario, r.strait, lang)
    lines += ["", *per_port_lines(r, lang)]
    lines += ["", label("by_port", lang), *history_by_objective(r.scenario, lang)]
    level = next((text_in(v.name, lang) for v in r.scenario.victory.levels if v.id == r.level),
                 r.level)
    lines += ["", f"{label('score', lang)}{colon(lang)}{format_decimal(r.score, lang)} / "
              f"{r.available:.0f} ({level})", "",
              f"{label('verdict', lang)}{colon(lang)}{verdict(r, lang)}"]
    lines += ["", label("bibliography", lang)]
    lines += [f"[{n}] {entry}" for n, entry in enumerate(bibliography(r.scenario, lang), 1)]
    return "\n".join(lines) + "\n"


def truces_text(r: AfterAction, lang: str) -> str:
    """'Truces agreed: Calais (21,960 evacuated)': the truces of the game, where and how many."""
    tl = Timeline(r.scenario)
    return f"{label('truces', lang)}{colon(lang)}" + "; ".join(
        f"{tl.place_name(place, lang)} ({format_number(men, lang)} "
        f"{label('evacuated_short', lang)})" for place, men in r.truces.items())


def ammunition_text(r: AfterAction, lang: str) -> str:
    """'Artillery ammunition: 9 250 t unloaded, 6 100 t fired (Boulogne 4 800 t, ...), ...'."""
    a = r.ammunition
    assert a is not None
    tl = Timeline(r.scenario)

    def tons(value: float) -> str:
        return f"{format_number(round(value), lang)} t"

    where = ", ".join(
        f"{label('elsewhere', lang) if key == 'other' else tl.place_name(key, lang)} {tons(v)}"
        for key, v in sorted(a.fired.items(), key=lambda kv: -kv[1]))
    fired = f"{tons(sum(a.fired.values()))} {label('fired', lang)}" + (f" ({where})" if where
                                                                       else "")
    return (f"{label('ammunition', lang)}{colon(lang)}{tons(a.delivered)} "
            f"{label('unloaded', lang)}, {fired}, {tons(a.left)} {label('left', lang)}")


def history_sources(scenario: Scenario) -> list[str]:
    """Keys of the sources behind the report's 1944 side, in the order the report cites them:
    each objective's dates, then its figures, then the totals given for several at once."""
    out: dict[str, None] = {}
    for outcome in scenario.history.outcomes:
        for claim in outcome.fell:
            out.update(dict.fromkeys(claim.sources))
        for topic in FIGURES:
            for figure in getattr(outcome, topic):
                out.update(dict.fromkeys(figure.sources))
    for combined in scenario.history.combined:
        for topic in COMBINED_FIGURES:
            for figure in getattr(combined, topic):
                out.update(dict.fromkeys(figure.sources))
    return list(out)


def history_by_objective(scenario: Scenario, lang: str) -> list[str]:
    """What 1944 gives for each objective: every date and every figure with its sources, as
    numbers into the bibliography; then the totals sources give only for several objectives
    together, kept apart (they are no one objective's figure)."""
    tl = Timeline(scenario)
    number = {key: n for n, key in enumerate(history_sources(scenario), 1)}
    fallback = scenario.languages[0]

    def since(figure: Figure) -> str:
        day = getattr(figure, "counted_from", None)  # an OutcomeFigure's, when it has one
        if day is None or day <= scenario.start_date:
            return ""
        return f" {label('counted_from', lang)} {format_date(day, lang, year=False)}"

    def cited(value: str, sources: list[str], note: str | None) -> str:
        refs = ", ".join(str(number[k]) for k in sources if k in number)
        shown = f" ({tl.expand(note, lang)})" if note and lang == fallback else ""
        return f"{value}{shown} [{refs}]" if refs else f"{value}{shown}"

    def figures(topic: str, values: list[Figure] | list[OutcomeFigure]) -> str:
        alternatives = f" {label('or', lang)} ".join(
            cited(format_number(f.value, lang) + since(f), f.sources, f.note) for f in values)
        return f"    {word(topic, lang)}{colon(lang)}{alternatives}"

    lines: list[str] = []
    for outcome in scenario.history.outcomes:
        lines.append(f"  {tl.place_name(outcome.objective, lang)}")
        if outcome.fell:
            dates = f" {label('or', lang)} ".join(
                cited(format_date(c.date, lang), c.sources, c.note) for c in outcome.fell)
            lines.append(f"    {word('fell', lang)}{colon(lang)}{dates}")
        elif outcome.held_until is not None:
            lines.append(f"    {label('held_until', lang)} {format_date(outcome.held_until, lang)}")
        lines += [figures(t, getattr(outcome, t)) for t in FIGURES if getattr(outcome, t)]
    for combined in scenario.history.combined:
        names = join_names([tl.place_name(o, lang) for o in combined.objectives], lang)
        lines.append(f"  {names} {label('together', lang)}")
        if combined.notes:
            lines.append(f"    {tl.expand(text_in(combined.notes, lang, fallback), lang)}")
        lines += [figures(t, getattr(combined, t)) for t in COMBINED_FIGURES
                  if getattr(combined, t)]
    return lines


def bibliography(scenario: Scenario, lang: str) -> list[str]:
    """The report's bibliography: author, title, date and address of every source its 1944
    figures come from (never the keys the data uses, never a seed's file name)."""
    refs = Timeline(scenario).bibliography.resolve(history_sources(scenario))
    return [ref.entry(lang) for ref in refs]


# --- batches of simulated runs --------------------------------------------------------------
@dataclass(frozen=True)
class BatchObjective:
    objective: str
    history: HistoricalDate
    runs: int
    taken: int
    on_time: int  # within ON_TIME_DAYS of the preferred date or of an alternative date
    median_days: float | None  # median difference among runs where it fell (+ = later)
    dates: tuple[dt.date | None, ...]


def batch_objectives(scenario: Scenario, capture_dates: dict[str, list[str | None]],
                     tolerance: int = ON_TIME_DAYS) -> list[BatchObjective]:
    """Per objective: how many runs took it, how many within `tolerance` days of history."""
    dates = Timeline(scenario).historical_dates()
    out = []
    for o in scenario.victory.objectives:
        raw = capture_dates.get(o.place, [])
        runs = tuple(dt.date.fromisoformat(d) if d else None for d in raw)
        h = dates[o.place]
        claims = [h.date, *(c.date for c in h.alternatives)] if h.date else []
        on_time = sum(1 for d in runs if d is not None and claims
                      and any(abs((d - c).days) <= tolerance for c in claims if c))
        diffs = [(d - h.date).days for d in runs if d is not None and h.date is not None]
        out.append(BatchObjective(o.place, h, len(runs), sum(d is not None for d in runs),
                                  on_time, float(median(diffs)) if diffs else None, runs))
    return out


def batch_port_lines(scenario: Scenario, summary: dict[str, Any], lang: str) -> list[str]:
    """'Le Havre, Allied casualties: median 795 (1944: 388) from 10 September, as the source
    counts; 1,080 in all': each per-port median of a batch that history gives a figure for,
    counted as that figure is (`median_as_counted`), the whole game's beside it."""
    tl = Timeline(scenario)
    lines = []
    for o in scenario.victory.objectives:
        entry = summary.get("objectives", {}).get(o.place, {})
        for key in PORT_FIGURES:
            stat = entry.get(key) or {}
            hist, whole = stat.get("historical"), stat.get("median")
            if hist is None or whole is None:
                continue
            counted, since = stat.get("median_as_counted"), stat.get("counted_from")
            shown = format_number(whole if counted is None else counted, lang)
            line = f"{tl.place_name(o.place, lang)}, {label(PORT_LABELS[key], lang)}" \
                f"{colon(lang)}{'médiane' if lang == 'fr' else 'median'} {shown} " \
                f"({label('history', lang)}{colon(lang)}{format_number(hist, lang)})"
            if since is not None:
                line += f" {span_text(dt.date.fromisoformat(since), whole, lang)}"
            lines.append(line)
    return lines


def batch_render(scenario: Scenario, summary: dict[str, Any], lang: str) -> str:
    """Comparison of a `run.py simulate --json` summary with history, as text."""
    tl = Timeline(scenario)
    captures = {k: v.get("capture_dates", []) for k, v in summary.get("objectives", {}).items()}
    fr = lang == "fr"
    lines = [f"{'Comparaison de' if fr else 'Comparison of'} {summary.get('runs', '?')} "
             f"{'campagnes simulées avec' if fr else 'simulated campaigns with'} "
             f"{scenario.start_date.year} (allies: {summary.get('allies', '?')}, "
             f"germans: {summary.get('germans', '?')})", ""]
    for b in batch_objectives(scenario, captures):
        name = tl.place_name(b.objective, lang)
        if b.runs == 0:
            continue
        share = b.taken / b.runs
        on_time = b.on_time / b.runs
        hist = history_date_text(b.history, lang)
        med = "—" if b.median_days is None else f"{b.median_days:+.1f}"
        if fr:
            lines.append(f"{name:<20} {scenario.start_date.year}{colon(lang)}{hist:<28} prise "
                         f"{share:.0%}, à ±{ON_TIME_DAYS} j {on_time:.0%}, écart médian {med} j")
        else:
            lines.append(f"{name:<20} {scenario.start_date.year}: {hist:<28} taken {share:.0%}, "
                         f"within ±{ON_TIME_DAYS} d {on_time:.0%}, median difference {med} d")
    lines += batch_port_lines(scenario, summary, lang)
    for key, name_en, name_fr in (("prisoners", "prisoners", "prisonniers"),
                                  ("allied_casualties", "Allied casualties", "pertes alliées"),
                                  ("civilian_casualties", "civilian casualties", "civils tués")):
        stat = summary.get(key) or {}
        if stat.get("median") is None:
            continue
        hist = stat.get("historical")
        shown = "—" if hist is None else format_number(hist, lang)
        counted = stat.get("median_as_counted")
        alike = "" if counted is None or counted == stat["median"] else \
            f"{semicolon(lang)}{label('as_counted', lang)}{colon(lang)}" \
            f"{format_number(counted, lang)}"
        lines.append(f"{name_fr if fr else name_en}{colon(lang)}"
                     f"{'médiane' if fr else 'median'} {format_number(stat['median'], lang)}"
                     f"{alike} ({label('history_col', lang)}{colon(lang)}{shown})")
    return "\n".join(lines) + "\n"
