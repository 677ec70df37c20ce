"""Assault combat: strengths and multipliers, assault armour, outcomes, prediction."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from engine.format.sandbox import Field
from engine.game import Game
from engine.history.report import tally_game
from engine.orders import Assault, EndTurn, IllegalOrder
from engine.rules.combat import resolve, setup
from engine.rules.prediction import expect

OPEN = ["~........"] * 7
TARGET = (5, 3)
WEST = [(4, 3), (5, 2), (5, 4)]  # row 3 is odd: (5, 2) and (5, 4) touch (5, 3)


def fight(fortification: int = 0, garrison_quality: str = "regular", attackers: int = 3,
          terrain: list[str] | None = None, extra: list[tuple[str, str]] = ()) -> Field:
    f = Field(terrain or OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", TARGET, side="germans", fortification=fortification)
    f.unit("garrison", "germans", "fortress_bn", TARGET, quality=garrison_quality)
    for n in range(attackers):
        f.unit(f"a{n}", "allies", "infantry_bn", WEST[n], quality="veteran")
    for uid, type_id in extra:
        f.unit(uid, "allies", type_id, WEST[0])
    return f


def attack(*units: str, support: tuple[str, ...] = ()) -> Assault:
    return Assault("allies", tuple(units), TARGET, support)


def test_fortification_multiplies_the_defence() -> None:
    open_game = Game(fight(0).loaded(), seed=1)
    fort_game = Game(fight(3).loaded(), seed=1)
    open_odds = open_game.predict(attack("a0", "a1", "a2")).odds
    fort_odds = fort_game.predict(attack("a0", "a1", "a2")).odds
    level3 = fort_game.world.fortification(3.0)[0]
    assert fort_odds == pytest.approx(open_odds / level3)


def test_terrain_multiplies_the_defence() -> None:
    hills = ["~........"] * 3 + ["~....h..."] + ["~........"] * 3
    plain = Game(fight(0).loaded(), seed=1).predict(attack("a0"))
    height = Game(fight(0, terrain=hills).loaded(), seed=1).predict(attack("a0"))
    assert height.terrain == pytest.approx(1.5)
    assert height.odds == pytest.approx(plain.odds / 1.5)


def test_assault_armour_cancels_much_of_a_fortifications_value() -> None:
    f = fight(3, attackers=1, extra=[("crocs", "flame_tank_sqn")])
    game = Game(f.loaded(), seed=1)
    without = game.predict(attack("a0"))
    with_crocs = game.predict(attack("a0", "crocs"))
    full = game.world.fortification(3.0)[0]
    assert without.fortification == pytest.approx(full)
    assert with_crocs.fortification == pytest.approx(1 + (full - 1) * 0.5)
    assert with_crocs.win_chance > without.win_chance


def test_artillery_in_range_adds_support_fire_to_an_assault() -> None:
    f = fight(2, attackers=1).unit("guns", "allies", "medium_artillery_regt", (1, 3))
    game = Game(f.loaded(), seed=1)
    assert game.predict(attack("a0", support=("guns",))).attack > game.predict(attack("a0")).attack


@pytest.mark.parametrize("works", [0, 3])
def test_works_shrug_off_supporting_fire_as_they_do_a_shoot(works: int) -> None:
    """A barrage on casemates keeps heads down; it does not stand in for the infantry."""
    f = fight(works, attackers=1).unit("guns", "allies", "medium_artillery_regt", (1, 3))
    game = Game(f.loaded(), seed=1)
    supported = game.predict(attack("a0", support=("guns",)))
    alone = setup(game.world, game.state, attack("a0"))
    guns = game.world.unit_types["medium_artillery_regt"].bombard
    share = game.world.rules.combat.support_share
    _, resist = game.world.fortification(float(works))
    # supported, the assault counts as prepared (no hasty penalty) and adds the guns' fire
    # less what the works absorb
    assert supported.attack == pytest.approx(
        alone.attack / game.world.rules.combat.hasty_attack
        + guns.strength * share * (1.0 - resist))
    assert (resist > 0) == (works > 0)


def test_only_adjacent_units_may_attack() -> None:
    f = fight(0, attackers=1).unit("far", "allies", "infantry_bn", (2, 3))
    game = Game(f.loaded(), seed=1)
    with pytest.raises(IllegalOrder, match="not adjacent"):
        game.push(attack("a0", "far"))


def test_a_unit_attacks_at_most_once_per_turn() -> None:
    game = Game(fight(4, attackers=1).loaded(), seed=1)
    game.push(attack("a0"))
    if game.state.units["garrison"].deployed:
        with pytest.raises(IllegalOrder, match="already attacked"):
            game.push(attack("a0"))


def test_prediction_does_not_touch_the_game_generator() -> None:
    game = Game(fight(2).loaded(), seed=5)
    before = game.state.fingerprint()
    game.predict(attack("a0", "a1", "a2"))
    assert game.state.fingerprint() == before


def test_prediction_matches_the_frequency_of_real_outcomes() -> None:
    loaded = fight(1, garrison_quality="veteran").loaded()
    predicted = Game(loaded, seed=0).predict(attack("a0", "a1"))
    wins = 0
    runs = 300
    for seed in range(runs):
        game = Game(loaded, seed=seed)
        events = game.push(attack("a0", "a1"))
        wins += next(e for e in events if e.kind == "assault").get("beaten")
    assert wins / runs == pytest.approx(predicted.win_chance, abs=0.09)


def test_combat_is_deterministic_for_a_seed() -> None:
    loaded = fight(2).loaded()
    results = []
    for _ in range(2):
        game = Game(loaded, seed=42)
        game.push(attack("a0", "a1", "a2"))
        results.append(game.state.fingerprint())
    assert results[0] == results[1]


def test_a_beaten_defender_with_broken_morale_surrenders_and_its_men_are_prisoners() -> None:
    f = fight(0, garrison_quality="naval", attackers=3)
    f.data["units"][0]["morale"] = 41  # just above the naval threshold of 40
    loaded = f.loaded()
    for seed in range(40):
        game = Game(loaded, seed=seed)
        events = game.push(attack("a0", "a1", "a2"))
        if any(e.kind == "surrendered" for e in events):
            g = game.state.units["garrison"]
            assert g.status == "surrendered" and g.men == 0
            assert g.captured + g.lost == g.initial
            assert sum(game.state.prisoners_by_place.values()) == g.captured
            assert game.state.owner["fort"] == "allies"  # the attackers advanced
            return
    pytest.fail("no surrender in 40 assaults at good odds")


def test_a_garrison_wiped_out_leaves_its_wounded_to_the_victors() -> None:
    """The last few men of a besieged unit die at their posts; the wounded it kept in its
    hospital (`supply.take_losses`) are taken with the place, not counted among the dead."""
    loaded = fight(0).loaded()
    for seed in range(40):
        game = Game(loaded, seed=seed)
        g = game.state.units["garrison"]
        assert game.state.supply["garrison"].state != "supplied"  # no line out: it keeps them
        g.lost, g.wounded, g.men = g.initial - 3, 200, 3
        events = game.push(attack("a0", "a1", "a2"))
        gone = [e for e in events if e.kind == "destroyed"]
        if gone and game.state.owner["fort"] == "allies":
            taken = 200 + round(3 * game.world.rules.supply.wounded_share)  # and today's
            assert gone[0].get("wounded") == taken
            assert (g.men, g.captured, g.wounded, g.lost) == (0, taken, 0, g.initial - taken)
            assert game.state.prisoners_by_place["fort"] == taken
            assert tally_game(game).prisoners == {"germans": taken}
            return
    pytest.fail("the three last men were never wiped out in 40 assaults")


def test_the_fortress_order_forbids_a_garrison_in_works_to_fall_back() -> None:
    """Beaten, it is then overrun and taken where it stands (tests/test_game_story.py)."""
    f = fight(2, garrison_quality="elite")
    game = Game(f.loaded(), seed=3)
    free = setup(game.world, game.state, attack("a0", "a1", "a2"))
    f.event(id="fo", date="1944-09-17", kind="fortress_order", side="germans", morale_change=0)
    game = Game(f.loaded(), seed=3)
    bound = setup(game.world, game.state, attack("a0", "a1", "a2"))
    assert free.defenders[0].may_retreat and not bound.defenders[0].may_retreat


def test_attacking_across_a_river_favours_the_defender() -> None:
    f = fight(0, attackers=1)
    a, b = f.at((4, 0)), f.at((5, 0))
    lon = (a[1] + b[1]) / 2
    f.line_points("r", "river", [[a[0] + 0.01, lon], [f.at((4, 6))[0] - 0.01, lon]])
    game = Game(f.loaded(), seed=1)
    river = game.world.rules.combat.river_defence
    assert game.predict(attack("a0")).hexside == pytest.approx(river)


def test_a_truce_at_a_place_forbids_assaults_there() -> None:
    f = fight(0)
    f.data["places"][1]["civilians"] = 1000
    game = Game(f.loaded(), seed=1)
    from engine.orders import Truce

    game.push(Truce("allies", "fort", 12))
    with pytest.raises(IllegalOrder, match="truce"):
        game.push(attack("a0"))


def test_orders_are_refused_outside_their_sides_phase() -> None:
    game = Game(fight(0).loaded(), seed=1)
    game.push(EndTurn("allies"))
    with pytest.raises(IllegalOrder, match="phase"):
        game.push(attack("a0"))


def test_the_unit_report_shows_the_strength_the_rules_use() -> None:
    game = Game(fight(2).loaded(), seed=1)
    report = game.unit_report("a0")
    single = game.predict(attack("a0"))
    assert not single.prepared  # no guns, nobody shelled: the hasty share applies on top
    hasty = game.world.rules.combat.hasty_attack
    assert report["attack"] * hasty == pytest.approx(single.attack, rel=1e-3)
    assert report["supply"] == "supplied" and report["men"] == 800


def test_guns_whose_depot_is_out_of_shells_cannot_support_an_assault() -> None:
    """Supporting fire is a shoot: a gun that could not shell anything today (here its
    pocket's depot is empty) gives no support either, for the same reason."""
    def sortie(ammo: float) -> tuple[Game, Assault]:
        f = fight(0, attackers=1).depot("fort", "germans", food=30, ammo=ammo)
        f.unit("fort_guns", "germans", "artillery_bn", TARGET)
        game = Game(f.loaded(), seed=1)
        return game, Assault("germans", ("garrison",), WEST[0], ("fort_guns",))

    game, order = sortie(30)
    assert setup(game.world, game.state, order).support == ("fort_guns",)
    game, order = sortie(0)
    with pytest.raises(IllegalOrder) as refused:
        setup(game.world, game.state, order)
    assert refused.value.code == "no_ammunition"


def test_a_garrison_without_ammunition_defends_at_the_no_ammo_share() -> None:
    """One strength formula: an empty depot's ammunition cuts the defence the assault uses,
    the unit report shows and the AI reads through `unit_strength`."""
    from engine.rules.combat import unit_strength

    f = fight(0).depot("fort", "germans", food=30, ammo=30)
    empty = fight(0).depot("fort", "germans", food=30, ammo=0)
    full_game, empty_game = Game(f.loaded(), seed=1), Game(empty.loaded(), seed=1)
    g_full = full_game.state.units["garrison"]
    g_empty = empty_game.state.units["garrison"]
    share = full_game.world.rules.supply.no_ammo_defence
    full = unit_strength(full_game.world, full_game.state, g_full, defending=True)
    starved = unit_strength(empty_game.world, empty_game.state, g_empty, defending=True)
    assert starved == pytest.approx(full * share)
    assert empty_game.unit_report("garrison")["defence"] == pytest.approx(starved, abs=1e-3)
    setup_ = setup(empty_game.world, empty_game.state, attack("a0"))
    assert setup_.defenders[0].strength == pytest.approx(starved)


def test_a_hasty_assault_goes_in_weaker_and_pays_more_than_a_prepared_one() -> None:
    game = Game(fight(2).loaded(), seed=1)
    hasty = game.predict(attack("a0", "a1"))
    for u in game.state.units.values():
        if u.side == "germans":
            u.suppression = game.world.rules.combat.prepared_suppression
    prepared = game.predict(attack("a0", "a1"))
    assert not hasty.prepared and prepared.prepared
    assert prepared.win_chance > hasty.win_chance
    assert hasty.expected_attacker_losses > prepared.expected_attacker_losses


def test_an_assaults_losses_fall_on_its_leading_waves_only() -> None:
    """Three battalions on one hex's front attack two up, one back: the share of the men lost
    is taken of the ruleset's frontage, not of every man in the assault."""
    game = Game(fight(0).loaded(), seed=1)
    world = game.world
    frontage = world.rules.combat.assault_frontage_men
    stack = setup(world, game.state, attack("a0", "a1", "a2"))
    men = sum(m for _, m, _ in stack.attackers)
    assert frontage is not None and men > frontage
    assert stack.exposure == pytest.approx(frontage / men)
    assert setup(world, game.state, attack("a0")).exposure == 1.0  # one battalion: all exposed
    everyone = replace(stack, exposure=1.0)
    lost = sum(resolve(world, stack, np.random.default_rng(7)).attacker_losses.values())
    lost_by_all = sum(resolve(world, everyone, np.random.default_rng(7)).attacker_losses.values())
    assert lost == pytest.approx(lost_by_all * frontage / men, abs=3)  # the same draw, rounded
    assert expect(world, stack).expected_attacker_losses == pytest.approx(
        expect(world, everyone).expected_attacker_losses * frontage / men, rel=0.02)


def test_supporting_fire_hits_the_people_of_the_hex_as_a_shoot_would() -> None:
    """A barrage in support of an assault falls where a shoot's shells would: on the town's
    sheltered civilians too (`fire.civilian_share_per_firepower` of them a point of fire); an
    assault without guns kills none. The log and the per-port count say so."""
    from engine.history.report import tally_game
    from engine.rules.bombardment import gun_firepower

    f = fight(2, attackers=1).unit("guns", "allies", "medium_artillery_regt", (1, 3))
    next(p for p in f.data["places"] if p["id"] == "fort")["civilians"] = 20000
    loaded = f.loaded()
    supported, alone = Game(loaded, seed=3), Game(loaded, seed=3)
    world = supported.world
    fire = gun_firepower(world, supported.state, supported.state.units["guns"])
    expected = round(20000 * world.rules.fire.civilian_share_per_firepower * fire)
    assert expected > 0
    assert supported.predict(attack("a0", support=("guns",))).expected_civilians_killed \
        == expected  # the forecast says it before the order, exactly: no draw
    assert alone.predict(attack("a0")).expected_civilians_killed == 0
    (with_guns,) = [e for e in supported.push(attack("a0", support=("guns",)))
                    if e.kind == "assault"]
    (without,) = [e for e in alone.push(attack("a0")) if e.kind == "assault"]
    assert with_guns.get("civilians_killed") == expected and without.get("civilians_killed") == 0
    assert supported.state.civilian_casualties["fort"] == expected
    assert supported.state.civilians["fort"] == 20000 - expected
    assert tally_game(supported).civilians_killed["fort"] == expected
