"""The historical timeline of a scenario, built from its `history` section and nothing else.

The documentary replay, the after-action report and the objectives panel all read history
through this module, so a modder's scenario gets the same treatment as the Channel ports:
- days: every day of the scenario, plus the days of dated events before and after it;
- events per day, with captions per language, date notes and sources cited by title (the
  keys the data uses, such as `S4` or `W-WH`, are never shown: see bibliography.py);
- changes of hands: a place held by one side at the start changes hands on the first day a
  `capture` or `surrender` event names it, or on the preferred fall date of its objective
  (the strongpoints its `includes` lists fall with it). Nothing else changes hands: a place
  no event and no objective names stays with its holder, however close to a fortress;
- disagreements: competing fall dates and figures, announced on every date a source gives;
- plan positions: where the historical plan had each unit on a given day (a unit ordered to
  assault a place stands next to it until history says the place fell).
Nothing here looks at a game: history is what the sources say, not what the rules produce.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from engine.format.scenario import (
    Command,
    DatedClaim,
    Figure,
    HistoryEvent,
    HistoryPosition,
    LocalText,
    Outcome,
    Place,
    PlanAssault,
    PlanBombard,
    PlanHold,
    PlanMove,
    PlanOrder,
    Scenario,
    Unit,
    WithdrawalEvent,
    text_in,
)
from engine.hexgrid import Hex, HexGrid
from engine.history.bibliography import Bibliography
from engine.history.positions import HistoricalPosition, position_hexes, positions_on

FORTRESS_RADIUS_KM = 12.0  # prisoners taken this close to an objective are counted to it
FIGURES = ("prisoners", "allied_casualties", "civilians_evacuated", "civilian_deaths")
CHANGE_KINDS = frozenset({"capture", "surrender"})  # history event kinds that move a place

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
}
_WORDS = {
    "en": {"or": "or", "sources": "Sources", "date": "Date",
           "date_in_fr": "Date (note in French)", "disagree": "Sources disagree",
           "changes": "Changes hands", "plan": "Plan",
           "prisoners": "prisoners", "allied_casualties": "Allied casualties",
           "civilians_evacuated": "civilians evacuated", "civilian_deaths": "civilians killed",
           "fell": "fell", "held": "held", "to": "to", "assault": "assault", "move": "move to",
           "bombard": "shell", "air_raid": "heavy-bomber raid on", "truce": "truce at",
           "stockpile": "build up the ammunition dump at",
           "hold": "hold", "hours": "h", "no_event": "No dated event recorded.",
           "before": "Before the campaign", "after": "After the campaign", "turn": "Turn",
           "asks": "ask for truces", "accepts": "accept truces they are asked for",
           "refuses": "refuse any truce", "from": "from", "until": "until",
           "everywhere": "everywhere", "truce_policy": "Truce policy",
           "estimate": "partly estimated",
           "command": "Command", "acting": "acting", "positions": "Positions",
           "stands_at": "at", "stands_before": "before", "once_fallen": "once these have fallen"},
    "fr": {"or": "ou", "sources": "Sources", "date": "Date",
           "date_in_en": "Date (note en anglais)",
           "disagree": "Les sources divergent",
           "changes": "Change de mains", "plan": "Plan",
           "prisoners": "prisonniers", "allied_casualties": "pertes alliées",
           "civilians_evacuated": "civils évacués", "civilian_deaths": "civils tués",
           "fell": "tombe", "held": "tient", "to": "à", "assault": "assaut sur",
           "move": "mouvement vers", "bombard": "pilonnage de",
           "air_raid": "raid de bombardiers lourds sur", "truce": "trêve à",
           "stockpile": "constituer le dépôt de munitions de", "hold": "tenir",
           "hours": "h", "no_event": "Aucun événement daté.",
           "before": "Avant la campagne", "after": "Après la campagne", "turn": "Tour",
           "asks": "demandent des trêves", "accepts": "acceptent les trêves qu'on leur demande",
           "refuses": "refusent toute trêve", "from": "du", "until": "jusqu'au",
           "everywhere": "partout", "truce_policy": "Politique de trêve",
           "estimate": "en partie estimé",
           "command": "Commandement", "acting": "par intérim", "positions": "Positions",
           "stands_at": "à", "stands_before": "devant",
           "once_fallen": "une fois ceux-ci tombés"},
}


def word(key: str, lang: str) -> str:
    """A word of the history texts in `lang` (English when the language is not known)."""
    return _WORDS.get(lang, _WORDS["en"]).get(key) or _WORDS["en"][key]


def colon(lang: str) -> str:
    """French sets a space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "


