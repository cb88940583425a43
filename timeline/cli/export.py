"""``timeline export``: complete, deterministic, atomic exports for downstream systems and nightly jobs."""

import signal
import sys
from pathlib import Path
from types import FrameType

import click

from timeline.cli.state import State

FORMATS = ("csv", "jsonl", "parquet", "timelinejs", "ical", "graphml")


def _terminate(signum: int, _frame: FrameType | None) -> None:
    # Turn SIGTERM into an exit that runs clean-up, so a stopped export removes its partial folder.
    raise SystemExit(128 + signum)


@click.command("export")
@click.argument("target", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="csv and jsonl (the default) or parquet: every table and view; timelinejs, ical and graphml: files "
    "for people's tools. Repeat for several.",
)
@click.option(
    "--since",
    type=click.IntRange(min=0),
    metavar="WATERMARK",
    help="Only rows changed after this watermark (from an earlier export's manifest), with tombstones for "
    "rows deleted since.",
)
@click.option(
    "--state",
    "state_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the watermark to start from in this file (a full export if it does not exist yet), and "
    "record the new one there after the export.",
)
@click.pass_obj
def command(
    state: State, target: Path, formats: tuple[str, ...], since: int | None, state_file: Path | None
) -> None:
    """Export the database to TARGET, a link to a folder of files with a manifest.json written last.

    The link moves to a complete new export in one step: readers never see a half-written one, and an
    export that is stopped leaves the previous one intact. The same data always gives the same bytes.
    """
    from rich.console import Console
    from rich.status import Status

    from timeline.export import DEFAULT_FORMATS, export
    from timeline.export.bundle import check_state_writable, read_state, write_state

    if since is not None and state_file is not None:
        raise click.UsageError("give --since or --state, not both")
    if state_file is not None:
        since = read_state(state_file)
        check_state_writable(state_file)
    signal.signal(signal.SIGTERM, _terminate)
    console = Console(stderr=True)
    with Status("Exporting", console=console) if sys.stderr.isatty() else _quiet() as status:
        manifest, folder = export(
            state.url,
            target,
            formats or DEFAULT_FORMATS,
            since,
            progress=lambda name: status.update(f"Exporting {name}"),
        )
    if state_file is not None:
        write_state(state_file, manifest, folder)
    rows = sum(entry.rows for entry in manifest.files)
    kind = "full export" if manifest.since is None else f"changes after watermark {manifest.since}"
    click.echo(
        f"{target}: {kind}, {len(manifest.files)} files, {rows} rows, up to watermark {manifest.watermark}",
        err=True,
    )


class _quiet:
    """Stands in for a status line when stderr is not a terminal (cron, pipes): says nothing."""

    def __enter__(self) -> "_quiet":
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _message: str) -> None:
        return None
