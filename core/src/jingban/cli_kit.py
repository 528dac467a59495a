"""The integrator's commands: `assess rules lint PATH` and `assess new-region ID`.

    assess rules lint plugins/taicang/src/jingban_taicang/rules.toml   # or a region id: taicang
    assess rules lint tianjin_ltc --agreement examples/tianjin_ltc/agreement-example.toml
    assess new-region my_city -o my-city/                              # a plugin package that passes its tests

The lint prints one line per problem (the file, the key, what is wrong) and exits 2, or one line
saying none was found and exits 0. Bad input (no such file or region) is one line on standard
error, exit 2, as for every command.
"""

from __future__ import annotations

from pathlib import Path

import click

from .cli_lang import ENV, Choice, Command, Group

LANG = click.option("--lang", type=Choice(["zh", "en"]), default="zh", show_default=True, envvar=ENV,
                    show_envvar=True, help="Language of the report, the help and the errors.")


@click.group("rules", cls=Group)
def rules():
    """Check a region's rules file."""


@rules.command("lint")
@click.argument("path")
@click.option("--agreement", type=click.Path(path_type=Path), default=None,
              help="Agreement file the rules are joined with (regions that need one).")
@LANG
def lint(path, agreement, lang):
    """Every problem of a rules file (PATH, or the rules of an installed region id): bands that
    leave a gap or overlap, weights not adding up to 1, numbers without a citation, repeated ids,
    options whose values do not load, unknown or unused keys. Exit 0 clean, 2 problems."""
    from .lint import clean_line, lint_region_files

    problems, files = lint_region_files(path, agreement)
    if not problems:
        click.echo(clean_line(files, lang))
        return
    for p in problems:
        click.echo(p.line(lang))
    click.get_current_context().exit(2)


@click.command("new-region", cls=Command)
@click.argument("region_id")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory to create (default: ./jingban-<id> with dashes); it must not exist yet.")
@LANG
def new_region(region_id, output, lang):
    """Write a region plugin package: pyproject with the entry point, src layout, a rules.toml with
    one item of each shape, an example evidence file with its hand-computed result, and tests that
    run the conformance suite. It passes its own tests before anything is changed."""
    from .messages import Message, say
    from .skeleton import write_skeleton

    target = output if output is not None else Path("jingban-" + region_id.replace("_", "-"))
    for written in write_skeleton(region_id, target):
        click.echo(str(written))
    click.echo(say(Message.of("skeleton.next", dir=str(target)), lang))

