"""The game screen's widgets (pygame_gui): header, bottom bar, sidebar panels, and the HTML
they show. Building and filling them lives here; deciding what happens on a click does not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UIPanel, UITextBox

from engine.format.scenario import text_in
from engine.hexgrid import Hex
from engine.history.timeline import colon, format_date, format_number
from game.map.features import ObjectiveInfo
from game.session import CombatForecast, GunShells, LogLine, Session, UnitView
from game.text.events import decimal, plural, tons
from game.text.i18n import long_date, short_date, tr
from game.theme import ICON_GAP, ICONS
from game.widgets.dialogs import esc
from game.widgets.explained_button import ExplainedButton

HEADER_H = 44
TURN_W = 96  # the header's 'Tour 12/34' whole
BOTTOM_H = 56
SIDEBAR_W = 360
MINIMAP_H = 250

STATUS_COLOURS = {
    "out_of_supply": "#b8860b",
    "encircled": "#b02020",
    "suppressed": "#c86414",
    "broken": "#b02020",
    "spent": "#6a6a6a",
    "cannot_fire": "#b02020",  # a gun with no shells in reach
    "laying_lines": "#c86414",  # a gun or assault armour redeploying after a long move
}


@dataclass
class Hud:
    """Handles to every widget of the game screen."""

    header_labels: dict[str, UILabel] = field(default_factory=dict)
    buttons: dict[str, UIButton] = field(default_factory=dict)
    info: UITextBox | None = None
    objectives: UITextBox | None = None
    log: UITextBox | None = None
    minimap_area: pygame.Rect = field(default_factory=lambda: pygame.Rect(0, 0, 0, 0))
    log_count: int = 0
    bottom_h: int = BOTTOM_H  # the bottom bar's height: one row of buttons, or two
    date_weekday: bool = True  # the header has room for the date's weekday


def build(manager: pygame_gui.UIManager, lang: str,
          commands: dict[str, Callable[[], None]]) -> Hud:
    """Create the widgets for a window of the manager's size."""
    width, height = manager.window_resolution
    hud = Hud()
    header = UIPanel(pygame.Rect(0, 0, width, HEADER_H), manager=manager, object_id="#header")
    x = 12
    fields: tuple[tuple[str, int], ...] = (("title", 280), ("date", 320), ("turn", 120),
                                           ("weather", 260), ("to_move", 330))
    if width < 1450:
        fields = fields[1:]  # narrow window: the title goes first (it is in the window bar)
    fit = min(1.0, (width - 414) / (sum(w for _, w in fields) + 6 * len(fields)))
    widths = {key: round(w * fit) for key, w in fields}
    # too narrow for 'Wednesday 27 September 1944' and 'Turn 12/34' both: the date goes
    # without its weekday, and the turn gets the room it needs from the date's
    hud.date_weekday = widths["date"] >= _text_width("Wednesday 27 September 1944")
    if not hud.date_weekday:
        grow = max(0, TURN_W - widths["turn"])
        widths["turn"] += grow
        widths["date"] -= grow
    for key, _ in fields:
        w = widths[key]
        object_id = "#header_title" if key == "title" else None
        label = UILabel(pygame.Rect(x, 6, w, 30), "", manager, container=header,
                        object_id=object_id)
        hud.header_labels[key] = label
        x += w + 6
    hud.buttons["replay"] = UIButton(pygame.Rect(width - 378, 6, 84, 32),
                                     tr("button.replay", lang), manager, container=header,
                                     command=commands["replay"],
                                     tool_tip_text=tr("tip.replay", lang), object_id="#replay")
    hud.buttons["sound"] = UIButton(pygame.Rect(width - 286, 6, 84, 32), "", manager,
                                    container=header, command=commands["sound"],
                                    tool_tip_text=tr("tip.sound", lang))
    hud.buttons["help"] = UIButton(pygame.Rect(width - 194, 6, 84, 32), tr("button.help", lang),
                                   manager, container=header, command=commands["help"],
                                   tool_tip_text=tr("tip.help", lang), object_id="#help")
    hud.buttons["menu"] = UIButton(pygame.Rect(width - 102, 6, 92, 32), tr("button.menu", lang),
                                   manager, container=header, command=commands["menu"],
                                   tool_tip_text=tr("tip.menu", lang))

    layout = bar_layout(width, lang)
    hud.bottom_h = layout.height
    bar = UIPanel(pygame.Rect(0, height - layout.height, width, layout.height),
                  manager=manager, object_id="#bottom_bar")
    for key, rect in layout.buttons.items():
        # greyed out, an order still says what it does and, when the screen adds it, why it
        # cannot be given now
        hud.buttons[key] = ExplainedButton(rect, tr(BAR_LABELS[key][0], lang), manager,
                                           container=bar, command=commands[key],
                                           tool_tip_text=tr(BAR_LABELS[key][1], lang),
                                           object_id=f"#{key}")
    hud.buttons["end_turn"] = UIButton(layout.end_turn, tr("button.end_turn", lang), manager,
                                       container=bar, command=commands["end_turn"],
                                       tool_tip_text=tr("tip.end_turn", lang),
                                       object_id="#end_turn")

    bottom_h = layout.height
    side_x = width - SIDEBAR_W
    side_h = height - HEADER_H - bottom_h
    minimap_h = min(MINIMAP_H, max(120, side_h // 3))
    hud.minimap_area = pygame.Rect(side_x + 10, HEADER_H + 10, SIDEBAR_W - 20, minimap_h - 10)
    panel_top = HEADER_H + minimap_h + 6
    sidebar = UIPanel(pygame.Rect(side_x, panel_top, SIDEBAR_W, height - bottom_h - panel_top),
                      manager=manager, object_id="#sidebar")
    inner_w = SIDEBAR_W - 16
    avail = height - bottom_h - panel_top - 3 * 26 - 16
    # the unit panel first: a whole card (nine lines at 1600x900: a gun's, its shells and its
    # lines being laid included) shows without scrolling; the objectives and the log scroll
    info_h = max(120, round(avail * 0.53))
    obj_h = max(90, round(avail * 0.21))
    log_h = max(90, avail - info_h - obj_h)
    y = 4
    hud.info = UITextBox("", pygame.Rect(6, y, inner_w, info_h), manager, container=sidebar)
    y += info_h + 4
    UILabel(pygame.Rect(8, y, inner_w, 22), tr("panel.objectives", lang), manager,
            container=sidebar)
    y += 24
    hud.objectives = UITextBox("", pygame.Rect(6, y, inner_w, obj_h), manager, container=sidebar)
    y += obj_h + 4
    UILabel(pygame.Rect(8, y, inner_w - 130, 22), tr("panel.log", lang), manager,
            container=sidebar)
    hud.buttons["log_filter"] = UIButton(pygame.Rect(inner_w - 118, y - 2, 124, 24), "",
                                         manager, container=sidebar,
                                         command=commands["log_filter"],
                                         tool_tip_text=tr("tip.log_filter", lang),
                                         object_id="#log_filter")
    y += 24
    hud.log = UITextBox("", pygame.Rect(6, y, inner_w, log_h), manager, container=sidebar)
    return hud


def _text_width(text: str) -> float:
    """Rough width of a bold 15 px label (measuring needs the theme's font object)."""
    return 8.6 * len(text)


def map_viewport(size: tuple[int, int], bottom_h: int = BOTTOM_H) -> tuple[int, int, int, int]:
    width, height = size
    return 0, HEADER_H, width - SIDEBAR_W, height - HEADER_H - bottom_h


# the bottom bar: its buttons in groups (orders of the game, map overlays, orders of war), each
# with its label, tooltip and the width it is given where there is room
BAR_GROUPS: tuple[tuple[tuple[str, int], ...], ...] = (
    (("undo", 96), ("save", 90), ("load", 90), ("players", 96)),
    (("supply", 132), ("zoc", 70), ("forts", 100), ("civilians", 100)),
    (("bombard", 116), ("air_raid", 130), ("truce", 190)),
)
BAR_LABELS: dict[str, tuple[str, str]] = {
    "undo": ("button.undo", "tip.undo"), "save": ("button.save", "tip.save"),
    "load": ("button.load", "tip.load"), "players": ("button.players", "tip.players"),
    "supply": ("overlay.supply", "tip.supply"), "zoc": ("overlay.zoc", "tip.zoc"),
    "forts": ("overlay.forts", "tip.forts"), "civilians": ("overlay.civilians", "tip.civilians"),
    "bombard": ("button.bombard", "tip.bombard"), "air_raid": ("button.air_raid", "tip.air_raid"),
    "truce": ("button.truce", "tip.truce"),
}
TWO_ROWS_H = 100  # the bar's height when its buttons need two rows


@dataclass(frozen=True)
class BarLayout:
    height: int
    buttons: dict[str, pygame.Rect]
    end_turn: pygame.Rect


def bar_layout(width: int, lang: str) -> BarLayout:
    """Where the bottom bar's buttons go in a window `width` wide: each gets the width its
    label needs (the icon's room and the raids' count included) and, where there is room, up
    to its usual width; when one row cannot hold every label whole the orders of war go on a
    second row (a taller bar) rather than labels being cut. Cut only as a last resort."""
    end_need = round(_text_width(tr("button.end_turn", lang)) + 24) + ICON_GAP - 12
    end_w = max(120, min(170, width // 9), end_need)
    need: dict[str, int] = {}
    nice: dict[str, int] = {}
    for group in BAR_GROUPS:
        for key, usual in group:
            extra = (30 if key == "air_raid" else 0) + \
                (ICON_GAP - 12 if f"#{key}" in ICONS else 0)
            need[key] = round(_text_width(tr(BAR_LABELS[key][0], lang)) + 24) + extra
            nice[key] = max(usual, need[key] - extra) + extra

    def room(groups: tuple[tuple[tuple[str, int], ...], ...]) -> int:
        keys = sum(len(g) for g in groups)
        return width - end_w - 40 - 6 * keys - 18 * len(groups)

    def fitted(groups: tuple[tuple[tuple[str, int], ...], ...]) -> dict[str, int] | None:
        keys = [key for g in groups for key, _ in g]
        space = room(groups)
        least, most = sum(need[k] for k in keys), sum(nice[k] for k in keys)
        if most <= space:
            return {k: nice[k] for k in keys}
        if least > space:
            return None
        share = (space - least) / max(1, most - least)
        return {k: need[k] + round((nice[k] - need[k]) * share) for k in keys}

    rows = [BAR_GROUPS]
    widths = fitted(BAR_GROUPS)
    if widths is None:
        rows = [BAR_GROUPS[:2], BAR_GROUPS[2:]]
        widths = {}
        for row in rows:
            got = fitted(row)
            if got is None:  # too narrow even so: every label shrinks alike
                keys = [key for g in row for key, _ in g]
                scale = room(row) / sum(need[k] for k in keys)
                got = {k: max(40, round(need[k] * scale)) for k in keys}
            widths.update(got)
    height = BOTTOM_H if len(rows) == 1 else TWO_ROWS_H
    buttons: dict[str, pygame.Rect] = {}
    for n, row in enumerate(rows):
        x, y = 10, 10 if len(rows) == 1 else 8 + 46 * n
        for group in row:
            for key, _ in group:
                buttons[key] = pygame.Rect(x, y, widths[key], 36)
                x += widths[key] + 6
            x += 18
    end_h = 40 if len(rows) == 1 else height - 16
    return BarLayout(height, buttons, pygame.Rect(width - end_w - 12, (height - end_h) // 2,
                                                  end_w, end_h))


# --- texts -------------------------------------------------------------------------------
def header_texts(session: Session, moving: str | None = None,
                 paused: bool = False, weekday: bool = True) -> dict[str, str]:
    lang = session.lang
    side = session.side_to_move
    if session.over:
        to_move = tr("header.over", lang)
    elif paused and not session.ai_busy and not session.is_human(side):
        to_move = tr("header.paused", lang)
    elif session.ai_busy:
        plan = session.controller_kind(side) == "history"
        to_move = tr("header.plan_thinking" if plan else "header.ai_thinking", lang,
                     side=session.side_name(side))
    elif moving is not None:
        plan = session.controller_kind(moving) == "history"
        to_move = tr("header.plan_moving" if plan else "header.ai_moving", lang,
                     side=session.side_name(moving))
    else:
        to_move = tr("header.to_move", lang, side=session.side_name(side))
    return {
        "title": tr("app.title", lang),
        "date": long_date(session.date, lang) if weekday else format_date(session.date, lang),
        "turn": tr("header.turn", lang, turn=session.turn, turns=session.last_turn),
        "weather": tr("header.weather", lang, weather=session.weather),
        "to_move": to_move,
    }


def unit_html(session: Session, unit: UnitView) -> str:
    """The selected unit's card, what changes in play first: who it is; its men, quality and
    morale on one line, its state (out of supply, dug in, encircled...); then what its type can
    do (a gun's shells under its fire); its formation last. Movement shares the line of the
    type's ratings and the nation stands for the side, so a whole card — a brigade's, a
    garrison's, a gun's laying its lines — fits the panel of the default window without
    scrolling, in English and in French."""
    lang = session.lang
    facts = session.facts
    nation = next((n for s in facts.scenario.sides for n in s.nations if n.id == unit.nation), None)
    belongs = text_in(nation.name, lang) if nation else session.side_name(unit.side)
    lines = [
        f"<font size=4><b>{esc(unit.name)}</b></font>",
        f"<i>{esc(unit.type_name)}</i> · {esc(belongs)}",  # the nation tells the side
    ]
    if unit.estimated:
        lines.append(f"<i>{esc(tr('unit.estimated', lang))}</i>")
    else:
        lines.append(esc(tr("unit.strength", lang, men=unit.shown_men(lang),
                            full=format_number(unit.full_strength, lang),
                            quality=unit.quality, morale=f"{unit.morale:.0f}")))
    supply = session.supply_state(unit.id) if unit.side == session.side_to_move else None
    pocket = supply.get("pocket") if isinstance(supply, dict) else None
    marks = [m for m in ("out_of_supply", "encircled", "suppressed", "broken") if m in unit.marks
             and not (m == "encircled" and isinstance(pocket, dict))]  # its own line says so
    if marks:
        lines.append(" · ".join(
            f"<font color={STATUS_COLOURS[m]}><b>{tr('status.' + m, lang)}</b></font>"
            for m in marks))
    if isinstance(pocket, dict):
        stocks = supply.get("stocks") or {}  # the depot it draws on; none: nothing left
        lines.append(f"<font color={STATUS_COLOURS['encircled']}><b>" + tr(
            "unit.pocket", lang, food=f"{stocks.get('food_days', 0):.0f}",
            ammo=f"{stocks.get('ammo_days', 0):.0f}", days=pocket.get("days_encircled", 0))
            + "</b></font>")
    if unit.dug_in > 0:
        lines.append(tr("unit.dug_in" if unit.dug_in >= 1 else "unit.digging_in", lang,
                        share=f"{unit.dug_in:.0%}", spared=f"{unit.fire_spared:.0%}"))
    if unit.static:
        movement = tr("unit.static", lang)
    else:
        movement = f"{tr('unit.movement', lang)} {decimal(unit.mp_left, lang)} / {unit.mp_max:.0f}"
    utype = facts.unit_types.get(unit.type_id)
    if utype is not None:
        lines.append(tr("unit.attack_defence", lang, a=f"{utype.attack:g}", d=f"{utype.defence:g}")
                     + f" · {movement}")
        if utype.bombard is not None:
            guns = tr("unit.bombard", lang, s=f"{utype.bombard.strength:g}",
                      r=utype.bombard.range_hexes)
            if unit.shells is not None:  # its side counts its shells: what one shoot takes
                guns += " · " + tr("unit.shoot_tons", lang, tons=tons(unit.shells.tons, lang))
            lines.append(guns)
        if unit.shells is not None:
            lines.append(shells_line(unit.shells, lang))
        if unit.ready_from is not None:
            key = "unit.laying_lines" if utype.bombard is not None else "unit.armour_moving_up"
            when = esc(tr(key, lang, date=short_date(unit.ready_from, lang, year=False)))
            lines.append(f"<font color={STATUS_COLOURS['laying_lines']}><b>{when}</b></font>")
    else:
        lines.append(movement)
    if unit.formation:
        lines.append(f"{tr('unit.formation', lang)} : {esc(unit.formation)}" if lang == "fr"
                     else f"{tr('unit.formation', lang)}: {esc(unit.formation)}")
    return "<br>".join(lines)


def shells_line(shells: GunShells, lang: str) -> str:
    """A gun's shells on its card, under the line of its fire (which ends with what one shoot
    takes): the dump that serves it and its stock, or why it cannot fire (no dump in reach,
    too few shells there, the dump empty)."""
    if shells.dump is None:
        text, colour = tr("unit.shells_none", lang), STATUS_COLOURS["cannot_fire"]
    elif shells.short and round(shells.stock) == 0:
        text, colour = tr("unit.shells_empty", lang, place=shells.place), \
            STATUS_COLOURS["cannot_fire"]
    else:
        key = "unit.shells_short" if shells.short else "unit.shells"
        text = tr(key, lang, stock=tons(shells.stock, lang), place=shells.place)
        colour = STATUS_COLOURS["cannot_fire"] if shells.short else ""
    return f"<font color={colour}><b>{esc(text)}</b></font>" if colour else esc(text)


def hex_html(session: Session, hex_: Hex) -> str:
    lang = session.lang
    facts = session.facts
    terrain = facts.terrain_at(hex_)
    lines = [f"<b>{tr('hex.coords', lang, col=hex_[0], row=hex_[1])}</b>"]
    if terrain is not None:
        lines.append(f"{tr('hex.terrain', lang)}{_colon(lang)}{esc(text_in(terrain.name, lang))}"
                     f" (×{terrain.defence:g})")
    for place in facts.places_at(hex_):
        owner = session.place_owner(place.id)
        held = f" — {tr('panel.held_by', lang, side=session.side_name(owner))}" if owner else ""
        lines.append(f"<b>{esc(text_in(place.name, lang))}</b>{esc(held)}")
    works = session.works_level(hex_)  # under fog: as the side last saw them
    if works > 0:
        level = facts.fortifications.get(round(works))
        name = text_in(level.name, lang) if level else ""
        sighting = session.works_sighting(hex_)
        if sighting is None:  # in sight (or no fog): the level now
            shown = f"({decimal(works, lang)})"
        else:
            when, before = sighting
            shown = tr("hex.works_known_before" if before else "hex.works_last_seen", lang,
                       level=decimal(works, lang), date=short_date(when, lang, year=False))
        lines.append(f"{tr('hex.fortification', lang)}{_colon(lang)}{esc(name)} {esc(shown)}")
    people = sum(session.civilians().get(p.id, 0) for p in facts.places_at(hex_))
    if people:
        lines.append(f"{tr('hex.civilians', lang)}{_colon(lang)}{format_number(people, lang)}")
    units = session.units_at(hex_)
    if units:
        lines.append(tr("hex.units", lang, units=plural(len(units), "unit", lang)))
    return "<br>".join(lines)


def _colon(lang: str) -> str:
    """A label's colon as each language writes it ('Works: ', 'Ouvrages : ')."""
    return " : " if lang == "fr" else ": "


def objectives_html(session: Session) -> str:
    lang = session.lang
    rows = []
    progress = session.progress()
    for objective in session.facts.objectives:
        done = progress[objective.place_id]
        colour = session.facts.side_colour(done.side) if done.held else "#555555"
        taken = done.taken_on
        history = ""
        if objective.fell is not None:
            history = tr("panel.fell", lang, date=short_date(objective.fell, lang))
            if objective.other_dates:
                others = ", ".join(short_date(d, lang, year=False) for d in objective.other_dates)
                history += " " + tr("panel.other_dates", lang, dates=others)
        elif objective.held_until is not None:
            history = tr("panel.held", lang, date=short_date(objective.held_until, lang))
        else:
            history = tr("panel.held_war", lang)
        line = (f"<a href='{objective.place_id}'><b>{esc(objective.name)}</b></a> · "
                f"{objective.points} pts · "
                f"<font color={colour}><b>{esc(session.progress_text(done))}</b></font>")
        estimate = session.garrison_estimate(objective.place_id)
        if estimate is not None and not taken:
            low, high, titles = estimate
            where = f" <i>({esc('; '.join(titles))})</i>" if titles else ""
            believed = tr("fog.garrison", lang, low=format_number(low, lang),
                          high=format_number(high, lang))
            line += f"<br>&nbsp;&nbsp;{esc(believed)}{where}"
        if not taken and done.held and done.missing:
            names = ", ".join(f"<a href='{p}'>{esc(session.facts.place_name(p))}</a>"
                              for p in done.missing)
            line += f"<br>&nbsp;&nbsp;{tr('progress.still', lang, places=names)}"
        divergence = _divergence(objective, taken, session.date, lang)
        if divergence:
            label = tr("panel.simulation" if session.watching_history else "panel.this_game",
                       lang)
            line += f"<br>&nbsp;&nbsp;<b>{esc(label)}{colon(lang)}{esc(divergence)}</b>"
        line += (f"<br>&nbsp;&nbsp;<i><font color=#7a2a18>{esc(tr('panel.history', lang))}"
                 f"{colon(lang)}{esc(history)}</font></i>")
        rows.append(line)
    return "<br>".join(rows)


def _divergence(objective: ObjectiveInfo, taken: str | None, today: dt.date,
                lang: str) -> str | None:
    """Where this game and history part ways over an objective, in days: the day it fell
    here against the day it fell in 1944, or how far a place still holding is behind 1944.
    None when there is nothing to compare yet (not fallen here, not yet due by history)."""
    fell = objective.fell
    if taken and _is_iso(taken):
        when = dt.date.fromisoformat(taken)
        date = short_date(when, lang, year=False)
        if fell is None:
            if objective.held_until is None:
                return None
            return tr("panel.fell_held", lang, date=date, year=today.year)
        gap = (when - fell).days
        if gap == 0:
            return tr("panel.fell_same", lang, date=date, year=fell.year)
        key = "panel.fell_later" if gap > 0 else "panel.fell_earlier"
        return tr(key, lang, date=date, n=abs(gap), days=_days_word(abs(gap), lang),
                  year=fell.year)
    if fell is not None and today > fell:
        gap = (today - fell).days
        return tr("panel.behind", lang, n=gap, days=_days_word(gap, lang), year=fell.year)
    return None


def _days_word(n: int, lang: str) -> str:
    return tr("panel.day" if n == 1 else "panel.days", lang)


def _is_iso(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


KEY_EVENTS_HIDDEN = frozenset(("quiet",))  # the kinds of line "Key events" leaves out


def log_html(line: LogLine, lang: str) -> str:
    date = short_date(line.date, lang, year=False)
    text = esc(line.text)
    if line.kind == "important":
        text = f"<font color=#8c1c10><b>{text}</b></font>"
    elif line.kind == "quiet":
        text = f"<font color=#5a5448>{text}</font>"
    elif line.kind == "history":  # what 1944 did that day, set beside the simulation
        text = f"<i><font color=#7a2a18>{text}</font></i>"
    if line.where is not None:
        date = f"<a href='hex:{line.where[0]},{line.where[1]}'>{date}</a>"
    return f"<font color=#6a5a3a>{date}</font> {text}<br>"


def forecast_lines(forecast: CombatForecast, lang: str, left_out: tuple[str, ...] = ()
                   ) -> list[str]:
    """The assault's forecast; `left_out`: names of units the player added with Shift+click
    that the assault cannot use (neither next to the target nor guns able to fire on it)."""
    lines = _forecast_lines(forecast, lang)
    if forecast.ammunition_tons > 0:
        tons = format_number(forecast.ammunition_tons, lang)
        lines.append(tr("preview.support_shells", lang, tons=tons))
    if forecast.civilians >= 0.5:  # the supporting guns' shells fall on the town's people too
        lines.append(tr("preview.civilians", lang, killed=format_number(forecast.civilians, lang)))
    lines.append(tr("forecast.group", lang,
                    assaulting=plural(len(forecast.attackers), "unit", lang),
                    supporting=len(forecast.support)))
    if left_out:
        lines.append(tr("forecast.left_out", lang, names=", ".join(left_out)))
    return lines


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _forecast_lines(forecast: CombatForecast, lang: str) -> list[str]:
    """The forecast's figures, decimals as each language writes them. No '~' under fog: an
    assault goes in from next door, where the garrison and its works are in sight."""
    pct, whole = _pct, format_number
    odds = decimal(forecast.odds, lang)
    terrain = decimal(forecast.terrain, lang)
    works = decimal(forecast.fortification, lang)
    if lang == "fr":
        return [
            f"Assaut : rapport {odds} contre 1",
            f"Victoire {pct(forecast.win_chance)} · prise {pct(forecast.capture_chance)}",
            f"Pertes prévues : vous {whole(forecast.attacker_losses, lang)}, "
            f"ennemi {whole(forecast.defender_losses, lang)}",
            f"Prisonniers ~{whole(forecast.prisoners, lang)} · terrain ×{terrain} · "
            f"ouvrages ×{works}",
        ]
    return [
        f"Assault: odds {odds} to 1",
        f"Win {pct(forecast.win_chance)} · take the hex {pct(forecast.capture_chance)}",
        f"Expected losses: you {whole(forecast.attacker_losses, lang)}, "
        f"enemy {whole(forecast.defender_losses, lang)}",
        f"Prisoners ~{whole(forecast.prisoners, lang)} · terrain ×{terrain} · works ×{works}",
    ]
