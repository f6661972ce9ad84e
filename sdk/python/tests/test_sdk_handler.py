"""LoglineHandler against the real ingest endpoint (a Logline server this run starts).

    cd sdk/python && python3 -m unittest discover -s tests -p 'test_sdk_*.py' -v
"""

from __future__ import annotations

import http.server
import json
import logging
import os
import subprocess
import sys
import threading
import time
import unittest

from logline import LoglineHandler
from support import INGEST_KEY, IngestProxy, free_port, server, unique, wait_for


def make_logger(handler: logging.Handler, name: str) -> logging.Logger:
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    return logger


class HandlerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.server = server()
        cls.proxy = IngestProxy(cls.server.url)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.proxy.stop()

    def test_records_reach_the_server_batched_with_their_fields(self) -> None:
        source = unique("batch")
        handler = LoglineHandler(self.proxy.url, key=INGEST_KEY, source=source, flush_interval=0.2, batch_size=500)
        log = make_logger(handler, source)
        for i in range(1200):
            log.info("row %d imported", i, extra={"i": i, "user_id": 7})
        try:
            raise KeyError("missing column")
        except KeyError:
            log.exception("import failed for %s", "roster.csv")
        handler.flush()
        seen = [r for r in self.proxy.seen if any(source in l for l in r["lines"])]
        self.assertEqual([len(r["lines"]) for r in seen], [500, 500, 201])
        self.assertEqual(seen[0]["headers"].get("Content-Encoding"), "gzip")
        events = self.server.events(source)
        self.assertEqual(len(events), 1000)  # the newest 1 000; the count is below
        self.assertEqual(handler.stats()["sent"], 1201)
        failed = next(e for e in events if e["fields"].get("level") == "error")
        self.assertEqual(failed["log"], source)
        self.assertEqual(failed["fields"]["message"], "import failed for roster.csv")
        self.assertEqual(failed["fields"]["error.type"], "KeyError")
        self.assertIn('raise KeyError("missing column")', failed["fields"]["stack"])
        row = next(e for e in events if e["fields"].get("i") == 1199)
        self.assertEqual(row["fields"]["message"], "row 1199 imported")
        self.assertEqual(row["fields"]["user.id"], "7")  # normalized like every producer's
        self.assertEqual(row["fields"]["level"], "info")
        self.assertEqual(row["fields"]["logger"], source)
        self.assertEqual(row["fields"]["code.function"], "test_records_reach_the_server_batched_with_their_fields")
        handler.close()

    def test_extra_values_are_sent_as_they_were_when_logged(self) -> None:
        source = unique("snapshot")
        handler = LoglineHandler(self.proxy.url, key=INGEST_KEY, source=source, flush_interval=0.3)
        log = make_logger(handler, source)

        class Order:
            def __init__(self) -> None:
                self.state = "new"

            def __repr__(self) -> str:
                return f"Order({self.state})"

        cart = {"items": [{"sku": "a-1"}], "total": 10}
        order = Order()
        log.info("checkout started", extra={"cart": cart, "order": order, "step": 1})
        # The caller goes on with its objects before the worker thread serializes the batch.
        cart["items"].append({"sku": "b-2"})
        cart["total"] = 99
        order.state = "paid"
        handler.flush()
        sent = [json.loads(l) for r in self.proxy.seen for l in r["lines"] if source in l]
        event = next(e for e in sent if e.get("message") == "checkout started")
        self.assertEqual(event["cart"], {"items": [{"sku": "a-1"}], "total": 10})
        self.assertEqual(event["order"], "Order(new)")
        self.assertEqual(event["step"], 1)
        handler.close()

    def test_429_with_retry_after_is_waited_out_then_delivered_once(self) -> None:
        source = unique("429")
        self.proxy.plan({"status": 429, "headers": {"Retry-After": "1"}, "body": {"error": "Logline is busy writing; retry after the delay in Retry-After"}})
        handler = LoglineHandler(self.proxy.url, key=INGEST_KEY, source=source, flush_interval=0.05)
        log = make_logger(handler, source)
        for i in range(3):
            log.warning("slow %d", i)
        handler.flush(timeout=10)
        seen = [r for r in self.proxy.seen if any(source in l for l in r["lines"])]
        self.assertEqual([r["status"] for r in seen], [429, 202])
        self.assertGreaterEqual(seen[1]["at"] - seen[0]["at"], 1.0)
        self.assertEqual(sorted(e["fields"]["message"] for e in self.server.events(source)), ["slow 0", "slow 1", "slow 2"])
        handler.close()

    def test_a_refused_key_is_not_retried_but_counted_and_reported(self) -> None:
        problems = []
        handler = LoglineHandler(self.server.url, key="lk_wrong-key-00000000000000", source=unique("401"), on_error=problems.append)
        log = make_logger(handler, "py-401")
        log.error("payment failed")
        handler.flush()
        self.assertEqual(handler.stats()["requests"], 1)
        self.assertEqual(handler.stats()["dropped"]["rejected"], 1)
        self.assertEqual(problems[0]["kind"], "unauthorized")
        self.assertEqual(problems[0]["status"], 401)
        self.assertIn("API key", problems[0]["message"])
        handler.close()

    def test_drops_are_counted_and_the_counts_reach_the_server(self) -> None:
        source = unique("drops")
        self.proxy.plan({"status": 503, "headers": {"Retry-After": "1"}})
        handler = LoglineHandler(self.proxy.url, key=INGEST_KEY, source=source, flush_interval=0.05, max_queue=50, on_error=lambda p: None)
        log = make_logger(handler, source)
        for i in range(10):
            log.info("before %d", i)
        wait_for("the first request", lambda: any(source in l for r in self.proxy.seen for l in r["lines"]))
        for i in range(200):
            log.info("while down %d", i)
        self.assertEqual(handler.stats()["dropped"]["queue"], 150)
        handler.flush(timeout=10)
        events = self.server.events(source)
        report = next(e for e in events if e["fields"].get("event") == "logline.dropped")
        self.assertEqual(report["fields"]["logline.dropped.queue"], 150)
        self.assertEqual(report["fields"]["logline.dropped"], 150)
        self.assertEqual(len([e for e in events if e["fields"].get("event") != "logline.dropped"]), 60)
        handler.close()

    def test_a_dead_endpoint_never_blocks_the_caller(self) -> None:
        # An endpoint that accepts connections and never answers: the worker hangs in its request.
        class Silent(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                time.sleep(60)

            def log_message(self, *args: object) -> None:
                pass

        silent = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Silent)
        silent.daemon_threads = True
        threading.Thread(target=silent.serve_forever, daemon=True).start()
        handler = LoglineHandler(f"http://127.0.0.1:{silent.server_address[1]}", key="k", flush_interval=0.01, max_queue=100, timeout=30, close_timeout=0.5, on_error=lambda p: None)
        log = make_logger(handler, unique("dead"))
        log.info("first")
        wait_for("the worker to be stuck in its request", lambda: handler.stats()["requests"] == 1)
        for i in range(20_000):  # would hang here if emit waited for the network
            log.info("still logging %d", i)
        stats = handler.stats()
        self.assertEqual(stats["queued"], 100)
        self.assertEqual(stats["dropped"]["queue"], 19_900)
        started = time.monotonic()
        handler.close()
        self.assertLess(time.monotonic() - started, 3.0)  # bounded by close_timeout, not the 30 s request
        self.assertEqual(handler.stats()["dropped"]["retries"], 100)
        log.info("after close: ignored")
        silent.shutdown()
        silent.server_close()

    def test_a_connection_refused_endpoint_gives_up_after_retries(self) -> None:
        handler = LoglineHandler(f"http://127.0.0.1:{free_port()}", key="k", max_retries=3, backoff_base=0.01, backoff_max=0.02, on_error=lambda p: None)
        log = make_logger(handler, unique("refused"))
        for i in range(5):
            log.info("into the void %d", i)
        handler.flush()
        self.assertEqual(handler.stats()["requests"], 3)
        self.assertEqual(handler.stats()["dropped"]["retries"], 5)
        handler.close()

    def test_what_is_queued_is_sent_when_the_program_exits(self) -> None:
        source = unique("atexit")
        script = (
            "import logging, sys\n"
            "from logline import LoglineHandler\n"
            f"logging.basicConfig(level=logging.INFO, handlers=[LoglineHandler({self.server.url!r}, key={INGEST_KEY!r}, source={source!r}, flush_interval=60)])\n"
            "for i in range(5): logging.info('exiting soon %d', i)\n"
            "sys.exit(0)  # no flush, no close: logging's own atexit hook must do it\n"
        )
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        run = subprocess.run([sys.executable, "-c", script], cwd=here, capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(sorted(e["fields"]["message"] for e in self.server.events(source)), [f"exiting soon {i}" for i in range(5)])

    def test_hostile_records_are_sent_not_raised(self) -> None:
        source = unique("hostile")
        handler = LoglineHandler(self.server.url, key=INGEST_KEY, source=source)
        log = make_logger(handler, source)
        circular: dict = {"name": "loop"}
        circular["self"] = circular
        log.info("circular", extra={"payload": circular})
        log.info("bad args %d", "not a number")
        log.info("objects", extra={"when": object(), "huge": "x" * 300_000, "tuple_keys": {(1, 2): "a"}, "big": 2**80, "nan": float("nan")})
        log.info("too many big fields", extra={f"f{i}": "y" * 8000 for i in range(30)})
        handler.flush()
        by_message = {e["fields"]["message"]: e["fields"] for e in self.server.events(source)}
        self.assertEqual(by_message["circular"]["payload.self"], "[Circular]")
        self.assertTrue(any(m.startswith("'bad args %d'") for m in by_message))
        objects = by_message["objects"]
        self.assertTrue(objects["when"].startswith("<object object at"))
        self.assertEqual(objects["huge"], "x" * 8192 + "…[+291808 chars]")
        self.assertEqual(objects["tuple_keys.(1, 2)"], "a")
        self.assertEqual(objects["big"], str(2**80))  # beyond int64: text, so it stays exact
        self.assertEqual(objects["nan"], "nan")
        oversize = by_message["too many big fields"]
        self.assertGreater(oversize["logline.oversize"], 200_000)  # kept its message and origin, lost its fields
        self.assertNotIn("f0", oversize)
        self.assertEqual(handler.stats()["dropped"]["internal"], 0)
        handler.close()


if __name__ == "__main__":
    unittest.main()
