"""The rules: one module per rule area, and `turn`, the one function that applies an order.

Each module reads the fixed facts (`engine.world`) and changes the position (`engine.state`).
"""
