"""The modding guide: its generated reference matches the models, and its examples are valid."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import io
import re
import shlex
import shutil
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import pytest
from pydantic import Field

from cli import guide as guide_command
from engine.format import modding_guide as guide
from engine.format.loading import load_scenario
from engine.format.ruleset import Ruleset
from engine.format.scenario import Id, LocalText, Model, Scenario
from engine.format.validation import validate_file

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "scenarios" / "README.md"
RULES = ROOT / "scenarios" / "rules"


def guide_text() -> str:
    return README.read_text(encoding="utf-8")


def test_reference_is_up_to_date() -> None:
    text = guide_text()
    assert guide.replace_reference(text, guide.render_reference()) == text, (
        "scenarios/README.md's REFERENCE no longer matches engine/format/scenario.py and "
        "engine/format/ruleset.py; run `python run.py guide` to rewrite it"
    )


def test_the_event_table_and_the_reference_describe_every_event_alike() -> None:
    """Section 4.9's table and section 8's reference say the same of every event kind: what it
    does (the `kind` field's description) and which keys it has beyond the common ones."""
    text = guide_text()
    table = text[text.index(guide.EVENTS_BEGIN):text.index(guide.EVENTS_END)]
    rows = re.findall(r"^\| \[`(\w+)`\]\(#scenario-(\w+)\) \| (.*?) \| (.*?) \|$", table, re.M)
    kinds = {kind for kind, *_ in guide.event_kinds()}
    assert {row[0] for row in rows} == kinds and len(rows) == len(kinds)
    reference = reference_section(text)
    for kind, anchor, what, keys in rows:
        section = reference[reference.index(f'<a id="scenario-{anchor}"></a>'):]
        section = section[:section.index("<a id=", 10)]
        assert f"with `kind: {kind}`" in section
        fields = re.findall(r"^\| `(\w+)` \| .*? \| (.*) \|$", section, re.M)
        described = {name: row.rsplit(" | ", 1)[-1] for name, row in fields}
        assert described["kind"] == what, kind
        own = [name for name, _ in fields if name not in guide.EVENT_COMMON_KEYS]
        assert (", ".join(f"`{k}`" for k in own) or "—") == keys, kind


def reference_section(text: str) -> str:
    return text[text.index(guide.BEGIN) : text.index(guide.END)]


@pytest.mark.parametrize(("model", "prefix"), [(Scenario, "scenario"), (Ruleset, "ruleset")])
def test_reference_lists_every_field_of_every_model(model: type[Model], prefix: str) -> None:
    reference = reference_section(guide_text())
    schema = model.model_json_schema()
    for name, definition in schema.get("$defs", {}).items():
        anchor = f'<a id="{prefix}-{name.lower()}"></a>'
        assert anchor in reference, f"{name} has no section"
        section = reference.split(anchor, 1)[1].split("<a id=", 1)[0]
        for field_name in definition.get("properties", {}):
            assert f"| `{field_name}` |" in section, f"{name}.{field_name} missing"
    top = reference.split(f'<a id="{prefix}"></a>', 1)[1].split("<a id=", 1)[0]
    for field_name in schema["properties"]:
        assert f"| `{field_name}` |" in top


# --- the renderer, on a small format made for the purpose ----------------------------------------
class Crate(Model):
    """Something to carry."""

    weight_km: float = Field(gt=0, le=5, description="Odd, but shows the unit.")


class Walk(Model):
    kind: Literal["walk"]
    pace: int = Field(3, ge=1)


class Ride(Model):
    """By lorry."""

    kind: Literal["ride"]
    crates: list[Crate] = Field(min_length=1, max_length=4)


class Toy(Model):
    """A toy format."""

    id: Id
    name: LocalText
    colour: Literal["red", "blue"] = "red"
    moves: list[Annotated[Walk | Ride, Field(discriminator="kind")]] = Field(
        default_factory=list
    )
    spare: Crate | None = None
    weights: dict[Id, float] = Field(default_factory=dict)
    when: date | None = None
    at: tuple[float, float] | None = None


@pytest.fixture(scope="module")
def toy_reference() -> str:
    return guide.render_reference(Toy.model_json_schema(), Ruleset.model_json_schema())


def row(reference: str, section_anchor: str, field_name: str) -> list[str]:
    section = reference.split(f'<a id="{section_anchor}"></a>', 1)[1].split("<a id=", 1)[0]
    line = next(li for li in section.splitlines() if li.startswith(f"| `{field_name}` |"))
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def test_renders_refs_as_links_with_paths(toy_reference: str) -> None:
    assert "#### `moves[].crates[]` (Crate)" in toy_reference
    assert "Used at: `moves[].crates[]`, `spare`." in toy_reference
    assert row(toy_reference, "scenario", "spare")[1] == "[Crate](#scenario-crate) or null"


def test_renders_discriminated_unions_as_variants(toy_reference: str) -> None:
    cells = row(toy_reference, "scenario", "moves")
    assert cells[1] == (
        "list of object chosen by `kind`: [ride](#scenario-ride), [walk](#scenario-walk)"
    )
    assert "#### `moves[]` with `kind: walk` (Walk)" in toy_reference
    assert "#### `moves[]` with `kind: ride` (Ride)" in toy_reference
    assert row(toy_reference, "scenario-walk", "kind")[1] == "`walk`"


def test_renders_enums_defaults_and_ranges(toy_reference: str) -> None:
    assert row(toy_reference, "scenario", "colour")[1:4] == [
        "string, one of",
        "default `red`",
        "`red`, `blue`",
    ]
    assert row(toy_reference, "scenario-walk", "pace")[2:4] == ["default `3`", "x ≥ 1"]
    weight = row(toy_reference, "scenario-crate", "weight_km")
    assert weight[2:] == ["**required**", "0 < x ≤ 5", "Odd, but shows the unit. Unit: kilometres."]
    assert row(toy_reference, "scenario-ride", "crates")[3] == "1 to 4 items"


def test_renders_named_kinds_once_in_a_glossary(toy_reference: str) -> None:
    assert row(toy_reference, "scenario", "id")[1:] == ["id", "**required**", "", ""]
    assert row(toy_reference, "scenario", "name")[1] == "text"
    assert row(toy_reference, "scenario", "weights")[1] == "mapping of id → number"
    assert re.search(r"^- \*\*id\*\*: .*At most 64 characters\.", toy_reference, re.M)
    assert re.search(r"^- \*\*text\*\*: ", toy_reference, re.M)


def test_renders_dates_and_pairs(toy_reference: str) -> None:
    assert row(toy_reference, "scenario", "when")[1] == "date or null"
    assert row(toy_reference, "scenario", "at")[1] == "[number, number] or null"


def test_escapes_pipes_in_cells() -> None:
    class Piped(Model):
        code: str = Field(pattern=r"^(a|b)$", description="a|b")

    text = guide.render_reference(Piped.model_json_schema(), Ruleset.model_json_schema())
    assert r"matches `^(a\|b)$`" in text
    assert r"| a\|b |" in text


# --- rewriting the file ---------------------------------------------------------------------------
def run_guide(path: Path, check: bool) -> tuple[int, str]:
    lines: list[str] = []
    code = guide_command.run(argparse.Namespace(check=check, guide=path), out=lines.append)
    return code, "\n".join(lines)


def test_check_and_rewrite(tmp_path: Path) -> None:
    stale = (
        "# Guide\n\nprose stays\n\n"
        f"{guide.EVENTS_BEGIN}\nold events\n{guide.EVENTS_END}\n\nbetween stays\n\n"
        f"{guide.BEGIN}\nold table\n{guide.END}\n\nafter stays\n"
    )
    path = tmp_path / "README.md"
    path.write_text(stale, encoding="utf-8")

    code, said = run_guide(path, check=True)
    assert (code, path.read_text(encoding="utf-8")) == (1, stale)
    assert "run `python run.py guide`" in said

    assert run_guide(path, check=False)[0] == 0
    text = path.read_text(encoding="utf-8")
    assert "old table" not in text and "old events" not in text
    assert text.startswith("# Guide\n\nprose stays\n\n" + guide.EVENTS_BEGIN)
    assert "| [`capitulation`](#scenario-capitulationevent) |" in text
    assert guide.EVENTS_END + "\n\nbetween stays\n\n" + guide.BEGIN in text
    assert text.endswith(guide.END + "\n\nafter stays\n")
    assert "### Scenario format" in text
    assert run_guide(path, check=True)[0] == 0


@pytest.mark.parametrize(
    "text",
    ["no markers at all\n", f"{guide.END}\n{guide.BEGIN}\n", f"{guide.BEGIN}\n{guide.BEGIN}\n"],
)
def test_bad_markers_are_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    assert run_guide(path, check=False)[0] == 2
    assert "marker lines" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text


def test_missing_guide_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_guide(tmp_path / "nope.md", check=True)[0] == 2
    assert "cannot read" in capsys.readouterr().err


# --- the guide's examples -----------------------------------------------------------------------
@pytest.fixture
def tutorial_path(tmp_path: Path) -> Path:
    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "cap_gris_nez_1944.yaml"
    path.write_text(guide.tutorial_scenario(guide_text()), encoding="utf-8")
    return path


def test_tutorial_scenario_loads_and_validates_cleanly(tutorial_path: Path) -> None:
    loaded = load_scenario(tutorial_path)
    assert loaded.scenario.id == "cap_gris_nez_1944"
    assert loaded.scenario.history.plan, "the tutorial teaches the plan"
    assert [p for p in validate_file(tutorial_path).problems] == []


def test_tutorial_covers_every_top_level_section(tutorial_path: Path) -> None:
    scenario = load_scenario(tutorial_path).scenario
    for key in Scenario.model_fields:
        if key not in ("cover_image", "rules"):  # `rules` has its own section, 5.1
            assert key in scenario.model_fields_set, f"the tutorial never shows `{key}`"
    assert "### 5.1 Changing some numbers" in guide_text()


def test_tutorial_grid_is_what_mapgen_generates(tutorial_path: Path) -> None:
    pytest.importorskip("global_land_mask")
    from engine.format.mapgen import run_file

    log = io.StringIO()
    assert run_file(tutorial_path, check=True, out=log) == 0, log.getvalue()
    quoted = re.search(r"`(note: place [^`]*)`", guide_text())
    assert quoted, "the guide quotes what mapgen says"
    log = io.StringIO()
    assert run_file(tutorial_path, out=log) == 0
    assert quoted.group(1) in log.getvalue().splitlines()


def test_model_examples_are_valid() -> None:
    examples = list(guide.example_models(guide_text()))
    assert examples, "the guide shows a ruleset entry"
    for line, model, data in examples:
        assert model.model_validate(data), f"README.md line {line}"


def test_example_mark_without_block_is_an_error() -> None:
    with pytest.raises(guide.GuideError, match="line 1"):
        list(guide.example_blocks("<!-- example: scenario -->\nprose, no block\n"))


# --- the guide's commands and sample output are real ----------------------------------------------
def run_py_commands() -> dict[str, tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("run_entry", ROOT / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.COMMANDS


def test_every_command_line_in_the_guide_parses() -> None:
    commands = run_py_commands()
    lines = re.findall(r"python run\.py ([^`\n]*)", guide_text())
    assert len(lines) >= 10
    for line in lines:
        words = shlex.split(line.split("#")[0].split(">")[0])
        assert words[0] in commands, f"`python run.py {line}`: no such command"
        parser = argparse.ArgumentParser(prog=f"run.py {words[0]}")
        importlib.import_module(commands[words[0]][0]).add_arguments(parser)
        try:
            parser.parse_args(words[1:])
        except SystemExit:
            pytest.fail(f"`python run.py {line}` does not parse")


def test_sample_validator_output_is_what_validate_prints(tmp_path: Path) -> None:
    text = guide_text()
    sample = next(li for li in text.splitlines() if li.startswith("scenarios/cap_gris_nez_1944"))
    shutil.copytree(RULES, tmp_path / "rules")
    path = tmp_path / "cap_gris_nez_1944.yaml"
    scenario = guide.tutorial_scenario(text)
    assert scenario.count("start: {place: marquise}") == 1
    path.write_text(scenario.replace("{place: marquise}", "{place: marqise}"), encoding="utf-8")

    problems = [str(p) for p in validate_file(path).problems]

    assert problems == [sample.replace("scenarios/", f"{tmp_path}/", 1)]


def test_tutorial_scenario_plays_to_the_end(tutorial_path: Path) -> None:
    from engine.controllers import make_controller, play_out
    from engine.game import new_game

    game = new_game(load_scenario(tutorial_path), seed=1)
    allies, germans = (side.id for side in game.world.scenario.sides)
    controllers = {
        allies: make_controller("history", game, allies),
        germans: make_controller("ai", game, germans),
    }
    play_out(game, controllers)
    assert game.over
    assert any(order.__class__.__name__ == "Assault" for order in game.orders), "plan not played"


def test_the_topics_a_historian_needs_each_have_a_section() -> None:
    """Turn lengths, truces, overrides, capitulation, flooding, containment and bombers: listed
    under the contents, each link leading to its anchor, each anchor before the text about it."""
    text = guide_text()
    topics = text[text.index("Topics a historian often needs"):text.index("## 1. Quick start")]
    links = re.findall(r"\]\(#([a-z-]+)\)", topics)
    assert set(links) == {"turn-lengths", "truces", "capitulation", "flooding", "containment",
                          "overrides", "bombers"}
    about = {"turn-lengths": "turn_length_days", "truces": "truces", "capitulation":
             "capitulation", "flooding": "flooding", "containment": "kind: contain",
             "overrides": "extends", "bombers": "aimed_at"}
    for anchor in links:
        assert text.count(f'<a id="{anchor}"></a>') == 1, anchor
        after = text[text.index(f'<a id="{anchor}"></a>'):][:1500]
        assert about[anchor] in after, anchor
