"""Ingest: readers (one per format), cleaning, and the pipeline that stores articles and events."""
