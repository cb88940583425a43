"""The documentation stays true: every command has help, and the README's command reference is the real
`--help` output. Regenerate the reference with `python -m tests.test_docs`."""

import re
from collections.abc import Iterator

import click
from click.testing import CliRunner

from tests.conftest import ROOT
from timeline.cli import cli

README = ROOT / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def commands(
    group: click.Group = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def reference() -> str:
    """The help of the program and of every command, as the README shows it."""
    runner = CliRunner()
    parts = []
    for path in [(), *(path for path, _ in commands())]:
        result = runner.invoke(
            cli, [*path, "--help"], prog_name="timeline", env={"COLUMNS": "100"}, terminal_width=100
        )
        assert result.exit_code == 0, result.output
        parts.append(
            f"### `timeline {' '.join(path)}`\n\n```text\n{result.output.rstrip()}\n```\n".replace(
                "timeline `", "timeline`"
            )
        )
    return "\n".join(parts)


def test_every_command_has_help() -> None:
    for path, command in commands():
        assert command.help and command.help.strip(), f"timeline {' '.join(path)} has no help"
        for parameter in command.params:
            if isinstance(parameter, click.Option) and not parameter.hidden:
                assert parameter.help, f"timeline {' '.join(path)} {parameter.opts[0]} has no help"


def test_readme_documents_every_command_with_its_real_help() -> None:
    text = README.read_text(encoding="utf-8")
    documented = text[text.index(START) + len(START) : text.index(END)].strip()
    assert documented == reference().strip(), (
        "README's command reference is stale: run `python -m tests.test_docs`"
    )
    for path, _ in commands():
        assert f"### `timeline {' '.join(path)}`" in text


def test_readme_test_command_is_what_ci_runs() -> None:
    text = README.read_text(encoding="utf-8")
    command = re.search(r"<!-- test-command: .* -->\n```bash\n(.+)\n```", text)
    assert command is not None
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci  # .ci/run reads the command from the README


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    before, after = text[: text.index(START) + len(START)], text[text.index(END) :]
    README.write_text(f"{before}\n{reference()}\n{after}", encoding="utf-8")
    print(f"updated {README}")
