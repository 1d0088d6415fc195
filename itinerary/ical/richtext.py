"""A DESCRIPTION written as HTML (Google Calendar's export: ``<b>``, ``<br>``, ``<a href>``, ``&nbsp;``) read as
plain text, its line breaks and link addresses kept; pure, with the standard library's ``html.parser``."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# What only HTML writes: a tag a rich-text editor makes, or an entity. "a < b" or "R&D" stay as they are.
_HTML = re.compile(
    r"<(?:a|b|i|u|s|em|strong|br|p|div|span|font|ul|ol|li|h[1-6]|html|body|table|tr|td|blockquote)\b[^<>]*>"
    r"|</(?:a|b|i|u|s|em|strong|p|div|span|font|ul|ol|li|h[1-6]|html|body|table|tr|td|blockquote)>"
    r"|&(?:nbsp|amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-f]+);",
    re.IGNORECASE,
)
_BLOCKS = frozenset({"p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote"})
_HIDDEN = frozenset({"style", "script", "head", "title"})


def html_text(text: str) -> str:
    """``text`` as plain text where it is HTML, else as it is: a line per ``<br>`` and block, a link as its
    words and its address, entities read, spaces collapsed.

    >>> html_text('Agenda:<br><b>Talks</b>&nbsp;&amp; lunch<br>Join: <a href="https://meet.example/x">meeting</a>')
    'Agenda:\\nTalks & lunch\\nJoin: meeting (https://meet.example/x)'
    >>> html_text("Costs < 5 EUR, R&D team")
    'Costs < 5 EUR, R&D team'
    """
    if not _HTML.search(text):
        return text
    reader = _Reader()
    reader.feed(text)
    reader.close()
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in "".join(reader.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, int]] = []  # each open link's address and where its words begin
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS and tag != "li":  # the next item begins its own line
            self.parts.append("\n")
        elif tag == "a" and self.links:
            address, begins = self.links.pop()
            words = "".join(self.parts[begins:]).strip()
            if address and not words:
                self.parts.append(address)
            elif address and address.removeprefix("mailto:") not in words:
                self.parts.append(f" ({address})")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)
