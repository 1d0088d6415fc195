"""Forms of the people-and-places pages: a venue, a participant, a merge, a delegation's new name."""

from __future__ import annotations

from flask_babel import gettext, lazy_gettext
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import Length

from itinerary import places
from itinerary.model import MAX_NAME, Participant, Venue
from web.forms import ChoiceField, DomainErrors, _strip, degrees, not_degrees, options


class VenueForm(DomainErrors, FlaskForm):
    """A venue's name, city, country, coordinates and zone; the zone may be left for the form to suggest."""

    name = StringField(lazy_gettext("Name"), filters=[_strip])
    city = StringField(lazy_gettext("City"), filters=[_strip])
    country = StringField(lazy_gettext("Country"), filters=[_strip])
    latitude = StringField(
        lazy_gettext("Latitude"), filters=[_strip], description=lazy_gettext("-90 to 90, e.g. 52.2978")
    )
    longitude = StringField(
        lazy_gettext("Longitude"), filters=[_strip], description=lazy_gettext("-180 to 180, e.g. 104.2964")
    )
    timezone = StringField(
        lazy_gettext("Time zone"),
        filters=[_strip],
        description=lazy_gettext(
            "An IANA name such as Asia/Irkutsk; leave it empty to have it suggested from the coordinates."
        ),
    )
    submit = SubmitField(lazy_gettext("Save venue"))

    #: The suggestion shown back, when the zone was left empty: nothing is stored until it is saved again.
    suggestion: places.ZoneSuggestion | None = None

    @classmethod
    def for_venue(cls, venue: Venue) -> VenueForm:
        """The form filled with the venue as stored (what was posted wins)."""
        names = ("name", "city", "country", "timezone", "latitude", "longitude")
        return cls(data={name: str(getattr(venue, name)) for name in names})

    def values(self) -> dict | None:
        """The venue's plain values; None when the zone was left empty and is suggested instead (the form shows it)."""
        numbers = {}
        for name, example, needed in (
            ("latitude", 52.2978, gettext("enter the latitude")),
            ("longitude", 104.2964, gettext("enter the longitude")),
        ):
            number = degrees(self[name].data)
            if number is not None:
                numbers[name] = number
            else:
                self[name].errors = [not_degrees(self[name].data, example) if self[name].data else needed]
        if len(numbers) < 2:
            return None
        if not self.timezone.data:
            self.suggestion = places.suggest_zone(numbers["latitude"], numbers["longitude"])
            if self.suggestion is None:
                self.timezone.errors = [
                    gettext("no city is near these coordinates to suggest a zone from; write the zone")
                ]
                return None
            self.timezone.data = self.suggestion.timezone
            return None
        fields = {n: self[n].data or "" for n in ("name", "city", "country", "timezone")}
        return {**fields, **numbers}


class ParticipantForm(DomainErrors, FlaskForm):
    """A participant's name, role and delegation."""

    name = StringField(lazy_gettext("Name"), filters=[_strip])
    role = StringField(
        lazy_gettext("Role"),
        [Length(max=MAX_NAME)],
        filters=[_strip],
        description=lazy_gettext("e.g. Foreign Minister; may be empty."),
    )
    delegation = StringField(
        lazy_gettext("Delegation"),
        [Length(max=MAX_NAME)],
        filters=[_strip],
        description=lazy_gettext("e.g. Russia; may be empty."),
    )
    submit = SubmitField(lazy_gettext("Save participant"))

    @classmethod
    def for_participant(cls, participant: Participant) -> ParticipantForm:
        """The form filled with the participant as stored (what was posted wins)."""
        return cls(data={"name": participant.name, "role": participant.role, "delegation": participant.delegation})

    def values(self) -> dict:
        """The participant's plain values."""
        return {n: self[n].data or "" for n in ("name", "role", "delegation")}


class MergeForm(DomainErrors, FlaskForm):
    """Which record survives a merge."""

    survivor = ChoiceField(lazy_gettext("Merge into"), default="")
    submit = SubmitField(lazy_gettext("Merge"))

    def offer(self, records: list, merged: str) -> MergeForm:
        """Offer every other record as the survivor."""
        others = [(r.key, r.place if isinstance(r, Venue) else str(r)) for r in records if r.key != merged]
        self.survivor.choices = options([("", gettext("Choose the one to keep")), *others])
        return self


class DelegationForm(DomainErrors, FlaskForm):
    """A delegation's new name; an existing delegation's name joins the two."""

    old = HiddenField()
    new = StringField(lazy_gettext("New name"), [Length(max=MAX_NAME)], filters=[_strip])
    submit = SubmitField(lazy_gettext("Rename delegation"))
