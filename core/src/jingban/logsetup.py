"""Logging: structlog to standard error, console or JSON lines, with personal data removed.

Reports go to standard output; logs never do, so `assess ... --format json | jq` stays clean.
"""

from __future__ import annotations

import logging
import sys

import structlog

from .masking import PERSONAL_KEYS, scrub


def _redact(logger, method, event_dict):
    for key in list(event_dict):
        if key in PERSONAL_KEYS:
            event_dict[key] = "[redacted]"
        elif isinstance(event_dict[key], str):
            event_dict[key] = scrub(event_dict[key])
    return event_dict


class _Stderr:
    """Whatever sys.stderr is at the time of writing (tests and tools swap it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure(fmt: str = "console", level: str = "warning") -> None:
    renderer = structlog.processors.JSONRenderer(ensure_ascii=False) if fmt == "json" \
        else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(getattr(logging, level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=_Stderr()),
        cache_logger_on_first_use=False,
    )


def ensure_configured() -> None:
    """Library use: quiet (warnings, to stderr) unless the application configured structlog itself."""
    if not structlog.is_configured():
        configure()
