"""Synthesise the game's sound effects into WAV files beside this script.

Why a script rather than recorded samples: every sound the game ships then has a known origin and
the project's own licence (no third-party sample packs to track), the files can be rebuilt
bit-for-bit (each effect draws its noise from its own fixed numpy seed), and a sound can be tuned
by editing a number here and running the script again.

Run: ``python assets/sounds/synthesise.py`` (writes the WAVs, then checks them);
``python assets/sounds/synthesise.py --check`` only checks the files already there.

Needs only numpy and the standard library. Output: 16-bit mono PCM at 22050 Hz, every effect
peak-normalised to -3 dBFS with short fades at both ends so it starts and stops without a click.
"""

from __future__ import annotations

import argparse
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

RATE = 22050  # samples per second
PEAK_DBFS = -3.0  # every effect is normalised so its loudest sample sits here
FULL_SCALE = 32767
HERE = Path(__file__).resolve().parent

Signal = np.ndarray  # float64, mono, nominally within [-1, 1]


# ---------------------------------------------------------------- building blocks


def timeline(seconds: float) -> Signal:
    """Sample times, in seconds, for a sound `seconds` long."""
    return np.arange(round(seconds * RATE)) / RATE


def band(signal: Signal, low: float = 0.0, high: float = RATE / 2) -> Signal:
    """Keep only the frequencies between `low` and `high` Hz (a brick-wall FFT filter with soft
    edges, fine for noise that is shaped by an envelope afterwards)."""
    spectrum = np.fft.rfft(signal)
    freqs = np.fft.rfftfreq(signal.size, 1 / RATE)
    edge = 0.15  # width of the soft edge, as a fraction of the cut-off frequency
    gain = np.ones_like(freqs)
    if low > 0:
        gain *= np.clip((freqs - low * (1 - edge)) / (low * edge), 0.0, 1.0)
    if high < RATE / 2:
        gain *= np.clip((high * (1 + edge) - freqs) / (high * edge), 0.0, 1.0)
    return np.fft.irfft(spectrum * gain, n=signal.size)


def decay(t: Signal, start: float, tau: float, attack: float = 0.002) -> Signal:
    """An envelope that is 0 before `start`, rises linearly over `attack` seconds, then decays
    exponentially with time constant `tau` seconds."""
    since = t - start
    rise = np.clip(since / attack, 0.0, 1.0)
    return np.where(since >= 0, rise * np.exp(-np.maximum(since, 0.0) / tau), 0.0)


def fades(signal: Signal, fade_in: float = 0.004, fade_out: float = 0.02) -> Signal:
    """Raised-cosine fades at both ends, so the waveform starts and ends at zero."""
    out = signal.copy()
    for seconds, end in ((fade_in, False), (fade_out, True)):
        n = min(max(1, round(seconds * RATE)), out.size)
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, n))
        if end:
            out[-n:] *= ramp[::-1]
        else:
            out[:n] *= ramp
    return out


def normalise(signal: Signal, dbfs: float = PEAK_DBFS) -> Signal:
    """Scale so the largest absolute sample is `dbfs` decibels below full scale."""
    peak = float(np.max(np.abs(signal)))
    if peak == 0.0:
        raise ValueError("silent signal")
    return signal * (10 ** (dbfs / 20) / peak)


def to_pcm16(signal: Signal) -> np.ndarray:
    """Float samples in [-1, 1] to little-endian 16-bit integers (clipped, never wrapped)."""
    return np.clip(np.round(signal * FULL_SCALE), -FULL_SCALE, FULL_SCALE).astype("<i2")


# ---------------------------------------------------------------- the effects


