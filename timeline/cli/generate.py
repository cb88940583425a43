"""``timeline generate``: a reproducible synthetic export bundle, for benchmarks and demos."""

from pathlib import Path

import click


@click.command("generate")
@click.argument("bundle", type=click.Path(path_type=Path, file_okay=False))
@click.option("--events", type=click.IntRange(min=0), required=True, metavar="N", help="How many events.")
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="Another seed gives another world; the same seed gives the same bytes.",
)
@click.option(
    "--actors",
    type=int,
    default=10_000,
    show_default=True,
    help="About how many actors (blocs, states, people, groups, organizations); at least 20.",
)
def command(bundle: Path, events: int, seed: int, actors: int) -> None:
    """Write a synthetic bundle of N events into BUNDLE, a new or empty folder.

    The bundle has the shape of a full `timeline export` in JSONL (tables/*.jsonl, then manifest.json)
    and can be loaded with `timeline import`. Every row satisfies the schema and every fact quotes its
    synthetic source exactly. The same N, seed and actors always give the same bytes.
    """
    from timeline.synthetic import generate

    manifest = generate(bundle, events, seed, actors)
    rows = sum(entry.rows for entry in manifest.files)
    click.echo(
        f"{bundle}: {events:,} events, {rows:,} rows in {len(manifest.files)} files "
        f"(seed {seed}, {actors:,} actors)",
        err=True,
    )
