"""A progress bar on standard error for ledger scans that take longer than a moment.

Silent unless standard error is a terminal and the scan has run for half a second, so pipes, CI
logs and quick runs stay clean.
"""

from __future__ import annotations

import sys
import threading
import time


class Progress:
    def __init__(self, total: int, label: str = "ledgers", delay: float = 0.5, stream=None) -> None:
        self.total, self.label, self.delay = total, label, delay
        self.stream = stream or sys.stderr
        self.done = 0
        self.current = ""
        self.started = time.monotonic()
        self.shown = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())

    def __enter__(self) -> "Progress":
        if self.enabled:
            self._thread = threading.Thread(target=self._tick, daemon=True)
            self._thread.start()
        return self

    def step(self, name: str) -> None:
        self.current = name

    def advance(self) -> None:
        self.done += 1

    def _draw(self) -> None:
        width = 24
        filled = int(width * self.done / max(1, self.total))
        spin = "|/-\\"[int(time.monotonic() * 4) % 4]
        line = (f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{self.current} {spin} {time.monotonic() - self.started:.1f}s")
        self.stream.write(line)
        self.stream.flush()
        self.shown = True

    def _tick(self) -> None:
        if self._stop.wait(self.delay):
            return
        while not self._stop.wait(0.25):
            self._draw()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.shown:
            self.stream.write("\r" + " " * 70 + "\r")
            self.stream.flush()
