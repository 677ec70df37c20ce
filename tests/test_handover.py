"""Handing a side to the AI (or the 1944 plan) in the middle of a game, and taking it back:
when the change takes effect, undo, fog of war, the one order log, and the choice kept in the
save's side file (good, old and damaged ones). Headless: the session, no window."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pytest

from engine.format.loading import load_scenario
from engine.format.shipped import SCENARIOS_DIR
from engine.game import Game
from engine.history.plan import plan_sides
from engine.orders import EndTurn, Move
from engine.save import load_game, save_game
from game.players import AI, HISTORY, HUMAN, Handover, PlayersError, SavedPlayers
from game.saves import meta_path, read_players, write_players
from game.session import Session, SessionConfig
from game.settings import DIFFICULTIES
from game.text.i18n import short_date
from tests.conftest import CHANNEL_PORTS

LIBERATION = SCENARIOS_DIR / "liberation_of_the_north_1944.yaml"


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory):
    import shutil

    from tests.conftest import FIXTURES, SCENARIOS

    folder = tmp_path_factory.mktemp("minimal")
    shutil.copytree(SCENARIOS / "rules", folder / "rules")
    shutil.copy(FIXTURES / "minimal_scenario.yaml", folder / "minimal_scenario.yaml")
    return load_scenario(folder / "minimal_scenario.yaml")


def session(loaded, allies: str = HUMAN, germans: str = AI, fog: bool = True,
            seed: int = 5) -> Session:
    return Session(loaded, "en", SessionConfig(controllers={"allies": allies, "germans": germans},
                                               fog=fog, seed=seed))


def ai_phase(s: Session) -> None:
    """Let the AI (or the plan) play the phase of the side to move, as the window does."""
    assert s.start_ai()
    s.wait_ai(300)
    result = s.poll_ai()
    assert result is not None and result[1] is None, result


def some_move(s: Session) -> None:
    """The person moves the first of the side's units that can move (to its nearest reach)."""
    side = s.side_to_move
    for unit in sorted((u for u in s.units() if u.side == side), key=lambda u: u.id):
        reach = s.reachable(unit.id)
        if reach:
            to = min(reach, key=lambda h: (reach[h].cost, h))
            s.move(unit.id, to)
            return
    raise AssertionError(f"no {side} unit can move")


def test_a_phase_not_begun_goes_to_the_new_player_at_once(minimal) -> None:
    s = session(minimal)
    assert s.human_to_move and not s.phase_begun()
    assert s.hand_over("allies", AI) is True
    assert s.player("allies") == AI and not s.config.pending
    assert not s.human_to_move  # the window now starts the AI on this very phase
    assert s.log[-1].text == "From now on the AI plays the Allies."
    ai_phase(s)
    assert s.side_to_move == "germans" and len(s.game.orders) >= 1


def test_a_phase_begun_is_finished_by_the_person_who_began_it(minimal) -> None:
    s = session(minimal)
    some_move(s)
    assert s.phase_begun()
    assert s.hand_over("allies", AI) is False
    assert s.player("allies") == HUMAN and s.next_player("allies") == AI
    assert s.human_to_move and s.can_undo()  # still the person's phase: the move may go back
    assert "from their next phase" in s.log[-1].text
    assert s.undo() and not s.phase_begun()  # with no order left, the phase is not begun ...
    assert s.player("allies") == HUMAN  # ... but a change waits for a phase's end, or a new ask
    some_move(s)
    s.end_turn()
    assert s.player("allies") == AI and not s.config.pending
    ai_phase(s)  # the Germans' AI phase
    assert s.side_to_move == "allies" and not s.human_to_move


def test_changing_ones_mind_before_the_phase_ends_cancels_the_change(minimal) -> None:
    s = session(minimal)
    some_move(s)
    assert s.hand_over("allies", AI) is False
    assert s.hand_over("allies", HUMAN) is True
    assert not s.config.pending
    s.end_turn()
    assert s.player("allies") == HUMAN


