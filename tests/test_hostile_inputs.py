"""Hostile or broken files get one clear, located error line: fast, in bounded memory, no traceback.

The 2-second bound is an input-handling guarantee (a modder's typo or a malicious file must not
hang the game or the validator), so it is asserted generously rather than benchmarked.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from cli import validate as validation_cli
from engine.format.validation import validate_any, validate_file
from engine.format.yaml_source import MAX_DEPTH, MAX_FILE_BYTES

TIME_LIMIT_S = 2.0
MEMORY_LIMIT_BYTES = 64 * 1024 * 1024


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _write_big_file(path: Path) -> None:
    """A 50 MB file, written in chunks so the test itself stays small in memory."""
    chunk = ("units: [" + "{id: x}, " * 1000 + "]\n").encode()
    with open(path, "wb") as handle:
        while handle.tell() < 50_000_000:
            handle.write(chunk)


# name -> (how to make the input inside tmp_path, expected message fragment, line, col)
HOSTILE: dict[str, tuple[Callable[[Path], Path], str, int, int]] = {
    "missing file": (lambda d: d / "nope.yaml", "file not found", 1, 1),
    "directory": (lambda d: d, "this is a directory, not a file", 1, 1),
    "empty file": (
        lambda d: _write(d / "empty.yaml", b""), "the file is empty", 1, 1,
    ),
    "only comments": (
        lambda d: _write(d / "c.yaml", b"# nothing here\n\n"), "the file is empty", 1, 1,
    ),
    "binary junk": (
        lambda d: _write(d / "junk.yaml", b"id: x\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "binary data (a NUL byte)", 4, 1,
    ),
    "invalid UTF-8": (
        lambda d: _write(d / "latin1.yaml", "id: x\nname: Calais\ntitle: Mémoire\n".encode(
            "latin-1")),
        "not UTF-8 text: byte 0xe9", 3, 9,
    ),
    "control character": (
        lambda d: _write(d / "ctl.yaml", b"id: x\nname: a\x07b\n"),
        "the control character U+0007 is not allowed", 2, 8,
    ),
    "50 MB file": (
        lambda d: _make(d / "big.yaml", _write_big_file),
        f"over the {MAX_FILE_BYTES / 1e6:.1f} MB", 1, 1,
    ),
    "alias bomb": (
        lambda d: _write(d / "bomb.yaml", _billion_laughs().encode()),
        "expands to more than", 6, 16,
    ),
    "deep flow nesting, 100k levels": (
        lambda d: _write(d / "deep.yaml", b"[" * 100_000 + b"]" * 100_000),
        f"nesting deeper than {MAX_DEPTH} levels", 1, MAX_DEPTH + 1,
    ),
    "deep block nesting": (
        lambda d: _write(
            d / "deep_block.yaml",
            "".join(" " * i + "k:\n" for i in range(2000)).encode(),
        ),
        f"nesting deeper than {MAX_DEPTH} levels", MAX_DEPTH + 1, MAX_DEPTH + 1,
    ),
    "syntax error": (
        lambda d: _write(d / "syntax.yaml", b"id: x\nunits: [a, b\nmap: {}\n"),
        "YAML syntax error", 3, 4,
    ),
    "top-level list": (
        lambda d: _write(d / "list.yaml", b"- a\n- b\n"),
        "the top level must be a mapping", 1, 1,
    ),
    "python object tag": (
        lambda d: _write(d / "tag.yaml", b"id: !!python/object/apply:os.system [ls]\n"),
        "unsupported YAML tag", 1, 5,
    ),
    "recursive alias": (
        lambda d: _write(d / "rec.yaml", b"a: &a [1, *a]\n"),
        "alias *a refers to no complete anchor", 1, 11,
    ),
    "two documents": (
        lambda d: _write(d / "two.yaml", b"id: a\n---\nid: b\n"),
        "a second YAML document starts here", 2, 1,
    ),
    "huge integer": (
        lambda d: _write(d / "int.yaml", b"strength: 1" + b"0" * 10_000 + b"\n"),
        "invalid integer", 1, 11,
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _make(path: Path, maker: Callable[[Path], None]) -> Path:
    maker(path)
    return path


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_gets_one_located_error(name: str, tmp_path: Path) -> None:
    make, fragment, line, col = HOSTILE[name]
    path = make(tmp_path)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        report = validate_any(path)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.severity for p in report.problems] == ["error"], report.problems
    problem = report.problems[0]
    assert fragment in problem.message
    assert (problem.line, problem.col) == (line, col), str(problem)
    assert problem.file == str(path)
    assert elapsed < TIME_LIMIT_S, f"{name} took {elapsed:.2f} s"
    assert peak < MEMORY_LIMIT_BYTES, f"{name} peaked at {peak / 1e6:.0f} MB"


def test_deep_nesting_answer_does_not_depend_on_the_yaml_parser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The depth limit is the project's own: caught before the parser, whatever it would say."""
    import yaml

    def parser_that_gives_up(*_args: object, **_kwargs: object) -> None:
        raise yaml.YAMLError("some library's own wording")

    monkeypatch.setattr(yaml, "parse", parser_that_gives_up)
    path = _write(tmp_path / "deep.yaml", b"a: " + b"{b: [" * 40 + b"]}" * 40 + b"\n")
    problem = validate_any(path).problems[0]
    assert problem.message == f"nesting deeper than {MAX_DEPTH} levels"
    assert (problem.line, problem.col) == (1, 3 + 5 * 32 + 1)


@pytest.mark.parametrize(
    "text",
    [
        'note: "' + "[" * 200 + '"\n',
        "note: '" + "{" * 200 + "'\n",
        "note: x  # " + "[" * 200 + "\n",
        "list: [" + "[], " * 200 + "]\n",
    ],
    ids=["double-quoted", "single-quoted", "comment", "wide but shallow"],
)
def test_brackets_that_do_not_nest_are_not_refused(text: str, tmp_path: Path) -> None:
    from engine.format.yaml_source import read_yaml

    assert read_yaml(_write(tmp_path / "ok.yaml", text.encode())).data


def test_load_path_refuses_hostile_input_the_same_way(tmp_path: Path) -> None:
    path = _write(tmp_path / "bomb.yaml", _billion_laughs().encode())
    report = validate_file(path)
    assert len(report.problems) == 1
    assert report.loaded is None


def test_cli_prints_one_line_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path / "deep.yaml", b"[" * 100_000 + b"]" * 100_000)
    args = argparse.Namespace(files=[path], format="text", strict=False)
    assert validation_cli.run(args) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{path}:1:{MAX_DEPTH + 1}: error: nesting deeper than {MAX_DEPTH} levels",
        "1 error, 0 warnings in 1 file",
    ]
