"""Forms that edit every language of a thing's texts together: an itinerary's, an event's, a venue's, a person's.

The routes belong to the editing blueprint (editors only). The itinerary's own language is required for
an itinerary's and an event's texts (they are the thing's own fields); every other language is optional
and falls back to it. A venue's and a participant's own texts are edited in their own forms; here, their
text in each language.
"""

from __future__ import annotations

from babel import Locale
from flask import flash, redirect, render_template, request, url_for
from flask_babel import LazyString, get_locale, gettext, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired

from itinerary import texts
from itinerary.errors import InvalidInput
from itinerary.languages import FIELDS, LANGUAGES, event_key
from web.app import get_store
from web.editing import bp
from web.forms import CheckboxesField, ChoiceField, DomainErrors, options

LONG = {"summary", "description", "outcomes"}  # texts written in a text area (outcomes: a title per line)
LABELS = {
    "title": lazy_gettext("Title"),
    "summary": lazy_gettext("Summary"),
    "description": lazy_gettext("Description"),
    "name": lazy_gettext("Name"),
    "city": lazy_gettext("City"),
}
LABELS["role"] = lazy_gettext("Role")
# categories: names separated by commas
LABELS.update(categories=lazy_gettext("Categories"), delegation=lazy_gettext("Delegation"))
LABELS["outcomes"] = lazy_gettext("Outcomes")
LABELS["label"] = lazy_gettext("Public label")  # what a busy event is called (itinerary.audiences)


