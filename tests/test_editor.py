"""The officials' editor (recommendations_site/preview/editor), served by starlette's TestClient
over a copy of the project's data/ with the `nz` package's recommendations: never the real data/."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from recommendations_site.model import package
from recommendations_site.preview import editor
from recommendations_site.preview.editor import forms
from recommendations_site.project import Project

EXISTING = """\
# MSD's tracking file: a comment the editor must keep.
agency: msd
actions:
  - id: msd-first   # an earlier entry, kept as written
    title: "An earlier action"
    recommendations: [{rec}]
    status: ongoing
    start_date: 2024-01-01
progress:
  - action: msd-first
    date: 2026-08-01
    text: An earlier update.
    evidence: [https://example.org/earlier]
"""


@pytest.fixture(scope="module")
def led(nz: tuple[Path, Path]) -> list[str]:
    """Recommendations MSD leads in the nz package."""
    return [r.id for r in package.read_recommendations(nz[0]) if "msd" in r.lead_agencies]


@pytest.fixture
def project(tmp_path: Path, led: list[str]) -> Project:
    """The checkout with a copy of its curated files, MSD's tracking file among them."""
    copied = Project.default().copied(tmp_path / "data", tmp_path / "build", tmp_path / "site")
    (copied.data / "tracking" / "msd.yaml").write_text(EXISTING.format(rec=led[0]), encoding="utf-8")
    return copied


@pytest.fixture
def saved() -> list[Path]:
    return []


@pytest.fixture
def client(project: Path, nz: tuple[Path, Path], saved: list[Path]) -> TestClient:
    app = Starlette(routes=[Mount("/edit", routes=editor.routes(project, saved.append, canonical=nz[0]))])
    return TestClient(app, base_url="http://127.0.0.1:8000")


def token(client: TestClient, agency: str = "msd") -> str:
    soup = BeautifulSoup(client.get(f"/edit/agencies/{agency}/").text, "html.parser")
    return soup.select_one("input[name=csrf_token]")["value"]


def msd(project: Project) -> bytes:
    return (project.data / "tracking" / "msd.yaml").read_bytes()


def action(csrf: str, rec: str, **more: str) -> dict:
    form = {"csrf_token": csrf, "version": "new", "id": "msd-new", "title": "A new action", "recommendations": rec}
    return form | {"status": "in-progress", "start_date": "2026-01-01", "target_date": "2027-06-30"} | more


def test_pages_list_agencies_recommendations_and_forms(client: TestClient, led: list[str]) -> None:
    index = BeautifulSoup(client.get("/edit/").text, "html.parser")
    assert "/edit/agencies/msd/" in [a["href"] for a in index.select("main a")]
    page = client.get("/edit/agencies/msd/")
    assert page.status_code == 200
    soup = BeautifulSoup(page.text, "html.parser")
    rows = {tr.select("td")[0].text: tr.select("td")[1].text for tr in soup.select("#recommendations ~ details tbody tr")}
    assert {rows[r] for r in led} == {"leads"}
    assert all(td.text.strip() for td in soup.select("#recommendations ~ details tbody td:nth-of-type(3)"))  # why assigned
    assert all(f.select_one("input[type=hidden][name=csrf_token]")["value"] for f in soup.select("form[method=post]"))
    adding = soup.select("details > form[method=post]")
    names = {f["action"].split("/")[-2]: [i["name"] for i in f.select("[name]")][2:] for f in adding}
    assert len(adding) == 4 and names["actions"] == [f.name for f in forms.SECTIONS["actions"].fields]
    assert names["progress"] == ["action", "date", "text", "evidence", "status"]
    assert names["leads"] == ["recommendation", "decision", "note"]
    assert [li.select_one("strong").text for li in soup.select("#actions + ul li")] == ["Id:"]  # the earlier action listed


def test_search_offers_recommendations_to_pick(client: TestClient, led: list[str], nz: tuple[Path, Path]) -> None:
    text = next(r.text for r in package.read_recommendations(nz[0]) if r.id == led[0])
    words = " ".join(text.split()[:6])
    soup = BeautifulSoup(client.get("/edit/agencies/msd/", params={"q": words}).text, "html.parser")
    picks = soup.select("form input[type=checkbox][name=recommendations]")
    assert led[0] in [p["value"] for p in picks]


@pytest.mark.parametrize("agency", ["nosuch", "%2E%2E", "msd.yaml", "MSD", "%2e%2e%2fetc"])
def test_only_listed_agencies(client: TestClient, agency: str) -> None:
    assert client.get(f"/edit/agencies/{agency}/").status_code in (404, 405)  # ../etc/ is agency "..", section "etc": POST only
    csrf = token(client)
    assert client.post(f"/edit/agencies/{agency}/actions/", data={"csrf_token": csrf}).status_code == 404


def test_refused_without_token_or_from_a_foreign_host(client: TestClient, project: Path, led: list[str], saved: list) -> None:
    before = msd(project)
    csrf = token(client)
    cases = [
        ({k: v for k, v in action(csrf, led[0]).items() if k != "csrf_token"}, {}),
        (action("wrong" + csrf, led[0]), {}),
        (action(csrf, led[0]), {"host": "evil.example:8000"}),
        (action(csrf, led[0]), {"host": "127.0.0.1:9999"}),
    ]
    statuses = [client.post("/edit/agencies/msd/actions/", data=form, headers=headers).status_code for form, headers in cases]
    assert statuses == [403, 403, 403, 403]
    assert client.get("/edit/agencies/msd/", headers={"host": "evil.example:8000"}).status_code == 403  # nor its token read
    assert msd(project) == before and saved == []


def test_action_then_update_saved_keeping_the_file(client: TestClient, project: Path, led: list[str], saved: list) -> None:
    csrf = token(client)
    first = client.post("/edit/agencies/msd/actions/", data=action(csrf, led[1]), follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, "/edit/agencies/msd/?saved=actions#actions")
    update = {"csrf_token": csrf, "version": "new", "action": "msd-new", "date": "2026-09-01", "text": "Done: a thing."}
    second = client.post(
        "/edit/agencies/msd/progress/", data=update | {"evidence": "https://example.org/x"}, follow_redirects=False
    )
    assert second.status_code == 303
    text = msd(project).decode()
    assert text.startswith(EXISTING.format(rec=led[0]).split("progress:")[0])  # comments, earlier entry, order kept
    assert "  - action: msd-first\n    date: 2026-08-01\n" in text
    assert "  - id: msd-new\n    title: A new action\n    recommendations: [" + led[1] + "]\n" in text
    assert "    evidence: [https://example.org/x]\n" in text
    assert saved == [project.data / "tracking" / "msd.yaml"] * 2


def test_impossible_date_refused_beside_its_field(client: TestClient, project: Path, led: list[str]) -> None:
    before = msd(project)
    response = client.post("/edit/agencies/msd/actions/", data=action(token(client), led[1], target_date="2027-02-30"))
    assert response.status_code == 422
    soup = BeautifulSoup(response.text, "html.parser")
    field = soup.select_one("#entry-target_date")
    assert field["aria-invalid"] == "true" and "entry-target_date-error" in field["aria-describedby"]
    assert "2027-02-30" in soup.select_one("#entry-target_date-error").text
    assert soup.select_one("[role=alert] a")["href"] == "#entry-target_date"
    assert field["value"] == "2027-02-30" and soup.select_one("#entry-title")["value"] == "A new action"
    assert msd(project) == before


def test_cross_file_rules_apply(client: TestClient, project: Path, led: list[str]) -> None:
    """The build's own rules: an update after as_of, an action id already used, an unknown recommendation."""
    before, csrf = msd(project), token(client)
    late = {
        "csrf_token": csrf,
        "version": "new",
        "action": "msd-first",
        "date": "2099-01-01",
        "text": "x",
        "evidence": "https://e.org",
    }
    cases = [
        ("progress", late, "date"),
        ("actions", action(csrf, led[1], id="msd-first"), "id"),
        ("actions", action(csrf, "no-such-recommendation"), "recommendations"),
    ]
    for section, form, name in cases:
        response = client.post(f"/edit/agencies/msd/{section}/", data=form)
        soup = BeautifulSoup(response.text, "html.parser")
        assert (response.status_code, bool(soup.select_one(f"#entry-{name}-error"))) == (422, True), name
    assert msd(project) == before


def test_change_an_entry_and_refuse_a_stale_form(client: TestClient, project: Path) -> None:
    page = BeautifulSoup(client.get("/edit/agencies/msd/actions/0/").text, "html.parser")
    form = {i["name"]: i.get("value", "") for i in page.select("form input")}
    form |= {
        "title": "A renamed action",
        "status": "ongoing",
        "recommendations": page.select_one("#entry-recommendations")["value"],
    }
    assert client.post("/edit/agencies/msd/actions/0/", data=form, follow_redirects=False).status_code == 303
    text = msd(project).decode()
    assert '  - id: msd-first   # an earlier entry, kept as written\n    title: "A renamed action"\n' in text  # its quotes kept
    again = client.post("/edit/agencies/msd/actions/0/", data=form | {"title": "Overwrite"})  # the form's version is old now
    assert again.status_code == 409 and msd(project).decode() == text


def test_a_file_broken_by_hand_is_reported_not_overwritten(client: TestClient, project: Path, led: list[str]) -> None:
    path = project.data / "tracking" / "msd.yaml"
    path.write_text("agency: msd\nagency: msd\nactions: [\n", encoding="utf-8")
    page = client.get("/edit/agencies/msd/")
    assert page.status_code == 200 and "msd.yaml:" in BeautifulSoup(page.text, "html.parser").select_one("[role=alert]").text
    response = client.post("/edit/agencies/msd/actions/", data=action(token(client), led[1]))
    assert response.status_code == 409 and path.read_text(encoding="utf-8") == "agency: msd\nagency: msd\nactions: [\n"


def test_two_saves_at_once_both_kept(client: TestClient, project: Path) -> None:
    csrf = token(client)

    def post(n: int) -> int:
        form = {"csrf_token": csrf, "version": "new", "action": "msd-first", "date": f"2026-09-0{n}", "text": f"Update {n}"}
        return client.post(
            "/edit/agencies/msd/progress/", data=form | {"evidence": "https://e.org"}, follow_redirects=False
        ).status_code

    results: list[int] = []
    threads = [threading.Thread(target=lambda n=n: results.append(post(n))) for n in (2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [303, 303]
    text = msd(project).decode()
    assert "text: Update 2" in text and "text: Update 3" in text


def test_lead_decision_written_to_leads(client: TestClient, project: Path, led: list[str]) -> None:
    csrf = token(client)
    form = {"csrf_token": csrf, "version": "new", "recommendation": led[2], "decision": "declined", "note": "MoE leads it"}
    assert client.post("/edit/agencies/msd/leads/", data=form, follow_redirects=False).status_code == 303
    assert f"leads:\n  - recommendation: {led[2]}\n    decision: declined\n    note: MoE leads it\n" in msd(project).decode()
    bad = client.post("/edit/agencies/msd/leads/", data=form | {"decision": "maybe"})
    assert bad.status_code == 422 and BeautifulSoup(bad.text, "html.parser").select_one("#entry-decision-error")


def test_a_suggested_lead_declined_in_one_step(client: TestClient, project: Path) -> None:
    soup = BeautifulSoup(client.get("/edit/agencies/msd/").text, "html.parser")
    suggested = soup.select("#suggested ~ ul form")
    assert suggested and all("suggested" in f.select_one(".hint").text for f in suggested)
    form = {i["name"]: i["value"] for i in suggested[0].select("input[type=hidden]")}
    posted = client.post(
        suggested[0]["action"], data=form | {"note": "MoE leads it", "decision": "declined"}, follow_redirects=False
    )
    assert posted.status_code == 303
    assert (
        f"  - recommendation: {form['recommendation']}\n    decision: declined\n    note: MoE leads it\n" in msd(project).decode()
    )
    after = BeautifulSoup(client.get("/edit/agencies/msd/").text, "html.parser")
    assert form["recommendation"] not in [i["value"] for i in after.select("#suggested ~ ul input[name=recommendation]")]


def test_new_agency_file_started_from_the_template(client: TestClient, project: Path, led: list[str]) -> None:
    rec = led[0]
    form = {"csrf_token": token(client, "moe"), "version": "new", "recommendation": rec, "decision": "confirmed"}
    assert client.post("/edit/agencies/moe/leads/", data=form, follow_redirects=False).status_code == 303
    text = (project.data / "tracking" / "moe.yaml").read_text(encoding="utf-8")
    assert (
        text.startswith("# Tracking file of Ministry of Education")
        and f"  - recommendation: {rec}\n    decision: confirmed" in text
    )


def test_whats_due_in_the_editor(client: TestClient, led: list[str]) -> None:
    soup = BeautifulSoup(client.get("/edit/agencies/msd/").text, "html.parser")
    due = soup.select_one("section.due")
    assert due.select_one("h2").text == "What is due by 2026-12-31"
    awaiting = [code.text for code in due.select("details li code")]
    assert awaiting == [r for r in led if r != led[0]]  # led[0] has an update (2026-08-01) in 2026-H2
    assert due.select_one("a[href$='report.pdf']")


def test_agency_report_pdf(client: TestClient) -> None:
    response = client.get("/edit/agencies/msd/report.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert 'filename="report-msd-' in response.headers["content-disposition"]


def test_published_site_has_no_editor(nz: tuple[Path, Path]) -> None:
    """No page of the built site links the editor or carries its forms or tokens."""
    found = []
    for page in nz[1].rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if not re.search(r"edit/|csrf|post", html, re.I):
            continue  # cannot hold any of it: parsed only where it might
        soup = BeautifulSoup(html, "html.parser")
        links = [a["href"] for a in soup.select("a[href]") if re.search(r"(^|/)edit/", a["href"])]
        posting = soup.select("form[method=post], form[method=POST], input[name=csrf_token]")
        if links or posting:
            found.append([page.relative_to(nz[1]).as_posix(), links[:1], len(posting)])
    assert found == []
    assert not list(nz[1].rglob("*editor*"))


def test_public_agency_page_says_what_is_due(nz: tuple[Path, Path], led: list[str]) -> None:
    soup = BeautifulSoup((nz[1] / "agencies" / "msd" / "index.html").read_text(encoding="utf-8"), "html.parser")
    due = soup.select_one(".agency-due")
    assert due.select_one("h3").text.startswith("What is due by")
    assert "each awaits a first progress update" in due.select_one("p").text  # nothing recorded: never invented
    assert [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in due.select("details li a")] == led
    assert {a["href"].split("#")[0].rstrip("/").rsplit("/", 1)[-1] for a in due.select("p a")} >= {
        "what-this-site-holds",
        "reports",
    }
