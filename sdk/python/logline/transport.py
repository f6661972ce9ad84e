"""Where batches go: Logline's ingest endpoint over HTTP, or the ingest queue (SQS) in AWS mode.

Each transport sends a list of NDJSON lines and says what happened, as an Outcome; the handler's
worker decides about retries (exponential backoff with full jitter, honouring Retry-After).
"""

from __future__ import annotations

import email.utils
import gzip
import http.client
import json
import random
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, List, Optional

# Statuses that mean "try again later"; every other 4xx will not change by retrying.
RETRYABLE = {408, 425, 429, 500, 502, 503, 504}


@dataclass
class Outcome:
    """`delivered` (with `rejected` of them refused), `refused` (none stored, do not retry) or `retry`."""

    kind: str
    message: str = ""
    status: Optional[int] = None
    rejected: int = 0
    problem: str = ""
    # For `retry`: the Retry-After header as sent (seconds or an HTTP date).
    retry_after: Optional[str] = None
    # For `retry`: the lines still to send (SQS may accept part of a batch).
    remaining: Optional[List[str]] = None


def retry_after_seconds(header: Optional[str], cap: float, now: Optional[float] = None) -> Optional[float]:
    """Retry-After as seconds (a number or an HTTP date), capped; None when absent or unreadable."""
    if header is None:
        return None
    text = header.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        seconds = when - (time.time() if now is None else now)
    return min(max(0.0, seconds), cap)


def backoff_seconds(attempt: int, base: float, cap: float, rand: Any = random.random) -> float:
    """Full jitter: a random delay up to base·2^(attempt-1), capped (attempt counts from 1)."""
    return max(0.001, rand() * min(cap, base * 2 ** max(0, attempt - 1)))


class HttpTransport:
    """POSTs gzip NDJSON to `/api/ingest` with the key in the Authorization header."""

    def __init__(self, url: str, key: str, timeout: float = 10.0, compress: bool = True):
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError(f"logline: url must be Logline's address, like https://logs.example.com (got {url!r})")
        if not key:
            raise ValueError("logline: key must be an ingest key (Admin → API keys)")
        path = parsed.path.rstrip("/")
        if not path.endswith("/api/ingest"):
            path += "/api/ingest"
        self.url = urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, "", ""))
        self.key = key
        self.timeout = timeout
        self.compress = compress

    def send(self, lines: List[str]) -> Outcome:
        body = "\n".join(lines).encode("utf-8")
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/x-ndjson", "User-Agent": "logline-python/0.1"}
        if self.compress and len(body) > 1024:
            body = gzip.compress(body, compresslevel=5)
            headers["Content-Encoding"] = "gzip"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as res:
                status, text, retry_after = res.status, res.read(), res.headers.get("Retry-After")
        except urllib.error.HTTPError as err:
            status, retry_after = err.code, err.headers.get("Retry-After")
            try:
                text = err.read()
            except (OSError, http.client.HTTPException):
                text = b""
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as err:
            return Outcome("retry", message=f"network error: {getattr(err, 'reason', err)}")
        return classify(status, text, retry_after, lines)


def classify(status: int, body: bytes, retry_after: Optional[str], lines: Optional[List[str]] = None) -> Outcome:
    doc = _json(body)
    error = doc.get("error") if isinstance(doc.get("error"), str) else None
    if 200 <= status < 300:
        return Outcome("delivered", status=status)
    if status == 400:
        rejected = doc.get("rejected")
        if isinstance(rejected, int) and rejected >= 0:
            # The valid events of the batch are stored; only the listed ones were refused.
            return Outcome("delivered", status=status, rejected=rejected, message=error or "some events were refused")
        return Outcome("refused", status=status, problem="rejected", message=error or "the batch was refused (400)")
    if status in RETRYABLE or status > 504:
        outcome = Outcome("retry", status=status, message=error or f"the server answered {status}", retry_after=retry_after)
        resend = _resend(doc, len(lines)) if status == 503 and lines is not None else None
        if resend is not None:
            # AWS mode, SQS took part of the batch: send only the lines it did not take; the others are stored or refused.
            outcome.remaining = [lines[i] for i in resend]  # type: ignore[index]
            rejected = doc.get("rejected")
            outcome.rejected = rejected if isinstance(rejected, int) and rejected >= 0 else 0
        return outcome
    if status in (401, 403):
        return Outcome("refused", status=status, problem="unauthorized", message=error or "the ingest key was refused; check key")
    if status == 413:
        return Outcome("refused", status=status, problem="too-large", message=error or "the batch is too large")
    return Outcome("refused", status=status, problem="rejected", message=error or f"the server answered {status}; check url")


def _resend(doc: dict, count: int) -> Optional[List[int]]:
    """The 503 `retry` list ([[first, last], …], both ends included) as line positions; None if absent or not for this batch."""
    ranges = doc.get("retry")
    if not isinstance(ranges, list):
        return None
    out: List[int] = []
    for r in ranges:
        if not (isinstance(r, list) and len(r) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in r)):
            return None
        first, last = r
        if first < 0 or last < first or last >= count:
            return None
        out.extend(range(first, last + 1))
    return out