class TextsForm(DomainErrors, FlaskForm):
    """Fields ``<field>_<language>`` made per kind (:func:`texts_form`)."""

    kind = ""
    own: str | None = None

    def rows(self) -> list[tuple[str, str, list]]:
        """(field, its label, [(language, form field, whether it is the own one)]) for the template."""
        return [
            (name, LABELS[name], [(lang, self[f"{name}_{lang}"], lang == self.own) for lang in LANGUAGES])
            for name in FIELDS[self.kind]
        ]

    def texts(self, found: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        """The texts sent, by field and language (a venue's or participant's own text, under "", kept)."""
        sent = {name: {lang: self[f"{name}_{lang}"].data or "" for lang in LANGUAGES} for name in FIELDS[self.kind]}
        if self.own is None:
            for name, by_language in sent.items():
                by_language[""] = found[name][""]
        return sent

    def show_texts(self, errors: dict[str, str]) -> None:
        """Each message at its field: ``title.ru`` at ``title_ru``, an own field's at its own language."""
        self.show({(k.replace(".", "_") if "." in k else f"{k}_{self.own}"): v for k, v in errors.items()})


_FORMS: dict[tuple[str, str | None], type[TextsForm]] = {}


def language_name(code: str) -> str:
    """The language ``code`` named in the page's language, as Babel's locale data names it: "Russian",
    "русский", "俄语"."""
    return Locale.parse(code).get_display_name(str(get_locale() or "en"))


def _label(name: str, lang: str, own: str | None):
    """A text field's label: the field and its language (named in the page's language when shown), and whether
    that is the own one."""
    named = LazyString(language_name, lang)
    if lang == own:
        return lazy_gettext("%(field)s (%(language)s, own language)", field=LABELS[name], language=named)
    return lazy_gettext("%(field)s (%(language)s)", field=LABELS[name], language=named)


def texts_form(kind: str, own: str | None) -> type[TextsForm]:
    """The form class of a kind's texts with ``own`` the required language (None: none is)."""
    known = _FORMS.get((kind, own))
    if known is None:
        fields = {
            f"{name}_{lang}": (TextAreaField if name in LONG else StringField)(_label(name, lang, own))
            for name in FIELDS[kind]
            for lang in LANGUAGES
        }
        known = _FORMS[(kind, own)] = type(
            f"{kind.title()}TextsForm", (TextsForm,), {"kind": kind, "own": own, **fields}
        )
    return known


def edit_texts(kind: str, key: str, back: str, title: str):
    """Show the texts of the thing in every language; save them all on a valid POST and go ``back``."""
    store = get_store()
    found, own = texts.texts_of(store, kind, key)
    data = {f"{name}_{lang}": text for name, by_language in found.items() for lang, text in by_language.items() if lang}
    form = texts_form(kind, own)(data=data)
    if form.validate_on_submit():
        try:
            texts.save_texts(store, kind, key, form.texts(found), editor=current_user.username)
        except InvalidInput as error:
            form.show_texts(error.errors)
        else:
            flash(gettext("Saved the texts in every language."), "success")
            return redirect(back)
    status = 400 if request.method == "POST" else 200
    own_name = language_name(own) if own else None
    return render_template("translations.html", form=form, back=back, title=title, own=own_name), status


@bp.route("/itineraries/<slug>/translations", methods=["GET", "POST"])
def itinerary_translations(slug: str):
    """Every language of the itinerary's title and summary, edited together."""
    return edit_texts("itinerary", slug, url_for("pages.itinerary", slug=slug), gettext("Itinerary in every language"))


@bp.route("/itineraries/<slug>/events/<event_id>/translations", methods=["GET", "POST"])
def event_translations(slug: str, event_id: str):
    """Every language of the event's title and description, edited together."""
    back = url_for("pages.event", slug=slug, event_id=event_id)
    return edit_texts("event", event_key(slug, event_id), back, gettext("Event in every language"))


@bp.route("/venues/<venue>/translations", methods=["GET", "POST"])
def venue_translations(venue: str):
    """The venue's name and city in every language, edited together."""
    back = url_for("places.venue", venue_key=venue)  # the venue's page, where its texts show (walk 4, defect 16)
    return edit_texts("venue", venue, back, gettext("Venue in every language"))


@bp.route("/participants/<participant>/translations", methods=["GET", "POST"])
def participant_translations(participant: str):
    """The participant's name and role in every language, edited together."""
    back = url_for("places.participant", participant_key=participant)  # the participant's page (walk 4, defect 16)
    return edit_texts("participant", participant, back, gettext("Participant in every language"))


# The languages named in the editor's own language, as the draft form names them (web/draft_forms.py).
LANGUAGE_WORDS = {"en": lazy_gettext("English"), "ru": lazy_gettext("Russian"), "zh": lazy_gettext("Chinese")}


class LanguagesForm(DomainErrors, FlaskForm):
    """The itinerary's own language (required) and the other languages it offers."""

    language = ChoiceField(
        lazy_gettext("Own language"),
        choices=options((lang, LANGUAGE_WORDS[lang]) for lang in LANGUAGES),
        validators=[InputRequired(lazy_gettext("choose the itinerary's own language"))],
        description=lazy_gettext("The language its texts are written in; a text missing in another falls back to it."),
    )
    offered = CheckboxesField(
        lazy_gettext("Other languages offered"),
        choices=options((lang, LANGUAGE_WORDS[lang]) for lang in LANGUAGES),
        description=lazy_gettext("Readers of these languages are offered its pages and feeds in them."),
    )


def _save_languages(form: LanguagesForm, slug: str) -> bool:
    """Save the languages sent; False with each message at its field when a rule refuses them."""
    try:
        texts.set_languages(
            get_store(), slug, form.language.data, form.offered.data or [], editor=current_user.username
        )
    except InvalidInput as error:
        form.show(error.errors)
        return False
    flash(gettext("Saved the itinerary's languages."), "success")
    return True


@bp.route("/itineraries/<slug>/languages", methods=["GET", "POST"])
def itinerary_languages(slug: str):
    """The itinerary's own language and the other languages it offers; a new own language keeps every text."""
    own, *others = texts.offered_languages(get_store(), slug)
    form = LanguagesForm(data={"language": own, "offered": others})
    # The own language is offered by being the own: not one of the "other languages" (walk 5, finding 8).
    form.offered.choices = [choice for choice in form.offered.choices if choice.value != own]
    if form.validate_on_submit() and _save_languages(form, slug):
        return redirect(url_for("pages.itinerary", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("itinerary_languages.html", form=form, slug=slug, own=own), status
