"""Refusals: every `IllegalOrder` the engine raises has a registered code and params, every code
has an English and a French sentence, and a French player reads a refused order in French with
the names on the map (places too, in the player's language), while `.reason` stays the English
sentence."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.game import new_game
from engine.orders import REFUSALS, AirRaid, Assault, IllegalOrder, Move, Truce
from game.session import OrderRefused, Session
from game.text.i18n import STRINGS
from game.text.refusals import at_place, refusal_text
from tests.conftest import ROOT


def _refusal_calls() -> list[tuple[str, ast.Call]]:
    """Every `IllegalOrder(...)` written in engine/, with where it is."""
    calls = []
    for path in sorted((ROOT / "engine").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id == "IllegalOrder":
                calls.append((f"{path.relative_to(ROOT)}:{node.lineno}", node))
    return calls


def _codes_raised() -> dict[str, set[str]]:
    """code -> the param names passed with it, read from the engine's source."""
    codes: dict[str, set[str]] = {}
    for where, call in _refusal_calls():
        keywords = {k.arg: k.value for k in call.keywords}
        code = keywords.get("code")
        assert isinstance(code, ast.Constant) and isinstance(code.value, str), \
            f"{where}: IllegalOrder without a literal code"
        params = keywords.get("params")
        names: set[str] = set()
        if params is not None:
            assert isinstance(params, ast.Dict), f"{where}: params must be a dict literal"
            for key in params.keys:
                assert isinstance(key, ast.Constant), f"{where}: params keys must be literals"
                names.add(key.value)
        codes.setdefault(code.value, set()).update(names)
        assert code.value in REFUSALS, f"{where}: code {code.value!r} is not in REFUSALS"
        assert names == set(REFUSALS[code.value]), \
            f"{where}: params {sorted(names)} differ from REFUSALS[{code.value!r}]"
    return codes


def test_every_refusal_in_the_engine_has_a_registered_code_and_params() -> None:
    codes = _codes_raised()
    assert len(_refusal_calls()) >= 40  # the scan found the engine's refusals
    assert set(codes) == set(REFUSALS), "REFUSALS lists codes nothing raises"


@pytest.mark.parametrize("code", sorted(_codes_raised()))
def test_every_code_raised_has_an_english_and_a_french_sentence(code: str) -> None:
    entry = STRINGS.get(f"refusal.{code}")
    assert entry is not None, f"game/text/i18n.py lacks refusal.{code}"
    allowed = set(REFUSALS[code]) | ({"at_place"} if "place" in REFUSALS[code] else set()) \
        | ({"days_text"} if "days" in REFUSALS[code] else set())  # words made from the params
    for lang in ("en", "fr"):
        text = entry.get(lang)
        assert text, f"refusal.{code} has no {lang} text"
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        assert fields <= allowed, f"refusal.{code} ({lang}) uses {sorted(fields - allowed)}"
    assert entry["fr"] != entry["en"]


@pytest.fixture
def loaded(minimal_scenario_path: Path) -> LoadedScenario:
    return load_scenario(minimal_scenario_path)


def test_a_refusal_keeps_its_english_reason_and_gives_code_and_params(
        loaded: LoadedScenario) -> None:
    game = new_game(loaded, seed=7)
    digest = game.state.digest()
    with pytest.raises(IllegalOrder) as caught:
        game.push(Move("allies", "qor", (0, 0)))
    assert caught.value.reason == "qor cannot reach [0, 0] this turn"
    assert caught.value.code == "unreachable"
    assert caught.value.params == {"unit": "qor", "hex": [0, 0]}
    refusal = game.refusal(Move("allies", "qor", (0, 0)))
    assert refusal is not None and refusal.reason == game.check(Move("allies", "qor", (0, 0)))
    assert game.state.digest() == digest and game.orders == []


def test_a_refused_order_reads_in_french_with_names_from_the_scenario(
        loaded: LoadedScenario) -> None:
    session = Session(loaded, "fr")
    session.truce("boulogne", 12)
    with pytest.raises(OrderRefused) as caught:
        session.truce("boulogne", 12)
    assert caught.value.reason == "une trêve est déjà conclue à Boulogne-sur-Mer"
    assert caught.value.refusal is not None
    assert caught.value.refusal.reason == "a truce is already agreed at Boulogne"
    with pytest.raises(OrderRefused) as caught:
        session.move("qor", (0, 0))
    assert caught.value.reason == \
        "Queen's Own Rifles of Canada ne peut pas atteindre l'hexagone 0,0 ce tour-ci"
    assert session.check(AirRaid("allies", (3, 3))) == \
        "les Alliés n'ont aucun raid de bombardiers lourds disponible aujourd'hui"
    assert session.check(Move("germans", "fest_bn_1", (1, 1))) == \
        "c'est aux Alliés de donner leurs ordres, pas aux Allemands"
    assert session.assault_refusal("qor", (3, 3)) == \
        "il n'y a aucune unité ennemie dans l'hexagone visé"


def test_english_players_read_names_too(loaded: LoadedScenario) -> None:
    session = Session(loaded, "en")
    assert session.check(Move("allies", "qor", (0, 0))) == \
        "Queen's Own Rifles of Canada cannot reach hex 0,0 this turn"
    session.truce("boulogne", 12)
    assert session.check(Truce("allies", "boulogne", 12)) == \
        "a truce is already agreed at Boulogne"  # the place's English name (issue 15)
    french = Session(loaded, "fr")
    french.truce("boulogne", 12)
    assert "Boulogne-sur-Mer" in french.check(Truce("allies", "boulogne", 12))


def test_weather_and_places_are_worded_in_the_players_language(loaded: LoadedScenario) -> None:
    world = new_game(loaded, seed=7).world
    grounded = IllegalOrder("the weather (storm) grounds the bombers today",
                            code="weather_grounds_bombers", params={"weather": "storm"})
    assert refusal_text(grounded, "fr", world) == \
        "la météo (tempête) cloue les bombardiers au sol aujourd'hui"
    assert refusal_text(grounded, "en", world) == "the weather (gale) grounds the bombers today"
    assert at_place("Le Portel", "fr") == "au Portel"
    assert at_place("Les Moëres", "fr") == "aux Moëres"
    assert at_place("Calais", "fr") == "à Calais"
    assert at_place("Le Portel", "en") == "at Le Portel"


def test_an_unknown_code_or_mismatched_params_fall_back_to_the_english_reason(
        loaded: LoadedScenario) -> None:
    world = new_game(loaded, seed=7).world
    unknown = IllegalOrder("a new rule says no", code="a_code_not_yet_translated")
    assert refusal_text(unknown, "fr", world) == "a new rule says no"
    short = IllegalOrder("qor cannot reach [0, 0] this turn", code="unreachable",
                         params={"unit": "qor"})
    assert refusal_text(short, "fr", world) == "qor cannot reach [0, 0] this turn"


def test_refusals_of_a_french_assault_tooltip_match_the_engine(loaded: LoadedScenario) -> None:
    """The hover text and the refused push word the same refusal the same way."""
    session = Session(loaded, "fr")
    text = session.assault_refusal("qor", (3, 3))
    with pytest.raises(OrderRefused) as caught:
        session.attack(("qor",), (3, 3))
    assert caught.value.reason == text
    assert session.check(Assault("allies", ("qor",), (3, 3))) == text
