"""Reading one attribute of a span's layer record, whether the record is typed or a mapping.

The library's span layers carry typed records (``DateAttrs``, ``QuoteAttrs``, ...); records built by
older code or by tests may still be plain mappings. The scorers read attributes only through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storydesk.model import Span


def attr(span: Span[Any], name: str, default: Any = None) -> Any:
    """``span.attrs[name]`` for a mapping record, ``span.attrs.name`` for a typed one."""
    record = span.attrs
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)
