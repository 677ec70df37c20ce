"""Orders of battle and dates a historian would sign (issue 14, items 2 and 5 of the review):
commanders with dated ranks, German units under their own designations, and the facts the
review found wrong, each checked against the Channel scenario's data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import Scenario, text_in
from engine.format.validation import validate_file
from engine.history import replay
from engine.history.timeline import Timeline
from tests.conftest import CHANNEL_PORTS

D = dt.date


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


def _unit(scenario: Scenario, uid: str):
    return next(u for u in scenario.units if u.id == uid)


# --- ranks and commands dated ---------------------------------------------------------------
@pytest.mark.parametrize(("formation", "day", "expected", "acting"), [
    ("festung_duenkirchen", D(1944, 9, 14), "Generalleutnant Wolfgang von Kluge", False),
    ("festung_duenkirchen", D(1944, 9, 29), "Konteradmiral Friedrich Frisius", False),
    ("festung_duenkirchen", D(1944, 9, 30), "Vizeadmiral Friedrich Frisius", False),
    ("cdn_first_army", D(1944, 9, 26), "General H. D. G. Crerar", False),
    ("cdn_first_army", D(1944, 9, 28), "Lieutenant-General G. G. Simonds", True),
    ("de_15_army", D(1944, 8, 24), "Generaloberst Hans von Salmuth", False),
    ("de_15_army", D(1944, 9, 4), "General der Infanterie Gustav-Adolf von Zangen", False),
])
def test_commanders_and_ranks_are_dated(loaded: LoadedScenario, formation: str, day: dt.date,
                                        expected: str, acting: bool) -> None:
    command = Timeline(loaded.scenario).commander_on(formation, day)
    assert command is not None and command.name == expected and command.acting == acting
    assert command.sources


def test_von_salmuth_is_no_rival_during_the_campaign(loaded: LoadedScenario) -> None:
    tl = Timeline(loaded.scenario)
    day = loaded.scenario.start_date
    while day <= loaded.scenario.end_date:
        assert "Zangen" in tl.commander_on("de_15_army", day).name
        day += dt.timedelta(days=1)
    army = next(f for f in loaded.scenario.formations if f.id == "de_15_army")
    assert "Salmuth" not in (army.commander or "")


def test_every_command_change_is_announced_in_the_replay(loaded: LoadedScenario) -> None:
    text = replay.render(loaded.scenario, "en")
    day = text.split("=== 30 September 1944 ===")[1].split("===")[0]
    assert "Command: Fortress Dunkirk: Vizeadmiral Friedrich Frisius" in day
    day = text.split("=== 27 September 1944 ===")[1].split("===")[0]
    assert "Command: First Canadian Army: Lieutenant-General G. G. Simonds (acting)" in day
    assert "par intérim" in replay.render(loaded.scenario, "fr")
    assert "Vizeadmiral Frisius takes command" not in text


def test_overlapping_commands_are_refused_at_their_line(tmp_path: Path) -> None:
    shutil.copytree(CHANNEL_PORTS.parent / "rules", tmp_path / "rules")
    text = CHANNEL_PORTS.read_text(encoding="utf-8")
    spell = '{name: "Vizeadmiral Friedrich Frisius", from_date: 1944-09-30,'
    assert spell in text, "scenario changed"
    path = tmp_path / CHANNEL_PORTS.name
    path.write_text(text.replace(spell, spell.replace("09-30", "09-29")), encoding="utf-8")
    problems = [p for p in validate_file(path).errors if "take over" in p.message]
    assert len(problems) == 1 and problems[0].line > 0
    assert problems[0].key_path.endswith("commanders[2].from_date")


# --- the units the review found wrong ---------------------------------------------------------
def test_kangaroos_belong_to_first_canadian_army(loaded: LoadedScenario) -> None:
    formations = {f.id: f for f in loaded.scenario.formations}
    chain, current = [], _unit(loaded.scenario, "kangaroos").formation
    while current is not None:
        chain.append(current)
        current = formations[current].parent
    assert "br_79_armd_div" not in chain and chain[-2:] == ["cdn_first_army", "ag21"]


def test_oldenburg_is_2_maa_244_and_cannot_reach_england(loaded: LoadedScenario) -> None:
    unit = _unit(loaded.scenario, "oldenburg_battery")
    assert "2./MAA 244" in text_in(unit.name, "en")
    assert "24 cm" in (unit.notes or "") and "England" in (unit.notes or "")


def test_friedrich_august_is_under_korvettenkapitan_diekmann(loaded: LoadedScenario) -> None:
    unit = _unit(loaded.scenario, "friedrich_august")
    assert "Korvettenkapitän Fritz Diekmann" in (unit.notes or "")
    assert "MAA 240" in text_in(unit.name, "en")


@pytest.mark.parametrize("uid", ["maa_204", "dunkirk_heavy_flak", "light_flak_415",
                                 "light_flak_765", "lindemann_battery", "friedrich_august"])
def test_german_units_carry_their_designation_and_an_english_description(
        loaded: LoadedScenario, uid: str) -> None:
    name = text_in(_unit(loaded.scenario, uid).name, "en")
    designation, _, description = name.partition(" (")
    assert any(w in designation for w in ("Abteilung", "MAA", "Batterie")), name
    assert description.endswith(")") and any(
        w in description for w in ("battalion", "battery")), name


def test_places_and_dates_the_review_corrected(loaded: LoadedScenario) -> None:
    scenario = loaded.scenario
    equihen = next(p for p in scenario.places if p.id == "equihen")
    assert text_in(equihen.name, "fr") == "Équihen-Plage"
    events = scenario.history.events
    directive = [e for e in events if e.date == D(1944, 1, 19)]
    assert directive and {"dunkirk", "boulogne"} <= set(directive[0].places)
    last = next(e for e in events if e.date == D(1945, 5, 9))
    note = text_in(last.date_note, "en")
    assert "Lorient" in note and "Saint-Nazaire" in note
    assert "last French town is free" not in text_in(last.caption, "en")
