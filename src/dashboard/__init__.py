"""Election-preparedness dashboard: ingest articles, extract events, chart coordination activity."""

__version__ = "0.1.0"
