"""Morale and surrender: isolation, recovery, broken units giving up, fortresses collapsing."""

from __future__ import annotations

import pytest

from engine.format.sandbox import Field, ruleset_data
from engine.game import Game
from engine.orders import Assault, EndTurn, Move
from engine.rules.morale import (
    captor,
    commands_a_fortress,
    cut_off,
    strongpoint_fell,
    surrender_chance,
    surrender_threshold,
)
from engine.rules.supply import take_losses
from engine.state import SUPPLIED

OPEN = ["~.........."] * 7


def end_day(game: Game) -> None:
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))


def pocket(morale: int | None = None, quality: str = "fortress", contact: bool = True,
           food: float = 30) -> Field:
    f = Field(OPEN, days=20).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", (6, 3), side="germans").depot("fort", "germans", food=food, ammo=30)
    extra = {} if morale is None else {"morale": morale}
    f.unit("garrison", "germans", "fortress_bn", (6, 3), quality=quality, **extra)
    ring = [(6, 1), (8, 2), (8, 4), (6, 5), (4, 4), (4, 2)]  # two hexes out: no contact
    if contact:
        ring = [(5, 3), (7, 3), (6, 2), (7, 2), (6, 4), (7, 4)]
    for n, h in enumerate(ring):
        f.unit(f"ring{n}", "allies", "infantry_bn", h)
    return f


def test_quality_sets_starting_morale_and_the_surrender_threshold() -> None:
    game = Game(pocket(contact=False).loaded(), seed=1)
    garrison = game.state.units["garrison"]
    assert garrison.morale == game.world.qualities["fortress"].morale
    assert surrender_threshold(game.world, game.state, garrison) == 35


def test_isolation_wears_morale_down_day_by_day() -> None:
    game = Game(pocket(contact=False).loaded(), seed=1)
    start = game.state.units["garrison"].morale
    for _ in range(3):
        end_day(game)
    per_day = game.world.rules.morale.encircled_per_day
    assert game.state.units["garrison"].morale == start - 3 * per_day


def test_hunger_adds_to_the_isolation() -> None:
    fed = Game(pocket(contact=False, food=30).loaded(), seed=1)
    starving = Game(pocket(contact=False, food=0.5).loaded(), seed=1)
    for _ in range(3):
        end_day(fed)
        end_day(starving)
    assert starving.state.units["garrison"].morale < fed.state.units["garrison"].morale


def test_a_broken_unit_in_contact_surrenders_at_the_end_of_the_day() -> None:
    game = Game(pocket(morale=30, contact=True).loaded(), seed=1)
    end_day(game)
    g = game.state.units["garrison"]
    assert g.status == "surrendered"
    assert g.captured == g.initial
    assert game.state.prisoners_by_place["fort"] == g.initial
    assert game.state.prisoners_taken == {"allies": {"fort": g.initial}}


def test_a_garrisons_wounded_lie_in_its_hospitals_and_are_taken_with_it() -> None:
    """A unit with a supply line sends its wounded to the rear; a garrison living on its depot
    keeps them, and they are among the prisoners when it gives up (W-AS: Le Havre gave up
    11,300 men for 600 dead)."""
    game = Game(pocket(morale=30, contact=True).loaded(), seed=1)
    world, state = game.world, game.state
    garrison, besieger = state.units["garrison"], state.units["ring0"]
    assert state.supply["garrison"].state != SUPPLIED
    assert state.supply["ring0"].state == SUPPLIED
    wounded = round(100 * world.rules.supply.wounded_share)
    assert 0 < wounded < 100
    take_losses(world, state, garrison, 100)
    take_losses(world, state, besieger, 100)
    assert (garrison.lost, garrison.wounded) == (100, wounded)
    assert (besieger.lost, besieger.wounded) == (100, 0)  # down the line to the rear
    standing = garrison.men
    end_day(game)  # broken and pressed: it gives up tonight
    assert garrison.status == "surrendered"
    assert garrison.captured == standing + wounded
    assert (garrison.lost, garrison.wounded) == (100 - wounded, 0)  # the dead stay lost
    assert state.prisoners_by_place["fort"] == standing + wounded
    gave_up = [e for e in game.all_events() if e.kind == "surrendered"]
    assert [(e.get("men"), e.get("wounded")) for e in gave_up] == [(standing + wounded, wounded)]


