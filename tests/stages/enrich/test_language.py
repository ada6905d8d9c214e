"""Article language: stated codes normalised to ISO 639-1, otherwise detected from the text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storydesk.model import Article
from storydesk.registry import spec
from storydesk.stages.enrich.language import detect_language, stated_code, with_language

# One short news sentence per language, each a lead a wire could have filed (60-130 characters).
LEADS = {
    "en": "The central bank raised interest rates by a quarter point on Wednesday, to a 22-year high.",
    "fr": "Les pays de l'Otan ont décidé mercredi que leur aide militaire à l'Ukraine serait maintenue.",
    "de": "Am Dienstagvormittag hat der zweitägige Gipfel im litauischen Vilnius begonnen.",
    "es": "El candidato oficialista reconoció este domingo su derrota en la segunda vuelta electoral.",
    "it": "Il razzo è esploso in volo pochi minuti dopo il lancio dalla base in Texas, ha detto l'azienda.",
    "pt": "Os argentinos foram às urnas neste domingo e os resultados indicam um segundo turno em novembro.",
    "ru": "Самолёт потерпел крушение в Тверской области, все десять человек на борту погибли.",
    "cs": "Letadlo se zřítilo v Tverské oblasti a všech deset lidí na palubě zahynulo, uvedly úřady.",
    "id": "Sejumlah warga terpaksa mengungsi setelah banjir besar melanda kota itu sejak Minggu malam.",
    "sl": "Ruska državna vesoljska korporacija je sporočila, da je izgubila stik s plovilom.",
}


@pytest.mark.parametrize("language", sorted(LEADS))
def test_a_short_news_lead_is_detected_in_its_language(language: str) -> None:
    assert detect_language(LEADS[language]) == language


def test_too_few_letters_leave_the_language_unknown() -> None:
    assert detect_language("12:05 — 2024") is None
    assert detect_language("Oops!") is None


@pytest.mark.parametrize(("stated", "code"), [("en-US", "en"), ("EN", "en"), ("pt_BR", "pt"), ("eng", "en"),
                                              ("fre", "fr"), ("iw", "he"), ("und", None), ("", None),
                                              (None, None)])
def test_stated_codes_become_iso_639_1(stated: str | None, code: str | None) -> None:
    assert stated_code(stated) == code


def test_a_stated_language_is_kept_and_a_missing_one_detected(make_article: Callable[..., Article]) -> None:
    # A source's own statement wins over the classifier, even on text that reads as another language.
    stated = make_article(LEADS["fr"], text=LEADS["fr"], language="fr-FR")
    assert with_language(stated).language == "fr"
    unstated = make_article(LEADS["de"], text=LEADS["de"])
    assert with_language(unstated).language == "de"
    placeholder = make_article(LEADS["es"], text=LEADS["es"], language="und")
    assert with_language(placeholder).language == "es"


def test_the_enrich_stage_declares_it_produces_the_language() -> None:
    assert "article.language" in spec("enrich.v1").produces
