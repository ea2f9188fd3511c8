"""ClaimReview JSON-LD in every shape fact-checkers publish, and broken input with lines and reasons."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from tests.support.claims import claim_review, data_feed

from rempart.detect.claims.jsonld import Review, read_reviews
from rempart.detect.claims.ratings import Rating
from rempart.items.adapters.base import Rejected


def _lines(*documents: object) -> bytes:
    return b"".join(json.dumps(d, ensure_ascii=False).encode() + b"\n" for d in documents)


def _split(data: bytes) -> tuple[list[Review], list[Rejected]]:
    records = list(read_reviews(data))
    return [r for r in records if isinstance(r, Review)], [r for r in records if isinstance(r, Rejected)]


def test_a_review_as_in_googles_documentation_is_read_field_by_field() -> None:
    reviews, rejected = _split(_lines(claim_review("https://fc.example/a", "The world is flat", "False")))
    assert rejected == []
    [review] = reviews
    assert review.line == 1
    assert review.url == "https://fc.example/a"
    assert review.claim_reviewed == "The world is flat"
    assert review.rating is Rating.FALSE
    assert review.rating_text == "False"
    assert (review.rating_value, review.best_rating, review.worst_rating) == (1.0, 5.0, 1.0)
    assert review.reviewer_name == "Example Fact Check"
    assert review.reviewer_url == "https://factcheck.example.org"
    assert review.language == "en"
    assert review.date_published == datetime(2024, 8, 14, tzinfo=UTC)
    assert review.claim_author == "Viral post"
    assert review.claim_date == datetime(2024, 8, 12, tzinfo=UTC)
    assert review.first_appearance == "https://x.com/example/status/0"
    assert review.appearances == ["https://x.com/example/status/0", "https://x.com/example/status/1"]
    assert json.loads(review.raw)["claimReviewed"] == "The world is flat"


def test_afp_style_graph_with_string_ratings_and_string_appearance() -> None:
    # Shaped like AFP Factuel's published markup: @graph, ratings as strings, "YYYY-MM-DD HH:MM" dates.
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "ClaimReview",
                "datePublished": "2022-02-23 16:15",
                "url": "https://factuel.example/doc.1",
                "claimReviewed": "Une fille dans un bus en Ukraine attend les soldats russes",
                "itemReviewed": {"@type": "Claim", "appearance": "https://x.com/someone/status/2"},
                "author": {"name": "AFP", "@type": "Organization"},
                "reviewRating": {"ratingValue": "1", "bestRating": "5", "worstRating": "1", "alternateName": "Faux"},
                "inLanguage": {"@type": "Language", "name": "French"},
            },
            {"@type": "WebPage", "url": "https://factuel.example/doc.1"},
            {
                "@type": "ClaimReview",
                "url": "https://factuel.example/doc.1",
                "claimReviewed": "Des troupes ukrainiennes se préparent au combat",
                "reviewRating": {"alternateName": "Trompeur"},
            },
        ],
    }
    reviews, rejected = _split(_lines(graph))
    assert rejected == []
    assert [r.rating for r in reviews] == [Rating.FALSE, Rating.MISLEADING]
    assert reviews[0].date_published == datetime(2022, 2, 23, 16, 15, tzinfo=UTC)
    assert reviews[0].appearances == ["https://x.com/someone/status/2"]
    assert reviews[0].language == "fr"
    assert reviews[0].rating_value == 1.0


def test_data_feed_list_type_array_and_pretty_printed_documents() -> None:
    feed = data_feed(
        claim_review("https://fc.example/1", "Claim one"),
        claim_review("https://fc.example/2", "Deuxième affirmation", "Faux", language="fr-FR"),
    )
    listed = [claim_review("https://fc.example/3", "Claim three", types=["ClaimReview", "Thing"])]
    schema_iri = claim_review("https://fc.example/4", "Claim four", types="http://schema.org/ClaimReview")
    data = json.dumps(feed, indent=2).encode() + b"\n" + _lines(listed, schema_iri)
    reviews, rejected = _split(data)
    assert rejected == []
    assert [r.url for r in reviews] == [f"https://fc.example/{n}" for n in (1, 2, 3, 4)]
    assert reviews[1].language == "fr"
    assert [r.line for r in reviews] == [1, 1, data.count(b"\n") - 1, data.count(b"\n")]


def test_a_json_array_file_gives_each_element_its_own_line() -> None:
    data = (
        b"[\n"
        + json.dumps(claim_review("https://fc.example/1", "One")).encode()
        + b",\n"
        + json.dumps(claim_review("https://fc.example/2", "Two")).encode()
        + b",\n"
        + b'{"@type": "Person", "name": "Someone"}\n]\n'
    )
    reviews, rejected = _split(data)
    assert [(r.line, r.url) for r in reviews] == [(2, "https://fc.example/1"), (3, "https://fc.example/2")]
    assert [(r.line, r.reason) for r in rejected] == [(4, "no ClaimReview node in this document (found Person)")]


def test_broken_documents_are_rejected_with_line_and_reason_and_the_rest_is_read() -> None:
    good = claim_review("https://fc.example/ok", "Fine")
    no_claim = claim_review("https://fc.example/x", "")
    no_url = {k: v for k, v in claim_review("https://fc.example/y", "No url").items() if k != "url"}
    bad_url = claim_review("ftp://fc.example/z", "Bad url")
    data = (
        _lines(good)
        + b'{"@type": "ClaimReview", "url": \n'
        + b"\xff\xfe not utf-8\n"
        + _lines(no_claim, no_url, bad_url, {"@type": "Article"}, 42)
        + _lines(good)
    )
    reviews, rejected = _split(data)
    assert [r.line for r in reviews] == [1, 9]
    reasons = {r.line: r.reason for r in rejected}
    assert sorted(reasons) == [2, 3, 4, 5, 6, 7, 8]
    assert reasons[2].startswith("invalid JSON")
    assert reasons[3] == "invalid UTF-8"
    assert reasons[4] == "claimReviewed: missing or not a text"
    assert reasons[5] == "url: missing"
    assert reasons[6].startswith("url: not an http(s) URL")
    assert reasons[7] == "no ClaimReview node in this document (found Article)"
    assert reasons[8] == "no ClaimReview node in this document (found int)"


def test_nodes_inside_a_feed_are_named_by_their_path() -> None:
    feed = data_feed(claim_review("https://fc.example/1", "Fine"), claim_review("https://fc.example/2", "  "))
    reviews, rejected = _split(_lines(feed))
    assert len(reviews) == 1
    assert [r.reason for r in rejected] == ["dataFeedElement[1].item[0]: claimReviewed: missing or not a text"]


def test_a_truncated_array_is_one_rejection() -> None:
    data = b"[\n" + json.dumps(claim_review("https://fc.example/1", "One")).encode() + b",\n{broken\n"
    reviews, rejected = _split(data)
    assert len(reviews) == 1
    assert [r.line for r in rejected] == [3]
