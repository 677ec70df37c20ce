"""Fog of war in the window (the engine's observe) and the new-game dialog that sets it, with
the scenario to play: each person sees the enemy as its side knows it; the truth stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.format.loading import load_scenario
from engine.format.shipped import SCENARIOS_DIR
from game.session import AI, HUMAN, Session, SessionConfig
from tests.conftest import CHANNEL_PORTS, ROOT
from tests.window_driver import click, frames, open_app, top_window

LIBERATION = SCENARIOS_DIR / "liberation_of_the_north_1944.yaml"


@pytest.fixture(scope="module")
def channel():
    return load_scenario(CHANNEL_PORTS)


def session(loaded, fog: bool, allies: str = HUMAN) -> Session:
    return Session(loaded, "en", SessionConfig(controllers={"allies": allies, "germans": AI},
                                               fog=fog))


def test_the_allies_see_only_what_they_see(channel) -> None:
    clear, foggy = session(channel, fog=False), session(channel, fog=True)
    truth = {u.id for u in clear.units() if u.side == "germans"}
    shown = {u.id for u in foggy.units() if u.side == "germans"}
    assert shown < truth  # garrisons far from any Allied unit are not on the map
    estimated = [u for u in foggy.units() if u.estimated]
    assert estimated and all(u.side == "germans" and u.shown_men("en") == "?" for u in estimated)
    assert not any(u.estimated for u in foggy.units() if u.side == "allies")
    low, high, _ = foggy.garrison_estimate("boulogne")
    assert 0 < low <= high
    assert clear.garrison_estimate("boulogne") is None
    # the engine holds the truth either way
    assert foggy.game.state.fingerprint() == clear.game.state.fingerprint()


def test_watching_the_ai_has_no_fog(channel) -> None:
    watch = session(channel, fog=True, allies=AI)
    assert not watch.fog and not any(u.estimated for u in watch.units())


def test_new_game_chooses_scenario_and_fog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch) as app:
        click(app, app.screen.buttons["new"].rect.center)
        window = top_window(app)
        titles = [option[1] for option in window.scenario.options_list]
        assert str(LIBERATION) in titles and str(CHANNEL_PORTS) in titles
        assert window.fog.get_state()
        window.kill()
        app.screen._start("allies", "normal", False, str(LIBERATION))
        frames(app)
        assert app.loaded.scenario.id != "channel_ports_1944"
        screen = app.screen
        assert type(screen).__name__ == "GameScreen" and not screen.session.fog
        assert not app.errors
        screen.save("nofog", quiet=True)
        from game.saves import slot_path

        app.load_saved_game(str(slot_path("nofog")))
        frames(app)
        assert app.screen is not screen and not app.screen.session.config.fog


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_new_game_shows_every_scenario_title_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   lang: str) -> None:
    """A title cut off hides which campaign it is: the dialog widens to fit the longest."""
    from game.screens.menu import scenario_choices
    from game.widgets.dialogs import NewGameWindow

    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch) as app:
        choices = scenario_choices(CHANNEL_PORTS, lang)
        window = NewGameWindow(app.manager, lang, [("allies", "Allies")], "normal",
                               lambda *_: None, choices, str(CHANNEL_PORTS))
        frames(app)
        font = app.manager.get_theme().get_font(["button"])
        room = window.scenario.rect.width - window.scenario.rect.height - 8  # arrow, borders
        assert max(font.size(title)[0] for title, _ in choices) <= room
        assert window.rect.right <= app.manager.window_resolution[0]


def test_the_reinforcement_schedule_lists_the_next_days(channel) -> None:
    allies = session(channel, fog=True)
    coming = allies.schedule("allies", days=3)
    assert coming and all(":" in line for line in coming)
    assert any("arrives at" in line for line in coming)
    soon = [u for u in channel.scenario.units if u.side == "allies" and u.arrives
            and 0 < (u.arrives.date - allies.date).days <= 3]
    assert len([line for line in coming if "arrives" in line]) == len(soon)


def shelled_with_and_without_fog(lang: str) -> tuple[Session, Session]:
    """The same hot-seat game with and without fog, after the Allied guns shelled the fort
    out of the Allies' sight (tests.test_rules_intelligence.shelled_out_of_sight)."""
    from tests.test_rules_intelligence import FORT, shelled_out_of_sight

    loaded = shelled_out_of_sight().loaded
    hot_seat = {"allies": HUMAN, "germans": HUMAN}
    foggy = Session(loaded, lang, SessionConfig(controllers=dict(hot_seat), fog=True))
    clear = Session(loaded, lang, SessionConfig(controllers=dict(hot_seat), fog=False))
    for s in (foggy, clear):
        s.bombard("guns", FORT)
    return foggy, clear


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_works_shelled_out_of_sight_show_the_level_last_seen_and_when(lang: str) -> None:
    """The hex panel, the map's works symbols, the log and the result box beside the hex tell
    the level of works out of sight as the side last saw it; once seen, the level now."""
    import datetime as dt

    from game.text.events import decimal, result_lines
    from game.text.i18n import short_date, tr
    from game.widgets.hud import hex_html
    from tests.test_rules_intelligence import FORT

    foggy, clear = shelled_with_and_without_fog(lang)
    two = decimal(2.0, lang)  # '2.0', '2,0'
    assert two == ("2,0" if lang == "fr" else "2.0")
    loaded = foggy.loaded
    h = foggy.world.map.grid.index(FORT)
    truth = float(foggy.game.state.works[h])
    assert truth < 2.0 and clear.works_level(FORT) == truth and clear.works_sighting(FORT) is None
    start = loaded.scenario.start_date
    assert foggy.works_level(FORT) == 2.0 and foggy.works_hexes()[FORT] == 2.0
    assert foggy.works_sighting(FORT) == (start, True)
    known = tr("hex.works_known_before", lang, level=two, date=short_date(start, lang,
                                                                          year=False))
    assert known in hex_html(foggy, FORT)
    # the next shoot's preview reckons with the works as last seen, and says so
    assert any(f"~{two}" in line for line in foggy.fire_preview(FORT, "more_guns"))
    assert not any("~" in line for line in clear.fire_preview(FORT, "more_guns"))
    # the shoot's line and result box: the shells fell, the works' level is not told
    (shot,) = [e for e in foggy.last_events if e.kind == "bombarded"]
    assert shot.get("works_unseen") and shot.get("works_after") is None
    level = decimal(truth, lang)
    (told,) = [ln.text for ln in foggy.last_lines if ln.event == "bombarded"]
    assert level not in told
    assert not [t for _, lines in result_lines(foggy.last_events, lang, lambda _: True)
                for t in lines if level in t]
    assert any(level in ln.text for ln in clear.last_lines)
    foggy.move("patrol", (7, 3))  # next to the fort: the level now
    assert foggy.works_level(FORT) == truth and foggy.works_sighting(FORT) is None
    assert f"({level})" in hex_html(foggy, FORT)
    foggy.end_turn()
    foggy.end_turn()
    foggy.move("patrol", (4, 5))  # out of sight again: seen last on the second day
    assert foggy.works_sighting(FORT) == (start + dt.timedelta(days=1), False)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fire_out_of_sight_does_not_tell_the_men_it_killed(lang: str) -> None:
    """Under fog a shoot on a hex out of sight tells neither the log nor the result box how
    many enemy it killed (the engine's event keeps the truth); without fog, or once the hex is
    in sight, the losses are told."""
    from game.text.events import result_lines
    from tests.test_rules_intelligence import FORT

    foggy, clear = shelled_with_and_without_fog(lang)
    (truth,) = [e for e in clear.game.all_events() if e.kind == "bombarded"]
    killed = int(truth.get("losses"))
    assert killed > 0  # the shoot did kill: only the telling differs
    (shot,) = [e for e in foggy.last_events if e.kind == "bombarded"]
    assert shot.get("losses_unseen") and shot.get("losses") is None
    unseen = "pertes non observées" if lang == "fr" else "losses not seen"
    (told,) = [ln.text for ln in foggy.last_lines if ln.event == "bombarded"]
    assert unseen in told
    box = [t for _, lines in result_lines(foggy.last_events, lang, lambda _: True) for t in lines]
    assert unseen.capitalize() in box and not any(str(killed) in t for t in box)
    (clear_told,) = [ln.text for ln in clear.last_lines if ln.event == "bombarded"]
    assert unseen not in clear_told and str(killed) in clear_told
    foggy.move("patrol", (7, 3))  # next to the fort: what the guns do there is seen
    foggy.bombard("more_guns", FORT)
    (seen,) = [e for e in foggy.last_events if e.kind == "bombarded"]
    assert not seen.get("losses_unseen") and seen.get("losses") is not None


def test_new_game_starts_the_scenario_named_on_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`run.py play --scenario scenarios/le_havre_1944.yaml` (a relative path) opened the New
    game dialog on the Channel ports, and Start with its defaults played the Channel ports."""
    monkeypatch.chdir(ROOT)
    with open_app(Path("scenarios/le_havre_1944.yaml"), tmp_path, monkeypatch) as app:
        click(app, app.screen.buttons["new"].rect.center)
        window = top_window(app)
        chosen = window.scenario.selected_option
        assert Path(chosen[1]).name == "le_havre_1944.yaml", chosen
        click(app, window.start_button.rect.center)
        assert app.loaded.scenario.id == "le_havre_1944"
        assert app.screen.session.world.scenario.id == "le_havre_1944"
