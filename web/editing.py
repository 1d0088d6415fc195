"""Forms through which signed-in editors create and change itineraries and events.

Every route needs a signed-in editor. A refused form is shown again with a
message at each wrong field and the editor's values kept (status 400); a
success redirects with a flash message (post/redirect/get).

Saving an event (or moving one occurrence) runs the programme's checks on the
would-be state in the same transaction. Checks warn; editors decide. A new
error about the saved event (a session outside its summit) refuses the save
with status 409 Conflict and stores nothing. New warnings (a participant in two
places at once, a move between cities that cannot be made in time, a missing
travel leg) stop an event's save the same way until the editor presses "Save
anyway" with a short reason, which the change log keeps; the form comes back
with the editor's values and the findings. Warnings that were there before do
not ask again, and a moved occurrence is saved with its warnings flashed.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from markupsafe import Markup

from itinerary import checks, ical, imports, own_audiences, places, releases, services, zones
from itinerary.errors import AlreadyExists, EditConflict, InvalidInput, Named, ScheduleConflict, ScheduleWarnings
from itinerary.model import Event, Itinerary
from itinerary.occurrences import SeriesOccurrence
from web import i18n, pending_imports
from web.app import get_store
from web.domain_words import findings_said, problem_words, report_words, said, say, sentence
from web.forms import (
    ConfirmForm,
    EventForm,
    ImportAcceptedForm,
    ImportForm,
    ItineraryForm,
    MoveOccurrenceForm,
    PublishForm,
    new_venue_key,
    with_own_audiences,
)
from web.pages import severity_word
from web.params import parse_occurrence_id
from web.place_words import event_form_in_language, named_words, parents_in_language

bp = Blueprint("editing", __name__)
bp.add_app_template_filter(problem_words)  # an import's refused events in the page's language


@bp.before_request
@login_required
def _editors_only():
    """Every route of this blueprint needs a signed-in editor."""


def _refused(template: str, **context):
    """The form again, with status 400 after a refused POST (200 when it only shows back what it understood)."""
    checking = getattr(context.get("form"), "understood", ())
    return render_template(template, **context), 400 if request.method == "POST" and not checking else 200


def _field_errors(error: InvalidInput | AlreadyExists) -> dict[str, str]:
    return error.errors


# Itineraries


@bp.route("/new-itinerary", methods=["GET", "POST"])
def new_itinerary():
    """Create an itinerary."""
    form = ItineraryForm()
    if form.validate_on_submit():
        try:
            itinerary = services.create_itinerary(get_store(), **form.values())
            releases.set_publish_on_save(get_store(), itinerary.slug, form.publish_on_save.data)
        except (InvalidInput, AlreadyExists) as error:
            form.show(_field_errors(error))
        else:
            flash(gettext("Created %(title)s.", title=itinerary.title), "success")
            return redirect(url_for("pages.itinerary", slug=itinerary.slug))
    return _refused("itinerary_form.html", form=form, itinerary=None)


@bp.route("/itineraries/<slug>/edit", methods=["GET", "POST"])
def edit_itinerary(slug: str):
    """Change an itinerary's title, summary, home zone or visibility."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = ItineraryForm.for_edit(itinerary, publish_on_save=releases.publishes_on_save(get_store(), slug))
    if form.validate_on_submit():
        try:
            itinerary = services.update_itinerary(get_store(), slug, **form.values())
            releases.set_publish_on_save(get_store(), slug, form.publish_on_save.data, editor=current_user.username)
        except InvalidInput as error:
            form.show(error.errors)
        else:
            flash(gettext("Saved %(title)s.", title=itinerary.title), "success")
            return redirect(url_for("pages.itinerary", slug=slug))
    return _refused("itinerary_form.html", form=form, itinerary=itinerary)


