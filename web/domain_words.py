"""The domain's messages and words in the page's language.

``itinerary/`` knows nothing of languages: its errors say what is wrong in English, some as a plain
sentence ("must not be before the start"), some as a :class:`~itinerary.errors.Message` that keeps
its template ("must be at most %(most)s characters") and values. Here each is looked up in the
catalogs, the template first, and its values put back in; a message the catalogs do not hold stays
English. The templates are listed below, once each, so that ``pybabel extract`` finds them
(tests/web/test_languages.py checks that every domain template is listed).
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from babel import Locale
from babel.dates import format_date, format_interval, get_datetime_format
from flask_babel import get_locale, get_translations, gettext, lazy_gettext, ngettext, pgettext
from markupsafe import Markup, escape

from itinerary import errors
from itinerary.model import is_repeated


def say(message: object) -> str:
    """A domain message (or field word) in the page's language; its values said too where they are messages.

    A message that names things (:class:`~itinerary.errors.Named`: participants, events, venues, cities) is
    said as :class:`~markupsafe.Markup`, each name in the page's language as the pages say it, a fallback in a
    ``lang`` span, everything else escaped."""
    if isinstance(message, Markup):  # said already (findings_said, then the template's filter)
        return message
    template = getattr(message, "template", None)
    if template is None:
        return gettext(str(message)) if message else ""
    if _names_in(message):
        return _said_with_names(message)
    params = {name: _value_said(value) for name, value in message.params.items()}
    if message.plural is not None:
        num = params.pop("num")
        return ngettext(template, message.plural, num, **params)
    return gettext(template, **params)


def _value_said(value: object) -> object:
    """A message's value in the page's language: a message said, a typed value quoted, choices listed, a day or a
    time written as the pages write them; any other value as it is."""
    if isinstance(value, errors.Message):
        return say(value)
    if isinstance(value, errors.Typed):
        return quoted(value)
    if isinstance(value, errors.Choices):
        return listed(value.items)
    if isinstance(value, errors.LanguageName):
        return language_said(value.code)
    return _time_said(value)


def quoted(text: str) -> str:
    """A value someone typed, quoted as the page's language quotes it: ``'2018-13-45'`` in English (as the domain
    says it), ``«2018-13-45»``, ``“2018-13-45”``."""
    return pgettext("a typed value", "'%(text)s'", text=str.__str__(text))


def language_said(code: str) -> str:
    """A language named in the page's language, as Babel's locale data names it: "Russian", "русский", "俄语"."""
    return Locale.parse(code).get_display_name(str(get_locale() or "en"))


def listed(items) -> str:
    """Values to choose from, listed as the page's language lists names: ``a, b, c``, ``a、b、c``; as markup where
    an item is a text in a language of its own (:class:`~itinerary.errors.InLanguage`), marked unless the page's."""
    if any(isinstance(item, errors.InLanguage) for item in items):
        return escape(pgettext("between names", ", ")).join(_in_own_language(item) for item in items)
    return pgettext("between names", ", ").join(str(item) for item in items)


def _in_own_language(item) -> Markup:
    from web.i18n import language  # as _said_with_names: kept out of this module's import time

    if isinstance(item, errors.InLanguage) and item.lang != language():
        return Markup('<span lang="{}">{}</span>').format(item.lang, item.text)
    return escape(str(item))


def sentence(said: str, **params) -> str:
    """A sentence ``said`` (``gettext("…")`` of a template) with its values put in, as ``gettext(template, **params)``
    puts them; as markup, its other values escaped, where a value is markup (a message that names things)."""
    if any(isinstance(value, Markup) for value in params.values()):
        return Markup(escape(said)) % params
    return said % params


def field_words(name: str) -> str:
    """A field's name as an editor reads it, in the page's language."""
    return gettext(errors.field_words(name))


