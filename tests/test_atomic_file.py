"""The one writer of every file: whole or not at all, mode kept, nothing left behind, no links."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from engine.atomic_file import (
    remove_stale_temporaries,
    write_bytes_atomically,
    write_text_atomically,
)

ROOT = Path(__file__).resolve().parent.parent


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def no_space(*_: object) -> None:
    raise OSError(28, "No space left on device")


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600, 0o444])
def test_an_existing_file_keeps_its_mode(tmp_path: Path, mode: int) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("old")
    target.chmod(mode)
    write_text_atomically(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_text_atomically(tmp_path / "new.txt", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_a_writer_killed_mid_write_leaves_the_target_and_the_next_write_cleans_up(
    tmp_path: Path,
) -> None:
    target = tmp_path / "game.json"
    target.write_text("the old save")
    # A real process, stopped for good inside its flush to disk, then killed outright.
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "import engine.atomic_file as a\n"
        "def stuck(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "a.os.fsync = stuck\n"
        "a.write_text_atomically(Path(sys.argv[1]), 'x' * 100000)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(target)], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    assert target.read_text() == "the old save"
    assert len(leftovers(tmp_path)) == 1  # what the kill left
    write_text_atomically(target, "the new save")
    assert target.read_text() == "the new save"
    assert leftovers(tmp_path) == []


def test_only_the_temporaries_of_dead_writers_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    dead = tmp_path / f".settings.json.{dead_pid()}.0123abcd.tmp"
    alive = tmp_path / f".settings.json.{os.getpid()}.0123abcd.tmp"
    other = tmp_path / f".other.json.{dead_pid()}.0123abcd.tmp"
    for path in (dead, alive, other):
        path.write_text("partial")
    assert remove_stale_temporaries(target) == [dead]
    assert alive.exists() and other.exists()


def test_the_folder_is_flushed_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr("engine.atomic_file.os.fsync", recording_fsync)
    write_text_atomically(tmp_path / "a.txt", "x")
    assert synced == [False, True]  # the file's data, then the folder's entry


def test_a_symlink_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o600)
    link = tmp_path / "out.png"
    link.symlink_to(victim)
    write_bytes_atomically(link, b"picture")
    assert victim.read_text() == "precious"
    assert not link.is_symlink() and link.read_bytes() == b"picture"


@pytest.mark.parametrize("existing", ["file", "dangling link", "link"])
def test_no_replace_never_touches_an_existing_name(tmp_path: Path, existing: str) -> None:
    target = tmp_path / "rules.yaml"
    elsewhere = tmp_path / "elsewhere.yaml"
    if existing == "file":
        target.write_text("mine")
    else:
        if existing == "link":
            elsewhere.write_text("mine")
        target.symlink_to(elsewhere)
    with pytest.raises(FileExistsError):
        write_text_atomically(target, "new", replace=False)
    if existing == "file":
        assert target.read_text() == "mine"
    else:
        assert target.is_symlink()
        assert elsewhere.exists() == (existing == "link")
        if existing == "link":
            assert elsewhere.read_text() == "mine"
    assert leftovers(tmp_path) == []


def test_no_replace_writes_a_new_file_whole(tmp_path: Path) -> None:
    write_text_atomically(tmp_path / "new.yaml", "id: x\n", replace=False)
    assert (tmp_path / "new.yaml").read_text() == "id: x\n"
    assert leftovers(tmp_path) == []


def test_a_name_near_the_length_limit_still_has_room_for_its_temporary(tmp_path: Path) -> None:
    target = tmp_path / ("n" * 250)
    write_text_atomically(target, "x")
    write_text_atomically(target, "y")
    assert target.read_text() == "y"
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_target_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")
    monkeypatch.setattr("engine.atomic_file.os.replace", no_space)
    with pytest.raises(OSError, match="No space"):
        write_text_atomically(target, "new")
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_writer_in_its_own_folder_is_fine_with_a_relative_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_text_atomically(Path("here.txt"), "x")
    assert (tmp_path / "here.txt").read_text() == "x"


def test_the_saves_side_file_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.saves import meta_path, read_meta, write_meta

    save = tmp_path / "slot.json"
    write_meta(save, {"controllers": {"allies": "human"}})
    monkeypatch.setattr("engine.atomic_file.os.replace", no_space)
    write_meta(save, {"controllers": {"allies": "ai"}})  # fails quietly: the save matters
    assert read_meta(save) == {"controllers": {"allies": "human"}}
    assert meta_path(save).exists() and leftovers(tmp_path) == []


def test_pictures_go_through_the_writer(tmp_path: Path) -> None:
    import pygame

    from game.png_file import write_png

    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    target = tmp_path / "shot.png"
    target.symlink_to(victim)
    write_png(pygame.Surface((8, 6)), target)
    assert victim.read_text() == "precious"
    assert pygame.image.load(str(target)).get_size() == (8, 6)
    with pytest.raises(FileNotFoundError):
        write_png(pygame.Surface((8, 6)), tmp_path / "missing" / "shot.png")
    assert not (tmp_path / "missing").exists()
