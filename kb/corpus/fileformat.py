"""One corpus file: :class:`Document` <-> Markdown with YAML front matter (ARCHITECTURE.md).

The writer is deterministic, so a document written and read back is the same
document, and an unchanged page imported again gives the same bytes. The
reader collects every problem it meets (file, line, message, severity) instead
of stopping at the first, so ``kb check`` can report them all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from kb.corpus.dates import format_imported, imported_date
from kb.corpus.markup import escape, parse_themes, themes_comment, unescape
from kb.errors import CorpusError
from kb.models import Document, Facts, Section, SectionItem
from kb.vocabulary import DOC_TYPES, LANGUAGES, SECTION_KINDS, is_web_url

FRONT_KEYS = ("title", "doc_type", "region", "county", "language", "source_url",
              "imported", "facts_heading", "facts")
FACT_KEYS = ("applicant", "partners", "population", "population_date", "area_km2")
_HEADING = re.compile(r"^(?P<level>#{1,6})(?:\s+(?P<text>.*?))?\s*$")
_KIND = re.compile(r"\s*(?<!\\)\{:\s*(?P<attrs>[^{}]*)\}\s*$")
_LIST = re.compile(r"^ {0,3}(?P<marker>[-*+]|\d{1,9}[.)])(?:\s+(?P<text>.*)|$)")
# libyaml's loader and dumper when present (ten times faster), else PyYAML's own.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_OTHER_COMMENT = re.compile(r"(?<!\\)<!--(?!\s*themes\s*:).*?-->")


@dataclass(frozen=True)
class Problem:
    """One problem of a corpus file: where it is, what is wrong, "error" or "warning"."""

    path: str
    line: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.severity}: {self.message}"


def _scalar(value: Any) -> str:
    dumped = yaml.dump(value, Dumper=_DUMPER, allow_unicode=True, default_flow_style=True,
                       width=1 << 30)
    return dumped.removesuffix("\n...\n").rstrip("\n")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def write_document(doc: Document) -> str:
    """Return the corpus Markdown of ``doc`` (front matter, then one heading a section)."""
    out = ["---"]
    for key in FRONT_KEYS[:6]:
        out.append(f"{key}: {_scalar(getattr(doc, key))}")
    if doc.imported is not None:
        out.append(f"imported: {format_imported(doc.imported)}")
    if doc.facts_heading is not None:
        out.append(f"facts_heading: {_scalar(doc.facts_heading)}")
    if doc.facts is not None:
        f = doc.facts
        out.append("facts:")
        out.append(f"  applicant: {_scalar(f.applicant)}")
        out.append(f"  partners: {_scalar(list(f.partners))}")
        out.append(f"  population: {_scalar(f.population)}")
        out.append(f"  population_date: {_scalar(f.population_date)}")
        area = None if f.area_km2 is None else _number(f.area_km2)
        out.append(f"  area_km2: {_scalar(area)}")
    out.append("---")
    for index, section in enumerate(doc.sections):
        hashes = "#" if index == 0 else "##"
        kind = f"{{: .{section.kind} }}"
        heading = " ".join(filter(None, (hashes, escape(section.heading), kind)))
        out += ["", heading]
        _write_items(section.items, out)
    return "\n".join(out) + "\n"


def _write_items(items: list[SectionItem], out: list[str]) -> None:
    previous = None
    number = 0
    for item in items:
        style = item.style if item.style in ("bullet", "number") else "paragraph"
        if style != previous or style == "paragraph":
            out.append("")
            number = 0
        number += 1
        text = escape(item.text)
        if item.themes is not None:
            text = f"{text} {themes_comment(item.themes)}"
        prefix = {"bullet": "- ", "number": f"{number}. "}.get(style, "")
        out.append(prefix + text)
        previous = style


def read_document(text: str, path: str = "<corpus file>") -> Document:
    """Return the document of one corpus file; raises :class:`CorpusError` at its first error."""
    doc, problems = parse_document(text, path)
    for problem in problems:
        if problem.severity == "error":
            raise CorpusError(problem.path, problem.message, line=problem.line)
    if doc is None:  # parse_document reports an error whenever it returns no document
        raise CorpusError(path, "cannot be read as a corpus file")
    return doc


def parse_document(text: str, path: str = "<corpus file>") -> tuple[Document | None, list[Problem]]:
    """Return the document of one corpus file (None when unreadable) and every problem found."""
    problems: list[Problem] = []
    lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
    if not lines or lines[0].strip() != "---":
        return None, [Problem(path, 1, "the file must begin with front matter ('---' line)")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return None, [Problem(path, 1, "front matter is not closed by a '---' line")]
    meta = _front_matter(lines[1:end], path, problems)
    if meta is None:
        return None, problems
    sections = _body(lines, end + 1, path, problems)
    doc = Document(
        slug=re.sub(r"\.md$", "", path.replace("\\", "/").rsplit("/", 1)[-1]),
        title=meta["title"], doc_type=meta["doc_type"], region=meta["region"],
        county=meta["county"], language=meta["language"], source_url=meta["source_url"],
        facts=meta["facts"], sections=sections, facts_heading=meta["facts_heading"], path=path,
        imported=meta["imported"],
    )
    return doc, problems


def _key_line(lines: list[str], key: str, default: int = 1) -> int:
    for number, line in enumerate(lines, start=2):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return number
    return default


def _bad_value_line(lines: list[str]) -> int:
    """The line of the first front matter line YAML cannot construct a value of."""
    for number, line in enumerate(lines, start=2):
        try:
            yaml.load(line, Loader=_LOADER)  # noqa: S506 (a safe loader)
        except (yaml.YAMLError, ValueError):
            return number
    return 1


def _front_matter(lines: list[str], path: str, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        data = yaml.load("\n".join(lines), Loader=_LOADER) or {}  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # The mark may point past the last front matter line (at the end of the text).
        line = min(mark.line + 2, len(lines) + 1) if mark is not None else 1
        problems.append(Problem(path, line, f"front matter is not valid YAML: {error}"))
        return None
    except ValueError as error:  # a timestamp YAML cannot make, e.g. 2024-13-01
        problems.append(Problem(path, _bad_value_line(lines),
                                f"front matter holds an impossible date ({error})"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(path, 2, "front matter must be 'key: value' lines"))
        return None

    def bad(key: str, message: str, severity: str = "error") -> None:
        problems.append(Problem(path, _key_line(lines, key), message, severity))

    for key in data:
        if key not in FRONT_KEYS:
            bad(str(key), f"unknown front matter key '{key}' (known: {', '.join(FRONT_KEYS)})")
    meta: dict[str, Any] = {}
    for key in ("title", "region", "county", "source_url", "facts_heading"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            bad(key, f"'{key}' must be text")
            value = str(value)
        meta[key] = value.strip() if isinstance(value, str) else None
    if not meta["title"]:
        bad("title", "missing title")
    for key in ("title", "region", "county", "source_url"):
        meta[key] = meta[key] or ""
    for key, allowed in (("doc_type", DOC_TYPES), ("language", LANGUAGES)):
        value = data.get(key)
        if value not in allowed:
            bad(key, f"'{key}' must be one of {', '.join(allowed)}, not {value!r}")
        meta[key] = value if value in allowed else allowed[0]
    if meta["doc_type"] == "region" and not meta["region"]:
        bad("region", "a region page needs its region")
    if not meta["county"] and meta["region"]:
        bad("county", f"county unknown for region '{meta['region']}'", "warning")
    if not meta["source_url"]:
        bad("source_url", "no source URL", "warning")
    elif not is_web_url(meta["source_url"]):
        bad("source_url", f"'source_url' must be an http:// or https:// address with a host, "
                          f"not {meta['source_url'][:80]!r}")
        meta["source_url"] = ""  # never handed on, even by a reader that ignores errors
    meta["imported"] = None
    if data.get("imported") is not None:
        try:
            meta["imported"] = imported_date(data["imported"])
        except ValueError as error:
            bad("imported", str(error))
    meta["facts"] = _facts(data.get("facts"), lines, path, problems)
    return meta


def _facts(data: Any, lines: list[str], path: str, problems: list[Problem]) -> Facts | None:
    if data is None:
        return None
    line = _key_line(lines, "facts")
    if not isinstance(data, dict):
        problems.append(Problem(path, line, "'facts' must be 'key: value' lines"))
        return None
    for key in data:
        if key not in FACT_KEYS:
            problems.append(Problem(path, _key_line(lines, str(key), line),
                                    f"unknown fact '{key}' (known: {', '.join(FACT_KEYS)})"))
    values: dict[str, Any] = {}
    checks = (("applicant", (str,), "text"), ("population", (int,), "a whole number"),
              ("population_date", (str, dt.date), "text"), ("area_km2", (int, float), "a number"))
    for key, kinds, label in checks:
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kinds)):
            problems.append(Problem(path, _key_line(lines, key, line),
                                    f"fact '{key}' must be {label}"))
            value = None
        values[key] = value
    partners = data.get("partners") or []
    if not isinstance(partners, list) or not all(isinstance(p, str) for p in partners):
        problems.append(Problem(path, _key_line(lines, "partners", line),
                                "fact 'partners' must be a list of municipality names"))
        partners = []
    date = values["population_date"]
    return Facts(
        applicant=values["applicant"], partners=tuple(partners), population=values["population"],
        population_date=date.isoformat() if isinstance(date, dt.date) else date,
        area_km2=None if values["area_km2"] is None else float(values["area_km2"]),
    )


def _body(lines: list[str], start: int, path: str, problems: list[Problem]) -> list[Section]:
    sections: list[Section] = []
    item: SectionItem | None = None
    blank = True
    for index in range(start, len(lines)):
        number = index + 1
        line = lines[index]
        if "<!--" in line:
            line = _OTHER_COMMENT.sub("", line)
        line = line.rstrip()
        if not line.strip():
            blank = True
            continue
        heading = _HEADING.match(line)
        listed = None if heading else _LIST.match(line)
        if heading:
            sections.append(_section(heading, number, path, problems))
            item = None
        elif not sections:
            problems.append(Problem(path, number, "text before the first heading"))
        elif listed:
            style = "bullet" if listed["marker"][0] in "-*+" else "number"
            item = SectionItem(listed["text"] or "", line=number, style=style)
            sections[-1].items.append(item)
        elif item is not None and (not blank or (item.style != "paragraph"
                                                 and line.startswith("  "))):
            item.text = f"{item.text} {line.strip()}"
        else:
            item = SectionItem(line.strip(), line=number)
            sections[-1].items.append(item)
        blank = False
    for section in sections:
        for entry in section.items:
            text, themes = parse_themes(entry.text) if "<!--" in entry.text else (entry.text, None)
            text = text.strip()
            entry.text, entry.themes = (unescape(text) if "\\" in text else text), themes
            if not entry.text:
                problems.append(Problem(path, entry.line, "empty item"))
    return sections


def _section(heading: re.Match[str], number: int, path: str, problems: list[Problem]) -> Section:
    text = heading["text"] or ""
    match = _KIND.search(text)
    kind = ""
    if match:
        classes = [a[1:] for a in match["attrs"].split() if a.startswith(".")]
        kind = classes[0] if classes else ""
        text = text[: match.start()]
    if not kind:
        problems.append(Problem(path, number, "heading without a kind class, e.g. '{: .goal }'"))
    elif kind not in SECTION_KINDS:
        problems.append(Problem(
            path, number, f"unknown kind class '.{kind}' (one of {', '.join(SECTION_KINDS)})"))
    heading_text = unescape(text.strip())
    if not heading_text:
        problems.append(Problem(path, number, "empty heading", "warning"))
    return Section(kind if kind in SECTION_KINDS else "article", heading_text, [], line=number)
