"""The user's files live in the XDG folders; the error log is written safely; tests stay out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.user_dirs import config_dir, data_dir, error_log_path, record_internal_error, state_dir

ROOT = Path(__file__).resolve().parent.parent


def test_the_test_run_never_points_at_the_real_home() -> None:
    home = Path.home()
    for folder in (config_dir(), data_dir(), state_dir()):
        assert home not in folder.parents or "channel_ports_user_" in str(folder)


def test_folders_follow_the_xdg_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert error_log_path() == tmp_path / "state" / "channel_ports_1944" / "error.log"
    assert data_dir() == Path.home() / ".local" / "share" / "channel_ports_1944"


def test_error_log_goes_to_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    path = record_internal_error("Traceback: boom")
    assert path == tmp_path / "channel_ports_1944" / "error.log"
    assert path.read_text() == "Traceback: boom"
    assert path.stat().st_mode & 0o777 == 0o600


def test_error_log_never_writes_through_a_planted_symlink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    error_log_path().parent.mkdir(parents=True)
    error_log_path().symlink_to(victim)
    assert record_internal_error("Traceback: boom") is None
    assert victim.read_text() == "precious"


def test_error_log_leaves_a_fifo_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    error_log_path().parent.mkdir(parents=True)
    os.mkfifo(error_log_path())
    assert record_internal_error("Traceback: boom") is None  # and it did not block


def test_command_line_internal_error_names_the_state_folder_log(tmp_path: Path) -> None:
    """A command that fails inside says so in one line and keeps the traceback in the log."""
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path)}
    code = (
        "import sys, run, argparse\n"
        "def boom(args): raise RuntimeError('boom')\n"
        "import cli.validate as v; v.run = boom\n"
        "sys.exit(run.main(['validate', 'x.yaml']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    log = tmp_path / "channel_ports_1944" / "error.log"
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"run.py validate: internal error: boom (details in {log})"
    ]
    assert "RuntimeError: boom" in log.read_text()
