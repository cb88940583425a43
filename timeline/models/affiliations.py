"""Relations between actors over time: bloc membership, posts and their holders, and other relations.

Modelled on the Popolo specification: a membership or a post holding has a start and an end.
"""

from sqlalchemy import CheckConstraint, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from timeline.models.base import Base, DateSpan, IntPk, Label, Slug, choice, date_span_checks, source_fk
from timeline.vocab import MembershipRole, RelationKind


class Membership(DateSpan, Base):
    """A state (or other actor) belonging to a bloc, from ``start_date`` to ``end_date``."""

    __table_args__ = (
        *date_span_checks(),
        CheckConstraint("member_id <> organization_id", name="not_self"),
        {"comment": "Who belongs to which bloc, since when and until when."},
    )

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    member_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), index=True, comment="The member (a state)."
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), index=True, comment="The bloc."
    )
    role: Mapped[MembershipRole] = mapped_column(
        choice(MembershipRole, "role"), comment="member, founding_member, observer or suspended."
    )
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")


class Post(Base):
    """An office of an actor, e.g. the foreign minister of Mali, whoever holds it."""

    __table_args__ = (
        UniqueConstraint("organization_id", "role"),
        {"comment": "Offices such as the Foreign Minister of Russia, held by people over time."},
    )

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), comment="The state or body the post belongs to."
    )
    role: Mapped[str] = mapped_column(comment='The office, lower case: "foreign minister".')
    label: Mapped[Label] = mapped_column(comment='How the post is named: "Foreign Minister of Mali".')
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")


class PostHolding(DateSpan, Base):
    """A person holding a post, from ``start_date`` to ``end_date`` (NULL: unknown or still)."""

    __table_args__ = (*date_span_checks(), {"comment": "Who holds which post, and when."})

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True, comment="The post."
    )
    holder_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), index=True, comment="The person holding it."
    )
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")


class ActorRelation(DateSpan, Base):
    """A directed relation: ``subject`` stands in ``kind`` towards ``object`` (Mali, distancing, France)."""

    __table_args__ = (
        *date_span_checks(),
        CheckConstraint("subject_id <> object_id", name="not_self"),
        {"comment": "How actors relate over time: partnership, realignment, distancing, criticism, ..."},
    )

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    subject_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), index=True, comment="Who stands in the relation."
    )
    object_id: Mapped[int] = mapped_column(
        ForeignKey("actor.id", ondelete="CASCADE"), index=True, comment="Towards whom."
    )
    kind: Mapped[RelationKind] = mapped_column(
        choice(RelationKind, "kind"),
        comment="partnership, alliance, realignment, distancing, criticism, cooperation, rivalry, hostility.",
    )
    description: Mapped[str | None] = mapped_column(Text, comment="The relation in the sources' terms.")
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")
