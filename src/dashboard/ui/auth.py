"""Access control for pages (placeholder: every page is open until accounts land)."""

from __future__ import annotations


def guard(page: str, role: str = "viewer") -> str | None:
    """Stop the page unless the session may see it; returns the user name (None if anonymous)."""
    return None
