"""Engine events told in words, in English or French, for the event log.

Each event kind the engine emits (`engine.events.EVENT_KINDS`) has a sentence here; a kind this
table does not know yet is still shown, as its kind and data, so nothing happens silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.format.scenario import text_in
from engine.history.timeline import format_decimal as decimal  # '2.7', '2,7'; one formatter
from engine.history.timeline import format_number  # '1,250', '1 250'; the same

Namer = Callable[[str], str]

_TEXT: dict[str, dict[str, str]] = {
    "turn_began": {"en": "— {date_long} —", "fr": "— {date_long} —"},
    "weather": {"en": "Weather: {weather}.", "fr": "Météo : {weather}."},
    "fortress_order": {
        "en": "Fortress order: {side} garrisons must hold to the last.",
        "fr": "Ordre de forteresse : les garnisons ({side}) doivent tenir jusqu'au bout.",
    },
    "terrain_changed": {
        "en": "{caption}{hexes_text} {how}.",
        "fr": "{caption}{hexes_text} {how}.",  # the words differ in `how` and `hexes_text`
    },
    "air_raids_granted": {
        "en": "{side}: {raids_text} of {bombers_per_raid} aircraft available.",
        "fr": "{side} : {raids_text} de {bombers_per_raid} bombardiers lourds {available}.",
    },
    "priority": {"en": "Higher command changes {side} priorities.",
                 "fr": "Le haut commandement change les priorités ({side})."},
    "ammunition": {
        "en": "{side} ammunition: {delivered_t} unloaded at the railhead, {sent_t} sent "
              "forward, {arrived_t} reached the dumps; in stock {stocks_text}.",
        "fr": "Munitions ({side}) : {delivered_t} déchargées à la tête de ligne, {sent_t} "
              "envoyées vers l'avant, {arrived_t} arrivées aux dépôts ; en stock {stocks_text}.",
    },
    "stockpile": {"en": "{side}: the lorries now build up the dump at {place} first.",
                  "fr": "{side} : les camions constituent d'abord le dépôt de {place}."},
    "arrived": {"en": "Arrival at {place}: {unit}.", "fr": "Arrivée à {place} : {unit}."},
    "arrival_delayed": {"en": "Delayed, the way in at {place} being blocked: {unit}.",
                        "fr": "Retard, l'accès par {place} étant bloqué : {unit}."},
    "withdrawn": {"en": "Leaving the front: {unit}.", "fr": "Départ du front : {unit}."},
    "supply": {
        "en": "{side} supply: {supplied} supplied, {depot} on depot stocks, "
        "{out_of_supply} cut off.",
        "fr": "Ravitaillement {side} : {supplied} ravitaillées, {depot} sur dépôts, "
        "{out_of_supply} coupées.",
    },
    "encircled": {"en": "{side}: a pocket of {units_text} is encircled.",
                  "fr": "{side} : une poche de {units_text} est encerclée."},
    "moved": {"en": "Move {to_place}: {unit}.", "fr": "Mouvement {to_place} : {unit}."},
    "bombarded": {
        "en": "{by} shells {fire_at}: {losses_text}{works_text}{civ}.",
        "fr": "{by} bombarde {fire_at} : {losses_text}{works_text}{civ}.",
    },
    "air_raid": {"en": "Heavy-bomber raid ({bombers} aircraft) {at_place}.",
                 "fr": "Raid de bombardiers lourds ({bombers} appareils) {at_place}."},
    "bombs_strayed": {"en": "Bombs fall astray on {place}: {killed_text}.",
                      "fr": "Des bombes s'égarent sur {place} : {killed_text}."},
    "assault": {
        "en": "Assault {at_place} at {odds}:1 — {result}. Losses: attackers {att}, "
        "defenders {dfd}{civ}.",
        "fr": "Assaut {at_place} à {odds} contre 1 — {result}. Pertes : assaillants "
        "{att}, défenseurs {dfd}{civ}.",
    },
    "retreated": {"en": "Falling back: {unit}.", "fr": "Repli : {unit}."},
    "surrendered": {"en": "Surrender of {unit}: {men} prisoners{wounded_text}.",
                    "fr": "Reddition : {unit}, {men} prisonniers{wounded_text}."},
    "destroyed": {"en": "Destroyed: {unit}{wounded_text}.",
                  "fr": "Anéanti : {unit}{wounded_text}."},
    "advanced": {"en": "Into the position: {unit}.", "fr": "Dans la position : {unit}."},
    "place_taken": {"en": "{place} taken by the {side}.", "fr": "{place} prise par les {side}."},
    "objective_taken": {"en": "OBJECTIVE: {objective} taken by the {side}.",
                        "fr": "OBJECTIF : {objective} prise par les {side}."},
    "objective_lost": {"en": "OBJECTIVE LOST: {objective}.", "fr": "OBJECTIF PERDU : {objective}."},
    "ring_breached": {"en": "RING BROKEN: the {side} no longer hold {objective} in.",
                      "fr": "ENCERCLEMENT ROMPU : les {side} ne contiennent plus {objective}."},
    "ring_restored": {"en": "The ring round {objective} is closed again.",
                      "fr": "L'encerclement de {objective} est refermé."},
    "containment_ended": {"en": "The ring round {objective} held {held} of {days_text}.",
                          "fr": "L'encerclement de {objective} a tenu {held_text} sur {days}."},
    "truce": {"en": "Truce at {place} for {hours} h: {evacuated} civilians evacuated.",
              "fr": "Trêve à {place} pendant {hours} h : {evacuated} civils évacués."},
    "truce_ended": {"en": "The truce at {place} ends.", "fr": "Fin de la trêve à {place}."},
    "civilians_expelled": {"en": "The {side} drive {civilians} civilians out of {place}.",
                           "fr": "Les {side} chassent {civilians} civils de {place}."},
    "strait_fire": {"en": "{unit} shells {target_name} across the Strait: {shells} shells, "
                    "{killed_text}.",
                    "fr": "{unit} bombarde {target_name} de l'autre côté du détroit : {shells} "
                    "obus, {killed_text}."},
    "counter_battery": {"en": "Counter-battery fire from {battery_name} on {unit}: {shells} "
                        "shells, {knocked_out_text}.",
                        "fr": "Contre-batterie depuis {battery_name} sur {unit} : {shells} obus, "
                        "{knocked_out_text}."},
    "attrition": {"en": "{unit}: {days_text} without supply.",
                  "fr": "{unit} : {days_text} sans ravitaillement."},
    "depot_empty": {"en": "The {stock} stocks at {place} are exhausted.",
                    "fr": "Les stocks ({stock}) de {place} sont épuisés."},
    "morale_collapse": {"en": "Morale collapses in {objective} after the loss of {place}.",
                        "fr": "Le moral s'effondre à {objective} après la perte de {place}."},
    "game_over": {"en": "The campaign is over: {level}.",
                  "fr": "La campagne est terminée : {level}."},
}

_RESULT = {
    True: {"en": "the defence breaks", "fr": "la défense cède"},
    False: {"en": "the defence holds", "fr": "la défense tient"},
}
_FLOOD = {"flooding": {"en": "under water", "fr": "sous les eaux"},
          "draining": {"en": "dry again", "fr": "de nouveau à sec"}}
_STOCK = {"food": {"en": "food", "fr": "vivres"}, "ammo": {"en": "ammunition", "fr": "munitions"}}

# What the log colours each kind with.
IMPORTANT = {"objective_taken", "objective_lost", "surrendered", "encircled", "game_over",
             "place_taken", "morale_collapse", "ring_breached", "containment_ended"}
QUIET = {"supply", "moved", "weather", "ammunition"}


def _total(value: Any) -> int:
    if isinstance(value, dict):
        return int(sum(value.values()))
    if isinstance(value, (list, tuple)):
        total = 0
        for item in value:
            if isinstance(item, (list, tuple)) and len(item) == 2:
                total += int(item[1])
        return total
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def describe(kind: str, data: dict[str, Any], lang: str, unit_name: Namer, place_name: Namer,
             side_name: Namer, hex_name: Callable[[Any], str],
             long_date: Callable[[str], str]) -> str:
    """One event as a sentence in `lang`."""
    if kind == "narrative":
        caption = data.get("caption")
        if isinstance(caption, (list, tuple)):
            caption = dict(caption)
        return text_in(caption, lang) if caption else ""
    template = _TEXT.get(kind)
    if template is None:
        details = ", ".join(f"{k}={v}" for k, v in data.items())
        return f"{kind}: {details}"
    values: dict[str, Any] = dict(data)
    if "unit" in data:
        values["unit"] = unit_name(str(data["unit"]))
    if "side" in data:
        values["side"] = side_name(str(data["side"]))
    if "place" in data:
        values["place"] = place_name(str(data["place"])) if data["place"] else "?"
    if "objective" in data:
        values["objective"] = place_name(str(data["objective"]))
    if "by" in data:
        values["by"] = {"en": "The bombers", "fr": "L'aviation"}[lang if lang == "fr" else "en"] \
            if data["by"] == "air" else unit_name(str(data["by"]))
    if "date" in data:
        values["date_long"] = long_date(str(data["date"]))
    hex_value = data.get("target") or data.get("hex") or (
        data["path"][-1] if isinstance(data.get("path"), (list, tuple)) and data["path"] else None)
    values["hex_place"] = hex_name(hex_value)
    near = values["hex_place"]
    if kind == "moved":
        starts_near = near.startswith(("near ", "près de "))
        values["to_place"] = near if starts_near else (
            f"sur {near}" if lang == "fr" else f"to {near}")
    starts_near = near.startswith(("near ", "près de "))
    values["at_place"] = near if starts_near else (f"sur {near}" if lang == "fr" else f"on {near}")
    if kind == "assault":
        values["result"] = _RESULT[bool(data.get("beaten"))][lang if lang == "fr" else "en"]
        values["att"] = _total(data.get("attacker_losses"))
        values["dfd"] = _total(data.get("defender_losses"))
        values["odds"] = decimal(float(data.get("odds", 0.0)), lang)
    if kind == "encircled":
        units = data.get("units")
        count = len(units) if isinstance(units, (list, tuple)) else _total(units)
        values["units_text"] = plural(count, "unit", lang)
    if kind == "air_raids_granted":
        values["raids_text"] = plural(_total(data.get("raids")), "raid", lang)
        values["available"] = "disponible" if _total(data.get("raids")) <= 1 else "disponibles"
    if kind == "counter_battery":
        values["knocked_out_text"] = _knocked_out(_total(data.get("knocked_out")), lang)
    if kind == "attrition":
        values["days_text"] = plural(_total(data.get("days")), "day", lang)
    if kind in ("bombarded", "bombs_strayed", "assault"):
        killed = _total(data.get("civilians_killed"))
        values["killed_text"] = civilians_killed(killed, lang)
        values["civ"] = f", {values['killed_text']}" if killed else ""
    if kind == "strait_fire":
        values["killed_text"] = civilians_killed(_total(data.get("killed")), lang)
    if kind == "bombarded":
        # the event is counted at the nearest place; the sentence says where the shells fell,
        # so fire on the besiegers' lines near a German-held place is not read as fire on it
        values["fire_at"] = (f"des positions {near}" if lang == "fr" else f"positions {near}") \
            if starts_near else near
        before = float(data.get("works_before", 0.0) or 0.0)
        after = float(data.get("works_after", 0.0) or 0.0)
        values["losses_text"] = _LOSSES_UNSEEN[lang if lang == "fr" else "en"] \
            if data.get("losses_unseen") else plural(_total(data.get("losses")), "casualty", lang)
        values["works_text"] = _WORKS_UNSEEN[lang if lang == "fr" else "en"] \
            if data.get("works_unseen") else _works_text(before, after, lang)
    if kind == "terrain_changed":
        caption = data.get("caption")
        caption = text_in(dict(caption) if isinstance(caption, (list, tuple)) else caption,
                          lang).rstrip(".")
        count = len(data.get("hexes") or ())
        if not count:  # the event's day, before its water reaches a hex: the caption alone
            return f"{caption}." if caption else ""
        values["caption"] = f"{caption} — " if caption else ""
        values["hexes_text"] = plural(count, "hex", lang)
        flood = _FLOOD.get(str(data.get("cause")), _FLOOD["flooding"])
        values["how"] = flood["fr" if lang == "fr" else "en"]
    if kind == "ammunition":
        stocks = data.get("stocks")
        stocks = dict(stocks) if isinstance(stocks, (list, tuple, dict)) else {}
        values["delivered_t"] = tons(data.get("delivered"), lang)
        values["arrived_t"] = tons(data.get("arrived"), lang)
        sent = data.get("sent")
        sent = dict(sent) if isinstance(sent, (list, tuple, dict)) else {}
        values["sent_t"] = tons(sum(sent.values()), lang)
        values["stocks_text"] = ", ".join(
            f"{place_name(str(p))} {tons(t, lang)}" for p, t in stocks.items()) or "—"
    if kind == "containment_ended":
        values["days_text"] = plural(_total(data.get("days")), "day", lang)
        values["held_text"] = plural(_total(data.get("held")), "day", lang)
    if kind == "depot_empty":
        values["stock"] = _STOCK.get(str(data.get("stock")), {}).get(lang, data.get("stock"))
    if kind == "weather":
        values["weather"] = data.get("weather_name", data.get("weather"))
    if kind == "surrendered":
        wounded = _total(data.get("wounded"))
        shown = format_number(wounded, lang)
        values["wounded_text"] = "" if not wounded else (
            f", dont {shown} blessé{'s' if wounded > 1 else ''}" if lang == "fr"
            else f", {shown} of them wounded")
    if kind == "destroyed":
        wounded = _total(data.get("wounded"))
        values["wounded_text"] = "" if not wounded else (
            f" ; {format_number(wounded, lang)} blessé{'s' if wounded > 1 else ''} fait"
            f"{'s' if wounded > 1 else ''} prisonnier{'s' if wounded > 1 else ''}"
            if lang == "fr" else f"; its {format_number(wounded, lang)} wounded taken prisoner")
    if kind == "game_over":
        values["level"] = data.get("level_name", data.get("level"))
    for key in ("men", "evacuated", "civilians", "civilians_killed", "bombers",
                "bombers_per_raid", "att", "dfd"):
        if isinstance(values.get(key), int):
            values[key] = format_number(values[key], lang)
    text = template.get(lang) or template["en"]
    try:
        return text.format(**values)
    except (KeyError, ValueError, IndexError):
        details = ", ".join(f"{k}={v}" for k, v in data.items())
        return f"{kind}: {details}"


_WORDS = {
    "unit": {"en": ("unit", "units"), "fr": ("unité", "unités")},
    "enemy_unit": {"en": ("enemy unit", "enemy units"), "fr": ("unité ennemie", "unités ennemies")},
    "raid": {"en": ("heavy-bomber raid", "heavy-bomber raids"),
             "fr": ("raid", "raids")},
    "day": {"en": ("day", "days"), "fr": ("jour", "jours")},
    "hex": {"en": ("hex", "hexes"), "fr": ("hexagone", "hexagones")},
    "casualty": {"en": ("casualty", "casualties"), "fr": ("perte", "pertes")},
    "civilian": {"en": ("civilian", "civilians"), "fr": ("civil", "civils")},
    "shell": {"en": ("shell", "shells"), "fr": ("obus", "obus")},
    "gun_in_action": {"en": ("gun in action", "guns in action"),
                      "fr": ("pièce en action", "pièces en action")},
}
_NONE = {"casualty": {"en": "no casualties", "fr": "aucune perte"}}


NBSP = "\u00a0"  # a space the text boxes never break a line at


def tons(value: Any, lang: str) -> str:
    """A tonnage as the interface writes it: '1,250 t' / '1 250 t', on one line."""
    try:
        return f"{format_number(float(value), lang)}{NBSP}t"
    except (TypeError, ValueError):
        return "? t"


def civilians_killed(n: int, lang: str) -> str:
    """'1 civilian killed', '10 civilians killed'; '1 civil tué', '10 civils tués'."""
    verb = ("tué" if n <= 1 else "tués") if lang == "fr" else "killed"
    return f"{plural(n, 'civilian', lang)} {verb}"


def plural(n: int, word: str, lang: str) -> str:
    """'1 casualty', '3 casualties', 'no casualties'; French likewise."""
    lang = "fr" if lang == "fr" else "en"
    if n == 0 and word in _NONE:
        return _NONE[word][lang]
    one, many = _WORDS[word][lang]
    return f"{format_number(n, lang)} {one if n == 1 or (lang == 'fr' and n == 0) else many}"


def _knocked_out(n: int, lang: str) -> str:
    """'1 gun put out of action', '3 guns …'; in French the participle agrees too."""
    if lang == "fr":
        return f"{format_number(n, lang)} pièce mise hors de combat" if n <= 1 else \
            f"{format_number(n, lang)} pièces mises hors de combat"
    return f"{format_number(n, lang)} gun put out of action" if n == 1 else \
        f"{format_number(n, lang)} guns put out of action"


_WORKS_UNSEEN = {"en": ", the works out of sight", "fr": ", ouvrages hors de vue"}
_LOSSES_UNSEEN = {"en": "losses not seen", "fr": "pertes non observées"}


def _works_text(before: float, after: float, lang: str) -> str:
    """', works down from 2.0 to 1.4', or ', works unharmed (2.0)' when the shoot left them."""
    if before < 0.05:
        return ""
    if round(before, 1) == round(after, 1):
        return f", ouvrages intacts ({decimal(before, lang)})" if lang == "fr" else \
            f", works unharmed ({decimal(before, lang)})"
    return f", ouvrages ramenés de {decimal(before, lang)} à {decimal(after, lang)}" \
        if lang == "fr" else f", works down from {decimal(before, lang)} to {decimal(after, lang)}"


def _taken_in(assault: Any, after: list) -> int:
    """The men of the assault's defenders who gave themselves up in it: the surrenders that
    follow it before the next assault (a phase's events hold many assaults, and the night's
    surrenders elsewhere)."""
    defenders = set(assault.get("defenders") or ())
    taken = 0
    for event in after:
        if event.kind == "assault":
            break
        if event.kind == "surrendered" and event.get("unit") in defenders:
            taken += _total(event.get("men"))
    return taken


def result_lines(events: list, lang: str,
                 on_map: Callable[[tuple[int, int]], bool]) -> list[tuple[tuple[int, int],
                                                                           list[str]]]:
    """What a shoot, a raid or an assault did, for a box beside its hex: losses, prisoners,
    works before and after (» for 'down to': the font has no arrow)."""
    fr = lang == "fr"
    out: dict[tuple[int, int], list[str]] = {}
    for n, event in enumerate(events):
        target = event.get("target")
        if not isinstance(target, (list, tuple)) or len(target) != 2:
            continue
        hex_ = (int(target[0]), int(target[1]))
        if not on_map(hex_):
            continue
        if event.kind == "bombarded":
            lines = [_LOSSES_UNSEEN["fr" if fr else "en"].capitalize()
                     if event.get("losses_unseen")
                     else ("−" + plural(_total(event.get("losses")), "casualty", lang))
                     if _total(event.get("losses")) else plural(0, "casualty", lang)]
            before = float(event.get("works_before", 0.0) or 0.0)
            after = float(event.get("works_after", 0.0) or 0.0)
            if event.get("works_unseen"):
                lines.append("ouvrages hors de vue" if fr else "works out of sight")
            elif before >= 0.05:
                lines.append(f"{'ouvrages' if fr else 'works'} {decimal(before, lang)} » "
                             f"{decimal(after, lang)}")
            out.setdefault(hex_, []).extend(lines)
        elif event.kind == "assault":
            att = format_number(_total(event.get("attacker_losses")), lang)
            dfd = format_number(_total(event.get("defender_losses")), lang)
            lines = [_RESULT[bool(event.get("beaten"))]["fr" if fr else "en"].capitalize(),
                     f"{'pertes' if fr else 'losses'} {att} / {dfd}"]
            prisoners = _taken_in(event, events[n + 1:])
            if prisoners:
                taken = format_number(prisoners, lang)
                lines.append(f"{taken} {'prisonniers' if fr else 'prisoners'}")
            out.setdefault(hex_, []).extend(lines)
    return list(out.items())