def said(problems: dict[str, str]) -> dict[str, str]:
    """Each field's message said in the page's language."""
    return {name: say(message) for name, message in problems.items()}


def findings_said(findings) -> list:
    """The checks' findings (:class:`itinerary.checks.Finding`) with their sentences in the page's language."""
    return [dataclasses.replace(finding, message=say(finding.message)) for finding in findings]


# What the domain says, for the catalogs: field words (itinerary/errors.py FIELD_WORDS and the fields named
# by their name), constant messages and message templates (itinerary/model.py, services.py, places.py).
KNOWN = (
    lazy_gettext("Title"),
    lazy_gettext("Start"),
    lazy_gettext("End"),
    lazy_gettext("First day"),
    lazy_gettext("Last day"),
    lazy_gettext("Time zone"),
    lazy_gettext("Time zone of the destination"),
    lazy_gettext("Web address"),
    lazy_gettext("Repeats"),
    lazy_gettext("Dates left out of the series"),
    lazy_gettext("Extra dates of the series"),
    lazy_gettext("Changed occurrences"),
    lazy_gettext("Mode of travel"),
    lazy_gettext("Why save it anyway"),
    lazy_gettext("New venue: name"),
    lazy_gettext("New venue: city"),
    lazy_gettext("New venue: country"),
    lazy_gettext("New venue: time zone"),
    lazy_gettext("New venue: latitude"),
    lazy_gettext("New venue: longitude"),
    lazy_gettext("Participants"),
    lazy_gettext("Sequence"),
    lazy_gettext("Parent"),
    lazy_gettext("Visibility"),
    lazy_gettext("Venue"),
    lazy_gettext("Destination"),
    lazy_gettext("Description"),
    lazy_gettext("Categories"),
    lazy_gettext("Outcomes"),
    lazy_gettext("Summary"),
    lazy_gettext("Slug"),
    lazy_gettext("Language"),
    lazy_gettext("Kind"),
    lazy_gettext("Format"),
    lazy_gettext("Status"),
    # Constant messages
    lazy_gettext("is invalid"),
    lazy_gettext("must be a date and time"),
    lazy_gettext("must carry an IANA time zone"),
    lazy_gettext("must not be before the start"),
    lazy_gettext("must be a date without a time"),
    lazy_gettext("must not be before the first day"),
    lazy_gettext("must not contain control characters"),
    lazy_gettext("must not be empty"),
    lazy_gettext("an audience is named with 1 to 40 lower-case letters, digits and hyphens"),
    lazy_gettext("a travel leg needs its origin"),
    lazy_gettext("a travel leg needs its destination"),
    lazy_gettext("only a travel leg has a destination"),
    lazy_gettext("only a travel leg has a mode of travel"),
    lazy_gettext("must be an http:// or https:// address without spaces"),
    lazy_gettext("an event cannot be its own parent"),
    lazy_gettext("nesting would make a loop"),
    lazy_gettext("only a recurring event has exception dates"),
    lazy_gettext("only a recurring event has changed occurrences"),
    lazy_gettext("use lower-case letters, digits and hyphens"),
    lazy_gettext("use 1 to 100 lower-case letters, digits and single hyphens"),
    lazy_gettext("an itinerary's slug never changes (feeds and links depend on it)"),
    lazy_gettext("a venue of this name exists already; pick it from the list"),
    lazy_gettext("choose the venue to keep"),
    lazy_gettext("choose another venue to merge this one into"),
    lazy_gettext("choose the participant to keep"),
    lazy_gettext("choose another participant to merge this one into"),
    lazy_gettext("must be text"),
    # Templates (itinerary.errors.Message)
    lazy_gettext("must be in the years %(first)s to %(last)s"),
    lazy_gettext("must be a whole number from %(low)s to %(high)s"),
    lazy_gettext("choose a time zone"),
    lazy_gettext("unknown time zone '%(zone)s'; use an IANA name such as Europe/Moscow"),
    lazy_gettext("unknown time zone '%(zone)s'; use an IANA name such as Asia/Shanghai"),
    lazy_gettext("%(time)s does not exist in %(zone)s (clocks skip it)"),
    lazy_gettext("%(time)s happens twice in %(zone)s (the clocks go back): choose %(first)s or %(second)s"),
    lazy_gettext("must be 1 to %(most)s characters"),
    lazy_gettext("must be at most %(most)s characters"),
    lazy_gettext("each outcome's title is at most %(most)s characters"),
    lazy_gettext("must be a number between -%(most)s and %(most)s"),
    lazy_gettext("the event lies outside its parent '%(parent)s' (%(span)s)"),
    lazy_gettext("must be restricted, like '%(parent)s' that it is part of"),
    lazy_gettext("the session '%(child)s' (%(span)s) would fall outside this event"),
    lazy_gettext("the session '%(child)s' is public; restrict it first"),
    lazy_gettext("no venue with key %(key)s"),
    # A time that happens twice, each of its two (itinerary.errors.offset_label)
    lazy_gettext("%(time)s %(abbr)s (UTC%(offset)s, first)"),
    lazy_gettext("%(time)s %(abbr)s (UTC%(offset)s, second)"),
    # An import's notes (itinerary/imports.py)
    lazy_gettext("%(title)s: its parent %(parent)s is not in this itinerary; left out"),
    lazy_gettext(
        "%(title)s: an event as an audience sees it when busy (its time, city and label only); left as stored"
    ),
    lazy_gettext("%(title)s: the file's version is older than the stored one; skipped"),
    # Someone else saved first (itinerary/services.py, itinerary/storage)
    lazy_gettext(
        "'%(title)s' was changed by someone else (%(when)s UTC, now version %(version)s); "
        "your changes were not saved: reload the event, then apply them again"
    ),
    lazy_gettext(
        "'%(title)s' was changed by someone else (meanwhile, now version %(version)s); "
        "your changes were not saved: reload the event, then apply them again"
    ),
    lazy_gettext("%(uid)s was changed by someone else while you were saving; reload and try again"),
    lazy_gettext("an event was changed by someone else while you were saving; reload and try again"),
    # What cannot be found, and query parameters refused (itinerary/errors.py, languages.py, feeds.py; web/params.py,
    # readers.py, viewmodels.py): said on the error pages, and in a feed's plain-text error in its ?lang=
    lazy_gettext("no itinerary with slug %(slug)s"),
    lazy_gettext("no event %(uid)s in itinerary %(slug)s"),
    lazy_gettext("no feed at this address; ask an editor for the current private feed link"),
    lazy_gettext("occurrence: there is no occurrence %(given)s; follow a link from the event's page"),
    lazy_gettext("unknown language %(given)s; choose one of: %(known)s"),
    lazy_gettext("unknown kind %(kind)s; choose one of: %(kinds)s"),
    lazy_gettext("%(text)s is not a date; write YYYY-MM-DD, e.g. 2018-06-08"),
    lazy_gettext("%(text)s is not a date; write it as YYYY-MM-DD, e.g. 2018-06-04"),
    lazy_gettext("%(text)s is not a date; write it as YYYY-MM-DD, e.g. 2018-06-08"),
    lazy_gettext("%(text)s is not a version number; write a whole number such as 1"),
    lazy_gettext("%(text)s is not a delegation's name; write it as in 'russia'"),
    lazy_gettext("must not be before 'from'"),
    lazy_gettext("the window is at most %(most)s days"),
    lazy_gettext("is too long"),
    lazy_gettext("no participant %(key)s in this itinerary's programme"),
    lazy_gettext("no delegation %(key)s in this itinerary's programme; the delegations are: %(known)s"),
    lazy_gettext("no delegation %(key)s in this itinerary's programme; it names no delegation"),
    # A feed's filter that names nothing in it (itinerary/feeds.py)
    lazy_gettext("no participant %(key)s in this itinerary's feed"),
    lazy_gettext("no delegation %(key)s in this itinerary's feed; the delegations are: %(known)s"),
    lazy_gettext("no delegation %(key)s in this itinerary's feed; it names no delegation"),
    lazy_gettext("no category %(key)s in this itinerary's feed"),
    # A slug or UID taken (itinerary/services.py)
    lazy_gettext("an itinerary called %(slug)s exists already"),
    lazy_gettext(
        "%(slug)s belonged to %(title)s, deleted on %(day)s; its old addresses answer that it is gone, "
        "so choose another slug"
    ),
    # A draft's city the gazetteer does not know (itinerary/drafting/accept.py)
    lazy_gettext("no city called %(city)s in the gazetteer; write its English name, e.g. Qingdao"),
    lazy_gettext(
        "no city called %(city)s in the gazetteer; write its name in English or Russian, e.g. Qingdao or Циндао"
    ),
    lazy_gettext(
        "no city called %(city)s in the gazetteer; write its name in English or Chinese, e.g. Qingdao or 青岛"
    ),
)


