"""Settings come from the [ingest] and [http] config sections and are checked."""

from __future__ import annotations

import pytest

from storydesk.config import load_config
from storydesk.errors import ConfigError
from storydesk.stages.ingest import HttpSettings, IngestSettings


def test_settings_from_config() -> None:
    config = load_config(overrides=['ingest.text_extensions=["txt", ".Story"]', "http.timeout_s=3"])
    ingest, http = IngestSettings.from_config(config), HttpSettings.from_config(config)
    assert ingest.text_extensions == (".txt", ".story")
    assert http.timeout_s == 3.0 and http.max_redirects == 5


@pytest.mark.parametrize("make", [
    lambda: IngestSettings(max_bytes=0), lambda: HttpSettings(timeout_s=0),
    lambda: HttpSettings(max_redirects=-1),
])
def test_bad_values_are_refused(make) -> None:
    with pytest.raises(ConfigError):
        make()
