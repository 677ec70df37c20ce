"""The liberation of the North scenario (31 Aug – 6 Sep 1944), checked through the public tools.

The scenario was written from the modding guide alone, so these tests use only what the guide
documents: the YAML file itself and the `run.py validate` / `run.py simulate` commands.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "liberation_of_the_north_1944.yaml"

# Objective towns and their coordinates as the fact sheet's §2 gives them (GeoNames centroids),
# except Péronne, which the fact sheet lacks (Wikipedia coordinates, source WP-PER).
OBJECTIVE_TOWNS = {
    "amiens": (49.900, 2.300),
    "abbeville": (50.100, 1.833),
    "peronne": (49.929, 2.933),
    "arras": (50.293, 2.782),
    "douai": (50.367, 3.067),
    "cambrai": (50.167, 3.233),
    "lens": (50.433, 2.828),
    "valenciennes": (50.350, 3.533),
    "lille": (50.633, 3.059),
    "bethune": (50.533, 2.633),
    "hesdin": (50.373, 2.038),
    "montreuil": (50.467, 1.767),
    "saint_omer": (50.750, 2.250),
    "marquise": (50.813, 1.708),
    "ypres": (50.851, 2.886),
}

# Every dated event that seeds 002 (S2) and 003 (S3) give for 26 Aug – 6 Sep 1944:
# (date, source key, place ids the history event must name — empty for events off the map).
SEED_EVENTS = [
    ("1944-08-26", "S3", []),                          # the Allies reach Paris (S3's date)
    ("1944-08-31", "S2", []),                          # the armies set off toward Belgium
    ("1944-08-31", "S2", ["amiens"]),                  # Second Army frees Amiens
    ("1944-08-31", "S2", ["abbeville"]),               # the Poles at Abbeville (S2's date)
    ("1944-09-01", "S3", ["arras"]),                   # Guards enter Arras in the morning
    ("1944-09-01", "S2", ["arras"]),
    ("1944-09-01", "S2", ["douai"]),
    ("1944-09-01", "S3", ["douai"]),
    ("1944-09-01", "S2", ["peronne"]),                 # 12th Army Group frees Péronne
    ("1944-09-02", "S2", ["lens"]),
    ("1944-09-02", "S2", ["cambrai", "valenciennes"]),
    ("1944-09-02", "S3", ["cambrai", "valenciennes"]),
    ("1944-09-03", "S2", ["lille"]),
    ("1944-09-03", "S3", []),                          # Brussels freed, Lille bypassed
    ("1944-09-04", "S3", []),                          # Antwerp and its port taken intact
    ("1944-09-04", "S2", ["montreuil"]),               # Canadians free Montreuil
    ("1944-09-04", "S2", ["bethune"]),                 # Béthune, "the next day" after Lille
    ("1944-09-05", "S2", ["saint_omer"]),              # the Poles free Saint-Omer
    ("1944-09-05", "S2", ["boulogne", "calais"]),      # evening: only the pockets remain
    ("1944-09-05", "S3", ["boulogne", "calais"]),      # evening: 95 % freed
    ("1944-09-06", "S2", ["ypres"]),                   # the Poles reach Ypres
]

# Competing liberation dates the history must keep (objective, dates that must all be claimed).
DISAGREEMENTS = {
    "abbeville": {"1944-08-31", "1944-09-03"},
    "saint_omer": {"1944-09-05", "1944-09-06"},
    "valenciennes": {"1944-09-02", "1944-09-03"},
}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "run.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(SCENARIO.read_text(encoding="utf-8"))


def test_validates_strictly_with_no_problem() -> None:
    result = _run("validate", "--strict", "--format", "json", str(SCENARIO))
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []


def test_terrain_grid_is_fresh() -> None:
    result = _run("mapgen", "--check", str(SCENARIO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_period_and_scale(data: dict) -> None:
    assert data["start_date"] == dt.date(1944, 8, 31)
    assert data["end_date"] == dt.date(1944, 9, 6)
    assert data["turn_length_days"] == 1
    assert 5.0 <= data["map"]["hex_size_km"] <= 6.0
    b = data["map"]["bounds"]
    assert b["west"] <= 1.55 and b["east"] >= 3.6 and b["south"] <= 49.85 and b["north"] >= 50.9


def test_objective_towns_exist_with_sourced_coordinates(data: dict) -> None:
    places = {p["id"]: p for p in data["places"]}
    objectives = {o["place"] for o in data["victory"]["objectives"]}
    for town, (lat, lon) in OBJECTIVE_TOWNS.items():
        assert town in places, town
        assert town in objectives, town
        where = (places[town]["lat"], places[town]["lon"])
        assert where == pytest.approx((lat, lon), abs=1e-3), town
        assert places[town].get("sources"), town
        assert {"GN", "WP-PER"} & set(places[town]["sources"]), town


def test_every_objective_has_an_outcome_with_a_sourced_date(data: dict) -> None:
    outcomes = {o["objective"]: o for o in data["history"]["outcomes"]}
    for town in OBJECTIVE_TOWNS:
        claims = outcomes[town]["fell"]
        assert claims and all(c.get("sources") for c in claims), town
        assert all(dt.date(1944, 8, 31) <= c["date"] <= dt.date(1944, 9, 6) for c in claims), town
    for town, dates in DISAGREEMENTS.items():
        assert {str(c["date"]) for c in outcomes[town]["fell"]} >= dates, town


def test_every_seed_002_003_event_of_the_period_is_in_the_history(data: dict) -> None:
    events = data["history"]["events"]
    missing = []
    for date, source, places in SEED_EVENTS:
        found = [
            e for e in events
            if str(e["date"]) == date and source in e.get("sources", [])
            and set(places) <= set(e.get("places", []))
        ]
        if not found:
            missing.append((date, source, places))
    assert not missing


def test_seed_sources_point_at_the_seed_files(data: dict) -> None:
    sources = {s["id"]: s for s in data["sources"]}
    assert sources["S2"]["file"] == "002_9687362a73a3b8d0.txt"
    assert sources["S3"]["file"] == "003_a4204b4838bd0728.txt"


def test_plan_holds_orders_only(data: dict) -> None:
    plan = data["history"]["plan"]
    assert plan
    assert {o["order"] for o in plan} <= {"move", "assault", "bombard", "air_raid", "truce", "hold"}
    assert all(o.get("sources") for o in plan)


def test_germans_are_a_weak_second_line_force(data: dict) -> None:
    germans = [u for u in data["units"] if u["side"] == "germans"]
    field = [u for u in germans if u["quality"] not in ("fortress", "naval")]
    assert field and all(u["quality"] == "second_line" for u in field)
    allied_men = sum(u["strength"] for u in data["units"] if u["side"] == "allies")
    assert sum(u["strength"] for u in field) * 3 < allied_men


def test_historical_campaign_runs_to_the_end_and_compares_with_history() -> None:
    result = _run(
        "simulate", str(SCENARIO), "--allies", "history", "--germans", "passive",
        "--runs", "2", "--jobs", "1", "--seed", "1", "--json",
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["scenario"] == "liberation_of_the_north_1944" and summary["runs"] == 2
    objectives = summary["objectives"]
    assert set(objectives) == set(OBJECTIVE_TOWNS)
    for town, row in objectives.items():
        assert row["historical_date"] is not None, town
        assert len(row["capture_dates"]) == 2, town
    # The historical plan must actually liberate the region: most objectives fall, in the week.
    taken = [t for t, row in objectives.items() if any(row["capture_dates"])]
    assert len(taken) >= 12, taken
    for town in taken:
        for date in filter(None, objectives[town]["capture_dates"]):
            assert dt.date(1944, 8, 31) <= dt.date.fromisoformat(date) <= dt.date(1944, 9, 6), town
