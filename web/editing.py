"""Forms through which signed-in editors create and change itineraries and events.

Every route needs a signed-in editor. A refused form is shown again with a
message at each wrong field and the editor's values kept (status 400); a
success redirects with a flash message (post/redirect/get).
"""

from __future__ import annotations

import re

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from itinerary import ical, services
from itinerary.errors import AlreadyExists, EditConflict, InvalidInput
from itinerary.model import Event
from web.app import get_store
from web.forms import ConfirmForm, EventForm, ImportForm, ItineraryForm

bp = Blueprint("editing", __name__)


@bp.before_request
@login_required
def _editors_only():
    """Every route of this blueprint needs a signed-in editor."""


def _refused(template: str, **context):
    """The form again, with status 400 after a refused POST."""
    return render_template(template, **context), 400 if request.method == "POST" else 200


def _field_errors(error: InvalidInput | AlreadyExists) -> dict[str, str]:
    if isinstance(error, InvalidInput):
        return error.errors
    name, _, message = str(error).partition(": ")
    return {name: message}


# Itineraries


@bp.route("/new-itinerary", methods=["GET", "POST"])
def new_itinerary():
    """Create an itinerary."""
    form = ItineraryForm()
    if form.validate_on_submit():
        try:
            itinerary = services.create_itinerary(get_store(), **form.values())
        except (InvalidInput, AlreadyExists) as error:
            form.show(_field_errors(error))
        else:
            flash(f"Created {itinerary.title}.", "success")
            return redirect(url_for("pages.itinerary", slug=itinerary.slug))
    return _refused("itinerary_form.html", form=form, itinerary=None)


@bp.route("/itineraries/<slug>/edit", methods=["GET", "POST"])
def edit_itinerary(slug: str):
    """Change an itinerary's title, summary, home zone or visibility."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = ItineraryForm.for_edit(itinerary)
    if form.validate_on_submit():
        try:
            itinerary = services.update_itinerary(get_store(), slug, **form.values())
        except InvalidInput as error:
            form.show(error.errors)
        else:
            flash(f"Saved {itinerary.title}.", "success")
            return redirect(url_for("pages.itinerary", slug=slug))
    return _refused("itinerary_form.html", form=form, itinerary=itinerary)


@bp.route("/itineraries/<slug>/import", methods=["GET", "POST"])
def import_events(slug: str):
    """Create or update the itinerary's events from an uploaded .ics file."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = ImportForm()
    if form.validate_on_submit():
        data = form.file.data.read(ical.MAX_IMPORT_BYTES + 1)
        try:
            report = ical.import_ics(get_store(), slug, data, uid_domain=current_app.config["UID_DOMAIN"])
        except InvalidInput as error:
            form.file.errors = [*error.errors.values()]
        else:
            flash(f"Imported {form.file.data.filename}: {report}.", "success")
            for note in report.notes:
                flash(note, "info")
            return redirect(url_for("pages.itinerary", slug=slug))
    return _refused("import.html", form=form, itinerary=itinerary)


@bp.post("/itineraries/<slug>/feed-token/rotate")
def rotate_token(slug: str):
    """Issue a new private feed address; the old one stops working."""
    services.rotate_feed_token(get_store(), slug)
    flash("A new private feed address was issued; the old one no longer works.", "success")
    return redirect(url_for("pages.itinerary", slug=slug, _anchor="private-feed"))


@bp.post("/itineraries/<slug>/feed-token/revoke")
def revoke_token(slug: str):
    """Withdraw the private feed address."""
    services.revoke_feed_token(get_store(), slug)
    flash("The private feed address was withdrawn.", "success")
    return redirect(url_for("pages.itinerary", slug=slug, _anchor="private-feed"))


# Events


def _event_form(slug: str, event: Event | None = None) -> EventForm:
    store = get_store()
    form = EventForm.for_event(event) if event else EventForm()
    others = [e for e in services.list_events(store, slug) if event is None or e.uid != event.uid]
    return form.fill_choices(services.list_venues(store), services.list_participants(store), others)


def _venue_key(name: str) -> str:
    """A venue key made from its name: ``Moscow Kremlin`` -> ``moscow-kremlin``."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:100] or "venue"


def _save_event(form: EventForm, slug: str, uid: str | None = None) -> Event:
    """Create (or update) the event, creating a new venue first in the same transaction when one was given."""
    store = get_store()
    key = _venue_key(form.new_venue_name.data or "")
    new_venue = form.new_venue(key)
    with store.transaction():
        if new_venue:
            if any(venue.key == key for venue in services.list_venues(store)):
                raise InvalidInput("new_venue_name", "a venue of this name exists already; pick it from the list")
            try:
                services.put_venue(store, **new_venue)
            except InvalidInput as error:
                raise InvalidInput({f"new_venue_{name}": text for name, text in error.errors.items()}) from None
        fields = form.event_fields(key if new_venue else None)
        if uid is None:
            return services.create_event(store, slug, editor=current_user.username, **fields)
        return services.update_event(
            store, slug, uid, editor=current_user.username, expected_sequence=form.read_sequence(), **fields
        )


@bp.route("/itineraries/<slug>/new-event", methods=["GET", "POST"])
def new_event(slug: str):
    """Add an event to the itinerary."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = _event_form(slug)
    if form.validate_on_submit():
        try:
            event = _save_event(form, slug)
        except InvalidInput as error:
            form.show(error.errors)
        else:
            flash(f"Added {event.title}.", "success")
            return redirect(url_for("pages.event", slug=slug, event_id=event.uid))
    return _refused("event_form.html", form=form, itinerary=itinerary, event=None)


@bp.route("/itineraries/<slug>/events/<event_id>/edit", methods=["GET", "POST"])
def edit_event(slug: str, event_id: str):
    """Change an event; its subscribers see the change."""
    itinerary = services.get_itinerary(get_store(), slug)
    event = services.get_event(get_store(), slug, event_id)
    form = _event_form(slug, event)
    if form.validate_on_submit():
        try:
            event = _save_event(form, slug, event_id)
        except InvalidInput as error:
            form.show(error.errors)
        except EditConflict as error:
            form.form_errors.append(str(error))
            return render_template("event_form.html", form=form, itinerary=itinerary, event=event), 409
        else:
            flash(f"Saved {event.title}.", "success")
            return redirect(url_for("pages.event", slug=slug, event_id=event.uid))
    return _refused("event_form.html", form=form, itinerary=itinerary, event=event)


@bp.route("/itineraries/<slug>/events/<event_id>/cancel", methods=["GET", "POST"])
def cancel_event(slug: str, event_id: str):
    """Confirm, then cancel: the event stays in the programme and in feeds, marked cancelled."""
    event = services.get_event(get_store(), slug, event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        event = services.cancel_event(get_store(), slug, event_id, editor=current_user.username)
        flash(f"Cancelled {event.title}; it stays in the programme, struck through.", "success")
        return redirect(url_for("pages.itinerary", slug=slug))
    return render_template("confirm.html", form=form, event=event, action="cancel")


@bp.route("/itineraries/<slug>/events/<event_id>/delete", methods=["GET", "POST"])
def delete_event(slug: str, event_id: str):
    """Confirm, then delete the event for good (subscribers are not told)."""
    event = services.get_event(get_store(), slug, event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_event(get_store(), slug, event_id, editor=current_user.username)
        flash(f"Deleted {event.title}.", "success")
        return redirect(url_for("pages.itinerary", slug=slug))
    return render_template("confirm.html", form=form, event=event, action="delete")