def test_a_broken_unit_with_no_enemy_at_hand_does_not_surrender_yet() -> None:
    game = Game(pocket(morale=30, contact=False).loaded(), seed=1)
    end_day(game)
    assert game.state.units["garrison"].deployed


def test_the_fortress_order_lowers_the_surrender_threshold() -> None:
    f = pocket(contact=False)
    f.event(id="fo", date="1944-09-17", kind="fortress_order", side="germans", morale_change=10)
    game = Game(f.loaded(), seed=1)
    g = game.state.units["garrison"]
    shift = game.world.rules.morale.fortress_order_surrender_shift
    assert surrender_threshold(game.world, game.state, g) == 35 - shift
    assert g.morale == game.world.qualities["fortress"].morale + 10


def test_quiet_supplied_units_recover_morale() -> None:
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("far", (9, 3), side="germans")
    f.unit("inf", "allies", "infantry_bn", (2, 3))
    game = Game(f.loaded(), seed=1)
    game.state.units["inf"].morale = 50  # shaken earlier; now resting behind the line
    end_day(game)
    assert game.state.units["inf"].morale == 50 + game.world.rules.morale.recovery_per_day


def test_low_stocks_worry_a_garrison_before_they_run_out() -> None:
    plenty = Game(pocket(contact=False, food=30).loaded(), seed=1)
    scarce = Game(pocket(contact=False, food=3).loaded(), seed=1)
    end_day(plenty)
    end_day(scarce)
    extra = scarce.world.rules.supply.low_stock_morale_per_day
    assert scarce.state.units["garrison"].morale == pytest.approx(
        plenty.state.units["garrison"].morale - extra)


def two_towns(radius: int | None = 2) -> Field:
    """A fortress port with an outwork in the west, an open fortified town far to the east."""
    f = Field(["~" + "." * 17] * 7).place("rear", (9, 6), side="allies")
    f.source("s", "allies", "rear")
    f.place("port", (2, 3), side="germans", fortification=2)
    f.place("outwork", (5, 1), side="germans", fortification=2)
    f.place("town", (15, 3), side="germans", fortification=2)
    f.objective("port", includes=["outwork"])
    f.unit("garrison", "germans", "fortress_bn", (2, 3), quality="fortress")
    f.unit("outpost", "germans", "fortress_bn", (6, 1), quality="fortress")
    f.unit("rearguard", "germans", "fortress_bn", (15, 3), quality="fortress")
    extra = {} if radius is None else {"radius_hexes": radius}
    return f.event(id="fo", date="1944-09-17", kind="fortress_order", side="germans",
                   morale_change=10, places=["port"], **extra)


def test_fortress_order_binds_only_the_named_fortresses() -> None:
    """Hitler's order named the Channel ports: their garrisons (the outworks of a fortress
    included) hold and give up later; a rearguard in another town is not bound by it."""
    game = Game(two_towns().loaded(), seed=1)
    world, state = game.world, game.state
    start = world.qualities["fortress"].morale
    shift = world.rules.morale.fortress_order_surrender_shift
    order = next(e for e in game.opening_events if e.kind == "fortress_order")
    assert list(order.get("units")) == ["garrison", "outpost"]
    for uid in ("garrison", "outpost"):
        u = state.units[uid]
        assert state.under_fortress_order(u)
        assert u.morale == start + 10
        assert surrender_threshold(world, state, u) == 35 - shift
    rearguard = state.units["rearguard"]
    assert not state.under_fortress_order(rearguard)
    assert rearguard.morale == start
    assert surrender_threshold(world, state, rearguard) == 35
    game.push(EndTurn("allies"))
    assert game.legal_moves("garrison") == []
    assert game.legal_moves("rearguard")


