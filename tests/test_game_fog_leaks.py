"""Under fog of war no text the window shows tells the player what the side cannot see: the
enemy's supply counts and pockets, its hungry units, its depots, its reinforcements and
departures far behind the line, the name of a battery nobody has spotted, the zones of control
of unseen units — in the log, the start-of-turn summary, the banners, the overlays and the
previews. The same game without fog shows all of it (so each check can fail)."""

from __future__ import annotations

import pytest

from engine.events import Event
from engine.format.loading import load_scenario
from engine.rules.intelligence import observe
from game.session import AI, HUMAN, Session, SessionConfig
from tests.conftest import CHANNEL_PORTS


@pytest.fixture(scope="module")
def channel():
    return load_scenario(CHANNEL_PORTS)


def session(loaded, fog: bool) -> Session:
    return Session(loaded, "en", SessionConfig(controllers={"allies": HUMAN, "germans": AI},
                                               fog=fog))


def hidden_german(s: Session) -> str:
    obs = observe(s.world, s.game.state, "allies")
    seen = {u.id for u in (*obs.seen, *obs.known)}
    return next(u.id for u in s.game.state.units.values()
                if u.side == "germans" and u.deployed and u.id not in seen)


def german_tales(s: Session) -> list[Event]:
    """One event of each kind that tells the Germans' own business, dated today."""
    state = s.game.state
    date = state.date
    hidden = hidden_german(s)
    ally = next(u for u in state.units.values() if u.side == "allies" and u.deployed)
    german_depot = next(p for p in state.depots if state.owner.get(p) == "germans")
    return [
        Event.make("supply", date, side="germans", supplied=0, depot=50, out_of_supply=6,
                   pockets=1),
        Event.make("encircled", date, side="germans", pocket=1, units=[hidden], depots=[]),
        Event.make("attrition", date, unit=hidden, days=3, morale=40.0),
        Event.make("depot_empty", date, place=german_depot, stock="ammo"),
        Event.make("morale_collapse", date, objective="boulogne", place="mont_lambert",
                   units=[hidden], loss=5.0, cause="strongpoint"),
        Event.make("withdrawn", date, unit=hidden, men=500),
        Event.make("air_raids_granted", date, side="germans", raids=1, bombers_per_raid=10,
                   until=None),
        Event.make("bombarded", date, by=hidden, target=list(s.world.map.grid.hex_of(ally.hex)),
                   firepower=10.0, suppression=0.1, losses=3, works_before=0.0,
                   works_after=0.0, civilians_killed=0, place="boulogne"),
    ]


def test_the_log_keeps_the_enemys_business_to_itself(channel) -> None:
    foggy, clear = session(channel, fog=True), session(channel, fog=False)
    hidden_name = foggy._unit_name(hidden_german(foggy))
    # the opening: the Germans' supply and their encircled pocket are told only without fog
    for kind in ("supply", "encircled"):
        assert any(ln.event == kind and "Germans" in ln.text for ln in clear.log)
        assert not any(ln.event == kind and "Germans" in ln.text for ln in foggy.log)
    told_clear = clear.add_events(german_tales(clear))
    told_foggy = foggy.add_events(german_tales(foggy))
    assert {ln.event for ln in told_clear} >= {"supply", "encircled", "attrition",
                                               "depot_empty", "morale_collapse", "withdrawn",
                                               "air_raids_granted", "bombarded"}
    # under fog only the shells that fell on Allied men are told, the battery unnamed
    assert [ln.event for ln in told_foggy] == ["bombarded"]
    assert told_foggy[0].text.startswith("An unseen enemy battery shells")
    assert any(hidden_name in ln.text for ln in told_clear)
    assert not any(hidden_name in ln.text for ln in foggy.log)


def test_own_side_and_seen_enemies_are_still_told(channel) -> None:
    foggy = session(channel, fog=True)
    state = foggy.game.state
    seen = foggy.observation().seen[0].id
    ally = next(u.id for u in state.units.values() if u.side == "allies" and u.deployed)
    told = foggy.add_events([
        Event.make("withdrawn", state.date, unit=seen, men=100),
        Event.make("attrition", state.date, unit=ally, days=1, morale=60.0),
        Event.make("supply", state.date, side="allies", supplied=1, depot=0, out_of_supply=0,
                   pockets=0),
    ])
    assert [ln.event for ln in told] == ["withdrawn", "attrition", "supply"]


