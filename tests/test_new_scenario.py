"""`run.py new-scenario`: the file it writes is a valid scenario, and it never clobbers anything."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from cli import new_scenario as new_scenario_command
from engine.format import template
from engine.format.loading import load_scenario
from engine.format.validation import validate_file


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    new_scenario_command.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_written_scenario_loads_and_validates_cleanly(tmp_path: Path) -> None:
    written = template.new_scenario("calais_1944", tmp_path)

    assert written.scenario == tmp_path / "calais_1944.yaml"
    loaded = load_scenario(written.scenario)
    assert loaded.scenario.id == "calais_1944"
    assert loaded.scenario.title == "Calais 1944"
    report = validate_file(written.scenario)
    assert report.errors == []
    assert report.problems == [], "the template should pass `validate --strict` too"


def test_written_scenario_has_what_a_modder_starts_from(tmp_path: Path) -> None:
    scenario = load_scenario(template.new_scenario("my_siege", tmp_path).scenario).scenario

    assert len(scenario.places) >= 2
    assert {u.side for u in scenario.units} == {s.id for s in scenario.sides}
    assert scenario.victory.objectives
    outcome = scenario.history.outcomes[0]
    assert outcome.fell and outcome.fell[0].sources
    assert scenario.history.plan
    text = (tmp_path / "my_siege.yaml").read_text(encoding="utf-8")
    for section in ("map:", "places:", "sides:", "units:", "victory:", "history:"):
        comment_above = text.split(f"\n{section}")[0].rstrip().splitlines()[-1]
        assert comment_above.startswith("#"), f"no explaining comment above {section}"


def test_rules_are_copied_so_the_ruleset_path_resolves(tmp_path: Path) -> None:
    written = template.new_scenario("my_siege", tmp_path / "mods")

    ruleset = tmp_path / "mods" / "rules" / "ww2_west_1944.yaml"
    assert ruleset in written.rules
    shipped = (template.RULES / "ww2_west_1944.yaml").read_text(encoding="utf-8")
    copied = ruleset.read_text(encoding="utf-8")
    assert copied.splitlines()[1:] == shipped.splitlines()[1:]  # all but the editor line
    assert load_scenario(written.scenario).ruleset.id == "ww2_west_1944"


def test_existing_rules_are_kept(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    own = rules / "ww2_west_1944.yaml"
    own.write_text("# my own tuned copy\n", encoding="utf-8")

    written = template.new_scenario("my_siege", tmp_path)

    assert own.read_text(encoding="utf-8") == "# my own tuned copy\n"
    assert own not in written.rules


def test_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "my_siege.yaml"
    target.write_text("mine, not yours\n", encoding="utf-8")

    with pytest.raises(template.TemplateError, match="already exists"):
        template.new_scenario("my_siege", tmp_path)
    args = parse("my_siege", "--dir", str(tmp_path))
    assert new_scenario_command.run(args, out=lambda _: None) == 2

    assert target.read_text(encoding="utf-8") == "mine, not yours\n"
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Calais 1944", "calais_1944"),
        ("calais-1944", "calais_1944"),
        ("_calais", "calais"),
        ("../calais", "calais"),
        ("café", "caf"),
        ("", None),
        ("a" * 65, "a" * 64),
    ],
)
def test_rejects_names_that_are_not_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, suggestion: str | None
) -> None:
    with pytest.raises(template.TemplateError) as caught:
        template.new_scenario(name, tmp_path)
    message = str(caught.value)
    assert "lower-case letters, digits and underscores" in message
    if suggestion:
        assert f"(try {suggestion!r})" in message

    assert new_scenario_command.run(parse(name, "--dir", str(tmp_path)), out=lambda _: None) == 2
    assert "run.py new-scenario:" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_path_in_name_points_to_dir_option(tmp_path: Path) -> None:
    with pytest.raises(template.TemplateError, match="use --dir"):
        template.new_scenario("mods/calais", tmp_path)


def test_run_reports_what_it_wrote(tmp_path: Path) -> None:
    lines: list[str] = []
    args = parse("my_siege", "--dir", str(tmp_path))
    assert new_scenario_command.run(args, out=lines.append) == 0
    assert lines[0] == f"wrote {tmp_path / 'my_siege.yaml'}"
    assert any(line.startswith("copied ruleset") for line in lines)
    assert "validate --strict" in lines[-1]


def test_schema_line_is_relative_inside_the_game() -> None:
    text = template.TEMPLATE.read_text(encoding="utf-8")
    inside = template.render("x", template.SCENARIOS / "mods", text)
    assert inside.splitlines()[0] == "# yaml-language-server: $schema=../schema.json"
    beside = template.render("x", template.SCENARIOS, text)
    assert beside.splitlines()[0] == "# yaml-language-server: $schema=schema.json"


def test_schema_line_is_absolute_outside_the_game(tmp_path: Path) -> None:
    written = template.new_scenario("my_siege", tmp_path)
    first = written.scenario.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={template.SCHEMA.resolve().as_uri()}"


def test_template_without_id_line_is_a_clear_error() -> None:
    with pytest.raises(template.TemplateError, match="no line matching"):
        template.render("x", template.SCENARIOS, "title: \"T\"\n")


def test_template_grid_matches_the_coastline(tmp_path: Path) -> None:
    pytest.importorskip("global_land_mask")
    from engine.format.mapgen import run_file

    written = template.new_scenario("my_siege", tmp_path)
    log = io.StringIO()
    assert run_file(written.scenario, check=True, out=log) == 0, log.getvalue()


def test_written_scenario_plays_to_the_end(tmp_path: Path) -> None:
    from engine.controllers import make_controller, play_out
    from engine.game import new_game

    game = new_game(load_scenario(template.new_scenario("my_siege", tmp_path).scenario), seed=1)
    sides = [side.id for side in game.world.scenario.sides]
    play_out(game, {side: make_controller("ai", game, side) for side in sides})
    assert game.over


def test_a_dangling_link_in_rules_is_refused_and_never_written_through(tmp_path: Path) -> None:
    rules = tmp_path / "mods" / "rules"
    rules.mkdir(parents=True)
    elsewhere = tmp_path / "outside" / "planted.yaml"
    elsewhere.parent.mkdir()
    (rules / "ww2_west_1944.yaml").symlink_to(elsewhere)

    with pytest.raises(template.TemplateError, match="symbolic link to a missing file"):
        template.new_scenario("my_siege", tmp_path / "mods")

    assert not elsewhere.exists()
    assert not (tmp_path / "mods" / "my_siege.yaml").exists()


def test_a_dangling_link_at_the_scenario_name_is_left_alone(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.yaml"
    (tmp_path / "my_siege.yaml").symlink_to(elsewhere)

    with pytest.raises(template.TemplateError, match="already exists"):
        template.new_scenario("my_siege", tmp_path)

    assert not elsewhere.exists()
