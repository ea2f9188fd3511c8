"""Read schema.org `ClaimReview` JSON-LD as fact-checkers publish it.

Accepted input: JSON documents one after another (one per line, or pretty-printed), or one JSON array of
them. In each document, ClaimReview nodes are found at the top level, in a list, in `@graph`, or in a
`DataFeed`'s `dataFeedElement[].item` (the Google Fact Check Tools / DataCommons feed); `@type` may be a
string or a list. Every node yields a `Review` or a `Rejected` with the line its document starts on and a
reason that names the field; one bad record never stops the rest.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rempart.detect.claims.ratings import Rating, normalise_rating
from rempart.items.adapters.base import Rejected, one_line

MAX_CLAIM_CHARS = 5000
MAX_URL_CHARS = 2000
_DECODER = json.JSONDecoder()
_LANGUAGE_NAMES = {
    "english": "en",
    "anglais": "en",
    "french": "fr",
    "francais": "fr",
    "français": "fr",
    "german": "de",
    "deutsch": "de",
    "allemand": "de",
    "spanish": "es",
    "espanol": "es",
    "español": "es",
    "italian": "it",
    "italiano": "it",
    "dutch": "nl",
    "portuguese": "pt",
}


@dataclass(slots=True)
class Review:
    """One ClaimReview, normalised. `raw` is the node as published (JSON text)."""

    line: int
    url: str
    claim_reviewed: str
    rating: Rating
    rating_text: str | None = None
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    reviewer_name: str | None = None
    reviewer_url: str | None = None
    language: str | None = None
    date_published: datetime | None = None
    claim_author: str | None = None
    claim_date: datetime | None = None
    appearances: list[str] = field(default_factory=list)
    first_appearance: str | None = None
    raw: str = ""


def types_of(node: dict[str, Any]) -> list[str]:
    """`@type` as a list of bare names (`schema:ClaimReview` and `https://schema.org/ClaimReview` too)."""
    value = node.get("@type", [])
    names = value if isinstance(value, list) else [value]
    return [str(n).rsplit("/", 1)[-1].removeprefix("schema:") for n in names if isinstance(n, str)]


def _first(value: Any) -> Any:
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _number(value: Any) -> float | None:
    value = _first(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return None


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id")
    value = _first(value)
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()[:MAX_URL_CHARS]
    return None


def _urls(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    found = [_url(v) for v in values]
    return list(dict.fromkeys(u for u in found if u))


def parse_date(value: Any) -> datetime | None:
    """ISO dates as fact-checkers write them: `2024-07-23`, `2022-02-17 01:47`, `2022-10-29T20:22:35Z`."""
    text = _text(value)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_language(value: Any) -> str | None:
    """`inLanguage` as `fr`, `fr-FR`, or a `Language` object; an ISO 639-1 code or None."""
    value = _first(value)
    candidates: list[Any] = [value]
    if isinstance(value, dict):
        candidates = [value.get("alternateName"), value.get("identifier"), value.get("name")]
    for candidate in candidates:
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        code = candidate.strip().split("-")[0].split("_")[0].lower()
        if len(code) == 2 and code.isalpha():
            return code
        if code in _LANGUAGE_NAMES:
            return _LANGUAGE_NAMES[code]
    return None


def review_from_node(node: dict[str, Any], line: int, where: str) -> Review | Rejected:
    """One ClaimReview node made a `Review`, or rejected with the field that is wrong."""
    prefix = f"{where}: " if where else ""
    raw = json.dumps(node, ensure_ascii=False)
    claim = node.get("claimReviewed")
    if not isinstance(claim, str) or not claim.strip():
        return Rejected(line, f"{prefix}claimReviewed: missing or not a text", raw.encode()[:2000])
    if len(claim) > MAX_CLAIM_CHARS:
        return Rejected(line, f"{prefix}claimReviewed: longer than {MAX_CLAIM_CHARS} characters", raw.encode()[:2000])
    url = node.get("url")
    if url is None:
        return Rejected(line, f"{prefix}url: missing", raw.encode()[:2000])
    review_url = _url(url)
    if review_url is None:
        return Rejected(line, f"{prefix}url: not an http(s) URL: {one_line(str(url), 80)}", raw.encode()[:2000])
    rating = _first(node.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    rating_text = _text(rating.get("alternateName")) or _text(rating.get("name"))
    author = _first(node.get("author"))
    item = _first(node.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    first_appearance = _url(item.get("firstAppearance"))
    appearances = _urls(item.get("appearance"))
    if first_appearance and first_appearance not in appearances:
        appearances.insert(0, first_appearance)
    return Review(
        line=line,
        url=review_url,
        claim_reviewed=" ".join(claim.split()),
        rating=normalise_rating(rating_text),
        rating_text=rating_text,
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        reviewer_name=_text(author),
        reviewer_url=_url(author) if isinstance(author, dict) else None,
        language=parse_language(node.get("inLanguage")),
        date_published=parse_date(node.get("datePublished")),
        claim_author=_text(item.get("author")),
        claim_date=parse_date(item.get("datePublished")),
        appearances=appearances,
        first_appearance=first_appearance,
        raw=raw,
    )


def claim_review_nodes(value: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every ClaimReview node in a document, with its JSON path: top level, lists, `@graph`, `DataFeed`."""
    if isinstance(value, list):
        for index, element in enumerate(value):
            yield from claim_review_nodes(element, f"{where}[{index}]")
        return
    if not isinstance(value, dict):
        return
    types = types_of(value)
    if "ClaimReview" in types:
        yield where, value
        return
    if "@graph" in value:
        yield from claim_review_nodes(value["@graph"], f"{where}.@graph".lstrip("."))
    if "DataFeed" in types or "dataFeedElement" in value:
        yield from claim_review_nodes(value.get("dataFeedElement"), f"{where}.dataFeedElement".lstrip("."))
    if "DataFeedItem" in types or ("item" in value and not types):
        yield from claim_review_nodes(value.get("item"), f"{where}.item".lstrip("."))


