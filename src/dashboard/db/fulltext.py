"""Names of the full-text search objects, which the migrations create by hand (an FTS5
table with triggers on SQLite, a generated tsvector column on PostgreSQL) and which
alembic's autogenerate must leave alone."""

FTS_PREFIX = "article_fts"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(FTS_PREFIX):
        return False
    if type_ == "column" and name == "search_vector":
        return False
    if type_ == "index" and name and name.startswith("ix_article_search"):
        return False
    return True
