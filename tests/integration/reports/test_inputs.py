# ruff: noqa: RUF001 - the official indicator text uses a typographic apostrophe
"""The files the team and the platform supply: recipients (JSON) and texts (YAML or Markdown)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rempart.core.errors import InvalidInput
from rempart.dsa.report.inputs import default_texts_path, load_recipients, load_texts
from rempart.dsa.report.template import QUALITATIVE_INDICATORS


def test_the_demo_recipients_file_and_a_flat_mapping_are_read(tmp_path: Path) -> None:
    demo = tmp_path / "recipients.json"
    demo.write_text(json.dumps({"average_monthly_active_recipients": {"fr": 10, "DE": 5}, "method": "m"}))
    recipients = load_recipients(demo)
    assert recipients.per_state == {"FR": 10, "DE": 5}
    assert recipients.total == 15
    flat = tmp_path / "flat.json"
    flat.write_text(json.dumps({"GR": 3, "total": 4}))
    assert load_recipients(flat).total == 4


def test_recipients_errors_name_every_wrong_entry(tmp_path: Path) -> None:
    path = tmp_path / "recipients.json"
    path.write_text(json.dumps({"average_monthly_active_recipients": {"EL": 1, "US": 2, "FR": -1, "DE": 4}}))
    with pytest.raises(InvalidInput) as raised:
        load_recipients(path)
    problems = {d.field.rsplit(".", 1)[-1]: d.problem for d in raised.value.details}
    assert problems == {
        "EL": "Greece is GR (ISO 3166-1), not EL",
        "US": "not the code of an EU member state",
        "FR": "expected a whole number of recipients, 0 or more",
    }


def test_the_shipped_texts_cover_every_qualitative_indicator() -> None:
    texts = load_texts(default_texts_path())
    assert set(texts.texts) >= {indicator for _, indicator in QUALITATIVE_INDICATORS}
    assert texts.provider == "Rempart demo platform"


def test_markdown_sections_and_yaml_with_human_resources(tmp_path: Path) -> None:
    markdown = tmp_path / "texts.md"
    markdown.write_text(
        "# Our report\n\n## Safeguards applied to the use of automated means\n\nPeople check.\nAlways.\n\n"
        "## Summary of the content moderation engaged in at the providers' own initiative\n\nWe look.\n"
    )
    texts = load_texts(markdown)
    assert texts.texts["Safeguards applied to the use of automated means"] == "People check.\nAlways."
    assert texts.texts["Summary of the content moderation engaged in at the providers’ own initiative"] == "We look."
    document = tmp_path / "texts.yaml"
    document.write_text(
        "Support given to human resources dedicated to content moderation: Counselling.\n"
        "Date of the publication of the latest previous report: 2025-08-29\n"
        "human_resources:\n"
        "  Number of total moderators with sufficient linguistic expertise:\n"
        "    Total number: 12\n"
        "    FR: 5\n"
    )
    texts = load_texts(document)
    assert texts.texts["Support given to human resources dedicated to content moderation "] == "Counselling."
    assert texts.previous_report == "2025-08-29"
    assert texts.human_resources == {
        "Number of total moderators with sufficient linguistic expertise ": {"Total number": 12, "fr": 5}
    }


def test_unknown_indicators_are_named_with_their_line(tmp_path: Path) -> None:
    document = tmp_path / "texts.yaml"
    document.write_text("Safeguards applied to the use of automated means: ok\nSafeguardz: typo\nhuman_resources: 3\n")
    with pytest.raises(InvalidInput) as raised:
        load_texts(document)
    assert [d.field for d in raised.value.details] == [f"{document}:2", f"{document}:3"]
    markdown = tmp_path / "texts.md"
    markdown.write_text("## Not an indicator\ntext\n")
    with pytest.raises(InvalidInput) as raised:
        load_texts(markdown)
    assert raised.value.details[0].field == f"{markdown}:1"
