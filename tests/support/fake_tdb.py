"""A local stand-in for the EU Transparency Database API, served over real HTTP on 127.0.0.1.

It reproduces the documented behaviour (spec dsa.md §1.2-1.7): bearer tokens per platform (401
otherwise), `POST /api/v1/statements` with 1-100 statements validated all-or-nothing (422 keyed
`statement_N`), duplicate PUIDs within the call or already stored for the platform (422 with
`existing_puids`), `GET /api/v1/statement/existing-puid/{puid}` (302/404), `GET /api/ping`, and injected
failures: 429 with the plain body, 500, and a dropped connection after the statements were stored.
Its validation is written independently of Rempart's validator, from the server's rules.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rempart.dsa import enums

ENUMS: dict[str, frozenset[str]] = {
    "decision_monetary": enums.DECISION_MONETARIES,
    "decision_provision": enums.DECISION_PROVISIONS,
    "decision_account": enums.DECISION_ACCOUNTS,
    "account_type": enums.ACCOUNT_TYPES,
    "decision_ground": enums.DECISION_GROUNDS,
    "category": enums.CATEGORIES,
    "source_type": enums.SOURCE_TYPES,
    "automated_detection": enums.YES_NO,
    "automated_decision": enums.AUTOMATED_DECISIONS,
    "incompatible_content_illegal": enums.INCOMPATIBLE_CONTENT_ILLEGALS,
    "content_language": enums.LANGUAGES,
}
ARRAYS: dict[str, frozenset[str]] = {
    "decision_visibility": enums.DECISION_VISIBILITIES,
    "content_type": enums.CONTENT_TYPES,
    "category_addition": enums.CATEGORIES,
    "category_specification": enums.KEYWORDS,
    "territorial_scope": enums.COUNTRIES,
}
MAX = {
    "decision_visibility_other": 500,
    "decision_monetary_other": 500,
    "illegal_content_legal_ground": 500,
    "illegal_content_explanation": 2000,
    "incompatible_content_ground": 500,
    "incompatible_content_explanation": 2000,
    "content_type_other": 500,
    "category_specification_other": 500,
    "decision_facts": 5000,
    "source_identity": 500,
    "decision_ground_reference_url": 500,
    "puid": 500,
}
DATES = {
    "content_date": date(2000, 1, 1),
    "application_date": date(2020, 1, 1),
    "end_date_account_restriction": None,
    "end_date_monetary_restriction": None,
    "end_date_service_restriction": None,
    "end_date_visibility_restriction": None,
}
LIMIT_BODY = b"Limit Reached. Please do not overload the API"
DUPLICATE = "The platform identifier(s) are not all unique within this call."


def _label(name: str) -> str:
    return name.replace("_", " ")


def validate(s: dict[str, Any]) -> dict[str, list[str]]:
    """The server's rules for one statement, with Laravel-style messages."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def given(name: str) -> bool:
        return s.get(name) not in (None, "", [])

    for name in (
        "decision_ground",
        "content_type",
        "category",
        "content_date",
        "application_date",
        "decision_facts",
        "source_type",
        "automated_detection",
        "automated_decision",
        "puid",
    ):
        if not given(name):
            add(name, f"The {_label(name)} field is required.")
    decisions = ("decision_visibility", "decision_monetary", "decision_provision", "decision_account")
    if not any(given(n) for n in decisions):
        add(
            "decision_visibility",
            "The decision visibility field is required when none of decision monetary / "
            "decision provision / decision account are present.",
        )
    for name, allowed in ENUMS.items():
        if given(name) and s[name] not in allowed:
            add(name, f"The selected {_label(name)} is invalid.")
    for name, allowed in ARRAYS.items():
        if given(name) and (not isinstance(s[name], list) or any(v not in allowed for v in s[name])):
            add(name, f"The selected {_label(name)} is invalid.")
    for name, limit in MAX.items():
        if given(name) and (not isinstance(s[name], str) or len(s[name]) > limit):
            add(name, f"The {_label(name)} field must not be greater than {limit} characters.")
    for name, lowest in DATES.items():
        if not given(name):
            continue
        text = str(s[name])
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            add(name, f"The {_label(name)} does not match the format YYYY-MM-DD.")
            continue
        day = date.fromisoformat(text)
        if (lowest and day < lowest) or day > date(2038, 1, 1):
            add(name, f"The {_label(name)} is out of range.")
    if given("puid") and not re.fullmatch(r"[a-zA-Z0-9\-_]+", str(s["puid"])):
        add("puid", "The puid format is invalid.")
    ground = s.get("decision_ground")
    needs = {
        "DECISION_GROUND_ILLEGAL_CONTENT": ("illegal_content_legal_ground", "illegal_content_explanation"),
        "DECISION_GROUND_INCOMPATIBLE_CONTENT": ("incompatible_content_ground", "incompatible_content_explanation"),
    }.get(str(ground), ())
    for name in needs:
        if not given(name):
            add(name, f"The {_label(name)} field is required when decision ground is {ground}.")
    if "DECISION_VISIBILITY_OTHER" in (s.get("decision_visibility") or []) and not given("decision_visibility_other"):
        add("decision_visibility_other", "The decision visibility other field is required.")
    if s.get("decision_monetary") == "DECISION_MONETARY_OTHER" and not given("decision_monetary_other"):
        add("decision_monetary_other", "The decision monetary other field is required.")
    if "CONTENT_TYPE_OTHER" in (s.get("content_type") or []) and not given("content_type_other"):
        add("content_type_other", "The content type other field is required.")
    return errors


