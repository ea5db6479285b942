"""The facts box of a region page: "Søkerkommune: …" lines -> :class:`Facts`, and back to lines.

Numbers are written the Norwegian way: "76.680" or "76 680" is 76680 (a "."
before three digits separates thousands), "2,5" is 2.5.
"""

from __future__ import annotations

import re
from typing import Any

from kb.headings import close, words
from kb.models import Facts

FACT_FIELDS = ("applicant", "partners", "population", "area_km2")
# The labels fact items are shown under, in the order of the facts box.
FACT_LABELS = {
    "applicant": "Søkerkommune",
    "partners": "Samarbeidskommuner",
    "population": "Folketall i regionen",
    "area_km2": "Areal i regionen",
}
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


def format_number(number: float) -> str:
    """Return ``number`` as Norwegian text: "76 680", "555", "2,5"."""
    if number == int(number):
        return f"{int(number):,}".replace(",", " ")
    whole, _, fraction = f"{number:.6f}".rstrip("0").partition(".")
    return f"{int(whole):,}".replace(",", " ") + "," + fraction


def fact_lines(facts: Facts) -> list[str]:
    """Return the fact items' texts, one a fact ("Folketall i regionen: 76 680 (1.jan 2015)")."""
    lines = []
    if facts.applicant:
        lines.append(f"{FACT_LABELS['applicant']}: {facts.applicant}")
    if facts.partners:
        lines.append(f"{FACT_LABELS['partners']}: {', '.join(facts.partners)}")
    if facts.population is not None:
        date = f" ({facts.population_date})" if facts.population_date else ""
        lines.append(f"{FACT_LABELS['population']}: {format_number(facts.population)}{date}")
    if facts.area_km2 is not None:
        lines.append(f"{FACT_LABELS['area_km2']}: {format_number(facts.area_km2)} km²")
    return lines
