"""The current request's id, carried by a contextvar so it follows threads and asyncio tasks
correctly, and put on every log record by RequestIdFilter."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import uuid
from typing import Iterator, Optional

request_id_var: contextvars.ContextVar[Optional[str]] = contextvars.ContextVar("logline_request_id", default=None)

# Ids from clients are echoed in headers and logs: keep them short and plain.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def new_request_id() -> str:
    return str(uuid.uuid4())


def valid_request_id(value: Optional[str]) -> Optional[str]:
    """The id when a client's x-request-id is safe to reuse, else None (a new one is made)."""
    if value is None:
        return None
    value = value.strip()
    return value if _VALID_ID.match(value) else None


def get_request_id() -> Optional[str]:
    """The id of the request being handled, or None outside one."""
    return request_id_var.get()


@contextlib.contextmanager
def bind_request_id(request_id: Optional[str] = None) -> Iterator[str]:
    """Makes `request_id` (a new one when None) current for the block: jobs, consumers, scripts."""
    rid = request_id or new_request_id()
    token = request_id_var.set(rid)
    try:
        yield rid
    finally:
        request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Sets `record.request_id` from the current request (a record that has one keeps it).

    Add it to any handler to use `%(request_id)s` in a format; LoglineHandler adds it itself and
    sends the id as `request.id`.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id_var.get()
        return True
