"""Officials' tracking files: one YAML file per agency (data/tracking/<agency>.yaml) recording
its actions, their progress updates, the reasons for the Government's responses and its decisions
on the recommendations it was suggested to lead. They become the canonical tables actions,
action_recommendations, progress_updates, response_rationales and lead_decisions.

Each file is read strictly (recommendations_site/reading: no duplicate keys, anchors or aliases,
nesting bounded, dates kept as the text written) and checked against its declared shape,
schema.yaml beside this module; what passes is then checked against the recommendations,
agencies and other files (ids known, dates in order, timeliness). Every problem is located as
file:line:field. Errors stop the build; warnings (stale actions) are reported and shown on the
agency's page. Nothing is judged against the clock: `as_of` (data/release.yaml) is the day the
data is as at."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from ..errors import Problem
from ..model.reference import key_problems, located, published, shown
from ..model.reporting import OPEN, bounds, period_of, previous
from ..reading import ReadError, yamlfile
from ..reading.schema import load_schema
from ..reading.schema import problems as schema_problems

SCHEMA = Path(__file__).with_name("schema.yaml")
SUFFIXES = (".yaml", ".yml")
LINK = re.compile(r"https?://\S+")
Location = tuple[str | int, ...]
Entry = tuple[Location, dict]  # an entry of a section and where it is: ("actions", 0)


@cache  # part of the program, not data
def file_schema() -> dict:
    return load_schema(SCHEMA)


@dataclass
class Tracking:
    """The tracking tables and what checking them found."""

    actions: list[dict] = field(default_factory=list)
    action_recommendations: list[dict] = field(default_factory=list)
    progress_updates: list[dict] = field(default_factory=list)
    response_rationales: list[dict] = field(default_factory=list)
    lead_decisions: list[dict] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict]]:
        names = ("actions", "action_recommendations", "progress_updates", "response_rationales", "lead_decisions")
        return {name: getattr(self, name) for name in names}


def folder_problem(
    directory: Path, files: str = "tracking files are read from a folder (data/tracking, or --tracking DIR)"
) -> Problem | None:
    """Why directory cannot hold the tracking files (or the files described), or None: a missing
    folder is never taken as 'nothing tracked' (a mistyped --tracking would publish no progress at all)."""
    if directory.is_dir():
        return None
    what = "not a folder" if directory.exists() else "no such folder"
    return Problem(shown(directory), 0, "-", f"{what}: {files}")


def files_in(directory: Path, found: Tracking, kind: str = "tracking file (AGENCY.yaml)") -> list[Path]:
    """The tracking files in directory (.yaml or .yml, one per agency). Another file is named in a
    warning (a README is expected); a second file for one agency is an error."""
    chosen: dict[str, Path] = {}
    for path in sorted(directory.iterdir()):
        suffix = path.suffix.lower()
        if path.is_dir() and suffix in SUFFIXES and not path.name.startswith("."):  # never skipped in silence
            found.errors.append(Problem(shown(path), 0, "-", f"is a folder, not a {kind}: rename or remove it"))
            continue
        if path.name.startswith(".") or not path.is_file() or suffix == ".md":
            continue
        if suffix not in SUFFIXES:
            found.warnings.append(Problem(shown(path), 0, "-", f"not a {kind}: not read"))
        elif path.stem in chosen:
            message = f"a second {kind.split(' (')[0]} for {path.stem!r} (also {chosen[path.stem].name}): keep one"
            found.errors.append(Problem(shown(path), 0, "-", message))
        else:
            chosen[path.stem] = path
    return list(chosen.values())


class _File:
    """One tracking file being read: locates problems by line and collects them."""

    def __init__(self, path: Path, found: Tracking):
        self.name, self.found = shown(path), found
        self.published = published(path)  # in source_ref: never the build machine's folder
        self.loaded = yamlfile.Loaded(None)
        self.broken: set[Location] = set()  # sections and entries the schema refused: not checked further
        self.agency = ""

    def error(self, at: Location, key: str, message: str) -> None:
        self.found.errors.append(Problem(self.name, self.loaded.line(at), key or "-", message))

    def warn(self, at: Location, key: str, message: str) -> None:
        self.found.warnings.append(Problem(self.name, self.loaded.line(at), key, message))

    def ref(self, where: Location) -> str:
        """file:line as the person running the command sees it (in errors); publish_refs() makes the
        published form."""
        return f"{self.name}:{self.loaded.line(where)}"

    @staticmethod
    def date(entry: dict, key: str) -> dt.date | None:
        return dt.date.fromisoformat(entry[key]) if entry.get(key) else None  # the schema checked it exists

    def text(self, where: Location, entry: dict, key: str, *, required: bool = True) -> str:
        value = (entry.get(key) or "").strip()
        if not value and required:
            self.error((*where, key), key, "required")
        return " ".join(value.split()) if key in ("title", "source") else value

    def ids(self, where: Location, entry: dict, key: str, known: set[str], what: str) -> list[str]:
        value = entry.get(key) or []
        items = [((*where, key), value)] if isinstance(value, str) else [((*where, key, n), v) for n, v in enumerate(value)]
        for at, item in items:
            if item not in known:
                self.error(at, key, f"{item!r} is not {what}")
        return [item for _, item in items if item in known]

    def entries(self, section: str) -> list[Entry]:
        """The entries of a section that passed the schema."""
        if (section,) in self.broken:
            return []
        items = self.loaded.data.get(section) or []  # type: ignore[union-attr]
        return [((section, n), entry) for n, entry in enumerate(items) if (section, n) not in self.broken]

    def refused(self, section: str, key: str) -> set[str | None]:
        """The `key` (an action id) of each entry of section the schema refused (None where it is
        not an id): an update on a refused action is not judged, nor is the timeliness of an
        action with a refused update (of every action, when which one is not known)."""
        if (section,) in self.broken:
            return {None}
        items = self.loaded.data.get(section) if isinstance(self.loaded.data, dict) else None
        refused = [e for n, e in enumerate(items or []) if (section, n) in self.broken]
        return {e.get(key) if isinstance(e, dict) and isinstance(e.get(key), str) else None for e in refused}


def load(path: Path, found: Tracking, schema: dict | None = None, owner: str = "agency") -> _File | None:
    """A tracking file (or another file of the same make, whose owner field names it: schema and
    owner given) read strictly and checked against the schema; None (with the problems recorded)
    when nothing in it can be checked further."""
    schema = schema or file_schema()
    source = _File(path, found)
    try:
        source.loaded = yamlfile.load(path)
    except ReadError as err:
        found.errors.append(located(err, source.name))
        return None
    doc = source.loaded.data
    if not isinstance(doc, dict):
        fields = ", ".join(schema["properties"])
        message = f"must hold {fields} as 'field: value' lines"
        found.errors.append(Problem(source.name, source.loaded.line(()) or 1, "-", message))
        return None
    problems = key_problems(source.loaded, source.name) or schema_problems(source.loaded, schema, source.name)
    if problems:
        found.errors += problems
        if not isinstance(doc.get(owner), str) or any(not isinstance(k, str) for k in doc):
            return None
        validator = Draft202012Validator(schema, format_checker=FormatChecker())
        source.broken = {tuple(e.absolute_path)[:2] for e in validator.iter_errors(doc)}
        if (owner,) in source.broken:
            return None
    source.agency = doc[owner]
    if source.agency != path.stem:
        source.error((owner,), owner, f"{source.agency!r}: the file is named after its {owner} ({path.stem!r})")
    return source


def read_action(source: _File, at: Entry, rec_ids: set[str], agencies: set[str]) -> dict:
    where, entry = at
    recs = source.ids(where, entry, "recommendations", rec_ids, "a recommendation in this build")
    if not entry.get("recommendations"):
        source.error((*where, "recommendations"), "recommendations", "name at least one recommendation the action answers")
    start, target = source.date(entry, "start_date"), source.date(entry, "target_date")
    if start and target and target < start:
        source.error((*where, "target_date"), "target_date", f"{target} is before the start date {start}")
    supporting = source.ids(where, entry, "supporting_agencies", agencies - {source.agency}, "another agency in agencies.yaml")
    return {
        "id": entry["id"],
        "title": source.text(where, entry, "title"),
        "description": source.text(where, entry, "description", required=False),
        "lead_agency": source.agency,
        "supporting_agencies": supporting,
        "status": entry["status"],
        "start_date": start,
        "target_date": target,
        "source_ref": source.ref(where),
        "recommendations": recs,
    }


def read_update(source: _File, at: Entry, actions: dict[str, dict], as_of: dt.date) -> dict | None:
    where, entry = at
    action, agency = actions.get(entry["action"]), source.agency
    if action is None:
        source.error((*where, "action"), "action", f"{entry['action']!r} is not an action in any tracking file")
    elif agency != action["lead_agency"] and agency not in action["supporting_agencies"]:
        message = f"{action['id']!r} is led by {action['lead_agency']!r}; {agency!r} does not support it"
        source.error((*where, "action"), "action", message)
    day = source.date(entry, "date")
    if day and day > as_of:
        source.error((*where, "date"), "date", f"{day} is after the release date {as_of} (data/release.yaml as_of)")
    if day and action and action["start_date"] and day < action["start_date"]:
        source.error((*where, "date"), "date", f"{day} is before the action's start date {action['start_date']}")
    evidence = entry.get("evidence") or []
    links = (
        [((*where, "evidence"), evidence)]
        if isinstance(evidence, str)
        else [((*where, "evidence", n), v) for n, v in enumerate(evidence)]
    )
    if not links:
        source.error((*where, "evidence"), "evidence", "missing evidence link: give at least one public http(s) link")
    for place, link in links:
        if not LINK.fullmatch(link):
            source.error(place, "evidence", f"{link!r} is not an http(s) link")
    text = source.text(where, entry, "text")
    if action is None or day is None:
        return None
    return {
        "id": f"{action['id']}-{day}",
        "action": action["id"],
        "agency": agency,
        "date": day,
        "period": period_of(day),
        "text": text,
        "evidence": [link for _, link in links],
        "status": entry.get("status") or "",
        "source_ref": source.ref(where),
    }


def recommendation(source: _File, at: Entry, rec_ids: set[str]) -> str:
    """The entry's recommendation id, checked against the build's."""
    where, entry = at
    rec = entry["recommendation"]
    if rec not in rec_ids:
        source.error((*where, "recommendation"), "recommendation", f"{rec!r} is not a recommendation in this build")
    return rec


def read_rationale(source: _File, at: Entry, rec_ids: set[str]) -> dict:
    where, entry = at
    return {
        "recommendation": recommendation(source, at, rec_ids),
        "rationale": source.text(where, entry, "rationale"),
        "source": source.text(where, entry, "source"),
        "agency": source.agency,
        "source_ref": source.ref(where),
    }


def read_decision(source: _File, at: Entry, rec_ids: set[str]) -> dict:
    where, entry = at
    return {
        "recommendation": recommendation(source, at, rec_ids),
        "agency": source.agency,
        "decision": entry["decision"],
        "note": source.text(where, entry, "note", required=False),
        "source_ref": source.ref(where),
    }


def read_decisions(loaded: list[_File], rec_ids: set[str]) -> list[dict]:
    """Each agency's decisions on leading recommendations: one per agency and recommendation."""
    decisions: dict[tuple[str, str], dict] = {}
    for source in loaded:
        for at in source.entries("leads"):
            decision = read_decision(source, at, rec_ids)
            key = (decision["agency"], decision["recommendation"])
            if key in decisions:
                source.error((*at[0], "recommendation"), "recommendation", f"also decided at {decisions[key]['source_ref']}")
            decisions[key] = decision
    return sorted(decisions.values(), key=lambda d: (d["recommendation"], d["agency"]))


