"""The ammunition part of the side panel: the viewing side's shells at the railhead and each
forward dump, the loads on the road and the coming week's deliveries (engine
`Game.ammunition`; nothing is shown when the scenario does not count that side's shells).
Beside each forward dump not already first, a link gives the `Stockpile` order: the lorries
build that dump up first, for a set-piece there."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from engine.history.timeline import format_number
from game.text.events import plural, tons
from game.text.i18n import short_date, tr
from game.widgets.dialogs import esc

if TYPE_CHECKING:
    from game.session import Session


STOCKPILE_LINK = "stockpile:"


def ammunition_html(session: Session, can_order: bool = False) -> str:
    """The panel's HTML; `can_order`: the player may give orders now (the dumps are links)."""
    report = session.ammunition()
    if report is None:
        return ""
    lang = session.lang
    facts = session.facts
    lines = [f"<b>{esc(tr('ammo.title', lang))}</b>"]
    for place, stock in report["stocks"].items():
        name = facts.place_name(place)
        if place == report["railhead"]:
            name += f" ({tr('ammo.railhead', lang)})"
        elif place == report["priority"]:
            name += f" ({tr('ammo.priority', lang)})"
        line = esc(tr("ammo.stock", lang, place=name, tons=format_number(stock, lang)))
        if can_order and place in report["dumps"] and place != report["priority"]:
            line += (f" · <a href='{STOCKPILE_LINK}{place}'>"
                     f"{esc(tr('ammo.build_up', lang))}</a>")
        lines.append(line)
    loads = [tr("ammo.load", lang, tons=format_number(load["tons"], lang),
                place=facts.place_name(load["dump"]), days=load["days"])
             for load in report["in_transit"]]
    if loads:
        lines.append(esc(tr("ammo.road", lang, loads="; ".join(loads))))
    days = ", ".join(
        f"{short_date(dt.date.fromisoformat(d['date']), lang, year=False)} {tons(d['tons'], lang)}"
        for d in report["next_deliveries"][:4])
    if days:
        lines.append(esc(tr("ammo.next", lang, days=days)))
    lines.append(esc(tr("ammo.lift", lang, tons=format_number(report["lift_tons_per_day"], lang),
                        days=plural(report["transport_days"], "day", lang))))
    return "<br><br>" + "<br>&nbsp;&nbsp;".join(lines)