def test_the_ai_thinking_finishes_its_phase_before_a_person_takes_over(minimal) -> None:
    s = session(minimal, allies=AI, germans=AI)
    assert s.start_ai()
    assert s.hand_over("allies", HUMAN) is False  # the worker thread plays on: nothing changes
    assert s.hand_over("germans", HUMAN) is False
    assert s.config.controllers == {"allies": AI, "germans": AI}
    s.wait_ai(300)
    assert s.poll_ai() is not None
    assert s.config.controllers == {"allies": HUMAN, "germans": HUMAN}
    assert s.side_to_move == "germans" and s.human_to_move


def test_undo_never_reaches_into_a_phase_the_ai_played(minimal) -> None:
    s = session(minimal, allies=AI, germans=AI)
    ai_phase(s)  # the Allies' AI phase
    s.hand_over("germans", HUMAN)
    assert s.human_to_move and s.side_to_move == "germans"
    orders = len(s.game.orders)
    assert s.undo_refusal() == "refuse.undo_nothing" and not s.undo()
    s.end_turn()
    assert s.hand_over("allies", HUMAN) is True  # the Allies' phase has not begun
    some_move(s)
    assert s.undo()
    assert s.undo_refusal() == "refuse.undo_nothing"  # the AI's and the Germans' orders stand
    assert len(s.game.orders) == orders + 1  # the Germans' end of turn only


def test_the_summary_says_who_played_a_side_handed_over_and_from_when(minimal) -> None:
    s = Session(minimal, "fr", SessionConfig(controllers={"allies": HUMAN, "germans": AI}))
    assert s.hand_over("germans", HUMAN) is True  # the Germans move after the Allies: today
    s.end_turn()
    assert s.hand_over("allies", HISTORY) is True  # tomorrow: the Germans are to move
    assert s.played_by() == {
        "allies": "joués par vous, le plan de 1944 à partir du 18 sept. 1944",
        "germans": "joués par l'IA, vous à partir du 17 sept. 1944"}
    assert "<b>Allemands</b>\u00a0: joués par l'IA, vous à partir du 17 sept. 1944" \
        in html.unescape(s.report_html())


def test_the_plan_plays_only_the_sides_it_commands(minimal) -> None:
    s = session(minimal)
    assert s.plan_sides == plan_sides(minimal.scenario) == {"allies"}
    with pytest.raises(ValueError, match="cannot be played by 'history'"):
        s.hand_over("germans", HISTORY)
    with pytest.raises(ValueError, match="cannot be played by 'robot'"):
        s.hand_over("allies", "robot")
    with pytest.raises(ValueError, match="no side"):
        s.hand_over("navy", AI)
    assert s.config.controllers == {"allies": HUMAN, "germans": AI} and not s.config.pending


def test_the_plan_taken_over_mid_game_logs_1944_from_that_day_on(minimal) -> None:
    s = session(minimal)
    for _ in range(2):  # two days by hand
        some_move(s)
        s.end_turn()
        ai_phase(s)
    assert not any(line.kind == "history" for line in s.log)
    today = s.date
    assert s.hand_over("allies", HISTORY) is True and s.watching_history
    ai_phase(s)  # the plan's phase
    ai_phase(s)  # the Germans'
    history = [line for line in s.log if line.kind == "history"]
    assert all(line.date >= today for line in history)  # not the days played by hand again


def test_fog_follows_who_plays_after_each_switch(channel) -> None:
    s = session(channel)
    assert s.fog and any(u.estimated for u in s.units())
    germans_seen = {u.id for u in s.units() if u.side == "germans"}
    assert type(s.controller("germans")).__name__ == "FoggedController"
    assert s.hand_over("allies", AI) is True  # nobody plays: the fog lifts
    assert not s.fog and not any(u.estimated for u in s.units())
    assert {u.id for u in s.units() if u.side == "germans"} > germans_seen
    assert type(s.controller("germans")).__name__ != "FoggedController"  # sees all, as shown
    assert s.hand_over("allies", HUMAN) is True
    assert s.fog and s.viewing_side() == "allies"
    assert {u.id for u in s.units() if u.side == "germans"} == germans_seen
    assert s.hand_over("germans", HUMAN) is True  # hot seat: the side to move's eyes
    assert s.fog and s.viewing_side() == s.side_to_move == "allies"
    assert s.hand_over("allies", HISTORY) is True  # the plan plays: the game is watched
    assert not s.fog


