from __future__ import annotations

from storydesk.stages.clean.edits import Edit, apply_edits, blocks, remove_block


def test_blocks_have_exact_ranges() -> None:
    raw = "  One.  \n\nTwo\n"
    assert [(b.start, b.end, b.text) for b in blocks(raw)] == [(2, 6, "One."), (10, 13, "Two")]
    for b in blocks(raw):
        assert raw[b.start:b.end] == b.text


def test_apply_edits_records_removed_text_at_raw_offsets() -> None:
    raw = "Keep this.\nDrop this.\nAnd nbsp;this."
    b = blocks(raw)
    start = raw.index("nbsp;")
    text, removed = apply_edits(raw, [remove_block(b[1], "share-buttons", "share"),
                                      Edit(start=start, end=start + 5, reason="entity", replacement=" ")])
    assert text == "Keep this.\n\nAnd this."
    assert [(raw[r.start:r.end], r.reason) for r in removed] == [("Drop this.", "share-buttons"),
                                                                 ("nbsp;", "entity")]


def test_overlapping_edits_keep_the_enclosing_one() -> None:
    raw = "Alpha beta gamma."
    text, removed = apply_edits(raw, [Edit(start=6, end=10, reason="inner"),
                                      Edit(start=0, end=17, reason="outer")])
    assert text == "" and [r.reason for r in removed] == ["outer"]
