"""The AI's geometry caches are bounded and forget the entry used longest ago, not everything."""

from __future__ import annotations

from engine.ai.geometry import Lru


def test_a_full_cache_forgets_only_the_entry_used_longest_ago() -> None:
    made: list[int] = []

    def maker(k: int):
        return lambda: made.append(k) or k * 10

    cache: Lru[int, int] = Lru(3)
    for k in (1, 2, 3):
        cache.get(k, maker(k))
    assert cache.get(1, maker(1)) == 10  # 1 is now the most recent
    cache.get(4, maker(4))  # evicts 2, the one used longest ago
    assert list(cache.data) == [3, 1, 4]
    assert cache.get(3, maker(3)) == 30 and cache.get(2, maker(2)) == 20
    assert made == [1, 2, 3, 4, 2]
    assert len(cache.data) == 3