@pytest.fixture(scope="module")
def channel():
    return load_scenario(CHANNEL_PORTS)


@pytest.fixture(scope="module")
def liberation():
    return load_scenario(LIBERATION)


def test_a_game_played_by_hand_then_by_the_ai_replays_from_its_log(liberation, tmp_path: Path
                                                                    ) -> None:
    """Two days by hand, the Allies handed to the AI mid-phase, played to the end: the saved
    order log replays to the same final state, however its orders were given."""
    s = session(liberation, seed=11)
    by_hand = 0
    for _ in range(2):
        some_move(s)
        some_move(s)
        by_hand += 2
        s.end_turn()
        ai_phase(s)
    some_move(s)
    by_hand += 1
    assert s.hand_over("allies", AI) is False  # from the next phase
    assert s.played_by() == {}  # nothing handed over yet
    s.end_turn()
    handed = s.date + dt.timedelta(days=1)  # the Germans move today, then the AI the Allies
    while not s.over:
        ai_phase(s)
    moves = [o for o in s.game.orders if isinstance(o, Move) and o.side == "allies"]
    assert len(moves) > by_hand  # the AI gave orders after the person's
    assert sum(isinstance(o, EndTurn) for o in s.game.orders) >= 2 * 7 - 1
    path = tmp_path / "handed.json"
    save_game(s.game, path)
    write_players(path, s.saved_players())
    loaded = load_game(path, liberation)
    replayed = Game.replay(liberation, s.game.seed, list(s.game.orders))
    assert loaded.state.digest() == replayed.state.digest() == s.game.state.digest()
    assert loaded.all_events() == s.game.all_events()
    players = read_players(path, ["allies", "germans"], plan_sides(liberation.scenario),
                           DIFFICULTIES, "normal")
    assert players.controllers == {"allies": AI, "germans": AI} and players.pending == {}
    assert players.fog is True
    assert players.handovers == [Handover(handed.isoformat(), "allies", HUMAN, AI)]
    assert s.played_by() == {"allies": f"played by you, the AI from {short_date(handed, 'en')}"}
    assert "played by you, the AI from" in s.report_html()


# --- the choice in the save's side file ---------------------------------------------------
def read(path: Path, difficulty: str = "normal") -> SavedPlayers:
    return read_players(path, ["allies", "germans"], frozenset({"allies"}), DIFFICULTIES,
                        difficulty)


def test_the_side_file_keeps_who_plays_and_the_change_waiting(tmp_path: Path) -> None:
    save = tmp_path / "game.json"
    chosen = SavedPlayers({"allies": HISTORY, "germans": HUMAN}, {"allies": AI}, "expert", False,
                          [Handover("1944-09-06", "allies", HUMAN, HISTORY),
                           Handover("1944-09-07", "germans", AI, HUMAN)])
    write_players(save, chosen)
    assert read(save) == chosen


def test_an_old_save_without_a_side_file_loads_as_before(tmp_path: Path) -> None:
    save = tmp_path / "old.json"
    assert not meta_path(save).exists()
    assert read(save, "cautious") == SavedPlayers({"allies": HUMAN, "germans": AI}, {},
                                                  "cautious", True)
    meta_path(save).write_text(json.dumps({"difficulty": "expert"}))  # before the players
    assert read(save).controllers == {"allies": HUMAN, "germans": AI}


