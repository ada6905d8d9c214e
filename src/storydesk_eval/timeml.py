"""TempEval-3 TimeBank (TimeML ``.tml``) read as gold-dated documents for the dates scorer.

Each ``.tml`` file holds a ``<DCT>`` TIMEX3 (the document creation time, our anchor) and a
``<TEXT>`` with inline ``<TIMEX3 type= value=>`` (and ``<EVENT>``, ignored) markup. The text is the
TEXT element's characters with the markup removed; each TIMEX3 keeps its character extent in it.
Scoring is the MEANTIME scorer's (:func:`storydesk_eval.dates.score_documents`): every TIMEX3 of
type DATE outside the DCT counts right when our span overlapping it most has exactly its value, with
dateparser beside it in the same run. TimeBank gives no sentence annotation, so sentences come from
the spaCy parse. Values are compared exactly as annotated: our normaliser writes TimeML's own
notation (``198`` for the 1980s, ``1989-Q3``, ``1988-SU``, ``PRESENT_REF``), so no mapping is needed.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

from storydesk.errors import EvalError
from storydesk_eval.dates import MeantimeDoc, Timex, parse_dct


def _walk(element: ET.Element, parts: list[str], timexes: list[Timex]) -> None:
    """Append the element's text to ``parts``, recording every TIMEX3 extent met on the way."""
    start = sum(len(p) for p in parts)
    parts.append(element.text or "")
    for child in element:
        _walk(child, parts, timexes)
        parts.append(child.tail or "")
    if element.tag == "TIMEX3":
        end = start + len("".join(element.itertext()))
        text = "".join(element.itertext())
        lead = len(text) - len(text.lstrip())
        trail = len(text) - len(text.rstrip())
        timexes.append(Timex(start=start + lead, end=end - trail, type=element.get("type", ""),
                             value=element.get("value", ""), text=text.strip()))


def _dct(root: ET.Element) -> dt.date | None:
    """The creation time: the DCT element's TIMEX3 (else any with functionInDocument CREATION_TIME)."""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            return parse_dct(timex.get("value", ""))
    return None


def read_tml(path: Path) -> MeantimeDoc:
    """One TimeML document: its TEXT without markup, the DCT and every TIMEX3 inside TEXT.

    Raises:
        EvalError: the file cannot be parsed or has no TEXT element.
    """
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise EvalError(f"cannot parse TimeML file: {err}", source=str(path)) from err
    body = root.find("TEXT")
    if body is None:
        raise EvalError("TimeML file without a TEXT element", source=str(path))
    parts: list[str] = []
    timexes: list[Timex] = []
    _walk(body, parts, timexes)
    timexes.sort(key=lambda t: (t.start, t.end))
    return MeantimeDoc(name=path.stem, text="".join(parts), sentences=None, dct=_dct(root),
                       timexes=tuple(timexes))


def read_timeml(directory: Path) -> list[MeantimeDoc]:
    """Every ``.tml`` document under ``directory`` (recursively), sorted by path.

    Raises:
        EvalError: the directory is absent or holds no ``.tml`` file.
    """
    if not directory.is_dir():
        raise EvalError(f"TimeML data not found: {directory} is not a directory")
    paths = sorted(p for p in directory.rglob("*.tml") if p.is_file())
    if not paths:
        raise EvalError(f"no TimeML .tml documents under {directory}")
    return [read_tml(p) for p in paths]