class FakeTransparencyDatabase:
    """State and behaviour; `fail(call_number)` returns None, "429", "500" or "drop" for each POST."""

    def __init__(self, tokens: dict[str, str], fail: Callable[[int], str | None] | None = None) -> None:
        self.tokens = tokens
        self.fail = fail or (lambda _n: None)
        self.stored: dict[tuple[str, str], dict[str, Any]] = {}
        self.posts = 0
        self.received_puids: list[str] = []
        self.lock = threading.Lock()
        self.url = ""

    def platform(self, header: str | None) -> str | None:
        scheme, _, token = (header or "").partition(" ")
        return self.tokens.get(token) if scheme == "Bearer" else None

    def stored_puids(self, platform: str) -> list[str]:
        return [puid for (owner, puid) in self.stored if owner == platform]

    def post_statements(self, platform: str, body: Any) -> tuple[int, Any, bool]:
        """(status, answer, drop): store all or nothing."""
        with self.lock:
            self.posts += 1
            failure = self.fail(self.posts)
            if failure == "429":
                return 429, LIMIT_BODY, False
            if failure == "500":
                return (
                    500,
                    {
                        "message": "Statement Creation Query Exception Occurred, information has been passed on "
                        "to the development team.",
                        "errors": {"uncaught_exception": ["boom"]},
                    },
                    False,
                )
            items = body.get("statements") if isinstance(body, dict) else None
            if not isinstance(items, list) or not 1 <= len(items) <= 100:
                message = "The statements field must have between 1 and 100 items."
                return 422, {"message": message, "errors": {"statements": [message]}}, False
            errors = {
                f"statement_{i}": e for i, s in enumerate(items) if (e := validate(s if isinstance(s, dict) else {}))
            }
            if errors:
                return 422, {"errors": errors}, False
            puids = [s["puid"] for s in items]
            self.received_puids.extend(puids)
            existing = sorted({p for p in puids if (platform, p) in self.stored})
            if existing or len(set(puids)) != len(puids):
                dupes = existing or sorted({p for p in puids if puids.count(p) > 1})
                return 422, {"message": DUPLICATE, "errors": {"puid": [DUPLICATE], "existing_puids": dupes}}, False
            created = []
            for s in items:
                key = str(uuid.uuid4())
                row = {
                    **s,
                    "uuid": key,
                    "created_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
                    "platform_name": platform,
                    "self": f"{self.url}/api/v1/statement/{key}",
                    "permalink": f"{self.url}/statement/{key}",
                }
                self.stored[(platform, s["puid"])] = row
                created.append(row)
            return 201, {"statements": created}, failure == "drop"


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer(self, status: int, body: Any) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain" if isinstance(body, bytes) else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _platform(self) -> str | None:
        platform = self.server.fake.platform(self.headers.get("Authorization"))
        if platform is None:
            self._answer(401, {"message": "Unauthenticated."})
        return platform

    def do_GET(self) -> None:
        platform = self._platform()
        if platform is None:
            return
        if self.path == "/api/ping":
            self._answer(200, {"you_say": "ping", "i_say": "pong"})
            return
        prefix = "/api/v1/statement/existing-puid/"
        if self.path.startswith(prefix):
            puid = self.path.removeprefix(prefix)
            if (platform, puid) in self.server.fake.stored:
                self._answer(302, {"message": "statement of reason found", "puid": puid})
            else:
                self._answer(404, {"message": "statement of reason not found", "puid": puid})
            return
        self._answer(404, {"message": "not found"})

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        platform = self._platform()
        if platform is None:
            return
        if self.path != "/api/v1/statements":
            self._answer(404, {"message": "not found"})
            return
        status, answer, drop = self.server.fake.post_statements(platform, json.loads(body or b"{}"))
        if drop:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._answer(status, answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeTransparencyDatabase


@contextmanager
def serve_fake_tdb(fake: FakeTransparencyDatabase) -> Iterator[FakeTransparencyDatabase]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = fake
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
