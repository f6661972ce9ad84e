"""Real parts for the SDK tests: a Logline server process, moto_server, and a loopback proxy.

The server is `node bin/logline.mjs start` (the production build; `npm run build` makes it) on a
free loopback port with an empty data directory, started once per test run and stopped at exit.
"""

from __future__ import annotations

import atexit
import gzip
import http.cookiejar
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Dict, List, Optional

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
INGEST_KEY = "py-sdk-ingest-key-0123456789abcdef"
ADMIN = ("py-admin@test.logline.dev", "py-admin-password-1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, probe, timeout: float = 20.0, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


class LoglineServer:
    def __init__(self) -> None:
        node = os.environ.get("LOGLINE_NODE") or shutil.which("node")
        if not node:
            raise RuntimeError("node is needed to start Logline for these tests (set LOGLINE_NODE)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = tempfile.mkdtemp(prefix="logline-py-")
        env = dict(os.environ, PORT=str(self.port), HOST="127.0.0.1", LOGLINE_DATA_DIR=self.data_dir, LOGLINE_DEMO="0",
                   LOGLINE_INGEST_KEY=INGEST_KEY, LOGLINE_ADMIN_EMAIL=ADMIN[0], LOGLINE_ADMIN_PASSWORD=ADMIN[1],
                   NODE_ENV="production", NEXT_TELEMETRY_DISABLED="1")
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([node, os.path.join(ROOT, "bin", "logline.mjs"), "start"], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        try:
            wait_for("Logline to answer /api/health", self._healthy, timeout=120)
        except AssertionError:
            self.stop()
            raise
        try:
            self.opener = self._sign_in()
        except Exception:
            self.stop()
            raise

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            self.log.seek(0)
            raise RuntimeError(f"Logline exited ({self.process.returncode}):\n{self.log.read().decode(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(self.url + "/api/health", timeout=2) as res:
                return res.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _sign_in(self) -> urllib.request.OpenerDirector:
        """next-auth's credentials flow, as a browser does it: csrf token, then the callback."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        with opener.open(self.url + "/api/auth/csrf") as res:
            csrf = json.loads(res.read())["csrfToken"]
        form = urllib.parse.urlencode({"csrfToken": csrf, "email": ADMIN[0], "password": ADMIN[1], "json": "true"}).encode()
        opener.open(urllib.request.Request(self.url + "/api/auth/callback/credentials", data=form, method="POST")).read()
        if not any(c.name == "next-auth.session-token" for c in jar):
            raise RuntimeError("could not sign in to the test server")
        return opener

    def events(self, source: str, limit: int = 1000) -> List[Dict[str, Any]]:
        """Stored events of a source, newest first (GET /api/events, as the console reads them)."""
        query = urllib.parse.urlencode({"limit": limit, "source": source})
        try:
            with self.opener.open(f"{self.url}/api/events?{query}") as res:
                return json.loads(res.read())["events"]
        except urllib.error.URLError as err:
            raise AssertionError(f"reading events from the test server failed ({err}); {self.diagnosis()}") from err

    def diagnosis(self) -> str:
        """The server's state and the end of its output, for a failure message."""
        self.log.seek(0)
        state = "running" if self.process.poll() is None else f"exited with {self.process.returncode}"
        return f"server {state}, last output:\n{self.log.read().decode(errors='replace')[-2000:]}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)


_server: Optional[LoglineServer] = None


def server() -> LoglineServer:
    """The run's Logline server, started on first use."""
    global _server
    if _server is None:
        _server = LoglineServer()
        atexit.register(_server.stop)
    return _server


class MotoServer:
    """moto_server on a free loopback port (as server/test-support/moto.ts starts it)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(self.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("moto_server", self._up, timeout=30)

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError("moto_server exited; is moto installed (pip install 'moto[server]')?")
        try:
            with urllib.request.urlopen(self.endpoint + "/moto-api/", timeout=2):
                return True
        except (urllib.error.URLError, OSError):
            return False

    def client(self, service: str):
        import boto3

        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


class IngestProxy:
    """A loopback receiver in front of Logline: answers the planned statuses first (429 + Retry-After,
    as the real server does when its queue is full), then forwards. Records every POST."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.planned: List[Dict[str, Any]] = []
        self.seen: List[Dict[str, Any]] = []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                raw = gzip.decompress(body) if self.headers.get("Content-Encoding") == "gzip" else body
                lines = [l for l in raw.decode("utf-8").split("\n") if l.strip()]
                if proxy.planned:
                    answer = proxy.planned.pop(0)
                    status, headers, out = answer["status"], answer.get("headers", {}), json.dumps(answer.get("body", {"error": "planned"})).encode()
                else:
                    request = urllib.request.Request(proxy.upstream + self.path, data=body, method="POST",
                                                     headers={k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")})
                    try:
                        with urllib.request.urlopen(request, timeout=30) as res:
                            status, headers, out = res.status, {}, res.read()
                    except urllib.error.HTTPError as err:
                        status, headers, out = err.code, {}, err.read()
                proxy.seen.append({"at": time.monotonic(), "status": status, "lines": lines, "headers": dict(self.headers)})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def plan(self, *answers: Dict[str, Any]) -> None:
        self.planned.extend(answers)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def unique(name: str) -> str:
    return f"py-{name}-{int(time.time() * 1000)}-{os.getpid()}"
