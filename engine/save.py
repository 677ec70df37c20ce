"""Saved games: versioned JSON holding the scenario's identity, the seed and the order log.

Loading replays the log, so a loaded game is bit-identical to the one saved, and then checks
the save against itself and the replayed game, so that every refusal says what really differs:
- the scenario is identified by its meaning (the parsed scenario and ruleset, part by part), not
  its bytes: editing a comment or the layout keeps saves loadable, and a real change is named
  ("its units and victory differ");
- a digest covers the whole record (seed, order log, turn, date): a log altered after saving
  is refused even when it ends in the same position;
- the header's turn and date must be those the log replays to;
- only when all that holds and the final position still differs is the rules engine to blame.
The file is read through `engine.guarded_read` and written through `engine.atomic_file`.
Version 1 saves (no record digest, scenario identified by its bytes) still load; their scenario
is then checked by the replay alone.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from engine.atomic_file import write_text_atomically
from engine.format.loading import LoadedScenario
from engine.game import Game
from engine.guarded_read import MissingFile, UnreadableFile, read_json
from engine.orders import IllegalOrder, OrderFormatError, order_from_json

SAVE_FORMAT = "channel-ports-1944-save"
SAVE_VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_SAVE_BYTES = 50_000_000
MAX_SEED = 2**63 - 1


class SaveError(Exception):
    """A save that cannot be written or read; the message says why in plain words."""


def record_digest(seed: Any, turn: Any, date: Any, orders: Any) -> str:
    """sha256 over the record a save replays: its seed, where it stopped and every order."""
    text = json.dumps({"seed": seed, "turn": turn, "date": date, "orders": orders},
                      sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def game_to_json(game: Game) -> dict[str, Any]:
    orders = [o.to_json() for o in game.orders]
    turn, date = game.state.turn, game.state.date.isoformat()
    return {
        "format": SAVE_FORMAT,
        "format_version": SAVE_VERSION,
        "scenario_id": game.loaded.scenario.id,
        "scenario_digest": game.loaded.digest,
        "scenario_parts": game.loaded.parts,
        "seed": game.seed,
        "turn": turn,
        "date": date,
        "orders": orders,
        "record_digest": record_digest(game.seed, turn, date, orders),
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


def _changed_parts(saved: Any, loaded: LoadedScenario) -> str:
    if not isinstance(saved, dict):
        return "its content differs"
    now = loaded.parts
    changed = sorted(k for k in now.keys() | saved.keys() if now.get(k) != saved.get(k))
    names = [k if len(k) <= 40 else k[:40] + "…" for k in changed[:8]]
    if not names:
        return "its content differs"
    more = f" and {len(changed) - len(names)} more" if len(changed) > len(names) else ""
    return f"{', '.join(names)}{more} differ"


def _header(data: dict[str, Any], loaded: LoadedScenario, source: str) -> tuple[int, list[Any]]:
    """The seed and orders of a save whose header is sound; SaveError saying what is not."""
    version = data.get("format_version")
    if version not in READABLE_VERSIONS:
        raise SaveError(f"{source} has save format version {str(version)[:20]}; this game reads "
                        f"versions {', '.join(map(str, READABLE_VERSIONS))}")
    scenario_id = data.get("scenario_id")
    if scenario_id != loaded.scenario.id:
        shown = str(scenario_id)[:60]
        raise SaveError(f"{source} is a game of scenario {shown!r}, not {loaded.scenario.id!r}")
    seed, orders = data.get("seed"), data.get("orders")
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed <= MAX_SEED \
            or not isinstance(orders, list):
        raise SaveError(f"{source} is damaged: seed or order list missing")
    if version == 1:
        return seed, orders
    if data.get("record_digest") != record_digest(seed, data.get("turn"), data.get("date"),
                                                   orders):
        raise SaveError(f"{source} was changed after it was saved: its seed, turn, date or "
                        "orders no longer match the digest saved with them")
    if data.get("scenario_digest") != loaded.digest:
        changed = _changed_parts(data.get("scenario_parts"), loaded)
        raise SaveError(f"{source} was made with another version of scenario "
                        f"{loaded.scenario.id!r}: {changed} (comments and layout do not "
                        "count); it cannot be replayed exactly")
    return seed, orders


def game_from_json(data: Any, loaded: LoadedScenario, source: str = "save") -> Game:
    """Check a save's header, replay its orders, then check the header against the game."""
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError(f"{source} is not a Channel Ports 1944 saved game")
    seed, orders = _header(data, loaded, source)
    game = Game(loaded, seed)
    for number, raw in enumerate(orders, start=1):
        try:
            game.push(order_from_json(raw))
        except (OrderFormatError, IllegalOrder) as exc:
            raise SaveError(
                f"{source} is damaged: order {number} cannot be replayed ({exc})"
            ) from exc
    turn, date = game.state.turn, game.state.date.isoformat()
    if (data.get("turn"), data.get("date")) != (turn, date):
        said = f"turn {str(data.get('turn'))[:20]} ({str(data.get('date'))[:20]})"
        raise SaveError(f"{source} says it stopped at {said}, but its orders replay to turn "
                        f"{turn} ({date})")
    if data.get("position_digest") != game.state.digest():
        if data.get("format_version") == 1:
            raise SaveError(f"{source} replays to a different position than the one saved: "
                            "the scenario or the rules engine changed since it was made")
        raise SaveError(f"{source} replays to a different position than the one saved, with "
                        "the same scenario and orders: it was made by another version of the "
                        "rules engine")
    return game


def load_game(path: str | Path, loaded: LoadedScenario) -> Game:
    """The game saved at `path`, replayed and checked; `SaveError` (one line) for anything else."""
    try:
        data = read_json(path, MAX_SAVE_BYTES)
    except MissingFile as exc:
        raise SaveError(f"no saved game at {path}") from exc
    except UnreadableFile as exc:
        raise SaveError(f"cannot load {exc}") from exc
    return game_from_json(data, loaded, str(path))
