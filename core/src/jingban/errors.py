"""Errors that reach the operator as one line.

Bad input (a rules file, an agreement or an evidence file that is wrong) raises InputError. The
CLI prints its one-line message in the operator's language and exits with code 2; nothing is
written.

The message of an error is a :class:`jingban.messages.Message` (an id of the catalog and its
parameters), rendered only when the line is printed, so one error reads in Chinese on a bureau's
terminal and in English in a log or a test. ``str(error)`` is the English line. A plain string is
still accepted for a plugin's own errors; it is printed as it is, in both languages.
"""

from __future__ import annotations

from typing import Any


class InputError(Exception):
    """Input the operator or integrator must correct: names the file and the key or row."""

    def __init__(self, file: str | None, where: Any, message: Any) -> None:
        self.file = file
        self.where = where  # a key path, an option name, or a Message ("row 5", "column x")
        self.message = message
        super().__init__(self.line("en"))

    def line(self, lang: str = "en") -> str:
        """`file: key: message` in the reader's language; the file and key as written."""
        from .messages import say  # only when an error is printed: the catalog is not loaded before

        parts = [p for p in (self.file, say(self.where, lang)) if p]
        text = say(self.message, lang)
        sep = "：" if lang == "zh" else ": "
        # the file and key are separated by ASCII colons in both languages, as editors show paths
        prefix = ": ".join(parts)
        # a line may quote a value from a file (an unknown product, a finding id): ID and phone
        # numbers are masked here, so no caller (the CLI, `assess regions`, a log, an API user)
        # ever holds the line unmasked
        return _masked(f"{prefix}{sep}{text}" if prefix else text)


def _masked(line: str) -> str:
    from .masking import scrub

    return scrub(line)


class BadValue(ValueError):
    """A value a validator or a parser refuses, with the reason as a catalog message; the reader
    of a file turns it into an InputError naming the file and key."""

    def __init__(self, message: Any) -> None:
        self.message = message
        from .messages import say

        super().__init__(say(message, "en"))


def reason(exc: BaseException) -> Any:
    """What a refused value's error says: its Message when it carries one, else its text."""
    return exc.message if isinstance(exc, BadValue) else str(exc)


# the operating system's reasons an operator meets, in the catalog's two languages; the OS's own
# text (strerror) is English whatever the report's language, so it is shown only for the rest
_OS_REASONS = {"ENOENT": "not_found", "EACCES": "no_permission", "EPERM": "no_permission",
               "EISDIR": "is_a_folder", "ENOTDIR": "not_a_folder", "ENOSPC": "disk_full",
               "EROFS": "read_only", "ENAMETOOLONG": "name_too_long", "EBUSY": "busy"}


def os_reason(exc: OSError) -> Any:
    """Why the system refused a file, as a Message in the report's language."""
    import errno

    from .messages import Message

    name = errno.errorcode.get(exc.errno or -1)
    if name in _OS_REASONS:
        return Message.of(f"error.os.{_OS_REASONS[name]}")
    return Message.of("error.os.other", code=name or exc.errno or type(exc).__name__)


class RegionNotFound(InputError):
    """The region asked for is not installed."""


class PluginLoadError(Exception):
    """A region plugin could not be imported or registered; carries the region name."""

    def __init__(self, region: str, cause: BaseException) -> None:
        self.region = region
        self.cause = cause
        super().__init__(f"region {region!r} failed to load: {type(cause).__name__}: {cause}")

    def line(self, lang: str = "en") -> str:
        from .messages import Message

        return _masked(Message.of("error.plugin.load", region=self.region,
                                  cause=f"{type(self.cause).__name__}: {self.cause}").render(lang))


class PluginFault(PluginLoadError):
    """A region plugin's hook raised an error or returned something of the wrong type, during an
    assessment: the plugin, its distribution and the hook are named (exit code 3, as a plugin that
    fails to load; never "internal error" of jingban)."""

    def __init__(self, region: str, distribution: str, version: str, hook: str, cause: BaseException,
                 got: str | None = None, expected: Any = None) -> None:
        self.distribution, self.version, self.hook = distribution, version, hook
        self.got, self.expected = got, expected
        super().__init__(region, cause)
        Exception.__init__(self, self.line("en"))

    def line(self, lang: str = "en") -> str:
        from .messages import Message

        where = dict(plugin=self.region, dist=self.distribution, version=self.version, hook=self.hook)
        if self.got is not None:
            message = Message.of("error.plugin.wrong_type", got=self.got, expected=self.expected, **where)
        else:
            message = Message.of("error.plugin.raised", cause=f"{type(self.cause).__name__}: {self.cause}", **where)
        return _masked(message.render(lang))
