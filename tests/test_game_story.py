"""The turn tells its story and the map reads well: sentences with their grammar right, one line
for all the units going hungry, a log filter, a start-of-turn summary, banners and results on
the map, strength numbers on the counters, legends, and a reason when a hex cannot be taken."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pytest

from engine.events import Event
from engine.rules.combat import resolve, setup
from game.text.events import describe, plural, result_lines
from tests.test_rules_combat import attack, fight
from tests.window_driver import (
    arm,
    click,
    frames,
    key,
    open_app,
    pygame,
    start_new_game,
    wait_for_ai,
)


def say(kind: str, lang: str = "en", **data) -> str:
    return describe(kind, data, lang, lambda u: u.replace("_", " ").title(), str.title, str.title,
                    lambda h: "Boulogne", str)


def test_sentences_count_and_agree() -> None:
    one = say("bombarded", by="guns", place="boulogne", losses=1, works_before=2.0,
              works_after=2.02)
    assert "1 casualty" in one and "casualties" not in one and "works unharmed (2.0)" in one
    many = say("bombarded", by="guns", place="boulogne", losses=17280, works_before=2.0,
               works_after=1.4)
    assert "17,280 casualties" in many and "down from 2.0 to 1.4" in many
    assert "aucune perte" in say("bombarded", "fr", by="guns", place="boulogne", losses=0)
    # fire on a hex beside a place is told as fire near it, not on it
    def near(lang: str) -> str:
        return describe("bombarded", {"by": "guns", "place": "boulogne", "losses": 2,
                                      "target": [3, 4]}, lang, str.title, str.title, str.title,
                        lambda h: "près de Boulogne" if lang == "fr" else "near Boulogne", str)
    assert near("en").startswith("Guns shells positions near Boulogne: 2 casualties")
    assert near("fr").startswith("Guns bombarde des positions près de Boulogne : 2 pertes")
    surrender = say("surrendered", unit="naval_troops", men=18000)
    assert surrender == "Surrender of Naval Troops: 18,000 prisoners."
    assert "à 2,5 contre 1" in say("assault", "fr", side="allies", target=[1, 1], odds=2.5,
                                   beaten=True, attacker_losses=10, defender_losses=20)
    assert say("assault", side="allies", target=[1, 1], odds=2.5, beaten=True,
               attacker_losses=10, defender_losses=20, civilians_killed=12).endswith(
        "defenders 20, 12 civilians killed.")
    with_wounded = say("surrendered", unit="naval_troops", men=1200, wounded=230)
    assert with_wounded == "Surrender of Naval Troops: 1,200 prisoners, 230 of them wounded."
    assert say("surrendered", "fr", unit="naval_troops", men=400, wounded=1).endswith(
        "400 prisonniers, dont 1 blessé.")
    assert say("destroyed", unit="naval_troops") == "Destroyed: Naval Troops."
    assert say("destroyed", unit="naval_troops", wounded=202) == (
        "Destroyed: Naval Troops; its 202 wounded taken prisoner.")
    assert say("destroyed", "fr", unit="naval_troops", wounded=1).endswith(
        " ; 1 blessé fait prisonnier.")
    assert "1 day without" in say("attrition", unit="x", days=1)
    assert "a pocket of 1 unit is" in say("encircled", side="germans", units=["u"])
    assert plural(2, "raid", "en") == "2 heavy-bomber raids"


def test_the_ammunition_line_says_what_went_forward() -> None:
    """The morning line read '0 t reached the dumps; in stock ... 0 t' everywhere while the
    lorries had 1 500 t on the road: the tons sent forward are told too."""
    line = say("ammunition", side="allies", delivered=250.0, arrived=0.0,
               sent={"samer": 1200.0, "guines": 300.0}, stocks={"samer": 0.0})
    assert "250\u00a0t unloaded at the railhead, 1,500\u00a0t sent forward, " \
        "0\u00a0t reached the dumps" in line
    assert "1\u202f500\u00a0t envoyées vers l'avant" in say(
        "ammunition", "fr", side="allies", delivered=0.0, arrived=0.0, sent={"samer": 1500.0},
        stocks={})


def test_civilians_killed_agree_with_their_number() -> None:
    """'10 civilian(s) killed' and '1 civilians killed' read as drafts: the word agrees."""
    assert say("bombs_strayed", place="harfleur", civilians_killed=10) == \
        "Bombs fall astray on Harfleur: 10 civilians killed."
    assert say("bombs_strayed", "fr", place="harfleur", civilians_killed=1) == \
        "Des bombes s'égarent sur Harfleur : 1 civil tué."
    one = say("bombarded", by="guns", place="boulogne", losses=3, works_before=2.0,
              works_after=1.9, civilians_killed=1)
    assert "1 civilian killed" in one and "civilians" not in one
    assert "12 civils tués" in say("strait_fire", "fr", unit="gun", target_name="Douvres",
                                   shells=40, killed=12)


def test_units_going_hungry_make_one_line(minimal_scenario_path: Path) -> None:
    from engine.format.loading import load_scenario
    from game.session import Session, SessionConfig

    # without fog: under it the Allies would not read the German battalion's hunger
    session = Session(load_scenario(minimal_scenario_path), "en", SessionConfig(fog=False))
    before = len(session.log)
    starved = [Event.make("attrition", session.date, unit=u, days=d)
               for u, d in (("qor", 1), ("fest_bn_1", 3), ("qor", 2))]
    lines = session.add_events(starved)
    assert len(session.log) == before + 1 and len(lines) == 1
    assert lines[0].text.startswith("Without supply: 3 units, for 1–3 days")


def test_a_beaten_garrison_under_the_fortress_order_is_taken_where_it_stands() -> None:
    """The order forbids falling back; beaten, the garrison is overrun: the forecast's chance to
    take the hex is its chance to beat the defence, and the beaten men are taken prisoner."""
    from game.session import Session

    f = fight(2, garrison_quality="elite")
    f.event(id="fo", date="1944-09-17", kind="fortress_order", side="germans", morale_change=0)
    session = Session(f.loaded(), "en")
    order = attack("a0", "a1", "a2")
    forecast = session.forecast("a0", order.target)
    assert forecast is not None and forecast.win_chance > 0
    assert forecast.capture_chance == forecast.win_chance
    s = setup(session.game.world, session.game.state, order)
    assert not any(d.may_retreat for d in s.defenders)  # the order pins them in their works
    beaten = next(r for seed in range(200)
                  if (r := resolve(session.game.world, s, np.random.default_rng(seed))).beaten)
    assert set(beaten.fates.values()) <= {"surrenders", "destroyed"}


def test_each_assault_box_counts_only_the_men_it_took() -> None:
    """An AI phase brings many assaults: a box beside each hex counts the prisoners of that
    assault, not of the whole phase."""
    DAY = dt.date(1944, 9, 11)

    def fought(target: list[int], defenders: list[str], beaten: bool) -> Event:
        return Event.make("assault", DAY, side="allies", target=target,
                          defenders=defenders, beaten=beaten, attacker_losses=40,
                          defender_losses=20)

    def gave_up(unit: str, men: int) -> Event:
        return Event.make("surrendered", DAY, unit=unit, side="germans", men=men)

    events = [fought([3, 4], ["bn1"], True), gave_up("bn1", 300),
              fought([5, 4], ["bn2"], False), gave_up("bn3", 50)]
    boxes = dict(result_lines(events, "en", lambda _: True))
    assert boxes[(3, 4)] == ["The defence breaks", "losses 40 / 20", "300 prisoners"]
    assert boxes[(5, 4)] == ["The defence holds", "losses 40 / 20"]


@pytest.fixture
def app(minimal_scenario_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    arm(minimal_scenario_path)
    with open_app(minimal_scenario_path, tmp_path, monkeypatch) as window:
        yield window


def test_the_next_turn_opens_with_its_story_and_a_click_closes_it(app) -> None:
    screen = start_new_game(app)
    key(app, pygame.K_SPACE)
    wait_for_ai(app)
    assert screen.session.turn == 2 and screen.summary
    assert screen.summary[0].startswith("Turn 2")
    qor = screen.session.unit("qor")
    click(app, screen.camera.hex_centre(qor.hex))
    assert screen.summary == []


def test_the_story_of_a_turn_goes_when_the_side_is_handed_to_the_ai(app) -> None:
    """Left open, a turn's story must not stay on screen, days stale, while the AI plays on."""
    screen = start_new_game(app)
    key(app, pygame.K_SPACE)
    wait_for_ai(app)
    assert screen.summary[0].startswith("Turn 2")  # not clicked away
    screen.choose_player("allies", "ai")  # the Players window's choice: at once, no order given
    assert screen.summary == []
    deadline = time.monotonic() + 120
    while screen.session.turn < 4 and not screen.session.over and time.monotonic() < deadline:
        frames(app, 1)
    assert screen.session.turn >= 4 or screen.session.over
    assert screen.summary == []


