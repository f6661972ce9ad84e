"""Django middleware: one request id per request, on every log record and in the response.

    MIDDLEWARE = ["logline.django.RequestIdMiddleware", ...]   # first, so every later log has it

It reads `X-Request-ID` from the request (the JS SDK's `logger.fetch` sends it) when it is a
plain id (letters, digits, `._:-`, at most 128 characters), otherwise makes a UUID; makes it
current for the request (`logline.get_request_id()`, and `request.id` on every record logged
through LoglineHandler or any handler with RequestIdFilter); and returns it as `X-Request-ID`.
Written against Django's middleware protocol (a callable taking `get_response`); Django itself is
not imported. Synchronous: under ASGI Django adapts it, and the contextvar is copied to the
thread running the view.
"""

from __future__ import annotations

from typing import Any, Callable

from .context import new_request_id, request_id_var, valid_request_id

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"


class RequestIdMiddleware:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response: Callable[[Any], Any]):
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        rid = valid_request_id(_incoming(request)) or new_request_id()
        request.request_id = rid
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[HEADER] = rid
        return response


def _incoming(request: Any) -> Any:
    headers = getattr(request, "headers", None)  # Django ≥ 2.2: case-insensitive
    if headers is not None:
        value = headers.get(HEADER)
        if value is not None:
            return value
    meta = getattr(request, "META", None) or {}
    return meta.get(META_KEY)