@bp.route("/itineraries/<slug>/import", methods=["GET", "POST"])
def import_events(slug: str):
    """Create or update the itinerary's events from an uploaded .ics file; show every problem at once."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = ImportForm()
    if form.validate_on_submit() and (response := _submit_import(form, itinerary)):
        return response
    return _refused("import.html", form=form, itinerary=itinerary, refusal=None, accepted_form=None)


def _submit_import(form: ImportForm, itinerary: Itinerary):
    """Import the valid form's file: a redirect, the form with the file's problems, or None to show it again."""
    slug = itinerary.slug
    data = form.file.data.read(ical.MAX_IMPORT_BYTES + 1)
    try:
        report = _import(slug, data)
    except imports.ImportRefused as error:
        count = len(error.problems)
        form.file.errors = [
            ngettext("%(num)s problem found; nothing was stored", "%(num)s problems found; nothing was stored", count)
        ]
        accepted_form = ImportAcceptedForm(digest=pending_imports.keep(_pending_folder(), slug, data))
        return _refused("import.html", form=form, itinerary=itinerary, refusal=error, accepted_form=accepted_form)
    except InvalidInput as error:
        form.file.errors = [*said(error.errors).values()]
        return None
    return _imported(slug, form.file.data.filename, report)


@bp.post("/itineraries/<slug>/import/accepted")
def import_accepted(slug: str):
    """The second, explicit step: import only the accepted events of the file just refused."""
    services.get_itinerary(get_store(), slug)
    form = ImportAcceptedForm()
    data = pending_imports.take(_pending_folder(), slug, form.digest.data) if form.validate_on_submit() else None
    if data is None:
        flash(gettext("That upload is no longer kept; choose the file again."), "error")
        return redirect(url_for("editing.import_events", slug=slug))
    return _imported(slug, gettext("the accepted events"), _import(slug, data, accepted_only=True))


def _import(slug: str, data: bytes, *, accepted_only: bool = False) -> imports.ImportReport:
    """Import the file's events, the change log naming the editor who uploaded it."""
    uid_domain = current_app.config["UID_DOMAIN"]
    return imports.import_ics(
        get_store(), slug, data, uid_domain=uid_domain, accepted_only=accepted_only, editor=current_user.username
    )


def _pending_folder() -> str:
    """Where refused uploads wait for the second step: ``PENDING_IMPORTS_PATH``, else the instance folder's."""
    return current_app.config.get("PENDING_IMPORTS_PATH") or os.path.join(current_app.instance_path, "pending-imports")


def _imported(slug: str, what: str, report: imports.ImportReport):
    flash(gettext("Imported %(what)s: %(report)s.", what=what, report=report_words(report)), "success")
    for problem in report.problems:
        flash(gettext("Not imported: %(problem)s", problem=problem_words(problem)), "error")
    for note in report.notes:
        flash(say(note), "info")
    return redirect(url_for("pages.itinerary", slug=slug))


@bp.route("/itineraries/<slug>/feed-token/rotate", methods=["GET", "POST"])
def rotate_token(slug: str):
    """Ask, then issue a new private feed address; an old one, if there was one, stops working."""
    itinerary = services.get_itinerary(get_store(), slug)
    had = services.feed_token(get_store(), slug) is not None
    form = ConfirmForm()
    if form.validate_on_submit():
        services.rotate_feed_token(get_store(), slug)
        flash(_issued(had), "success")
        return redirect(url_for("pages.itinerary", slug=slug, _anchor="private-feed"))
    return render_template("confirm_action.html", form=form, itinerary=itinerary, action="rotate", had=had)


def _issued(had: bool) -> str:
    """What issuing a private address did: only a replaced address stops working (there may have been none)."""
    if had:
        return gettext("A new private feed address was issued; the old one no longer works.")
    return gettext("A private feed address was issued.")


@bp.post("/itineraries/<slug>/feed-token/revoke")
def revoke_token(slug: str):
    """Withdraw the private feed address."""
    services.revoke_feed_token(get_store(), slug)
    flash(gettext("The private feed address was withdrawn."), "success")
    return redirect(url_for("pages.itinerary", slug=slug, _anchor="private-feed"))


# Events


def _event_form(slug: str, event: Event | None = None) -> EventForm:
    store = get_store()
    form_class = with_own_audiences(EventForm, own_audiences.listed(store, slug))
    form = form_class.for_event(event) if event else form_class()
    others = [e for e in services.list_events(store, slug) if event is None or e.uid != event.uid]
    itinerary = services.get_itinerary(store, slug)
    today = store.now().astimezone(ZoneInfo(itinerary.timezone)).date()
    venues, participants = services.list_venues(store), services.list_participants(store)
    form = form.fill_choices(venues, participants, others, itinerary=itinerary, today=today, stored=event)
    form = event_form_in_language(form, venues, participants, itinerary.language)  # names in the page's language
    return parents_in_language(form, slug, others, itinerary.language)