def _findings():
    """The checks' sentences (itinerary/checks.py), for the catalogs; never called."""
    return (
        gettext("'%(a)s' (%(a_span)s) and '%(b)s' (%(b_span)s)"),
        ngettext(  # a language's outcomes (itinerary/texts.py)
            "give one title per line for each of the %(num)s outcome, in its order, or leave it empty to show the "
            "own language's",
            "give one title per line for each of the %(num)s outcomes, in their order, or leave it empty to show "
            "the own language's",
            1,
        ),
        ngettext(
            "%(both)s both list %(names)s and share %(num)s day; check that both are meant.",
            "%(both)s both list %(names)s and share %(num)s days; check that both are meant.",
            1,
        ),
        gettext("%(names)s cannot attend both %(both)s: they overlap for %(duration)s."),
        ngettext(
            "%(both)s are both at %(place)s and share %(num)s day; check that they use different rooms.",
            "%(both)s are both at %(place)s and share %(num)s days; check that they use different rooms.",
            1,
        ),
        gettext("%(both)s are both at %(place)s and overlap for %(duration)s; check that they use different rooms."),
        gettext(
            "'%(child)s' (%(child_span)s) lies outside its parent '%(parent)s' (%(parent_span)s); "
            "move it inside or change the parent."
        ),
        gettext("ends at %(end)s and '%(next)s' starts at %(start)s on %(day)s"),
        gettext("ends at %(end)s on %(end_day)s and '%(next)s' starts at %(start)s on %(start_day)s"),
        ngettext(
            "%(names)s has no travel leg from %(origin)s to %(target)s between '%(a)s' and '%(b)s': "
            "'%(a)s' %(times)s; add the leg they take.",
            "%(names)s have no travel leg from %(origin)s to %(target)s between '%(a)s' and '%(b)s': "
            "'%(a)s' %(times)s; add the leg they take.",
            1,
        ),
        gettext(
            "%(names)s cannot get from %(origin_place)s to %(target_place)s in time: '%(a)s' %(times)s; "
            "by air, airports included, the %(km)s km need about %(needed)s, %(more)s more than the "
            "%(gap)s between them, and there is no travel leg from %(origin)s to %(target)s for them."
        ),
        gettext(
            "%(names)s cannot get from %(origin_place)s to %(target_place)s in time: '%(a)s' %(times)s; "
            "by car, the %(km)s km need about %(needed)s, %(more)s more than the "
            "%(gap)s between them, and there is no travel leg from %(origin)s to %(target)s for them."
        ),
        gettext(
            "'%(title)s' (%(span)s) takes %(taken)s from %(origin)s to %(target)s, but the %(km)s km need at "
            "least %(needed)s %(mode)s; check its times or its mode of travel."
        ),
        gettext(
            "'%(title)s' (%(span)s) takes %(taken)s from %(origin)s to %(target)s, but the %(km)s km need at "
            "least %(needed)s %(mode)s (the fastest way over that distance); check its times or its mode of travel."
        ),
        ngettext("%(num)s day", "%(num)s days", 1),
        ngettext(
            "%(day)s is %(num)s day before the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            "%(day)s is %(num)s days before the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            1,
        ),
        ngettext(
            "%(day)s is %(num)s day after the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            "%(day)s is %(num)s days after the rest of the programme (%(around)s); check the date, "
            "and save again if it is right",
            1,
        ),
        ngettext("%(num)s hour", "%(num)s hours", 1),
        ngettext("%(num)s minute", "%(num)s minutes", 1),
        gettext("%(hours)s %(minutes)s"),
        gettext("by plane"),
        gettext("by train"),
        gettext("by car"),
        gettext("by helicopter"),
        gettext("on foot"),
        gettext("“%(name)s” is a built-in audience; choose another name"),
        gettext("an itinerary has at most %(most)s audiences of its own"),
        # An own language that titles lack (itinerary/texts.py)
        ngettext(
            "%(language)s cannot be the own language: %(num)s title has no text in it (%(titles)s); add it first",
            "%(language)s cannot be the own language: %(num)s titles have no text in it (%(titles)s); add them first",
            1,
        ),
        # Sign-in throttled (itinerary/errors.py TooManySignIns)
        ngettext(
            "Too many failed sign-ins. Try again in %(num)s second.",
            "Too many failed sign-ins. Try again in %(num)s seconds.",
            1,
        ),
        ngettext(
            "Too many failed sign-ins. Try again in %(num)s minute.",
            "Too many failed sign-ins. Try again in %(num)s minutes.",
            1,
        ),
    )


