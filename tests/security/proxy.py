"""A reverse proxy and browser-like clients on loopback, for tests that need real addresses.

The proxy is what nginx does with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`:
it appends the address the request came from to whatever X-Forwarded-For the client sent.
Clients bind to their own loopback source address (127.0.0.2, 127.0.0.3, ...), so the proxy
sees several visitors although everything runs on this machine.
"""

from __future__ import annotations

import http.client
import re
import threading
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


class ReverseProxy:
    """Forwards every request to `upstream` (http://host:port) with X-Forwarded-For appended."""

    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        upstream_address = (target.hostname, target.port)

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                prior = self.headers.get("X-Forwarded-For")
                headers["X-Forwarded-For"] = f"{prior}, {self.client_address[0]}" if prior else self.client_address[0]
                headers["X-Forwarded-Proto"] = "http"
                headers["Host"] = self.headers.get("Host", "127.0.0.1")
                upstream_connection = http.client.HTTPConnection(*upstream_address, timeout=30)
                try:
                    upstream_connection.request(self.command, self.path, body=body, headers=headers)
                    response = upstream_connection.getresponse()
                    data = response.read()
                finally:
                    upstream_connection.close()
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_HEAD = _forward

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ReverseProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


class Visitor:
    """A visitor at loopback address `source`, talking to the proxy, keeping its own cookies."""

    def __init__(self, proxy: ReverseProxy, source: str) -> None:
        self.proxy = proxy
        self.source = source
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.proxy.port, timeout=30, source_address=(self.source, 0)
        )
        all_headers = {"Accept-Language": "fi", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, text

    def get(self, path: str):
        return self.request("GET", path)

    def post_form(self, path: str, form: dict):
        """GET the page for its CSRF token, then POST `form` with it."""
        _status, _headers, page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.request("POST", path, {**form, "csrfmiddlewaretoken": token.group(1) if token else ""})