def test_a_phase_s_results_leave_the_map_when_the_next_phase_tells_its_own(app) -> None:
    """With the AI's phases shown quickly (no animation, or a side handed to the AI), a box
    from days before must not stay on the map among today's."""
    app.settings.animate_ai = False
    screen = start_new_game(app)
    session = screen.session
    boulogne = session.facts.place_hex["boulogne"]
    screen.select("guns")
    key(app, pygame.K_b)
    click(app, screen.camera.hex_centre(boulogne))
    assert [hex_ for hex_, _, _ in screen.results] == [boulogne]
    click(app, screen.hud.buttons["end_turn"].rect.center)
    wait_for_ai(app)
    assert session.turn == 2 and session.human_to_move
    assert boulogne not in [hex_ for hex_, _, _ in screen.results]


def test_a_shoot_shows_its_result_beside_the_hex_and_the_log_filters(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    boulogne = session.facts.place_hex["boulogne"]
    screen.select("guns")
    key(app, pygame.K_b)
    click(app, screen.camera.hex_centre(boulogne))
    assert session.game.orders[-1].kind == "bombard"
    assert [hex_ for hex_, _, _ in screen.results] == [boulogne]
    # Boulogne is out of the Allies' sight (fog): the box says the losses were not seen
    assert any("Losses not seen" in line for line in screen.results[0][1])
    click(app, screen.hud.buttons["log_filter"].rect.center)
    assert screen.log_filter == "key" and screen.hud.buttons["log_filter"].text == "Key events"
    shown = screen.hud.log.html_text
    assert "supply:" not in shown  # supply lines are quiet: left out
    click(app, screen.hud.buttons["log_filter"].rect.center)
    assert "supply:" in screen.hud.log.html_text


def test_numbers_and_legend_toggle(app) -> None:
    screen = start_new_game(app)
    assert not screen.view.numbers
    key(app, pygame.K_n)
    assert screen.view.numbers
    key(app, pygame.K_u)
    assert screen.view.overlays == {"supply"}
    assert not app.errors


def test_shoot_and_raid_previews_say_what_decides_them(app) -> None:
    screen = start_new_game(app)
    session = screen.session
    boulogne = session.facts.place_hex["boulogne"]
    guns = session.fire_preview(boulogne, "guns")
    assert guns[0].startswith("Shoot by Field guns: firepower")
    assert guns[1].startswith("Works: Casemates (~3.0 of 4) stop")  # out of sight: as known
    assert float(guns[1].split("expected after: ")[1]) < 3.0
    assert "? men" in guns[2]  # the garrison's position only is known (fog of war)
    assert guns[3].startswith("Expected losses: enemy ~") and "if at full strength" in guns[3]
    raid = session.fire_preview(boulogne)
    assert raid and "bombers; weather" in raid[0] and "of the bombs tell" in raid[0]
    assert any("chance some bombs stray" in line for line in raid)

    def shock(lines: list[str]) -> int:
        line = next(x for x in lines if x.startswith("Morale of the men there: about"))
        return int(line.split("\u2212")[1].split()[0])

    assert shock(raid) > shock(guns) >= 0  # a carpet of bombs shakes men more than a shoot


def test_help_has_the_rules_in_both_languages(app) -> None:
    from game.widgets.dialogs import HelpWindow

    screen = start_new_game(app)
    key(app, pygame.K_F1)
    window = app.manager.get_window_stack().get_full_stack()[-1]
    assert isinstance(window, HelpWindow) and window.page == "rules"
    assert "fortress order" in window.text.html_text and "Fog of war" in window.text.html_text
    click(app, window.tabs["keys"].rect.center)
    assert window.page == "keys" and "Ctrl+Z" in window.text.html_text
    french = HelpWindow(app.manager, "fr")
    assert "ordre de forteresse" in french.text.html_text
    assert screen is app.screen
