"""The Django middleware, tested with minimal request and response objects.

Django is not installed here (and cannot be), so these stand-ins implement only what Django's
middleware protocol gives a middleware: `request.headers` (case-insensitive, Django ≥ 2.2),
`request.META`, and a response that takes headers by item assignment (`response["X"] = …`).
The last test runs the middleware with LoglineHandler against the real server.

    cd sdk/python && python3 -m unittest discover -s tests -p 'test_sdk_*.py' -v
"""

from __future__ import annotations

import logging
import re
import threading
import unittest
import uuid

from logline import LoglineHandler, RequestIdFilter, get_request_id
from logline.django import RequestIdMiddleware
from support import INGEST_KEY, server, unique


class Headers(dict):
    """Case-insensitive like django.http.request.HttpHeaders."""

    def __init__(self, values: dict):
        super().__init__({k.lower(): v for k, v in values.items()})

    def get(self, key, default=None):
        return super().get(key.lower(), default)


class Request:
    def __init__(self, headers: dict | None = None, meta: dict | None = None):
        self.headers = Headers(headers or {})
        self.META = meta or {}


class Response:
    def __init__(self, status: int = 200):
        self.status_code = status
        self._headers: dict = {}

    def __setitem__(self, key: str, value: str) -> None:
        self._headers[key.lower()] = value

    def __getitem__(self, key: str) -> str:
        return self._headers[key.lower()]


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records: list = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def logger_with(handler: logging.Handler) -> logging.Logger:
    log = logging.getLogger(unique("django"))
    log.handlers, log.propagate, log.level = [handler], False, logging.INFO
    return log


class MiddlewareTest(unittest.TestCase):
    def test_a_new_id_for_each_request_on_every_record_and_in_the_response(self) -> None:
        capture = Capture()
        log = logger_with(capture)

        def view(request):
            log.info("loading gradebook")
            log.warning("slow query")
            return Response()

        middleware = RequestIdMiddleware(view)
        first, second = middleware(Request()), middleware(Request())
        ids = [r.request_id for r in capture.records]
        self.assertEqual(ids[0], ids[1])
        self.assertEqual(ids[2], ids[3])
        self.assertNotEqual(ids[0], ids[2])
        self.assertEqual(first["X-Request-ID"], ids[0])
        self.assertEqual(second["x-request-id"], ids[2])
        uuid.UUID(ids[0])
        self.assertIsNone(get_request_id())  # nothing leaks out of the request

    def test_keeps_a_plain_incoming_id_and_replaces_a_hostile_one(self) -> None:
        seen = []
        middleware = RequestIdMiddleware(lambda request: (seen.append((request.request_id, get_request_id())), Response())[1])
        self.assertEqual(middleware(Request({"X-Request-Id": "b7ad6b71-6920-4a1c"}))["X-Request-ID"], "b7ad6b71-6920-4a1c")
        self.assertEqual(middleware(Request(meta={"HTTP_X_REQUEST_ID": "from-meta.1"}))["X-Request-ID"], "from-meta.1")
        for hostile in ["x" * 129, "id\r\nSet-Cookie: a=b", "<script>", ""]:
            rid = middleware(Request({"x-request-id": hostile}))["X-Request-ID"]
            self.assertTrue(re.match(r"^[0-9a-f-]{36}$", rid), rid)
        self.assertEqual([a for a, b in seen], [b for a, b in seen])

    def test_the_id_is_reset_even_when_the_view_raises(self) -> None:
        def broken(request):
            raise RuntimeError("view crashed")

        with self.assertRaises(RuntimeError):
            RequestIdMiddleware(broken)(Request({"X-Request-ID": "req-crash"}))
        self.assertIsNone(get_request_id())

    def test_concurrent_requests_keep_their_own_ids(self) -> None:
        capture = Capture()
        log = logger_with(capture)
        barrier = threading.Barrier(8)

        def view(request):
            barrier.wait()  # all eight requests are inside their views at once
            log.info("handling %s", request.headers.get("x-request-id"))
            return Response()

        middleware = RequestIdMiddleware(view)
        threads = [threading.Thread(target=middleware, args=(Request({"X-Request-ID": f"req-{i}"}),)) for i in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(capture.records), 8)
        for record in capture.records:
            self.assertEqual(record.getMessage(), f"handling {record.request_id}")

    def test_with_the_handler_the_id_reaches_logline_as_request_id(self) -> None:
        logline = server()
        source = unique("api")
        handler = LoglineHandler(logline.url, key=INGEST_KEY, source=source)
        log = logger_with(handler)

        def view(request):
            log.info("GET /api/grades 200")
            try:
                raise ValueError("grade out of range")
            except ValueError:
                log.exception("grade sync failed")
            return Response()

        response = RequestIdMiddleware(view)(Request({"X-Request-ID": "req-from-browser-42"}))
        handler.flush()
        events = logline.events(source)
        self.assertEqual(response["X-Request-ID"], "req-from-browser-42")
        self.assertEqual(sorted(e["fields"]["message"] for e in events), ["GET /api/grades 200", "grade sync failed"])
        self.assertTrue(all(e["fields"]["request.id"] == "req-from-browser-42" for e in events))
        handler.close()


if __name__ == "__main__":
    unittest.main()
