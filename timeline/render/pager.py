"""Long output on a terminal goes through a pager, as git does: ``$PAGER`` (default ``less``), never when
stdout is not a terminal, never with ``--no-pager``.

``less`` is started with ``LESS=FRX`` unless the user set ``LESS``: it quits at once when the output fits
one screen (F), passes colours through (R) and leaves the output on the screen when it quits (X).
"""

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import IO


@dataclass(frozen=True)
class Screen:
    """Where a view is written: the stream, its width in columns, and whether it is a terminal (colour)."""

    out: IO[str]
    width: int | None  # None: the stream's own (a terminal's size, else $COLUMNS or 80)
    terminal: bool


def pager_command() -> list[str] | None:
    """The pager to run, or None when there is none: $PAGER unset falls back to less; an empty $PAGER or
    ``cat`` means no pager."""
    command = os.environ.get("PAGER")
    if command is None:
        command = "less"
    words = shlex.split(command)
    if not words or words[0] == "cat" or shutil.which(words[0]) is None:
        return None
    return words


@contextmanager
def screen(use_pager: bool) -> Iterator[Screen]:
    """A screen to write on: a pager's input when stdout is a terminal and paging is on, else stdout.

    When the reader quits the pager early, writing stops quietly; the command still exits 0.
    """
    stdout = sys.stdout
    command = pager_command() if use_pager and stdout.isatty() else None
    if command is None:
        try:
            yield Screen(stdout, None, stdout.isatty())
        except BrokenPipeError:  # `| head`: the reader has what it wanted
            # Python flushes stdout again on exit: point it at nothing, so that finds no broken pipe.
            os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
        return
    width = shutil.get_terminal_size().columns
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    except OSError:
        yield Screen(stdout, None, True)
        return
    assert process.stdin is not None
    try:
        yield Screen(process.stdin, width, True)
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager: nothing more to show
        pass
    except KeyboardInterrupt:
        # Ctrl-C reaches the pager too, which goes on showing what it has: let the reader quit it first.
        _close_quietly(process.stdin)
        process.wait()
        raise
    finally:
        _close_quietly(process.stdin)
        process.wait()


def _close_quietly(stream: IO[str]) -> None:
    with suppress(BrokenPipeError):
        stream.close()
