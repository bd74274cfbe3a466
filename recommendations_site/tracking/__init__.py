"""Officials' tracking files: one YAML file per agency (data/tracking/<agency>.yaml) recording
its actions, their progress updates and the reasons for the Government's responses. They become
the canonical tables actions, action_recommendations, progress_updates and response_rationales.

Every problem is located as file:line:field. Errors stop the build; warnings (stale actions) are
reported and shown on the agency's page. Nothing is judged against the clock: `as_of` (data/release.yaml)
is the day the data is as at."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import paths
from ..errors import Problem
from ..model.reporting import OPEN, STATUSES, bounds, parse_date, period_of, previous

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SECTIONS = {"agency", "actions", "progress", "responses"}
ACTION_FIELDS = {"id", "title", "description", "recommendations", "supporting_agencies", "status", "start_date", "target_date"}
UPDATE_FIELDS = {"action", "date", "text", "evidence", "status"}
RESPONSE_FIELDS = {"recommendation", "rationale", "source"}


class _LineLoader(yaml.SafeLoader):
    """Safe YAML that remembers the line of every key, so a problem can name the line to fix."""


def _mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__lines__"] = {k.value: k.start_mark.line + 1 for k, _ in node.value} | {"": node.start_mark.line + 1}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@dataclass
class Tracking:
    """The tracking tables and what checking them found."""

    actions: list[dict] = field(default_factory=list)
    action_recommendations: list[dict] = field(default_factory=list)
    progress_updates: list[dict] = field(default_factory=list)
    response_rationales: list[dict] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict]]:
        names = ("actions", "action_recommendations", "progress_updates", "response_rationales")
        return {name: getattr(self, name) for name in names}


def files_in(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.yaml")) if directory.is_dir() else []


class _File:
    """One tracking file being read: locates problems by line and collects them."""

    def __init__(self, path: Path, found: Tracking):
        self.name = str(path.relative_to(paths.ROOT)) if path.is_relative_to(paths.ROOT) else str(path)
        self.found = found

    def error(self, entry: dict, key: str, message: str) -> None:
        self.found.errors.append(Problem(self.name, entry["__lines__"].get(key, entry["__lines__"][""]), key or "-", message))

    def warn(self, entry: dict, key: str, message: str) -> None:
        self.found.warnings.append(Problem(self.name, entry["__lines__"].get(key, entry["__lines__"][""]), key, message))

    def date(self, entry: dict, key: str, *, required: bool = False) -> dt.date | None:
        if entry.get(key) in (None, ""):
            if required:
                self.error(entry, key, "required")
            return None
        try:
            return parse_date(entry[key])
        except ValueError as err:
            self.error(entry, key, str(err))
            return None

    def text(self, entry: dict, key: str, *, required: bool = True) -> str:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(entry, key, "required")
            return ""
        if not isinstance(value, str):
            self.error(entry, key, f"{value!r} is not text")
            return ""
        return " ".join(value.split()) if key in ("title", "source") else value.strip()

    def ids(self, entry: dict, key: str, known: set[str], what: str) -> list[str]:
        value = entry.get(key) or []
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list):
            self.error(entry, key, f"{value!r} is not a list")
            return []
        for item in value:
            if item not in known:
                self.error(entry, key, f"{item!r} is not {what}")
        return [str(v) for v in value if v in known]

    def unknown_keys(self, entry: dict, allowed: set[str]) -> None:
        for key in sorted(set(entry) - allowed - {"__lines__"}):
            self.error(entry, key, f"unknown field; expected one of {', '.join(sorted(allowed))}")


def entries(source: _File, doc: dict, section: str) -> list[dict]:
    items = doc.get(section) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        source.error(doc, section, "must be a list of entries, each a set of 'field: value' lines")
        return []
    return items


def load(path: Path, found: Tracking) -> tuple[_File, dict] | None:
    """A tracking file's top level, checked; None (with the problem recorded) when unreadable."""
    source = _File(path, found)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # _LineLoader is a SafeLoader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        found.errors.append(Problem(source.name, mark.line + 1 if mark else 0, "-", f"not valid YAML: {err}"))
        return None
    except UnicodeDecodeError as err:
        found.errors.append(Problem(source.name, 0, "-", f"not UTF-8 text: {err}"))
        return None
    if not isinstance(doc, dict):
        found.errors.append(Problem(source.name, 1, "-", "must hold agency, actions, progress and responses"))
        return None
    source.unknown_keys(doc, SECTIONS)
    if doc.get("agency") != path.stem:
        source.error(doc, "agency", f"{doc.get('agency')!r}: a tracking file is named after its agency ({path.stem!r})")
    return source, doc


def read_action(source: _File, entry: dict, agency: str, rec_ids: set[str], agencies: set[str]) -> dict:
    source.unknown_keys(entry, ACTION_FIELDS)
    action_id = str(entry.get("id") or "")
    if not ID.fullmatch(action_id):
        source.error(entry, "id", f"{action_id!r}: lower-case letters, digits and single hyphens")
    recs = source.ids(entry, "recommendations", rec_ids, "a recommendation in this build")
    if not entry.get("recommendations"):
        source.error(entry, "recommendations", "name at least one recommendation the action answers")
    status = entry.get("status")
    if status not in STATUSES:
        source.error(entry, "status", f"{status!r}: one of {', '.join(STATUSES)}")
    start, target = source.date(entry, "start_date"), source.date(entry, "target_date")
    if start and target and target < start:
        source.error(entry, "target_date", f"{target} is before the start date {start}")
    supporting = source.ids(entry, "supporting_agencies", agencies - {agency}, "another agency in agencies.yaml")
    return {
        "id": action_id,
        "title": source.text(entry, "title"),
        "description": source.text(entry, "description", required=False),
        "lead_agency": agency,
        "supporting_agencies": supporting,
        "status": status,
        "start_date": start,
        "target_date": target,
        "source_ref": f"{source.name}:{entry['__lines__']['']}",
        "recommendations": recs,
    }


