"""Budgets beside the medians: `@pytest.mark.budget(ms=...)` on a benchmark states its budget
(from the design or the issue that set it); after a `make bench` run a table lists each
benchmark's median CPU time against it. Nothing fails on a budget: `make bench` fails only on
a regression against the stored baseline (tests/bench/baseline.json)."""

from __future__ import annotations

from typing import Any

import pytest


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    session = getattr(config, "_benchmarksession", None)
    if session is None or session.disabled or not session.benchmarks:
        return
    budgets = {item.nodeid: mark.kwargs["ms"] for item in session_items(config)
               if (mark := item.get_closest_marker("budget")) is not None}
    terminalreporter.section("median CPU time against budget")
    for bench in session.benchmarks:
        if not bench.stats.data:  # the benchmark failed before its first round
            continue
        median_ms = bench.stats.median * 1000
        budget = budgets.get(bench.fullname)
        verdict = "" if budget is None else \
            f"budget {budget:>9,.1f} ms  {'within' if median_ms <= budget else 'OVER'}"
        terminalreporter.write_line(f"{bench.name:<58}{median_ms:>11,.2f} ms  {verdict}")


def session_items(config: pytest.Config) -> list[pytest.Item]:
    return getattr(config, "_bench_items", [])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    config._bench_items = list(items)  # type: ignore[attr-defined]
