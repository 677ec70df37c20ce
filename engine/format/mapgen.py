"""Terrain grid generator: `python run.py mapgen SCENARIO.yaml [--check]`.

The hex grid a scenario stores in `map.terrain` is derived data. It comes from three inputs a
modder edits instead: the map rectangle and hex size, the real coastline (the `global-land-mask`
package, GLOBE 1 km data), and the `map.areas` polygons painted on top in file order. Keeping
the grid generated means a coastline is never drawn by hand, and `--check` proves the stored
grid still matches its inputs. Only the `terrain: |` block and `generated_by` are rewritten; every
comment and every other byte of the file stays as the author wrote it.

The game never imports this module's data package: `global_land_mask` is imported only inside
`land_mask`, so players need nothing beyond the normal dependencies.

Rules, in order:
1. A hex is sea when most of its sample points (a 19-point pattern spread over the hex) are sea.
2. The hex of every place is made land: places are on land by definition, and a coastal port
   whose centroid falls on a mostly-sea hex is moved onto the coast this way (reported).
3. Areas are painted in order, later ones over earlier ones. An area of a land terrain paints
   only land hexes, so the coastline stays real; an area of a water terrain paints any hex. An
   area too small to contain a hex centre paints the hex under its centroid (a town in one hex).
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import yaml
from pydantic import ValidationError

from engine.atomic_file import write_text_atomically
from engine.format.ruleset import Ruleset
from engine.format.ruleset_layers import extends_chain, merge, resolve_reference
from engine.format.scenario import Area, MapSpec, Place
from engine.format.yaml_source import MAX_FILE_BYTES
from engine.guarded_read import UnreadableFile, read_text
from engine.hexgrid import SQRT3, HexGrid

DATA_NAME = "global-land-mask (GLOBE 1 km)"
LAND_TERRAIN = "open"


class MapgenError(Exception):
    """The scenario cannot be processed; the message says why and what to change."""


@dataclass
class MapResult:
    """A generated grid and what the generator noticed on the way."""

    rows: list[str]
    land: np.ndarray  # bool per flat hex index, after places were made land
    coast_fixes: list[tuple[str, tuple[int, int]]] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    area_counts: dict[str, int] = field(default_factory=dict)
    samples: int = 0

    def terrain_counts(self) -> Counter[str]:
        return Counter("".join(self.rows))


# --- sampling the coastline -------------------------------------------------------------------
def sample_offsets_km(hex_size_km: float) -> np.ndarray:
    """19 points spread over one pointy-topped hex (centre, inner ring, outer ring), in km.

    An odd count means a majority always exists; the outer ring reaches toward the corners and
    the edge midpoints so that a hex half on the beach is judged by its area, not its centre.
    """
    radius = hex_size_km / SQRT3
    apothem = hex_size_km / 2.0
    points = [(0.0, 0.0)]
    for k in range(6):
        corner = math.radians(30 + 60 * k)
        points.append((0.45 * radius * math.cos(corner), 0.45 * radius * math.sin(corner)))
    for k in range(6):
        corner = math.radians(30 + 60 * k)
        edge = math.radians(60 * k)
        points.append((0.8 * radius * math.cos(corner), 0.8 * radius * math.sin(corner)))
        points.append((0.8 * apothem * math.cos(edge), 0.8 * apothem * math.sin(edge)))
    return np.array(points, dtype=float)


def hex_centres_latlon(grid: HexGrid) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of every hex centre, by flat index."""
    index = np.arange(grid.size)
    col, row = index % grid.cols, index // grid.cols
    x = grid.hex_size_km * (col + 0.5 * (row & 1))
    y = grid.row_height_km * row
    lat = grid.bounds.north - y / 111.2
    lon = grid.bounds.west + x / grid.km_per_deg_lon
    return lat, lon