def _json(body: bytes) -> dict:
    try:
        doc = json.loads(body or b"{}")
    except ValueError:
        return {}
    return doc if isinstance(doc, dict) else {}


# SQS: every queue takes 256 KiB per message and per SendMessageBatch (newer ones 1 MiB), 10 entries per call.
SQS_MAX_BYTES = 262_144
SQS_MAX_ENTRIES = 10
ENVELOPE_VERSION = 1
_RETRYABLE_SQS = {"ThrottlingException", "RequestThrottled", "ServiceUnavailable", "InternalError", "InternalFailure", "KmsThrottled", "RequestThrottledException"}


@dataclass
class _Envelope:
    body: str
    lines: List[str] = field(default_factory=list)


class SqsTransport:
    """SendMessageBatch to Logline's ingest queue, as envelope v1 (server/sqs/envelope.ts):

    {"v":1,"receivedAt":<ms>,"defaultSource":"<source>","lines":["<event JSON>", …]}

    The consumer runs the same pipeline as /api/ingest; `lines` are the events as JSON text (their
    `@message`, as over HTTP) and `defaultSource` the source for events that name none.
    """

    def __init__(self, queue_url: str, client: Any = None, source: Optional[str] = None, max_message_bytes: int = SQS_MAX_BYTES):
        if client is None:
            try:
                import boto3  # type: ignore[import-not-found]
            except ImportError as err:
                raise ValueError("logline: queue_url needs boto3 (pip install boto3), or pass sqs_client") from err
            client = boto3.client("sqs")
        self.client = client
        self.queue_url = queue_url
        self.source = source
        self.max_bytes = max_message_bytes

    def envelopes(self, lines: List[str]) -> tuple:
        """Packs lines into envelopes of at most max_bytes; lines too large alone are returned apart."""
        head: dict = {"v": ENVELOPE_VERSION, "receivedAt": int(time.time() * 1000)}
        if self.source:
            head["defaultSource"] = self.source
        prefix = json.dumps(head, separators=(",", ":"))[:-1] + ',"lines":['
        fixed = len(prefix) + 2  # "]}"
        out: List[_Envelope] = []
        too_large: List[str] = []
        parts: List[str] = []
        taken: List[str] = []
        size = fixed
        for line in lines:
            encoded = json.dumps(line)  # ASCII: non-ASCII and U+FFFE/U+FFFF are escaped, as SQS needs
            if fixed + len(encoded) > self.max_bytes:
                too_large.append(line)
                continue
            if parts and size + len(encoded) + 1 > self.max_bytes:
                out.append(_Envelope(prefix + ",".join(parts) + "]}", taken))
                parts, taken, size = [], [], fixed
            parts.append(encoded)
            taken.append(line)
            size += len(encoded) + (1 if len(parts) > 1 else 0)
        if parts:
            out.append(_Envelope(prefix + ",".join(parts) + "]}", taken))
        return out, too_large

    def send(self, lines: List[str]) -> Outcome:
        envelopes, too_large = self.envelopes(lines)
        remaining: List[str] = []
        rejected = len(too_large)
        message = f"{len(too_large)} events are larger than an SQS message ({self.max_bytes} bytes)" if too_large else ""
        for call in _calls(envelopes, self.max_bytes):
            entries = [{"Id": str(i), "MessageBody": e.body} for i, e in enumerate(call)]
            try:
                answer = self.client.send_message_batch(QueueUrl=self.queue_url, Entries=entries)
            except Exception as err:  # botocore raises ClientError / BotoCoreError; boto3 may be absent in type checkers
                code = _error_code(err)
                if code is None or code in _RETRYABLE_SQS:
                    remaining.extend(line for e in call for line in e.lines)
                    message = f"SQS: {err}"
                    continue
                return Outcome("refused", problem="rejected", message=f"SQS refused the batch ({code}): {err}; check queue_url and the credentials")
            for failed in answer.get("Failed", []) or []:
                env = call[int(failed["Id"])]
                if failed.get("SenderFault"):
                    rejected += len(env.lines)
                    message = f"SQS refused a message: {failed.get('Code')}: {failed.get('Message')}"
                else:
                    remaining.extend(env.lines)
                    message = f"SQS: {failed.get('Code')}"
        if remaining:
            return Outcome("retry", message=message, remaining=remaining, rejected=rejected)
        return Outcome("delivered", rejected=rejected, message=message)


def _calls(envelopes: List[_Envelope], max_bytes: int) -> List[List[_Envelope]]:
    """Consecutive envelopes, at most 10 and max_bytes in total per SendMessageBatch."""
    calls: List[List[_Envelope]] = []
    current: List[_Envelope] = []
    size = 0
    for e in envelopes:
        if current and (len(current) == SQS_MAX_ENTRIES or size + len(e.body) > max_bytes):
            calls.append(current)
            current, size = [], 0
        current.append(e)
        size += len(e.body)
    if current:
        calls.append(current)
    return calls


def _error_code(err: Exception) -> Optional[str]:
    response = getattr(err, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        status = response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if isinstance(status, int) and status >= 500:
            return None
        return code if isinstance(code, str) else None
    return None  # connection errors and the like: retry
