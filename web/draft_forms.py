"""Forms of drafts from text: the announcement to read, then the proposals to review and accept."""

from __future__ import annotations

import hashlib

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from itinerary.drafting import Draft, Proposal
from itinerary.drafting.accept import slug
from itinerary.drafting.fixture import HEADS
from itinerary.languages import LANGUAGES
from itinerary.model import Format, Kind
from web.forms import (
    FORMAT_WORDS,
    KIND_WORDS,
    ChoiceField,
    DomainErrors,
    LocalDateField,
    LocalTimeField,
    _strip,
    options,
)

# The domain's refusal of a proposal without it (itinerary.drafting.accept.OWN_TITLE_MISSING), for the catalogs.
OWN_TITLE_MISSING = lazy_gettext("give the title in the itinerary's own language")
# Once the existing itinerary is chosen, the title field and its refusal name its language (walk 6, N6).
OWN_TITLE_LABELS = {
    "en": lazy_gettext("Title in English"),
    "ru": lazy_gettext("Title in Russian"),
    "zh": lazy_gettext("Title in Chinese"),
}
OWN_TITLE_ASKS = {
    "en": lazy_gettext("give the title in English"),
    "ru": lazy_gettext("give the title in Russian"),
    "zh": lazy_gettext("give the title in Chinese"),
}

#: A review form holds at most this many proposals (a hostile form cannot ask for more work).
MAX_PROPOSALS = 200
LANGUAGE_CHOICES = (
    ("", lazy_gettext("Guess from the text")),
    ("en", lazy_gettext("English")),
    ("ru", lazy_gettext("Russian")),
    ("zh", lazy_gettext("Chinese")),
)


class DraftTextForm(DomainErrors, FlaskForm):
    """The announcement: pasted or uploaded, with the date it was published."""

    text = TextAreaField(
        lazy_gettext("Announcement"),
        filters=[_strip],
        description=lazy_gettext("Paste the text, or choose a .txt file below."),
    )
    file = FileField(
        lazy_gettext("Or a text file (.txt, UTF-8)"),
        [FileAllowed(["txt"], lazy_gettext("only .txt files can be read"))],
    )
    published = LocalDateField(
        lazy_gettext("Published on"),
        [DataRequired(lazy_gettext("give the date the announcement was published"))],
        description=lazy_gettext("Relative dates (“on Thursday”, “the next day”) are read from this date. YYYY-MM-DD."),
    )
    lang = ChoiceField(lazy_gettext("Language"), choices=options(LANGUAGE_CHOICES), default="")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not self.text.data and not self.file.data:
            self.text.errors = [gettext("paste the announcement, or choose a .txt file")]
            return False
        return ok


class ProposalForm(DomainErrors, Form):
    """One proposed event, as the editor corrects it."""

    field_map = {"first": "date"}  # noqa: RUF012 (read, never changed)

    accept = BooleanField(lazy_gettext("Accept this proposal"))
    title = StringField(lazy_gettext("Title"), filters=[_strip])
    own_title = StringField(
        lazy_gettext("Title in the itinerary's own language"),
        filters=[_strip],
        description=lazy_gettext(
            "Needed for an existing itinerary in another language than the announcement's; "
            "the title above is kept as its translation."
        ),
    )
    kind = ChoiceField(lazy_gettext("Kind"), choices=options((k.value, KIND_WORDS[k]) for k in Kind))
    format = ChoiceField(lazy_gettext("Format"), choices=options((f.value, FORMAT_WORDS[f]) for f in Format))
    date = LocalDateField(lazy_gettext("Date"), [DataRequired(lazy_gettext("give the date"))])
    last = LocalDateField(lazy_gettext("Last day"), description=lazy_gettext("For an event of several days."))
    start = LocalTimeField(lazy_gettext("Start"), description=lazy_gettext("Empty: the event takes the whole day."))
    end = LocalTimeField(lazy_gettext("End"), description=lazy_gettext("Empty: one hour after the start."))
    timezone = StringField(lazy_gettext("Time zone"), filters=[_strip])
    city = StringField(
        lazy_gettext("City"),
        filters=[_strip],
        description=lazy_gettext("As the announcement names it, or in English, as the gazetteer knows it."),
    )
    venue = StringField(lazy_gettext("Venue"), filters=[_strip])
    destination = StringField(lazy_gettext("Travelling to (city)"), filters=[_strip])
    participants = StringField(
        lazy_gettext("Participants"), filters=[_strip], description=lazy_gettext("Names, separated by commas.")
    )
    participant_keys = HiddenField()
    source = HiddenField()
    trigger = HiddenField()
    # The itinerary this proposal was found already in, once the editor was told: ticked again, it is added anyway.
    again_into = HiddenField()

    def proposal(self) -> Proposal:
        """The proposal as the editor left it."""
        names = [n.strip() for n in (self.participants.data or "").split(",") if n.strip()]
        # participant_keys holds the proposed "key=Name" pairs: names the editor keeps keep their keys.
        known = {
            name: key for key, _, name in (p.partition("=") for p in (self.participant_keys.data or "").split(",") if p)
        }
        # A name without Latin letters gets a key from its digest, so that two such names never share one.
        keys = tuple(
            known.get(name) or slug(name, "participant-" + hashlib.sha256(name.encode()).hexdigest()[:10])
            for name in names
        )
        return Proposal(
            title=self.title.data or "",
            own_title=self.own_title.data or "",
            kind=self.kind.data,
            format=self.format.data,
            date=self.date.data,
            last=self.last.data or self.date.data,
            start=self.start.data,
            end=self.end.data,
            timezone=self.timezone.data or None,
            city=self.city.data or None,
            venue=self.venue.data or None,
            destination=self.destination.data or None,
            participants=tuple(names),
            participant_keys=keys,
            source=self.source.data or "",
            trigger=self.trigger.data or "",
        )

    @staticmethod
    def values(proposal: Proposal, accepted: bool = True) -> dict:
        """The form's fields for a proposal."""
        return {
            "accept": accepted,
            "title": proposal.title,
            "own_title": proposal.own_title,
            "kind": proposal.kind,
            "format": proposal.format,
            "date": proposal.date,
            "last": proposal.last if proposal.last != proposal.date else None,
            "start": proposal.start,
            "end": proposal.end,
            "timezone": proposal.timezone or "",
            # The cities as the announcement names them ("Пекин"): the venues' texts in its language.
            "city": proposal.city_name or proposal.city or "",
            "venue": proposal.venue or "",
            "destination": proposal.destination_name or proposal.destination or "",
            "participants": ", ".join(proposal.participants),
            "participant_keys": ",".join(
                f"{k}={n}" for k, n in zip(proposal.participant_keys, proposal.participants, strict=False)
            ),
            "source": proposal.source,
            "trigger": proposal.trigger,
        }