def land_mask(grid: HexGrid) -> tuple[np.ndarray, int]:
    """True for each hex that is mostly land, and the number of samples taken per hex."""
    try:
        from global_land_mask import globe
    except ImportError as exc:
        raise MapgenError(
            "the map generator needs the global-land-mask package "
            "(pip install -e '.[mapgen]'); the game itself does not"
        ) from exc
    offsets = sample_offsets_km(grid.hex_size_km)
    index = np.arange(grid.size)
    col, row = index % grid.cols, index // grid.cols
    x = (grid.hex_size_km * (col + 0.5 * (row & 1)))[:, None] + offsets[None, :, 0]
    y = (grid.row_height_km * row)[:, None] + offsets[None, :, 1]
    lat = np.clip(grid.bounds.north - y / 111.2, -90.0, 90.0)
    lon = np.clip(grid.bounds.west + x / grid.km_per_deg_lon, -180.0, 180.0)
    land = np.asarray(globe.is_land(lat.copy(), lon.copy()), dtype=bool)
    return land.sum(axis=1) * 2 > offsets.shape[0], int(offsets.shape[0])


# --- painting ---------------------------------------------------------------------------------
def points_in_polygon(
    lat: np.ndarray, lon: np.ndarray, polygon: Sequence[tuple[float, float]]
) -> np.ndarray:
    """Even-odd rule test of many points against one polygon given as [lat, lon] corners."""
    inside = np.zeros(lat.shape, dtype=bool)
    corners = list(polygon)
    for (lat_a, lon_a), (lat_b, lon_b) in zip(corners, corners[1:] + corners[:1], strict=True):
        if lat_a == lat_b:
            continue
        crosses = (lat_a > lat) != (lat_b > lat)
        lon_at = lon_a + (lat - lat_a) * (lon_b - lon_a) / (lat_b - lat_a)
        inside ^= crosses & (lon < lon_at)
    return inside


