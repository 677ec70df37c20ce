"""Place names in the player's language everywhere in the window (issue 15 point 4): the map's
labels, the hover box, the log and the refusals, in English and in French.

The modules under test are game/map/features.py, game/session.py, game/widgets/hud.py and
game/text/refusals.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.loading import load_scenario
from engine.orders import EndTurn
from game.map.features import MapFacts
from game.session import Session
from game.widgets.hud import hex_html
from tests.conftest import CHANNEL_PORTS


@pytest.mark.parametrize(("lang", "boulogne"), [("en", "Boulogne"), ("fr", "Boulogne-sur-Mer")])
def test_every_view_names_a_place_in_the_players_language(
        minimal_scenario_path: Path, lang: str, boulogne: str) -> None:
    loaded = load_scenario(minimal_scenario_path)
    session = Session(loaded, lang)
    hex_ = session.facts.place_hex["boulogne"]
    assert session.facts.place_name("boulogne") == boulogne  # the map label
    assert f"<b>{boulogne}</b>" in hex_html(session, hex_)  # the hover box
    assert session.hex_name(list(hex_)) == boulogne  # the log's "moves to ..."
    assert next(o.name for o in session.facts.objectives if o.place_id == "boulogne") == boulogne


def test_the_channel_map_reads_english_names_in_english() -> None:
    """OSTENDE and DUNKERQUE were drawn on the English map."""
    loaded = load_scenario(CHANNEL_PORTS)
    english, french = MapFacts(loaded, "en"), MapFacts(loaded, "fr")
    assert english.place_name("dunkirk") == "Dunkirk"
    assert french.place_name("dunkirk") == "Dunkerque"
    session = Session(loaded, "en")
    lines = session.add_events(session.game.push(EndTurn(session.game.side_to_move)))
    assert not any("Dunkerque" in line.text for line in lines)
