"""A log record as a Logline event (on the caller's thread: cheap, and it copies what may change)."""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional

from .serialize import jsonable

# Values that cannot change after emit(): kept as they are; anything else is copied (see record_event).
_IMMUTABLE = (str, int, float, bool, type(None))

# Attributes every LogRecord has; anything else on a record came from `extra=` and is sent as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id", "taskName"}


def record_event(record: logging.LogRecord, fields: Dict[str, Any], source: Optional[str], stream: Optional[str], formatter: logging.Formatter) -> Dict[str, Any]:
    try:
        message = record.getMessage()
    except Exception as err:  # bad %-args: keep what was given
        message = f"{record.msg!r} {record.args!r} (could not format: {err})"
    event: Dict[str, Any] = dict(fields)
    for k, v in record.__dict__.items():
        if k not in _STANDARD and not k.startswith("_"):
            # The worker serializes later: a dict or object the caller changes after logging must be
            # sent as it was. jsonable() is bounded (depth 8, 200 items, 8 192 characters a string).
            event[k] = v if isinstance(v, _IMMUTABLE) else jsonable(v)
    event.update(timestamp=int(record.created * 1000), level=record.levelname.lower(), message=message, logger=record.name)
    event["code.file"], event["code.line"], event["code.function"] = record.filename, record.lineno, record.funcName
    if source is not None:
        event["source"] = source
    if stream is not None:
        event["stream"] = stream
    rid = getattr(record, "request_id", None)
    if rid is not None:
        event["request.id"] = rid
    if record.exc_info and record.exc_info[0] is not None:
        event["error.type"] = record.exc_info[0].__name__
        event["error.message"] = str(record.exc_info[1])
        event["stack"] = formatter.formatException(record.exc_info)
    if record.stack_info:
        event["stack_info"] = record.stack_info
    return event
