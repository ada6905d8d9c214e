"""Read-once views of a parsed spaCy ``Doc`` shared by the layer extractors.

``Doc.sents`` rebuilds its sentence spans on every access; the sentence, quote, speaker and date
extractors each need them, so they are built once per document and kept in ``doc.user_data``.
"""

from __future__ import annotations

from typing import Any

_SENTS = "storydesk.sents"


def sentences_of(doc: Any) -> list[Any]:
    """The document's sentence spans, computed on first use and then reused."""
    cached = doc.user_data.get(_SENTS)
    if cached is None:
        cached = list(doc.sents)
        doc.user_data[_SENTS] = cached
    return cached
