"""The ``timeline`` command. Subcommands load on first use, so ``timeline --help`` stays instant."""

import gc
import importlib
from typing import Any

import click

from timeline import __version__
from timeline.cli.state import State, database_error, print_traceback, redact, unexpected_error
from timeline.errors import Interrupted, TimelineError

# name: (module, short help). The help is here so listing commands imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "draft": (
        "timeline.cli.draft",
        "Draft the annotation of a raw document, linked to what the database knows, for review.",
    ),
    "seed": (
        "timeline.cli.seed",
        "Load annotated documents into the database, with evidence for every fact.",
    ),
    "show": (
        "timeline.cli.show",
        "Print the timeline of events, filtered by actor, bloc, kind, dates or text.",
    ),
    "relations": (
        "timeline.cli.relations",
        "Print memberships, posts, who met whom, statements or relations.",
    ),
    "actors": (
        "timeline.cli.actors",
        "List the actors, with their names and counts of events and memberships.",
    ),
    "actor": ("timeline.cli.actor", "Print one actor's profile, every fact with the words it rests on."),
    "sql": ("timeline.cli.sql", "Run one read-only SQL statement; print the rows in any format."),
    "schema": ("timeline.cli.schema", "Print the tables, views and columns, with their descriptions."),
    "export": (
        "timeline.cli.export",
        "Export tables, views and timelines to files, atomically, in full or since.",
    ),
    "generate": (
        "timeline.cli.generate",
        "Write a reproducible synthetic bundle of N events, for benchmarks and demos.",
    ),
    "import": ("timeline.cli.import_bundle", "Load an export into an empty database: moving to a server."),
    "db": ("timeline.cli.db", "Create, upgrade, downgrade and inspect the database schema."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        command = importlib.import_module(COMMANDS[cmd_name][0]).command
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, short_help) for name, (_, short_help) in COMMANDS.items()])

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        # The command's name as the user typed it (`db upgrade`), for the line an unexpected failure prints.
        words = [name or ""]
        if isinstance(command, click.Group) and rest and rest[0] in command.list_commands(ctx):
            words.append(rest[0])
        ctx.meta[_COMMAND] = " ".join(words)
        return name, command, rest

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; every error it ends with is one line, and no password is in it.

        Expected failures are TimelineErrors (and Click's usage errors); a database's, the database's
        line; Ctrl-C, status 130. Anything else is a bug or a case no one foresaw: one line naming the
        command and the exception, and with ``--debug`` its traceback first.
        """
        try:
            return super().invoke(ctx)
        except TimelineError as error:
            raise type(error)(redact(error.message, ctx.find_object(State))) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, BrokenPipeError):
            raise  # Click's own: usage errors, exits, and a reader of stdout that went away (quietly)
        except KeyboardInterrupt:
            raise Interrupted(f"{_name(ctx)}: interrupted") from None
        except Exception as error:
            state = ctx.find_object(State)
            if state is not None and state.debug:
                print_traceback(error, state)
            converted = database_error(error, state)
            if converted is not None:
                raise converted from None
            raise unexpected_error(error, _name(ctx), state) from None


_COMMAND = "timeline.command"


def _name(ctx: click.Context) -> str:
    """``timeline db upgrade``: the command that ran, as typed."""
    return f"timeline {ctx.meta.get(_COMMAND, '')}".strip()


@click.group(
    cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}
)
@click.option(
    "--db",
    metavar="PATH|URL",
    help="The database: a SQLite file, or a URL such as postgresql://user@host/name or "
    "mysql://user@host/name. Default: $TIMELINE_DATABASE_URL, else ./timeline.db.",
)
@click.option(
    "--debug",
    is_flag=True,
    help="On a failure no one foresaw, print Python's traceback before the one-line error.",
)
@click.version_option(__version__, "--version", prog_name="timeline")
@click.pass_context
def cli(ctx: click.Context, db: str | None, debug: bool) -> None:
    """An event timeline of blocs, states, officials, meetings and statements.

    Every fact points to the words of the document it came from. Start with
    `timeline db upgrade`, then `timeline seed`, then `timeline show`.
    """
    ctx.obj = State(db, debug)


def main() -> None:
    # Loading SQLAlchemy and the mapped models leaves some 80,000 long-lived objects and little garbage; at
    # the default thresholds (a collection per 700 new objects) the collector walks them again and again,
    # a sixth of `timeline show`'s start-up, and even one pass over 100,000 young objects costs 28 ms. The
    # count is of objects alive, not made: streamed rows come and go without ever nearing it.
    gc.set_threshold(300_000, 50, 100)
    try:
        cli(prog_name="timeline")
    finally:
        # The interpreter's last act is a full collection over everything still alive, another 26 ms for
        # garbage that dies with the process; frozen objects are the one generation it skips. Files and
        # connections are closed by their `with` blocks before this point, not by the collector.
        gc.freeze()
