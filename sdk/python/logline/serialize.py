"""Events to JSON lines that cannot fail: cycles, odd types and huge strings are made safe first."""

from __future__ import annotations

import base64
import datetime
import decimal
import enum
import json
import uuid
from typing import Any, Dict

MAX_STRING = 8192
MAX_DEPTH = 8
MAX_ITEMS = 200


def _cut(text: str) -> str:
    return text if len(text) <= MAX_STRING else f"{text[:MAX_STRING]}…[+{len(text) - MAX_STRING} chars]"


def jsonable(value: Any, depth: int = 0, seen: Any = None) -> Any:
    """A JSON-safe copy: dicts, lists, str, int, float, bool, None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, str):
        return _cut(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, decimal.Decimal)):
        return str(value)
    if isinstance(value, enum.Enum):
        return jsonable(value.value, depth, seen)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value[:MAX_STRING])).decode("ascii")
    if isinstance(value, BaseException):
        return {"type": type(value).__name__, "message": _cut(str(value))}
    if depth >= MAX_DEPTH:
        return _cut(repr(value))
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return "[Circular]"
    if isinstance(value, dict):
        seen.add(id(value))
        out = {}
        for i, (k, v) in enumerate(value.items()):
            if i >= MAX_ITEMS:
                out["…"] = f"+{len(value) - MAX_ITEMS} more keys"
                break
            out[k if isinstance(k, str) else str(k)] = jsonable(v, depth + 1, seen)
        seen.discard(id(value))
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        seen.add(id(value))
        items = list(value)
        out_list = [jsonable(v, depth + 1, seen) for v in items[:MAX_ITEMS]]
        if len(items) > MAX_ITEMS:
            out_list.append(f"[+{len(items) - MAX_ITEMS} more]")
        seen.discard(id(value))
        return out_list
    try:
        return _cut(repr(value))
    except Exception:
        return f"[unprintable {type(value).__name__}]"


def dumps_event(event: Dict[str, Any]) -> str:
    """One NDJSON line. Runs on the handler's thread, never on the caller's."""
    return json.dumps(jsonable(event), ensure_ascii=False, separators=(",", ":"))


def oversize_event(event: Dict[str, Any], size: int) -> Dict[str, Any]:
    """A too-large event keeps its time, level, message start and origin; its fields are dropped."""
    keep = {k: event[k] for k in ("timestamp", "level", "logger", "source", "stream", "request.id") if k in event}
    keep["message"] = str(event.get("message", ""))[:1000]
    keep["logline.oversize"] = size
    return keep
