"""Works levels 3-4: intact concrete makes infantry alone nearly hopeless and very costly; fire
wears it down; flails, AVREs and Crocodiles open it."""

from __future__ import annotations

from engine.format.sandbox import Field
from engine.game import Game
from engine.orders import Assault, Bombard

# the strongpoint on a height, as Mont Lambert, Outreau, La Trésorerie and the capes stood
TERRAIN = ["~" + "." * 15] * 3 + ["~" + "." * 9 + "h" + "." * 5] + ["~" + "." * 15] * 3
TARGET = (10, 3)
INFANTRY = (("a", (9, 3)), ("b", (10, 2)), ("c", (11, 2)))


def works_field(level: int, armour: tuple[str, ...] = ()) -> Field:
    f = Field(TERRAIN).place("rear", (1, 3), side="allies").source("s", "allies", "rear")
    f.place("fort", TARGET, side="germans", fortification=level)
    f.unit("garrison", "germans", "fortress_bn", TARGET, quality="fortress")
    for uid, hex_ in INFANTRY:
        f.unit(uid, "allies", "infantry_bn", hex_, quality="veteran")
    for n, type_id in enumerate(armour):
        f.unit(f"armour{n}", "allies", type_id, (10, 4) if n == 0 else (11, 4))
    f.unit("guns", "allies", "agra", (4, 3))
    return f


def predict(level: int, armour: tuple[str, ...] = (), shelled: bool = False):
    game = Game(works_field(level, armour).loaded(), seed=1)
    if shelled:
        game.push(Bombard("allies", "guns", TARGET))
    units = tuple(u for u, _ in INFANTRY) + tuple(f"armour{n}" for n in range(len(armour)))
    return game.predict(Assault("allies", units, TARGET))


def test_infantry_alone_against_intact_casemates_is_nearly_hopeless_and_costly() -> None:
    field, casemates, fortress = predict(1), predict(3), predict(4)
    assert casemates.win_chance < 0.2 and fortress.win_chance < 0.1
    assert field.win_chance > 2 * casemates.win_chance
    # men in the wire pay more per attack against concrete, whatever the odds do
    assert casemates.expected_attacker_losses > 1.5 * field.expected_attacker_losses
    assert fortress.expected_attacker_losses > casemates.expected_attacker_losses


def test_assault_armour_opens_the_works_and_spares_the_infantry() -> None:
    alone = predict(3)
    armour = predict(3, ("flame_tank_sqn", "assault_engineer_sqn"))
    assert armour.fortification < alone.fortification
    assert armour.win_chance > 2 * alone.win_chance
    per_man_alone = alone.expected_attacker_losses / 3
    per_man_armour = armour.expected_attacker_losses / 5
    assert per_man_armour < per_man_alone


def test_heavy_fire_suppresses_and_wears_the_works_before_the_assault() -> None:
    cold, shelled = predict(3), predict(3, shelled=True)
    assert shelled.prepared and not cold.prepared
    assert shelled.fortification < cold.fortification
    assert shelled.win_chance > cold.win_chance
