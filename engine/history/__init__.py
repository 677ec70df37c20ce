"""History: the scenario's timeline, its historical plan played as orders, and the tools that
set a campaign against 1944 (replay, simulate, after-action report).
"""
