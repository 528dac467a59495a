"""Errors that reach the operator as one line.

Bad input (a rules file, an agreement or an evidence file that is wrong) raises InputError. The
CLI prints its one-line message and exits with code 2; nothing is written.
"""

from __future__ import annotations


class InputError(Exception):
    """Input the operator or integrator must correct: names the file and the key or row."""

    def __init__(self, file: str | None, where: str | None, message: str) -> None:
        self.file = file
        self.where = where
        self.message = message
        super().__init__(self.line())

    def line(self) -> str:
        parts = [p for p in (self.file, self.where) if p]
        prefix = ": ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class RegionNotFound(InputError):
    """The region asked for is not installed."""


class PluginLoadError(Exception):
    """A region plugin could not be imported or registered; carries the region name."""

    def __init__(self, region: str, cause: BaseException) -> None:
        self.region = region
        self.cause = cause
        super().__init__(f"region {region!r} failed to load: {type(cause).__name__}: {cause}")
