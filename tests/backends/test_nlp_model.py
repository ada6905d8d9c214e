"""The spaCy model is the one we recorded: every pipeline file matches its sha256."""

from __future__ import annotations

import pytest

from storydesk.backends.nlp import load_nlp, model_data_dir, recorded_hashes, verify_model_files


def test_model_files_match_recorded_hashes() -> None:
    assert len(recorded_hashes()["files"]) >= 20
    assert verify_model_files() == []


def test_tampered_file_is_detected(tmp_path) -> None:
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(model_data_dir(), copy)
    (copy / "ner" / "model").write_bytes(b"tampered")
    assert verify_model_files(copy) == ["ner/model"]


@pytest.mark.integration
def test_model_loads_once_and_finds_entities() -> None:
    nlp = load_nlp(("lemmatizer",))
    assert load_nlp(("lemmatizer",)) is nlp
    doc = nlp("Russian President Vladimir Putin met Bashar al-Assad in Moscow on March 15, 2023.")
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Vladimir Putin", "PERSON") in labels and ("Moscow", "GPE") in labels
