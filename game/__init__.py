"""Pygame front end: draws engine state and sends orders; holds no rules."""

import os

# Set before any module of the window imports pygame, so its greeting never reaches stdout
# (where `run.py report` writes the report itself).
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
