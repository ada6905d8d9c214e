"""``report.json``: the serialised report (see ``schema/report.schema.json``)."""

from __future__ import annotations

import json

from storydesk.model import Report
from storydesk.model.serialize import report_to_dict


def render_json(report: Report) -> str:
    """The report as pretty-printed JSON with ``schema_version``."""
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
