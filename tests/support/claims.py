"""Test helpers for the claims domain: a tiny ONNX sentence-embedding model built on the spot, and
ClaimReview documents shaped like those fact-checkers publish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer
from tokenizers.models import WordLevel
from tokenizers.normalizers import NFD, Lowercase, Sequence, StripAccents
from tokenizers.pre_tokenizers import Whitespace

# Words that mean the same thing in both languages share a row of the embedding table.
_VOCAB_ROWS = {
    "[PAD]": 0,
    "[UNK]": 1,
    "vaccine": 2,
    "vaccin": 2,
    "dna": 3,
    "adn": 3,
    "changes": 4,
    "modifie": 4,
    "gasoline": 5,
    "essence": 5,
    "cars": 6,
    "voitures": 6,
    "ban": 7,
    "interdiction": 7,
}
DIMENSION = 8


def build_tiny_model(directory: Path) -> Path:
    """`model.onnx` (token embedding lookup: [batch, seq] -> [batch, seq, 8]) and `tokenizer.json`."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    meanings = rng.normal(size=(max(_VOCAB_ROWS.values()) + 1, DIMENSION)).astype(np.float32)
    meanings[1] = 0.0  # unknown words carry no meaning; padding does (a row that masking must leave out)
    # One row per token id; translations copy the same meaning.
    table = np.stack([meanings[row] for row in _VOCAB_ROWS.values()])
    graph = helper.make_graph(
        [helper.make_node("Gather", ["table", "input_ids"], ["token_embeddings"], axis=0)],
        "tiny_sentence_embedder",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
        ],
        [helper.make_tensor_value_info("token_embeddings", TensorProto.FLOAT, ["batch", "sequence", DIMENSION])],
        initializer=[numpy_helper.from_array(table, name="table")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(directory / "model.onnx"))
    vocab = {word: token_id for token_id, word in enumerate(_VOCAB_ROWS)}
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = Sequence([NFD(), StripAccents(), Lowercase()])
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    tokenizer.save(str(directory / "tokenizer.json"))
    return directory


def claim_review(
    url: str,
    claim: str,
    rating: str = "False",
    *,
    language: Any = "en",
    types: Any = "ClaimReview",
    **extra: Any,
) -> dict[str, Any]:
    """A ClaimReview as in Google's fact-check markup documentation."""
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": types,
        "url": url,
        "claimReviewed": claim,
        "datePublished": "2024-08-14",
        "inLanguage": language,
        "author": {"@type": "Organization", "name": "Example Fact Check", "url": "https://factcheck.example.org"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Viral post"},
            "datePublished": "2024-08-12",
            "appearance": [{"@type": "SocialMediaPosting", "url": "https://x.com/example/status/1"}],
            "firstAppearance": {"@type": "CreativeWork", "url": "https://x.com/example/status/0"},
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": rating,
        },
    }
    node.update(extra)
    return node


def data_feed(*reviews: dict[str, Any]) -> dict[str, Any]:
    """The DataCommons / Fact Check Tools feed: a DataFeed whose items hold lists of ClaimReviews."""
    return {
        "@context": "http://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {"@context": "http://schema.org", "@type": "DataFeedItem", "dateCreated": "2024-08-15", "item": [review]}
            for review in reviews
        ]
        + [{"@type": "DataFeedItem", "item": None}],
    }