def _flash_findings(findings: list[checks.Finding]) -> None:
    for finding in findings:
        # Markup where the finding names people, events and places (a fallback in a lang span: domain_words.say)
        words = {"severity": severity_word(finding), "message": say(finding.message)}
        flash(sentence(gettext("%(severity)s: %(message)s"), **words), "warning")


def _conflict(template: str, error: ScheduleConflict, slug: str, **context):
    """The form again with the errors that refused it, status 409."""
    titles = {e.uid: e.title for e in services.list_events(get_store(), slug)}
    return render_template(template, conflicts=findings_said(error.findings), titles=titles, **context), 409


def _save_event(form: EventForm, slug: str, uid: str | None = None) -> tuple[Event, list[checks.Finding]]:
    """Create (or update) the event, with the new venue the form names, in one service call (one transaction)."""
    key = new_venue_key(form.new_venue_name.data)  # None without a new venue's name, as new_venue below
    new_venue = form.new_venue(key)
    to_key = new_venue_key(form.new_destination_name.data)
    new_destination = form.new_venue(to_key, "new_destination")  # a travel leg's new destination (places.py)
    return places.save_event(
        get_store(),
        slug,
        form.event_fields(key, to_key),
        new_destination=new_destination,
        uid=uid,
        new_venue=new_venue,
        editor=current_user.username,
        expected_sequence=form.read_sequence() if uid is not None else None,
        reason=(form.reason.data or "") if form.save_anyway.data else "",
    )


def _submit_event(form: EventForm, itinerary: Itinerary, event: Event | None):
    """Save the valid form: a redirect, the form with the conflict that refused it, or None to show it again."""
    slug = itinerary.slug
    try:
        saved, findings = _save_event(form, slug, event.uid if event else None)
    except InvalidInput as error:
        form.show(error.errors)
        form.ask(error)
        return None
    except EditConflict as error:
        form.form_errors.append(say(error.args[0] if error.args else error))
        return render_template("event_form.html", form=form, itinerary=itinerary, event=event), 409
    except ScheduleWarnings as error:
        if form.save_anyway.data:  # pressed without a reason
            form.reason.errors = [gettext("say in a few words why it should be saved anyway")]
        titles = {e.uid: e.title for e in services.list_events(get_store(), slug)}
        context = {"form": form, "itinerary": itinerary, "event": event, "titles": titles}
        return render_template("event_form.html", warnings=findings_said(error.findings), **context), 409
    except ScheduleConflict as error:
        return _conflict("event_form.html", error, slug, form=form, itinerary=itinerary, event=event)
    flash(
        sentence(gettext("Saved %(title)s."), title=event_named(slug, saved))
        if event
        else sentence(gettext("Added %(title)s."), title=event_named(slug, saved)),
        "success",
    )
    _flash_findings(findings)
    if event is None and request.form.get("add_another"):  # "Save and add another": an empty form again
        return redirect(url_for("editing.new_event", slug=slug))
    return redirect(url_for("pages.event", slug=slug, event_id=saved.uid))