@pytest.mark.parametrize(("content", "says"), [
    ({"controllers": {"allies": "robot", "germans": "ai"}}, "the player 'robot'"),
    ({"controllers": {"allies": "human", "navy": "ai"}}, "side 'navy'"),
    ({"controllers": {"allies": "human", "germans": "history"}}, "no orders"),
    ({"controllers": {"allies": "human"}}, "but not germans"),
    ({"controllers": ["human", "ai"]}, "must map each side"),
    ({"controllers": {"allies": "human", "germans": "ai"}, "pending": {"allies": 3}},
     "the player 3"),
    ({"controllers": {"allies": "human", "germans": "ai"}, "difficulty": "godlike"},
     "difficulty 'godlike'"),
    ({"controllers": {"allies": "human", "germans": "ai"}, "fog": "yes"}, "fog must be"),
    ({"controllers": {"allies": [1] * 100, "germans": "ai"}}, "…"),
    ({"controllers": {"allies": "human", "germans": "ai"}, "handovers": {"allies": "ai"}},
     "handovers must be a list"),
    ({"controllers": {"allies": "human", "germans": "ai"},
      "handovers": [{"date": "1944-09-31", "side": "allies", "from": "human", "to": "ai"}]},
     "hand-over 1 is not a day"),
    ({"controllers": {"allies": "human", "germans": "ai"},
      "handovers": [{"date": "1944-09-06", "side": "allies", "from": "human", "to": "ai"},
                    {"date": "1944-09-07", "side": "navy", "from": "ai", "to": "human"}]},
     "hand-over 2"),
    ({"controllers": {"allies": "human", "germans": "ai"}, "handovers": ["x"]}, "hand-over 1"),
    (["human", "ai"], "holds no choice of players"),
    ("{not json", "cannot read who plays"),
    (b"\xff\xfe", "cannot read who plays"),
])
def test_a_damaged_side_file_is_refused_in_one_line(tmp_path: Path, content: object,
                                                    says: str) -> None:
    save = tmp_path / "game.json"
    meta = meta_path(save)
    if isinstance(content, bytes):
        meta.write_bytes(content)
    else:
        meta.write_text(content if isinstance(content, str) else json.dumps(content))
    before = meta.read_bytes()
    with pytest.raises(PlayersError) as refused:
        read(save)
    message = str(refused.value)
    assert says in message and "\n" not in message and len(message) < 300
    assert "game.meta.json" in message
    assert meta.read_bytes() == before


def test_a_side_file_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    save = tmp_path / "game.json"
    meta_path(save).mkdir()
    with pytest.raises(PlayersError, match="directory"):
        read(save)


def test_the_plan_handed_back_late_does_not_ask_for_a_truce_whose_days_went_by(channel) -> None:
    """The plan asks for Dunkirk's truce on 3 Oct (or on the grace days after). A person who
    played the Allies over those days and hands them back to the plan on 6 Oct gets the plan's
    orders standing that day: not a truce three days late; handed back on 4 Oct, the plan
    still asks for it, as it would have on its own."""
    from engine.controllers import make_controller, resume_controller
    from engine.orders import Truce

    game = Game(channel, 4, snapshots=False)
    plan = make_controller(HISTORY, game, "allies")
    german = make_controller(AI, game, "germans")
    truce_day = dt.date(1944, 10, 3)
    while (game.state.date, game.side_to_move) != (truce_day, "allies"):
        (plan if game.side_to_move == "allies" else german).play_phase(game)
    assert not any(isinstance(o, Truce) and o.place == "dunkirk" for o in game.orders)
    straight = game.fork()
    plan.play_phase(straight)
    assert any(isinstance(o, Truce) and o.place == "dunkirk" for o in straight.orders)

    def handed_back_on(day: dt.date) -> list:
        person = game.fork()
        while (person.state.date, person.side_to_move) != (day, "allies"):
            if person.side_to_move == "allies":
                person.push(EndTurn("allies"))  # the person holds the line
            else:
                german.play_phase(person)
        start = len(person.orders)
        resume_controller(HISTORY, person, "allies").play_phase(person)
        return [o for o in person.orders[start:] if isinstance(o, Truce)]

    assert [o.place for o in handed_back_on(dt.date(1944, 10, 4))] == ["dunkirk"]
    assert handed_back_on(dt.date(1944, 10, 6)) == []
