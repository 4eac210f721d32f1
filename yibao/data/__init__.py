"""The data layer: tables and their schema, loading and validation, sources, regions, UI strings.

Imports nothing else from yibao; every other layer builds on it.
"""