@bp.route("/itineraries/<slug>/new-event", methods=["GET", "POST"])
def new_event(slug: str):
    """Add an event to the itinerary."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = _event_form(slug)
    if form.validate_on_submit() and (response := _submit_event(form, itinerary, None)):
        return response
    return _refused("event_form.html", form=form, itinerary=itinerary, event=None)


@bp.route("/itineraries/<slug>/events/<event_id>/edit", methods=["GET", "POST"])
def edit_event(slug: str, event_id: str):
    """Change an event; its subscribers see the change."""
    itinerary = services.get_itinerary(get_store(), slug)
    event = services.get_event(get_store(), slug, event_id)
    form = _event_form(slug, event)
    if form.validate_on_submit() and (response := _submit_event(form, itinerary, event)):
        return response
    return _refused("event_form.html", form=form, itinerary=itinerary, event=event)


@bp.route("/itineraries/<slug>/events/<event_id>/cancel", methods=["GET", "POST"])
def cancel_event(slug: str, event_id: str):
    """Confirm, then cancel: the event stays in the programme and in feeds, marked cancelled."""
    event = services.get_event(get_store(), slug, event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        event = services.cancel_event(get_store(), slug, event_id, editor=current_user.username)
        said = sentence(
            gettext("Cancelled %(title)s; it stays in the programme, struck through."), title=event_named(slug, event)
        )
        flash(said, "success")
        return redirect(url_for("pages.itinerary", slug=slug))
    itinerary = services.get_itinerary(get_store(), slug)  # its language: the title in the page's
    return render_template("confirm.html", form=form, event=event, action="cancel", itinerary=itinerary)


@bp.route("/itineraries/<slug>/events/<event_id>/delete", methods=["GET", "POST"])
def delete_event(slug: str, event_id: str):
    """Confirm, then delete the event for good (subscribers are not told)."""
    event = services.get_event(get_store(), slug, event_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        title = event_named(slug, event)  # before its texts go with it
        services.delete_event(get_store(), slug, event_id, editor=current_user.username)
        flash(sentence(gettext("Deleted %(title)s."), title=title), "success")
        return redirect(url_for("pages.itinerary", slug=slug))
    itinerary = services.get_itinerary(get_store(), slug)  # its language: the title in the page's
    return render_template("confirm.html", form=form, event=event, action="delete", itinerary=itinerary)


# Occurrences of a recurring event


@bp.route("/itineraries/<slug>/events/<event_id>/occurrences/<occurrence_id>/cancel", methods=["GET", "POST"])
def cancel_occurrence(slug: str, event_id: str, occurrence_id: str):
    """Ask, then cancel one occurrence; it stays in the programme and in feeds, struck through."""
    found = services.find_occurrence(get_store(), slug, event_id, parse_occurrence_id(occurrence_id))
    form = ConfirmForm()
    if form.validate_on_submit():
        services.cancel_occurrence(get_store(), slug, event_id, found.recurrence_id, editor=current_user.username)
        title = event_named(slug, found.occurrence.event)
        said = sentence(gettext("Cancelled the occurrence of %(title)s on %(when)s."), title=title, when=_when(found))
        flash(said, "success")
        return redirect(url_for("pages.event", slug=slug, event_id=event_id, _anchor="occurrences"))
    itinerary = services.get_itinerary(get_store(), slug)
    context = {"found": found, "when": _when(found), "itinerary": itinerary}
    return render_template("confirm_action.html", form=form, action="cancel-occurrence", **context)


@bp.route("/itineraries/<slug>/events/<event_id>/occurrences/<occurrence_id>/move", methods=["GET", "POST"])
def move_occurrence(slug: str, event_id: str, occurrence_id: str):
    """Give one occurrence a new start and end; the rest of the series stays."""
    store = get_store()
    found = services.find_occurrence(store, slug, event_id, parse_occurrence_id(occurrence_id))
    itinerary = services.get_itinerary(store, slug)
    form = MoveOccurrenceForm.for_timing(found.occurrence.timing) if not found.occurrence.event.all_day else None
    form = form or MoveOccurrenceForm()
    context = {"form": form, "itinerary": itinerary, "found": found, "when": _when(found)}
    if form.validate_on_submit() and (response := _submit_move(form, slug, event_id, found, context)):
        return response
    return _refused("occurrence_form.html", **context)


def _submit_move(form: MoveOccurrenceForm, slug: str, event_id: str, found: SeriesOccurrence, context: dict):
    """Move the occurrence as the valid form says: a redirect, the form with a conflict, or None to show it again."""
    start, end = form.times()
    timing = found.occurrence.timing
    if (start, end) == (timing.start.replace(tzinfo=None), timing.end.replace(tzinfo=None)):
        # The form as it came, sent back: say so rather than claim a move (walk 5, finding 21); nothing is saved.
        flash(gettext("Nothing changed: the occurrence is still at %(when)s.", when=_said_at(timing.start)), "info")
        return redirect(url_for("pages.event", slug=slug, event_id=event_id, _anchor="occurrences"))
    try:
        event, findings = services.move_occurrence(
            get_store(),
            slug,
            event_id,
            found.recurrence_id,
            start=start,
            end=end,
            editor=current_user.username,
            **form.folds(),
        )
    except InvalidInput as error:
        form.show(error.errors)
        form.ask(error)
        return None
    except ScheduleConflict as error:
        return _conflict("occurrence_form.html", error, slug, **context)
    flash(
        sentence(
            gettext("Moved the occurrence of %(title)s that was on %(when)s."),
            title=event_named(slug, event),
            when=_when(found),
        ),
        "success",
    )
    _flash_findings(findings)
    return redirect(url_for("pages.event", slug=slug, event_id=event_id, _anchor="occurrences"))


def _when(found: SeriesOccurrence) -> str:
    """The occurrence's original start as a reader names it: ``8 June 2018, 10:00``."""
    return _said_at(found.recurrence_id)