def test_the_fortress_order_reaches_its_radius_round_each_place() -> None:
    """The ring counts from every strongpoint of the named fortress, as far as the event says
    (or the ruleset's fortress radius when it says nothing)."""
    game = Game(two_towns(radius=0).loaded(), seed=1)
    assert game.state.under_fortress_order(game.state.units["garrison"])
    assert not game.state.under_fortress_order(game.state.units["outpost"])  # one hex off
    game = Game(two_towns(radius=None).loaded(), seed=1)
    assert game.world.rules.morale.fortress_radius_hexes >= 1
    assert game.state.under_fortress_order(game.state.units["outpost"])
    assert not game.state.under_fortress_order(game.state.units["rearguard"])


def outwork_field(outpost_men: int) -> Field:
    """A port with a garrison of 900 and an outwork two hexes west held by `outpost_men`, an
    Allied battalion next to the outwork (not next to the port)."""
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("port", (7, 3), side="germans").place("outwork", (5, 3), side="germans")
    f.objective("port", includes=["outwork"])
    f.unit("garrison", "germans", "fortress_bn", (7, 3))
    f.unit("outpost", "germans", "fortress_bn", (5, 3), strength=outpost_men, morale=0)
    f.unit("inf", "allies", "infantry_bn", (4, 3))
    return f


@pytest.mark.parametrize("outpost_men", [300, 900])
def test_a_fallen_strongpoint_shakes_the_rest_in_proportion_to_what_it_held(
        outpost_men: int) -> None:
    game = Game(outwork_field(outpost_men).loaded(), seed=1)
    before = game.state.units["garrison"].morale
    end_day(game)
    events = [e for batch in game.events for e in batch]
    collapse = [e for e in events if e.kind == "morale_collapse"]
    share = outpost_men / (outpost_men + 900)
    expected = game.world.rules.morale.strongpoint_fall_per_share * share
    assert len(collapse) == 1 and collapse[0].get("loss") == pytest.approx(expected, abs=1e-3)
    assert game.state.units["garrison"].morale <= before - expected + 1e-9


def test_a_strongpoint_shakes_its_garrison_once_however_often_it_changes_hands() -> None:
    """La Trésorerie at Boulogne was taken, left and taken again: its men were lost once."""
    game = Game(outwork_field(300).loaded(), seed=1)
    world, state = game.world, game.state
    first = strongpoint_fell(world, state, "outwork", "germans")
    morale = state.units["garrison"].morale
    assert [e.kind for e in first] == ["morale_collapse"]
    assert strongpoint_fell(world, state, "outwork", "germans") == []
    assert state.units["garrison"].morale == morale


def test_the_besiegers_losing_a_place_they_took_are_not_shaken_by_the_garrison_share() -> None:
    game = Game(outwork_field(300).loaded(), seed=1)
    world, state = game.world, game.state
    morale = state.units["inf"].morale
    assert strongpoint_fell(world, state, "outwork", "allies") == []
    assert state.units["inf"].morale == morale
    assert "outwork" not in state.strongpoints_lost  # its garrison's loss is still to come


def test_a_place_falls_the_day_its_last_defender_surrenders_to_the_unit_it_gave_up_to() -> None:
    game = Game(outwork_field(300).loaded(), seed=1)
    end_day(game)
    events = [e for batch in game.events for e in batch]
    gave_up = next(e for e in events if e.kind == "surrendered")
    assert gave_up.get("unit") == "outpost" and gave_up.get("by") == "inf"
    taken = next(e for e in events if e.kind == "place_taken" and e.get("place") == "outwork")
    assert taken.get("by") == "inf" and taken.date == gave_up.date
    assert game.state.owner["outwork"] == "allies"