def read_update(source: _File, entry: dict, agency: str, actions: dict[str, dict], as_of: dt.date) -> dict | None:
    source.unknown_keys(entry, UPDATE_FIELDS)
    action = actions.get(entry.get("action"))  # type: ignore[arg-type]
    if action is None:
        source.error(entry, "action", f"{entry.get('action')!r} is not an action in any tracking file")
    day = source.date(entry, "date", required=True)
    if day and day > as_of:
        source.error(entry, "date", f"{day} is after the release date {as_of} (data/release.yaml as_of)")
    if action and agency != action["lead_agency"] and agency not in action["supporting_agencies"]:
        source.error(entry, "action", f"{action['id']!r} is led by {action['lead_agency']!r}; {agency!r} does not support it")
    if day and action and action["start_date"] and day < action["start_date"]:
        source.error(entry, "date", f"{day} is before the action's start date {action['start_date']}")
    evidence = entry.get("evidence") or []
    evidence = [evidence] if isinstance(evidence, str) else evidence
    if not evidence:
        source.error(entry, "evidence", "missing evidence link: give at least one public http(s) link")
    for link in evidence:
        if not (isinstance(link, str) and re.fullmatch(r"https?://\S+", link)):
            source.error(entry, "evidence", f"{link!r} is not an http(s) link")
    status = entry.get("status") or ""
    if status and status not in STATUSES:
        source.error(entry, "status", f"{status!r}: one of {', '.join(STATUSES)}")
    text = source.text(entry, "text")
    if action is None or day is None:
        return None
    return {
        "id": f"{action['id']}-{day}",
        "action": action["id"],
        "agency": agency,
        "date": day,
        "period": period_of(day),
        "text": text,
        "evidence": [str(link) for link in evidence],
        "status": status,
        "source_ref": f"{source.name}:{entry['__lines__']['']}",
    }


def read_rationale(source: _File, entry: dict, agency: str, rec_ids: set[str]) -> dict:
    source.unknown_keys(entry, RESPONSE_FIELDS)
    rec = entry.get("recommendation")
    if rec not in rec_ids:
        source.error(entry, "recommendation", f"{rec!r} is not a recommendation in this build")
    return {
        "recommendation": rec,
        "rationale": source.text(entry, "rationale"),
        "source": source.text(entry, "source"),
        "agency": agency,
        "source_ref": f"{source.name}:{entry['__lines__']['']}",
    }


def read(directory: Path, rec_ids: set[str], agencies: set[str], as_of: dt.date) -> Tracking:
    """Every tracking file in directory, read and checked against the recommendations and agencies."""
    found = Tracking()
    loaded = [x for x in (load(p, found) for p in files_in(directory)) if x]
    found.files = [source.name for source, _ in loaded]
    actions: dict[str, dict] = {}
    where: dict[str, tuple[_File, dict]] = {}
    for source, doc in loaded:
        for entry in entries(source, doc, "actions"):
            action = read_action(source, entry, doc.get("agency", ""), rec_ids, agencies)
            if action["id"] in actions:
                source.error(
                    entry, "id", f"{action['id']!r} is also the id of the action at {actions[action['id']]['source_ref']}"
                )
                continue
            actions[action["id"]], where[action["id"]] = action, (source, entry)
    updates: dict[str, dict] = {}
    rationales: dict[str, dict] = {}
    for source, doc in loaded:
        for entry in entries(source, doc, "progress"):
            update = read_update(source, entry, doc.get("agency", ""), actions, as_of)
            if update:
                same_day = sum(1 for key in updates if key == update["id"] or key.startswith(update["id"] + "-"))
                update["id"] += f"-{same_day + 1}" if same_day else ""
                updates[update["id"]] = update
        for entry in entries(source, doc, "responses"):
            rationale = read_rationale(source, entry, doc.get("agency", ""), rec_ids)
            if rationale["recommendation"] in rationales:
                source.error(entry, "recommendation", f"also given at {rationales[rationale['recommendation']]['source_ref']}")
            rationales[rationale["recommendation"]] = rationale
    for action_id, action in actions.items():
        check_timeliness(*where[action_id], action, [u for u in updates.values() if u["action"] == action_id], as_of)
    found.actions = [{k: v for k, v in a.items() if k != "recommendations"} for a in actions.values()]
    found.action_recommendations = [
        {"action": a["id"], "recommendation": r} for a in actions.values() for r in a["recommendations"]
    ]
    found.progress_updates = sorted(updates.values(), key=lambda u: (u["action"], u["date"], u["id"]))
    found.response_rationales = sorted(rationales.values(), key=lambda r: str(r["recommendation"]))
    return found


def check_timeliness(source: _File, entry: dict, action: dict, updates: list[dict], as_of: dt.date) -> None:
    """An open action past its target date needs an update since; one with no update in the last
    complete reporting period is stale (a warning: agencies report six-monthly)."""
    if action["status"] not in OPEN:
        return
    latest = max((u["date"] for u in updates), default=None)
    target = action["target_date"]
    if target and target < as_of and (latest is None or latest < target):
        source.error(
            entry, "target_date", f"{target} has passed with no progress update since: report progress or a new target date"
        )
    last_period = previous(period_of(as_of))
    began, ended = bounds(last_period)
    if (action["start_date"] is None or action["start_date"] <= ended) and (latest is None or latest < began):
        since = f"last update {latest}" if latest else "no update yet"
        source.warn(entry, "progress", f"stale: {action['id']} has no progress update for {last_period} or since ({since})")
