"""Every HTML page of the built site is valid HTML: the Nu Html Checker (npm vnu-jar, the W3C
validator's engine) on the machine's Java, over all pages at once. Errors and warnings both fail,
except the two kinds of warning below, which come from checking files rather than a served site."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker is one short run over every page: the JVM's quick compiler alone and one garbage-collector
# thread spend a third of the CPU time of its defaults (17.5 s -> 6.7 s user + system on the NZ site,
# the same report). Its compiled frames are larger, so the checker's deep schema needs a larger stack.
JAVA = ["java", "-Xss2m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU)]
# The checker reads the pages as file: URLs, where the Content-Security-Policy's 'self' matches
# nothing, so it warns that the site's own stylesheets and scripts would be blocked. Served over
# HTTP they load: tests/test_accessibility.py fails on any console error, CSP violations included.
OWN_RESOURCE_BLOCKED = re.compile(
    r"^Resource violates Content Security Policy \(meta tag\): external (stylesheet|script) “(?![a-z]+:|//)"
)
# JSON-LD is a data block, never run, so script-src does not apply to it (HTML: "data blocks").
JSON_LD = '<script type="application/ld+json">'


def ignored(message: dict) -> bool:
    if message.get("subType") != "warning":
        return False
    if OWN_RESOURCE_BLOCKED.match(message["message"]):
        return True
    start = message.get("hiliteStart", 0)
    highlighted = message.get("extract", "")[start : start + message.get("hiliteLength", 0)]
    return message["message"].startswith("Inline script violates Content Security Policy") and highlighted == JSON_LD


def test_every_page_is_valid_html(nz: tuple[Path, Path]) -> None:
    _, site = nz
    assert VNU.is_file(), "install the npm tools: bash scripts/install --with-browser"
    pages = sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 400
    run = subprocess.run(
        [*JAVA, "--format", "json", "--skip-non-html", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr[-2000:]  # 1: it found errors
    messages = json.loads(run.stderr)["messages"]  # the checker reports on stderr
    problems = [
        f"{m['url'].split(str(site), 1)[-1]}:{m.get('lastLine', '?')}: {m['type']} {m.get('subType', '')}: {m['message']}"
        for m in messages
        if not ignored(m)
    ]
    assert problems == []