def problem_words(problem) -> str:
    """One refused event of an imported file (:class:`itinerary.ical.parse.Problem`) in the page's language:
    ``строка 12: мероприятие … («…»): Начало: …``."""
    if get_locale() is None or get_locale().language == "en":
        return str(problem)  # as the command line says it, the field by its name
    field = gettext(errors.field_words(problem.field)) if problem.field else ""
    said_problem = gettext(
        "event %(uid)s (%(title)s): %(field)s: %(message)s",
        uid=problem.uid or gettext("(no UID)"),
        title=quoted(problem.title),
        field=field,
        message=say(problem.message),
    )
    if not problem.line:
        return said_problem
    return gettext("line %(line)s: %(problem)s", line=problem.line, problem=said_problem)


def report_words(report) -> str:
    """What an import did (:class:`itinerary.imports.ImportReport`), counted in the page's language."""
    parts = [
        ngettext("%(num)s created", "%(num)s created", report.created),
        ngettext("%(num)s updated", "%(num)s updated", report.updated),
        ngettext("%(num)s unchanged", "%(num)s unchanged", report.unchanged),
    ]
    if report.skipped:
        parts.append(ngettext("%(num)s skipped", "%(num)s skipped", report.skipped))
    if report.refused:
        parts.append(ngettext("%(num)s refused", "%(num)s refused", report.refused))
    for name, count in report.other:
        if name == "to-do":
            parts.append(ngettext("%(num)s to-do skipped", "%(num)s to-dos skipped", count))
        elif name == "journal":
            parts.append(ngettext("%(num)s journal skipped", "%(num)s journals skipped", count))
        else:
            parts.append(f"{count} {name}{'s' if count != 1 else ''} skipped")
    return gettext(", ").join(parts)


