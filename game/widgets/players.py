"""The Players window: for each side, who plays it from now on — you, the AI or the 1944 plan.

A choice goes to the game screen (`on_choose`), which hands the side over through the session
(`Session.hand_over`); the window then shows, side by side, who plays each side now and who
takes it over from its next phase. It follows the game while it is open (the AI may end its
phase meanwhile, and a waiting change then takes effect).
"""

from __future__ import annotations

from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UILabel, UITextBox, UIWindow

from game.players import HISTORY, PLAYER_KINDS
from game.session import Session
from game.text.i18n import tr
from game.widgets.dialogs import _centred

ROW_H = 96


def status_text(session: Session, side: str, lang: str) -> str:
    """'Played by you. Next phase: AI. (End turn hands it over.)'"""
    now, later = session.player(side), session.next_player(side)
    text = tr(f"players.now_{now}", lang)
    if later != now:
        text += " " + tr("players.next", lang, who=tr(f"players.{later}", lang))
        if side == session.side_to_move and session.human_to_move:
            text += " " + tr("players.end_turn", lang)
    return text


class PlayersWindow(UIWindow):
    """One row per side: its name, a button per player (the one playing it from its next
    phase selected), and who plays it now."""

    def __init__(self, manager: pygame_gui.UIManager, lang: str, session: Session,
                 on_choose: Callable[[str, str], None]) -> None:
        sides = [s.id for s in session.world.scenario.sides]
        super().__init__(_centred(manager, 560, 136 + ROW_H * len(sides)), manager,
                         tr("players.title", lang), object_id="#players", always_on_top=True)
        self.lang = lang
        self.session = session
        self.on_choose = on_choose
        width, _ = self.get_container().get_size()
        UITextBox(tr("players.intro", lang), pygame.Rect(12, 8, width - 24, 78), manager,
                  container=self)
        self.buttons: dict[tuple[str, str], UIButton] = {}
        self.status: dict[str, UILabel] = {}
        y = 94
        for side in sides:
            UILabel(pygame.Rect(16, y, width - 32, 24), session.side_name(side), manager,
                    container=self, object_id="#field_label")
            x = 16
            for kind in PLAYER_KINDS:
                tip = tr("players.no_plan", lang) \
                    if kind == HISTORY and side not in session.plan_sides else None
                self.buttons[side, kind] = UIButton(
                    pygame.Rect(x, y + 28, 150, 32), tr(f"players.{kind}", lang), manager,
                    container=self, tool_tip_text=tip, command=self._chooser(side, kind))
                x += 158
            self.status[side] = UILabel(pygame.Rect(16, y + 64, width - 32, 24), "", manager,
                                        container=self)
            y += ROW_H
        self._shown: object = None
        self.show_choices()

    def _chooser(self, side: str, kind: str) -> Callable[[], None]:
        # pygame_gui hands its event to a command taking an argument: give it none
        return lambda: self.choose(side, kind)

    def choose(self, side: str, kind: str) -> None:
        self.on_choose(side, kind)
        self.show_choices()

    def show_choices(self) -> None:
        """Select each side's next player, grey what cannot be chosen, say who plays now."""
        session = self.session
        key = (session.revision, session.ai_busy, session.over,
               tuple(sorted(session.config.controllers.items())),
               tuple(sorted(session.config.pending.items())))
        if key == self._shown:
            return
        self._shown = key
        for (side, kind), button in self.buttons.items():
            # each state set only when it changes: pygame_gui draws a disabled button that is
            # unselected again as enabled
            chosen = session.next_player(side) == kind
            if chosen != button.is_selected:
                button.select() if chosen else button.unselect()
            allowed = not session.over and (kind != HISTORY or side in session.plan_sides)
            if allowed != button.is_enabled:
                button.enable() if allowed else button.disable()
        for side, label in self.status.items():
            label.set_text(status_text(session, side, self.lang))

    def update(self, time_delta: float) -> None:
        super().update(time_delta)
        self.show_choices()  # the AI may end its phase while the window is open

