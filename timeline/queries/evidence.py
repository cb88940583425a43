"""The evidence behind fact rows, fetched for many rows at once."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from timeline.models import FACT_COLUMNS, Evidence, Source


@dataclass(frozen=True)
class Cited:
    """A quoted span: the source's slug, the character offsets and the words."""

    source: str
    char_start: int
    char_end: int
    text: str

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "text": self.text,
        }


def evidence_for(session: Session, table: str, ids: Iterable[int]) -> dict[int, list[Cited]]:
    """Evidence of the rows ``ids`` of fact table ``table``, in document order, keyed by row id."""
    wanted = sorted(set(ids))
    found: dict[int, list[Cited]] = defaultdict(list)
    if not wanted:
        return found
    column = getattr(Evidence, FACT_COLUMNS[table])
    for start in range(0, len(wanted), 500):  # stay under every backend's limit on bound parameters
        rows = session.execute(
            select(column, Source.slug, Evidence.char_start, Evidence.char_end, Evidence.text)
            .join(Source, Source.id == Evidence.source_id)
            .where(column.in_(wanted[start : start + 500]))
            .order_by(column, Source.published_date, Source.slug, Evidence.char_start, Evidence.char_end)
        )
        for fact_id, source, char_start, char_end, text in rows:
            found[fact_id].append(Cited(source, char_start, char_end, text))
    return found


def source_titles(session: Session, slugs: Iterable[str]) -> dict[str, str]:
    """How people see each source cited: its title and publication date, keyed by slug."""
    wanted = sorted(set(slugs))
    titles: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(Source.slug, Source.title, Source.published_date).where(
                Source.slug.in_(wanted[start : start + 500])
            )
        )
        for slug, title, published in rows:
            titles[slug] = f"{title or slug} ({published.isoformat()})" if published else title or slug
    return titles
