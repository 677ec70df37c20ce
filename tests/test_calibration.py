"""Calibration: the historical plan played by the engine, against the German AI and against a
passive defender, compared with what happened in 1944.

Nothing in the plan scripts an outcome: the falls, prisoners and losses come from the rules.
The normal suite plays a couple of seeds and checks that the comparison is well formed and that
the plan behaves as history's plan did (Dunkirk is masked, so it must hold). The `slow` suite
plays 200 seeds and applies the calibration criteria (see scenarios/CALIBRATION.md):
- Boulogne falls within ±2 days of 22 September in at least 60% of runs;
- Cap Gris-Nez within ±2 days of 29 September in at least 60%;
- Calais within ±2 days of 30 September or 1 October in at least 60%;
- Dunkirk does not fall before the scenario's end in at least 90%;
- total prisoners within ±25% of the historical figure (median over the runs);
and, per port (issue 12 point 8; fitted on Boulogne and Gris-Nez, Calais held out): on time as
above, prisoners within ±15%, Allied casualties within ±30% for Boulogne and Calais, and a
p10-p90 spread of the fall of at least `MIN_SPREAD_DAYS`. Each port's figures are compared like
for like: counted from the day the source's count starts (the figure's `counted_from`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from statistics import median
from typing import Any

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.history.report import history_figure
from engine.history.simulate import run_campaign, simulate
from engine.history.timeline import historical_dates, historical_total
from tests.conftest import CHANNEL_PORTS

TOLERANCE_DAYS = 2
# objective -> the days a fall is measured against (all must be dates the scenario's sources give)
TARGETS: dict[str, tuple[dt.date, ...]] = {
    "boulogne": (dt.date(1944, 9, 22),),
    "cap_gris_nez": (dt.date(1944, 9, 29),),
    "calais": (dt.date(1944, 9, 30), dt.date(1944, 10, 1)),
}
ON_TIME_SHARE = 0.60
DUNKIRK_HELD_SHARE = 0.90
PRISONER_TOLERANCE = 0.25
SLOW_RUNS = 200


@dataclass(frozen=True)
class Calibration:
    runs: int
    on_time: dict[str, float]  # objective -> share of runs within TOLERANCE_DAYS of a target
    taken: dict[str, float]  # objective -> share of runs where it fell
    dunkirk_held: float
    prisoners_median: float
    prisoners_history: float
    prisoners_in_band: float  # share of runs within ±PRISONER_TOLERANCE of history


def measure(loaded: LoadedScenario, results: list[dict[str, Any]]) -> Calibration:
    """The criteria's numbers over a list of `run_campaign` results."""
    n = len(results)
    on_time: dict[str, float] = {}
    taken: dict[str, float] = {}
    for objective, targets in TARGETS.items():
        dates = [r["capture_dates"].get(objective) for r in results]
        fell = [dt.date.fromisoformat(d) for d in dates if d]
        taken[objective] = len(fell) / n
        on_time[objective] = sum(
            1 for d in fell if any(abs((d - t).days) <= TOLERANCE_DAYS for t in targets)) / n
    history = historical_total(loaded.scenario, "prisoners", campaign_only=True) or 0.0
    prisoners = [r["prisoners"] for r in results]
    in_band = sum(1 for p in prisoners if abs(p - history) <= PRISONER_TOLERANCE * history) / n
    return Calibration(
        runs=n, on_time=on_time, taken=taken,
        dunkirk_held=sum(1 for r in results if not r["capture_dates"].get("dunkirk")) / n,
        prisoners_median=float(median(prisoners)), prisoners_history=history,
        prisoners_in_band=in_band,
    )


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


def test_targets_are_dates_the_sources_give(loaded: LoadedScenario) -> None:
    dates = historical_dates(loaded.scenario)
    for objective, targets in TARGETS.items():
        h = dates[objective]
        claims = {h.date, *(c.date for c in h.alternatives)}
        assert set(targets) <= claims, objective
        assert h.date in targets  # the preferred date is always one of the targets
    assert dates["dunkirk"].date is None


@pytest.mark.parametrize("germans", ["ai", "passive"])
def test_a_few_seeds_of_the_historical_plan(loaded: LoadedScenario, germans: str) -> None:
    path = str(CHANNEL_PORTS)
    results = [run_campaign(path, "history", germans, seed) for seed in (1, 2)]
    scenario = loaded.scenario
    for r in results:
        assert set(r["capture_dates"]) == {o.place for o in scenario.victory.objectives}
        for date in filter(None, r["capture_dates"].values()):
            assert scenario.start_date <= dt.date.fromisoformat(date) <= scenario.end_date
        assert r["prisoners"] > 0 and r["allied_casualties"] > 0
    c = measure(loaded, results)
    assert c.dunkirk_held == 1.0  # the plan masks Dunkirk, as Montgomery ordered
    assert c.taken["boulogne"] > 0  # the plan's first assault must be able to succeed
    assert c.prisoners_history > 0


@pytest.fixture(scope="module")
def ai_runs() -> list[dict[str, Any]]:
    """The historical plan against the German AI, `SLOW_RUNS` seeds (played once per module)."""
    return simulate(str(CHANNEL_PORTS), "history", "ai", 1, SLOW_RUNS, os.cpu_count() or 1)


