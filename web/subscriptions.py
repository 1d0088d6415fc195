"""Subscriptions over HTTP: the editors' page that issues, renames, pauses and revokes them, with feed health,
and each subscription's own read-only page (``/view/<token>``).

The editors' routes are on the editors' blueprint (:mod:`web.editing`): each needs a signed-in editor and
every change is a POST with its CSRF token; revoking asks first. A new subscription's addresses are shown
once, on the answer to the POST that issues it: only their token's digest is kept.
"""

from __future__ import annotations

import dataclasses
from functools import partial

from flask import current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField

from itinerary import own_audiences, services, subscriptions, texts
from web import i18n, viewmodels
from web.app import get_store
from web.editing import _refused, _renamed, _submitted, bp
from web.feeds import bp as feeds_bp
from web.forms import ChoiceField, ConfirmForm, DomainErrors, _strip, options
from web.shown import released_store
from web.words import AUDIENCE_LABELS, AUDIENCE_WORDS

# The units of "last fetched … ago" and the client families in the page's language.
UNITS = {"min": lazy_gettext("min"), "h": lazy_gettext("h"), "d": lazy_gettext("d")}
FAMILY_NAMES = {"other": lazy_gettext("other")}  # the others are named by their product, the same everywhere


class IssueForm(DomainErrors, FlaskForm):
    """A new subscription: who it is for and which audience's view it shows."""

    name = StringField(
        lazy_gettext("Name"),
        filters=[_strip],
        description=lazy_gettext("One person or outlet, e.g. TASS pool or Russian delegation: Ushakov."),
    )
    audience = ChoiceField(lazy_gettext("Audience"), choices=options(AUDIENCE_LABELS.items()), default="press")
    submit = SubmitField(lazy_gettext("Issue the subscription"))

    @classmethod
    def of(cls, slug: str, **kwargs) -> IssueForm:
        """The form offering the built-in audiences and the itinerary's own."""
        form = cls(**kwargs)
        own = own_audiences.listed(get_store(), slug)
        form.audience.choices = options([*AUDIENCE_LABELS.items(), *((a.name, a.label) for a in own)])
        return form


class RenameForm(DomainErrors, FlaskForm):
    """A subscription's new name."""

    name = StringField(lazy_gettext("New name"), filters=[_strip])
    submit = SubmitField(lazy_gettext("Rename"))


def addresses(token: str) -> dict[str, str]:
    """The feed (https and webcal) and page addresses of a subscription's token."""
    base = (current_app.config.get("BASE_URL") or request.host_url).rstrip("/")
    return subscriptions.addresses(base, token)


def _ago(then, now) -> tuple[int, str]:
    """How long ago, its unit in the page's language ("5 h", "5 ч", "5 小时")."""
    number, unit = subscriptions.ago(then, now)
    return number, str(UNITS.get(unit, unit))


@bp.app_template_filter("audience_word")
def audience_word(audience: str) -> str:
    """An audience's name in the page's language: ``press``, ``пресса``, ``媒体``."""
    return str(AUDIENCE_WORDS.get(audience, audience))


@bp.app_template_filter("family_name")
def family_name(family: str) -> str:
    """A client family as the health column names it."""
    return str(FAMILY_NAMES.get(family, family))


@bp.app_template_filter("subscription_name")
def subscription_name(subscription) -> str:
    """A subscription's name; the old private address's (the domain names it in English) in the page's language."""
    if subscription.id == subscriptions.OLD_ADDRESS and subscription.name == subscriptions.OLD_ADDRESS_NAME:
        return _("Private address")
    return subscription.name


def _page(slug: str, form: IssueForm, issued: subscriptions.Issued | None = None, status: int = 200):
    store = get_store()
    found, counts = subscriptions.health(store, slug)
    context = {
        "itinerary": services.get_itinerary(store, slug),
        "rows": found,
        "counts": counts,
        "form": form,
        "issued": issued,
        "addresses": addresses(issued.token) if issued else None,
        "confirm": ConfirmForm(),
        "ago": lambda then: _ago(then, store.now()),
    }
    return render_template("subscriptions.html", **context), status


