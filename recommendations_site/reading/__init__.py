"""Strict reading of every file a person or an upstream system gives us: YAML (yamlfile.py), JSON
and JSON Lines (jsonfile.py), text and its encoding (text.py), and checking what was read against
a declared JSON Schema (schema.py). Each refuses what it cannot read exactly, with a ReadError
located as file:line:field, instead of guessing: duplicate keys, YAML aliases, nesting past a
bound, a file in more than one encoding, NUL bytes, numbers out of range.

A leaf beside errors.py: every layer may use it."""

from .text import ReadError

__all__ = ["ReadError"]
