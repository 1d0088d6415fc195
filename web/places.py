"""People and places, for editors: venues, participants and delegations (``/venues``, ``/participants``).

Each record can be created, edited (renamed), merged into a duplicate (every
event that used it then uses the survivor) and deleted while no event uses it;
a refused delete lists the events that still do (status 409), and a refused
form comes back with a message at each wrong field (status 400), nothing stored.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required

from itinerary import places
from itinerary.errors import InUse, InvalidInput
from web.app import get_store
from web.place_forms import DelegationForm, MergeForm, ParticipantForm, VenueForm

bp = Blueprint("places", __name__)


@bp.before_request
@login_required
def _editors_only():
    """Every route of this blueprint needs a signed-in editor."""


def _page(template: str, status: int | None = None, **context):
    """The page; a POST that got here was refused (400), unless ``status`` says otherwise."""
    return render_template(template, **context), status or (400 if request.method == "POST" else 200)


def _saved(form, save, *args):
    """Call ``save`` with the form's values; the saved record, or None with the domain's messages on the form."""
    values = form.values()
    if values is None:
        return None
    try:
        return save(get_store(), *args, editor=current_user.username, **values)
    except InvalidInput as error:
        form.show(error.errors)
        return None


def _done(message: str, endpoint: str, **values):
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


# Venues


@bp.get("/venues")
def venues():
    """Every venue, with how many events use it."""
    return render_template("venues.html", venues=places.venues(get_store()))


@bp.route("/venues/new", methods=["GET", "POST"])
def new_venue():
    """Add a venue; its zone may be suggested from its coordinates."""
    form = VenueForm()
    if form.validate_on_submit() and (saved := _saved(form, places.create_venue)):
        return _done(gettext("Added %(name)s.", name=saved.name), "places.venue", venue_key=saved.key)
    return _page("venue_form.html", 200 if form.suggestion else None, form=form, venue=None, uses=[])


@bp.route("/venues/<venue_key>", methods=["GET", "POST"])
def venue(venue_key: str):
    """A venue, the events that use it, and the form to change it (a rename changes every one of them)."""
    found, uses = places.venue(get_store(), venue_key)
    form = VenueForm.for_venue(found)
    if form.validate_on_submit() and (saved := _saved(form, places.update_venue, venue_key)):
        message = ngettext(
            "Saved %(name)s; the %(num)s event that uses it shows the change.",
            "Saved %(name)s; the %(num)s events that use it show the change.",
            len(uses),
            name=saved.name,
        )
        return _done(message, "places.venues")
    return _page("venue_form.html", 200 if form.suggestion else None, form=form, venue=found, uses=uses)


@bp.route("/venues/<venue_key>/merge", methods=["GET", "POST"])
def merge_venue(venue_key: str):
    """Merge a duplicate venue into another: its events use the other one, and it goes."""
    found, uses = places.venue(get_store(), venue_key)
    form = MergeForm().offer([entry.record for entry in places.venues(get_store())], venue_key)
    if form.validate_on_submit() and (kept := _merged(form, places.merge_venues, venue_key)):
        return _done(_merged_message(found, kept), "places.venue", venue_key=kept.key)
    return _page("place_merge.html", form=form, record=found, name=found.name, uses=uses, kind="venue")


@bp.route("/venues/<venue_key>/delete", methods=["GET", "POST"])
def delete_venue(venue_key: str):
    """Confirm, then delete a venue that no event uses; refused with the events that use it otherwise."""
    found, uses = places.venue(get_store(), venue_key)
    refusal = _deleted(places.delete_venue, venue_key) if request.method == "POST" else None
    if request.method == "POST" and refusal is None:
        return _done(gettext("Deleted %(name)s.", name=found.name), "places.venues")
    return _refused_delete(found, uses, refusal, "venue")


# Participants and delegations


@bp.get("/participants")
def participants():
    """Every participant by delegation, with how many events each attends; a form to rename each delegation."""
    return render_template("participants.html", delegations=places.delegations(get_store()), form=DelegationForm())


@bp.route("/participants/new", methods=["GET", "POST"])
def new_participant():
    """Add a participant."""
    form = ParticipantForm()
    if form.validate_on_submit() and (saved := _saved(form, places.create_participant)):
        return _done(gettext("Added %(name)s.", name=saved.name), "places.participant", participant_key=saved.key)
    return _page("participant_form.html", form=form, participant=None, uses=[])


@bp.route("/participants/<participant_key>", methods=["GET", "POST"])
def participant(participant_key: str):
    """A participant, the events they attend, and the form to change them."""
    found, uses = places.participant(get_store(), participant_key)
    form = ParticipantForm.for_participant(found)
    if form.validate_on_submit() and (saved := _saved(form, places.update_participant, participant_key)):
        message = ngettext(
            "Saved %(name)s; the %(num)s event they attend shows the change.",
            "Saved %(name)s; the %(num)s events they attend show the change.",
            len(uses),
            name=saved.name,
        )
        return _done(message, "places.participants")
    return _page("participant_form.html", form=form, participant=found, uses=uses)


@bp.route("/participants/<participant_key>/merge", methods=["GET", "POST"])
def merge_participant(participant_key: str):
    """Merge a duplicate participant into another: their events name the other one, and they go."""
    found, uses = places.participant(get_store(), participant_key)
    form = MergeForm().offer([m.record for d in places.delegations(get_store()) for m in d.members], participant_key)
    if form.validate_on_submit() and (kept := _merged(form, places.merge_participants, participant_key)):
        return _done(_merged_message(found, kept), "places.participant", participant_key=kept.key)
    return _page("place_merge.html", form=form, record=found, name=found.name, uses=uses, kind="participant")


@bp.route("/participants/<participant_key>/delete", methods=["GET", "POST"])
def delete_participant(participant_key: str):
    """Confirm, then delete a participant no event names; refused with the events that name them otherwise."""
    found, uses = places.participant(get_store(), participant_key)
    refusal = _deleted(places.delete_participant, participant_key) if request.method == "POST" else None
    if request.method == "POST" and refusal is None:
        return _done(gettext("Deleted %(name)s.", name=found.name), "places.participants")
    return _refused_delete(found, uses, refusal, "participant")


@bp.post("/participants/delegation")
def rename_delegation():
    """Give every member of a delegation its new name (an existing delegation's name joins the two)."""
    form = DelegationForm()
    if form.validate_on_submit() and (renamed := _renamed(form)) is not None:
        message = ngettext(
            "Renamed the delegation “%(old)s” to “%(new)s” (%(num)s person).",
            "Renamed the delegation “%(old)s” to “%(new)s” (%(num)s people).",
            renamed,
            old=form.old.data,
            new=form.new.data,
        )
        return _done(message, "places.participants")
    delegations = places.delegations(get_store())
    return _page("participants.html", delegations=delegations, form=form)


# Helpers of the views above


def _merged(form: MergeForm, merge, merged: str):
    try:
        return merge(get_store(), merged, form.survivor.data, editor=current_user.username)
    except InvalidInput as error:
        form.show(error.errors)
        return None


def _deleted(delete, key: str) -> InUse | None:
    """Delete; None when done, the refusal when events still use the record (its ``uses`` list them)."""
    try:
        delete(get_store(), key)
    except InUse as refusal:
        return refusal
    return None


def _refused_delete(record, uses, refusal: InUse | None, kind: str):
    """The confirmation (200), or the refusal with the events that use the record (409)."""
    status = 409 if refusal is not None else 200
    return render_template("place_delete.html", record=record, uses=uses, refusal=refusal, kind=kind), status


def _renamed(form: DelegationForm) -> int | None:
    old, new = form.old.data or "", form.new.data or ""
    try:
        return len(places.rename_delegation(get_store(), old, new, editor=current_user.username))
    except InvalidInput as error:
        form.new.errors = [error.errors.get("delegation", str(error))]
        return None


def _merged_message(found, kept) -> str:
    """The flash message of a merge."""
    return gettext("Merged %(name)s into %(kept)s.", name=found.name, kept=kept.name)