@bp.route("/itineraries/<slug>/subscriptions", methods=["GET", "POST"])
def subscriptions_page(slug: str):
    """The itinerary's subscriptions with their feed health; a POST issues one and shows its addresses once."""
    form = IssueForm.of(slug)
    issued = _submitted(
        form, lambda: subscriptions.issue(get_store(), slug, audience=form.audience.data, name=form.name.data)
    )
    if issued is None:
        return _page(slug, form, status=400 if request.method == "POST" else 200)
    return _page(slug, IssueForm.of(slug, formdata=None), issued)


@bp.post("/itineraries/<slug>/subscriptions/<int:subscription_id>/rename")
def rename_subscription(slug: str, subscription_id: int):
    """Give the subscription a new name; its addresses stay."""
    form = RenameForm()
    name = form.name.data if form.validate() else ""
    rename = partial(subscriptions.rename, get_store(), slug, subscription_id, name)
    return _renamed("editing.subscriptions_page", slug, rename, lambda found: found.name)


@bp.post("/itineraries/<slug>/subscriptions/<int:subscription_id>/pause")
def pause_subscription(slug: str, subscription_id: int):
    """Pause the subscription: its addresses answer "not found" until it is resumed."""
    if ConfirmForm().validate_on_submit():
        found = subscriptions.pause(get_store(), slug, subscription_id)
        flash(_("Paused %(name)s: its addresses answer “not found” until resumed.", name=found.name), "success")
    return redirect(url_for("editing.subscriptions_page", slug=slug))


@bp.post("/itineraries/<slug>/subscriptions/<int:subscription_id>/resume")
def resume_subscription(slug: str, subscription_id: int):
    """Resume a paused subscription: its addresses work again."""
    if ConfirmForm().validate_on_submit():
        found = subscriptions.pause(get_store(), slug, subscription_id, paused=False)
        flash(_("Resumed %(name)s: its addresses work again.", name=found.name), "success")
    return redirect(url_for("editing.subscriptions_page", slug=slug))


@bp.route("/itineraries/<slug>/subscriptions/<int:subscription_id>/revoke", methods=["GET", "POST"])
def revoke_subscription(slug: str, subscription_id: int):
    """Ask, then revoke the subscription for good; every other keeps working."""
    found = subscriptions.find(get_store(), slug, subscription_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        subscriptions.revoke(get_store(), slug, found.id)
        flash(_("Revoked %(name)s: its addresses no longer work.", name=found.name), "success")
        return redirect(url_for("editing.subscriptions_page", slug=slug))
    itinerary = services.get_itinerary(get_store(), slug)
    return _refused("subscription_revoke.html", form=form, itinerary=itinerary, subscription=found)


@feeds_bp.get("/view/<token>")
def subscription_view(token: str):
    """A subscription's own page: its audience's view of the latest release, read-only."""
    store = released_store()
    subscription = subscriptions.by_token(store, token)
    itinerary, days = subscriptions.page_for(store, subscription)
    itinerary, days = i18n.shown_itinerary(itinerary), viewmodels.nested(_days_in_language(store, itinerary, days))
    page = render_template("subscription_view.html", itinerary=itinerary, days=days, subscription=subscription)
    response = make_response(page)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _days_in_language(store, itinerary, days: list) -> list:
    """The programme's events with their texts in the page's language (their own where they have none; a busy
    stand-in's neutral label in that language), each text's language noted for ``content_lang``."""
    lang = i18n.language()  # the own language's too: the venues and people by their text in it
    library = texts.library_of(store, itinerary.slug)
    shown = []
    for day in days:
        entries = []
        for entry in day.entries:
            localized = library.event(entry.event, lang)
            i18n.remember_languages({entry.event.uid: dict(localized.languages)})
            occurrence = dataclasses.replace(entry.occurrence, event=localized.value)
            entries.append(dataclasses.replace(entry, occurrence=occurrence))
        shown.append(dataclasses.replace(day, entries=tuple(entries)))
    return shown
