"""The import rule of docs/architecture.md: engine layers import downwards only, the engine never
imports the window or the command line, and the window never imports the command line.

Every `import` statement counts, including those inside functions: a lazy import is still an
arrow from one package to another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# docs/architecture.md, "The layers": a module may import its own layer or a lower one.
ENGINE_LAYERS: dict[str, int] = {
    "engine.format": 1, "engine.hexgrid": 1, "engine.atomic_file": 1, "engine.user_dirs": 1,
    "engine.state": 2, "engine.world": 2, "engine.mapdata": 2, "engine.orders": 2,
    "engine.events": 2,
    "engine.rules": 3,
    "engine.game": 4, "engine.save": 4,
    "engine.ai": 5, "engine.history": 5, "engine.controllers": 5,
}
NEVER_FROM_ENGINE = ("game", "cli", "pygame", "pygame_gui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, wherever it stands."""
    found: list[tuple[int, str]] = []
    package = _module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import, resolved against the importing package
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1],
                                 *([base] if base else [])])
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
            found.append((node.lineno, base))
    return found


def _layer(module: str) -> int | None:
    for prefix, layer in ENGINE_LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return None


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_every_engine_module_has_a_layer() -> None:
    unplaced = [_module_name(p) for p in _sources("engine")
                if _module_name(p) != "engine" and _layer(_module_name(p)) is None]
    assert unplaced == [], "add these to ENGINE_LAYERS and docs/architecture.md"


@pytest.mark.parametrize("path", _sources("engine"), ids=lambda p: _module_name(p))
def test_engine_imports_downwards_only(path: Path) -> None:
    module = _module_name(path)
    own = _layer(module)
    wrong: list[str] = []
    for line, target in _imports(path):
        if _top(target) in NEVER_FROM_ENGINE:
            wrong.append(f"line {line}: {target} (the engine never imports it)")
            continue
        layer = _layer(target)
        if own is not None and layer is not None and layer > own:
            wrong.append(f"line {line}: {target} (layer {layer} above this module's {own})")
    assert wrong == []


@pytest.mark.parametrize("path", _sources("game"), ids=lambda p: _module_name(p))
def test_the_window_never_imports_the_command_line(path: Path) -> None:
    assert [t for _, t in _imports(path) if _top(t) == "cli"] == []


def test_the_rule_catches_a_wrong_arrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself: a rules module importing the AI, lazily, is found."""
    fake_root = tmp_path
    rules = fake_root / "engine" / "rules"
    rules.mkdir(parents=True)
    bad = rules / "bad.py"
    bad.write_text("def f():\n    from engine.ai import make_ai\n    import pygame\n")
    monkeypatch.setattr(__import__(__name__), "ROOT", fake_root, raising=False)
    globals()["ROOT"], saved = fake_root, ROOT
    try:
        with pytest.raises(AssertionError):
            test_engine_imports_downwards_only(bad)
    finally:
        globals()["ROOT"] = saved
