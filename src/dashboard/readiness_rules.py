"""What readiness counts (see ``dashboard.readiness``): the kinds of event that are meetings
and the key bodies. Apart from the measure's pandas code, so that the writers' rollup
(``dashboard.rollup``) can use them without importing pandas."""

from __future__ import annotations

# Key bodies: label -> canonical agency names (data/agencies.csv) that count as that body.
KEY_BODIES: dict[str, tuple[str, ...]] = {
    "KPU": ("KPU",),
    "Bawaslu": ("Bawaslu",),
    "Pemda/Kesbangpol": ("Pemda", "Kesbangpol"),
    "Polri": ("Polri",),
    "TNI": ("TNI",),
}
MEETING_ACTIVITIES: tuple[str, ...] = ("rakor", "rapat")