def _said_at(value: date | datetime) -> str:
    """A day, or a day and wall-clock time, as a reader names it: ``8 June 2018, 10:00``."""
    lang = i18n.language()  # Babel's own format_date: Flask-Babel's would move the day to UTC first
    day = f"{value.day} {value:%B %Y}" if lang == "en" else format_date(value, "long", locale=lang)
    if isinstance(value, datetime):  # the catalog's joiner: zh writes no comma ("2018年6月9日 02:00")
        return gettext("%(day)s, %(time)s", day=day, time=f"{value:%H:%M}")
    return day


# Versions


@bp.route("/itineraries/<slug>/publish", methods=["GET", "POST"])
def publish_version(slug: str):
    """The draft's unpublished changes against the latest release, and publishing them in one step."""
    itinerary = services.get_itinerary(get_store(), slug)
    form = PublishForm()
    if form.validate_on_submit() and (response := _submit_publish(form, itinerary)):
        return response
    page = {"changes": releases.changes(get_store(), slug), "versions": releases.releases(get_store(), slug)}
    return _refused("publish.html", form=form, itinerary=i18n.shown_itinerary(itinerary), **page)


def _submit_publish(form: PublishForm, itinerary: Itinerary):
    """Publish as the valid form says: a redirect, or None to show the form again."""
    slug = itinerary.slug
    try:
        version = releases.publish(get_store(), slug, editor=current_user.username, note=form.note.data)
    except InvalidInput as error:
        form.show(error.errors)
        return None
    local = version.at.astimezone(ZoneInfo(itinerary.timezone))
    lang = i18n.language()  # the day in the itinerary's zone (Flask-Babel's format_date would move it to UTC)
    zone = zones.label_inside(itinerary.timezone, local, lang)  # inside the sentence's brackets: no pair in a pair
    day = f"{local.day} {local:%B %Y}" if lang == "en" else format_date(local, "long", locale=lang)
    flash(
        gettext(
            "Published release %(number)s (%(day)s, %(time)s %(zone)s): readers and feeds see it now.",
            number=version.number,
            day=day,
            time=f"{local:%H:%M}",
            zone=zone,
        ),
        "success",
    )
    return redirect(url_for("pages.itinerary", slug=slug, _anchor="versions"))


def _renamed(page: str, slug: str, rename, name_of):
    """Back to the editors' ``page`` after ``rename()``: flashing the refusal (naming the field) or the new name."""
    try:
        found = rename()
    except (InvalidInput, AlreadyExists) as error:
        flash(gettext("Not renamed: %(problem)s", problem=" ".join(_field_errors(error).values())), "error")
    else:
        flash(gettext("Renamed to %(name)s.", name=name_of(found)), "success")
    return redirect(url_for(page, slug=slug))


def _submitted(form, act):
    """``act()``'s result for a valid POST of ``form``; None when it is not posted, not valid, or refused by the
    domain (the refusal then shows on the form's fields)."""
    if not form.validate_on_submit():
        return None
    try:
        return act()
    except (InvalidInput, AlreadyExists) as error:
        form.show(_field_errors(error))
        return None


def event_named(slug: str, event: Event) -> Markup:
    """The event's title in the page's language where it has one (as its page shows it), else its own in a ``lang``
    span: for the sentences flashed after a save, a cancellation, a deletion or a restoration."""
    return named_words(Named("event", event.uid, event.title, slug))
