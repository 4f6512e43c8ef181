"""The query layer: every SQL query the pages use, aggregated in the database.

``tables`` names the tables and the SQLite/PostgreSQL differences, ``textsearch`` turns a
search string into an index query, ``core`` holds the shared filter conditions and the
queries of the foundation pages (``event_lists``: the newest-first event lists;
``event_rows``: the columns of a meeting's row; ``options``: reference data and the data
version; ``rollup_reads``: the aggregates read from the event rollup, asked first by
their counterparts in ``core`` and ``meetings``), ``article_list`` Berita's list, search
and snippets; the other modules add the queries of one area each (regions, meetings,
manage). Everything in ``core``, ``event_lists`` and ``article_list`` is re-exported here,
so ``queries.summary(...)`` and ``queries.articles(...)`` work; area queries are called as
``queries.<module>.<function>`` (``ui.cache.cached`` accepts ``"module.function"`` names).
"""

from dashboard.queries.core import *  # noqa: F401,F403
from dashboard.queries.event_lists import *  # noqa: F401,F403,E402
from dashboard.queries.article_list import *  # noqa: F401,F403,E402
from dashboard.queries.core import (  # noqa: F401 - helpers used by the area modules
    A,
    AG,
    E,
    EA,
    EL,
    ELR,
    ER,
    R,
    ST,
    VISIBLE_STATUSES,
    _df,
    event_filter_conditions,
    is_sqlite,
    period_start,
    search_article_ids,
    string_agg,
)
