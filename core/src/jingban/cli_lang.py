"""The language `assess` speaks to the operator: Chinese by default, English with `--lang en` or
the environment variable JINGBAN_LANG=en.

The language is decided once per invocation, before click parses anything, from the command line
(`--lang X` or `--lang=X`, wherever it stands) and then the environment, so that `--help`, a
mistyped option and a refused file all speak the language the report would. It covers:

- help texts: the code writes them in English (readable next to the code); `cli_help.ZH` holds the
  Chinese, keyed by the English text, and `localise()` swaps them in for a Chinese invocation;
- click's own words (Usage, Options, [default: ...], TEXT, "Show this message and exit."), by the
  formatter below;
- click's usage errors, rendered from the message catalog (`error.usage.*`), and the refusals of
  the parameter types below, which speak through the catalog too.

Why not gettext for click's words: click calls the process-wide ``gettext.gettext`` of the
"messages" domain and the process's locale; a `.mo` file for it would translate every program
using click in the process, and a bureau's terminal locale is often C or en_US even for Chinese
users. The handful of words click prints are mapped here instead.
"""

from __future__ import annotations

import os
import re
from typing import Any, Sequence

import click

ENV = "JINGBAN_LANG"
LANGS = ("zh", "en")

_current = ["zh"]


def decide(args: Sequence[str]) -> str:
    """The invocation's language: the last `--lang` on the command line, else JINGBAN_LANG, else
    Chinese. A value that is neither zh nor en leaves the choice to the environment (click then
    refuses the option itself, in that language)."""
    lang = None
    for i, a in enumerate(args):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
    if lang not in LANGS:
        lang = os.environ.get(ENV, "zh")
    if lang not in LANGS:
        lang = "zh"
    _current[0] = lang
    return lang


def current() -> str:
    return _current[0]


def say_now(message_id: str, /, **params: Any) -> str:
    """A catalog message in the invocation's language."""
    from .messages import Message

    return Message.of(message_id, **params).render(current())


# ------------------------------------------------------------------ help texts
def localise(command: click.Command, lang: str) -> None:
    """Put the help texts of `command` and everything under it in `lang`. The English originals are
    kept on first sight, so one process can show both (tests run many invocations)."""
    from .cli_help import ZH, ZH_SHORT

    def walk(cmd: click.Command, path: str) -> None:
        if not hasattr(cmd, "_jingban_en"):
            cmd._jingban_en = (cmd.help, cmd.short_help, cmd.epilog)  # type: ignore[attr-defined]
        help_en, short_en, epilog_en = cmd._jingban_en  # type: ignore[attr-defined]
        if lang == "zh":
            cmd.help = ZH.get(_clean(help_en), help_en) if help_en else help_en
            cmd.short_help = ZH_SHORT.get(path, short_en)
            cmd.epilog = ZH.get(_clean(epilog_en), epilog_en) if epilog_en else epilog_en
        else:
            cmd.help, cmd.short_help, cmd.epilog = help_en, short_en, epilog_en
        for p in cmd.params:
            if not hasattr(p, "_jingban_en"):
                p._jingban_en = getattr(p, "help", None)  # type: ignore[attr-defined]
            en = p._jingban_en  # type: ignore[attr-defined]
            if en is not None:
                p.help = ZH.get(_clean(en), en) if lang == "zh" else en  # type: ignore[attr-defined]
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    walk(command, "assess")


def help_texts(command: click.Command) -> list[tuple[str, str]]:
    """Every English help text under `command`, with where it is (for the catalog's test)."""
    out = []

    def walk(cmd: click.Command, path: str) -> None:
        help_en, _short, epilog_en = getattr(cmd, "_jingban_en", (cmd.help, cmd.short_help, cmd.epilog))
        out.extend((path, _clean(t)) for t in (help_en, epilog_en) if t)
        for p in cmd.params:
            en = getattr(p, "_jingban_en", getattr(p, "help", None))
            if en:
                out.append((f"{path} {p.opts[0] if p.opts else p.name}", _clean(en)))
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    walk(command, "assess")
    return out


def _clean(text: str | None) -> str:
    import inspect

    return inspect.cleandoc(text) if text else ""


# ------------------------------------------------------------------ click's own words
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_METAVARS = {"TEXT": "文本", "PATH": "路径", "INTEGER": "整数", "FILE": "文件", "NAME": "名称",
             "DIRECTORY": "文件夹", "BOOLEAN": "是/否", "ID=VALUE": "编号=取值", "FLOAT": "数值",
             "INTEGER RANGE": "整数", "REGION_ID": "地区编号", "VERSION": "版本"}
_EXTRAS = (("default: ", "默认："), ("env var: ", "环境变量："), ("required", "必填"))
_HELP_OPTION = "Show this message and exit."