# Days, times and spans in messages (issue 16): written as the reader pages write dates and times (web.pages)


def _time_said(value: object) -> object:
    """A message's day, time, span or moment (:class:`~itinerary.errors.Day`, ``Clock``, ``Span``, ``Stamp``) as
    the page's language writes it with Babel (``8 июня 2018 г., 12:15—12:45``, ``2018年6月8日 12:15–12:45``); any
    other value as it is; English pages keep the domain's own English (``8 June 2018 12:15-12:45``)."""
    from web import pages  # web.pages imports web.forms, which imports this module

    if not isinstance(value, errors.TIMED) or pages.locale() == "en":
        return value
    lang = pages.locale()
    if isinstance(value, errors.Day):
        return format_date(value.value, "long", locale=lang)
    if isinstance(value, errors.Clock):
        return _clock_said(value.value, value.zoned)
    if isinstance(value, errors.Stamp):
        return pages.when(value.value)
    start, end = value.start, value.end
    if not isinstance(start, datetime):
        if start == end:
            return format_date(start, "long", locale=lang)
        return _days_said(start, end, lang)
    day = format_date(start, "long", locale=lang)
    between = Locale.parse(lang).interval_formats[None]  # "{0} — {1}"
    if start.date() != end.date():
        later = format_date(end, "long", locale=lang)
        return between.format(_at(day, _clock_said(start, value.zoned)), _at(later, _clock_said(end, value.zoned)))
    if value.zoned or is_repeated(start) or is_repeated(end):
        return _at(day, between.format(_clock_said(start, value.zoned), _clock_said(end, value.zoned)))
    return _at(day, format_interval(start.time(), end.time(), "Hm", locale=lang))


