"""A button that says why it is greyed out.

pygame_gui shows a button's tooltip only while the button can be hovered, and a disabled button
cannot: an order that cannot be given now (Bombard with a gun short of shells) would be greyed
out without a word. This button shows its tooltip over it whether enabled or not, so the
tooltip can carry the reason.
"""

from __future__ import annotations

from pygame_gui.elements import UIButton


class ExplainedButton(UIButton):
    """A `UIButton` whose tooltip also shows while it is disabled."""

    _greyed_hover = 0.0  # seconds the pointer has rested on the disabled button

    def check_hover(self, time_delta: float, hovered_higher_element: bool) -> bool:
        over = super().check_hover(time_delta, hovered_higher_element)
        if not over or self.is_enabled:
            self._greyed_hover = 0.0
            if not self.hovered and self.tool_tip is not None:
                self.tool_tip.kill()  # shown while it was disabled: the pointer left
                self.tool_tip = None
            return over
        self._greyed_hover += time_delta
        if self.tool_tip is None and self.tool_tip_text and \
                self._greyed_hover > self.tool_tip_delay:
            mouse_x, _ = self.ui_manager.get_mouse_position()
            self.tool_tip = self.ui_manager.create_tool_tip(
                text=self.tool_tip_text, position=(int(mouse_x), int(self.rect.centery)),
                hover_distance=(0, self.rect.height // 2), parent_element=self,
                object_id=self.tool_tip_object_id, wrap_width=self.tool_tip_wrap_width,
                text_kwargs=self.tool_tip_text_kwargs)
        return over
