"""Drafts from text: an editor pastes an announcement, reviews the proposed events and accepts some.

Reading stores nothing: the proposals come back as a form. Accepting stores the
ticked proposals, as the editor corrected them, in one transaction through the
usual services, so every rule and check of the event form applies; a refusal
shows the form again (400, or 409 when the programme's checks refuse) and
stores nothing.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext, ngettext, pgettext
from flask_login import current_user
from markupsafe import Markup, escape

from itinerary import drafting, services, texts
from itinerary.drafting import accept as drafts
from itinerary.drafting import gazetteer
from itinerary.errors import AlreadyExists, DraftRefused, InvalidInput
from web.app import get_store
from web.domain_words import say, sentence
from web.draft_forms import OWN_TITLE_ASKS, OWN_TITLE_LABELS, DraftTextForm, ReviewForm
from web.editing import bp  # the editors' blueprint: its routes need a signed-in editor
from web.forms import long_date
from web.i18n import language


@bp.route("/itineraries/draft", methods=["GET", "POST"])
def draft_from_text():
    """Read an announcement into proposals (nothing stored), or show the form to paste it."""
    form = DraftTextForm()
    if form.validate_on_submit():
        proposed = _proposed(form)
        if proposed is not None:
            review = ReviewForm.for_draft(proposed, _itineraries())
            return render_template(
                "draft_review.html", form=review, draft=proposed, places=visit_places(proposed.places)
            )
    return render_template("draft.html", form=form), 400 if request.method == "POST" else 200


def visit_places(places) -> Markup:
    """The visit's cities in the page's language, joined as the page lists names ("北京、天津、青岛"); a city the
    gazetteer knows no name of in it keeps its English one, marked as English."""
    lang, said = language(), []
    for place in places:
        name = place.name if lang == "en" else gazetteer.names(place).get(lang)
        said.append(escape(name) if name else Markup('<span lang="en">{}</span>').format(place.name))
    return escape(pgettext("between names", ", ")).join(said)


def _proposed(form: DraftTextForm):
    """The proposals read from the pasted text or the uploaded file, or None with the form's errors shown."""
    upload = form.file.data
    text = upload.read(drafting.MAX_TEXT_CHARS * 4 + 1) if upload else form.text.data
    try:
        return drafting.propose(text, form.published.data, form.lang.data or None)
    except DraftRefused as error:
        form.show({("file" if upload and name == "text" else name): message for name, message in error.errors.items()})
        return None


@bp.post("/itineraries/draft/accept")
def accept_draft():
    """Store the accepted proposals in a new or an existing itinerary; all or nothing."""
    form = ReviewForm()
    form.offer(_itineraries())
    if form.validate_on_submit():
        done, status = _accepted(form)
        if done is not None:
            flash(_added(done), "success")
            return redirect(url_for("pages.itinerary", slug=done.itinerary.slug))
    else:
        status = 400
    return render_template("draft_review.html", form=form, draft=None), status


def _accepted(form: ReviewForm):
    """(what was stored, None) or (None, the status of the refusal, shown on the form)."""
    chosen = [(n, entry.form) for n, entry in enumerate(form.proposals) if entry.form.accept.data]
    if _missing_own_titles(form, [entry for _, entry in chosen]) or _already_in(form, chosen):
        return None, 400
    try:
        done = drafts.accept(
            get_store(),
            [entry.proposal() for _, entry in chosen],
            editor=current_user.username,
            lang=form.language(),
            **form.target_values(),
        )
    except drafts.ProposalConflicts as conflict:
        chosen[conflict.index][1].show(
            {
                "title": sentence(
                    gettext("conflicts with the programme: %(conflict)s"),
                    conflict=Markup("; ").join(say(f.message) for f in conflict.findings),  # each escaped or said
                )
            }
        )
        return None, 409
    except drafts.ProposalRefused as refusal:
        chosen[refusal.index][1].show(refusal.errors)
    except (InvalidInput, AlreadyExists) as error:
        form.show(error.errors)
    else:
        return done, 200
    return None, 400


def _missing_own_titles(form: ReviewForm, chosen) -> bool:
    """Whether an accepted proposal lacks the title in the chosen existing itinerary's own language, where that
    is not the announcement's; each such one is shown at its field at once (the domain refuses the first)."""
    if form.target.data != "existing":
        return False
    into = next((i for i in _itineraries() if i.slug == form.existing.data), None)
    if into is None or into.language == form.language():
        return False
    missing = [entry for entry in chosen if not entry.own_title.data]
    for entry in missing:
        entry.own_title.label.text = OWN_TITLE_LABELS.get(into.language, entry.own_title.label.text)
        entry.show({"own_title": OWN_TITLE_ASKS.get(into.language, drafts.OWN_TITLE_MISSING)})
    return bool(missing)


def _already_in(form: ReviewForm, chosen) -> bool:
    """Whether accepted proposals are already in the chosen existing itinerary (same title and start: the same
    announcement accepted twice); each such one is shown unticked with a note, and ticked again it is added.

    Checked at accept time because the review page is shown before the editor chooses the itinerary."""
    into = form.existing.data if form.target.data == "existing" else None
    if not into or into not in {i.slug for i in _itineraries()}:
        return False
    fresh = [entry for _, entry in chosen if entry.again_into.data != into]
    try:
        found = drafts.already_in(get_store(), into, [entry.proposal() for entry in fresh], form.language())
    except (InvalidInput, TypeError, ValueError):
        return False  # a proposal the domain refuses: accepting says why
    own = next(i.language for i in _itineraries() if i.slug == into)
    for index, event in found.items():
        entry = fresh[index]
        entry.accept.data, entry.again_into.data = False, into
        title = (
            Markup('<span lang="{}">{}</span>').format(own, event.title)
            if own != get_locale().language
            else event.title
        )
        entry.accept.errors = [
            *entry.accept.errors,
            Markup(gettext("already in this itinerary: “%(title)s”, %(day)s; tick it again to add it anyway"))
            % {"title": title, "day": _day(event)},
        ]
    return bool(found)


def _day(event) -> str:
    """The event's (first) day, long, as the page's language writes it."""
    spec = event.spec()
    return long_date(spec.first if spec.all_day else spec.start.date())


def _itineraries():
    return services.list_itineraries(get_store(), include_restricted=True)


def _added(done) -> str:
    """The flash message of accepted proposals, naming the itinerary as its pages do: its title in the page's
    language, else its own in a ``lang`` span."""
    lang = language()
    localized = texts.itinerary_in(get_store(), done.itinerary.slug, lang)
    found = localized.languages.get("title", done.itinerary.language)
    title = escape(localized.value.title)
    if found != lang:
        title = Markup('<span lang="{}">{}</span>').format(found, title)
    said = ngettext(  # the title put in by sentence, as markup where it is marked
        "Added %(num)s event to %(title)s, as tentative.",
        "Added %(num)s events to %(title)s, as tentative.",
        len(done.events),
        title="%(title)s",
    )
    return sentence(said, title=title)
