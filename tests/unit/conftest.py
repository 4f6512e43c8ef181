import datetime as dt

import pytest

from dashboard.extract import extract_events
from tests.unit.reference_world import world  # noqa: F401 - the reference tests' database


@pytest.fixture
def main():
    """Extract and return the main event (fails the test if there is none)."""

    def run(text, **kw):
        evs = extract_events(text, **kw)
        assert evs, "no event extracted"
        ev = evs[0]
        for key, e in ev.evidence.items():
            assert text[e.start:e.end] == e.text, key
        return ev

    return run


D = dt.date
