"""A small HTML reader for tests: parse a page and pick elements with simple CSS selectors.

Selectors: ``tag``, ``.class``, ``#id``, ``[name]``, ``[name=value]`` combined
(``li.entry[data-uid=x]``), separated by spaces for descendants or ``>`` for children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SIMPLE = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)|\.([\w-]+)|#([\w-]+)|\[([\w-]+)(?:=\"?([^\]\"]*)\"?)?\]")


@dataclass
class Node:
    """An element with its attributes and children (elements and text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def text(self) -> str:
        """The text a reader sees, whitespace collapsed."""
        return " ".join(self._raw_text().split())

    def _raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c._raw_text() for c in self.children)

    def elements(self):
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def select(self, selector: str) -> list[Node]:
        """The elements matching ``selector``, in document order."""
        steps, combinator = [], " "
        for part in selector.replace(">", " > ").split():
            if part == ">":
                combinator = ">"
            else:
                steps.append((combinator, _compile(part)))
                combinator = " "
        return [node for node in self.elements() if _matches_path(node, steps)]

    def one(self, selector: str) -> Node:
        """The only element matching ``selector`` (fails the test otherwise)."""
        found = self.select(selector)
        assert len(found) == 1, f"{len(found)} elements match {selector!r}"
        return found[0]

    def texts(self, selector: str) -> list[str]:
        """The text of each element matching ``selector``."""
        return [node.text for node in self.select(selector)]

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)


def _compile(part: str):
    checks = []
    position = 0
    while position < len(part):
        match = _SIMPLE.match(part, position)
        if not match:
            raise ValueError(f"unsupported selector {part!r}")
        tag, cls, ident, attr, value = match.groups()
        if tag:
            checks.append(lambda n, tag=tag: n.tag == tag.lower())
        elif cls:
            checks.append(lambda n, cls=cls: cls in n.classes)
        elif ident:
            checks.append(lambda n, ident=ident: n.attrs.get("id") == ident)
        elif value is None:
            checks.append(lambda n, attr=attr: attr in n.attrs)
        else:
            checks.append(lambda n, attr=attr, value=value: n.attrs.get(attr) == value)
        position = match.end()
    return lambda node: all(check(node) for check in checks)


def _matches_path(node: Node | None, steps) -> bool:
    combinator, check = steps[-1]
    if node is None or not check(node):
        return False
    if len(steps) == 1:
        return True
    if combinator == ">":
        return _matches_path(node.parent, steps[:-1])
    ancestor = node.parent
    while ancestor is not None:
        if _matches_path(ancestor, steps[:-1]):
            return True
        ancestor = ancestor.parent
    return False


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value if value is not None else "" for name, value in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.current = self.current.parent

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page: str | bytes) -> Node:
    """The document tree of ``page``."""
    builder = _Builder()
    builder.feed(page.decode() if isinstance(page, bytes) else page)
    builder.close()
    return builder.root


def page(client, url: str, status: int = 200) -> Node:
    """The HTML page at ``url`` (Flask test client), parsed, after checking its status and that it is HTML."""
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.mimetype == "text/html"
    return parse(response.data)


def entry(doc: Node, uid: str) -> Node:
    """The programme's entry of the event ``uid``."""
    return doc.one(f"li.entry[data-uid={uid}]")


def form_values(form: Node) -> dict[str, str | list[str]]:
    """What a browser would send for ``form`` as it stands (checked boxes, selected options)."""
    values: dict[str, list[str]] = {}
    for node in form.elements():
        name = node.get("name")
        if not name or "disabled" in node.attrs:
            continue
        if node.tag == "input":
            kind = node.get("type", "text")
            if kind in {"submit", "button", "file"} or (kind in {"checkbox", "radio"} and "checked" not in node.attrs):
                continue
            values.setdefault(name, []).append(node.get("value", "on" if kind == "checkbox" else ""))
        elif node.tag == "textarea":
            values.setdefault(name, []).append(node._raw_text().removeprefix("\r\n").removeprefix("\n"))
        elif node.tag == "select":
            options = node.select("option")
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            values.setdefault(name, []).extend(o.get("value", o.text) for o in chosen)
    return {name: found if len(found) > 1 else found[0] for name, found in values.items()}
