"""The itinerary page's HTML, kept by the stored state it shows and the reader it is for, with holes for what
differs from one request to the next.

The page is rendered once per :class:`~web.viewmodels.PageKey` (the stored state, the reader: editor or not, the
zone, the participant or delegation, the content language, the audience; the window of days; the interface
language; the zone the reader chose; the address the site is served under; an editor's private feed token) and
kept in the app's one cache of answers. What a request adds is filled into its holes each time (see
``_per_request.html``): who is signed in and their CSRF token, the language links (they keep the request's
query), flashed messages, what is on now and next, and the link to the changes since the reader's last visit.
So nothing of one reader's request is ever kept for another's.

The page is always made this way, kept or not, so a kept page and a fresh one are the same bytes.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import get_template_attribute, render_template, request
from flask_login import current_user
from markupsafe import Markup

from web import i18n, params
from web.auth import is_editor
from web.viewmodels import ItineraryPage, PageKey, kept

# Unguessable, and begun with "<", which every text from the store is escaped out of: no content can make a hole.
_NONCE = secrets.token_hex(8)
_HOLE = re.compile(f"<!--hole:{_NONCE}:([a-z_]+)-->")


class Holes:
    """What a kept page holds where a request's own part goes: ``holes.account`` is the mark of that part."""

    def __getattr__(self, name: str) -> Markup:
        return Markup(f"<!--hole:{_NONCE}:{name}-->")


@dataclass(frozen=True, slots=True)
class HtmlWithHoles:
    """A rendered page cut at its holes: text, hole name, text, hole name, …, text."""

    parts: tuple[str, ...]

    @classmethod
    def render(cls, template: str, **context) -> HtmlWithHoles:
        """``template`` rendered with :class:`Holes` for its request's parts, cut at them."""
        return cls(tuple(_HOLE.split(render_template(template, holes=Holes(), **context))))

    def fill(self, values: dict[str, Callable[[], str]]) -> str:
        """The page with each hole filled by its value, made now."""
        return "".join(part if i % 2 == 0 else values[part]() for i, part in enumerate(self.parts))


def _per_request(name: str, *args) -> Callable[[], str]:
    return lambda: get_template_attribute("_per_request.html", name)(*args)


def itinerary_html(page: ItineraryPage, last_visit: datetime | None) -> str:
    """The itinerary page for this request: kept by what it shows, its holes filled for this request."""
    key = PageKey(
        page.state,
        page.reader,
        page.window and page.window.first,
        i18n.language(),
        params.chosen_zone(request.args, request.cookies),
        request.host_url,
        page.token,
    )
    html = kept(key, lambda: HtmlWithHoles.render("itinerary.html", **page.context()))
    editor, itinerary = is_editor(), page.itinerary
    return html.fill(
        {
            "account": _per_request("account", editor, current_user),
            "languages": _per_request("languages"),
            "flashes": _per_request("flashes"),
            "csrf": lambda: get_template_attribute("_forms.html", "csrf")(),
            "now_next": _per_request("now_next", itinerary, page.happening, page.now, page.reader.zone),
            "last_visit": _per_request("last_visit", itinerary, last_visit),
        }
    )
