"""Every file the program reads goes through one guarded reader: poisoned files (a FIFO,
/dev/zero, deep nesting, Infinity, 5,000-digit integers) give one line, never a hang or a crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from engine.guarded_read import UnreadableFile, read_json
from engine.save import SaveError, load_game, save_game
from game.players import PlayersError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO with no writer) fails the test instead of stalling the run."""
    def hung(*_: object) -> None:
        raise TimeoutError("the read hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir()


def _huge(path: Path) -> None:
    with open(path, "wb") as out:
        out.truncate(60_000_000)  # sparse: 60 MB of nothing, no disk used


POISON: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "not a regular file"),
    "/dev/zero": (_dev_zero, "not a regular file"),
    "folder": (_folder, "directory"),
    "too big": (_huge, "over the"),
    "1,000 deep": (_text("[" * 1000 + "]" * 1000), "nested more than"),
    "100,000 deep": (_text("[" * 100_000 + "]" * 100_000), "nested more than"),
    "Infinity": (_text('{"turn": Infinity}'), "Infinity is not a number"),
    "NaN": (_text('{"turn": NaN}'), "NaN is not a number"),
    "1e999": (_text('{"turn": 1e999}'), "too large a number"),
    "5,000 digits": (_text('{"seed": ' + "9" * 5000 + "}"), "5,000 digits"),
    "truncated": (_text('{"format": "chan'), "damaged or truncated"),
    "not UTF-8": (lambda p: p.write_bytes(b'{"a": "\xe9"}'), "not UTF-8"),
}


@pytest.mark.parametrize("poison", sorted(POISON))
def test_a_poisoned_file_is_one_line_of_refusal(tmp_path: Path, poison: str) -> None:
    make, fragment = POISON[poison]
    target = tmp_path / "file.json"
    make(target)
    with pytest.raises(UnreadableFile) as caught:
        read_json(target, 50_000_000)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value) and str(caught.value).startswith(str(target))


@pytest.mark.parametrize("poison", sorted(POISON))
def test_a_poisoned_save_is_a_save_error(
    tmp_path: Path, poison: str, minimal_scenario_path: Path
) -> None:
    from engine.format.loading import load_scenario

    make, _ = POISON[poison]
    make(tmp_path / "game.json")
    with pytest.raises(SaveError) as caught:
        load_game(tmp_path / "game.json", load_scenario(minimal_scenario_path))
    assert "\n" not in str(caught.value)


def test_bad_files_in_the_saves_folder_are_listed_as_unreadable_and_never_block(
    minimal_scenario_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from engine.format.loading import load_scenario
    from engine.game import new_game
    from game import saves

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = saves.saves_dir()
    folder.mkdir(parents=True)
    game = new_game(load_scenario(minimal_scenario_path), 3)
    game.push(game.legal_orders()[-1])
    save_game(game, saves.slot_path("good"))
    for poison, (make, _) in POISON.items():
        make(folder / f"{poison.replace('/', '').replace(',', '').replace(' ', '_')}.json")
    (folder / "odd_header.json").write_text('{"turn": "x", "date": 5}')
    os.utime(folder / "odd_header.json", (1e18, 1e18), follow_symlinks=False)
    (folder / "good.meta.json").symlink_to("/dev/zero")
    listed = dict((Path(path).stem, label) for label, path in saves.list_saves())
    assert set(listed) == {"good", "odd_header"} | {
        p.replace("/", "").replace(",", "").replace(" ", "_") for p in POISON}
    assert f"{game.state.date.isoformat()}  ·  turn {game.state.turn + 1}" in listed["good"]
    unreadable = [stem for stem, label in listed.items() if "unreadable" in label]
    assert sorted(unreadable) == sorted(set(listed) - {"good"})
    # its side file is a device: who plays each side is refused in one line, never guessed
    with pytest.raises(PlayersError, match=r"good\.meta\.json: this is not a regular file"):
        saves.read_meta(saves.slot_path("good"))


@pytest.mark.parametrize("poison", sorted(POISON))
def test_a_damaged_settings_file_never_stops_the_game(tmp_path: Path, poison: str) -> None:
    from game.settings import Settings, load_settings

    make, _ = POISON[poison]
    make(tmp_path / "settings.json")
    assert load_settings(tmp_path / "settings.json") == Settings.defaults()


@pytest.mark.parametrize("summary", [
    {"objectives": {}, "prisoners": [1]},
    {"objectives": {}, "prisoners": {"median": "many", "historical": None}},
    {"objectives": {}, "runs": {"a": 1}, "allies": ["x"]},
    {"objectives": {"boulogne": {"capture_dates": []}}, "civilian_casualties": 3},
])
def test_a_malformed_batch_summary_is_read_as_far_as_it_makes_sense(
    tmp_path: Path, summary: dict[str, object], minimal_scenario_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import argparse

    from cli import report as report_command

    (tmp_path / "batch.json").write_text(json.dumps(summary))
    parser = argparse.ArgumentParser()
    report_command.add_arguments(parser)
    args = parser.parse_args(["--batch", str(tmp_path / "batch.json"), "--scenario",
                              str(minimal_scenario_path)])
    assert report_command.run(args) == 0
    assert "Comparison of" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["report", "{bad}", "--scenario", "{scenario}"],
    ["report", "--batch", "{bad}", "--scenario", "{scenario}"],
    ["mapgen", "{bad}"],
    ["guide", "--guide", "{bad}"],
])
@pytest.mark.parametrize("poison", ["fifo", "/dev/zero"])
def test_commands_refuse_devices_and_fifos_at_once(
    tmp_path: Path, argv: list[str], poison: str, minimal_scenario_path: Path
) -> None:
    bad = tmp_path / "bad.file"
    POISON[poison][0](bad)
    command = [a.format(bad=bad, scenario=minimal_scenario_path) for a in argv]
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), *command], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
