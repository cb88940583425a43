"""``timeline import``: load an export bundle into an empty database, all or nothing."""

import sys
from pathlib import Path

import click

from timeline.cli.state import State


@click.command("import")
@click.argument("bundle", type=click.Path(path_type=Path, file_okay=False))
@click.pass_obj
def command(state: State, bundle: Path) -> None:
    """Load BUNDLE, a full export (`timeline export` with jsonl, the default), into the database.

    This is how a timeline moves, say from a SQLite file to a PostgreSQL server: create the new database
    with `timeline db upgrade`, then import. Checksums are verified before anything is written, and every
    piece of evidence against its source before anything is committed; the database must be empty and at
    the bundle's schema revision; one transaction loads it all or nothing.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn

    from timeline.importer import load

    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,} rows"),
        console=console, transient=True, disable=not sys.stderr.isatty(),
    ) as bar:  # fmt: skip
        tasks: dict[str, object] = {}

        def progress(table: str, rows: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(f"Importing {table}", total=None)
            bar.update(tasks[table], completed=rows)  # type: ignore[arg-type]

        loaded = load(state.url, bundle, progress)
    click.echo(f"{state.where}: imported {sum(loaded.values()):,} rows into {len(loaded)} tables", err=True)
