"""``timeline draft``: propose the annotation of a raw document, for the analyst to review and seed."""

import datetime as dt
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from timeline.cli.options import format_option, one_day
from timeline.cli.state import State
from timeline.errors import InputError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from timeline.drafting.score import KindScore


@click.command("draft")
@click.argument("document", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Where to write the draft; - for stdout. Default: beside DOCUMENT, with the suffix .yaml.",
)
@click.option("--force", is_flag=True, help="Replace an annotation that already exists.")
@click.option(
    "--published",
    callback=one_day,
    metavar="YYYY-MM-DD",
    help="The document's publication date. Default: the date its dateline gives in full, if any.",
)
@click.option("--title", help="The document's title. Default: its first line (the headline).")
@click.option(
    "--score",
    "gold",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Compare the draft with this hand annotation of the same document and print precision and recall "
    "per kind of fact (the draft is then written only if --out is given).",
)
@format_option
@click.pass_obj
def command(
    state: State,
    document: Path,
    out: Path | None,
    force: bool,
    published: dt.date | None,
    title: str | None,
    gold: Path | None,
    fmt: str,
) -> None:
    """Draft the annotation of DOCUMENT (UTF-8 text): actors linked to what the database knows, officials and
    posts, dates, events with participants, memberships, relations and quotes, each with its exact words.

    Review the draft (delete, correct, uncomment), then `timeline seed` it. The database is read, never
    written; without one, only the bundled gazetteer links the actors.
    """
    from timeline.drafting.drafter import draft

    try:
        text = document.read_bytes().decode("utf-8")
    except OSError as error:
        raise InputError(f"{document}: cannot read the document: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{document}: not UTF-8 text: {error.reason}") from None
    if "\x00" in text:
        raise InputError(f"{document}: not a text document (it contains NUL bytes)")
    target = None if out is not None and str(out) == "-" else (out or document.with_suffix(".yaml"))
    if gold is not None and out is None:
        target = None
    if target is not None and target.exists() and not force:
        raise InputError(f"{target}: an annotation already exists; use --force to replace it, or --out FILE")
    name = os.path.relpath(document, target.parent if target is not None else Path.cwd())
    with _session(state) as session:
        result = draft(text, document_name=name, session=session, published=published, title=title)
        scores = None
        if gold is not None:
            scores = _score(
                gold,
                document,
                session,
                lambda copy: (
                    draft(text, document_name=copy, session=session, published=published, title=title).text
                ),
            )
    if target is not None:
        _write_atomically(target, result.text)
        # seed reads a document beside its annotation, or one named on its command line
        beside = document.resolve().parent == target.resolve().parent
        seed = f"timeline seed {target}" + ("" if beside else f" {document}")
        click.echo(f"{target}: drafted; review it, then `{seed}`", err=True)
        if result.published is None:
            click.echo(
                f"{target}: the document gives no full publication date: fill in `published:`", err=True
            )
    elif gold is None:
        click.echo(result.text, nl=False)
    if scores is not None:
        from timeline.drafting.score import rows
        from timeline.render.formats import Listing, write
        from timeline.render.tables import score_table

        write(Listing(SCORE_FIELDS, rows(scores), score_table), fmt)


SCORE_FIELDS = ("kind", "precision", "recall", "matched", "drafted", "gold")


def _session(state: State) -> "AbstractContextManager[Session | None]":
    """A read-only session on the database, or none when the default database does not exist yet."""
    from timeline.storage.db import open_session

    default = state.db_option is None and not os.environ.get("TIMELINE_DATABASE_URL")
    if default and not Path("timeline.db").exists():
        click.echo("no ./timeline.db: drafting from the bundled gazetteer only", err=True)
        return nullcontext(None)
    return open_session(state.url, read_only=True)


def _score(
    gold: Path, document: Path, session: "Session | None", drafted: "Callable[[str], str]"
) -> "tuple[KindScore, ...]":
    """The draft scored against ``gold``: drafted again beside a copy of the document, read as seed
    reads it."""
    import tempfile

    from timeline.drafting.score import score
    from timeline.seeding.annotation import read

    gold_annotation = read(gold)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / document.name
        copy.write_bytes(document.read_bytes())
        path = copy.with_suffix(".yaml")
        path.write_text(drafted(copy.name), encoding="utf-8")
        return score(read(path), gold_annotation, session)


def _write_atomically(target: Path, text: str) -> None:
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(f"{target}: cannot write the draft: {error.strerror}") from None
