"""Saved games: versioned JSON holding the scenario's identity, the seed and the order log.

Loading replays the log, so a loaded game is bit-identical to the one saved. A save is written
to a temporary file in the same folder and moved over the target with `os.replace`, so a crash
mid-write never leaves a truncated save behind, and a refused save never overwrites anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine.atomic_file import write_text_atomically
from engine.format.loaded import LoadedScenario
from engine.game import Game
from engine.guarded_read import MissingFile, UnreadableFile, read_json
from engine.orders import IllegalOrder, OrderFormatError, order_from_json

SAVE_FORMAT = "channel-ports-1944-save"
SAVE_VERSION = 1
MAX_SAVE_BYTES = 50_000_000


class SaveError(Exception):
    """A save that cannot be written or read; the message says why in plain words."""


def game_to_json(game: Game) -> dict[str, Any]:
    return {
        "format": SAVE_FORMAT,
        "format_version": SAVE_VERSION,
        "scenario_id": game.loaded.scenario.id,
        "scenario_digest": game.loaded.digest,
        "seed": game.seed,
        "turn": game.state.turn,
        "date": game.state.date.isoformat(),
        "orders": [o.to_json() for o in game.orders],
        "position_digest": game.state.digest(),
    }


def save_game(game: Game, path: str | Path) -> None:
    """Write the game atomically (temporary file + os.replace)."""
    path = Path(path)
    text = json.dumps(game_to_json(game), indent=1, ensure_ascii=False)
    try:
        write_text_atomically(path, text)
    except OSError as exc:
        raise SaveError(f"cannot write {path}: {exc.strerror or exc}") from exc


def game_from_json(data: Any, loaded: LoadedScenario, source: str = "save") -> Game:
    """Check a save's header against the loaded scenario, then replay its orders."""
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError(f"{source} is not a Channel Ports 1944 saved game")
    version = data.get("format_version")
    if version != SAVE_VERSION:
        raise SaveError(f"{source} has save format version {version!r}; this game reads "
                        f"version {SAVE_VERSION}")
    if data.get("scenario_id") != loaded.scenario.id:
        raise SaveError(f"{source} is a game of scenario {data.get('scenario_id')!r}, "
                        f"not {loaded.scenario.id!r}")
    if data.get("scenario_digest") != loaded.digest:
        raise SaveError(f"{source} was made with a different version of scenario "
                        f"{loaded.scenario.id!r} or its ruleset; it cannot be replayed exactly")
    seed = data.get("seed")
    orders = data.get("orders")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0 \
            or not isinstance(orders, list):
        raise SaveError(f"{source} is damaged: seed or order list missing")
    game = Game(loaded, seed)
    for number, raw in enumerate(orders, start=1):
        try:
            game.push(order_from_json(raw))
        except (OrderFormatError, IllegalOrder) as exc:
            raise SaveError(
                f"{source} is damaged: order {number} cannot be replayed ({exc})"
            ) from exc
    if data.get("position_digest") != game.state.digest():
        raise SaveError(f"{source} replays to a different position than the one saved: it was "
                        "made by another version of the rules engine")
    return game


def load_game(path: str | Path, loaded: LoadedScenario) -> Game:
    """The game saved at `path`, replayed; `SaveError` (one line) for anything else."""
    try:
        data = read_json(path, MAX_SAVE_BYTES)
    except MissingFile as exc:
        raise SaveError(f"no saved game at {path}") from exc
    except UnreadableFile as exc:
        raise SaveError(f"cannot load {exc}") from exc
    return game_from_json(data, loaded, str(path))
