"""The scenario format: its typed models, the YAML reader, validation, schema, guide and tools.

Everything a modder's file goes through before a game starts lives here; nothing here plays.
"""
