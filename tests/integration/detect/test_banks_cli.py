"""`rempart banks …` with --json on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from pathlib import Path

import orjson
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from rempart.cli.main import app
from rempart.detect.banks import service
from rempart.store.db import make_engine, session_factory

H1 = "acecf3355e3125c8e24e2f30e0d4ec4f8482b878b3c34cdbdf063278db275992"
H2 = "8fb70f36e1c4181e82fde7d0f80138430e1e31f07b628e31ccbb687e87e1f307"


def run(database_url: str, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin, env={"REMPART_DATABASE_URL": database_url})
    return result.exit_code, result.stdout, result.stderr


def summary(**counts: int) -> dict[str, int]:
    return {"retro_matches": 0, "cases_opened": 0, **counts}


def test_text_bank_commands(database_url: str, tmp_path: Path) -> None:
    code, out, _ = run(database_url, "banks", "create", "known", "--kind", "text", "--threshold", "0.5", "--json")
    assert code == 0
    assert orjson.loads(out)["jaccard_threshold"] == 0.5
    code, _, err = run(database_url, "banks", "create", "known", "--kind", "text")
    assert code == 1
    assert "exists" in err
    source = tmp_path / "entries.txt"
    source.write_bytes(
        "Meine Ehre heißt Treue\n\n!!!\nMEINE EHRE HEISST TREUE\n\xff\nSome other known text here\n".encode()[:-1]
        + b"\n"
    )
    source.write_bytes(
        b"Meine Ehre hei\xc3\x9ft Treue\n\n!!!\nMEINE EHRE HEISST TREUE\n\xff\nSome other known text here\n"
    )
    code, out, err = run(database_url, "banks", "add", "known", str(source), "--json", "--by", "tester")
    assert code == 0
    assert orjson.loads(out) == {
        "read": 5,
        "added": 2,
        "duplicate": 1,
        "rejected": 2,
        "retro_matches": 0,
        "cases_opened": 0,
    }
    assert "line 3: text: no words left to match after normalisation" in err
    assert "line 5: invalid UTF-8" in err
    code, out, _ = run(database_url, "banks", "add", "known", "-", "--json", stdin="Meine Ehre heisst Treue\n")
    assert orjson.loads(out)["duplicate"] == 1
    exported = tmp_path / "out.txt"
    code, out, _ = run(database_url, "banks", "export", "known", "--out", str(exported), "--json")
    assert orjson.loads(out) == {"bank": "known", "exported": 2, "out": str(exported)}
    assert sorted(exported.read_text().splitlines()) == ["Meine Ehre heißt Treue", "Some other known text here"]
    code, out, _ = run(database_url, "banks", "list", "--json")
    (bank,) = orjson.loads(out)
    assert (bank["name"], bank["active_entries"], bank["version"]) == ("known", 2, 2)


def test_pdq_bank_commands(database_url: str, tmp_path: Path) -> None:
    assert run(database_url, "banks", "create", "images", "--kind", "pdq", "--json")[0] == 0
    csv_text = (
        f"hash,id,timestamp,tags\n{H1},2880742865368386,2020-07-31T18:47:52+0000,disputed photo\n"
        f"not-a-hash\n{H2}\n{H2}\n"
    )
    code, out, err = run(database_url, "banks", "add", "images", "-", "--json", stdin=csv_text)
    assert code == 0
    assert orjson.loads(out) == {
        "read": 4,
        "added": 2,
        "duplicate": 1,
        "rejected": 1,
        "retro_matches": 0,
        "cases_opened": 0,
    }
    assert "line 3: hash: not a PDQ hash" in err
    code, out, _ = run(database_url, "banks", "export", "images")
    assert sorted(out.splitlines()) == sorted([f"{H1},2880742865368386,2020-07-31T18:47:52+0000,disputed photo", H2])

    image = Image.new("RGB", (64, 64), (0, 90, 0))
    ImageDraw.Draw(image).ellipse((5, 5, 40, 50), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    picture = tmp_path / "picture.png"
    picture.write_bytes(buffer.getvalue())
    code, hashed, _ = run(database_url, "banks", "hash", str(picture))
    assert code == 0
    assert hashed.endswith(",picture.png\n")
    code, out, _ = run(database_url, "banks", "add", "images", "-", "--json", stdin=hashed)
    assert orjson.loads(out)["added"] == 1

    code, out, _ = run(database_url, "banks", "list", "--json")
    bank = orjson.loads(out)[0]
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        entry_id = next(e for e, v, _ in service.active_entries(session, bank["id"]) if v == H2)
    engine.dispose()
    code, out, _ = run(database_url, "banks", "remove", "images", entry_id, "--json")
    assert code == 0
    assert orjson.loads(out)["removed_at"] is not None
    code, _, err = run(database_url, "banks", "remove", "images", entry_id)
    assert code == 1
    assert "removed already" in err
    code, _, err = run(database_url, "banks", "add", "nope", "-", stdin="x\n")
    assert code == 1
    assert "no bank named nope" in err
