"""Pygame front end: draws engine state and sends orders; holds no rules."""
