"""The historical timeline built from a scenario's `history` section.

The module under test is engine/history/timeline.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import Figure, PlanMove, text_in
from engine.hexgrid import HexGrid
from engine.history.timeline import (
    Timeline,
    format_date,
    historical_dates,
    historical_total,
)
from tests.conftest import CHANNEL_PORTS


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


@pytest.fixture(scope="module")
def tl(loaded: LoadedScenario) -> Timeline:
    return Timeline(loaded.scenario)


def test_days_are_sorted_and_hold_every_event_once(tl: Timeline) -> None:
    dates = [d.date for d in tl.days]
    assert dates == sorted(set(dates))
    events = [e for d in tl.days for e in d.events]
    assert len(events) == len(tl.scenario.history.events)
    for day in tl.days:
        assert all(e.date == day.date for e in day.events)
    scenario = tl.scenario
    in_period = [d for d in tl.days if d.in_scenario]
    assert len(in_period) == (scenario.end_date - scenario.start_date).days + 1


def test_historical_dates_give_preferred_date_and_alternatives(loaded: LoadedScenario) -> None:
    dates = historical_dates(loaded.scenario)
    assert set(dates) == {o.place for o in loaded.scenario.victory.objectives}
    for outcome in loaded.scenario.history.outcomes:
        h = dates[outcome.objective]
        if outcome.fell:
            assert h.date == outcome.fell[0].date
            assert [c.date for c in h.alternatives] == [c.date for c in outcome.fell[1:]]
            assert h.sources == tuple(outcome.fell[0].sources)
        else:
            assert h.date is None
            assert h.held_until == outcome.held_until
    assert dates["calais"].date == dt.date(1944, 9, 30)
    assert dt.date(1944, 10, 1) in [c.date for c in dates["calais"].alternatives]
    assert dates["dunkirk"].date is None


def test_objective_and_its_strongpoints_change_hands_on_the_fall_date(tl: Timeline) -> None:
    for o in tl.scenario.victory.objectives:
        outcome = tl.outcomes.get(o.place)
        if not outcome or not outcome.fell:
            continue
        fell = outcome.fell[0].date
        for place in (o.place, *o.includes):
            day, change = tl.changes[place]
            assert day <= fell, place
            assert change.side == o.side
    day, _ = tl.changes["la_tresorerie"]
    assert day < dt.date(1944, 9, 22)  # its own capture record comes before Boulogne's fall


def test_places_of_the_taking_side_never_change_hands(tl: Timeline) -> None:
    taker = tl.scenario.victory.objectives[0].side
    for place in tl.scenario.places:
        if place.side == taker:
            assert place.id not in tl.changes
    owners = tl.owners_on(dt.date(1944, 9, 23))
    assert owners["boulogne"] == taker and owners["calais"] != taker
    assert owners["montreuil"] == taker


def test_only_places_named_by_an_event_or_an_objective_change_hands(tl: Timeline) -> None:
    named: set[str] = set()
    for event in tl.scenario.history.events:
        if event.kind in ("capture", "surrender"):
            named.update(event.places)
    for o in tl.scenario.victory.objectives:
        outcome = tl.outcomes.get(o.place)
        if outcome is not None and outcome.fell:
            named.update((o.place, *o.includes))
    assert set(tl.changes) <= named


def test_a_surrender_never_hands_over_a_place_it_does_not_name(
        minimal_scenario_path: Path) -> None:
    """Mont Lambert is a German height next to Boulogne that no event names: the garrison's
    surrender at Boulogne leaves it German in the replay (it once fell 'with its fortress')."""
    scenario = load_scenario(minimal_scenario_path).scenario
    tl = Timeline(scenario)
    assert set(tl.changes) == {"boulogne"}
    assert tl.owners_on(scenario.end_date)["mont_lambert"] == "germans"
    text = "".join(line for day in tl.days for line in tl.day_lines(day, "en"))
    assert "Mont Lambert" not in text


def test_disagreements_cover_every_competing_date(tl: Timeline) -> None:
    expected = {o.objective for o in tl.scenario.history.outcomes
                if len({c.date for c in o.fell}) > 1}
    found = {d.subject for d in tl.disagreements if d.topic == "fell"}
    assert found == expected and "calais" in found
    calais = next(d for d in tl.disagreements if d.subject == "calais" and d.topic == "fell")
    text = tl.disagreement_text(calais, "en")
    assert text.startswith("Calais: 30 September 1944 (")
    assert " or 1 October 1944 (" in text
    for _, ids, _ in calais.claims:
        assert tl.sources_text(ids) in text
    assert " ou 1er octobre 1944 (" in tl.disagreement_text(calais, "fr")
    for d in tl.disagreements:
        if d.topic == "fell":
            for date in d.dates():
                day = next(x for x in tl.days if x.date == date)
                assert d in day.disagreements


def test_sources_resolve_to_titles_never_seed_files(tl: Timeline) -> None:
    seeds = [s for s in tl.scenario.sources if s.file]
    assert seeds
    text = tl.sources_text([seeds[0].id, "NOT-A-SOURCE"])
    assert text == f"{seeds[0].title}; NOT-A-SOURCE" and seeds[0].file not in text


def test_positions_follow_records_arrivals_and_falls(tl: Timeline) -> None:
    scenario = tl.scenario
    late = next(u for u in scenario.units if u.arrives is not None and u.start is None)
    before = tl.positions(late.arrives.date - dt.timedelta(days=1))
    assert late.id not in before
    assert late.id in tl.positions(late.arrives.date) or late.withdraws == late.arrives.date
    record = next(r for r in scenario.history.positions if r.place is not None)
    assert tl.positions(record.date)[record.units[0]].place == record.place
    pos = tl.positions(dt.date(1944, 9, 17))["nnsh"]
    assert pos.place == "mont_lambert" and pos.engaged
    move = next(p for p in scenario.history.plan if isinstance(p, PlanMove)
                and p.units == ["recce_7"] and p.to == "samer")
    assert tl.positions(move.date)["recce_7"].place != "samer"  # an order moves nothing
    garrison = next(u for u in scenario.units if u.start and u.start.place == "boulogne"
                    and u.side != scenario.victory.objectives[0].side)
    fell = tl.changes["boulogne"][0]
    assert garrison.id in tl.positions(fell - dt.timedelta(days=1))
    assert garrison.id not in tl.positions(fell)


def test_engaged_units_stand_next_to_their_target(tl: Timeline) -> None:
    spec = tl.scenario.map
    grid = HexGrid(spec.bounds, spec.hex_size_km)
    day = dt.date(1944, 9, 18)
    hexes = tl.position_hexes(day, grid)
    places = {p.id: p for p in tl.scenario.places}
    for uid, pos in tl.positions(day).items():
        if pos.engaged:
            target = grid.hex_at(places[pos.place].lat, places[pos.place].lon)
            assert HexGrid.distance(hexes[uid], target) == 1


def test_historical_total_keeps_falls_inside_the_scenario(loaded: LoadedScenario) -> None:
    scenario = loaded.scenario
    inside = sum(o.prisoners[0].value for o in scenario.history.outcomes
                 if o.prisoners and o.fell and o.fell[0].date <= scenario.end_date)
    assert historical_total(scenario, "prisoners", campaign_only=True) == inside
    # An objective that held past the end (Dunkirk) brings no prisoners into the comparison.
    held = next(o for o in scenario.history.outcomes if not o.fell)
    figure = Figure(value=15500, sources=[])
    outcomes = [o.model_copy(update={"prisoners": [figure]}) if o is held else o
                for o in scenario.history.outcomes]
    history = scenario.history.model_copy(update={"outcomes": outcomes})
    changed = scenario.model_copy(update={"history": history})
    assert historical_total(changed, "prisoners", campaign_only=True) == inside
    assert historical_total(changed, "prisoners") == \
        (historical_total(scenario, "prisoners") or 0) + 15500


def test_day_lines_in_both_languages(tl: Timeline) -> None:
    day = next(d for d in tl.days if d.date == dt.date(1944, 9, 22))
    en, fr = tl.day_lines(day, "en"), tl.day_lines(day, "fr")
    for event in day.events:
        assert any(text_in(event.caption, "en") in line for line in en)
        assert any(text_in(event.caption, "fr") in line for line in fr)
    assert any(line.startswith("! Sources disagree") for line in en)
    assert any(line.startswith("! Les sources divergent") for line in fr)


def test_format_date_in_french_uses_premier() -> None:
    assert format_date(dt.date(1944, 10, 1), "fr") == "1er octobre 1944"
    assert format_date(dt.date(1944, 9, 30), "en", year=False) == "30 September"


def test_a_modders_minimal_scenario_has_a_timeline(minimal_scenario_path: Path) -> None:
    scenario = load_scenario(minimal_scenario_path).scenario
    tl = Timeline(scenario)
    assert [e for d in tl.days for e in d.events] == list(scenario.history.events)
    assert historical_dates(scenario)["boulogne"].date == dt.date(1944, 9, 22)


def test_a_raid_is_a_capture_and_a_recapture(minimal_scenario_path: Path) -> None:
    """La Capelle, nobody's at the start in the fixture, is German here: the Allies take it on
    the 18th, a German counter-attack retakes it on the 19th, the Allies hold it from the 21st."""
    text = minimal_scenario_path.read_text(encoding="utf-8").replace(
        "kind: village, lat: 50.733, lon: 1.701}",
        "kind: village, lat: 50.733, lon: 1.701, side: germans}")
    raid = ("    - {date: 1944-09-18, kind: capture, places: [la_capelle], caption: x, "
            "sources: [S4]}\n"
            "    - {date: 1944-09-19, kind: capture, side: germans, places: [la_capelle], "
            "caption: y, sources: [S4]}\n"
            "    - {date: 1944-09-21, kind: capture, places: [la_capelle], caption: z, "
            "sources: [S4]}\n")
    text = text.replace("  plan:\n", raid + "  plan:\n")
    minimal_scenario_path.write_text(text, encoding="utf-8")
    tl = Timeline(load_scenario(minimal_scenario_path).scenario)
    steps = [(str(day), c.side) for day, c in tl.sequence if c.place == "la_capelle"]
    assert steps == [("1944-09-18", "allies"), ("1944-09-19", "germans"),
                     ("1944-09-21", "allies")]
    assert [tl.owners_on(dt.date(1944, 9, d))["la_capelle"] for d in (17, 18, 19, 20, 21)] == \
        ["germans", "allies", "germans", "germans", "allies"]
    assert str(tl.changes["la_capelle"][0]) == "1944-09-18"


def test_a_phase_that_waits_says_for_what(tl: Timeline, loaded: LoadedScenario) -> None:
    """An order with `after` reads as the phase it was: 'once these have fallen: ...'."""
    waiting = next(p for p in loaded.scenario.history.plan
                   if p.order == "assault" and p.after)
    text = tl.plan_text(waiting, "en")
    assert "once these have fallen: " in text
    assert all(tl.place_name(place, "en") in text for place in waiting.after)
    assert "une fois ceux-ci tombés" in tl.plan_text(waiting, "fr")