def test_overlays_and_summary_show_only_what_the_side_knows(channel) -> None:
    foggy, clear = session(channel, fog=True), session(channel, fog=False)
    assert clear.pockets() and not foggy.pockets()  # the German pocket is German knowledge
    # zones of control come from the units the Allies know of, not from hidden garrisons
    assert foggy.zoc("germans") < clear.zoc("germans")
    assert foggy.zoc("allies") == clear.zoc("allies")


def test_a_fogged_turn_tells_no_enemy_secret(channel, tmp_path, monkeypatch) -> None:
    """Three real turns against the German AI in the window: no line of the log, the
    start-of-turn summary or a banner tells a German count, pocket or unseen unit."""
    from tests.window_driver import frames, open_app

    with open_app(CHANNEL_PORTS, tmp_path, monkeypatch, menu=False) as app:
        assert app.start_game(SessionConfig(controllers={"allies": HUMAN, "germans": AI}))
        screen = app.screen
        assert screen.session.fog
        told: list[str] = []
        for _ in range(3):
            screen.end_turn()
            for _ in range(400):
                frames(app, 1)
                if screen.session.human_to_move and not screen.pending_refresh:
                    break
            told += screen.summary + ([screen.notice_text] if screen.notice_text else [])
        told += [ln.text for ln in screen.session.log]
        assert not [t for t in told if "Germans supply" in t or "Germans: a pocket" in t]
        assert not [t for t in told if "without supply" in t and "German" in t]


def test_the_objectives_panel_cites_sources_by_title_never_by_key(channel) -> None:
    """The garrison ranges name their sources as the Sources screen does (titles); no source
    key (LR-2477, W-WH...) and no seed file name reaches the panel or the log."""
    import re

    from game.widgets.hud import objectives_html

    foggy = session(channel, fog=True)
    panel = objectives_html(foggy)
    assert "Dunkirk: Allied progress slowed by flooding (Liberation Route)" in panel
    keys = sorted((s.id for s in channel.scenario.sources), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-])")
    shown = [panel, *(ln.text for ln in foggy.log)]
    assert not [m.group(0) for text in shown for m in pattern.finditer(text)]
    assert not [text for text in shown if ".txt" in text]


def test_fire_previews_read_the_believed_garrison_not_the_true_one(minimal_scenario_path) -> None:
    """A shoot's expected losses on a garrison known by position only come from its type's full
    strength: thinning the true garrison changes the preview only when there is no fog."""
    from tests.window_driver import arm

    arm(minimal_scenario_path)
    loaded = load_scenario(minimal_scenario_path)
    for fog in (True, False):
        s = session(loaded, fog)
        boulogne = s.facts.place_hex["boulogne"]
        before = s.fire_preview(boulogne, "guns")
        hex_ = s.world.map.grid.index(boulogne)
        for unit in s.game.state.units_at(hex_):
            unit.men //= 2
        s.refresh()
        after = s.fire_preview(boulogne, "guns")
        assert (before == after) == fog, (fog, before, after)


def test_the_unit_panel_says_who_has_dug_in_but_not_of_an_enemy_known_only_by_place(
        channel) -> None:
    from game.widgets.hud import unit_html

    fogged = Session(channel, "en", SessionConfig(
        controllers={"allies": HUMAN, "germans": HUMAN}, fog=True))
    ally = next(u.id for u in fogged.game.state.units.values()
                if u.side == "allies" and u.deployed)
    assert "Dug in" not in unit_html(fogged, fogged.unit(ally))  # just arrived
    fogged.end_turn()
    fogged.end_turn()  # a night where they stand
    assert fogged.side_to_move == "allies"
    spared = fogged.world.rules.fire.dig_in_protection  # the Allies start out of any works
    assert f"Dug in: fire kills {spared:.0%} fewer of its men" in unit_html(fogged,
                                                                          fogged.unit(ally))
    # an enemy the Allies know only by its place: dug in too, but the panel does not say so
    state = fogged.game.state
    known = next(v for v in fogged.units() if v.side == "germans" and v.estimated)
    assert state.units[known.id].dug_in > 0 and known.dug_in == 0
    assert "Dug in" not in unit_html(fogged, known) and "Digging" not in unit_html(fogged, known)