def format_date(date: dt.date, lang: str, year: bool = True) -> str:
    """'30 September 1944' / '30 septembre 1944' ('1er octobre' in French)."""
    months = _MONTHS.get(lang, _MONTHS["en"])
    day = "1er" if lang == "fr" and date.day == 1 else str(date.day)
    text = f"{day} {months[date.month - 1]}"
    return f"{text} {date.year}" if year else text


def format_decimal(value: float, lang: str, digits: int = 1) -> str:
    """'83.4' / '83,4': a decimal as each language writes it."""
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def format_number(value: float, lang: str) -> str:
    """A whole number as each language writes it, everywhere a result is shown (the text and
    window reports, the panels, the log, refusals): '19,000' in English, '19 000' in French
    with a narrow no-break space, which the window's text boxes never break a line at."""
    text = f"{round(value):,}"
    return text.replace(",", "\u202f") if lang == "fr" else text


@dataclass(frozen=True)
class Change:
    """A place that changed hands on a day, by history."""

    place: str
    side: str  # the side that took it
    previous: str  # the side that held it
    sources: tuple[str, ...]
    objective: str | None  # the objective the place belongs to, if any


@dataclass(frozen=True)
class Disagreement:
    """Sources giving different dates or figures for the same thing."""

    subject: str  # objective (place id)
    topic: str  # "fell" or a figure name (prisoners, allied_casualties, ...)
    claims: tuple[tuple[dt.date | float, tuple[str, ...], str | None], ...]

    def dates(self) -> tuple[dt.date, ...]:
        return tuple(v for v, _, _ in self.claims if isinstance(v, dt.date))


@dataclass(frozen=True)
class HistoricalDate:
    """What the objectives panel shows beside an objective: 1944's date and the alternatives."""

    date: dt.date | None  # preferred fall date; None if it held
    alternatives: tuple[DatedClaim, ...]  # the other dates sources give, in the scenario's order
    held_until: dt.date | None
    sources: tuple[str, ...]
    known: bool = True  # False: the scenario's history says nothing about this objective


@dataclass(frozen=True)
class Day:
    """One step of the documentary: a date and what history records on it."""

    date: dt.date
    in_scenario: bool
    events: tuple[HistoryEvent, ...]
    changes: tuple[Change, ...]
    fallen: tuple[str, ...]  # objectives whose preferred fall date this is
    disagreements: tuple[Disagreement, ...]
    plan: tuple[PlanOrder, ...]
    commands: tuple[tuple[str, Command], ...] = ()  # (formation, its new commander or rank)
    positions: tuple[HistoryPosition, ...] = ()  # units the sources place anew that day


