"""Settings, once: the settings classes are the single source of defaults; defaults.toml restates them.

Every settings dataclass in the package (found by walking it, so a new one cannot be forgotten)
names its config section; that section lists exactly the class's fields, with the class's own default
values, each key under its own reason comment; and no section of defaults.toml is read by nobody.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import tomllib
from importlib import resources
from typing import Any

import pytest

import storydesk
from storydesk.config import Config, load_config, section_of

KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=")
SECTION_LINE = re.compile(r"^\[([A-Za-z0-9_.]+)\]\s*$")


def _settings_classes() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(storydesk.__path__, "storydesk."):
        if info.name.endswith("__main__"):
            continue  # running it is the CLI
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__name__.endswith("Settings")
                    and obj.__module__ == module.__name__):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[k] for k in sorted(found)]


def _is_composite(cls: type) -> bool:
    """A settings class made only of other settings (CleanSettings): its parts own the sections."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    return bool(fields) and all(dataclasses.is_dataclass(f.default) for f in fields)


def _nested_factory(f: dataclasses.Field[Any]) -> bool:
    factory = f.default_factory
    return factory is not dataclasses.MISSING and dataclasses.is_dataclass(factory)


SETTINGS = [cls for cls in _settings_classes() if not _is_composite(cls)]


def _toml_text() -> str:
    return resources.files("storydesk").joinpath("defaults.toml").read_text(encoding="utf-8")


def _section(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    node: Any = data
    for part in dotted.split("."):
        node = node[part]
    return {k: v for k, v in node.items() if not isinstance(v, dict)}


def test_the_walk_finds_the_settings_classes() -> None:
    names = {cls.__name__ for cls in SETTINGS}
    assert {"ClusterSettings", "DedupSettings", "StoreSettings", "ExtractSettings",
            "PipelineSettings"} <= names
    assert len(SETTINGS) >= 20


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda c: c.__name__)
def test_every_settings_class_has_a_section_listing_exactly_its_fields(cls: type) -> None:
    section = section_of(cls)
    data = tomllib.loads(_toml_text())
    keys = set(_section(data, section))
    # A field holding another settings object (IngestSettings.extract) is read from that one's section.
    fields = {f.name for f in dataclasses.fields(cls)  # type: ignore[arg-type]
              if not dataclasses.is_dataclass(f.default) and not _nested_factory(f)}
    assert keys == fields, (f"[{section}] vs {cls.__name__}: only in toml {keys - fields}, "
                            f"only in class {fields - keys}")


@pytest.mark.parametrize("cls", SETTINGS, ids=lambda c: c.__name__)
def test_every_field_has_a_default_equal_to_the_packaged_value(cls: type) -> None:
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        assert f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING, (
            f"{cls.__name__}.{f.name} has no default: the class must be the source of defaults")
    assert load_config().settings(cls) == cls(), (
        f"defaults.toml [{section_of(cls)}] differs from {cls.__name__}()")


def test_every_key_has_its_own_reason_line() -> None:
    previous, section, missing = "", "", []
    for line in _toml_text().splitlines():
        stripped = line.strip()
        if match := SECTION_LINE.match(stripped):
            section = match.group(1)
        elif (match := KEY_LINE.match(stripped)) and not previous.startswith("#"):
            missing.append(f"{section}.{match.group(1)}")
        if stripped and not stripped.startswith(("]", '"')):
            previous = stripped
    assert not missing, f"keys without a reason comment right above them: {missing}"


def test_no_section_is_read_by_nobody() -> None:
    claimed = {section_of(cls) for cls in SETTINGS}

    def leaves(node: dict[str, Any], prefix: str) -> list[str]:
        out = [prefix] if prefix and any(not isinstance(v, dict) for v in node.values()) else []
        for key, value in node.items():
            if isinstance(value, dict):
                out += leaves(value, f"{prefix}.{key}" if prefix else key)
        return out

    orphans = set(leaves(tomllib.loads(_toml_text()), "")) - claimed
    assert not orphans, f"sections no settings class reads: {sorted(orphans)}"


def test_an_override_reaches_the_settings_object() -> None:
    cls = next(c for c in SETTINGS if c.__name__ == "DedupSettings")
    assert load_config(overrides=["dedup.threshold=0.7"]).settings(cls).threshold == pytest.approx(0.7)
    assert Config({}).settings_or_default(cls) == cls()