def test_losing_the_fortress_headquarters_shakes_its_garrison() -> None:
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("port", (7, 3), side="germans").place("outwork", (5, 3), side="germans")
    f.objective("port", includes=["outwork"])
    f.unit("garrison", "germans", "fortress_bn", (7, 3))
    f.unit("staff", "germans", "german_hq", (5, 3), morale=0)
    f.unit("inf", "allies", "infantry_bn", (4, 3))
    game = Game(f.loaded(), seed=1)
    end_day(game)
    causes = {e.get("cause") for batch in game.events for e in batch
              if e.kind == "morale_collapse"}
    assert causes == {"command", "strongpoint"}


def held_fort(morale: float, spread: float | None = None, men: int | None = None) -> Game:
    """A broken garrison (of `men`, else a full battalion) in a fort with its own depot and a
    supply source behind it (so it is neither out of supply nor hemmed in), one Allied
    battalion next to it."""
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", (6, 3), side="germans", fortification=4).depot("fort", "germans", food=30,
                                                                   ammo=30)
    f.place("home", (10, 3), side="germans").source("g", "germans", "home")
    f.unit("garrison", "germans", "fortress_bn", (6, 3), quality="fortress", morale=morale,
           **({"strength": men} if men is not None else {}))
    f.unit("inf", "allies", "infantry_bn", (5, 3))
    rules = ruleset_data()
    if spread is not None:
        rules["engine"]["morale"]["surrender_spread"] = spread
    return Game(f.loaded(rules), seed=1)


def test_a_broken_unit_in_supply_does_not_give_up_to_an_enemy_that_stands_next_to_it() -> None:
    """Issue 12 point 3: a bystander takes no prisoners."""
    game = held_fort(morale=5)
    g = game.state.units["garrison"]
    assert not cut_off(game.world, game.state, g)
    assert surrender_chance(game.world, game.state, g) > 0.9
    assert captor(game.world, game.state, g) == ""
    end_day(game)
    assert game.state.units["garrison"].deployed


def test_a_broken_unit_gives_up_to_the_enemy_that_assaulted_it_that_day() -> None:
    # a small garrison, so the battalion is still strong enough after its losses to take it
    # (collapse_men_ratio)
    game = held_fort(morale=20, spread=0, men=500)
    result = game.push(Assault("allies", ("inf",), (6, 3)))
    fight = next(e for e in result if e.kind == "assault")
    assert not fight.get("beaten")  # works 4 against one battalion: the fort holds
    assert game.state.units["garrison"].assailants == ("inf",)
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    gave_up = [e for e in game.events[-1] if e.kind == "surrendered"]
    assert [(e.get("unit"), e.get("by")) for e in gave_up] == [("garrison", "inf")]


def test_yesterdays_assault_does_not_count_tonight() -> None:
    game = held_fort(morale=40, spread=0)  # above its threshold: holds the first night
    game.push(Assault("allies", ("inf",), (6, 3)))
    end_day(game)
    g = game.state.units["garrison"]
    assert g.deployed and g.assailants == ()
    g.morale = 5
    end_day(game)
    assert game.state.units["garrison"].deployed


def test_a_broken_unit_hemmed_in_gives_up_to_an_adjacent_enemy() -> None:
    f = pocket(morale=30, contact=True, food=30)
    game = Game(f.loaded(), seed=1)
    g = game.state.units["garrison"]
    assert cut_off(game.world, game.state, g)
    assert captor(game.world, game.state, g) == "ring0"


def test_surrender_is_a_chance_that_grows_as_morale_falls_below_the_threshold() -> None:
    game = held_fort(morale=35)
    world, state = game.world, game.state
    g = state.units["garrison"]
    threshold = surrender_threshold(world, state, g)
    spread = world.rules.morale.surrender_spread
    assert spread > 0
    chances = []
    for m in (threshold + 3 * spread, threshold + spread, threshold, threshold - spread,
              threshold - 3 * spread):
        g.morale = m
        chances.append(surrender_chance(world, state, g))
    assert chances == sorted(chances)
    assert chances[2] == pytest.approx(0.5)
    assert chances[0] < 0.1 and chances[-1] > 0.9
    certain = held_fort(morale=35, spread=0)
    c = certain.state.units["garrison"]
    c.morale = threshold - 0.1
    assert surrender_chance(certain.world, certain.state, c) == 1.0
    c.morale = threshold
    assert surrender_chance(certain.world, certain.state, c) == 0.0


