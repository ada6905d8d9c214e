from __future__ import annotations

from storydesk.model import Corpus
from storydesk.registry import RunContext
from storydesk.stages.dedup.settings import DedupSettings
from storydesk.stages.dedup.stage import (
    DedupStage,
    containment,
    near_duplicate_groups,
    shingles,
)

WIRE = ("The central bank raised its key interest rate by half a percentage point on Thursday, "
        "the largest increase in two decades, as policymakers tried to slow inflation that has reached "
        "its highest level in forty years. The governor said further increases were likely this year.")


def _art(make_article, text: str, ref: str):
    return make_article(text, ref=ref).evolve(text=text)


def test_wire_copy_and_cut_repost_are_grouped_with_similarity(make_article) -> None:
    a = _art(make_article, WIRE, "a")
    b = _art(make_article, "Markets fell. " + WIRE + " Shares closed lower.", "b")
    c = _art(make_article, WIRE[: len(WIRE) * 2 // 3], "c")
    other = _art(make_article, "A football club won the cup final after extra time in front of "
                 "sixty thousand fans, its first trophy in a decade, the coach said.", "d")
    groups = near_duplicate_groups([a, b, c, other], DedupSettings())
    assert len(groups) == 1
    members = {m.article: m.similarity for m in groups[0].members}
    assert set(members) == {a.id, b.id, c.id}
    assert all(0.5 <= s <= 1.0 for s in members.values())
    assert groups[0].provenance.stage == "dedup"


def test_nothing_is_dropped_by_the_stage(make_article) -> None:
    arts = tuple(_art(make_article, WIRE + f" Extra {i}.", str(i)) for i in range(3))
    out = DedupStage(settings=DedupSettings()).run(Corpus(articles=arts), RunContext())
    assert out.articles == arts and len(out.duplicates) == 1


def test_containment_and_shingles() -> None:
    assert containment(shingles("a b c d e f", 5), shingles("a b c d e f g", 5)) == 1.0
    assert shingles("short text", 5) == {"short text"}
    assert containment(set(), {"x"}) == 0.0
