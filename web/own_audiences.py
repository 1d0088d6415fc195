"""The editors' page of an itinerary's own audiences: list, add, rename (the label) and remove them.

On the editors' blueprint (:mod:`web.editing`): each route needs a signed-in editor and every change is a
POST with its CSRF token. Removing an audience a subscription uses is refused, naming the subscriptions.
"""

from __future__ import annotations

from functools import partial

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField

from itinerary import own_audiences, services
from itinerary.errors import InUse
from web.app import get_store
from web.editing import _renamed, _submitted, bp
from web.forms import ConfirmForm, DomainErrors, _strip


class AudienceForm(DomainErrors, FlaskForm):
    """A new audience of the itinerary's own: its name (the key) and its label."""

    name = StringField(
        lazy_gettext("Name"),
        filters=[_strip],
        description=lazy_gettext("Lower-case letters, digits and hyphens, e.g. interpreters; it cannot change."),
    )
    label = StringField(lazy_gettext("Label"), filters=[_strip], description=lazy_gettext("What editors read."))
    submit = SubmitField(lazy_gettext("Add the audience"))


def _page(slug: str, form: AudienceForm, status: int = 200):
    store = get_store()
    context = {
        "itinerary": services.get_itinerary(store, slug),
        "own": own_audiences.listed(store, slug),
        "form": form,
        "confirm": ConfirmForm(),
    }
    return render_template("own_audiences.html", **context), status


@bp.route("/itineraries/<slug>/audiences", methods=["GET", "POST"])
def own_audiences_page(slug: str):
    """The itinerary's own audiences; a POST adds one."""
    form = AudienceForm()
    added = _submitted(form, lambda: own_audiences.add(get_store(), slug, name=form.name.data, label=form.label.data))
    if added is None:
        return _page(slug, form, status=400 if request.method == "POST" else 200)
    flash(_("Added the audience %(name)s.", name=added.label), "success")
    return redirect(url_for("editing.own_audiences_page", slug=slug))


@bp.post("/itineraries/<slug>/audiences/<audience>/rename")
def rename_own_audience(slug: str, audience: str):
    """Give the audience a new label; its name stays."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("editing.own_audiences_page", slug=slug))
    rename = partial(own_audiences.relabel, get_store(), slug, audience, request.form.get("label", ""))
    return _renamed("editing.own_audiences_page", slug, rename, lambda found: found.label)


@bp.post("/itineraries/<slug>/audiences/<audience>/remove")
def remove_own_audience(slug: str, audience: str):
    """Remove the audience, unless a subscription uses it (then nothing changes and the page says which)."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("editing.own_audiences_page", slug=slug))
    try:
        own_audiences.remove(get_store(), slug, audience)
    except InUse as refusal:
        users = ", ".join(refusal.uses)
        flash(_("Not removed: the subscriptions %(names)s use it; revoke them first.", names=users), "error")
        return redirect(url_for("editing.own_audiences_page", slug=slug))
    flash(_("Removed the audience %(name)s.", name=audience), "success")
    return redirect(url_for("editing.own_audiences_page", slug=slug))
