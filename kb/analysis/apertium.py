"""Bokmål/Nynorsk lemmas and compound parts from the Apertium nno-nob analysers.

Apertium is an optional system package (``lttoolbox`` + ``apertium-nno-nob``):
:func:`available` says whether it is there, and every caller must work without
it (with less recall). Words are analysed in batches (one ``lt-proc -e`` run per
analyser for a whole vocabulary) and Nynorsk lemmas are mapped to Bokmål ones
through the bilingual dictionary, so both written standards meet on one lemma
(samspel → samspill, høgskule → høyskole, leiar → leder).

Its data is GPL-licensed: it is called at run time and nothing generated from it
is committed to the project.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DATA = Path("/usr/share/apertium/apertium-nno-nob")
NOB_MORPH = DATA / "nob-nno.automorf.bin"
NNO_MORPH = DATA / "nno-nob.automorf.bin"
NNO_NOB_BIL = DATA / "nno-nob.autobil.bin"

_LU = re.compile(r"\^(.*?)\$")
_WORD = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")
MIN_PART = 3  # compound parts shorter than this are analyser noise
TIMEOUT = 120
SPLIT_MIN = 4000  # a batch of this many words is analysed by two lt-proc pipelines at once


@dataclass(frozen=True)
class Analysis:
    """What Apertium knows about one lowercased word.

    ``lemmas``: Bokmål lemmas of its whole-word readings; ``parts``: for a
    compound, the Bokmål lemmas of its parts (first reading), else ().
    """

    lemmas: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()


def available() -> bool:
    """Return True when ``lt-proc`` and the nno-nob analysers are installed."""
    return bool(shutil.which("lt-proc")) and all(
        p.exists() for p in (NOB_MORPH, NNO_MORPH, NNO_NOB_BIL))


Runner = Callable[[list[str], list[str]], list[str]]


def _run(args: list[str], lines: list[str]) -> list[str]:
    """Feed ``lines`` (one unit a line) to a fresh ``lt-proc`` and return its output lines."""
    text = "\n".join(lines) + "\n"
    done = subprocess.run(["lt-proc", *args], input=text.encode("utf-8"),
                          capture_output=True, timeout=TIMEOUT, check=True)
    return done.stdout.decode("utf-8", "replace").split("\n")


class KeptProcesses:
    """``lt-proc -z`` processes kept running for quick lookups of a few words (queries).

    Each request ends with a newline and a NUL byte, and so does each answer.
    Thread-safe; a process that fails is dropped and started again next time.
    """

    def __init__(self) -> None:
        self._procs: dict[tuple[str, ...], subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()

    def __call__(self, args: list[str], lines: list[str]) -> list[str]:
        key = tuple(args)
        with self._lock:
            proc = self._running(key)
            # Piped with the default buffering, stdout is a BufferedReader (it has read1).
            assert proc.stdin is not None and isinstance(proc.stdout, io.BufferedReader)
            request = ("\n".join(lines) + "\n\0").encode("utf-8")
            # A writer thread: a big request must not fill the pipes both ways at once.
            failed: list[OSError] = []
            writer = threading.Thread(target=_write, args=(proc, request, failed), daemon=True)
            writer.start()
            try:
                chunks: list[bytes] = []
                while not chunks or not chunks[-1].endswith(b"\0"):
                    chunk = proc.stdout.read1(1 << 20)
                    if not chunk:
                        raise OSError("lt-proc ended")
                    chunks.append(chunk)
                answer = b"".join(chunks)
                writer.join()
                if failed:
                    raise failed[0]
            except OSError:
                self._procs.pop(key, None)
                _stop(proc)
                raise
        return answer[:-1].decode("utf-8", "replace").split("\n")

    def _running(self, key: tuple[str, ...]) -> subprocess.Popen[bytes]:
        """The kept process for ``key``, started when there is none or it ended (lock held)."""
        proc = self._procs.get(key)
        if proc is None or proc.poll() is not None:
            proc = subprocess.Popen(["lt-proc", "-z", *key], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self._procs[key] = proc
        return proc

    def start(self, commands: Iterable[list[str]]) -> None:
        """Start the processes of ``commands`` now (they load their dictionaries while the
        caller goes on), so that the first lookup does not wait ~0.1 s for each. Raises
        OSError when ``lt-proc`` cannot be started."""
        with self._lock:
            for args in commands:
                self._running(tuple(args))

    def close(self) -> None:
        """Stop every kept process."""
        with self._lock:
            for proc in self._procs.values():
                _stop(proc)
            self._procs.clear()


def _write(proc: subprocess.Popen[bytes], request: bytes, failed: list[OSError]) -> None:
    """Send one request to a kept process (in a thread of its own)."""
    assert proc.stdin is not None
    try:
        proc.stdin.write(request)
        proc.stdin.flush()
    except OSError as error:
        failed.append(error)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill a kept process and close its pipes."""
    proc.kill()
    proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()


def _readings(unit: str) -> tuple[str, list[str]] | None:
    """Split ``surface/reading/reading`` into the surface and its readings (None: unknown)."""
    pieces = unit.split("/")
    if len(pieces) < 2 or pieces[1].startswith("*"):
        return None
    return pieces[0], pieces[1:]


def _lemma(reading: str) -> str:
    """The lemma of one reading segment such as ``tillit<n><m><sg><def>``."""
    return reading.split("<", 1)[0].lower()


