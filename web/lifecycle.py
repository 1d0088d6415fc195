"""Editors delete an itinerary, copy one as a template, and restore a cancelled occurrence.

Routes of the editors' blueprint (:mod:`web.editing`): each needs a signed-in editor.
Deleting asks first, on a page that says what subscribers will see.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from itinerary import lifecycle, services
from itinerary.errors import AlreadyExists, InvalidInput
from web.app import get_store
from web.domain_words import sentence
from web.editing import _field_errors, _refused, _when, bp, event_named
from web.forms import ConfirmForm, DuplicateForm
from web.params import parse_occurrence_id


@bp.route("/itineraries/<slug>/delete", methods=["GET", "POST"])
def delete_itinerary(slug: str):
    """Ask, then delete the itinerary for good; its addresses answer 410 Gone from then on."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = ConfirmForm()
    if form.validate_on_submit():
        lifecycle.delete_itinerary(get_store(), slug, editor=current_user.username)
        flash(
            gettext("Deleted %(title)s; its page and feeds now answer that it is gone.", title=itinerary.title),
            "success",
        )
        return redirect(url_for("pages.home"))
    token = services.feed_token(get_store(), slug)
    count, _first, _last = services.event_span(get_store(), slug)
    return render_template("itinerary_delete.html", form=form, itinerary=itinerary, events=count, private=token)


@bp.route("/itineraries/<slug>/duplicate", methods=["GET", "POST"])
def duplicate_itinerary(slug: str):
    """Copy the itinerary and its events as a template for the next visit (editors only until made public)."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = DuplicateForm()
    if form.validate_on_submit() and (response := _submit_duplicate(form, slug)):
        return response
    first = lifecycle.first_day(get_store(), slug)
    return _refused("itinerary_duplicate.html", form=form, itinerary=itinerary, first_day=first)


def _submit_duplicate(form: DuplicateForm, slug: str):
    """Make the copy as the valid form says: a redirect, or None to show the form again with the refusals."""
    try:
        copy = lifecycle.duplicate_itinerary(get_store(), slug, editor=current_user.username, **form.values())
    except (InvalidInput, AlreadyExists) as error:
        form.show(_field_errors(error))
        return None
    flash(gettext("Copied to %(title)s; only editors see it until you make it public.", title=copy.title), "success")
    return redirect(url_for("pages.itinerary", slug=copy.slug))


@bp.post("/itineraries/<slug>/events/<event_id>/occurrences/<occurrence_id>/restore")
def restore_occurrence(slug: str, event_id: str, occurrence_id: str):
    """Undo the cancellation of one occurrence; it takes place again, and subscribers see it back."""
    found = services.find_occurrence(get_store(), slug, event_id, parse_occurrence_id(occurrence_id))
    services.restore_occurrence(get_store(), slug, event_id, found.recurrence_id, editor=current_user.username)
    title = event_named(slug, found.occurrence.event)
    said = sentence(gettext("Restored the occurrence of %(title)s on %(when)s."), title=title, when=_when(found))
    flash(said, "success")
    return redirect(url_for("pages.event", slug=slug, event_id=event_id, _anchor="occurrences"))
