"""What an article is (its fields, the columns they are read from by default) and what can
be wrong with one (:class:`Problem`, :class:`CorpusError`)."""
from __future__ import annotations

from dataclasses import dataclass


MANIFEST_NAME = "articles.csv"
ARTICLE_FIELDS = [
    "article_id", "outlet", "title", "published", "event", "language",
    "source_file", "encoding", "text",
]
# Column names tried, in order, when the caller does not name a column. The first two
# lists cover news-please (maintext, source_domain, date_publish) and
# article-bias-prediction (content_original, source, ID, topic).
DEFAULT_COLUMNS = {
    "id": ["article_id", "id", "ID", "_id"],
    "outlet": ["outlet", "source", "source_domain", "publisher", "media"],
    "title": ["title", "headline"],
    "text": ["text", "content_original", "maintext", "body", "content"],
    "date": ["published", "date", "date_publish", "publish_date", "published_at"],
    "event": ["event", "story", "topic"],
    "language": ["language", "lang"],
}
TABLE_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl",
                  ".parquet": "parquet", ".pq": "parquet"}


@dataclass(frozen=True)
class Problem:
    """One finding of validation: ``level`` is "error" or "warning"."""

    level: str
    file: str
    problem: str
    article_id: str = ""

    def __str__(self) -> str:
        who = f" [{self.article_id}]" if self.article_id else ""
        return f"{self.level.upper()}: {self.file}{who}: {self.problem}"


class CorpusError(ValueError):
    """Raised when a corpus has errors; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.level == "error"]
        lines = "\n".join(f"  {p}" for p in errors)
        super().__init__(f"the corpus has {len(errors)} error(s):\n{lines}")

