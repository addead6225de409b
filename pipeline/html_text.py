"""HTML debris in scraped articles: tags dropped, entities unescaped, offsets kept.

Scrapers leave ``&nbsp;``, ``&eacute;`` and ``<p>`` in texts. The pipeline reads the cleaned
text, and every offset it reports is mapped back into the text *as given*, so that
``text[start:end]`` in the user's own file is the span a reviewer looks at.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_MARKUP = re.compile(
    r"<!--.*?-->"                                   # comments
    r"|<(script|style)\b[^>]*>.*?</\1\s*>"          # scripts and styles, with their content
    r"|</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>"   # tags
    r"|&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});",  # entities
    re.DOTALL | re.IGNORECASE,
)
_BLOCK_TAGS = re.compile(r"</?(p|br|div|li|h[1-6]|tr|section|article)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    return _MARKUP.search(text) is not None


@dataclass
class CleanText:
    """A cleaned text and, for each of its characters, the source range it came from."""

    text: str
    starts: list[int] | None  # None when nothing was changed
    ends: list[int] | None
    source_length: int

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned text to the original text."""
        if self.starts is None:
            return start, end
        if start >= len(self.starts):
            return self.source_length, self.source_length
        if end <= start:
            return self.starts[start], self.starts[start]
        return self.starts[start], self.ends[end - 1]


def clean_html(text: str) -> CleanText:
    """Drop tags, unescape entities; block tags become line breaks so paragraphs survive."""
    if not looks_like_html(text):
        return CleanText(text, None, None, len(text))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for match in _MARKUP.finditer(text):
        for offset in range(position, match.start()):
            out.append(text[offset])
            starts.append(offset)
            ends.append(offset + 1)
        token = match.group(0)
        if token.startswith("&"):
            value = html.unescape(token).replace("\xa0", " ")
        elif _BLOCK_TAGS.match(token):
            value = "\n"
        else:
            value = ""
        for char in value:
            out.append(char)
            starts.append(match.start())
            ends.append(match.end())
        position = match.end()
    for offset in range(position, len(text)):
        out.append(text[offset])
        starts.append(offset)
        ends.append(offset + 1)
    return CleanText("".join(out), starts, ends, len(text))
