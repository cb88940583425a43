"""``draft(...)``: a raw document in, a complete annotation draft out, linked to what the database knows.

The steps: actors (the database's names, then the gazetteer), officials and posts, dates, then events,
memberships and relations sentence by sentence; every fact quotes the document's exact words, located by the
same code as ``timeline seed``. The database is read, never written.
"""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from timeline.drafting.compose import Composer
from timeline.drafting.datefind import dateline_span, find_dateline, find_dates
from timeline.drafting.document import Document
from timeline.drafting.facts import Facts
from timeline.drafting.names import Cast
from timeline.drafting.officials import Officials


@dataclass(frozen=True)
class Draft:
    text: str  # the annotation, YAML
    published: dt.date | None
    title: str | None


def draft(
    document_text: str,
    *,
    document_name: str,
    session: Session | None,
    published: dt.date | None = None,
    title: str | None = None,
) -> Draft:
    document = Document(document_text, dateline_span(document_text))
    published = published or find_dateline(document_text)
    title = title or document.headline
    anchor = published or dt.date.today()
    cast = Cast(document, session)
    cast.find()
    officials = Officials(cast, session, published)
    officials.find()
    dates = find_dates(document_text, anchor)
    if document.dateline is not None:  # its date is the publication date, not a fact's
        dates = [d for d in dates if not document.dateline[0] <= d.start < document.dateline[1]]
    facts = Facts(cast, officials, dates, published)
    facts.find()
    composer = Composer(document, document_name, cast, officials, facts, session, published)
    return Draft(composer.write(title), published, title)