def reviews_in_document(document: Any, line: int) -> Iterator[Review | Rejected]:
    found = False
    for where, node in claim_review_nodes(document):
        found = True
        yield review_from_node(node, line, where)
    if not found:
        kind = ", ".join(types_of(document)) if isinstance(document, dict) else type(document).__name__
        yield Rejected(line, f"no ClaimReview node in this document (found {kind or 'no @type'})")


def _decode_lines(data: bytes) -> tuple[str, list[int]]:
    """The text, with lines that are not UTF-8 blanked; returns the numbers of the blanked lines."""
    lines = data.split(b"\n")
    texts: list[str] = []
    bad: list[int] = []
    for number, raw in enumerate(lines, start=1):
        try:
            texts.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append("")
            bad.append(number)
    return "\n".join(texts).removeprefix("\ufeff"), bad


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _resync(text: str, position: int) -> int:
    """After broken JSON: the next line that starts a document (`{` or `[` in the first column)."""
    while True:
        newline = text.find("\n", position)
        if newline < 0:
            return len(text)
        position = newline + 1
        if text.startswith(("{", "["), position):
            return position


def documents(data: bytes) -> Iterator[tuple[int, Any] | Rejected]:
    """Each JSON document with the line it starts on; elements of a top-level array count as documents."""
    text, bad_lines = _decode_lines(data)
    for number in bad_lines:
        yield Rejected(number, "invalid UTF-8")
    position = _skip_space(text, 0)
    while position < len(text):
        in_array = text[position] == "["
        start = _skip_space(text, position + 1) if in_array else position
        try:
            if in_array:
                position = yield from _array_elements(text, start)
            else:
                value, position = _DECODER.raw_decode(text, start)
                yield _line_of(text, start), value
        except json.JSONDecodeError as error:
            # Outside an array the document is named by its first line, and reading resumes at the next
            # line that starts a document: a broken line never swallows the lines after it.
            line = error.lineno if in_array else _line_of(text, start)
            yield Rejected(line, f"invalid JSON: {error.msg} (line {error.lineno} column {error.colno})")
            position = _resync(text, error.pos if in_array else start)
        position = _skip_space(text, position)


def _array_elements(text: str, position: int) -> Generator[tuple[int, Any], None, int]:
    """Yield the elements of the array whose first element starts at `position`; return the end."""
    if text.startswith("]", position):
        return position + 1
    while True:
        value, end = _DECODER.raw_decode(text, position)
        yield _line_of(text, position), value
        position = _skip_space(text, end)
        if text.startswith("]", position):
            return position + 1
        if not text.startswith(",", position):
            raise json.JSONDecodeError("expected ',' or ']' between array elements", text, position)
        position = _skip_space(text, position + 1)


def read_reviews(data: bytes) -> Iterator[Review | Rejected]:
    """Every ClaimReview in `data` as a `Review`, and every bad document or node as a `Rejected`."""
    for entry in documents(data):
        if isinstance(entry, Rejected):
            yield entry
            continue
        line, document = entry
        yield from reviews_in_document(document, line)
