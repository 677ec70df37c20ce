"""Writing a file so that a crash, a kill or a full disk never leaves half of it behind.

The data goes to a temporary file in the target's folder, is flushed to disk, takes the mode
the target already had (or the one a new file would get under the user's umask), and then
replaces the target in one `os.replace`; the folder is flushed too, so the rename itself
survives a power cut. On any failure the temporary file is removed and the target is left
exactly as it was. A temporary file left by a run that was killed (its name carries the
process id) is removed by the next write to the same target.

A target that is a symbolic link is replaced by the new file, never written through, so a link
planted in a folder cannot send the data elsewhere. With `replace=False` an existing name (a
dangling link included) is never touched: the file appears whole under its name or not at all.
Everything the program writes (saves and their side files, settings, generated maps, the
modding guide, the schema, new scenarios, screenshots and charts) goes through here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from pathlib import Path

NEW_FILE_MODE = 0o666  # narrowed by the umask, as for any file the user's programs create
NAME_KEPT = 180  # of the target's name in the temporary's, so both fit in a 255-byte name


def _stem(target: str) -> str:
    return target[:NAME_KEPT]


def _temporary_name(target: str) -> str:
    return f".{_stem(target)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _process_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete the temporary files of `path` left by writers that no longer run; those removed.

    A temporary file of a writer still running (this process included) is left alone, so two
    programs saving side by side never delete each other's work.
    """
    pattern = re.compile(rf"\.{re.escape(_stem(path.name))}\.(\d+)\.[0-9a-f]{{8}}\.tmp")
    removed: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(_folder(path)) as entries:
        for entry in entries:
            match = pattern.fullmatch(entry.name)
            if match is None or not entry.is_file(follow_symlinks=False):
                continue
            if _process_is_alive(int(match.group(1))):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _mode_for(path: Path) -> int | None:
    """The permission bits of the regular file at `path`, or None (the umask then decides).

    A symbolic link is not followed: the file that replaces it gets a new file's mode.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry list, so the rename is on disk; not every file system can."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _put_in_place(tmp: Path, path: Path, replace: bool) -> None:
    if replace:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path, follow_symlinks=False)  # fails if anything, even a link, has the name
    except FileExistsError:
        raise
    except OSError as exc:  # a file system without hard links: check, then rename
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from exc
        os.replace(tmp, path)
        return
    with contextlib.suppress(OSError):  # the file is in place; a leftover goes next time
        tmp.unlink()


def write_bytes_atomically(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Put `data` at `path` in one step; raises OSError and changes nothing.

    With `replace=False`, FileExistsError if anything is already at `path`.
    """
    path = Path(path)
    folder = _folder(path)
    remove_stale_temporaries(path)
    if not replace and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    tmp = folder / _temporary_name(path.name)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(tmp, flags, NEW_FILE_MODE)
    try:
        with os.fdopen(handle, "wb") as out:
            mode = _mode_for(path) if replace else None
            if mode is not None:
                os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        _put_in_place(tmp, path, replace)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def write_text_atomically(path: Path, text: str, *, replace: bool = True) -> None:
    """Put `text` (UTF-8, newlines as given) at `path` in one step; see above."""
    write_bytes_atomically(path, text.encode("utf-8"), replace=replace)


def unwritable_reason(path: Path) -> str | None:
    """Why a new file could not be put at `path`, in plain words; None if it looks possible.

    Checked before a long task (a screenshot, a chart) so that the task is not done for nothing;
    the write itself can still fail (a full disk) and says so then.
    """
    path = Path(path)
    folder = _folder(path)
    if not folder.exists():
        return f"no folder {folder}"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if path.is_dir():
        return f"{path} is a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"cannot write into {folder} (permission denied)"
    return None
