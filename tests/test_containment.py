"""Containment objectives: "hold the ring until <date>" — a `contain` objective scores its
points times the share of its days the ring held (its `ring` places kept, its garrison inside
`radius_hexes`), and victory, the report and `simulate` give the same figures.

The modules under test are engine/rules/victory.py (check_rings, ring_value,
objective_progress), engine/history/report.py, engine/history/simulate.py and
engine/format/validation.py.
"""

from __future__ import annotations

from pathlib import Path

from engine.format.sandbox import Field
from engine.format.validation import validate_file
from engine.game import Game
from engine.history.report import build_report, render
from engine.history.simulate import outcome, summarise
from engine.orders import EndTurn, Move
from engine.rules.victory import objective_progress

ROWS = ["~.........", "~.........", "~.........", "~.........", "~........."]


def _field(**ring: object) -> Field:
    f = Field(ROWS, days=6)  # 17 to 23 September
    f.place("fortress", (1, 2), side="germans").place("outpost", (4, 2), side="allies")
    f.place("rear", (8, 2), side="allies").source("rear_src", "allies", "rear")
    f.unit("inf", "allies", "infantry_bn", (4, 2)).unit("gar", "germans", "infantry_bn", (1, 2))
    f.objective("fortress", kind="contain", ring=["outpost"], radius_hexes=1,
                from_date="1944-09-18", points=60, **ring)
    return f


def _play(game: Game, moves: dict[str, tuple[str, tuple[int, int]]] | None = None) -> list:
    """Both sides end each day; on a listed date the German unit makes the listed move."""
    events = []
    while not game.over:
        events += game.push(EndTurn("allies"))
        move = (moves or {}).get(game.state.date.isoformat())
        if move:
            events += game.push(Move("germans", move[0], move[1]))
        events += game.push(EndTurn("germans"))
    return events


def test_a_ring_that_holds_every_day_is_worth_all_its_points() -> None:
    game = Game(_field().loaded(), seed=1)
    events = _play(game)
    ring = game.state.rings["fortress"]
    assert ring.garrison == ("gar",) and (ring.days, ring.held) == (6, 6)  # 18 to 23 Sep
    assert ring.first_breach is None
    assert game.score().objective_points == 60
    ended = [e for e in events if e.kind == "containment_ended"]
    assert [(e.date, e.get("held"), e.get("days")) for e in ended] == [("1944-09-23", 6, 6)]
    assert not [e for e in events if e.kind in ("ring_breached", "objective_taken")]


def test_a_sortie_breaks_the_ring_and_costs_the_days_it_stays_out() -> None:
    game = Game(_field().loaded(), seed=1)
    events = _play(game, {"1944-09-19": ("gar", (3, 1)), "1944-09-21": ("gar", (2, 2))})
    ring = game.state.rings["fortress"]
    assert ring.first_breach == "1944-09-19"
    assert (ring.days, ring.held) == (6, 4)  # out on the evenings of the 19th and 20th
    assert game.score().objective_points == 60 * 4 / 6
    kinds = [(e.date, e.kind) for e in events if e.kind.startswith("ring_")]
    assert kinds == [("1944-09-19", "ring_breached"), ("1944-09-21", "ring_restored")]


def test_losing_a_ring_place_breaks_the_ring() -> None:
    f = _field()
    f.data["units"][0]["start"] = {"at": f.at((8, 4))}  # the outpost left empty
    f.unit("raiders", "germans", "infantry_bn", (6, 0))  # outside the pocket: not its garrison
    game = Game(f.loaded(), seed=1)
    events = _play(game, {"1944-09-20": ("raiders", (4, 2))})
    breach = next(e for e in events if e.kind == "ring_breached")
    assert (breach.date, breach.get("places"), breach.get("units")) == \
        ("1944-09-20", ("outpost",), ())
    assert game.state.rings["fortress"].garrison == ("gar",)
    assert game.state.rings["fortress"].held == 2  # the 18th and 19th


def test_the_ring_closes_on_its_date_and_counts_only_the_days_of_the_campaign() -> None:
    f = _field(until="1945-05-09")  # Dunkirk's ring: to the war's end, far past the scenario
    game = Game(f.loaded(), seed=1)
    game.push(EndTurn("allies"))
    game.push(Move("germans", "gar", (3, 1)))  # out before the ring closes on the 18th
    game.push(EndTurn("germans"))
    assert game.state.rings == {}
    _play(game)
    ring = game.state.rings["fortress"]
    assert ring.garrison == ()  # nobody was inside when it closed: nobody can break out
    assert (ring.days, ring.held) == (6, 6)
    progress = next(p for p in objective_progress(game.world.scenario, game.state.owner,
                                                  game.state.captured, game.state.rings)
                    if p.objective == "fortress")
    assert progress.kind == "contain" and progress.ring_total == 6 and progress.ring_share == 1


