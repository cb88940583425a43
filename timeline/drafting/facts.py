"""Events, memberships and relations, sentence by sentence, from the lexicon's triggers and the actors named.

The rules live by concern: words referring back (``references``), events (``events``), memberships and
relations (``affiliations``); this module runs them over a document in order.
"""

from timeline.drafting.affiliations import AffiliationRules
from timeline.drafting.reading import DraftEvent, DraftMembership, DraftRelation
from timeline.drafting.references import References
from timeline.vocab import (
    EventKind,
)


class Facts(AffiliationRules, References):
    """Everything the rules find in a document, in the order they find it."""

    def find(self) -> None:
        """Read every sentence (not the headline and headings), then what spans sentences."""
        self.resolve_references()
        for sentence in self.cast.document.sentences:
            if sentence.heading:
                continue
            events = self._sentence(sentence)
            self._memberships(sentence, events)
            self._relations(sentence)
        self._quotes()
        for event in self.events:
            if event.kind is EventKind.meeting:
                self._meeting_roles(event)
        self.infer_dates()


__all__ = ["DraftEvent", "DraftMembership", "DraftRelation", "Facts"]