@pytest.mark.slow
def test_calibration_against_the_german_ai(loaded: LoadedScenario,
                                           ai_runs: list[dict[str, Any]]) -> None:
    results = ai_runs
    c = measure(loaded, results)
    failures = [f"{objective} on time in {share:.0%} of runs" for objective, share
                in c.on_time.items() if share < ON_TIME_SHARE]
    if c.dunkirk_held < DUNKIRK_HELD_SHARE:
        failures.append(f"Dunkirk held in only {c.dunkirk_held:.0%} of runs")
    if abs(c.prisoners_median - c.prisoners_history) > PRISONER_TOLERANCE * c.prisoners_history:
        failures.append(f"median prisoners {c.prisoners_median:,.0f} against "
                        f"{c.prisoners_history:,.0f} in history")
    assert not failures, "; ".join(failures)


@pytest.mark.slow
def test_passive_defender_loses_the_ports_no_later(loaded: LoadedScenario,
                                                   ai_runs: list[dict[str, Any]]) -> None:
    """Against a defender that never acts, the plan takes each port at least as often as
    against the AI (a check of the AI, not of history)."""
    runs = SLOW_RUNS
    path, jobs = str(CHANNEL_PORTS), os.cpu_count() or 1
    passive = measure(loaded, simulate(path, "history", "passive", 1, runs, jobs))
    ai = measure(loaded, ai_runs)
    for objective in TARGETS:
        assert passive.taken[objective] >= ai.taken[objective] - 0.05, objective
    assert passive.dunkirk_held >= DUNKIRK_HELD_SHARE


# Issue 12 point 8, per port. Fitted on Boulogne and Gris-Nez; Calais is held out (no number of
# the rules was changed because of its figures): its errors are measured and reported, and
# checked against the same bands, but a miss there says the model is wrong, not that it needs
# tuning. Allied casualties have no figure for Gris-Nez (the sources give none).
PORT_PRISONER_TOLERANCE = 0.15
PORT_CASUALTY_TOLERANCE = 0.30
CASUALTY_PORTS = ("boulogne", "calais")
HELD_OUT = ("calais",)
MIN_SPREAD_DAYS = 1  # p10 to p90 of a port's fall dates: at least this many days apart


def port_errors(loaded: LoadedScenario, results: list[dict[str, Any]]
                ) -> dict[str, dict[str, float]]:
    """Per port: share of runs within ±2 days, p10-p90 spread of the fall in days, and the
    relative errors of the median prisoners and Allied casualties against history, each counted
    as its source counts it (`as_counted`: Wellhit's casualties from 17 September, not the whole
    siege); `whole_<figure>` is the same error over the whole game, for the record."""
    out: dict[str, dict[str, float]] = {}
    c = measure(loaded, results)
    outcomes = {o.objective: o for o in loaded.scenario.history.outcomes}
    for port in TARGETS:
        days = sorted(dt.date.fromisoformat(r["capture_dates"][port]).toordinal()
                      for r in results if r["capture_dates"].get(port))
        spread = days[int(0.9 * (len(days) - 1))] - days[int(0.1 * (len(days) - 1))] \
            if days else 0
        row = {"on_time": c.on_time[port], "spread_days": float(spread)}
        for key in ("prisoners", "allied_casualties"):
            history = history_figure(outcomes.get(port), key)
            if history:
                got = median(r["as_counted"][port][key] for r in results)
                row[key] = (got - history) / history
                whole = median(r["by_objective"][port][key] for r in results)
                row[f"whole_{key}"] = (whole - history) / history
        out[port] = row
    return out


@pytest.mark.slow
def test_each_port_against_1944(loaded: LoadedScenario, ai_runs: list[dict[str, Any]]) -> None:
    errors = port_errors(loaded, ai_runs)
    failures = []
    for port, e in errors.items():
        tag = f"{port}{' (held out)' if port in HELD_OUT else ''}"
        print(f"\n{tag}: {e}")
        if e["on_time"] < ON_TIME_SHARE:
            failures.append(f"{tag} on time in {e['on_time']:.0%}")
        if abs(e.get("prisoners", 0.0)) > PORT_PRISONER_TOLERANCE:
            failures.append(f"{tag} prisoners {e['prisoners']:+.0%}")
        if port in CASUALTY_PORTS and abs(e.get("allied_casualties", 0.0)) > \
                PORT_CASUALTY_TOLERANCE:
            failures.append(f"{tag} Allied casualties {e['allied_casualties']:+.0%}")
    assert not failures, "; ".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("port", ["boulogne", "cap_gris_nez", "calais"])
def test_each_port_falls_over_a_real_spread_of_days(loaded: LoadedScenario,
                                                    ai_runs: list[dict[str, Any]],
                                                    port: str) -> None:
    """The issue asks for 'a real spread': the fall date must answer to the dice of the
    assaults and surrenders, not come out the same in nearly every run."""
    spread = port_errors(loaded, ai_runs)[port]["spread_days"]
    assert spread >= MIN_SPREAD_DAYS, \
        f"{port}: p10-p90 of the fall {spread:.0f} day(s), under {MIN_SPREAD_DAYS}"
