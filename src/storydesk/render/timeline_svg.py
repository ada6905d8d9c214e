"""A timeline chart as inline SVG: one mark per dated item, sized by how many outlets report it.

Items are spaced evenly in date order rather than to scale: a story's own days and its background
(a visit years earlier) would otherwise crowd into one corner. Day-granular items are filled dots,
month- and year-granular ones hollow; background items are grey. Labels alternate above and below
the axis so neighbours stay readable. No script and no external resource.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from storydesk.model import TimelineItem

WIDTH = 900
HEIGHT = 190
MARGIN = 70
AXIS_Y = 95
# Mark radius: a base plus a step per reporting outlet, capped so crowded items don't swallow the axis.
BASE_RADIUS = 4.0
RADIUS_PER_OUTLET = 1.5
MAX_RADIUS = 12.0
LABEL_CHARS = 26
# Label rows above and below the axis; four rows keep evenly spaced neighbours from overlapping.
ROW_OFFSETS = (-22, 30, -42, 50)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _mark(item: TimelineItem, x: float, row: int) -> str:
    radius = min(MAX_RADIUS, BASE_RADIUS + RADIUS_PER_OUTLET * len(item.outlets))
    classes = ("bg" if item.background else "ev") + ("" if item.granularity == "day" else " coarse")
    tip = escape(f"{item.date} ({item.granularity}): {item.text} — {len(item.outlets)} outlets", quote=True)
    label_y = AXIS_Y + ROW_OFFSETS[row % len(ROW_OFFSETS)]
    stem_end = label_y - 4 if label_y < AXIS_Y else label_y - 12
    return (f"<g class='{classes}'><circle cx='{x:.1f}' cy='{AXIS_Y}' r='{radius:.1f}'>"
            f"<title>{tip}</title></circle>"
            f"<line x1='{x:.1f}' y1='{AXIS_Y}' x2='{x:.1f}' y2='{stem_end}' "
            f"class='stem'/>"
            f"<text x='{x:.1f}' y='{label_y}' text-anchor='middle' class='label'>"
            f"<tspan class='d'>{escape(item.date)}</tspan>"
            f"<tspan x='{x:.1f}' dy='11'>{escape(_short(item.text))}</tspan></text></g>")


def timeline_svg(items: Sequence[TimelineItem]) -> str:
    """The chart (items in the order given, which is date order), or "" for no items."""
    if not items:
        return ""
    step = (WIDTH - 2 * MARGIN) / max(len(items) - 1, 1)
    marks = [_mark(item, MARGIN + step * i if len(items) > 1 else WIDTH / 2, i)
             for i, item in enumerate(items)]
    axis = f"<line x1='{MARGIN / 2}' y1='{AXIS_Y}' x2='{WIDTH - MARGIN / 2}' y2='{AXIS_Y}' class='axis'/>"
    return (f"<svg class='timeline-chart' viewBox='0 0 {WIDTH} {HEIGHT}' role='img' "
            f"aria-label='timeline of {len(items)} dated events'>{axis}{''.join(marks)}</svg>")
