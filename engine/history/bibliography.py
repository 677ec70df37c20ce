"""A scenario's sources as a reader sees them: cited by title, listed in a bibliography.

Scenario data cites its sources by key (`S4`, `W-WH`, `LR-2477`). Those keys are for the people
who write the data: nothing shown to a player carries them. `cite` gives the titles for a list
of keys; `expand` rewrites the keys inside a free text (a date note, a plan note) as quoted
titles, the design estimate's key as the word "estimated"; `entry` gives one line of the
bibliography: author, title, date and address. A seed document is cited by its title, never by
the project's file name for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from engine.format.scenario import Source

ESTIMATE_KIND = "estimate"

_KIND = {
    "en": {"seed": "source text", "web": "web page", "book": "book", "archive": "archive",
           "data": "data set", "estimate": "not taken from a source"},
    "fr": {"seed": "texte source", "web": "page web", "book": "livre", "archive": "archives",
           "data": "jeu de données", "estimate": "non tiré d'une source"},
}
_WEAK = {"en": "weak source", "fr": "source peu sûre"}
_ESTIMATED = {"en": "estimated", "fr": "estimé"}  # what a key of the design estimate reads as
_QUOTES = {"en": ("“", "”"), "fr": ("« ", " »")}


@dataclass(frozen=True)
class SourceRef:
    """One source resolved for a reader."""

    id: str
    title: str
    kind: str
    author: str | None
    published: str | None
    url: str | None
    reliability: str

    @property
    def estimate(self) -> bool:
        return self.kind == ESTIMATE_KIND

    def entry(self, lang: str) -> str:
        """'C. P. Stacey, The Victory Campaign, 1960. http://…' (the kind when there is no
        address), with a warning for a weak source."""
        words = _KIND.get(lang, _KIND["en"])
        text = ", ".join(x for x in (self.author, self.title, self.published) if x)
        tail = self.url or words.get(self.kind, self.kind)
        weak = f" ({_WEAK.get(lang, _WEAK['en'])})" if self.reliability == "low" else ""
        return f"{text}{weak}. {tail}"


class Bibliography:
    """The sources of one scenario, by key."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.refs: dict[str, SourceRef] = {
            s.id: SourceRef(s.id, s.title, s.kind, s.author, s.published, s.url, s.reliability)
            for s in sources
        }

    def resolve(self, ids: Iterable[str]) -> list[SourceRef]:
        """Sources by key; a key the scenario does not list is shown as itself."""
        return [self.refs.get(i) or SourceRef(i, i, "web", None, None, None, "low")
                for i in ids]

    def cite(self, ids: Iterable[str]) -> str:
        """The titles of the sources, for a 'Sources:' line."""
        return "; ".join(s.title for s in self.resolve(ids))

    def estimated(self, ids: Iterable[str]) -> bool:
        """True when the list cites the design estimate: the thing is not all from sources."""
        return any(s.estimate for s in self.resolve(ids))

    def sourced(self, ids: Iterable[str]) -> list[str]:
        """The keys that are real sources (the design estimate left out)."""
        return [s.id for s in self.resolve(ids) if not s.estimate]

    @cached_property
    def _keys(self) -> re.Pattern[str] | None:
        if not self.refs:
            return None
        keys = sorted(self.refs, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")

    def expand(self, text: str, lang: str) -> str:
        """A free text with every source key replaced by the source's quoted title."""
        if self._keys is None or not text:
            return text
        left, right = _QUOTES.get(lang, _QUOTES["en"])

        def title(m: re.Match[str]) -> str:
            ref = self.refs[m.group(1)]
            if ref.estimate:
                return _ESTIMATED.get(lang, _ESTIMATED["en"])
            return f"{left}{ref.title}{right}"

        return self._keys.sub(title, text)

    def entries(self, ids: Iterable[str] | None, lang: str) -> list[str]:
        """Bibliography lines, in the scenario's order, of the given keys (all when None)."""
        wanted = None if ids is None else set(ids)
        return [r.entry(lang) for key, r in self.refs.items()
                if wanted is None or key in wanted]