def test_a_garrison_at_its_threshold_gives_up_on_some_nights_and_not_others() -> None:
    """The same position, pressed, on 40 seeds: the night it gives up is drawn, not fixed."""
    nights = []
    for seed in range(1, 41):
        f = pocket(contact=True)
        game = Game(f.loaded(), seed=seed)
        g = game.state.units["garrison"]
        g.morale = surrender_threshold(game.world, game.state, g) + 1
        for night in range(1, 8):
            end_day(game)
            if not game.state.units["garrison"].deployed:
                nights.append(night)
                break
    assert len(set(nights)) >= 3
    assert 1 in nights and len(nights) == 40


def test_an_encircled_unit_gives_up_to_an_enemy_at_its_door_not_to_one_passing_by() -> None:
    """The 8th Brigade passing the Calais citadel took no prisoners; besiegers who stay at a
    broken garrison's door all day do."""
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", (6, 3), side="germans", fortification=4).depot("fort", "germans", food=30,
                                                                   ammo=30)
    f.unit("garrison", "germans", "fortress_bn", (6, 3), quality="fortress", morale=5)
    f.unit("inf", "allies", "infantry_bn", (3, 3))
    rules = ruleset_data()
    rules["engine"]["morale"]["surrender_spread"] = 0
    game = Game(f.loaded(rules), seed=1)
    assert game.state.supply["garrison"].state == "depot"
    game.push(Move("allies", "inf", (5, 3)))  # arrives at the door today
    game.push(EndTurn("allies"))
    game.push(EndTurn("germans"))
    assert game.state.units["garrison"].deployed
    end_day(game)  # stays at the door all the next day
    assert not game.state.units["garrison"].deployed
    gave_up = [e for e in game.events[-1] if e.kind == "surrendered"]
    assert [(e.get("unit"), e.get("by")) for e in gave_up] == [("garrison", "inf")]


def commanded_fortress(with_battalion: bool) -> Game:
    """A fortress headquarters, broken and shelled in its works, one Allied battalion at its
    door; with or without a battalion of its garrison still holding elsewhere."""
    f = Field(OPEN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("port", (6, 3), side="germans", fortification=3)
    f.place("outwork", (8, 1), side="germans", fortification=2)
    f.objective("port", includes=["outwork"])
    f.unit("staff", "germans", "german_hq", (6, 3), strength=300)
    if with_battalion:
        f.unit("garrison", "germans", "fortress_bn", (8, 1), quality="fortress")
    f.unit("inf", "allies", "infantry_bn", (5, 3))
    f.event(id="fo", date="1944-09-17", kind="fortress_order", side="germans", morale_change=10,
            places=["port"])
    rules = ruleset_data()
    rules["engine"]["morale"]["surrender_spread"] = 0  # certain below the threshold
    game = Game(f.loaded(rules), seed=1)
    game.state.units["staff"].morale = 0.0
    game.state.units["staff"].assailants = ("inf",)  # pressed today
    return game


def test_a_fortress_commander_does_not_give_up_while_his_garrison_holds() -> None:
    """S0: the commander answered for the fortress; he gave it up when his own position was
    overrun or nothing was left to fight with, not because his staff's morale broke."""
    game = commanded_fortress(with_battalion=True)
    assert commands_a_fortress(game.world, game.state, game.state.units["staff"])
    end_day(game)
    assert game.state.units["staff"].deployed


def test_with_nothing_left_to_command_the_headquarters_gives_up_like_any_unit() -> None:
    game = commanded_fortress(with_battalion=False)
    assert not commands_a_fortress(game.world, game.state, game.state.units["staff"])
    end_day(game)
    staff = game.state.units["staff"]
    assert not staff.deployed and staff.captured == 300
