"""One way to write a whole number per language wherever results are shown. The text report
wrote "20,817" where the window's panels wrote "20 817" (a no-break space in English too):
now `engine.history.timeline.format_number` writes every count — "20,817" in English,
"20 817" in French with a narrow no-break space — in the text report, the report window, the
after-action panel, the log, the cards, the forecasts and the refusals."""

from __future__ import annotations

import pytest

from engine.format.loading import load_scenario
from engine.history.report import AfterAction, Comparison, render
from engine.history.timeline import format_number
from engine.orders import IllegalOrder
from game.screens.report import report_html
from game.session import AI, HUMAN, Session, SessionConfig
from game.text.events import describe, plural, tons
from game.text.refusals import refusal_text
from game.widgets.hud import unit_html
from tests.conftest import CHANNEL_PORTS
from tests.test_report import _synthetic
from tests.test_rules_logistics import ammo_field

WRITTEN = {"en": "20,817", "fr": "20\u202f817"}


def test_each_language_writes_a_count_its_own_way() -> None:
    assert format_number(20817, "en") == WRITTEN["en"]
    assert format_number(20817, "fr") == WRITTEN["fr"]
    assert format_number(999, "en") == format_number(999, "fr") == "999"
    assert format_number(1_250_000, "en") == "1,250,000"
    assert format_number(1_250_000, "fr") == "1\u202f250\u202f000"
    assert format_number(20816.6, "en") == WRITTEN["en"]  # a median or a mean: the whole number


def synthetic(casualties: int) -> AfterAction:
    return _synthetic(load_scenario(CHANNEL_PORTS), None, casualties)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_text_report_and_the_report_window_agree(lang: str) -> None:
    r = synthetic(20817)
    assert r.casualties == Comparison(20817, 860)
    text, window = render(r, lang), report_html(r, lang)
    assert WRITTEN[lang] in text and f"<b>{WRITTEN[lang]}</b>" in window
    other = WRITTEN["fr" if lang == "en" else "en"]
    assert other not in text and other not in window
    assert "20\u00a0817" not in text + window and "20 817" not in text + window


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_log_the_panels_and_the_refusals_agree(lang: str) -> None:
    line = describe("surrendered", {"unit": "x", "men": 20817, "wounded": 1250}, lang,
                    str, str, str, lambda h: "Boulogne", str)
    assert WRITTEN[lang] in line and format_number(1250, lang) in line
    assert plural(20817, "casualty", lang).startswith(WRITTEN[lang])
    assert tons(20817, lang) == f"{WRITTEN[lang]}\u00a0t"
    session = Session(ammo_field(dump_tons=1250).loaded(), lang, SessionConfig(
        controllers={"allies": HUMAN, "germans": AI}))
    short = IllegalOrder("", code="ammunition_short",
                         params={"unit": "guns", "place": "dump", "tons": 20817, "stock": 1250})
    said = refusal_text(short, lang, session.world)
    assert WRITTEN[lang] in said and format_number(1250, lang) in said
    card = unit_html(session, session.unit("guns"))
    assert f"{format_number(1250, lang)}\u00a0t" in card  # the dump's stock
    assert "1 250" not in card and "1\u00a0250" not in card
