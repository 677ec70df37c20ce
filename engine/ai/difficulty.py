"""Difficulty profiles (data in `profiles.yaml`) and the scenario's per-side AI settings.

Profiles change judgement — search breadth, fire coordination, accepted odds, reserves,
look-ahead — and never grant bonuses. The scenario's `ai.sides.<side>` block (aggression,
objective priorities, objectives to mask) is layered on top so a modder tunes the opponent
without touching Python.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from engine.game import Game

PROFILES_FILE = Path(__file__).with_name("profiles.yaml")
FIRE_PLANS = ("nearest", "target", "split")


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    min_win: float
    aggression_shift: float
    compositions: int
    targets_per_front: int
    fire_plan: str
    raid_min_air: float
    raid_targets_civilians: bool
    isolate_first: bool
    ring_radius: int
    front_capacity: int
    truce_min_civilians: int
    dynamic_mask: bool
    mask_ratio: float
    casualty_weight: float
    spread: int
    stage_out_of_range: bool
    build_up_days: int
    train_share: float
    probe_max_works: float
    hasty_max_works: float
    armour_works_level: float
    stockpile_days: int
    counter_min_win: float
    reserve_share: float
    reinforce: bool
    cutoff_lookahead: int
    ammo_floor_days: float
    ammo_reserve_days: float | None
    relief_margin: float | None


@dataclass(frozen=True)
class SideSettings:
    """What the scenario says about this side's opponent AI (defaults when it says nothing)."""

    aggression: float = 0.5
    priorities: tuple[str, ...] = ()
    mask: tuple[str, ...] = ()


def _profile(name: str, data: dict[str, Any]) -> Profile:
    names = {f.name for f in fields(Profile)} - {"name"}
    missing = sorted(names - set(data))
    unknown = sorted(set(data) - names)
    if missing or unknown:
        raise ValueError(f"AI profile {name!r}: missing {missing}, unknown {unknown}")
    if data["fire_plan"] not in FIRE_PLANS:
        raise ValueError(f"AI profile {name!r}: fire_plan must be one of {FIRE_PLANS}")
    return Profile(name=name, **data)


@lru_cache(maxsize=4)
def load_profiles(path: str = str(PROFILES_FILE)) -> tuple[str, dict[str, Profile]]:
    """(default profile name, profiles by name) from the YAML file, checked field by field."""
    with open(path, encoding="utf-8") as fh:
        raw = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    profiles = {name: _profile(name, dict(body)) for name, body in raw["profiles"].items()}
    default = raw.get("default", next(iter(profiles)))
    if default not in profiles:
        raise ValueError(f"default AI profile {default!r} is not defined")
    return default, profiles


def difficulty_names() -> list[str]:
    return list(load_profiles()[1])


def get_profile(name: str | None = None) -> Profile:
    default, profiles = load_profiles()
    key = name or default
    if key not in profiles:
        raise ValueError(f"unknown AI difficulty {key!r}; use one of {sorted(profiles)}")
    return profiles[key]


def side_settings(game: Game, side: str) -> SideSettings:
    ai = game.world.scenario.ai.sides.get(side)
    if ai is None:
        return SideSettings()
    return SideSettings(float(ai.aggression), tuple(ai.priorities), tuple(ai.mask))


def min_win(profile: Profile, settings: SideSettings) -> float:
    """The win chance an assault needs: the profile's, moved by the scenario's aggression."""
    shifted = profile.min_win - profile.aggression_shift * (settings.aggression - 0.5)
    return min(0.95, max(0.3, shifted))


def counter_min_win(profile: Profile, settings: SideSettings) -> float:
    shifted = profile.counter_min_win - profile.aggression_shift * (settings.aggression - 0.5)
    return min(0.97, max(0.4, shifted))
