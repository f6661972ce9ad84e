"""LoglineHandler: a logging.Handler that never blocks the code that logs.

emit() turns the record into a dict and puts it on a bounded queue (a full queue drops and counts);
a background thread batches (up to `batch_size` events or `flush_interval` seconds), serializes,
and sends with retries. flush() and close() (which logging calls at exit) wait a bounded time.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
import weakref
from typing import Any, Callable, Dict, List, Optional

from .context import RequestIdFilter
from .record import record_event
from .serialize import dumps_event, oversize_event
from .transport import HttpTransport, Outcome, SqsTransport, backoff_seconds, retry_after_seconds

DROP_KINDS = ("queue", "rejected", "retries", "internal")


class _Marker:
    """A flush (or stop) request, queued behind the events it must cover."""

    def __init__(self, deadline: float, stop: bool = False):
        self.deadline = deadline
        self.stop = stop
        self.done = threading.Event()


class LoglineHandler(logging.Handler):
    """Sends records to Logline's `/api/ingest` (url + key) or, with `queue_url`, to its SQS queue.

    Defaults: batches of 1 000 events or 1 s, a queue of 10 000 records, 10 attempts per batch with
    backoff from 0.5 s up to 30 s (Retry-After obeyed up to 300 s), 10 s per request, gzip, and
    5 s for flush()/close() to finish (what is left is dropped and counted).
    """

    def __init__(
        self,
        url: Optional[str] = None,
        key: Optional[str] = None,
        source: Optional[str] = None,
        *,
        stream: Optional[str] = None,
        fields: Optional[Dict[str, Any]] = None,
        queue_url: Optional[str] = None,
        sqs_client: Any = None,
        level: int = logging.NOTSET,
        batch_size: int = 1000,
        flush_interval: float = 1.0,
        max_queue: int = 10_000,
        max_batch_bytes: int = 1_000_000,
        max_event_bytes: int = 200_000,
        max_retries: int = 10,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        max_retry_after: float = 300.0,
        timeout: float = 10.0,
        compress: bool = True,
        close_timeout: float = 5.0,
        on_error: Optional[Callable[[Dict[str, Any]], None]] = None,
    ):
        super().__init__(level)
        if queue_url:
            self.transport: Any = SqsTransport(queue_url, sqs_client, source)
        elif url:
            self.transport = HttpTransport(url, key or "", timeout=timeout, compress=compress)
        else:
            raise ValueError("logline: give url and key (Logline's ingest endpoint), or queue_url (its SQS queue)")
        for name, value in (("batch_size", batch_size), ("max_queue", max_queue), ("max_retries", max_retries)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"logline: {name} must be a positive integer (got {value!r})")
        self.source, self.stream, self.fields = source, stream, dict(fields or {})
        self.batch_size, self.flush_interval, self.max_queue = batch_size, flush_interval, max_queue
        self.max_batch_bytes, self.max_event_bytes = max_batch_bytes, max_event_bytes
        self.max_retries, self.backoff_base, self.backoff_max, self.max_retry_after = max_retries, backoff_base, backoff_max, max_retry_after
        self.close_timeout = close_timeout
        self.on_error = on_error
        self.sent = 0
        self.requests = 0
        self.dropped: Dict[str, int] = {k: 0 for k in DROP_KINDS}
        self._reported: Dict[str, int] = {k: 0 for k in DROP_KINDS}
        self._counts = threading.Lock()
        self._warned: set = set()
        self._closed = False
        self._overflowing = False
        self._stalled = False  # a flush timed out: close() then waits only briefly
        self._formatter = logging.Formatter()
        self.addFilter(RequestIdFilter())
        self._start()
        ref = weakref.ref(self)
        if hasattr(os, "register_at_fork"):
            # A forked child (gunicorn --preload) has no worker thread: start its own, with its own queue.
            os.register_at_fork(after_in_child=lambda: ref() is not None and ref()._start())  # type: ignore[union-attr]

    def _start(self) -> None:
        self._queue: "queue.Queue[Any]" = queue.Queue(maxsize=self.max_queue)
        self._thread = threading.Thread(target=self._run, name="logline-handler", daemon=True)
        self._thread.start()

    # ---- the caller's side: cheap, never blocks, never raises -----------------------------------

    def emit(self, record: logging.LogRecord) -> None:
        if self._closed:
            return
        try:
            event = self._event(record)
        except Exception:
            self._count("internal")
            return
        try:
            self._queue.put_nowait(event)
            self._overflowing = False
        except queue.Full:
            self._count("queue")
            if not self._overflowing:  # once per episode, not once per record
                self._overflowing = True
                self._problem("queue-full", f"the queue of {self.max_queue} records is full; records are dropped and counted until it drains", 1)

    def _event(self, record: logging.LogRecord) -> Dict[str, Any]:
        return record_event(record, self.fields, self.source, self.stream, self._formatter)

    def flush(self, timeout: Optional[float] = None) -> None:
        """Waits until what was logged before is delivered or given up, at most `timeout` (close_timeout) seconds."""
        self._stalled = not self._await(_Marker(time.monotonic() + (self.close_timeout if timeout is None else timeout)))

    def close(self) -> None:
        """Delivers what is queued (within close_timeout), stops the thread; later records are ignored.

        logging calls flush() then close() at exit: after a flush that timed out, close() waits only
        briefly, so a dead endpoint costs the exit close_timeout once, not twice.
        """
        if self._closed:
            return
        self._closed = True
        marker = _Marker(time.monotonic() + (0.2 if self._stalled else self.close_timeout), stop=True)
        if not self._await(marker):
            left = self._queue.qsize()
            self._count("retries", left)
        super().close()

    def _await(self, marker: _Marker) -> bool:
        if not self._thread.is_alive():
            return True
        remaining = marker.deadline - time.monotonic()
        try:
            self._queue.put(marker, timeout=max(0.0, remaining))
        except queue.Full:
            return False
        return marker.done.wait(max(0.0, marker.deadline - time.monotonic()))

    def stats(self) -> Dict[str, Any]:
        with self._counts:
            return {"queued": self._queue.qsize(), "sent": self.sent, "requests": self.requests, "dropped": dict(self.dropped)}

    def _count(self, kind: str, n: int = 1) -> None:
        with self._counts:
            self.dropped[kind] += n

    def _problem(self, kind: str, message: str, events: int, status: Optional[int] = None) -> None:
        problem = {"kind": kind, "status": status, "message": message, "events": events}
        if self.on_error is not None:
            try:
                self.on_error(problem)
            except Exception:
                pass  # the app's callback must not break delivery
        elif (kind, status) not in self._warned:
            self._warned.add((kind, status))
            # Not through logging: that could come back to this handler.
            sys.stderr.write(f"[logline] {message} ({events} events; further ones are counted in handler.stats())\n")

    # ---- the worker thread ------------------------------------------------------------------------

    def _run(self) -> None:
        batch: List[Dict[str, Any]] = []
        due: Optional[float] = None
        q = self._queue
        while True:
            try:
                item = q.get(timeout=max(0.0, due - time.monotonic())) if due is not None else q.get()
            except queue.Empty:
                item = None
            if isinstance(item, _Marker):
                self._deliver(batch, item.deadline)
                batch, due = [], None
                item.done.set()
                if item.stop:
                    return
                continue
            if item is not None:
                batch.append(item)
                if due is None:
                    due = time.monotonic() + self.flush_interval
            if batch and (len(batch) >= self.batch_size or (due is not None and time.monotonic() >= due)):
                self._deliver(batch, None)
                batch, due = [], None

    def _deliver(self, events: List[Dict[str, Any]], give_up_at: Optional[float]) -> None:
        lines: List[str] = []
        for event in events:
            try:
                line = dumps_event(event)
                if len(line) > self.max_event_bytes:
                    line = dumps_event(oversize_event(event, len(line)))
                lines.append(line)
            except Exception:
                self._count("internal")
        chunk: List[str] = []
        size = 0
        for line in lines:
            if chunk and (size + len(line) + 1 > self.max_batch_bytes):
                self._send(chunk, give_up_at)
                chunk, size = [], 0
            chunk.append(line)
            size += len(line) + 1
        if chunk or self._unreported():
            self._send(chunk, give_up_at)

    def _unreported(self) -> Optional[Dict[str, int]]:
        with self._counts:
            delta = {k: self.dropped[k] - self._reported[k] for k in DROP_KINDS}
        return delta if any(v > 0 for v in delta.values()) else None

    def _report_line(self, delta: Dict[str, int]) -> str:
        total = sum(delta.values())
        event: Dict[str, Any] = {
            "timestamp": int(time.time() * 1000),
            "level": "warn",
            "message": f"logline Python handler dropped {total} events (queue full {delta['queue']}, refused {delta['rejected']}, retries exhausted {delta['retries']}, internal {delta['internal']})",
            "event": "logline.dropped",
            "logline.dropped": total,
        }
        event.update({f"logline.dropped.{k}": v for k, v in delta.items()})
        if self.source is not None:
            event["source"] = self.source
        return dumps_event(event)

    def _send(self, lines: List[str], give_up_at: Optional[float]) -> None:
        delta = self._unreported()
        report = self._report_line(delta) if delta else None
        pending = ([report] if report is not None else []) + lines

        def users(ls: List[str]) -> int:
            return len(ls) - (1 if report is not None and report in ls else 0)

        attempt = 0
        while True:
            self.requests += 1
            outcome: Outcome = self.transport.send(pending)
            if outcome.kind == "refused":
                self._lost("rejected", users(pending), outcome.problem, outcome.message, outcome.status)
                return
            left = [] if outcome.kind == "delivered" else (outcome.remaining if outcome.remaining is not None else pending)
            if report is not None and delta and report in pending and report not in left:
                with self._counts:  # the report got through: those drops are told
                    for k, v in delta.items():
                        self._reported[k] += v
                delta = None
            if outcome.rejected:
                self._lost("rejected", outcome.rejected, "rejected", outcome.message, outcome.status)
            with self._counts:
                self.sent += max(0, users(pending) - users(left) - outcome.rejected)
            if outcome.kind == "delivered" or not left:
                return
            pending = left
            attempt += 1
            wait = retry_after_seconds(outcome.retry_after, self.max_retry_after)
            if wait is None:
                wait = backoff_seconds(attempt, self.backoff_base, self.backoff_max)
            if attempt >= self.max_retries or (give_up_at is not None and time.monotonic() + wait > give_up_at):
                self._lost("retries", users(pending), "gave-up", f"gave up after {attempt} attempts: {outcome.message}", outcome.status)
                return
            time.sleep(wait)

    def _lost(self, kind: str, n: int, problem: str, message: str, status: Optional[int]) -> None:
        if n > 0:
            self._count(kind, n)
            self._problem(problem, message, n, status)
