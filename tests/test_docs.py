"""Documentation that cannot drift: the data dictionary is generated from the schema, and every
build.py command and option is mentioned in README.md (Datasette-style "undocumented" tests)."""

from __future__ import annotations

import argparse
import sys
import tomllib

import pytest
from conftest import ROOT

if str(ROOT) not in sys.path:  # the project is not installed: import it from the checkout
    sys.path.insert(0, str(ROOT))

from recommendations_site import cli
from recommendations_site.model import dictionary
from recommendations_site.model.reference import schema

README = (ROOT / "README.md").read_text(encoding="utf-8")
DATA_MODEL = ROOT / "docs" / "data-model.md"


def test_data_model_is_generated_from_the_schema():
    assert DATA_MODEL.is_file(), f"docs/data-model.md is missing: run `.venv/bin/{dictionary.REGENERATE}`"
    assert DATA_MODEL.read_text(encoding="utf-8") == dictionary.generate(), (
        f"docs/data-model.md differs from recommendations_site/model/schema.yaml: regenerate it with "
        f"`.venv/bin/{dictionary.REGENERATE}`"
    )


def test_data_model_documents_every_table_and_field():
    text = dictionary.generate()
    for name, resource in schema().items():
        assert f"\n## {name}\n" in text
        for field in resource["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text, (name, field["name"])


def subcommands() -> dict[str, argparse.ArgumentParser]:
    [action] = [a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def options() -> list[tuple[str, str]]:
    """(command, option) for every option of every subcommand, and every choice of a positional."""
    found = []
    for command, sub in subcommands().items():
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            found += [(command, o) for o in action.option_strings if o.startswith("--")]
            if not action.option_strings and action.choices:
                found += [(command, str(choice)) for choice in action.choices]
    return found


def readme_lines(command: str) -> list[str]:
    return [line for line in README.splitlines() if f"build.py {command}" in line]


@pytest.mark.parametrize("command", sorted(subcommands()))
def test_command_is_documented_in_readme(command):
    assert readme_lines(command), f"README.md never shows `python build.py {command} ...`"


@pytest.mark.parametrize(("command", "option"), options(), ids=[f"{c} {o}" for c, o in options()])
def test_option_is_documented_in_readme(command, option):
    assert any(option in line for line in readme_lines(command)), (
        f"README.md does not mention {option} on a line showing `python build.py {command}`"
    )


def test_the_fast_default_and_the_full_test_command_are_documented():
    """pyproject's default leaves the slow tests out; scripts/test (and so CI) runs everything: both
    commands, the marker expression and every declared marker are in README.md and docs/quality.md."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    [expression] = [settings["addopts"][n + 1] for n, o in enumerate(settings["addopts"]) if o == "-m"]
    [full] = [
        line.split("#")[0].split()
        for line in (ROOT / "scripts" / "test").read_text(encoding="utf-8").splitlines()
        if " pytest " in line
    ]
    options = full[full.index("pytest") + 1 :]
    assert "-m" in options and options[options.index("-m") + 1] == '""', (
        'scripts/test must select every test (-m ""), whatever pyproject\'s default'
    )
    quality = (ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    for doc, text in (("README.md", README), ("docs/quality.md", quality)):
        assert f'"{expression}"' in text, f"{doc} does not name the default's marker expression ({expression})"
        assert '.venv/bin/python -m pytest -n 3 -m ""' in text and "`.venv/bin/python -m pytest -n 3`" in text, doc
        for marker in settings["markers"]:
            assert f"`{marker.split(':')[0]}`" in text, f"{doc} does not explain the marker {marker.split(':')[0]!r}"
