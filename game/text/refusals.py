"""The engine's refusals in the player's language.

The engine raises `IllegalOrder` with an English `reason` for logs and tests, and with a
stable `code` and `params` (ids and numbers) for the interface. Here the code picks the
`refusal.<code>` sentence of `game/text/i18n.py` and the ids become the names the player sees:
units, sides and places in the chosen language (as the map and the event log show them). A
code the table does not know keeps the English reason, so a refusal is never lost, only
untranslated.
"""

from __future__ import annotations

from typing import Any

from engine.format.scenario import text_in
from engine.history.timeline import format_number
from engine.orders import IllegalOrder
from engine.world import World
from game.text.events import plural
from game.text.i18n import STRINGS, tr

_ARTICLES = (("Les ", "aux "), ("Le ", "au "), ("les ", "aux "), ("le ", "au "))


def at_place(name: str, lang: str) -> str:
    """The place after "at": `at Calais` / `à Calais`, `au Portel` (French joins à + le)."""
    if lang != "fr":
        return f"at {name}"
    for article, joined in _ARTICLES:
        if name.startswith(article):
            return joined + name[len(article):]
    return f"à {name}"


def _side_name(world: World, side_id: Any, lang: str) -> str:
    side = next((s for s in world.scenario.sides if s.id == side_id), None)
    return text_in(side.name, lang) if side else str(side_id)


def _place_name(world: World, place_id: Any, lang: str) -> str:
    place = next((p for p in world.scenario.places if p.id == place_id), None)
    return text_in(place.name, lang) if place else str(place_id)


def _hex_name(world: World, value: Any, lang: str) -> str:
    """The place on the hex, else "hex 3,4" / "l'hexagone 3,4"."""
    try:
        col, row = int(value[0]), int(value[1])
    except (TypeError, ValueError, IndexError):
        return str(value)
    if world.map.grid.on_map((col, row)):
        places = world.map.hex_places.get(world.map.grid.index((col, row)), ())
        if places:
            return _place_name(world, places[0], lang)
    return tr("refusal.hex", lang, col=col, row=row)


def _weather_name(world: World, weather_id: Any, lang: str) -> str:
    weather = world.weathers.get(str(weather_id))
    if weather is None:
        return str(weather_id)
    name = text_in(weather.name, lang)
    return name[:1].lower() + name[1:]  # inside a sentence: "the weather (gale)"


def _values(refusal: IllegalOrder, lang: str, world: World) -> dict[str, Any]:
    """The refusal's params as the words the sentence needs."""
    values: dict[str, Any] = {}
    for key, value in refusal.params.items():
        if key == "unit":
            su = world.scenario_units.get(str(value))
            values[key] = text_in(su.name, lang) if su else str(value)
        elif key in ("side", "other_side"):
            values[key] = _side_name(world, value, lang)
        elif key == "place":
            values[key] = _place_name(world, value, lang)
            values["at_place"] = at_place(values[key], lang)
        elif key == "hex":
            values[key] = _hex_name(world, value, lang)
        elif key == "weather":
            values[key] = _weather_name(world, value, lang)
        elif key == "days":
            values[key] = value
            values["days_text"] = plural(int(value), "day", lang)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) \
                and key not in ("col", "row"):  # a quantity: tons, men; not a hex's number
            values[key] = format_number(value, lang)
        else:
            values[key] = value
    return values


def refusal_text(refusal: IllegalOrder, lang: str, world: World) -> str:
    """The refusal worded for the player in `lang`; its English reason for an unknown code."""
    entry = STRINGS.get(f"refusal.{refusal.code}")
    text = (entry.get(lang) or entry.get("en")) if entry else None
    if not text:
        return refusal.reason
    try:
        return text.format(**_values(refusal, lang, world))
    except (KeyError, IndexError, ValueError):  # params that do not fit the sentence
        return refusal.reason