@dataclass
class Timeline:
    """The history section of one scenario, arranged by day (see the module docstring)."""

    scenario: Scenario
    bibliography: Bibliography = field(init=False)

    def __post_init__(self) -> None:
        self.bibliography = Bibliography(self.scenario.sources)

    # --- lookups --------------------------------------------------------------------------
    @cached_property
    def places(self) -> dict[str, Place]:
        return {p.id: p for p in self.scenario.places}

    @cached_property
    def outcomes(self) -> dict[str, Outcome]:
        return {o.objective: o for o in self.scenario.history.outcomes}

    @cached_property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenario.sides)

    def enemy_of(self, side: str) -> str:
        return next((s for s in self.side_ids if s != side), side)

    def place_name(self, place: str, lang: str) -> str:
        p = self.places.get(place)
        return text_in(p.name, lang) if p is not None else place

    def unit_name(self, unit: str, lang: str) -> str:
        u = self.units.get(unit)
        return text_in(u.name, lang) if u is not None else unit

    @cached_property
    def units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.scenario.units}

    def sources_text(self, ids: Iterable[str]) -> str:
        """The sources' titles (what a reader sees instead of the data's keys)."""
        return self.bibliography.cite(ids)

    def expand(self, text: str, lang: str) -> str:
        """A free text of the data with its source keys written out as titles."""
        return self.bibliography.expand(text, lang)

    # --- objectives -----------------------------------------------------------------------
    def historical_dates(self) -> dict[str, HistoricalDate]:
        out: dict[str, HistoricalDate] = {}
        for o in self.scenario.victory.objectives:
            outcome = self.outcomes.get(o.place)
            fell = outcome.fell if outcome else []
            out[o.place] = HistoricalDate(
                date=fell[0].date if fell else None,
                alternatives=tuple(fell[1:]),
                held_until=outcome.held_until if outcome else None,
                sources=tuple(fell[0].sources) if fell else (),
                known=outcome is not None and bool(fell or outcome.held_until),
            )
        return out

    @cached_property
    def fortress_of(self) -> dict[str, str]:
        """Objective each place's change of hands is told under in the replay: its own, one
        that `includes` it, or the nearest objective within FORTRESS_RADIUS_KM held at the start
        by the same side. A label only: it never decides a change of hands (see `changes`).
        Worked out from the scenario alone (the replay has no map); the report's per-port
        figures use `engine.history.report.objective_of_place`, and a test checks they agree.
        """
        out = self.scenario.victory.objective_of_place()
        objectives = self.scenario.victory.objectives
        for place in self.scenario.places:
            if place.id in out or place.side is None:
                continue
            best: tuple[float, str] | None = None
            for o in objectives:
                centre = self.places.get(o.place)
                if centre is None or centre.side != place.side:
                    continue
                km = _km(place.lat, place.lon, centre.lat, centre.lon)
                if km <= FORTRESS_RADIUS_KM and (best is None or km < best[0]):
                    best = (km, o.place)
            if best is not None:
                out[place.id] = best[1]
        return out

    # --- changes of hands -----------------------------------------------------------------
    @cached_property
    def sequence(self) -> list[tuple[dt.date, Change]]:
        """Every change of hands history records, in date order (the file's order within a day).

        A `capture` or `surrender` event hands the places it names to its `side` (default: the
        side of the first objective); an objective's first `fell` date hands it and its
        `includes` to the objective's side. A place changes hands only when it is not already
        the taker's, so a raid is a capture by one side and a later one by the other.
        """
        taker = self.scenario.victory.objectives[0].side
        claims: list[tuple[dt.date, int, str, str, tuple[str, ...], str | None]] = []
        for event in self.scenario.history.events:
            if event.kind in CHANGE_KINDS:
                side = event.side or taker
                claims.extend((event.date, len(claims), place, side, tuple(event.sources),
                               self.fortress_of.get(place)) for place in event.places)
        for o in self.scenario.victory.objectives:
            outcome = self.outcomes.get(o.place)
            if outcome is not None and outcome.fell:
                claims.extend((outcome.fell[0].date, len(claims), place, o.side,
                               tuple(outcome.fell[0].sources), o.place)
                              for place in (o.place, *o.includes))
        holder: dict[str, str | None] = {p.id: p.side for p in self.scenario.places}
        out: list[tuple[dt.date, Change]] = []
        for day, _, place, side, sources, objective in sorted(claims, key=lambda c: c[:2]):
            previous = holder.get(place)
            if previous is None or previous == side:
                continue  # nobody's place, or already the taker's
            holder[place] = side
            out.append((day, Change(place, side, previous, sources, objective)))
        return out

    @cached_property
    def changes(self) -> dict[str, tuple[dt.date, Change]]:
        """Place -> (day, change): the first day history has it change hands."""
        first: dict[str, tuple[dt.date, Change]] = {}
        for day, change in self.sequence:
            first.setdefault(change.place, (day, change))
        return first

    def owners_on(self, day: dt.date) -> dict[str, str | None]:
        """Who held each place at the end of `day`, by history."""
        out: dict[str, str | None] = {p.id: p.side for p in self.scenario.places}
        for when, change in self.sequence:
            if when <= day:
                out[change.place] = change.side
        return out

    # --- disagreements --------------------------------------------------------------------
    @cached_property
    def disagreements(self) -> list[Disagreement]:
        out: list[Disagreement] = []
        for outcome in self.scenario.history.outcomes:
            if len({c.date for c in outcome.fell}) > 1:
                out.append(Disagreement(outcome.objective, "fell", tuple(
                    (c.date, tuple(c.sources), c.note) for c in outcome.fell)))
            for topic in FIGURES:
                figures: list[Figure] = getattr(outcome, topic)
                if len({f.value for f in figures}) > 1:
                    out.append(Disagreement(outcome.objective, topic, tuple(
                        (f.value, tuple(f.sources), f.note) for f in figures)))
        return out

    def disagreement_text(self, d: Disagreement, lang: str, notes: bool = False) -> str:
        """'Calais: 30 September 1944 (titles of its sources) or 1 October 1944 (titles)'."""
        parts = []
        for value, ids, note in d.claims:
            shown = format_date(value, lang) if isinstance(value, dt.date) else \
                format_number(value, lang)
            part = f"{shown} ({self.sources_text(ids)})"
            if notes and note:
                part += f" [{self.expand(note, lang)}]"
            parts.append(part)
        label = self.place_name(d.subject, lang)
        if d.topic != "fell":
            label = f"{label}, {word(d.topic, lang)}"
        return f"{label}{colon(lang)}" + f" {word('or', lang)} ".join(parts)

    # --- days -----------------------------------------------------------------------------
    @cached_property
    def days(self) -> list[Day]:
        scenario = self.scenario
        history = scenario.history
        dates: set[dt.date] = set()
        d = scenario.start_date
        while d <= scenario.end_date:
            dates.add(d)
            d += dt.timedelta(days=1)
        dates.update(e.date for e in history.events)
        for o in history.outcomes:
            dates.update(c.date for c in o.fell)
        dates.update(day for day, _ in self.sequence)
        dates.update(self._figure_day(x) for x in self.disagreements if x.topic != "fell")
        commands_on: dict[dt.date, list[tuple[str, Command]]] = {}
        for formation in scenario.formations:
            for command in formation.commanders:
                if command.from_date is not None:
                    commands_on.setdefault(command.from_date, []).append((formation.id, command))
        dates.update(commands_on)
        dates.update(r.date for r in history.positions)
        fell_on: dict[dt.date, list[str]] = {}
        for o in scenario.victory.objectives:
            outcome = self.outcomes.get(o.place)
            if outcome and outcome.fell:
                fell_on.setdefault(outcome.fell[0].date, []).append(o.place)
        changes_on: dict[dt.date, list[Change]] = {}
        for day, change in self.sequence:
            changes_on.setdefault(day, []).append(change)
        order = {p.id: i for i, p in enumerate(scenario.places)}
        out = []
        for day in sorted(dates):
            out.append(Day(
                date=day,
                in_scenario=scenario.start_date <= day <= scenario.end_date,
                events=tuple(e for e in history.events if e.date == day),
                changes=tuple(sorted(changes_on.get(day, []),
                                     key=lambda c: order.get(c.place, 0))),
                fallen=tuple(fell_on.get(day, [])),
                disagreements=tuple(x for x in self.disagreements
                                    if day in x.dates() or (x.topic != "fell"
                                                            and self._figure_day(x) == day)),
                plan=tuple(p for p in history.plan if p.date == day),
                commands=tuple(commands_on.get(day, [])),
                positions=tuple(r for r in history.positions if r.date == day),
            ))
        return out

    def commander_on(self, formation: str, day: dt.date) -> Command | None:
        """Who commanded a formation on a day, at what rank (None: its history gives no dated
        command for that day)."""
        f = next((x for x in self.scenario.formations if x.id == formation), None)
        for command in f.commanders if f is not None else ():
            if (command.from_date is None or command.from_date <= day) and \
                    (command.until is None or day <= command.until):
                return command
        return None

    def command_text(self, formation: str, command: Command, lang: str) -> str:
        """'First Canadian Army: Lieutenant-General G. G. Simonds (acting) (sources)'."""
        f = next((x for x in self.scenario.formations if x.id == formation), None)
        name = text_in(f.name, lang) if f is not None else formation
        who = command.name + (f" ({word('acting', lang)})" if command.acting else "")
        note = f" — {self.expand(command.note, lang)}" if command.note else ""
        return f"{name}{colon(lang)}{who}{note} ({self.sources_text(command.sources)})"

    def _figure_day(self, d: Disagreement) -> dt.date:
        """Day a disputed figure is announced: its objective's fall, else the day the
        history says it held until, else the scenario's last day."""
        outcome = self.outcomes.get(d.subject)
        if outcome is not None and outcome.fell:
            return outcome.fell[0].date
        if outcome is not None and outcome.held_until is not None:
            return outcome.held_until
        return self.scenario.end_date

    def day_index(self, day: dt.date) -> int:
        """Index of the day on or after `day` (the last one if `day` is past the end)."""
        for i, entry in enumerate(self.days):
            if entry.date >= day:
                return i
        return len(self.days) - 1

    def window(self, start: dt.date | None = None, end: dt.date | None = None) -> list[Day]:
        return [d for d in self.days if (start is None or d.date >= start)
                and (end is None or d.date <= end)]

    # --- texts ----------------------------------------------------------------------------
    def event_lines(self, event: HistoryEvent, lang: str) -> list[str]:
        """The caption, then its date note, then its sources."""
        fallback = self.scenario.languages[0]
        lines = [text_in(event.caption, lang, fallback)]
        note = self.expand(text_in(event.date_note, lang, fallback), lang)
        if note:
            lines.append(f"{self._date_label(event.date_note, lang)}{colon(lang)}{note}")
        if event.sources:
            lines.append(f"{word('sources', lang)}{colon(lang)}{self.sources_text(event.sources)}")
        return lines

    def _date_label(self, note: LocalText, lang: str) -> str:
        """The label before a date note: `Date (note en anglais)` only when the note is shown
        in another language than the reader's (a plain string counts as written in the
        scenario's first language), so a translated note is not called English."""
        fallback = self.scenario.languages[0]
        if isinstance(note, str):
            shown = fallback
        elif note.get(lang):
            shown = lang
        else:
            shown = fallback if note.get(fallback) else next(iter(note), lang)
        if shown == lang:
            return word("date", lang)
        return _WORDS.get(lang, _WORDS["en"]).get(f"date_in_{shown}") or word("date", lang)

    def truce_policy_lines(self, lang: str) -> list[str]:
        """One line per entry of the sides' truce policies: who, what, when, where, sources."""
        lines = []
        for side in self.scenario.sides:
            for entry in side.truces:
                when = " ".join(
                    f"{word(key, lang)} {format_date(day, lang)}"
                    for key, day in (("from", entry.from_date), ("until", entry.until)) if day)
                where = ", ".join(self.place_name(p, lang) for p in entry.places) or \
                    word("everywhere", lang)
                text = f"{text_in(side.name, lang)} {word(entry.policy, lang)}: {where}"
                text += f" ({when})" if when else ""
                if entry.note:
                    text += f" — {text_in(entry.note, lang, self.scenario.languages[0])}"
                if entry.sources:
                    text += f" [{self.sources_text(entry.sources)}]"
                lines.append(text)
        return lines

    def changes_text(self, changes: Iterable[Change], lang: str) -> str:
        """A day's changes of hands, places taken by the same side on the same sources given
        together: 'Calais, Fort Nieulay → Allies (sources)'."""
        groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for c in changes:
            groups.setdefault((c.side, c.sources), []).append(self.place_name(c.place, lang))
        sides = {s.id: text_in(s.name, lang) for s in self.scenario.sides}
        return "; ".join(f"{', '.join(places)} → {sides.get(side, side)} "
                         f"({self.sources_text(sources)})"
                         for (side, sources), places in groups.items())

    def plan_text(self, order: PlanOrder, lang: str) -> str:
        units = ", ".join(self.unit_name(u, lang) for u in getattr(order, "units", []))
        if isinstance(order, PlanMove):
            what = f"{word('move', lang)} {self.place_name(order.to, lang)}"
        elif isinstance(order, PlanAssault):
            what = f"{word('assault', lang)} {self.place_name(order.target, lang)}"
        elif isinstance(order, PlanBombard):
            what = f"{word('bombard', lang)} {self.place_name(order.target, lang)}"
        elif isinstance(order, PlanHold):
            what = word("hold", lang)
        elif order.order == "air_raid":
            what = f"{word('air_raid', lang)} {self.place_name(order.target, lang)}"
        elif order.order == "stockpile":
            what = f"{word('stockpile', lang)} {self.place_name(order.place, lang)}"
        else:
            what = f"{word('truce', lang)} {self.place_name(order.place, lang)} " \
                   f"({order.hours} {word('hours', lang)})"
        if order.after:
            places = ", ".join(self.place_name(p, lang) for p in order.after)
            what = f"{what} ({word('once_fallen', lang)}{colon(lang)}{places})"
        text = f"{units}{colon(lang)}{what}" if units else what[:1].upper() + what[1:]
        return self._cited(text, order.note, order.sources, lang)

    def position_text(self, record: HistoryPosition, lang: str) -> str:
        """'Queen's Own Rifles of Canada: before Batterie Oldenburg — note [partly estimated;
        sources: titles]'."""
        units = ", ".join(self.unit_name(u, lang) for u in record.units)
        if record.place is not None:
            where = f"{word('stands_at', lang)} {self.place_name(record.place, lang)}"
        elif record.near is not None:
            where = f"{word('stands_before', lang)} {self.place_name(record.near, lang)}"
        else:
            lat, lon = record.at or (0.0, 0.0)
            where = f"{word('stands_at', lang)} {lat:.3f}, {lon:.3f}"
        return self._cited(f"{units}{colon(lang)}{where}", record.note, record.sources, lang)

    def _cited(self, text: str, note: str | None, sources: list[str], lang: str) -> str:
        """A line of the plan or of the positions, with its note, whether it is partly
        estimated, and its sources' titles."""
        if note:
            text += f" — {self.expand(note, lang)}"
        bib = self.bibliography
        flag = f"{word('estimate', lang)}; " if bib.estimated(sources) else ""
        return f"{text} [{flag}{word('sources', lang).lower()}{colon(lang)}" \
               f"{bib.cite(bib.sourced(sources))}]"

    def day_lines(self, day: Day, lang: str, plan: bool = True, empty: bool = True) -> list[str]:
        """The text the headless replay prints for one day (the window shows the same); for a
        day with nothing recorded, a line saying so (none if not `empty`)."""
        lines: list[str] = []
        for event in day.events:
            text = self.event_lines(event, lang)
            lines.append(f"- {text[0]}")
            lines.extend(f"    {t}" for t in text[1:])
        for objective in day.fallen:
            lines.append(f"* {self.place_name(objective, lang)} {word('fell', lang)} "
                         f"({self.sources_text(self.outcomes[objective].fell[0].sources)})")
        for formation, command in day.commands:
            lines.append(f"{word('command', lang)}{colon(lang)}"
                         f"{self.command_text(formation, command, lang)}")
        if day.changes:
            lines.append(f"{word('changes', lang)}{colon(lang)}"
                         + self.changes_text(day.changes, lang))
        for d in day.disagreements:
            lines.append(f"! {word('disagree', lang)} — {self.disagreement_text(d, lang)}")
        if day.positions:
            lines.append(f"{word('positions', lang)}{colon(lang)}".rstrip())
            lines.extend(f"    {self.position_text(r, lang)}" for r in day.positions)
        if plan and day.plan:
            lines.append(f"{word('plan', lang)}{colon(lang)}".rstrip())
            lines.extend(f"    {self.plan_text(p, lang)}" for p in day.plan)
        if not lines and empty:
            lines.append(word("no_event", lang))
        return lines

    # --- positions from the sources -------------------------------------------------------
    @cached_property
    def _withdrawals(self) -> dict[str, dt.date]:
        out: dict[str, dt.date] = {}
        for u in self.scenario.units:
            if u.withdraws is not None:
                out[u.id] = u.withdraws
        for e in self.scenario.events:
            if isinstance(e, WithdrawalEvent):
                for uid in e.units:
                    out[uid] = min(out.get(uid, e.date), e.date)
        return out

    def positions(self, day: dt.date) -> dict[str, HistoricalPosition]:
        """Where each unit stood on `day` by the sources' dated records (absent units are
        left out); see engine/history/positions.py."""
        return positions_on(self.scenario, day, self.owners_on(day), self._withdrawals,
                            self.places)

    def position_hexes(self, day: dt.date, grid: HexGrid,
                       is_land: Callable[[Hex], bool] | None = None) -> dict[str, Hex]:
        """The positions as hexes; a unit before a place stands on a land hex next to it, on
        the side it came from."""
        return position_hexes(self.scenario, self.positions(day), day, grid, is_land)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance on the ground, flat-earth approximation (good to a few metres at this scale)."""
    mean = math.radians((lat1 + lat2) / 2)
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(mean)
    return math.hypot(dx, dy)


def timeline(scenario: Scenario) -> Timeline:
    return Timeline(scenario)


def historical_dates(scenario: Scenario) -> dict[str, HistoricalDate]:
    """For the objectives panel: objective -> preferred fall date (None if it held) and the
    other dates sources give."""
    return Timeline(scenario).historical_dates()


def within_campaign(outcome: Outcome, scenario: Scenario) -> bool:
    """Whether an objective's figures belong to the scenario's campaign: it fell by `end_date`,
    or it held and history does not carry it past `end_date` (Dunkirk's prisoners of May 1945
    are not a September campaign's; a port that simply held has its figures compared)."""
    if outcome.fell:
        return outcome.fell[0].date <= scenario.end_date
    return outcome.held_until is None or outcome.held_until <= scenario.end_date


def historical_total(scenario: Scenario, topic: str, campaign_only: bool = False
                     ) -> float | None:
    """Sum of the preferred figure of `topic` over the outcomes that give one.

    `campaign_only` keeps the outcomes `within_campaign`: the prisoners and Allied casualties a
    campaign can be compared with.
    """
    total, found = 0.0, False
    for o in scenario.history.outcomes:
        figures: list[Figure] = getattr(o, topic)
        if not figures:
            continue
        if campaign_only and not within_campaign(o, scenario):
            continue
        total += figures[0].value
        found = True
    return total if found else None
