"""Saved games: atomic, versioned, refused with a clear message when they cannot be trusted."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.game import Game, new_game
from engine.save import SaveError, game_to_json, load_game, record_digest, save_game


def played(path: Path, seed: int = 4, steps: int = 40) -> tuple[LoadedScenario, Game]:
    loaded = load_scenario(path)
    game = new_game(loaded, seed)
    chooser = random.Random(seed)
    for _ in range(steps):
        if game.over:
            break
        game.push(chooser.choice(game.legal_orders()))
    return loaded, game


def test_a_saved_game_loads_to_the_identical_position(
    minimal_scenario_path: Path, tmp_path: Path
) -> None:
    loaded, game = played(minimal_scenario_path)
    save_game(game, tmp_path / "save.json")
    again = load_game(tmp_path / "save.json", loaded)
    assert again.state.fingerprint() == game.state.fingerprint()
    assert again.orders == game.orders


def test_save_at_a_random_turn_then_continue_equals_the_uninterrupted_game(
    minimal_scenario_path: Path, tmp_path: Path
) -> None:
    loaded, whole = played(minimal_scenario_path, seed=9, steps=70)
    cut = random.Random(1).randrange(len(whole.orders))
    partial = new_game(loaded, 9)
    for order in whole.orders[:cut]:
        partial.push(order)
    save_game(partial, tmp_path / "mid.json")
    resumed = load_game(tmp_path / "mid.json", loaded)
    for order in whole.orders[cut:]:
        resumed.push(order)
    assert resumed.state.fingerprint() == whole.state.fingerprint()


def test_the_save_file_names_format_version_scenario_digest_and_seed(
    minimal_scenario_path: Path,
) -> None:
    loaded, game = played(minimal_scenario_path, steps=5)
    data = game_to_json(game)
    assert data["format"] == "channel-ports-1944-save" and data["format_version"] == 2
    assert data["scenario_id"] == "minimal_boulogne" and data["scenario_digest"] == loaded.digest
    assert data["seed"] == 4 and len(data["orders"]) == len(game.orders)


def corrupt(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


def resealed(data: dict[str, Any]) -> None:
    """Recompute the record digest after an edit, as a deliberate forger would."""
    data["record_digest"] = record_digest(data["seed"], data["turn"], data["date"],
                                          data["orders"])


@pytest.mark.parametrize("damage,message", [
    (lambda d: d.update(scenario_id="calais_only"), "scenario 'calais_only'"),
    (lambda d: d.update(scenario_digest="0" * 64), "another version of scenario"),
    (lambda d: d.update(format_version=99), "version 99"),
    (lambda d: d.update(format="chess"), "not a Channel Ports"),
    (lambda d: d.update(seed="x"), "damaged"),
    (lambda d: d.update(seed=-4), "damaged"),
    (lambda d: d.update(seed=5), "changed after it was saved"),
    (lambda d: d.update(turn=d["turn"] + 3), "changed after it was saved"),
    (lambda d: d["orders"].pop(), "changed after it was saved"),
    (lambda d: (d["orders"].insert(0, {"kind": "move", "side": "allies", "unit": "qor",
                                       "to": [0, 0]}), resealed(d)), "order 1"),
    (lambda d: (d["orders"].insert(0, {"kind": "fly"}), resealed(d)), "order 1"),
    (lambda d: (d.update(turn=d["turn"] + 3), resealed(d)), "says it stopped at turn"),
    (lambda d: (d.update(date="1944-12-25"), resealed(d)), "says it stopped at turn"),
    (lambda d: d.update(position_digest="f" * 32), "another version of the rules engine"),
])
def test_a_mismatched_or_damaged_save_is_refused_with_a_clear_message(
    minimal_scenario_path: Path, tmp_path: Path, damage: Callable[[dict[str, Any]], object],
    message: str,
) -> None:
    loaded, game = played(minimal_scenario_path, steps=10)
    data = game_to_json(game)
    damage(data)
    corrupt(tmp_path / "bad.json", data)
    with pytest.raises(SaveError, match=message):
        load_game(tmp_path / "bad.json", loaded)


def test_a_comment_or_layout_edit_of_the_scenario_keeps_saves_loadable(
    minimal_scenario_path: Path, tmp_path: Path
) -> None:
    _, game = played(minimal_scenario_path, steps=10)
    save_game(game, tmp_path / "save.json")
    text = minimal_scenario_path.read_text(encoding="utf-8")
    edited = "# a modder's note\n\n" + text.replace("\nunits:", "\n\n# who\nunits:  # all\n", 1)
    assert edited != text
    minimal_scenario_path.write_text(edited, encoding="utf-8")
    again = load_scenario(minimal_scenario_path)
    assert load_game(tmp_path / "save.json", again).state.digest() == game.state.digest()


def test_a_real_scenario_change_is_named(minimal_scenario_path: Path, tmp_path: Path) -> None:
    _, game = played(minimal_scenario_path, steps=10)
    save_game(game, tmp_path / "save.json")
    text = minimal_scenario_path.read_text(encoding="utf-8")
    changed = text.replace("strength: 800", "strength: 700", 1)
    assert changed != text
    minimal_scenario_path.write_text(changed, encoding="utf-8")
    with pytest.raises(SaveError, match=r"another version of scenario .*: units differ"):
        load_game(tmp_path / "save.json", load_scenario(minimal_scenario_path))


def test_a_version_1_save_still_loads(minimal_scenario_path: Path, tmp_path: Path) -> None:
    loaded, game = played(minimal_scenario_path, steps=10)
    data = game_to_json(game)
    for key in ("record_digest", "scenario_parts"):
        del data[key]
    data.update(format_version=1, scenario_digest="bytes of an older file")
    corrupt(tmp_path / "old.json", data)
    assert load_game(tmp_path / "old.json", loaded).state.digest() == game.state.digest()


def test_a_truncated_save_is_refused(minimal_scenario_path: Path, tmp_path: Path) -> None:
    loaded, game = played(minimal_scenario_path, steps=10)
    save_game(game, tmp_path / "save.json")
    text = (tmp_path / "save.json").read_text(encoding="utf-8")
    (tmp_path / "save.json").write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(SaveError, match="damaged or truncated"):
        load_game(tmp_path / "save.json", loaded)


def test_a_missing_save_is_refused(minimal_scenario_path: Path, tmp_path: Path) -> None:
    loaded = load_scenario(minimal_scenario_path)
    with pytest.raises(SaveError, match="no saved game"):
        load_game(tmp_path / "nothing.json", loaded)


def test_a_failed_write_leaves_the_old_save_untouched(
    minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, game = played(minimal_scenario_path, steps=10)
    target = tmp_path / "save.json"
    save_game(game, target)
    before = target.read_bytes()

    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("engine.atomic_file.os.replace", refuse)
    game.push(game.legal_orders()[-1])
    with pytest.raises(SaveError, match="No space left"):
        save_game(game, target)
    assert target.read_bytes() == before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # none left behind
