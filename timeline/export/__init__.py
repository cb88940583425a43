"""Exports for downstream systems: table dumps, manifests, and formats for people's tools.

``export(url, target, formats, since)`` takes a consistent snapshot of the database, writes every table
(and, for a full export, every documented view and the people's formats) into a new folder, writes the
manifest last, and publishes the folder atomically at ``target`` (see ``bundle``).
"""

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Connection, select, text
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from timeline.errors import InputError, TimelineError
from timeline.export.bundle import (
    FORMAT_VERSION,
    FileEntry,
    Manifest,
    Target,
    checksum,
    os_error_text,
)
from timeline.export.dumps import TABLE_FORMATS, dump, relations, tombstones
from timeline.export.snapshot import snapshot

PEOPLE_FORMATS = {"timelinejs": "timeline.json", "ical": "meetings.ics", "graphml": "network.graphml"}
DEFAULT_FORMATS = ("csv", "jsonl")


def _people(connection: Connection, folder: Path, formats: Sequence[str]) -> dict[str, int]:
    """TimelineJS, iCalendar and GraphML files for people's tools, from the same snapshot."""
    from timeline.export.ical import calendar
    from timeline.export.network import graphml
    from timeline.export.timelinejs import timelinejs
    from timeline.models import Actor, Event
    from timeline.queries.relations import actor_relations, memberships
    from timeline.queries.timeline import TimelineQuery, timeline
    from timeline.vocab import EventKind

    session = Session(bind=connection)
    written: dict[str, int] = {}
    entries = list(timeline(session, TimelineQuery())) if {"timelinejs", "ical"} & set(formats) else []
    if "timelinejs" in formats:
        (folder / PEOPLE_FORMATS["timelinejs"]).write_bytes(timelinejs(entries, title="timeline"))
        written[PEOPLE_FORMATS["timelinejs"]] = sum(1 for entry in entries if entry.when is not None)
    if "ical" in formats:
        meetings = [entry for entry in entries if entry.kind is EventKind.meeting]
        # DTSTAMP must be a moment; the last change of the event row keeps the file a function of the data.
        ids = dict(session.execute(select(Event.slug, Event.id).where(Event.kind == EventKind.meeting)).all())
        last_change = (
            "SELECT row_id, MAX(changed_at) FROM change_log WHERE table_name = 'event' GROUP BY row_id"
        )
        changed: dict[int, dt.datetime | str] = {
            row_id: at for row_id, at in connection.execute(text(last_change))
        }
        stamps = {slug: _utc(changed[ids[slug]]) for slug in ids if ids[slug] in changed}
        dated = [entry for entry in meetings if entry.when is not None and entry.slug in stamps]
        (folder / PEOPLE_FORMATS["ical"]).write_bytes(calendar(dated, stamps))
        written[PEOPLE_FORMATS["ical"]] = len(dated)
    if "graphml" in formats:
        actors = [
            {
                "slug": actor.slug,
                "kind": actor.kind.value,
                "name": actor.name,
                "description": actor.description,
            }
            for actor in session.scalars(select(Actor).order_by(Actor.slug))
        ]
        relations_rows, membership_rows = list(actor_relations(session)), list(memberships(session))
        (folder / PEOPLE_FORMATS["graphml"]).write_bytes(graphml(actors, relations_rows, membership_rows))
        written[PEOPLE_FORMATS["graphml"]] = len(actors) + len(relations_rows) + len(membership_rows)
    return written


def _utc(moment: dt.datetime | str) -> dt.datetime:
    if isinstance(moment, str):  # SQLite keeps timestamps as text
        moment = dt.datetime.fromisoformat(moment)
    return moment.replace(tzinfo=dt.UTC)


def export(
    url: URL,
    target: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    since: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[Manifest, Path]:
    """Export the database to ``target``; return the manifest and the folder the target now links to.

    With ``since`` (a watermark of an earlier export), only table rows changed after it, and tombstones
    for rows deleted after it, are written; views and people's formats need a full export.
    """
    if since is not None and set(formats) & set(PEOPLE_FORMATS):
        raise InputError("an incremental export writes tables only: drop --format timelinejs/ical/graphml")
    destination = Target(target)
    try:
        return _export(url, destination, formats, since, progress)
    except OSError as error:  # a read-only folder, a full disk: before the link moved, nothing changed
        if destination.published is None:
            raise TimelineError(
                f"cannot export to {target}: {os_error_text(error)}; nothing was published, and "
                "any earlier export is as it was"
            ) from None
        raise TimelineError(
            f"the export {destination.published} was published at {target}, but then: {os_error_text(error)}"
        ) from None


def _export(
    url: URL,
    destination: Target,
    formats: Sequence[str],
    since: int | None,
    progress: Callable[[str], None] | None,
) -> tuple[Manifest, Path]:
    destination.check()
    with destination.lock(), snapshot(url) as snap:
        if since is not None and since > snap.watermark:
            raise InputError(f"watermark {since} is ahead of the database, which is at {snap.watermark}")
        table_formats = [fmt for fmt in formats if fmt in TABLE_FORMATS]
        with destination.partial() as folder:
            rows: dict[str, int] = {}
            found = relations(snap.connection, full=since is None) if table_formats else []
            for relation in found:
                if progress:
                    progress(relation.name)
                rows |= dump(snap.connection, relation, folder, table_formats, since, snap.watermark)
            if since is not None:  # an incremental export holds tables only, and no change_log
                rows |= tombstones(snap.connection, found, folder, table_formats, since, snap.watermark)
            if since is None:
                rows |= _people(snap.connection, folder, [fmt for fmt in formats if fmt in PEOPLE_FORMATS])
            files = tuple(
                FileEntry(path, count, *checksum(folder / path)) for path, count in sorted(rows.items())
            )
            manifest = Manifest(FORMAT_VERSION, snap.revision, snap.watermark, since, files)
            published = destination.publish(folder, manifest)
    return manifest, published
