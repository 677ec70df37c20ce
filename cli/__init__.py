"""The command line: one module per `run.py` sub-command, each with `add_arguments(parser)` and
`run(args) -> int`. Commands parse arguments, call the engine, print, and open a window from
`game/` when asked; the engine itself never imports anything from here or from `game/`.
"""