def read_files(directory: Path, agencies: set[str], found: Tracking) -> list[_File]:
    """Every tracking file in directory that can be checked further; the problems of the others recorded."""
    problem = folder_problem(directory)
    if problem:
        found.errors.append(problem)
        return []
    loaded = [x for x in (load(p, found) for p in files_in(directory, found)) if x]
    for source in loaded:
        if source.agency not in agencies:
            source.error(("agency",), "agency", f"{source.agency!r} is not an agency in agencies.yaml")
    found.files = [source.name for source in loaded]
    return loaded


def read_actions(
    loaded: list[_File], rec_ids: set[str], agencies: set[str]
) -> tuple[dict[str, dict], dict[str, tuple[_File, Entry]]]:
    """Every action that passed the schema, by id (the first of two with one id), and where each is."""
    actions: dict[str, dict] = {}
    where: dict[str, tuple[_File, Entry]] = {}
    for source in loaded:
        for at in source.entries("actions"):
            action = read_action(source, at, rec_ids, agencies)
            if action["id"] in actions:
                message = f"{action['id']!r} is also the id of the action at {actions[action['id']]['source_ref']}"
                source.error((*at[0], "id"), "id", message)
                continue
            actions[action["id"]], where[action["id"]] = action, (source, at)
    return actions, where


