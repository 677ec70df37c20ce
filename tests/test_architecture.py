"""The import rule of docs/architecture.md: engine layers import downwards only, the engine never
imports the window or the command line, the window never imports the command line, and no two
modules import each other (directly or round a longer loop).

Every `import` statement counts, including those inside functions: a lazy import is still an
arrow from one module to another.
"""

from __future__ import annotations

import ast
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# docs/architecture.md, "The layers": a module may import its own layer or a lower one.
ENGINE_LAYERS: dict[str, int] = {
    "engine.format": 1, "engine.hexgrid": 1, "engine.atomic_file": 1, "engine.user_dirs": 1,
    "engine.guarded_read": 1, "engine.sigint": 1, "engine.hexbits": 1,
    "engine.state": 2, "engine.world": 2, "engine.mapdata": 2, "engine.orders": 2,
    "engine.events": 2, "engine.terrain_changes": 2,
    "engine.rules": 3,
    "engine.game": 4, "engine.save": 4,
    "engine.ai": 5, "engine.history": 5, "engine.controllers": 5,
}
NEVER_FROM_ENGINE = ("game", "cli", "pygame", "pygame_gui")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:` (names for annotations, never run)."""
    return {id(node) for block in ast.walk(tree)
            if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
            for stmt in block.body for node in ast.walk(stmt)}


def imports(path: Path, root: Path = ROOT, *, at_run_time: bool = False) -> list[tuple[int, str]]:
    """(line, imported name) for every import in the file, wherever it stands (with
    `at_run_time`, leaving out those under `if TYPE_CHECKING:`).

    `from a.b import c` gives both `a.b` and `a.b.c` (c may be a module or a name in a.b)."""
    found: list[tuple[int, str]] = []
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree) if at_run_time else set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing package
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def layer(module: str) -> int | None:
    for prefix, number in ENGINE_LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return number
    return None


def wrong_arrows(path: Path, root: Path = ROOT) -> list[str]:
    """The imports of an engine module that break the rule, one line each."""
    own = layer(module_name(path, root))
    wrong: list[str] = []
    for line, target in imports(path, root):
        if target.split(".", 1)[0] in NEVER_FROM_ENGINE:
            wrong.append(f"line {line}: {target} (the engine never imports it)")
        elif own is not None and (to := layer(target)) is not None and to > own:
            wrong.append(f"line {line}: {target} (layer {to}, above this module's {own})")
    return wrong


def import_cycles(root: Path, package: str) -> list[list[str]]:
    """Loops of module-to-module imports inside `package` (each loop once, as a list).

    Imports for annotations only (`if TYPE_CHECKING:`) do not count: a screen may name the
    `App` type that creates it."""
    paths = {module_name(p, root): p for p in sorted((root / package).rglob("*.py"))}
    graph = {m: sorted({t for _, t in imports(p, root, at_run_time=True) if t in paths and t != m
                        and not m.startswith(t + ".")})  # a module may use its own package
             for m, p in paths.items()}
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def walk(start: str, here: str, trail: list[str]) -> None:
        for nxt in graph[here]:
            if nxt == start and frozenset(trail) not in seen:
                seen.add(frozenset(trail))
                cycles.append([*trail, start])
            elif nxt not in trail and nxt > start:  # each loop found from its smallest module
                walk(start, nxt, [*trail, nxt])

    for module in graph:
        walk(module, module, [module])
    return cycles


def sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def test_every_engine_module_has_a_layer() -> None:
    unplaced = [module_name(p) for p in sources("engine")
                if module_name(p) != "engine" and layer(module_name(p)) is None]
    assert unplaced == [], "add these to ENGINE_LAYERS and docs/architecture.md"


@pytest.mark.parametrize("path", sources("engine"), ids=module_name)
def test_engine_imports_downwards_only(path: Path) -> None:
    assert wrong_arrows(path) == []


@pytest.mark.parametrize("package", ["engine", "game", "cli"])
def test_no_two_modules_import_each_other(package: str) -> None:
    assert import_cycles(ROOT, package) == []


@pytest.mark.parametrize("path", sources("game"), ids=module_name)
def test_the_window_never_imports_the_command_line(path: Path) -> None:
    assert [t for _, t in imports(path) if t.split(".", 1)[0] == "cli"] == []


def test_the_checker_finds_a_lazy_upward_import_and_a_loop(tmp_path: Path) -> None:
    rules = tmp_path / "engine" / "rules"
    rules.mkdir(parents=True)
    (tmp_path / "engine" / "__init__.py").write_text("")
    (rules / "__init__.py").write_text("")
    bad = rules / "bad.py"
    bad.write_text("def f():\n    from engine.ai import make_ai\n    import pygame\n"
                   "from . import other\n")
    (rules / "other.py").write_text("from engine.rules.bad import f\nimport engine.rules.typed\n")
    (rules / "typed.py").write_text("from typing import TYPE_CHECKING\n"
                                    "if TYPE_CHECKING:\n    from engine.rules.other import f\n")
    (rules / "uses_typed.py").write_text("from engine.rules.typed import TYPE_CHECKING\n")
    assert [w.split(" (")[0] for w in wrong_arrows(bad, tmp_path)] == [
        "line 2: engine.ai", "line 2: engine.ai.make_ai", "line 3: pygame"]
    assert import_cycles(tmp_path, "engine") == [
        ["engine.rules.bad", "engine.rules.other", "engine.rules.bad"]]


def test_the_readme_layout_names_every_folder() -> None:
    """README's "Layout" block lists each top-level folder and each package under engine/ and
    game/, so the map a newcomer reads first never falls behind the tree."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout", 1)[1].split("```")[1]
    listed = {line.split()[0].rstrip("/") for line in block.splitlines() if line[:1].strip()}
    nested = {line.split()[0].rstrip("/") for line in block.splitlines()
              if line.startswith("  ") and line.strip()[:1].isalpha()}
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if files.returncode != 0:
        pytest.skip("not a git checkout: the tracked folders are unknown")
    tracked = {f.split("/", 1)[0] for f in files.stdout.splitlines() if "/" in f}
    tracked -= {f for f in tracked if f.startswith(".")}
    packages = {p.parent.name for top in ("engine", "game")
                for p in (ROOT / top).glob("*/__init__.py")}
    assert tracked <= listed, f"folders missing from README's layout: {sorted(tracked - listed)}"
    assert packages <= nested, f"packages missing from README's layout: {sorted(packages - nested)}"
