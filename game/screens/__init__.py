"""The window's screens: main menu, the campaign, the history replay and the after-action report."""