def test_victory_report_and_simulate_give_the_same_ring() -> None:
    loaded = _field().loaded()
    game = Game(loaded, seed=1)
    _play(game, {"1944-09-19": ("gar", (3, 1))})
    ring = game.state.rings["fortress"]
    report = build_report(game)
    row = next(o for o in report.objectives if o.objective == "fortress")
    assert row.ring == (ring.held, ring.days) and row.ring_broken_on == "1944-09-19"
    text = render(report, "en")
    assert f"ring round fortress held {ring.held} of {ring.days} days" in text
    assert f"ring held {ring.held}/{ring.days}" in text
    assert f"tient {ring.held} jour sur {ring.days}" in render(report, "fr")  # one day held
    result = outcome(game)
    assert result["rings"]["fortress"] == {"days": ring.days, "held": ring.held, "total": 6,
                                           "broken": ring.broken, "first_breach": "1944-09-19"}
    summary = summarise(loaded, [result, result], {})
    fortress = summary["objectives"]["fortress"]
    assert fortress["kind"] == "contain" and fortress["ring_broken_share"] == 1.0
    assert fortress["ring_held_share"]["median"] == ring.held / 6
    assert fortress["median_first_breach"] == "1944-09-19"


def test_the_validator_locates_ring_mistakes(minimal_scenario_path: Path) -> None:
    text = minimal_scenario_path.read_text(encoding="utf-8")
    text = text.replace(
        "  objectives: [{place: boulogne, side: allies, points: 100, full_value_until: "
        "1944-09-22, late_loss_per_day: 0.05}]",
        "  objectives:\n"
        "    - {place: boulogne, side: allies, points: 100, ring: [la_capelle]}\n"
        "    - {place: mont_lambert, kind: contain, side: allies, points: 50, "
        "ring: [la_capell, mont_lambert], from_date: 1944-09-20, until: 1944-09-19}")
    minimal_scenario_path.write_text(text, encoding="utf-8")
    errors = {(p.key_path, p.message) for p in validate_file(minimal_scenario_path).errors}
    assert ("victory.objectives[0].ring", "`ring` belongs to a containment: this objective is "
            "a capture") in errors
    assert ("victory.objectives[1].ring[0]", "unknown place 'la_capell'") in errors
    assert ("victory.objectives[1].ring[1]", "'mont_lambert' is inside the pocket: the ring "
            "lists the places round it that the side must keep") in errors
    assert ("victory.objectives[1].until", "until 1944-09-19 is before from_date 1944-09-20") \
        in errors


def test_the_allied_ai_fights_for_the_ring_places_and_never_assaults_the_fortress() -> None:
    from engine.ai import make_ai
    from engine.ai.evaluation import Picture
    from engine.controllers import make_controller, play_out

    f = _field()
    f.data["places"][1]["side"] = "germans"  # the outpost must be taken first
    f.data["units"][0]["start"] = {"at": f.at((5, 2))}
    f.unit("tanks", "allies", "armoured_regt", (5, 3))
    f.unit("picket", "germans", "infantry_bn", (4, 2), quality="green", strength=150)
    f.set("ai", {"sides": {"allies": {"mask": ["fortress"]}}})  # a mask does not stop a ring
    game = Game(f.loaded(), seed=2)
    ai = make_ai(game, "allies")
    front = next(x for x in ai.plan_fronts(game, Picture(game, "allies"))
                 if x.objective == "fortress")
    assert (front.places, front.left, front.masked) == (["outpost"], ["outpost"], False)
    play_out(game, {"allies": make_controller("ai", game, "allies"),
                    "germans": make_controller("passive", game, "germans")})
    assert game.state.owner["outpost"] == "allies"
    assert game.state.rings["fortress"].held >= 4
    assert not [e for e in game.all_events() if e.kind == "assault"
                and tuple(e.get("target")) == (1, 2)]


def test_the_log_tells_the_ring_in_both_languages() -> None:
    from game.text.events import describe

    def say(kind: str, lang: str, **data: object) -> str:
        return describe(kind, data, lang, str, str.title, str.title, str, str)

    assert say("containment_ended", "en", objective="dunkirk", held=1, days=6) == \
        "The ring round Dunkirk held 1 of 6 days."
    assert say("containment_ended", "fr", objective="dunkirk", held=1, days=6) == \
        "L'encerclement de Dunkirk a tenu 1 jour sur 6."
    assert say("ring_breached", "en", objective="dunkirk", side="allies", places=[],
               units=["gar"]) == "RING BROKEN: the Allies no longer hold Dunkirk in."
    assert say("ring_restored", "fr", objective="dunkirk", side="allies") == \
        "L'encerclement de Dunkirk est refermé."
