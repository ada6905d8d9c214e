"""Typed settings: defaults file, then a user file, then ``--set key=value`` overrides.

Config is data, never a global: a resolved :class:`Config` is passed to whatever needs it and written
next to every output. Every knob lives in ``defaults.toml`` with a one-line reason.
"""

from __future__ import annotations

import copy
import dataclasses
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from storydesk.errors import ConfigError

T = TypeVar("T")


class Config:
    """A resolved, validated settings tree (nested dicts keyed by section)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = copy.deepcopy(dict(data))

    def section(self, dotted: str) -> dict[str, Any]:
        """The settings of one section, e.g. ``"clean.glued"`` (scalars only, no subsections)."""
        node: Any = self._data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ConfigError(f"no config section {dotted!r}")
            node = node[part]
        return {k: v for k, v in node.items() if not isinstance(v, dict)}

    def get(self, dotted: str) -> Any:
        """One value by dotted key, e.g. ``"store.batch_size"``."""
        *path, key = dotted.split(".")
        section = self.section(".".join(path)) if path else self._data
        if key not in section:
            raise ConfigError(f"unknown setting {dotted!r}")
        return section[key]

    def to_dict(self) -> dict[str, Any]:
        """A deep copy of the whole tree (for writing next to outputs)."""
        return copy.deepcopy(self._data)

    def settings(self, cls: type[T], dotted: str | None = None) -> T:
        """Build a settings dataclass from one section (by default the class's ``SECTION``).

        Unknown keys are errors; keys the section lacks keep the class's own defaults.
        """
        dotted = dotted or section_of(cls)
        values = self.section(dotted)
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        extra = set(values) - names
        if extra:
            raise ConfigError(f"unknown setting(s) in [{dotted}]: {', '.join(sorted(extra))}")
        # TOML arrays arrive as lists; settings hold tuples, so records stay hashable and comparable.
        return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items() if k in names})

    def settings_or_default(self, cls: type[T], dotted: str | None = None) -> T:
        """Like :meth:`settings`, but the class's own defaults when the config has no such section.

        A section that exists with a bad key is still an error: that is the user's mistake.
        """
        dotted = dotted or section_of(cls)
        node: Any = self._data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return cls()
            node = node[part]
        return self.settings(cls, dotted)


def section_of(cls: type) -> str:
    """The config section a settings class is read from: its ``SECTION`` class attribute.

    Raises:
        ConfigError: the class names no section.
    """
    section = getattr(cls, "SECTION", None)
    if not isinstance(section, str):
        raise ConfigError(f"{cls.__name__} declares no SECTION")
    return section


def _defaults() -> dict[str, Any]:
    text = resources.files("storydesk").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], override: Mapping[str, Any], where: str) -> None:
    for key, value in override.items():
        if key not in base:
            raise ConfigError(f"unknown setting {where}{key}")
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}{key!r} is a section, not a value")
            _merge(base[key], value, f"{where}{key}.")
        else:
            base[key] = _checked(value, base[key], f"{where}{key}")


def _checked(value: Any, default: Any, key: str) -> Any:
    if isinstance(default, bool) != isinstance(value, bool):
        raise ConfigError(f"{key} must be {type(default).__name__}, got {value!r}")
    if isinstance(default, float) and isinstance(value, int):
        return float(value)
    if not isinstance(value, type(default)):
        raise ConfigError(f"{key} must be {type(default).__name__}, got {value!r}")
    return value


def _parse_assignment(item: str) -> tuple[list[str], Any]:
    key, sep, raw = item.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--set expects key=value, got {item!r}")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()  # a bare word is a string
    return key.strip().split("."), value


def load_config(user_file: Path | None = None, overrides: Iterable[str] = ()) -> Config:
    """Resolve settings: packaged defaults, then ``user_file``, then ``key=value`` overrides."""
    data = _defaults()
    if user_file is not None:
        try:
            _merge(data, tomllib.loads(user_file.read_text(encoding="utf-8")), "")
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise ConfigError(f"cannot read config: {err}", source=str(user_file)) from err
    for item in overrides:
        path, value = _parse_assignment(item)
        nested: dict[str, Any] = {path[-1]: value}
        for part in reversed(path[:-1]):
            nested = {part: nested}
        _merge(data, nested, "")
    return Config(data)
