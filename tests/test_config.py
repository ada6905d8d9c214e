from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from storydesk.config import load_config
from storydesk.errors import ConfigError


def test_defaults_load_and_every_section_is_documented() -> None:
    cfg = load_config()
    assert cfg.get("store.batch_size") > 0
    assert cfg.get("dedup.threshold") == pytest.approx(0.5)


def test_user_file_then_overrides(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_text("[store]\nbatch_size = 7\n[dedup]\nthreshold = 0.9\n")
    cfg = load_config(user, ["dedup.threshold=0.6", "http.user_agent=tester"])
    assert cfg.get("store.batch_size") == 7
    assert cfg.get("dedup.threshold") == pytest.approx(0.6)
    assert cfg.get("http.user_agent") == "tester"


@pytest.mark.parametrize("item", ["nosuch.key=1", "store.batch_size=abc", "store=1", "noequals"])
def test_bad_overrides_are_clear_errors(item: str) -> None:
    with pytest.raises(ConfigError):
        load_config(None, [item])


def test_int_is_accepted_where_float_is_expected() -> None:
    assert load_config(None, ["dedup.threshold=1"]).get("dedup.threshold") == 1.0


def test_unreadable_user_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[store\n")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_config(bad)


def test_settings_dataclass_rejects_unknown_keys() -> None:
    @dataclass(frozen=True)
    class Small:
        batch_size: int = 1
        busy_timeout_s: float = 1.0

    cfg = load_config()
    assert cfg.settings(Small, "store").batch_size == cfg.get("store.batch_size")

    @dataclass(frozen=True)
    class Other:
        nothing: int = 1

    with pytest.raises(ConfigError, match="unknown setting"):
        cfg.settings(Other, "store")
