"""``timeline seed``: load annotated documents, all or nothing."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

from timeline.cli.state import State


@click.command("seed")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check everything, report what would change, write nothing.")
@click.pass_obj
def command(state: State, paths: tuple[Path, ...], dry_run: bool) -> None:
    """Load annotated documents: annotation files (*.yaml), folders of them, or documents beside one.

    With no PATHS, the documents bundled with timeline. Every quote must occur in its document; dates
    resolve against the document's publication date; facts merge by slug with what is already stored.
    Everything happens in one transaction: on any error nothing is written.

    A document is read from its annotation's folder, or from wherever PATHS names it too: a regular file
    of UTF-8 text without NUL characters, at most 10 MiB.
    """
    from rich.progress import Progress

    from timeline.seeding import read_annotations
    from timeline.seeding.apply import seed_annotation
    from timeline.storage.db import open_session

    annotations = read_annotations(paths)
    with open_session(state.url, write=True) as session:
        # The bar goes away (and a terminal shows its cursor again) when seeding stops, on an error too.
        with Progress(console=_stderr(), transient=True) as bar:
            reports = [
                seed_annotation(session, annotation)
                for annotation in bar.track(annotations, description="Seeding")
            ]
        if dry_run:
            session.rollback()
        else:
            session.commit()
    for report in reports:
        created, updated = sum(report.created.values()), sum(report.updated.values())
        detail = ", ".join(f"{table} {count}" for table, count in sorted(report.created.items()))
        verb = "would add" if dry_run else "added"
        click.echo(
            f"{report.path}: {verb} {created} row(s){f' ({detail})' if detail else ''}, "
            f"{'would change' if dry_run else 'changed'} {updated}",
            err=True,
        )
        if dry_run:
            for change in report.changes:
                click.echo(f"  {change}", err=True)
    if dry_run:
        click.echo("dry run: nothing was written", err=True)


def _stderr() -> "Console":
    from rich.console import Console

    return Console(stderr=True)
