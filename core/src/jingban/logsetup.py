"""Logging: structlog to standard error, console or JSON lines, with personal data removed.

Reports go to standard output; logs never do, so `assess ... --format json | jq` stays clean.

structlog is imported only when a line is logged at a level that is on. Importing it (it pulls in
asyncio) costs about as much as everything else `assess --help` does, and a run at the default
level usually logs nothing. So `configure` only records the format and level; the loggers of
`get_logger` drop a line below that level themselves, and the first line that is written imports
structlog and hands it the configuration.
"""

from __future__ import annotations

import sys

from .masking import PERSONAL_KEYS, scrub

LEVELS = {"debug": 10, "info": 20, "warning": 30, "error": 40, "critical": 50}

# (format, level, default): the configuration `configure` asked for, not yet given to structlog;
# `default` when it is the library's quiet default, which yields to an application's own
_pending: tuple[str, int, bool] | None = None
_level: int | None = None  # the level of our configuration, once asked for
_wrapper: object = None  # the bound-logger class we gave structlog: tells whether ours is in force


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
    """Log lines at `level` and above, as `fmt` (console or json), from the next line on."""
    _ask(fmt, LEVELS[level], default=False)


def ensure_configured() -> None:
    """Library use: quiet (warnings, to stderr) unless the application configured structlog itself."""
    st = sys.modules.get("structlog")
    if _level is None and not (st is not None and st.is_configured()):
        _ask("console", LEVELS["warning"], default=True)


def _ask(fmt: str, level: int, *, default: bool) -> None:
    global _pending, _level
    _pending, _level = (fmt, level, default), level


def _structlog():
    """structlog, configured as asked if it was asked since the last line."""
    global _pending, _wrapper
    import structlog

    if _pending is not None:
        fmt, level, default = _pending
        _pending = None
        if not (default and structlog.is_configured()):  # an application's own configuration wins
            renderer = structlog.processors.JSONRenderer(ensure_ascii=False) if fmt == "json" \
                else structlog.dev.ConsoleRenderer(colors=False)
            _wrapper = structlog.make_filtering_bound_logger(level)
            structlog.configure(
                processors=[
                    structlog.processors.add_log_level,
                    structlog.processors.TimeStamper(fmt="iso", utc=True),
                    _redact,
                    renderer,
                ],
                wrapper_class=_wrapper,
                logger_factory=structlog.PrintLoggerFactory(file=_Stderr()),
                cache_logger_on_first_use=False,
            )
    return structlog


def _threshold() -> int:
    """The level below which a line is dropped without asking structlog: known when our own
    configuration is in force, or will be at the next line; 0 (ask structlog) otherwise."""
    if _pending is not None:
        st = sys.modules.get("structlog")
        if _pending[2] and st is not None and st.is_configured():
            return 0
        return _pending[1]
    st = sys.modules.get("structlog")
    if st is not None and _level is not None and st.get_config()["wrapper_class"] is _wrapper:
        return _level
    return 0


class Logger:
    """A named logger that imports structlog at its first line written."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def _log(self, level: int, method: str, event: str, kw: dict) -> None:
        if level < _threshold():
            return
        getattr(_structlog().get_logger(self.name), method)(event, **kw)

    def debug(self, event: str, **kw) -> None:
        self._log(10, "debug", event, kw)

    def info(self, event: str, **kw) -> None:
        self._log(20, "info", event, kw)

    def warning(self, event: str, **kw) -> None:
        self._log(30, "warning", event, kw)

    def error(self, event: str, **kw) -> None:
        self._log(40, "error", event, kw)


def get_logger(name: str) -> Logger:
    return Logger(name)
