"""Pure parts of the front end: camera arithmetic, settings file, strings, event sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.events import EVENT_KINDS
from engine.format.scenario import Bounds
from engine.hexgrid import HexGrid
from game.map.camera import ZOOM_RADII, Camera
from game.saves import list_saves, saves_dir, slot_path
from game.settings import Settings, config_dir, load_settings, save_settings, system_language
from game.text.events import _TEXT, describe
from game.text.i18n import STRINGS, long_date, short_date, tr

GRID = HexGrid(Bounds(west=1.5, east=2.6, south=50.5, north=51.1), 1.8)


def camera() -> Camera:
    return Camera(GRID, (0, 40, 1200, 800))


def test_screen_and_km_round_trip() -> None:
    cam = camera()
    for point in ((10.0, 12.0), (40.5, 3.2)):
        assert cam.to_km(*cam.to_screen(*point)) == pytest.approx(point)


def test_hex_under_cursor_is_the_hex_drawn_there() -> None:
    cam = camera()
    cam.centre_on(20, 20)
    for hex_ in ((10, 10), (11, 11), (12, 13)):
        assert cam.hex_at(*cam.hex_centre(hex_)) == hex_


def test_zoom_keeps_the_point_under_the_cursor() -> None:
    cam = camera()
    cam.centre_on(30, 30)
    anchor = cam.to_km(400, 300)
    assert cam.zoom_at(1, 400, 300)
    assert cam.to_km(400, 300) == pytest.approx(anchor, abs=1e-6)
    cam.zoom = len(ZOOM_RADII) - 1
    assert not cam.zoom_at(1, 400, 300)


def test_pan_moves_opposite_to_drag_and_stays_on_the_map() -> None:
    cam = camera()
    cam.zoom = 5
    cam.centre_on(30, 30)
    x = cam.centre_km[0]
    cam.pan_pixels(50, 0)
    assert cam.centre_km[0] < x
    cam.pan_pixels(1e7, 1e7)
    west, north, _, _ = cam.visible_km()
    assert west >= -GRID.hex_size_km - 1e-6 and north >= -GRID.hex_size_km - 1e-6


def test_show_all_fits_the_map() -> None:
    cam = camera()
    cam.show_all()
    west, north, east, south = cam.visible_km()
    width, height = GRID.extent_km
    assert west <= 0 and north <= 0 and east >= width and south >= height


def test_settings_round_trip_in_xdg_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert config_dir() == tmp_path / "channel_ports_1944"
    save_settings(Settings(language="fr", difficulty="expert", edge_scroll=False))
    path = tmp_path / "channel_ports_1944" / "settings.json"
    assert json.loads(path.read_text())["language"] == "fr"
    loaded = load_settings()
    assert (loaded.language, loaded.difficulty, loaded.edge_scroll) == ("fr", "expert", False)


def test_damaged_settings_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ nope", encoding="utf-8")
    assert load_settings(path).difficulty == "normal"
    path.write_text(json.dumps({"language": "xx", "window_width": 5, "edge_scroll": "yes"}))
    loaded = load_settings(path)
    assert loaded.language == "en" and loaded.window_width == 800 and loaded.edge_scroll is True


def test_default_language_follows_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    assert system_language() == "fr"
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    assert system_language() == "en"


def test_every_string_has_english_and_french() -> None:
    missing = [k for k, v in STRINGS.items() if not v.get("en") or not v.get("fr")]
    assert missing == []
    assert tr("header.turn", "fr", turn=3, turns=30) == "Tour 3/30"
    assert tr("no.such.key", "fr") == "no.such.key"


def test_dates_in_both_languages() -> None:
    import datetime as dt

    day = dt.date(1944, 9, 1)
    assert long_date(day, "en") == "Friday 1 September 1944"
    assert long_date(day, "fr") == "vendredi 1er septembre 1944"
    assert short_date(dt.date(1944, 9, 22), "fr", year=False) == "22 sept."


def test_every_engine_event_kind_has_a_sentence() -> None:
    assert set(EVENT_KINDS) - {"narrative"} <= set(_TEXT)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_event_sentences_fill_their_fields(lang: str) -> None:
    def name(x: str) -> str:
        return x.upper()

    data = {"side": "allies", "target": [2, 5], "units": ["qor"], "defenders": ["fest"],
            "attack": 3.0, "defence": 6.0, "odds": 0.5, "win_chance": 0.1, "beaten": False,
            "attacker_losses": {"qor": 40}, "defender_losses": {"fest": 12}}
    text = describe("assault", data, lang, name, name, name, lambda h: "Boulogne",
                    lambda d: d)
    assert "40" in text and "12" in text and "Boulogne" in text
    unknown = describe("brand_new_kind", {"x": 1}, lang, name, name, name, str, str)
    assert "brand_new_kind" in unknown


@pytest.mark.parametrize(("kind", "data", "one", "many"), [
    ("counter_battery", {"knocked_out": 1, "shells": 12, "battery_name": "Wanstone",
                         "unit": "todt"},
     {"en": "1 gun put out of action", "fr": "1 pièce mise hors de combat"},
     {"en": "3 guns put out of action", "fr": "3 pièces mises hors de combat"}),
    ("air_raids_granted", {"raids": 1, "bombers_per_raid": 700, "side": "allies"},
     {"en": "1 heavy-bomber raid of", "fr": "1 raid de 700 bombardiers lourds disponible."},
     {"en": "3 heavy-bomber raids of", "fr": "3 raids de 700 bombardiers lourds disponibles."}),
])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_event_sentences_agree_with_their_numbers(kind: str, data: dict, one: dict, many: dict,
                                                 lang: str) -> None:
    """No '(s)': the words, and the French participles, agree with the count."""
    def told(**changed: int) -> str:
        return describe(kind, {**data, **changed}, lang, str, str, str, str, str)

    count_key = "knocked_out" if kind == "counter_battery" else "raids"
    assert one[lang] in told() and "(s)" not in told()
    assert many[lang] in told(**{count_key: 3}) and "(s)" not in told(**{count_key: 3})


def test_no_string_hedges_its_plural() -> None:
    assert not [key for key, text in STRINGS.items() for t in text.values() if "(s)" in t]


def test_save_slots_are_safe_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert saves_dir() == tmp_path / "channel_ports_1944" / "saves"
    assert slot_path("../../etc/passwd").parent == saves_dir()
    assert slot_path("Turn 5 Boulogne").name == "Turn_5_Boulogne.json"
    assert list_saves() == []
    saves_dir().mkdir(parents=True)
    (saves_dir() / "a.json").write_text(json.dumps({"turn": 4, "date": "1944-09-08"}))
    (saves_dir() / "broken.json").write_text("{")
    labels = [label for label, _ in list_saves()]
    assert any("1944-09-08" in label and "turn 5" in label for label in labels)
    assert any(label.startswith("broken") for label in labels)


def test_lang_option_is_for_one_run_only(tmp_path: Path) -> None:
    import os

    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.shell import App, LaunchOptions

    path = tmp_path / "settings.json"
    save_settings(Settings(language="en"), path)
    app = App(LaunchOptions(scenario=tmp_path / "none.yaml", lang="fr", settings_path=path))
    assert app.lang == "fr"
    app.save_settings()
    assert load_settings(path).language == "en"


def test_animator_slides_along_the_path_and_speeds_up_long_phases() -> None:
    from game.map.animation import FLASH_TIME, STEP_TIME, Animator

    anim = Animator()
    anim.add_move("qor", ((1, 1), (2, 1), (3, 1)))
    anim.add_flash((4, 1))
    assert not anim.step(STEP_TIME, GRID)  # one hex along
    assert anim.positions()["qor"] == pytest.approx(GRID.centre_km((2, 1)))
    assert not anim.step(STEP_TIME, GRID)  # arrived: the move ends, the flash is next
    assert "qor" not in anim.positions()
    anim.step(FLASH_TIME / 2, GRID)
    assert anim.flash == (4, 1)
    assert anim.step(FLASH_TIME, GRID) and anim.flash is None and not anim
    for _ in range(200):
        anim.add_move("x", ((0, 0), (5, 0)))
    anim.fit(4.0)
    assert sum(a.duration for a in anim.queue) / anim.speed == pytest.approx(4.0)


def test_result_boxes_of_neighbouring_hexes_do_not_cover_each_other() -> None:
    import pygame

    from game.map.markers import clear_of

    bounds = pygame.Rect(0, 0, 800, 600)
    drawn = [pygame.Rect(100, 100, 150, 60), pygame.Rect(110, 162, 150, 60)]
    moved = clear_of(pygame.Rect(120, 120, 150, 60), drawn, bounds)
    assert moved.collidelist(drawn) == -1 and bounds.contains(moved)
    assert moved.top == 224  # slid down past both
    low = [pygame.Rect(100, 500, 150, 60)]
    up = clear_of(pygame.Rect(110, 520, 150, 60), low, bounds)  # no room below: above
    assert up.bottom == 498
    crowded = [pygame.Rect(0, 0, 800, 600)]
    stuck = pygame.Rect(10, 10, 50, 20)
    assert clear_of(stuck, crowded, bounds) == stuck  # no room anywhere: where it was


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_bottom_bar_never_cuts_a_label_it_can_show_whole(lang: str) -> None:
    """From the smallest window up, every button is as wide as its label needs (icon and the
    raids' count included), none covers another, all stay in the window; a narrow window
    gets a second row of buttons rather than cut labels."""
    from game.widgets.hud import BAR_LABELS, BOTTOM_H, TWO_ROWS_H, bar_layout, map_viewport

    def needed(key: str) -> float:
        from game.theme import ICON_GAP, ICONS

        text = tr(BAR_LABELS[key][0] if key != "end_turn" else "button.end_turn", lang)
        return 8.6 * len(text) + 24 + (ICON_GAP - 12 if f"#{key}" in ICONS else 0) \
            + (30 if key == "air_raid" else 0)

    rows_seen = set()
    for width in range(1024, 1921, 32):
        layout = bar_layout(width, lang)
        rects = {**layout.buttons, "end_turn": layout.end_turn}
        for key, rect in rects.items():
            assert rect.width >= needed(key) - 1, (width, key)
            assert rect.left >= 0 and rect.right <= width and rect.bottom <= layout.height
        boxes = list(rects.values())
        assert not any(a.colliderect(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
        rows_seen.add(layout.height)
        assert map_viewport((width, 800), layout.height)[3] == 800 - 44 - layout.height
    assert bar_layout(1920, lang).height == BOTTOM_H  # a wide window: one row
    assert bar_layout(1024, lang).height == TWO_ROWS_H  # the smallest: two
    assert rows_seen == {BOTTOM_H, TWO_ROWS_H}
