"""Collection: the dashboard fills itself from the sites that publish releases.

``sources add`` registers a site (a feed, a sitemap, or a listing page with its article-link
pattern); ``dashboard collect`` (from a timer, cron, or ``--loop``) checks the sources that
are due, finds new article addresses (``discover``), fetches each page once and politely
(``fetch``: robots.txt, per-site rate and concurrency limits, conditional requests, timeouts,
retries, size and redirect limits), keeps what is about an election (``relevance``) and
hands it to the ingest pipeline uploads use, with the source recorded on the article.
Locks and state live in the database (``store``), so collectors can run side by side.
See docs/collecting.md.
"""
