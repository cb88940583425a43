"""The SQLAlchemy models: the public schema of a timeline database."""

from timeline.models.actors import Actor, ActorAlias, ActorIdentifier, Place
from timeline.models.affiliations import ActorRelation, Membership, Post, PostHolding
from timeline.models.base import Base
from timeline.models.changes import ChangeLog
from timeline.models.events import (
    Event,
    EventParticipant,
    EventTopic,
    Meeting,
    MeetingSeries,
    Quote,
    Statement,
)
from timeline.models.evidence import FACT_COLUMNS, Evidence
from timeline.models.sources import Source

__all__ = [
    "FACT_COLUMNS",
    "Actor",
    "ActorAlias",
    "ActorIdentifier",
    "ActorRelation",
    "Base",
    "ChangeLog",
    "Event",
    "EventParticipant",
    "EventTopic",
    "Evidence",
    "Meeting",
    "MeetingSeries",
    "Membership",
    "Place",
    "Post",
    "PostHolding",
    "Quote",
    "Source",
    "Statement",
]
