"""Files a command writes are checked before any work, and errors stay one readable line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.bounded_stderr import MAX_LINE_CHARS, BoundedLines
from engine.atomic_file import unwritable_reason

ROOT = Path(__file__).resolve().parent.parent


def run_py(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run([sys.executable, str(ROOT / "run.py"), *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("argv", [
    ["play", "--screenshot", "{missing}/shot.png"],
    ["replay", "--screenshot", "{missing}/shot.png"],
    ["report", "x.json", "--png", "{missing}/chart.png"],
    ["report", "x.json", "--window", "--screenshot", "{missing}/shot.png"],
])
def test_a_missing_output_folder_is_refused_up_front_and_never_created(
    tmp_path: Path, argv: list[str]
) -> None:
    missing = tmp_path / "no" / "such"
    result = run_py(*(a.format(missing=missing) for a in argv))
    assert result.returncode == 2
    assert f"no folder {missing}" in result.stderr
    assert "internal error" not in result.stderr
    assert not (tmp_path / "no").exists()


def test_output_paths_that_cannot_be_files_are_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert unwritable_reason(tmp_path / "file" / "x.png") == f"{tmp_path / 'file'} is not a folder"
    assert unwritable_reason(tmp_path) == f"{tmp_path} is a folder"
    assert unwritable_reason(tmp_path / "new.png") is None


def test_a_read_only_folder_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() == 0:  # root writes anywhere: ask as an ordinary user would be answered
        monkeypatch.setattr("engine.atomic_file.os.access", lambda *_: False)
    else:
        tmp_path.chmod(0o555)
    try:
        assert unwritable_reason(tmp_path / "shot.png") == (
            f"cannot write into {tmp_path} (permission denied)")
    finally:
        tmp_path.chmod(0o755)


def test_a_screenshot_that_fails_to_write_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    minimal_scenario_path: Path,
) -> None:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.shell import App, LaunchOptions

    def refused(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("game.shell.write_png", refused)
    app = App(LaunchOptions(scenario=minimal_scenario_path, size=(800, 600), lang="en",
                            settings_path=tmp_path / "settings.json"))
    app.open_window()
    assert app.capture(tmp_path / "shot.png") == 2
    assert capsys.readouterr().err == f"cannot write {tmp_path / 'shot.png'}: Permission denied\n"


@pytest.mark.parametrize("size", ["0x0", "100000x100000", "799x600", "1600"])
def test_window_sizes_outside_what_a_screen_holds_are_refused(size: str) -> None:
    result = run_py("play", "--size", size)
    assert result.returncode == 2
    assert "--size" in result.stderr and "Traceback" not in result.stderr


def test_a_huge_value_in_an_error_gives_a_bounded_line() -> None:
    result = run_py("new-scenario", "A" * 100_000)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines and max(len(line) for line in lines) <= MAX_LINE_CHARS + 40
    assert "more characters)" in result.stderr


def test_bounded_lines_cut_each_line_and_keep_short_ones() -> None:
    out = io.StringIO()
    stream = BoundedLines(out, limit=10)
    stream.write("short\n" + "x" * 25 + "\r[###] 1/2")
    stream.write("\nend\n")
    assert out.getvalue() == "short\n" + "x" * 10 + "… (15 more characters)\r[###] 1/2\nend\n"
