"""Difficulty profiles and the scenario's AI settings: data, checked and applied."""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from engine.ai import AttackerAI, DefenderAI, difficulty_names, make_ai
from engine.ai.difficulty import (
    PROFILES_FILE,
    Profile,
    SideSettings,
    counter_min_win,
    get_profile,
    load_profiles,
    min_win,
    side_settings,
)
from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.game import Game

CHANNEL = Path(__file__).resolve().parent.parent / "scenarios" / "channel_ports_1944.yaml"
JUDGEMENT = ("min_win", "compositions", "targets_per_front", "fire_plan", "raid_min_air",
             "counter_min_win", "reserve_share", "cutoff_lookahead")


@lru_cache(maxsize=1)
def channel() -> LoadedScenario:
    return load_scenario(CHANNEL)


def test_at_least_three_profiles_that_differ_in_judgement() -> None:
    names = difficulty_names()
    assert len(names) >= 3
    profiles = [get_profile(n) for n in names]
    for key in JUDGEMENT:
        values = {repr(getattr(p, key)) for p in profiles}
        assert len(values) >= 2, f"every profile has the same {key}"


def test_default_profile_is_defined_and_used_without_a_name() -> None:
    default, profiles = load_profiles()
    assert default in profiles
    assert get_profile(None) == profiles[default]


def test_unknown_difficulty_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="cautious"):
        get_profile("impossible")


def test_a_profile_file_with_missing_or_unknown_fields_is_refused(tmp_path: Path) -> None:
    raw = yaml.safe_load(PROFILES_FILE.read_text(encoding="utf-8"))
    body = dict(raw["profiles"]["normal"])
    del body["min_win"]
    body["free_bonus"] = 2.0
    path = tmp_path / "profiles.yaml"
    path.write_text(yaml.safe_dump({"default": "odd", "profiles": {"odd": body}}),
                    encoding="utf-8")
    with pytest.raises(ValueError, match=r"missing \['min_win'\].*unknown \['free_bonus'\]"):
        load_profiles(str(path))


def test_profiles_hold_no_free_bonuses() -> None:
    """Profiles change how the AI judges, never the numbers of the rules."""
    names = {f.name for f in fields(Profile)}
    assert not any(word in name for name in names for word in ("bonus", "strength", "cheat"))


def test_aggression_lowers_the_odds_an_assault_needs() -> None:
    p = get_profile("normal")
    bold = min_win(p, SideSettings(aggression=1.0))
    timid = min_win(p, SideSettings(aggression=0.0))
    assert bold < min_win(p, SideSettings()) < timid
    assert counter_min_win(p, SideSettings(aggression=1.0)) < \
        counter_min_win(p, SideSettings(aggression=0.0))


def test_scenario_settings_are_read_per_side() -> None:
    game = Game(channel(), 1)
    allies = side_settings(game, "allies")
    spec = channel().scenario.ai.sides["allies"]
    assert allies.priorities == tuple(spec.priorities)
    assert allies.mask == tuple(spec.mask)
    assert allies.aggression == pytest.approx(spec.aggression)


def test_make_ai_gives_the_attacker_and_the_defender_their_roles() -> None:
    game = Game(channel(), 1)
    assert isinstance(make_ai(game, "allies"), AttackerAI)
    assert isinstance(make_ai(game, "germans", "expert"), DefenderAI)
    assert make_ai(game, "germans", "expert").profile.name == "expert"
    with pytest.raises(ValueError, match="no side"):
        make_ai(game, "swiss")
