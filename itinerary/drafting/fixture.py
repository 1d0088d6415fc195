"""A draft written as a fixture file that ``itinerary load`` accepts (see :mod:`itinerary.fixtures`)."""

from __future__ import annotations

import json

from itinerary.drafting.accept import DEFAULT_MINUTES, slug, spec_of, venue_fields, venue_texts
from itinerary.drafting.model import Draft


def _value(value) -> str:
    """A TOML value: JSON's string escapes are TOML's basic-string escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # a table's texts in another language: an inline table
        return "{ " + ", ".join(f"{key} = {_value(v)}" for key, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, int | float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _table(name: str, fields: dict) -> list[str]:
    return [f"[{name}]" if not name.startswith("[") else name] + [
        f"{key} = {_value(value)}" for key, value in fields.items() if value not in (None, "", (), [], {})
    ]


#: The draft itinerary's title and summary in the announcement's language (its own language: its events' titles
#: are in it).
HEADS = {
    "en": (
        "Draft programme from the announcement of {stamp}",
        "Proposed from an announcement published on {stamp}; not yet checked by an editor.",
    ),
    "ru": (
        "Проект программы по сообщению от {stamp}",
        "Составлен по сообщению, опубликованному {stamp}; редактор его ещё не проверил.",
    ),
    "zh": ("根据{stamp}公告拟定的日程草案", "根据{stamp}发布的公告拟定，尚未经编辑核对。"),
}


def to_toml(draft: Draft) -> str:
    """The draft as a fixture: a tentative itinerary whose events say which sentence each came from."""
    stamp = draft.published.isoformat()
    zone = next((p.timezone for p in draft.places), None) or next(
        (p.timezone for p in draft.proposals if p.timezone), "UTC"
    )
    lines = [
        f"# A draft programme read from an announcement published on {stamp} (itinerary draft).",
        "# Every value is a proposal: check each against the announcement before relying on it.",
        f"# Events with a start and no announced end are given {DEFAULT_MINUTES} minutes;",
        "# events without a clock time are for their whole days.",
        "",
        *_table(
            "itinerary",
            {
                "slug": f"draft-{stamp}",
                "title": HEADS.get(draft.lang, HEADS["en"])[0].format(stamp=stamp),
                "timezone": zone,
                "summary": HEADS.get(draft.lang, HEADS["en"])[1].format(stamp=stamp),
                # The events' titles are in the announcement's language: the itinerary's own.
                "language": draft.lang if draft.lang != "en" else None,
            },
        ),
    ]
    venues: dict[str, dict] = {}
    people: dict[str, str] = {}
    events = []
    for number, proposal in enumerate(draft.proposals, 1):
        keys = []
        for destination in (False, True):
            fields = venue_fields(proposal, draft.places, destination=destination)
            if fields is not None:
                texts = venue_texts(proposal, draft.places, draft.lang, destination=destination)
                venues.setdefault(fields["key"], {**fields, **texts})
            keys.append(fields["key"] if fields else None)
        if proposal.kind != "travel":
            keys[1] = None
        for key, name in zip(proposal.participant_keys, proposal.participants, strict=False):
            people.setdefault(key, name)
        spec = spec_of(proposal, keys[0], keys[1], tuple(proposal.participant_keys))
        event = {"uid": f"draft-{stamp}-{number:02d}", "title": spec.title, "kind": spec.kind}
        if spec.format != "none":
            event["format"] = spec.format
        event["status"] = spec.status
        if spec.all_day:
            event |= {"first": spec.first, "last": spec.last}
        else:
            event |= {"start": spec.start, "end": spec.end}
        event |= {
            "timezone": spec.timezone,
            "venue": spec.venue,
            "destination": spec.destination,
            "participants": list(spec.participants),
            "description": spec.description,
        }
        events.append(event)
    for fields in venues.values():
        lines += ["", *_table("[[venues]]", fields)]
    for key, name in people.items():
        lines += ["", *_table("[[participants]]", {"key": key, "name": name})]
    for event in events:
        lines += ["", *_table("[[events]]", event)]
    return "\n".join(lines) + "\n"


__all__ = ["slug", "to_toml"]
