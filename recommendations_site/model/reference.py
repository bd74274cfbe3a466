"""Reference tables: curated YAML in data/reference plus the SDG taxonomy from UHRI."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from pathlib import Path

import yaml

from .. import paths

YAML_TABLES = ("mechanisms", "bodies", "instruments", "agencies", "themes", "groups", "sources")


@cache  # schema.yaml is part of the program, not curated data: it cannot change while a process runs
def schema() -> dict:
    """The Table Schemas of every resource (schema.yaml beside this module)."""
    return yaml.safe_load((Path(__file__).with_name("schema.yaml")).read_text(encoding="utf-8"))["resources"]


def load_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def sources_config() -> dict:
    return load_yaml(paths.SOURCES_FILE)  # type: ignore[return-value]


def as_of(release_file: Path = paths.RELEASE_FILE) -> dt.date:
    """The day the release's data is as at (data/release.yaml): what the build judges dates against."""
    value = (load_yaml(release_file) or {}).get("as_of")  # type: ignore[union-attr]
    if not isinstance(value, dt.date):
        raise ValueError(f"{release_file.name}:as_of: {value!r} is not a date (YYYY-MM-DD)")
    return value


def yaml_tables() -> dict[str, list[dict]]:
    """The curated reference tables, each a list of rows keyed by schema field name."""
    tables = {}
    for name in YAML_TABLES:
        fields = [f["name"] for f in schema()[name]["schema"]["fields"]]
        rows = load_yaml(paths.REFERENCE / f"{name}.yaml") or []
        tables[name] = [{f: row.get(f) for f in fields} for row in rows]  # type: ignore[union-attr]
    return tables


def sdg_table(taxonomy: Path) -> list[dict]:
    """Goals and targets from the UHRI SDG taxonomy ("5 - GENDER EQUALITY", "5.2 - Eliminate ...")."""
    rows = []
    with taxonomy.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            record = json.loads(line)
            match = re.match(r"\s*(\d+)(?:\.([0-9a-z]+))?\s*-\s*(.+)", record["text"])
            if not match:
                raise ValueError(f"{taxonomy}:{line_no}:text: not an SDG goal or target: {record['text']!r}")
            goal, target, title = match.groups()
            rows.append(
                {
                    "id": f"{goal}.{target}" if target else goal,
                    "kind": "target" if target else "goal",
                    "goal": int(goal),
                    "title": title.strip(),
                    "uhri_id": record["id"],
                }
            )
    return rows