class Formatter(click.HelpFormatter):
    """click's help formatter, with its fixed words in the invocation's language. In Chinese it also
    measures and wraps by display columns (a Chinese character takes two), which click does not."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if current() == "zh" and prefix is None:
            prefix = "用法："
            args = (args.replace("[OPTIONS]", "[选项]").replace("[COMMAND] [ARGS]...", "[命令] [参数]...")
                    .replace("COMMAND [ARGS]...", "命令 [参数]..."))
            args = _term_zh(args)  # a command's arguments: `assess rules lint 路径`
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        if current() != "zh":
            return super().write_heading(heading)
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        if current() != "zh":
            return super().write_text(text)
        from .textwidth import wrap

        indent = " " * self.current_indent
        for i, para in enumerate(text.split("\n\n")):
            if i:
                self.write("\n")
            if para.startswith("\b"):  # click's mark for a paragraph kept as written
                self.write("".join(f"{indent}{line}\n" for line in para[1:].strip("\n").splitlines()))
                continue
            for line in wrap(" ".join(para.split("\n")), max(20, self.width - self.current_indent - 2)):
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        if current() != "zh":
            return super().write_dl(rows, col_max, col_spacing)
        from .textwidth import pad, width, wrap

        rows = [(_term_zh(term), _definition_zh(text)) for term, text in rows]
        first = min(max((width(t) for t, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        rest = max(20, self.width - first - self.current_indent)
        for term, text in rows:
            lines = wrap(text, rest - 2) if text else [""]  # wrap lets a closing mark overhang by one
            if width(term) <= col_max:
                self.write(f"{indent}{pad(term, first)}{lines[0]}".rstrip() + "\n")
            else:  # a long term stands on its line, its definition starts under the column
                self.write(f"{indent}{term}\n")
                if text:
                    self.write(f"{indent}{' ' * first}{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")


def _term_zh(term: str) -> str:
    # "--region TEXT" -> "--region 文本"; option names and choices ([table|json]) stay as typed
    return re.sub(r"(?<![\w-])(INTEGER RANGE|ID=VALUE|[A-Z][A-Z_]{3,})(?![\w-])",
                  lambda m: _METAVARS.get(m.group(1), m.group(1)), term)


def _definition_zh(text: str) -> str:
    if text == _HELP_OPTION:
        return "显示本帮助并退出。"

    def extra(m: re.Match) -> str:
        inner = m.group(1)
        for en, zh in _EXTRAS:
            inner = inner.replace(en, zh)
        return f"[{inner.replace('; ', '；')}]"

    return re.sub(r"\[((?:default: |env var: |required)[^\]]*)\]", extra, text)


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    """Every command of `assess`: its help in the invocation's language."""

    context_class = Context


class Group(click.Group):
    """A group of `assess` (the top level, `calendar`): its commands and subgroups are ours too."""

    context_class = Context
    command_class = Command


Group.group_class = Group


# ------------------------------------------------------------------ parameter types
class Choice(click.Choice):
    """click.Choice whose refusal speaks the invocation's language."""

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        self.fail(say_now("error.usage.not_a_choice", value=value, choices="、".join(self.choices)
                          if current() == "zh" else ", ".join(self.choices)), param, ctx)


class Int(click.ParamType):
    """A whole number (at least `minimum`), refused in the invocation's language."""

    name = "integer"

    def __init__(self, minimum: int | None = None) -> None:
        self.minimum = minimum

    def get_metavar(self, param, ctx=None):
        return "INTEGER"

    def convert(self, value, param, ctx):
        if isinstance(value, int) and not isinstance(value, bool):
            n = value
        else:
            try:
                n = int(str(value).strip())
            except ValueError:
                self.fail(say_now("error.usage.not_an_integer", value=value), param, ctx)
        if self.minimum is not None and n < self.minimum:
            self.fail(say_now("error.usage.below_minimum", value=n, minimum=self.minimum), param, ctx)
        return n


# ------------------------------------------------------------------ usage errors
def usage_line(exc: click.UsageError) -> str:
    """One line for a mistyped command line, in the invocation's language, with where to look."""
    where = exc.ctx.command_path if exc.ctx is not None else "assess"
    text = _usage_text(exc)
    return say_now("error.usage.line", text=text, command=where)


def _hint(exc: click.BadParameter) -> str:
    if exc.param_hint is not None:
        hint = exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
    elif exc.param is not None:
        hint = " / ".join(getattr(exc.param, "opts", None) or [exc.param.name or ""])
    else:
        hint = ""
    return hint.strip("'\"")


def _usage_text(exc: click.UsageError) -> str:
    if isinstance(exc, click.exceptions.NoSuchOption):
        near = ", ".join(sorted(exc.possibilities or ()))
        if near:
            return say_now("error.usage.no_such_option_near", option=exc.option_name, near=near)
        return say_now("error.usage.no_such_option", option=exc.option_name)
    if isinstance(exc, click.exceptions.MissingParameter):
        return say_now("error.usage.missing", option=_hint(exc))
    if isinstance(exc, click.BadParameter):
        return say_now("error.usage.bad_value", option=_hint(exc), reason=exc.message)
    if isinstance(exc, click.exceptions.BadOptionUsage) and "requires" in exc.message:
        return say_now("error.usage.needs_value", option=exc.option_name)
    m = re.match(r"No such command '(.*)'\.", exc.message)
    if m:
        return say_now("error.usage.no_such_command", command=m.group(1))
    m = re.match(r"Got unexpected extra arguments? \((.*)\)", exc.message)
    if m:
        return say_now("error.usage.extra_arguments", args=m.group(1))
    # anything else click says stays in its words; the wrapper around it is still the operator's
    return exc.format_message()
