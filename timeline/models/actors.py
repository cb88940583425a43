"""Actors (blocs, states, officials, groups, organizations), their names and identifiers, and places."""

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from timeline.models.base import Base, IntPk, Name, Slug, choice, source_fk
from timeline.vocab import ActorKind, IdentifierScheme


class Actor(Base):
    """Anyone who acts or is acted upon. An official may be known only by post: ``name`` is then NULL."""

    __table_args__ = (
        CheckConstraint("name IS NOT NULL OR description IS NOT NULL", name="named_or_described"),
        {"comment": "Blocs, states, officials, loose groups and organizations."},
    )

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    kind: Mapped[ActorKind] = mapped_column(
        choice(ActorKind, "kind"), index=True, comment="bloc, state, person, group or organization."
    )
    name: Mapped[str | None] = mapped_column(comment="Proper name; NULL for an official known only by post.")
    description: Mapped[str | None] = mapped_column(
        Text, comment='What the actor is, e.g. "Foreign Minister of Mali" for an unnamed official.'
    )
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")

    aliases: Mapped[list["ActorAlias"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ActorAlias.alias"
    )
    identifiers: Mapped[list["ActorIdentifier"]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ActorIdentifier.scheme"
    )

    @property
    def display_name(self) -> str:
        return self.name or self.description or self.slug


class ActorAlias(Base):
    """Every name an actor is known by, its current name included, for lookups by name."""

    __table_args__ = (
        UniqueConstraint("actor_id", "alias"),
        {"comment": "Every name an actor is known by (its current name too): AES, Sahel bloc, ..."},
    )

    id: Mapped[IntPk]
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), comment="The actor.")
    alias: Mapped[Name] = mapped_column(comment="A name, as written.")
    normalized: Mapped[Name] = mapped_column(
        index=True, comment="The alias case-folded with spaces collapsed; lookups compare this."
    )


class ActorIdentifier(Base):
    """An actor's id in an outside scheme: ISO 3166-1 codes for states, Wikidata ids."""

    __table_args__ = (
        UniqueConstraint("scheme", "value"),
        UniqueConstraint("actor_id", "scheme"),
        {"comment": "Identifiers in outside schemes: ISO 3166-1, Wikidata."},
    )

    id: Mapped[IntPk]
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), comment="The actor.")
    scheme: Mapped[IdentifierScheme] = mapped_column(
        choice(IdentifierScheme, "scheme"), comment="wikidata, iso3166_1_alpha2 or iso3166_1_alpha3."
    )
    value: Mapped[str] = mapped_column(String(100), comment="The id in that scheme: Q912, ML, MLI.")


class Place(Base):
    """Where an event happens."""

    __table_args__ = ({"comment": "Places where events happen."},)

    id: Mapped[IntPk]
    slug: Mapped[Slug]
    name: Mapped[Name] = mapped_column(comment="The place's name.")
    country_id: Mapped[int | None] = mapped_column(
        ForeignKey("actor.id", ondelete="SET NULL"), comment="The state the place lies in."
    )
    wikidata: Mapped[str | None] = mapped_column(String(100), comment="Wikidata id, e.g. Q649 for Moscow.")
    updated_by_source_id: Mapped[int | None] = source_fk("The source that last set this row's values.")