def area_hexes(grid: HexGrid, area: Area, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Flat indices of the hexes an area covers (its centroid hex if it covers no centre)."""
    hit = np.flatnonzero(points_in_polygon(lat, lon, area.polygon))
    if hit.size:
        return hit
    c_lat = sum(p[0] for p in area.polygon) / len(area.polygon)
    c_lon = sum(p[1] for p in area.polygon) / len(area.polygon)
    hex_ = grid.hex_at(c_lat, c_lon)
    return np.array([grid.index(hex_)] if grid.on_map(hex_) else [], dtype=int)


def legend_chars(spec: MapSpec, ruleset: Ruleset) -> tuple[dict[str, str], str, str, set[str]]:
    """Terrain id -> character, the sea and default land characters, and the water ids."""
    known = {t.id: t for t in ruleset.terrain}
    by_id: dict[str, str] = {}
    for char, terrain_id in spec.terrain_legend.items():
        if terrain_id not in known:
            raise MapgenError(
                f"map.terrain_legend: {char!r} names terrain {terrain_id!r}, which the ruleset "
                f"does not define (known: {', '.join(sorted(known))})"
            )
        by_id.setdefault(terrain_id, char)
    water = {t.id for t in ruleset.terrain if t.water}
    sea_ids = [tid for tid in by_id if tid in water]
    if not sea_ids:
        raise MapgenError("map.terrain_legend has no character for a water terrain (e.g. sea)")
    land_ids = [tid for tid in by_id if tid not in water]
    if not land_ids:
        raise MapgenError("map.terrain_legend has no character for a land terrain (e.g. open)")
    land_id = LAND_TERRAIN if LAND_TERRAIN in by_id else land_ids[0]
    for area in spec.areas:
        if area.terrain not in by_id:
            raise MapgenError(
                f"map.areas {area.id!r}: terrain {area.terrain!r} has no character in "
                "map.terrain_legend"
            )
    return by_id, by_id[sea_ids[0]], by_id[land_id], water


def generate(
    spec: MapSpec, places: Sequence[Place], ruleset: Ruleset, land: np.ndarray | None = None
) -> MapResult:
    """The terrain rows for a map (pass `land` to reuse a mask already sampled)."""
    grid = HexGrid(spec.bounds, spec.hex_size_km)
    by_id, sea_char, land_char, water = legend_chars(spec, ruleset)
    samples = 0
    if land is None:
        land, samples = land_mask(grid)
    land = land.copy()
    result = MapResult(rows=[], land=land, samples=samples)
    for place in places:
        hex_ = grid.hex_at(place.lat, place.lon)
        if not grid.contains_latlon(place.lat, place.lon) or not grid.on_map(hex_):
            result.outside.append(place.id)
            continue
        if not land[grid.index(hex_)]:
            land[grid.index(hex_)] = True
            result.coast_fixes.append((place.id, hex_))
    cells = np.where(land, land_char, sea_char).astype("<U1")
    lat, lon = hex_centres_latlon(grid)
    for area in spec.areas:
        hexes = area_hexes(grid, area, lat, lon)
        if area.terrain not in water:
            hexes = hexes[land[hexes]]
        cells[hexes] = by_id[area.terrain]
        result.area_counts[area.id] = int(hexes.size)
    result.rows = ["".join(cells[r * grid.cols : (r + 1) * grid.cols]) for r in range(grid.rows)]
    return result


def generated_by_text(result: MapResult, spec: MapSpec) -> str:
    """What `generated_by` records: tool, data and method, never a time (keeps --check exact)."""
    return (
        f"run.py mapgen: land/sea from {DATA_NAME}, majority of {result.samples or 19} samples "
        f"per hex; {len(spec.areas)} areas painted in order"
    )


# --- rewriting the file -----------------------------------------------------------------------
_TOP_KEY = re.compile(r"^[^\s#][^:]*:")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _map_block(lines: list[str]) -> tuple[int, int, int]:
    """Index of the `map:` line, end of its block (exclusive), and its children's indentation."""
    start = next((i for i, line in enumerate(lines) if re.match(r"^map:\s*(#.*)?$", line)), None)
    if start is None:
        raise MapgenError("no top-level `map:` block found (it must be written in block style)")
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if _TOP_KEY.match(lines[i]):
            end = i
            break
    child = next(
        (_indent(lines[i]) for i in range(start + 1, end)
         if lines[i].strip() and not lines[i].lstrip().startswith("#")),
        None,
    )
    if child is None or child == 0:
        raise MapgenError("the `map:` block is empty")
    return start, end, child


def _key_line(lines: list[str], start: int, end: int, indent: int, key: str) -> int | None:
    pattern = re.compile(rf"^ {{{indent}}}{key}:(\s|$)")
    return next((i for i in range(start + 1, end) if pattern.match(lines[i])), None)


def _block_end(lines: list[str], key_line: int, end: int, indent: int) -> int:
    """End (exclusive) of a key's indented value, not counting trailing blank lines."""
    last = key_line
    for i in range(key_line + 1, end):
        if not lines[i].strip():
            continue
        if _indent(lines[i]) <= indent:
            break
        last = i
    return last + 1


def rewrite_terrain(text: str, rows: Sequence[str], generated_by: str) -> str:
    """`text` with the map's `terrain: |` block and `generated_by` replaced, nothing else."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    start, end, indent = _map_block(lines)
    pad = " " * indent
    block = [f"{pad}terrain: |", *(f"{pad}  {row}" for row in rows)]
    key = _key_line(lines, start, end, indent, "terrain")
    if key is None:
        last = max(i for i in range(start, end) if i == start or _indent(lines[i]) > 0)
        lines[last + 1 : last + 1] = block
    else:
        stop = _block_end(lines, key, end, indent)
        lines[key:stop] = block
    start, end, indent = _map_block(lines)
    gen_line = f"{pad}generated_by: {_quoted(generated_by)}"
    gen = _key_line(lines, start, end, indent, "generated_by")
    if gen is not None:
        lines[gen:_block_end(lines, gen, end, indent)] = [gen_line]
    else:
        key = _key_line(lines, start, end, indent, "terrain")
        assert key is not None  # written just above
        lines.insert(_block_end(lines, key, end, indent), gen_line)
    return newline.join(lines)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- reading the scenario ---------------------------------------------------------------------
@dataclass(frozen=True)
class MapInputs:
    text: str
    spec: MapSpec
    places: list[Place]
    ruleset: Ruleset


def read_inputs(path: Path) -> MapInputs:
    """The parts of a scenario the generator needs, with errors a modder can act on."""
    try:
        text = read_text(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise MapgenError(f"cannot read {exc}") from exc
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise MapgenError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("map"), dict):
        raise MapgenError(f"{path} has no `map:` mapping")
    map_data = dict(data["map"])
    map_data.setdefault("terrain", "")
    try:
        spec = MapSpec.model_validate(map_data)
        places = [Place.model_validate(p) for p in data.get("places") or []]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise MapgenError(f"{path}: map or places invalid at {where}: {first['msg']}") from exc
    rules_name = data.get("ruleset")
    if not isinstance(rules_name, str):
        raise MapgenError(f"{path} names no `ruleset:` file")
    folder = path.resolve().parent
    rules_path = resolve_reference(folder, folder, rules_name, "ruleset")
    if isinstance(rules_path, str):
        raise MapgenError(f"{path}: {rules_path}")

    def read(file: Path) -> Any:
        try:
            return yaml.load(read_text(file, MAX_FILE_BYTES), Loader=yaml.CSafeLoader)
        except UnreadableFile as exc:
            raise MapgenError(f"cannot read ruleset {exc}") from exc
        except yaml.YAMLError as exc:
            raise MapgenError(f"ruleset {file} is invalid; run `run.py validate`") from exc

    chain, failure = extends_chain(rules_path, folder, read, lambda data: data)
    if failure is not None:
        raise MapgenError(f"ruleset {chain[failure.at][0]}: {failure.message}")
    try:
        ruleset = Ruleset.model_validate(merge(*reversed([d for _, d in chain]),
                                               data.get("rules") or {}))
    except ValidationError as exc:
        raise MapgenError(f"ruleset {rules_path} is invalid; run `run.py validate`") from exc
    return MapInputs(text, spec, places, ruleset)


def stored_rows(spec: MapSpec) -> list[str]:
    return [row for row in spec.terrain.splitlines() if row.strip()]


def _report(result: MapResult, grid: HexGrid, spec: MapSpec, out: TextIO) -> None:
    legend = dict(spec.terrain_legend)
    counts = result.terrain_counts()
    summary = ", ".join(f"{legend.get(c, c)} {n}" for c, n in counts.most_common())
    print(f"grid {grid.cols} x {grid.rows} hexes of {spec.hex_size_km} km: {summary}", file=out)
    for place_id, hex_ in result.coast_fixes:
        print(f"note: place {place_id!r} fell on a mostly-sea hex {hex_}; made it land", file=out)
    for place_id in result.outside:
        print(f"warning: place {place_id!r} lies outside map.bounds", file=out)
    for area_id, n in result.area_counts.items():
        if n == 0:
            print(f"warning: area {area_id!r} paints no hex (outside the map or all sea)", file=out)


def run_file(path: Path, check: bool = False, out: TextIO | None = None) -> int:
    """Generate (or with `check`, verify) one scenario's grid; the exit code to return."""
    out = out or sys.stdout
    inputs = read_inputs(path)
    grid = HexGrid(inputs.spec.bounds, inputs.spec.hex_size_km)
    result = generate(inputs.spec, inputs.places, inputs.ruleset)
    if check:
        stored = stored_rows(inputs.spec)
        if stored == result.rows:
            print(f"{path}: terrain grid is up to date ({grid.cols} x {grid.rows})", file=out)
            return 0
        differing = sum(
            a != b
            for old, new in zip(stored, result.rows, strict=False)
            for a, b in zip(old, new, strict=False)
        )
        shape = f"{len(stored)} rows stored, {len(result.rows)} generated"
        print(
            f"{path}: terrain grid is out of date ({shape}; {differing} hexes differ); "
            f"run `python run.py mapgen {path}`",
            file=out,
        )
        return 1
    new_text = rewrite_terrain(inputs.text, result.rows, generated_by_text(result, inputs.spec))
    reread = yaml.load(new_text, Loader=yaml.CSafeLoader)
    if stored_rows(MapSpec.model_validate(reread["map"])) != result.rows:
        raise MapgenError(f"{path}: rewritten terrain block did not read back; file left unchanged")
    _report(result, grid, inputs.spec, out)
    if new_text != inputs.text:
        write_text_atomically(path, new_text)
        print(f"{path}: terrain grid written", file=out)
    else:
        print(f"{path}: terrain grid already up to date", file=out)
    return 0
