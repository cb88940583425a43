"""Expected failures: each one is a single line for the user and a documented exit code."""

import click


def first_line(error: BaseException) -> str:
    """The first non-empty line of a database error, from the driver's own exception where there is one."""
    detail = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(detail).splitlines() if line.strip()]
    return lines[0] if lines else type(detail).__name__


class TimelineError(click.ClickException):
    """A failure the user can act on. ``str(error)`` is the whole message, one line."""

    exit_code = 1


class NotApplicableError(TimelineError):
    """The command does not apply to this database (say, roles on SQLite): a usage error, in one line."""

    exit_code = 2


class BadArgumentError(TimelineError):
    """A value on the command line that names nothing (a revision no migration has): a usage error, in one
    line."""

    exit_code = 2


class SchemaStateError(TimelineError):
    """The database is missing, behind or ahead of the code."""

    exit_code = 3


class InputError(TimelineError):
    """An annotation, document or argument is wrong; the message names what and where."""

    exit_code = 4


class NotFoundError(TimelineError):
    """A name the user gave matches nothing in the database."""

    exit_code = 5


class RefusedError(TimelineError):
    """The command would destroy data; it says what, and how to go ahead anyway."""

    exit_code = 6


class BusyError(TimelineError):
    """Someone else holds what the command needs (another export into the same target); try again later."""

    exit_code = 75  # EX_TEMPFAIL, as cron-friendly tools use it


class Interrupted(TimelineError):
    """The user pressed Ctrl-C; what ran on the database was stopped there too."""

    exit_code = 130  # 128 + SIGINT, as a shell reports a command stopped by Ctrl-C
