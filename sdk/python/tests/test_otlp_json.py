"""OTLP/JSON sent to Logline's /v1/logs from plain Python (standard library only).

Builds ExportLogsServiceRequest bodies by hand, the way any service without an OpenTelemetry SDK
(or a Collector's otlphttp exporter with `encoding: json`) sends them, and checks Logline's OTLP
answers. Needs a running Logline: LOGLINE_URL (e.g. http://127.0.0.1:3000) and LOGLINE_INGEST_KEY.
`server/ingest/otlp/sdk.int.test.ts` starts one and runs this file, then reads the events back.

    LOGLINE_URL=http://127.0.0.1:3000 LOGLINE_INGEST_KEY=... python3 -m unittest -v sdk/python/tests/test_otlp_json.py
"""

import gzip
import json
import os
import unittest
import urllib.error
import urllib.request

URL = os.environ.get("LOGLINE_URL", "").rstrip("/")
KEY = os.environ.get("LOGLINE_INGEST_KEY", "")

# 2026-11-24T03:00:00Z in nanoseconds since the epoch, as OTLP carries it (a decimal string).
T_NANOS = "1795489200000000000"


def attrs(**values):
    """Keyword arguments as an OTLP KeyValue list; dots in names are written as '__'."""
    out = []
    for key, value in values.items():
        if isinstance(value, bool):
            any_value = {"boolValue": value}
        elif isinstance(value, int):
            any_value = {"intValue": str(value)}  # int64 travels as text in OTLP/JSON
        elif isinstance(value, float):
            any_value = {"doubleValue": value}
        else:
            any_value = {"stringValue": value}
        out.append({"key": key.replace("__", "."), "value": any_value})
    return out


def request(*records):
    return {
        "resourceLogs": [
            {
                "resource": {"attributes": attrs(service__name="py-worker", service__instance__id="worker-1")},
                "scopeLogs": [{"scope": {"name": "py.stdlib", "version": "1.0"}, "logRecords": list(records)}],
            }
        ]
    }


def post(body, content_type="application/json", key=None, encoding=None):
    """POSTs a body and returns (status, parsed JSON answer)."""
    headers = {"Content-Type": content_type, "Authorization": "Bearer " + (KEY if key is None else key)}
    if encoding:
        headers["Content-Encoding"] = encoding
    req = urllib.request.Request(URL + "/v1/logs", data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, json.loads(res.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


@unittest.skipUnless(URL and KEY, "set LOGLINE_URL and LOGLINE_INGEST_KEY to a running Logline")
class OtlpJsonTest(unittest.TestCase):
    def test_records_are_accepted(self):
        body = request(
            {
                "timeUnixNano": T_NANOS,
                "severityNumber": 9,
                "severityText": "INFO",
                "body": {"stringValue": "nightly import started"},
                "attributes": attrs(job__name="import", rows=18234),
                "traceId": "0AF7651916CD43DD8448EB211C80319C",
                "spanId": "b7ad6b7169203331",
            },
            {
                "observedTimeUnixNano": T_NANOS,
                "severityText": "WARNING",
                "body": {"kvlistValue": {"values": [{"key": "message", "value": {"stringValue": "row rejected"}}, {"key": "row", "value": {"kvlistValue": {"values": attrs(id="r-9")}}}]}},
            },
        )
        status, answer = post(json.dumps(body).encode())
        self.assertEqual(status, 200, answer)
        self.assertEqual(answer, {})

    def test_gzip_body(self):
        body = request({"timeUnixNano": T_NANOS, "severityNumber": 17, "body": {"stringValue": "gzip works"}})
        status, answer = post(gzip.compress(json.dumps(body).encode()), encoding="gzip")
        self.assertEqual((status, answer), (200, {}))

    def test_partial_success_names_the_refused_record(self):
        too_many = [{"key": "a%d" % i, "value": {"intValue": str(i)}} for i in range(10000)]
        body = request({"body": {"stringValue": "kept"}}, {"body": {"stringValue": "refused"}, "attributes": too_many})
        status, answer = post(json.dumps(body).encode())
        self.assertEqual(status, 200, answer)
        self.assertEqual(answer["partialSuccess"]["rejectedLogRecords"], 1)
        self.assertIn("record 1", answer["partialSuccess"]["errorMessage"])
        self.assertIn("more than 1000 values", answer["partialSuccess"]["errorMessage"])

    def test_refusals(self):
        self.assertEqual(post(b"{}", key="not-a-key-at-all")[0], 401)
        self.assertEqual(post(b"{}", content_type="text/plain")[0], 415)
        status, answer = post(b'{"resourceLogs": [')
        self.assertEqual(status, 400)
        self.assertIn("malformed JSON", answer["error"])


if __name__ == "__main__":
    unittest.main()
