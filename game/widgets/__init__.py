"""pygame_gui widgets: the header, panels and log (hud), dialogs, and the timeline chart."""
