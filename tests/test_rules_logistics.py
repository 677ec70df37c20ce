"""Artillery ammunition as a finite flow: deliveries, lorries, dumps, shoots; gun redeployment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.format.sandbox import Field
from engine.format.validation import validate_file
from engine.game import Game
from engine.orders import Assault, Bombard, EndTurn, IllegalOrder, Move, Stockpile

OPEN = ["~" + "." * 23] * 7
TARGET = (20, 3)
GUNS = (13, 3)  # 7 hexes from the target: inside an AGRA's range of 9


def ammo_field(deliveries: list[dict[str, Any]] | None = None, initial: float = 0.0,
               dump_tons: float = 0.0, transport_days: int = 1, lift: float = 2000.0,
               guns: str = "agra") -> Field:
    f = Field(OPEN, days=10).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("dump", (12, 3)).place("far_dump", (12, 6))
    f.place("fort", TARGET, side="germans", fortification=2)
    f.unit("garrison", "germans", "fortress_bn", TARGET)
    f.unit("guns", "allies", guns, GUNS)
    f.unit("inf", "allies", "infantry_bn", (19, 3))
    f.data["supply"]["ammunition"] = [{
        "side": "allies", "railhead": "rear", "initial_tons": initial,
        "lift_tons_per_day": lift, "transport_days": transport_days,
        "dumps": [{"place": "dump", "initial_tons": dump_tons}, {"place": "far_dump"}],
        "deliveries": deliveries if deliveries is not None
        else [{"from_date": "1944-09-17", "tons_per_day": 200}],
    }]
    return f


def next_day(game: Game) -> None:
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))


def test_a_scenario_without_ammunition_never_runs_short() -> None:
    f = ammo_field()
    del f.data["supply"]["ammunition"]
    game = Game(f.loaded(), seed=1)
    assert game.ammunition("allies") is None
    for _ in range(4):
        game.push(Bombard("allies", "guns", TARGET))
        next_day(game)


def test_a_shoot_takes_its_tons_from_the_nearest_dump_and_an_empty_dump_silences_the_guns() -> None:
    game = Game(ammo_field(dump_tons=400).loaded(), seed=1)
    cost = game.shoot_cost("guns")
    assert cost["dump"] == "dump" and cost["tons"] == pytest.approx(330) and cost["stock"] == 400
    events = game.push(Bombard("allies", "guns", TARGET))
    assert events[0].get("tons") == pytest.approx(330)
    report = game.ammunition("allies")
    assert report is not None
    assert report["stocks"]["dump"] == pytest.approx(70)
    assert report["fired"] == {"fort": pytest.approx(330)}
    next_day(game)
    refusal = game.refusal(Bombard("allies", "guns", TARGET))
    assert refusal is not None and refusal.code == "ammunition_short"
    assert game.bombard_targets("guns") == []


def test_guns_short_at_their_own_dump_draw_on_another_in_reach() -> None:
    """The nearest dump is the guns' own (the lorries load for it); when it cannot feed a
    shoot, the next one in reach that can does, rather than the guns falling silent."""
    f = ammo_field(dump_tons=100)
    f.data["supply"]["ammunition"][0]["dumps"][1]["initial_tons"] = 500
    game = Game(f.loaded(), seed=1)
    cost = game.shoot_cost("guns")
    assert (cost["dump"], cost["stock"]) == ("far_dump", 500)
    game.push(Bombard("allies", "guns", TARGET))
    report = game.ammunition("allies")
    assert report is not None
    assert report["stocks"]["dump"] == pytest.approx(100)  # untouched: too few for a shoot
    assert report["stocks"]["far_dump"] == pytest.approx(500 - 330)
    next_day(game)  # the day's loads go to the guns' own dump, not to the one they drew on
    sent = [e for e in game.all_events() if e.kind == "ammunition"][-1].get("sent")
    assert [place for place, _ in sent] == ["dump"]
    refusal = game.refusal(Bombard("allies", "guns", TARGET))  # 100 and 170 t: neither enough
    assert refusal is not None and refusal.code == "ammunition_short"
    assert refusal.params["place"] == "dump"  # the refusal names the guns' own dump


def test_heavy_guns_cost_far_more_per_shoot_than_field_guns() -> None:
    heavy = Game(ammo_field(dump_tons=1000).loaded(), seed=1)
    field = Game(ammo_field(dump_tons=1000, guns="field_artillery_regt").loaded(), seed=1)
    assert heavy.shoot_cost("guns")["tons"] > 5 * field.shoot_cost("guns")["tons"]


def test_guns_far_from_every_dump_cannot_fire() -> None:
    f = ammo_field(dump_tons=5000)
    f.data["units"] = [u for u in f.data["units"] if u["id"] != "guns"]
    f.unit("guns", "allies", "agra", (14, 0))
    f.data["supply"]["ammunition"][0]["dumps"] = [{"place": "far_dump", "initial_tons": 5000}]
    rules = f.loaded().ruleset.model_dump()
    rules["engine"]["logistics"]["dump_reach_hexes"] = 3
    game = Game(f.loaded(rules), seed=1)
    refusal = game.refusal(Bombard("allies", "guns", TARGET))
    assert refusal is not None and refusal.code == "no_dump_in_reach"


def test_deliveries_reach_the_dump_after_the_lorries_journey() -> None:
    game = Game(ammo_field(transport_days=2).loaded(), seed=1)
    report = game.ammunition("allies")
    assert report is not None
    assert report["stocks"]["dump"] == 0  # day 1: 200 t unloaded and sent, on the road
    assert report["in_transit"] == [{"dump": "dump", "tons": 200.0, "days": 2}]
    assert report["next_deliveries"][0] == {"date": "1944-09-18", "tons": 200}
    next_day(game)
    assert game.ammunition("allies")["stocks"]["dump"] == 0
    next_day(game)
    assert game.ammunition("allies")["stocks"]["dump"] == pytest.approx(200)


def test_a_deliberate_shoot_needs_a_stockpile_built_over_days() -> None:
    """200 t a day against a 330 t shoot: the guns fire every other day at best."""
    game = Game(ammo_field(transport_days=0).loaded(), seed=1)
    fired = 0
    for _ in range(8):
        if game.check(Bombard("allies", "guns", TARGET)) is None:
            game.push(Bombard("allies", "guns", TARGET))
            fired += 1
        next_day(game)
    assert 3 <= fired <= 5


def test_the_lift_goes_where_the_guns_are_and_a_stockpile_order_redirects_it() -> None:
    game = Game(ammo_field(transport_days=0).loaded(), seed=1)
    assert game.ammunition("allies")["stocks"]["far_dump"] == 0
    game.push(Stockpile("allies", "far_dump"))
    next_day(game)
    stocks = game.ammunition("allies")["stocks"]
    assert stocks["far_dump"] == pytest.approx(200 * 0.6)
    assert stocks["dump"] == pytest.approx(200 + 200 * 0.4)
    with pytest.raises(IllegalOrder, match="forward dumps"):
        game.push(Stockpile("allies", "rear"))


def test_the_flow_follows_the_dated_priorities() -> None:
    deliveries = [{"from_date": "1944-09-17", "until": "1944-09-18", "tons_per_day": 100},
                  {"from_date": "1944-09-19", "tons_per_day": 900}]
    game = Game(ammo_field(deliveries, transport_days=0, initial=0).loaded(), seed=1)
    next_day(game)
    assert game.ammunition("allies")["delivered"] == 200
    next_day(game)
    assert game.ammunition("allies")["delivered"] == 1100


def test_supporting_fire_takes_shells_and_the_preview_says_how_many() -> None:
    game = Game(ammo_field(dump_tons=1000).loaded(), seed=1)
    order = Assault("allies", ("inf",), TARGET, support=("guns",))
    assert game.predict(order).ammunition_tons == pytest.approx(330)
    assert game.predict(Assault("allies", ("inf",), TARGET)).ammunition_tons == 0
    game.push(order)
    assert game.ammunition("allies")["stocks"]["dump"] == pytest.approx(670)
    starved = Game(ammo_field(dump_tons=100).loaded(), seed=1)
    with pytest.raises(IllegalOrder, match="needs 330 t"):
        starved.predict(order)


def test_guns_moved_far_must_redeploy_before_they_fire_again() -> None:
    game = Game(ammo_field(dump_tons=5000).loaded(), seed=1)
    game.push(Move("allies", "guns", (12, 4)))  # a short shift inside the same gun area
    assert game.check(Bombard("allies", "guns", TARGET)) is None
    far = Game(ammo_field(dump_tons=5000).loaded(), seed=1)
    far.push(Move("allies", "guns", (5, 3)))
    next_day(far)
    far.push(Move("allies", "guns", GUNS))  # 8 hexes back: an AGRA needs two days
    refusal = far.refusal(Bombard("allies", "guns", TARGET))
    assert refusal is not None and refusal.code == "redeploying"
    next_day(far)
    assert far.check(Bombard("allies", "guns", TARGET)) is not None
    next_day(far)
    assert far.check(Bombard("allies", "guns", TARGET)) is None


def test_assault_armour_moved_far_lends_no_help_against_works_the_next_day() -> None:
    def fortification(move_far: bool) -> float:
        f = ammo_field(dump_tons=0)
        f.unit("avre", "allies", "assault_engineer_sqn", (10, 2) if move_far else (20, 2))
        game = Game(f.loaded(), seed=1)
        if move_far:
            next_day(game)
            game.push(Move("allies", "avre", (20, 2)))
        return game.predict(Assault("allies", ("inf", "avre"), TARGET)).fortification

    assert fortification(move_far=True) > fortification(move_far=False)


def test_ammunition_entries_are_checked_with_located_errors(minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    old = "  depots: [{place: boulogne, side: germans, food_days: 30, ammo_days: 20}]\n"
    assert old in text
    text = text.replace(old, old + (
        "  ammunition:\n"
        "    - side: allies\n"
        "      railhead: nowhere\n"
        "      lift_tons_per_day: 100\n"
        "      transport_days: 1\n"
        "      dumps: [{place: la_capellle}]\n"
        "      deliveries:\n"
        "        - {from_date: 1944-09-17, until: 1944-09-20, tons_per_day: 1}\n"
        "        - {from_date: 1944-09-19, tons_per_day: 2}\n"))
    minimal_scenario_path.write_text(text, encoding="utf-8")
    problems = validate_file(minimal_scenario_path).problems
    lines = text.splitlines()

    def at(fragment: str) -> tuple[int, str]:
        found = [p for p in problems if fragment in p.message]
        assert found, "\n".join(map(str, problems))
        return found[0].line, lines[found[0].line - 1]

    assert "railhead: nowhere" in at("nowhere")[1]
    assert "la_capellle" in at("la_capellle")[1]
    assert "1944-09-19" in at("overlaps")[1]


def test_the_same_orders_give_the_same_stocks() -> None:
    def play() -> dict[str, Any]:
        game = Game(ammo_field(transport_days=1).loaded(), seed=3)
        for _ in range(4):
            if game.check(Bombard("allies", "guns", TARGET)) is None:
                game.push(Bombard("allies", "guns", TARGET))
            next_day(game)
        return game.state.fingerprint()

    assert play() == play()
