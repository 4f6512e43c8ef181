"""Names of the objects the migrations create by hand, which alembic's autogenerate must
leave alone: the full-text search (an FTS5 table with triggers on SQLite, a generated
tsvector column on PostgreSQL), and indexes with an expression or an order of their own."""

FTS_PREFIX = "article_fts"
HAND_MADE_INDEXES = ("ix_article_search", "ix_event_newest", "ix_article_title")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(FTS_PREFIX):
        return False
    if type_ == "column" and name == "search_vector":
        return False
    if type_ == "index" and name and name.startswith(HAND_MADE_INDEXES):
        return False
    return True
