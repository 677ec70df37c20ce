"""Anything `validate` accepts, the engine, the window and the report run: scenarios the old
validator passed but the engine crashed on are now refused with a located error (or run), and
one set of limits is shared by the validator and the engine."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.format import limits
from engine.format.template import new_scenario
from engine.format.validation import format_key_path, validate_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def template_text(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("template")
    written = new_scenario("base", folder)
    return folder, written.scenario.read_text(encoding="utf-8")


def variant(template: tuple[Path, str], tmp_path: Path, text: str | None = None,
            rules: tuple[str, str] | None = None) -> Path:
    folder, base = template
    shutil.copytree(folder / "rules", tmp_path / "rules")
    if rules is not None:
        ruleset = tmp_path / "rules" / "ww2_west_1944.yaml"
        old, new = rules
        content = ruleset.read_text(encoding="utf-8")
        assert old in content
        ruleset.write_text(content.replace(old, new), encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(base if text is None else text, encoding="utf-8")
    return path


THIRD_SIDE = """  - id: french
    name: {en: French, fr: Français}
    colour: "#2222aa"
    nations: [{id: fr, name: {en: France, fr: France}, colour: "#0000ff"}]
"""

# name -> (edit of the template's text, or of its ruleset, and the message expected)
REFUSED = {
    "a third side": (lambda t: t.replace("\nunits:", "\n" + THIRD_SIDE + "\nunits:", 1),
                     None, "exactly 2 sides", "sides[2]"),
    "odds .inf": (None, ("odds_for_even_chance: 1.6", "odds_for_even_chance: .inf"),
                  "finite number", "odds_for_even_chance"),
    "weather weight .inf": (lambda t: t.replace(
        "turn_length_days: 1", "turn_length_days: 1\nweather: {chances: {clear: .inf, rain: 1}}"),
        None, "finite number", "weather.chances.clear"),
    "weather weight .nan": (lambda t: t.replace(
        "turn_length_days: 1", "turn_length_days: 1\nweather: {chances: {clear: .nan, rain: 1}}"),
        None, "finite number", "weather.chances.clear"),
    "history figure .nan": (lambda t: t.replace(
        "      fell: [{date: 1944-09-22, sources: [W-WH]}]",
        "      fell: [{date: 1944-09-22, sources: [W-WH]}]\n"
        "      prisoners: [{value: .nan, sources: [W-WH]}]"), None, "finite number", "prisoners"),
    "victory weight .inf": (lambda t: t.replace(
        "\n  levels:", "\n  points_per_1000_prisoners: .inf\n  levels:"), None, "finite number",
        "points_per_1000_prisoners"),
    "a start in year 1": (lambda t: t.replace("start_date: 1944-09-17", "start_date: 0001-01-02")
                          .replace("end_date: 1944-09-24", "end_date: 0001-01-09"),
                          None, "outside the game's calendar", "start_date"),
    "a campaign over the limit": (lambda t: t.replace("end_date: 1944-09-24",
                                                      "end_date: 1946-09-24"),
                                  None, "over the limit of 366", "end_date"),
    "a map over the limit": (lambda t: t.replace("hex_size_km: 2.0", "hex_size_km: 0.05"),
                             None, "over the limit of 20,000", "map.hex_size_km"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_what_the_engine_cannot_run_is_refused_with_a_located_error(
    template_text: tuple[Path, str], tmp_path: Path, name: str
) -> None:
    edit, rules, message, key = REFUSED[name]
    text = edit(template_text[1]) if edit else None
    report = validate_file(variant(template_text, tmp_path, text, rules))
    errors = [p for p in report.errors if message in p.message]
    assert errors, [str(p) for p in report.problems]
    assert any(key in p.key_path for p in errors), [str(p) for p in errors]
    assert all(p.line > 1 or p.key_path for p in errors)
    assert not [p for p in report.errors if "internal validator error" in p.message]


def test_a_one_hex_map_plays_to_the_end_under_every_controller(
    template_text: tuple[Path, str], tmp_path: Path
) -> None:
    one = re.sub(r"  terrain: \|\n(    .*\n)+", "  terrain: |\n    .\n", template_text[1])
    one = one.replace("hex_size_km: 2.0", "hex_size_km: 40.0")
    path = variant(template_text, tmp_path, one)
    assert validate_file(path).errors == []
    for allies, germans in (("random", "random"), ("ai", "ai"), ("history", "passive")):
        done = subprocess.run([sys.executable, str(ROOT / "run.py"), "simulate", str(path),
                               "--runs", "1", "--jobs", "1", "--allies", allies,
                               "--germans", germans], cwd=ROOT, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "internal error" not in done.stderr


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["odds_for_even_chance: 1.6", "stray_share: 0.15",
                        "encircled_per_day: 0.5", "recovery_per_day: 2.0"]),
       st.sampled_from([math.inf, -math.inf, math.nan]))
def test_no_ruleset_number_may_be_infinite_or_nan(
    template_text: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory,
    line: str, value: float,
) -> None:
    key = line.split(":")[0]
    shown = {math.inf: ".inf", -math.inf: "-.inf"}.get(value, ".nan")
    path = variant(template_text, tmp_path_factory.mktemp("n"), None, (line, f"{key}: {shown}"))
    report = validate_file(path)
    assert any(key in p.key_path and "finite" in p.message for p in report.errors)


def test_the_limits_are_the_ones_the_engine_applies(template_text: tuple[Path, str],
                                                    tmp_path: Path) -> None:
    from engine.format.loading import load_scenario
    from engine.world import World

    loaded = load_scenario(variant(template_text, tmp_path))
    longer = loaded.scenario.model_copy(update={
        "end_date": loaded.scenario.start_date + dt.timedelta(days=limits.MAX_CAMPAIGN_DAYS + 1)})
    with pytest.raises(ValueError, match="over the limit"):
        World(dataclasses.replace(loaded, scenario=longer))


def at_the_limits(template: tuple[Path, str], folder: Path, hexes: int, units: int,
                  days: int) -> Path:
    """The template grown to `hexes` hexes (all open ground), `units` units and `days` days."""
    from engine.format.scenario import Bounds
    from engine.hexgrid import HexGrid

    text = template[1]
    side, box = 0.02, None
    while True:
        candidate = Bounds(west=1.56, east=1.56 + side * 1.55, south=50.66, north=50.66 + side)
        if HexGrid(candidate, 2.0).size > hexes:
            break
        box, side = candidate, side * 1.01
    assert box is not None
    grid = HexGrid(box, 2.0)
    rows = "\n".join("    " + "." * grid.cols for _ in range(grid.rows))
    text = re.sub(r"  terrain: \|\n(    .*\n)+", "  terrain: |\n" + rows + "\n", text)
    text = re.sub(r"  bounds: .*\n", f"  bounds: {{west: {box.west}, east: {box.east}, "
                                     f"south: {box.south}, north: {box.north}}}\n", text)
    text = re.sub(r"  areas:.*?\n  lines:", "  lines:", text, flags=re.S)
    text = re.sub(r"    - \{id: liane.*\n", "", text)
    end = dt.date(1944, 9, 17) + dt.timedelta(days=days)
    text = text.replace("end_date: 1944-09-24", f"end_date: {end}")
    extra = []
    for i in range(units - 2):
        side_id, nation, place, kind, quality = (
            ("allies", "ca", "la_capelle", "infantry_bn", "veteran") if i % 2 else
            ("germans", "de", "boulogne", "fortress_bn", "fortress"))
        extra.append(f"  - {{id: u{i}, name: Unit {i}, side: {side_id}, nation: {nation}, "
                     f"type: {kind}, strength: 500, quality: {quality}, "
                     f"start: {{place: {place}}}, sources: [EST]}}")
    text = text.replace("\nsupply:", "\n" + "\n".join(extra) + "\n\nsupply:", 1)
    return variant(template, folder, text)


@pytest.mark.slow
@pytest.mark.parametrize("hexes,units,days", [
    (limits.MAX_MAP_HEXES, 40, 30),
    (2_000, limits.MAX_UNITS, 10),
    (2_000, 40, limits.MAX_CAMPAIGN_DAYS),
])
def test_a_scenario_at_the_limits_runs_everywhere_in_bounded_memory(
    template_text: tuple[Path, str], tmp_path: Path, hexes: int, units: int, days: int
) -> None:
    import resource

    path = at_the_limits(template_text, tmp_path, hexes, units, days)
    assert validate_file(path).errors == []
    save = tmp_path / "game.json"
    script = (
        "import sys\n"
        "from engine.format.loading import load_scenario\n"
        "from engine.game import new_game\n"
        "from engine.save import save_game\n"
        "game = new_game(load_scenario(sys.argv[1]), 1)\n"
        "for _ in range(4):\n"
        "    game.push(game.legal_orders()[-1])\n"
        "save_game(game, sys.argv[2])\n"
    )
    commands = [
        [sys.executable, "-c", script, str(path), str(save)],
        [sys.executable, "run.py", "simulate", str(path), "--runs", "1", "--jobs", "1",
         "--allies", "ai", "--germans", "ai"],
        [sys.executable, "run.py", "report", str(save), "--scenario", str(path)],
        [sys.executable, "run.py", "play", "--scenario", str(path), "--screenshot",
         str(tmp_path / "shot.png"), "--size", "1024x700"],
    ]
    env = {**__import__("os").environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    for command in commands:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=1800)
        assert done.returncode == 0, (command[2], done.stderr[-2000:])
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak_kb < 2_000_000, f"a command at the limits peaked at {peak_kb / 1e6:.1f} GB"


def _number_paths(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The key path of every number (not a bool) in parsed YAML data."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _number_paths(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _number_paths(v, (*path, i))]
    return [path] if isinstance(data, int | float) and not isinstance(data, bool) else []


RULESET = ROOT / "scenarios" / "rules" / "ww2_west_1944.yaml"
RULESET_NUMBERS = _number_paths(__import__("yaml").load(RULESET.read_text(encoding="utf-8"),
                                                        Loader=__import__("yaml").CSafeLoader))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(RULESET_NUMBERS), st.sampled_from([math.inf, -math.inf, math.nan]))
def test_every_number_of_the_ruleset_is_refused_when_not_finite(
    template_text: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory,
    path: tuple[object, ...], value: float,
) -> None:
    import yaml

    folder = tmp_path_factory.mktemp("any")
    scenario = variant(template_text, folder)
    ruleset = folder / "rules" / "ww2_west_1944.yaml"
    data = yaml.load(ruleset.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    holder = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    ruleset.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = validate_file(scenario)
    where = format_key_path(path)
    assert [p for p in report.errors if p.key_path.startswith(where)], (
        f"{where} = {value}: {[str(p) for p in report.errors]}")
    assert not [p for p in report.errors if "internal validator error" in p.message]
