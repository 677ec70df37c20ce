"""The bibliography (issue 14, item 4): every source of the campaign fully described, cited by
title wherever a player reads history, and never by the data's keys or a seed's file name."""

from __future__ import annotations

import re

import pytest

from engine.format.loaded import LoadedScenario
from engine.format.loading import load_scenario
from engine.format.scenario import PlanOrder, Scenario
from engine.history import replay
from engine.history.bibliography import Bibliography
from engine.history.report import bibliography, history_sources
from engine.history.timeline import Timeline
from tests.conftest import CHANNEL_PORTS


@pytest.fixture(scope="module")
def loaded() -> LoadedScenario:
    return load_scenario(CHANNEL_PORTS)


def _leaks(scenario: Scenario, text: str) -> list[str]:
    """Source keys and seed file names that appear in a text meant for players (outside the
    sources' own titles, some of which contain a publisher's initials)."""
    for title in sorted((s.title for s in scenario.sources), key=len, reverse=True):
        text = text.replace(title, "")
    keys = sorted((s.id for s in scenario.sources), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")
    found = [m.group(1) for m in pattern.finditer(text)]
    found += [s.file for s in scenario.sources if s.file and s.file in text]
    found += re.findall(r"\b\d{3}_[0-9a-f]{16}\.txt\b", text)
    return found


def test_every_source_is_described_for_a_bibliography(loaded: LoadedScenario) -> None:
    for source in loaded.scenario.sources:
        assert source.title.strip() and source.title != source.id, source.id
        if source.kind in ("web", "archive"):
            assert source.url, f"{source.id}: a public page needs its address"
        if source.kind == "book":
            assert source.author and source.published, f"{source.id}: a book needs author, date"
        if source.kind == "seed":
            assert source.file and source.file not in source.title, source.id
            assert not re.search(r"\[S\d\]|\bS\d\b", source.title), source.id


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_replay_text_cites_titles_never_keys_or_file_names(loaded: LoadedScenario,
                                                           lang: str) -> None:
    text = replay.render(loaded.scenario, lang)
    assert _leaks(loaded.scenario, text) == []
    s4 = next(s for s in loaded.scenario.sources if s.id == "S4")
    assert s4.title in text  # the seed is still cited, by its title


def test_plan_orders_show_their_sources_and_the_estimate_flag(loaded: LoadedScenario) -> None:
    tl = Timeline(loaded.scenario)
    bib = tl.bibliography
    plan: list[PlanOrder] = loaded.scenario.history.plan
    estimated = [p for p in plan if bib.estimated(p.sources)]
    sourced = [p for p in plan if not bib.estimated(p.sources)]
    assert estimated and sourced
    for order in plan:
        text = tl.plan_text(order, "en")
        for ref in bib.resolve(bib.sourced(order.sources)):
            assert ref.title in text
        assert ("partly estimated" in text) == (order in estimated)
        assert "en partie estimé" in tl.plan_text(estimated[0], "fr")


def test_expand_rewrites_keys_inside_free_text() -> None:
    from engine.format.scenario import Source

    bib = Bibliography([Source(id="W-WH", title="Operation Wellhit"),
                        Source(id="EST", title="Estimate", kind="estimate")])
    assert bib.expand("22 Sep per W-WH; the hour is EST.", "en") == \
        "22 Sep per “Operation Wellhit”; the hour is estimated."
    assert bib.expand("selon W-WH", "fr") == "selon « Operation Wellhit »"
    assert bib.expand("W-WHX and XW-WH stay", "en") == "W-WHX and XW-WH stay"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_report_bibliography_lists_every_source_of_its_figures(loaded: LoadedScenario,
                                                               lang: str) -> None:
    keys = history_sources(loaded.scenario)
    lines = bibliography(loaded.scenario, lang)
    assert len(lines) == len(keys) > 5
    refs = {s.id: s for s in loaded.scenario.sources}
    for key, line in zip(keys, lines, strict=True):
        ref = refs[key]
        assert ref.title in line
        for part in (ref.author, ref.published, ref.url):
            if part:
                assert part in line
    assert _leaks(loaded.scenario, "\n".join(lines)) == []


def test_outcome_notes_and_captions_carry_no_keys(loaded: LoadedScenario) -> None:
    """Captions and outcome notes are shown as written: they must not cite by key."""
    scenario = loaded.scenario
    texts: list[str] = []
    for event in scenario.history.events:
        texts += list(event.caption.values()) if isinstance(event.caption, dict) \
            else [event.caption]
    for outcome in [*scenario.history.outcomes, *scenario.history.combined]:
        if isinstance(outcome.notes, dict):
            texts += list(outcome.notes.values())
    for event in scenario.events:
        caption = getattr(event, "caption", None)
        if isinstance(caption, dict):
            texts += list(caption.values())
    assert [(t, _leaks(scenario, t)) for t in texts if _leaks(scenario, t)] == []