def _analyser_args(analyser: Path) -> list[str]:
    return ["-e", str(analyser)]


_BILINGUAL_ARGS = ["-b", str(NNO_NOB_BIL)]


def _morph(run: Runner, analyser: Path, words: list[str]) -> dict[str, list[str]]:
    """Map each word the analyser knows to its readings."""
    out = run(_analyser_args(analyser), words)
    known: dict[str, list[str]] = {}
    for word, line in zip(words, out, strict=False):
        match = _LU.search(line)
        parsed = _readings(match.group(1)) if match else None
        if parsed:
            known[word] = parsed[1]
    return known


def _bilingual(run: Runner, segments: list[str]) -> dict[str, str]:
    """Map Nynorsk reading segments (lemma+tags) to their Bokmål lemma."""
    if not segments:
        return {}
    out = run(_BILINGUAL_ARGS, [f"^{s}$" for s in segments])
    mapped: dict[str, str] = {}
    for seg, line in zip(segments, out, strict=False):
        match = _LU.search(line)
        if not match:
            continue
        pieces = match.group(1).split("/")
        if len(pieces) >= 2 and not pieces[1].startswith(("@", "*", "#")):
            mapped[seg] = _lemma(pieces[1])
    return mapped


def _to_analysis(readings: list[str], bil: dict[str, str] | None) -> Analysis:
    """Collect lemmas (whole-word readings) and parts (first compound reading)."""
    lemmas: list[str] = []
    parts: tuple[str, ...] = ()
    for reading in readings:
        segs = reading.split("+")
        if len(segs) == 1:
            lemma = bil.get(segs[0], _lemma(segs[0])) if bil is not None else _lemma(segs[0])
            for form in (lemma, _lemma(segs[0])):
                if form and form not in lemmas:
                    lemmas.append(form)
        elif not parts:
            names = [bil.get(s, _lemma(s)) if bil is not None else _lemma(s) for s in segs]
            if all(len(n) >= MIN_PART for n in names):
                parts = tuple(names)
    return Analysis(tuple(lemmas[:4]), parts)


def analyse(words: Iterable[str], run: Runner = _run) -> dict[str, Analysis]:
    """Analyse lowercased words in one batch; unknown words are left out.

    Bokmål readings win; a word only Nynorsk knows gets its Nynorsk readings
    mapped to Bokmål lemmas. ``run`` is a fresh process per call (batches) or a
    :class:`KeptProcesses` (a few words at a time). Returns {} when Apertium is
    missing or fails.
    """
    todo = sorted({w for w in words if _WORD.match(w)})
    if not todo or not available():
        return {}
    try:
        nob = _morph(run, NOB_MORPH, todo)
        rest = [w for w in todo if w not in nob]
        nno = _morph(run, NNO_MORPH, rest) if rest else {}
        segments = sorted({seg for rs in nno.values() for r in rs for seg in r.split("+")})
        bil = _bilingual(run, segments)
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("apertium failed, analysing without it: %s", error)
        return {}
    result = {w: _to_analysis(rs, None) for w, rs in nob.items()}
    result.update({w: _to_analysis(rs, bil) for w, rs in nno.items()})
    return {w: a for w, a in result.items() if a.lemmas or a.parts}


def kept_commands() -> list[list[str]]:
    """The ``lt-proc`` arguments of every process :func:`analyse` runs (for
    :meth:`KeptProcesses.start`)."""
    return [_analyser_args(NOB_MORPH), _analyser_args(NNO_MORPH), list(_BILINGUAL_ARGS)]


def analyse_many(words: Iterable[str], run: Runner = _run) -> dict[str, Analysis]:
    """:func:`analyse` for a big batch: split between two fresh ``lt-proc`` pipelines
    that run at once (on two cores; each word is analysed on its own, so the answer
    is the same). A small batch goes to ``run``."""
    todo = sorted({w for w in words if _WORD.match(w)})
    if len(todo) < SPLIT_MIN or (os.cpu_count() or 1) < 2:
        return analyse(todo, run)
    with ThreadPoolExecutor(max_workers=2) as pool:
        halves = list(pool.map(analyse, (todo[::2], todo[1::2])))
    return {**halves[0], **halves[1]}


def word_classes(words: Iterable[str], run: Runner = _run) -> dict[str, frozenset[str]]:
    """The word classes (``n``, ``vblex``, ``adj`` …) of each word's base-form readings.

    A reading counts when its lemma is the word itself (so an inflected form such
    as ``eide`` has none); Bokmål first, Nynorsk for the words Bokmål does not
    know. Unknown words are left out; {} when Apertium is missing or fails.
    """
    todo = sorted({w for w in words if _WORD.match(w)})
    if not todo or not available():
        return {}
    try:
        nob = _morph(run, NOB_MORPH, todo)
        nno = _morph(run, NNO_MORPH, [w for w in todo if w not in nob])
    except (OSError, subprocess.SubprocessError) as error:
        log.warning("apertium failed: %s", error)
        return {}
    out: dict[str, frozenset[str]] = {}
    for word, readings in {**nno, **nob}.items():
        tags = [r.split("<")[1].rstrip(">") for r in readings
                if "+" not in r and "<" in r and _lemma(r) == word]
        out[word] = frozenset(tags)
    return out
