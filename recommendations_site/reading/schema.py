"""What was read, checked against a JSON Schema (schemas as data, beside the code that reads each
kind of file) with jsonschema, each problem said so that a person who edits the file can act on it."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from ..errors import Problem
from .yamlfile import Loaded

TYPES = {
    "string": "text",
    "array": "a list",
    "object": "a set of 'field: value' lines",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def load_schema(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def message(error: ValidationError) -> str:
    """The validator's finding in words for the person who edits the file."""
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "required":
        return "required"
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return f"unknown field; expected one of {', '.join(allowed)}"
    if kind == "type":
        wanted = [expected] if isinstance(expected, str) else expected
        return f"{_shown(value)} is not {' or '.join(TYPES.get(t, t) for t in wanted)}"
    if kind == "enum":
        return f"{_shown(value)}: one of {', '.join(map(str, expected))}"
    if kind == "format" and expected == "date":
        return f"{_shown(value)} is not a date (YYYY-MM-DD) that exists"
    if kind == "pattern":
        return f"{_shown(value)}: {error.schema.get('description') or 'not in the expected form'}"
    if kind in ("maxLength", "maxItems"):
        return f"too long: at most {expected} {'characters' if kind == 'maxLength' else 'items'}"
    if kind in ("minLength", "minItems"):
        return "empty: give a value" if expected == 1 else f"too short: at least {expected}"
    return error.message


def field_of(where: Iterable[str | int], error: ValidationError) -> str:
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in (error.instance or {})]
        return missing[0] if missing else "-"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return extra[0] if extra else "-"
    names = [w for w in where if isinstance(w, str)]
    return names[-1] if names else "-"


VALID: dict[tuple[str, str, bytes], None] = {}  # (file, schema, data) seen valid, oldest first
REMEMBERED = 512  # the project's curated files are ~35; an import reads each several times


def problems(loaded: Loaded, schema: dict, file: str) -> list[Problem]:
    """Every way the document breaks the schema, as file:line:field: message, in document order.
    The same data under the same schema was valid before, it is valid now: jsonschema is then not run
    again (a third of a small import's time). Only validity is remembered; problems, which carry
    lines, are found afresh each time."""
    key = (file, json.dumps(schema, sort_keys=True, default=str), pickle.dumps(loaded.data, pickle.HIGHEST_PROTOCOL))
    if key in VALID:
        return []
    found = _problems(loaded, schema, file)
    if not found:
        VALID[key] = None
        if len(VALID) > REMEMBERED:
            del VALID[next(iter(VALID))]
    return found


def _problems(loaded: Loaded, schema: dict, file: str) -> list[Problem]:
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    found = []
    for error in validator.iter_errors(loaded.data):
        where = tuple(error.absolute_path)
        if "propertyNames" in error.schema_path:  # about a key: its own line
            where = (*where, error.instance)
        field = field_of(where, error)
        if error.validator == "additionalProperties":
            line = loaded.key_line((*where, field))
        elif error.validator == "required" or "propertyNames" in error.schema_path:  # an entry-level problem: its id's line
            line = loaded.key_line(where)
        else:
            line = loaded.line(where)
        found.append(Problem(file, line, field, message(error)))
    return sorted(set(found))
