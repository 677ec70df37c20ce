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
from engine.save import SaveError, game_to_json, load_game, save_game


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
    assert data["format"] == "channel-ports-1944-save" and data["format_version"] == 1
    assert data["scenario_id"] == "minimal_boulogne" and data["scenario_digest"] == loaded.digest
    assert data["seed"] == 4 and len(data["orders"]) == len(game.orders)


def corrupt(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("damage,message", [
    (lambda d: d.update(scenario_id="calais_only"), "scenario 'calais_only'"),
    (lambda d: d.update(scenario_digest="0" * 64), "different version"),
    (lambda d: d.update(format_version=99), "version 99"),
    (lambda d: d.update(format="chess"), "not a Channel Ports"),
    (lambda d: d.update(seed="x"), "damaged"),
    (lambda d: d.update(seed=-4), "damaged"),
    (lambda d: d["orders"].insert(0, {"kind": "move", "side": "allies", "unit": "qor",
                                      "to": [0, 0]}), "order 1"),
    (lambda d: d["orders"].insert(0, {"kind": "fly"}), "order 1"),
    (lambda d: d.update(position_digest="f" * 32), "another version of the rules engine"),
    (lambda d: d["orders"].pop(), "different position"),
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
