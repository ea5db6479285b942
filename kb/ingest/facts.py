"""The facts box of a region page: "Søkerkommune: …" lines -> :class:`Facts`.

Numbers are written the Norwegian way: "76.680" or "76 680" is 76680 (a "."
before three digits separates thousands), "2,5" is 2.5.
"""

from __future__ import annotations

import re
from typing import Any

from kb.ingest.headings import close, words
from kb.models import Facts
from kb.vocabulary import FACT_LABELS

_LABEL_WORDS = {
    "applicant": ("søkerkommune", "søkjarkommune", "søkarkommune", "søkerkommunen", "vertskommune"),
    "partners": ("samarbeidskommuner", "samarbeidskommunar", "samarbeidskommune",
                 "deltakerkommuner", "deltakarkommunar", "partnerkommuner", "kommuner", "kommunar"),
    "population": ("folketall", "folketal", "innbyggertall", "innbyggjartal", "befolkning",
                   "innbyggere", "innbyggjarar"),
    "area_km2": ("areal", "areale", "flateinnhold"),
}
_LABEL = re.compile(r"^(?P<label>[^:]{2,60}):\s*(?P<value>.*)$")
_NUMBER = r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_POPULATION = re.compile(rf"^(?P<num>{_NUMBER})\s*(?:\((?P<date>[^)]*)\)|(?P<rest>.*))$")
_AREA = re.compile(rf"^(?P<num>{_NUMBER})\s*(?:km²|km2|kvadratkilometer|km\^2)?\.?$", re.IGNORECASE)


def label_words() -> dict[str, tuple[str, ...]]:
    """Each fact field's label words, as the importer knows them (a copy)."""
    return dict(_LABEL_WORDS)


class FactError(ValueError):
    """A fact line whose value cannot be read; the message says why."""


def fact_field(text: str) -> tuple[str, str] | None:
    """Return (field, value) when ``text`` is a fact line ("Søkerkommune: Ålesund"), else None."""
    match = _LABEL.match(text.strip())
    if not match:
        return None
    label = words(match["label"])
    if not label or len(label) > 4:
        return None
    for field, names in _LABEL_WORDS.items():
        if close(label[0], *names):
            return field, match["value"].strip()
    return None


def parse_number(text: str) -> float:
    """Return the number written in ``text`` the Norwegian way ("76.680", "2,5")."""
    if re.fullmatch(r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?", text):
        return float(re.sub(r"[. ]", "", text).replace(",", "."))
    return float(text.replace(",", "."))


def add_fact(values: dict[str, Any], field: str, value: str) -> None:
    """Read ``value`` of ``field`` into ``values``; raises :class:`FactError` when unreadable."""
    if field in values:
        raise FactError(f"the fact '{FACT_LABELS[field]}' is given twice")
    if not value:
        values[field] = None
    elif field == "applicant":
        values[field] = value.rstrip(".")
    elif field == "partners":
        parts = re.split(r",|\s+og\s+|;", value.rstrip("."))
        values[field] = tuple(p.strip() for p in parts if p.strip())
    elif field == "population":
        match = _POPULATION.match(value)
        if not match:
            raise FactError(f"population '{value}' is not a number (like 76.680 (1.jan 2015))")
        number = parse_number(match["num"])
        if number != int(number):
            raise FactError(f"population '{value}' is not a whole number")
        values[field] = int(number)
        date = match["date"] if match["date"] is not None else match["rest"]
        values["population_date"] = date.strip() or None
    else:
        match = _AREA.match(value)
        if not match:
            raise FactError(f"area '{value}' is not a number of km² (like 2.727 km²)")
        values[field] = parse_number(match["num"])


def make_facts(values: dict[str, Any]) -> Facts:
    """Return :class:`Facts` from the values :func:`add_fact` collected."""
    area = values.get("area_km2")
    return Facts(
        applicant=values.get("applicant"),
        partners=values.get("partners") or (),
        population=values.get("population"),
        population_date=values.get("population_date"),
        area_km2=None if area is None else float(area),
    )
