"""Engine events told in words, in English or French, for the event log.

Each event kind the engine emits (`engine.events.EVENT_KINDS`) has a sentence here; a kind this
table does not know yet is still shown, as its kind and data, so nothing happens silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.format.scenario import text_in

Namer = Callable[[str], str]

_TEXT: dict[str, dict[str, str]] = {
    "turn_began": {"en": "— {date_long} —", "fr": "— {date_long} —"},
    "weather": {"en": "Weather: {weather}.", "fr": "Météo : {weather}."},
    "fortress_order": {
        "en": "Fortress order: {side} garrisons must hold to the last.",
        "fr": "Ordre de forteresse : les garnisons ({side}) doivent tenir jusqu'au bout.",
    },
    "air_raids_granted": {
        "en": "{side}: {raids} heavy-bomber raid(s) of {bombers_per_raid} aircraft available.",
        "fr": "{side} : {raids} raid(s) de {bombers_per_raid} bombardiers lourds disponibles.",
    },
    "priority": {"en": "Higher command changes {side} priorities.",
                 "fr": "Le haut commandement change les priorités ({side})."},
    "arrived": {"en": "{unit} arrives at {place}.", "fr": "{unit} arrive à {place}."},
    "arrival_delayed": {"en": "{unit} is delayed: the way in at {place} is blocked.",
                        "fr": "{unit} est retardé : l'accès par {place} est bloqué."},
    "withdrawn": {"en": "{unit} leaves the front.", "fr": "{unit} quitte le front."},
    "supply": {
        "en": "{side} supply: {supplied} supplied, {depot} on depot stocks, "
        "{out_of_supply} cut off.",
        "fr": "Ravitaillement {side} : {supplied} ravitaillées, {depot} sur dépôts, "
        "{out_of_supply} coupées.",
    },
    "encircled": {"en": "{side}: a pocket of {n_units} unit(s) is encircled.",
                  "fr": "{side} : une poche de {n_units} unité(s) est encerclée."},
    "moved": {"en": "{unit} moves {to_place}.", "fr": "{unit} se porte {to_place}."},
    "bombarded": {
        "en": "{by} shells {place}: {losses} casualties, works down from {works_before:.1f} "
        "to {works_after:.1f}{civ}.",
        "fr": "{by} bombarde {place} : {losses} pertes, ouvrages ramenés de {works_before:.1f} "
        "à {works_after:.1f}{civ}.",
    },
    "air_raid": {"en": "Heavy-bomber raid ({bombers} aircraft) {at_place}.",
                 "fr": "Raid de bombardiers lourds ({bombers} appareils) {at_place}."},
    "bombs_strayed": {"en": "Bombs fall astray on {place}: {civilians_killed} civilians killed.",
                      "fr": "Des bombes s'égarent sur {place} : {civilians_killed} civils tués."},
    "assault": {
        "en": "Assault {at_place} at {odds:.1f}:1 — {result}. Losses: attackers {att}, "
        "defenders {dfd}.",
        "fr": "Assaut {at_place} à {odds:.1f} contre 1 — {result}. Pertes : assaillants "
        "{att}, défenseurs {dfd}.",
    },
    "retreated": {"en": "{unit} falls back.", "fr": "{unit} se replie."},
    "surrendered": {"en": "{unit} surrenders: {men} prisoners.",
                    "fr": "{unit} capitule : {men} prisonniers."},
    "destroyed": {"en": "{unit} is destroyed.", "fr": "{unit} est anéanti."},
    "advanced": {"en": "{unit} advances into the position.",
                 "fr": "{unit} occupe la position."},
    "place_taken": {"en": "{place} taken by the {side}.", "fr": "{place} prise par les {side}."},
    "objective_taken": {"en": "OBJECTIVE: {objective} taken by the {side}.",
                        "fr": "OBJECTIF : {objective} prise par les {side}."},
    "objective_lost": {"en": "OBJECTIVE LOST: {objective}.", "fr": "OBJECTIF PERDU : {objective}."},
    "truce": {"en": "Truce at {place} for {hours} h: {evacuated} civilians evacuated.",
              "fr": "Trêve à {place} pendant {hours} h : {evacuated} civils évacués."},
    "truce_ended": {"en": "The truce at {place} ends.", "fr": "Fin de la trêve à {place}."},
    "attrition": {"en": "{unit}: {days} day(s) without supply.",
                  "fr": "{unit} : {days} jour(s) sans ravitaillement."},
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
_STOCK = {"food": {"en": "food", "fr": "vivres"}, "ammo": {"en": "ammunition", "fr": "munitions"}}

# What the log colours each kind with.
IMPORTANT = {"objective_taken", "objective_lost", "surrendered", "encircled", "game_over",
             "place_taken", "morale_collapse"}
QUIET = {"supply", "moved", "weather"}


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
        values["odds"] = float(data.get("odds", 0.0))
    if kind == "encircled":
        units = data.get("units")
        values["n_units"] = len(units) if isinstance(units, (list, tuple)) else units
    if kind == "bombarded":
        killed = int(data.get("civilians_killed", 0) or 0)
        values["civ"] = (f", {killed} civilians killed" if lang != "fr"
                         else f", {killed} civils tués") if killed else ""
        for key in ("works_before", "works_after"):
            values[key] = float(data.get(key, 0.0) or 0.0)
        values["losses"] = _total(data.get("losses"))
    if kind == "depot_empty":
        values["stock"] = _STOCK.get(str(data.get("stock")), {}).get(lang, data.get("stock"))
    if kind == "weather":
        values["weather"] = data.get("weather_name", data.get("weather"))
    if kind == "game_over":
        values["level"] = data.get("level_name", data.get("level"))
    text = template.get(lang) or template["en"]
    try:
        return text.format(**values)
    except (KeyError, ValueError, IndexError):
        details = ", ".join(f"{k}={v}" for k, v in data.items())
        return f"{kind}: {details}"