def read(directory: Path, rec_ids: set[str], agencies: set[str], as_of: dt.date) -> Tracking:
    """Every tracking file in directory, read and checked against the recommendations and agencies."""
    found = Tracking()
    loaded = read_files(directory, agencies, found)
    actions, where = read_actions(loaded, rec_ids, agencies)
    skipped = set().union(*(source.refused("actions", "id") for source in loaded)) - set(actions)
    unjudged = set().union(*(source.refused("progress", "action") for source in loaded))
    updates: dict[str, dict] = {}
    rationales: dict[str, dict] = {}
    for source in loaded:
        for at in source.entries("progress"):
            if at[1]["action"] in skipped or (None in skipped and at[1]["action"] not in actions):
                continue  # its action has problems of its own (or may be among actions that could not be read)
            update = read_update(source, at, actions, as_of)
            if update:
                same_day = sum(1 for key in updates if key == update["id"] or key.startswith(update["id"] + "-"))
                update["id"] += f"-{same_day + 1}" if same_day else ""
                updates[update["id"]] = update
        for at in source.entries("responses"):
            rationale = read_rationale(source, at, rec_ids)
            if rationale["recommendation"] in rationales:
                given = rationales[rationale["recommendation"]]["source_ref"]
                source.error((*at[0], "recommendation"), "recommendation", f"also given at {given}")
            rationales[rationale["recommendation"]] = rationale
    for action_id, action in actions.items():
        if action_id in unjudged or None in unjudged:
            continue  # an update of it has problems of its own: whether it is overdue or stale is not known
        source, at = where[action_id]
        check_timeliness(source, at[0], action, [u for u in updates.values() if u["action"] == action_id], as_of)
    found.actions = [{k: v for k, v in a.items() if k != "recommendations"} for a in actions.values()]
    found.action_recommendations = [
        {"action": a["id"], "recommendation": r} for a in actions.values() for r in a["recommendations"]
    ]
    found.progress_updates = sorted(updates.values(), key=lambda u: (u["action"], u["date"], u["id"]))
    found.response_rationales = sorted(rationales.values(), key=lambda r: str(r["recommendation"]))
    found.lead_decisions = read_decisions(loaded, rec_ids)
    for table in (found.actions, found.progress_updates, found.response_rationales, found.lead_decisions):
        publish_refs(table, loaded)
    return found


