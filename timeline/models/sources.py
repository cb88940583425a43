"""Source documents, stored verbatim with their metadata."""

import datetime as dt

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from timeline.models.base import LONG_TEXT, Base, IntPk, Label, Slug, choice
from timeline.vocab import Certainty, Precision


class Source(Base):
    """A document facts are drawn from. Evidence offsets index into ``text``."""

    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        {"comment": "Documents, stored verbatim; every fact's evidence points into one of them."},
    )

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    title: Mapped[Label] = mapped_column(comment="The document's headline or title.")
    publisher: Mapped[str | None] = mapped_column(comment="Who published the document; NULL if unknown.")
    wire_service: Mapped[str | None] = mapped_column(comment="The news agency the report relies on, if any.")
    author: Mapped[str | None] = mapped_column(comment="The byline, if any.")
    url: Mapped[str | None] = mapped_column(
        String(2000), comment="Where the document was published, if known."
    )
    language: Mapped[str] = mapped_column(String(35), comment="BCP 47 language tag, e.g. en.")
    published_date: Mapped[dt.date] = mapped_column(
        comment="Publication date: the first day of its precision unit. Relative dates resolve against it."
    )
    published_precision: Mapped[Precision] = mapped_column(
        choice(Precision, "published_precision"), comment="day, month or year."
    )
    published_certainty: Mapped[Certainty] = mapped_column(
        choice(Certainty, "published_certainty"), comment="stated (the document gives it) or inferred."
    )
    published_note: Mapped[str | None] = mapped_column(
        Text, comment="How the publication date was established."
    )
    sha256: Mapped[str] = mapped_column(
        String(64),
        unique=True,
        comment="SHA-256 of the document's bytes; a changed document is detected by it.",
    )
    file_name: Mapped[str] = mapped_column(String(500), comment="The file the document was seeded from.")
    text: Mapped[str] = mapped_column(LONG_TEXT, comment="The document, verbatim (UTF-8 decoded).")