def gunfire() -> Signal:
    """Artillery: three low booms, each a falling sub-bass thump, a crack of filtered noise and a
    rumble that rolls on after it, ~1.2 s."""
    rng = np.random.default_rng(1944)
    t = timeline(1.2)
    out = np.zeros_like(t)
    # (start s, loudness, pitch Hz): the second gun is nearer, the third further off
    for start, gain, pitch in ((0.00, 1.0, 62.0), (0.30, 0.8, 55.0), (0.52, 0.55, 70.0)):
        since = np.maximum(t - start, 0.0)
        sweep = pitch * (0.55 + 0.45 * np.exp(-since / 0.08))  # pitch falls as the boom opens
        phase = 2 * np.pi * np.cumsum(sweep) / RATE
        thump = np.sin(phase) * decay(t, start, 0.16, attack=0.003)
        crack = band(rng.standard_normal(t.size), 150, 2500) * decay(t, start, 0.035, 0.001)
        rumble = band(rng.standard_normal(t.size), 25, 220) * decay(t, start + 0.01, 0.35, 0.03)
        out += gain * (1.0 * thump + 0.45 * crack + 0.9 * rumble)
    # soft saturation: overtones of the thump that small speakers can play, as a real boom has
    out = np.tanh(2.0 * out / np.max(np.abs(out)))
    return fades(normalise(out), 0.002, 0.08)


def bombers() -> Signal:
    """A stream of heavy bombers overhead: four piston engines at slightly different speeds, so
    their drones beat slowly against each other, with a fade in and out, ~2.5 s."""
    rng = np.random.default_rng(1945)
    t = timeline(2.5)
    out = np.zeros_like(t)
    for base in (82.0, 83.3, 84.1, 85.6):  # 0.8-3.5 Hz apart: a slow wow-wow beating
        wobble = 1 + 0.004 * np.sin(2 * np.pi * rng.uniform(0.2, 0.5) * t + rng.uniform(0, 6.3))
        phase = 2 * np.pi * np.cumsum(base * wobble) / RATE + rng.uniform(0, 6.3)
        for harmonic, amp in ((1, 1.0), (2, 0.7), (3, 0.45), (4, 0.3), (5, 0.18), (6, 0.1)):
            out += amp * np.sin(harmonic * phase)
    # propeller wash: low noise pulsing at the blade rate of one engine
    wash = band(rng.standard_normal(t.size), 60, 700)
    out += 0.9 * wash * (0.6 + 0.4 * np.sin(2 * np.pi * 41.0 * t))
    swell = np.minimum(1.0, np.minimum(t / 0.9, (t[-1] - t) / 0.9))  # 0.9 s in, 0.9 s out
    out *= np.sin(0.5 * np.pi * swell) ** 2
    return fades(normalise(out), 0.01, 0.05)


def brass_note(t: Signal, start: float, length: float, freq: float) -> Signal:
    """One brass-like note: harmonics that brighten as the note swells, a little vibrato late."""
    since = t - start
    on = (since >= 0) & (since < length)
    attack = np.clip(since / 0.035, 0.0, 1.0)
    release = np.clip((length - since) / 0.06, 0.0, 1.0)
    env = np.where(on, attack * release * (0.85 + 0.15 * np.exp(-np.maximum(since, 0) / 0.1)), 0)
    vibrato = 1 + 0.006 * np.sin(2 * np.pi * 5.5 * since) * np.clip((since - 0.25) / 0.3, 0, 1)
    phase = 2 * np.pi * freq * np.cumsum(np.where(on, vibrato, 0.0)) / RATE
    note = np.zeros_like(t)
    for n in range(1, 11):
        if n * freq >= RATE / 2:
            break
        # brass brightens with loudness: upper harmonics follow a steeper power of the envelope
        note += (1.0 / n**0.9) * env ** (1 + 0.35 * (n - 1)) * np.sin(n * phase)
    return note


def place_falls() -> Signal:
    """A place has fallen: a short bright fanfare of three rising notes (G4, C5, E5, the last
    held), ~1.5 s."""
    t = timeline(1.5)
    out = (
        brass_note(t, 0.00, 0.22, 392.00)
        + brass_note(t, 0.24, 0.22, 523.25)
        + 1.15 * brass_note(t, 0.48, 0.96, 659.25)
    )
    return fades(normalise(out), 0.003, 0.03)


def click() -> Signal:
    """A UI click: a very short high tick of noise and a 2.2 kHz blip, ~40 ms."""
    rng = np.random.default_rng(7)
    t = timeline(0.04)
    tick = band(rng.standard_normal(t.size), 1500, 8000) * decay(t, 0.0, 0.003, 0.0005)
    blip = np.sin(2 * np.pi * 2200 * t) * decay(t, 0.0, 0.006, 0.0005)
    return fades(normalise(0.6 * tick + blip), 0.0005, 0.01)


