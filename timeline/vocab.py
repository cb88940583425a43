"""The controlled vocabularies of the schema.

Each is stored as its lower-case (or, for PLOVER, upper-case) value in a VARCHAR column guarded by a CHECK
constraint, so plain SQL sees readable words and a new word arrives only by a migration.
"""

from enum import StrEnum


class ActorKind(StrEnum):
    bloc = "bloc"  # an alliance or confederation of states (the AES)
    state = "state"
    person = "person"  # an official, possibly known only by the post they hold
    group = "group"  # a loose group named in the text ("Western powers")
    organization = "organization"  # any other body: a news agency, a ministry, a company


class Precision(StrEnum):
    """How sharply a date bound is known: the bound is the first (start) or last (end) day of that unit."""

    day = "day"
    month = "month"
    year = "year"
    decade = "decade"


class Certainty(StrEnum):
    stated = "stated"  # the document gives the date in full
    inferred = "inferred"  # resolved from partial words ("Tuesday") and the publication date
    approximate = "approximate"  # the words are vague ("more than a decade ago")


class EventKind(StrEnum):
    meeting = "meeting"
    statement = "statement"
    founding = "founding"  # an organization or alliance is formed
    withdrawal = "withdrawal"  # forces or a member leave
    coup = "coup"
    conflict = "conflict"  # an insurgency or war begins, spreads or ends
    agreement = "agreement"
    cooperation = "cooperation"  # a sustained course of cooperation (arms deals, deployments)
    criticism = "criticism"
    other = "other"


class EventStatus(StrEnum):
    announced = "announced"  # planned or reported ahead; not known to have happened
    held = "held"  # has taken place
    postponed = "postponed"
    cancelled = "cancelled"


class Plover(StrEnum):
    """The event categories of PLOVER (Political Language Ontology for Verifiable Event Records)."""

    AGREE = "AGREE"
    CONSULT = "CONSULT"
    SUPPORT = "SUPPORT"
    CONCEDE = "CONCEDE"
    COOPERATE = "COOPERATE"
    AID = "AID"
    RETREAT = "RETREAT"
    INVESTIGATE = "INVESTIGATE"
    DEMAND = "DEMAND"
    DISAPPROVE = "DISAPPROVE"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    PROTEST = "PROTEST"
    CRIME = "CRIME"
    SANCTION = "SANCTION"
    MOBILIZE = "MOBILIZE"
    COERCE = "COERCE"
    ASSAULT = "ASSAULT"


class ParticipantRole(StrEnum):
    host = "host"
    visitor = "visitor"
    inviter = "inviter"
    participant = "participant"
    party = "party"  # a bloc or state a meeting is between, represented by its officials
    issuer = "issuer"  # issues a statement
    reporter = "reporter"  # reports a statement or event (a news agency)
    actor = "actor"  # carries out the event (forms, withdraws, seizes power)
    target = "target"  # the event is directed at it
    subject = "subject"  # the event concerns it


class StatementKind(StrEnum):
    joint_statement = "joint_statement"
    statement = "statement"
    remark = "remark"
    communique = "communique"
    press_release = "press_release"
    interview = "interview"


class RelationKind(StrEnum):
    partnership = "partnership"
    alliance = "alliance"
    realignment = "realignment"  # turning towards the object
    distancing = "distancing"  # turning away from the object
    criticism = "criticism"
    cooperation = "cooperation"
    rivalry = "rivalry"
    hostility = "hostility"


class MembershipRole(StrEnum):
    member = "member"
    founding_member = "founding_member"
    observer = "observer"
    suspended = "suspended"


class IdentifierScheme(StrEnum):
    wikidata = "wikidata"
    iso3166_1_alpha2 = "iso3166_1_alpha2"
    iso3166_1_alpha3 = "iso3166_1_alpha3"


class ChangeOperation(StrEnum):
    insert = "insert"
    update = "update"
    delete = "delete"
