"""People and places, for editors: venues, participants and delegations (``/venues``, ``/participants``).

Each record can be created, edited (renamed), merged into a duplicate (every
event that used it then uses the survivor) and deleted while no event uses it;
a refused delete lists the events that still do (status 409), and a refused
form comes back with a message at each wrong field (status 400), nothing stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
    return _merge(_VENUE, venue_key)


@bp.route("/venues/<venue_key>/delete", methods=["GET", "POST"])
def delete_venue(venue_key: str):
    """Confirm, then delete a venue that no event uses; refused with the events that use it otherwise."""
    return _delete(_VENUE, venue_key)


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
    return _merge(_PARTICIPANT, participant_key)


@bp.route("/participants/<participant_key>/delete", methods=["GET", "POST"])
def delete_participant(participant_key: str):
    """Confirm, then delete a participant no event names; refused with the events that name them otherwise."""
    return _delete(_PARTICIPANT, participant_key)


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


@dataclass(frozen=True)
class _Kind:
    """What the merge and delete pages of venues and of participants differ in."""

    name: str  # "venue": the templates' word, the record's endpoint and its key argument ("venue_key")
    find: Callable  # (store, key) -> (record, uses)
    merge: Callable
    delete: Callable
    choices: Callable  # (store) -> the records a duplicate can be merged into


_VENUE = _Kind(
    "venue",
    places.venue,
    places.merge_venues,
    places.delete_venue,
    lambda store: [entry.record for entry in places.venues(store)],
)
_PARTICIPANT = _Kind(
    "participant",
    places.participant,
    places.merge_participants,
    places.delete_participant,
    lambda store: [member.record for delegation in places.delegations(store) for member in delegation.members],
)


def _merge(kind: _Kind, key: str):
    """The merge page of one record: merged, the survivor's page; otherwise the form (400 when refused)."""
    found, uses = kind.find(get_store(), key)
    form = MergeForm().offer(kind.choices(get_store()), key)
    if form.validate_on_submit() and (kept := _merged(form, kind.merge, key)):
        return _done(_merged_message(found, kept), f"places.{kind.name}", **{f"{kind.name}_key": kept.key})
    return _page("place_merge.html", form=form, record=found, name=found.name, uses=uses, kind=kind.name)


def _delete(kind: _Kind, key: str):
    """The delete page of one record: deleted, the list; otherwise the confirmation or the refusal."""
    found, uses = kind.find(get_store(), key)
    refusal = _deleted(kind.delete, key) if request.method == "POST" else None
    if request.method == "POST" and refusal is None:
        return _done(gettext("Deleted %(name)s.", name=found.name), f"places.{kind.name}s")
    return _refused_delete(found, uses, refusal, kind.name)


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
