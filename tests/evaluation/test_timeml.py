"""The TimeML (TempEval-3) reader: text without markup, TIMEX3 extents, the creation time as anchor."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storydesk.errors import EvalError
from storydesk_eval.dates import gold_dates
from storydesk_eval.timeml import read_timeml, read_tml

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="1998-02-13T14:26:00"
functionInDocument="CREATION_TIME">02/13/1998</TIMEX3></DCT>
<TEXT>
The vote <EVENT eid="e1">passed</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-13">Friday</TIMEX3> \
after <TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3>; a referendum follows \
<TIMEX3 tid="t3" type="DATE" value="1999"> next year </TIMEX3>.
</TEXT>
</TimeML>
"""


def test_text_and_extents(tmp_path: Path) -> None:
    path = tmp_path / "X1.tml"
    path.write_text(TML)
    doc = read_tml(path)
    assert doc.dct == dt.date(1998, 2, 13)
    assert "<" not in doc.text and "The vote passed Friday after two weeks" in doc.text
    assert [(doc.text[t.start:t.end], t.type, t.value) for t in doc.timexes] == [
        ("Friday", "DATE", "1998-02-13"), ("two weeks", "DURATION", "P2W"), ("next year", "DATE", "1999")]
    assert [t.value for t in gold_dates(doc)] == ["1998-02-13", "1999"]
    assert doc.sentences is None  # TimeBank has no sentence annotation: the parse gives them


def test_reads_every_file_recursively(tmp_path: Path) -> None:
    for name in ("a/one.tml", "a/b/two.tml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TML)
    assert [d.name for d in read_timeml(tmp_path)] == ["two", "one"]


def test_missing_or_broken_data_is_an_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError):
        read_timeml(tmp_path / "absent")
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>")
    with pytest.raises(EvalError, match="cannot parse"):
        read_timeml(tmp_path)
