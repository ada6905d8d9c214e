"""The enrichment facts the bundled example must show (real model, real files, whole pipeline)."""

from __future__ import annotations

import pytest

from storydesk import api

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory):
    from tests.conftest import EXAMPLE

    out = tmp_path_factory.mktemp("report")
    return {a.ref[:3]: a for a in api.analyze([str(EXAMPLE)], out_dir=out).report.corpus.articles}


def _dates(article, surface: str) -> list[str | None]:
    return [s.attrs.value for s in article.layers["dates"]
            if article.text[s.start:s.end] == surface]


def test_publication_dates(report) -> None:
    assert (report["000"].published.value, report["000"].published.basis) == ("2023-03-06", "header")
    for key in ("001", "002", "003", "004"):
        pub = report[key].published
        assert pub.basis == "inferred" and pub.value and pub.evidence, key
        assert 0 < pub.confidence < report["000"].published.confidence


def test_relative_days_resolve_against_the_inferred_date(report) -> None:
    assert "2023-03-14" in _dates(report["002"], "Tuesday")
    assert _dates(report["001"], "later Wednesday") == ["2023-03-15"]


def test_peskov_is_quoted_in_three_reports(report) -> None:
    quoting = {key for key, art in report.items()
               if any("Peskov" in str(q.attrs.speaker) for q in art.layers["quotes"])}
    assert len(quoting) >= 3


def test_layers_are_spans_into_the_cleaned_text_only(report) -> None:
    for art in report.values():
        for name, spans in art.layers.items():
            for span in spans:
                assert 0 <= span.start <= span.end <= len(art.text), (name, span)
        removed_text = " ".join(r.text for r in art.removed)
        for ent in art.layers["entities"]:
            if ent.attrs.text in ("Sudani", "Al-Hamidawi", "Kata’ib Hezbollah"):
                pytest.fail(f"entity {ent.attrs.text} from a removed segment: {removed_text[:80]}")


def test_rerun_enrichment_does_nothing(report) -> None:
    from storydesk.stages.enrich.stage import EnrichSettings, EnrichStage

    arts = list(report.values())
    again = list(EnrichStage(settings=EnrichSettings()).pipe(arts))
    assert again == arts
