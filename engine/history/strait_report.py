"""The duel across the Strait in the after-action report: shells that fell on each off-map town,
civilians killed there, guns the counter-battery fire put out of action and the day of the last
shell, added up from the event log (`strait_fire`, `counter_battery`) beside the 1944 figures
of `strait.history`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from engine.events import Event
from engine.format.scenario import Scenario, text_in
from engine.history.timeline import colon, format_date, format_number


@dataclass(frozen=True)
class StraitResult:
    shells: dict[str, int] = field(default_factory=dict)  # off-map town -> shells fallen there
    killed: dict[str, int] = field(default_factory=dict)  # off-map town -> civilians killed
    knocked_out: dict[str, int] = field(default_factory=dict)  # battery unit -> guns lost
    last_shell: str | None = None
    history_killed: float | None = None
    history_last_shell: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"shells": dict(self.shells), "killed": dict(self.killed),
                "knocked_out": dict(self.knocked_out), "last_shell": self.last_shell,
                "history": {"civilians_killed": self.history_killed,
                            "last_shell": self.history_last_shell}}


def strait_result(scenario: Scenario, events: Iterable[Event]) -> StraitResult | None:
    """What the log says the duel did (None for a scenario without a `strait` section)."""
    spec = scenario.strait
    if spec is None:
        return None
    shells: dict[str, int] = {}
    killed: dict[str, int] = {}
    knocked: dict[str, int] = {}
    last = None
    for e in events:
        if e.kind == "strait_fire":
            town = str(e.get("target"))
            shells[town] = shells.get(town, 0) + int(e.get("shells", 0))
            killed[town] = killed.get(town, 0) + int(e.get("killed", 0))
            last = e.date
        elif e.kind == "counter_battery" and e.get("knocked_out"):
            unit = str(e.get("unit"))
            knocked[unit] = knocked.get(unit, 0) + int(e.get("knocked_out", 0))
    h = spec.history
    return StraitResult(
        shells=shells, killed=killed, knocked_out=knocked, last_shell=last,
        history_killed=h.civilian_deaths[0].value if h.civilian_deaths else None,
        history_last_shell=h.last_shell[0].date.isoformat() if h.last_shell else None,
    )


_WORDS = {
    "en": {"title": "Across the Strait", "shells": "shells", "killed": "civilians killed",
           "history": "1944", "none": "no figure", "last": "last shell", "never": "none fired",
           "knocked": "guns put out of action by counter-battery fire", "on": "on"},
    "fr": {"title": "De l'autre côté du détroit", "shells": "obus", "killed": "civils tués",
           "history": "1944", "none": "pas de chiffre", "last": "dernier obus",
           "never": "aucun tir", "knocked": "pièces mises hors de combat par la contre-batterie",
           "on": "sur"},
}


def strait_names(scenario: Scenario, data: dict[str, Any], lang: str) -> dict[str, str]:
    """Names of the off-map target and battery an event names (`target_name`, `battery_name`),
    for the sentences of the log."""
    spec = scenario.strait
    names = {t.id: text_in(t.name, lang) for t in spec.targets} if spec is not None else {}
    return {"target_name": names.get(str(data.get("target")), str(data.get("target"))),
            "battery_name": names.get(str(data.get("battery")), str(data.get("battery")))}


def strait_lines(scenario: Scenario, r: StraitResult, lang: str) -> list[str]:
    """The report's lines on the duel."""
    w = _WORDS.get(lang, _WORDS["en"])
    spec = scenario.strait
    assert spec is not None
    names = {t.id: text_in(t.name, lang) for t in spec.targets}
    units = {u.id: text_in(u.name, lang) for u in scenario.units}
    c = colon(lang)
    towns = "; ".join(
        f"{names.get(town, town)}{c}{format_number(n, lang)} {w['shells']}, "
        f"{format_number(r.killed.get(town, 0), lang)} {w['killed']}"
        for town, n in sorted(r.shells.items()))
    hist_killed = w["none"] if r.history_killed is None else format_number(r.history_killed, lang)
    total = sum(r.killed.values())
    lines = [f"{w['title']}{c}{towns or w['never']}",
             f"  {w['killed']}{c}{format_number(total, lang)} ({w['history']}{c}{hist_killed})"]
    last = format_date(dt.date.fromisoformat(r.last_shell), lang, year=False) \
        if r.last_shell else w["never"]
    hist_last = format_date(dt.date.fromisoformat(r.history_last_shell), lang, year=False) \
        if r.history_last_shell else w["none"]
    lines.append(f"  {w['last']}{c}{last} ({w['history']}{c}{hist_last})")
    if r.knocked_out:
        lines.append(f"  {w['knocked']}{c}" + "; ".join(
            f"{units.get(u, u)} {n}" for u, n in sorted(r.knocked_out.items())))
    return lines
