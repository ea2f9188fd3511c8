"""Mastodon's HTML `content` as plain text, with the links it carries.

Mastodon sanitises status HTML to a few tags: `<p>`, `<br>`, `<a>`, `<span>`. Paragraphs become blank
lines, `<br>` a newline, entities are unescaped; the hidden parts of shortened links
(`<span class="invisible">`) are kept so a link reads whole. Links that are mentions or hashtags
(`class="mention"`, `class="hashtag"`, `rel="tag"`) are not counted as links.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLANK_LINES = re.compile(r"\n{3,}")
_SPACES_BEFORE_NEWLINE = re.compile(r"[ \t]+\n")
_BLOCKS = frozenset({"p", "div", "blockquote", "ul", "ol", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n")
        elif tag == "a":
            values = {name: value or "" for name, value in attrs}
            classes = values.get("class", "").split()
            rels = values.get("rel", "").split()
            href = values.get("href", "").strip()
            if href and "mention" not in classes and "hashtag" not in classes and "tag" not in rels:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """The visible text of `html` and the hrefs of its ordinary links, in order and without repeats."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    text = _SPACES_BEFORE_NEWLINE.sub("\n", "".join(extractor.parts))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return text, list(dict.fromkeys(extractor.links))
