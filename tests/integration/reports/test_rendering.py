"""The workbook converts with LibreOffice and the HTML report renders in headless Chromium; the pages are
saved under `artifacts/report/` (git-ignored) for a person to look at."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from tests.support.report_scenario import RECIPIENTS, build_scenario
from typer.testing import CliRunner

from rempart.app import AppContext
from rempart.cli.main import app as cli
from rempart.core.clock import FixedClock
from rempart.core.settings import Settings
from rempart.store.db import make_engine, session_factory

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "report"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip


@pytest.fixture
def written(sqlite_url: str, tmp_path: Path) -> Path:
    engine = make_engine(sqlite_url)
    context = AppContext(
        settings=Settings(database_url=sqlite_url, environment="test"),
        engine=engine,
        sessions=session_factory(engine),
        clock=FixedClock(datetime(2026, 2, 1, tzinfo=UTC)),
    )
    build_scenario(context)
    context.close()
    (tmp_path / "recipients.json").write_text(json.dumps(RECIPIENTS))
    out = tmp_path / "report"
    result = CliRunner().invoke(
        cli,
        ["report", "transparency", "--from", "2025-07-01", "--to", "2025-12-31", "--service", "X", "--out", str(out),
         "--recipients", str(tmp_path / "recipients.json")],
        env={"REMPART_DATABASE_URL": sqlite_url},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return out


def test_the_workbook_converts_to_pdf_with_libreoffice(written: Path, tmp_path: Path) -> None:
    profile = tmp_path / "libreoffice-profile"
    command = [
        "libreoffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
        "--outdir", str(tmp_path), str(written / "transparency-report.xlsx"),
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "transparency-report.pdf"
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    assert content.count(b"/Type /Page") + content.count(b"/Type/Page") > 11  # every sheet prints
    shutil.copy(pdf, ARTIFACTS / "transparency-report-xlsx.pdf")


def test_the_html_report_renders_in_headless_chromium(written: Path) -> None:
    html = written / "transparency-report.html"
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(html.as_uri())
        assert page.title() == "Transparency report 2025-07-01/2025-12-31 · X"
        assert page.locator("svg").count() == 4
        assert page.locator("svg rect").count() > 20
        cards = page.locator(".card").all_inner_texts()
        assert cards[0].startswith("6\n")  # notices received
        assert page.locator("h2", has_text="Average monthly active recipients").count() == 1
        page.screenshot(path=str(ARTIFACTS / "transparency-report.png"), full_page=True)
        page.pdf(path=str(ARTIFACTS / "transparency-report-html.pdf"), format="A4", print_background=True)
        browser.close()
    assert requests == [html.as_uri()]  # nothing fetched from anywhere
    assert errors == []
    assert (ARTIFACTS / "transparency-report.png").stat().st_size > 50_000