class ReviewForm(DomainErrors, FlaskForm):
    """The proposals to review, and where the accepted ones go."""

    field_map = {"slug": "new_slug", "title": "new_title", "timezone": "new_timezone", "proposals": "-"}  # noqa: RUF012

    proposals = FieldList(FormField(ProposalForm), min_entries=0, max_entries=MAX_PROPOSALS)
    lang = HiddenField()  # the announcement's language: the new itinerary's own, and its cities' names
    target = RadioField(
        lazy_gettext("Add the accepted proposals to"),
        choices=options(
            [("new", lazy_gettext("A new itinerary")), ("existing", lazy_gettext("An existing itinerary"))]
        ),
        default="new",
    )
    existing = ChoiceField(lazy_gettext("Existing itinerary"), [Optional()], choices=[], validate_choice=False)
    new_slug = StringField(
        lazy_gettext("Slug of the new itinerary"),
        filters=[_strip],
        description=lazy_gettext("Lower-case letters, digits and hyphens."),
    )
    new_title = StringField(lazy_gettext("Title of the new itinerary"), filters=[_strip])
    new_timezone = StringField(
        lazy_gettext("Home time zone of the new itinerary"),
        filters=[_strip],
        description=lazy_gettext("An IANA name such as Asia/Shanghai."),
    )

    @classmethod
    def for_draft(cls, draft: Draft, itineraries) -> ReviewForm:
        """The review form of a fresh draft: every proposal ticked, a new itinerary suggested."""
        zone = next((p.timezone for p in draft.places), None) or "UTC"
        title, _ = HEADS.get(draft.lang, HEADS["en"])
        form = cls(
            formdata=None,
            data={
                "proposals": [ProposalForm.values(p) for p in draft.proposals],
                "lang": draft.lang,
                "new_slug": f"draft-{draft.published.isoformat()}",
                # In the announcement's language, the new itinerary's own (its events' titles are in it).
                "new_title": title.format(stamp=draft.published.isoformat()),
                "new_timezone": zone,
            },
        )
        form.offer(itineraries)
        return form

    def offer(self, itineraries) -> None:
        """The existing itineraries to choose from."""
        self.existing.choices = options((i.slug, i.title) for i in itineraries)

    def language(self) -> str:
        """The announcement's language, as the review form carries it (English when it carries none it knows)."""
        return self.lang.data if self.lang.data in LANGUAGES else "en"

    def target_values(self) -> dict:
        """``into`` or ``new`` for :func:`itinerary.drafting.accept.accept`."""
        if self.target.data == "existing":
            return {"into": self.existing.data or ""}
        return {
            "new": {
                "slug": self.new_slug.data or "",
                "title": self.new_title.data or "",
                "timezone": self.new_timezone.data or "",
            }
        }
