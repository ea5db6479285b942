"""Site boilerplate of a captured page: logo lines, "Nyheter fra X", contact blocks,
photo captions.

A news item captured from a municipality's site carries the site around it:
"Ålesundkommune logo 246px", "Nyheter fra Ålesund kommune", and at the foot
"Kontakt oss" with switchboard, addresses, opening hours and the organisation
number. A photo's caption and credit may be glued to the first paragraph when the
page is copied as text ("byregionsamling foto haavard ese Eliassen,
distriktssenteret230 deltakarar frå …"). None of it is content; the importer
leaves it out and reports each line.
"""

from __future__ import annotations

import re

from kb.ingest.blocks import Block
from kb.ingest.headings import words

_LOGO = re.compile(r"\blogo\b", re.IGNORECASE)
_NEWS = re.compile(r"^(?:nyheter|nyheiter|nyhende|aktuelt|nyhetsarkiv)(?:\s+(?:fra|frå)\s+.+)?$",
                   re.IGNORECASE)
_CONTACT_START = re.compile(r"^kontakt(?:\s+oss|\s+os|informasjon)?\s*:?$", re.IGNORECASE)
_PHONE = r"(?:\+47\s*)?\d{2}\s?\d{2}\s?\d{2}\s?\d{2}\b"
_FOOTER = re.compile(
    r"^org(?:anisasjons)?\.?\s*-?n(?:r|ummer)\.?\b"
    r"|^(?:åpningstider|opningstider|kontaktinformasjon|personvern|personvernerklæring"
    r"|informasjonskapsler|cookies|tilgjengelighetserklæring|del på \w+|følg oss.*)\s*:?$"
    r"|^(?:post|besøk|besøksadresse|postadresse|e-?post|epost|telefon|tlf|sentralbord)\.?\s*:"
    r"|^postboks\s+\d+"
    rf"|^sentralbord(?:et)?\b.*{_PHONE}"
    rf"|^(?:telefon|tlf\.?)?\s*{_PHONE}\s*(?:\(.*\))?$"
    r"|^[\w.+-]+@[\w-]+\.[\w.]+$",
    re.IGNORECASE,
)


def _short(text: str, limit: int) -> bool:
    return len(words(text)) <= limit and not text.rstrip().endswith((".", "!", "?"))


def is_news_marker(text: str) -> bool:
    """True for a line that only a news site prints: a logo line or "Nyheter fra X"."""
    stripped = text.strip()
    return bool((_LOGO.search(stripped) and _short(stripped, 8))
                or (_NEWS.match(stripped) and _short(stripped, 8)))


def find_boilerplate(blocks: list[Block]) -> dict[int, str]:
    """Return {index of block: why it is boilerplate} for the blocks that are site chrome.

    Logo and "Nyheter fra X" lines, footer lines (org. number, opening hours,
    addresses, phone numbers) anywhere, and a "Kontakt oss" block: its heading and
    the short lines after it up to the first real sentence.
    """
    found: dict[int, str] = {}
    in_contact = False
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if _CONTACT_START.match(text):
            found[index], in_contact = "contact block", True
        elif is_news_marker(text):
            found[index] = "logo or site line"
            in_contact = False
        elif _FOOTER.search(text) and _short(text, 14):
            found[index] = "contact or footer line"
        elif in_contact and _short(text, 4):
            found[index] = "contact block"
        else:
            in_contact = False
    return found


# A caption naming a photo ("foto", "Foto:", "fotograf", "bilde:", "illustrasjon:")
# and its credit, run into the text without a space: a word of three lowercase letters
# or more directly followed by a digit or a capital ("distriktssenteret230 deltakarar").
_CAPTION = re.compile(
    r"^(?P<caption>[^.!?\n]{0,120}?\b(?i:foto|fotograf|photo|bilde|illustrasjon)\b:?"
    r"[^.!?\n]{1,100}?[a-zæøå]{3})(?=[0-9A-ZÆØÅ])(?P<rest>\S.{20,})$",
    re.DOTALL,
)


def split_caption(text: str) -> tuple[str, str] | None:
    """Return (caption, text) when ``text`` opens with a photo caption glued to it, else
    None."""
    found = _CAPTION.match(text)
    if found is None:
        return None
    return found.group("caption").strip(), found.group("rest")
