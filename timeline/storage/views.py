"""The documented views analysts query with their own SQL tools: what each one and its columns mean.

The views themselves are created by a migration (their SQL is frozen there); this module is where their
descriptions live, for `timeline schema` and, on PostgreSQL, for COMMENT ON.
"""

DATE_COLUMNS = {
    "start_date": "First day the fact may hold; NULL if unknown.",
    "start_precision": "day, month, year or decade.",
    "end_date": "Last day the fact may hold; NULL if open or unknown.",
    "end_precision": "day, month, year or decade.",
    "date_certainty": "stated, inferred or approximate.",
    "date_text": "The document's own words for the date.",
}

# How each view's rows are ordered in exports (a view has no primary key of its own).
VIEW_ORDER = {
    "timeline_view": ("event_id",),
    "membership_view": ("membership_id",),
    "post_holder_view": ("post_holding_id",),
    "participant_view": ("event_participant_id",),
    "statement_view": ("statement_id", "quote_id"),
    "evidence_view": ("evidence_id",),
}

VIEWS: dict[str, tuple[str, dict[str, str]]] = {
    "timeline_view": (
        "The flat timeline: one row per event, with its dates, status, place, actors and sources.",
        {
            "event_id": "The event's id.",
            "event": "The event's slug.",
            "kind": "meeting, statement, founding, withdrawal, coup, conflict, ...",
            "category": "PLOVER category: CONSULT, AGREE, COOPERATE, ...",
            "title": "The event's title.",
            "description": "What happened, in a sentence or two.",
            "status": "announced, held, postponed or cancelled.",
            **DATE_COLUMNS,
            "place": "Where it happens.",
            "series": "For a meeting: the series it belongs to.",
            "session_number": "For a meeting: its session in the series.",
            "actors": 'Who takes part, as "name (role)", separated by "; ".',
            "sources": 'The slugs of the sources it rests on, separated by "; ".',
        },
    ),
    "membership_view": (
        "Bloc memberships over time, with names. As of day D: start_date <= D (or NULL) and end_date >= D "
        "(or NULL).",
        {
            "membership_id": "The membership's id.",
            "bloc": "The bloc's slug.",
            "bloc_name": "The bloc's name.",
            "member": "The member's slug.",
            "member_name": "The member's name.",
            "role": "member, founding_member, observer or suspended.",
            **DATE_COLUMNS,
        },
    ),
    "post_holder_view": (
        "Posts and who holds them, over time. holder_name is NULL for an official known only by post.",
        {
            "post_holding_id": "The holding's id.",
            "post": "The post's slug.",
            "post_label": 'The post, e.g. "Foreign Minister of Russia".',
            "organization": "The slug of the state or body the post belongs to.",
            "holder": "The holder's slug.",
            "holder_name": "The holder's name; NULL if the sources do not name them.",
            "holder_description": 'How the sources describe the holder, e.g. "Foreign Minister of Mali".',
            **DATE_COLUMNS,
        },
    ),
    "participant_view": (
        "Who took part in which event, in which role: one row per event, actor and role.",
        {
            "event_participant_id": "The participation's id: evidence_view.fact_id where fact_table is "
            "event_participant.",
            "event_id": "The event's id.",
            "event": "The event's slug.",
            "event_title": "The event's title.",
            "event_kind": "The event's kind.",
            "status": "The event's status.",
            **DATE_COLUMNS,
            "place": "Where the event happens.",
            "actor": "The actor's slug.",
            "actor_name": "The actor's name, or its description if unnamed.",
            "actor_kind": "bloc, state, person, group or organization.",
            "role": "host, visitor, inviter, participant, party, issuer, reporter, actor, target or subject.",
        },
    ),
    "statement_view": (
        "Statements with their issuers and quotes: one row per statement and quote.",
        {
            "statement_id": "The statement's event id.",
            "statement": "The statement's slug.",
            "title": "The statement's title.",
            "statement_kind": "joint_statement, statement, remark, communique, press_release or interview.",
            **DATE_COLUMNS,
            "concerns": "The slug of the event the statement is about.",
            "issuers": 'The issuers\' names, separated by "; ".',
            "reported_by": 'Who reported it, separated by "; ".',
            "quote_id": "The quote's id; NULL for a statement without quotes.",
            "quote": "The quoted words, verbatim.",
        },
    ),
    "evidence_view": (
        "Every fact's evidence: the source, the exact quoted words and their offsets, and the fact they "
        "support "
        "(fact_table and fact_id).",
        {
            "evidence_id": "The evidence's id.",
            "source": "The source's slug.",
            "source_title": "The source's title.",
            "published_date": "When the source was published.",
            "char_start": "Offset of the first quoted character in the source text, from 0.",
            "char_end": "Offset just past the last quoted character.",
            "quote": "The quoted words: substr(source.text, char_start + 1, char_end - char_start).",
            "fact_table": "The fact's table: actor, membership, post_holding, actor_relation, event, ...",
            "fact_id": "The id of the fact's row in fact_table.",
        },
    ),
}