def _days_said(start, end, lang: str) -> str:
    """A span of days in running text. Russian writes it with the full month and an en dash, not CLDR's
    abbreviated month and em dash (``8–10 июня 2018 г.``, ``30 мая – 2 июня 2018 г.``); other languages as Babel's
    interval says it (``2018年6月8日 – 10日``)."""
    if lang != "ru":
        return format_interval(start, end, "yMMMMd", locale=lang)
    if start.year != end.year:
        return f"{format_date(start, 'long', locale=lang)} – {format_date(end, 'long', locale=lang)}"
    if start.month != end.month:
        return f"{format_date(start, 'd MMMM', locale=lang)} – {format_date(end, 'long', locale=lang)}"
    return f"{start.day}–{format_date(end, 'long', locale=lang)}"


def _clock_said(value: datetime, zoned: bool) -> str:
    """``12:15`` as the pages write a time (web.pages ``hm``), with the zone's abbreviation where ``zoned``."""
    from web import pages

    return f"{value:%H:%M} {value.tzname()}" if zoned else pages.hm(value)


def _at(day: str, clock: str) -> str:
    """A day and a time together as the page's language joins them (as web.pages ``when``)."""
    from web import pages

    return get_datetime_format("medium", locale=pages.locale()).format(clock, day)


# Names in messages (issue 16): said by web.place_words, as the pages say them


def _names_in(message: errors.Message) -> bool:
    """Whether the message, or a message among its values, names a participant, event, venue or city."""
    return any(
        isinstance(value, errors.Named | errors.Place | errors.Names)
        or (isinstance(value, errors.Choices) and any(isinstance(i, errors.InLanguage) for i in value.items))
        or (isinstance(value, errors.Message) and _names_in(value))
        for value in message.params.values()
    )


def _said_with_names(message: errors.Message) -> Markup:
    """The message in the page's language as markup: its names by :func:`web.place_words.named_words`, every
    other value escaped."""
    from web.place_words import named_words  # web.place_words imports web.forms, which imports this module

    params = {}
    for name, value in message.params.items():
        if isinstance(value, errors.Named | errors.Place | errors.Names):
            params[name] = named_words(value)
        else:  # a message said as markup where it names things; any other text is escaped by the % below
            params[name] = _value_said(value)
    translations = get_translations()
    if message.plural is not None:
        template = translations.ungettext(message.template, message.plural, params["num"])
    else:
        template = translations.ugettext(message.template)
    return Markup(escape(template)) % params
