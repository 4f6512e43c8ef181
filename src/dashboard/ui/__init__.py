"""The Streamlit layer: shared widgets, filter state and URL sync, cached query calls.

This subpackage is the only part of ``dashboard`` that imports Streamlit; pages call it
for layout and widgets and call the plain modules (queries, charts, ...) for everything else.
"""