def publish_refs(rows: list[dict], loaded: list[_File]) -> list[dict]:
    """rows with each source_ref as published: the file from the project root, or by its name when
    outside it, never the build machine's folder (errors name it as given)."""
    names = {source.name: source.published for source in loaded}
    for row in rows:
        file, _, line = row["source_ref"].rpartition(":")
        row["source_ref"] = f"{names.get(file, file)}:{line}"
    return rows


def check_timeliness(source: _File, where: Location, action: dict, updates: list[dict], as_of: dt.date) -> None:
    """An open action past its target date needs an update since; one with no update in the last
    complete reporting period is stale (a warning: agencies report six-monthly)."""
    if action["status"] not in OPEN:
        return
    latest = max((u["date"] for u in updates), default=None)
    target = action["target_date"]
    if target and target < as_of and (latest is None or latest < target):
        message = f"{target} has passed with no progress update since: report progress or a new target date"
        source.error((*where, "target_date"), "target_date", message)
    last_period = previous(period_of(as_of))
    began, ended = bounds(last_period)
    if (action["start_date"] is None or action["start_date"] <= ended) and (latest is None or latest < began):
        since = f"last update {latest}" if latest else "no update yet"
        source.warn(
            (*where, "progress"), "progress", f"stale: {action['id']} has no progress update for {last_period} or since ({since})"
        )
