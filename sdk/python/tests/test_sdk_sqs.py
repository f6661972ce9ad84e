"""LoglineHandler's SQS path against moto_server: envelope v1 messages (server/sqs/envelope.ts) sent
with SendMessageBatch, within SQS's limits (10 entries, 256 KiB per message and per call).

    cd sdk/python && python3 -m unittest discover -s tests -p 'test_sdk_*.py' -v
"""

from __future__ import annotations

import json
import logging
import unittest

from logline import LoglineHandler, bind_request_id
from logline.transport import SQS_MAX_BYTES
from support import MotoServer, unique

ENVELOPE_KEYS = {"v", "receivedAt", "source", "defaultSource", "stream", "events", "lines"}


class SqsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.moto = MotoServer()
        cls.sqs = cls.moto.client("sqs")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.moto.stop()

    def receive_all(self, queue_url: str) -> list:
        bodies = []
        while True:
            got = self.sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
            if not got:
                return bodies
            bodies.extend(m["Body"] for m in got)
            self.sqs.delete_message_batch(QueueUrl=queue_url, Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(got)])

    def test_records_arrive_as_envelopes_the_consumer_reads(self) -> None:
        queue_url = self.sqs.create_queue(QueueName=unique("ingest"))["QueueUrl"]
        handler = LoglineHandler(queue_url=queue_url, sqs_client=self.sqs, source="worker", flush_interval=0.1)
        log = logging.getLogger(unique("sqs"))
        log.handlers, log.propagate, log.level = [handler], False, logging.INFO
        with bind_request_id("req-sqs-1"):
            for i in range(60):
                log.info("chunk %d done", i, extra={"i": i, "pad": "é" * 8000})  # 48 KB each once escaped: 5 per message
        handler.flush(timeout=20)
        bodies = self.receive_all(queue_url)
        self.assertGreater(len(bodies), 10)  # more than one SendMessageBatch call's worth
        lines = []
        for body in bodies:
            self.assertLessEqual(len(body.encode("utf-8")), SQS_MAX_BYTES)
            envelope = json.loads(body)
            self.assertLessEqual(set(envelope), ENVELOPE_KEYS)
            self.assertEqual(envelope["v"], 1)
            self.assertEqual(envelope["defaultSource"], "worker")
            self.assertIsInstance(envelope["receivedAt"], int)
            lines.extend(envelope["lines"])
        events = [json.loads(l) for l in lines]
        self.assertEqual(sorted(e["i"] for e in events), list(range(60)))
        self.assertTrue(all(e["request.id"] == "req-sqs-1" and e["source"] == "worker" and len(e["pad"]) == 8000 for e in events))
        self.assertEqual(handler.stats()["sent"], 60)
        handler.close()

    def test_an_event_larger_than_a_message_is_refused_alone_and_counted(self) -> None:
        queue_url = self.sqs.create_queue(QueueName=unique("ingest"))["QueueUrl"]
        problems = []
        handler = LoglineHandler(queue_url=queue_url, sqs_client=self.sqs, flush_interval=0.05, max_event_bytes=2_000_000, on_error=problems.append)
        log = logging.getLogger(unique("sqs-big"))
        log.handlers, log.propagate, log.level = [handler], False, logging.INFO
        log.info("small")
        log.info("huge", extra={f"f{i}": "x" * 8000 for i in range(40)})  # 320 KB: over any SQS message
        handler.flush(timeout=20)
        messages = [json.loads(l)["message"] for b in self.receive_all(queue_url) for l in json.loads(b)["lines"]]
        self.assertEqual(messages, ["small"])
        self.assertEqual(handler.stats()["dropped"]["rejected"], 1)
        self.assertIn("larger than an SQS message", problems[0]["message"])
        handler.close()

    def test_a_missing_queue_is_not_retried(self) -> None:
        problems = []
        missing = f"{self.moto.endpoint}/123456789012/{unique('nope')}"
        handler = LoglineHandler(queue_url=missing, sqs_client=self.sqs, flush_interval=0.05, on_error=problems.append)
        log = logging.getLogger(unique("sqs-missing"))
        log.handlers, log.propagate, log.level = [handler], False, logging.INFO
        log.info("nowhere to go")
        handler.flush(timeout=20)
        self.assertEqual(handler.stats()["requests"], 1)
        self.assertEqual(handler.stats()["dropped"]["rejected"], 1)
        self.assertIn("check queue_url", problems[0]["message"])
        handler.close()


if __name__ == "__main__":
    unittest.main()