def turn() -> Signal:
    """A soft bell for a new turn: a struck bar's inharmonic partials, the higher ones dying
    first, ~0.8 s."""
    t = timeline(0.8)
    base = 660.0
    out = np.zeros_like(t)
    # (ratio to the fundamental, loudness, decay time s): a small hand-bell's spectrum
    for ratio, amp, tau in (
        (1.0, 1.0, 0.35),
        (2.0, 0.45, 0.22),
        (2.76, 0.3, 0.15),
        (4.07, 0.15, 0.09),
        (5.4, 0.08, 0.06),
    ):
        out += amp * np.sin(2 * np.pi * base * ratio * t) * decay(t, 0.0, tau, attack=0.006)
    return fades(normalise(out), 0.002, 0.06)


EFFECTS: dict[str, tuple[Callable[[], Signal], float]] = {
    # file name: (maker, intended length in seconds)
    "gunfire.wav": (gunfire, 1.2),
    "bombers.wav": (bombers, 2.5),
    "place_falls.wav": (place_falls, 1.5),
    "click.wav": (click, 0.04),
    "turn.wav": (turn, 0.8),
}


# ---------------------------------------------------------------- writing and checking


def write_wav(path: Path, signal: Signal) -> None:
    """Write `signal` as 16-bit mono PCM at RATE."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(to_pcm16(signal).tobytes())


def read_wav(path: Path) -> tuple[np.ndarray, int, int, int]:
    """Samples (int16), rate, channels and sample width of a WAV file."""
    with wave.open(str(path), "rb") as src:
        frames = src.readframes(src.getnframes())
        return (
            np.frombuffer(frames, dtype="<i2"),
            src.getframerate(),
            src.getnchannels(),
            src.getsampwidth(),
        )


def check(path: Path, seconds: float) -> list[str]:
    """Problems with one written effect: wrong format or length, clipping, silence, an abrupt
    start or end, or a peak far from PEAK_DBFS. Empty when it is fine."""
    samples, rate, channels, width = read_wav(path)
    problems = []
    if (rate, channels, width) != (RATE, 1, 2):
        problems.append(f"format {rate} Hz, {channels} ch, {8 * width} bit")
    length = samples.size / rate
    if abs(length - seconds) > 0.01:
        problems.append(f"{length:.3f} s long, meant {seconds} s")
    x = samples.astype(np.float64) / FULL_SCALE
    peak = float(np.max(np.abs(x)))
    if np.any(np.abs(samples.astype(np.int32)) >= FULL_SCALE):
        problems.append("clips")
    if peak == 0.0 or float(np.sqrt(np.mean(x**2))) < 1e-3:
        problems.append("silent")
    elif abs(20 * np.log10(peak) - PEAK_DBFS) > 0.1:
        problems.append(f"peak {20 * np.log10(peak):.2f} dBFS")
    if max(abs(int(samples[0])), abs(int(samples[-1]))) > 0.01 * FULL_SCALE:
        problems.append("does not start and end near zero")
    return problems


def report(path: Path) -> str:
    """One line about a file: size, length, peak and RMS level."""
    samples, rate, _, _ = read_wav(path)
    x = samples.astype(np.float64) / FULL_SCALE
    peak = 20 * np.log10(np.max(np.abs(x)))
    rms = 20 * np.log10(np.sqrt(np.mean(x**2)))
    return (
        f"{path.name:16} {path.stat().st_size / 1024:6.1f} KB {samples.size / rate:6.3f} s "
        f"peak {peak:6.2f} dBFS  rms {rms:6.2f} dBFS"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the existing files")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write to")
    args = parser.parse_args(argv)
    failed = False
    for name, (make, seconds) in EFFECTS.items():
        path = args.out / name
        if not args.check:
            write_wav(path, make())
        problems = check(path, seconds) if path.is_file() else ["missing"]
        failed |= bool(problems)
        print(report(path) if path.is_file() else name, *(f"  PROBLEM: {p}" for p in problems))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
