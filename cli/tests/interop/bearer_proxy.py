"""A small HTTP proxy that adds `Authorization: Bearer <key>` to every
request, for a client that cannot send one (the MCP conformance suite).

    python3 bearer_proxy.py UPSTREAM_PORT KEY

Listens on 127.0.0.1 (a free port, printed as `listening PORT`), forwards
each request to 127.0.0.1:UPSTREAM_PORT with every header as sent (Host and
Origin included, so the server judges them) plus the bearer token, and
streams the answer back as it comes (Server-Sent Events included).
"""

import http.client
import http.server
import sys

UPSTREAM_PORT = int(sys.argv[1])
KEY = sys.argv[2]
HOP = {"connection", "keep-alive", "transfer-encoding", "te", "upgrade", "authorization"}


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM_PORT, timeout=60)
        upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            if name.lower() not in HOP and name.lower() != "content-length":
                upstream.putheader(name, value)
        upstream.putheader("Authorization", f"Bearer {KEY}")
        upstream.putheader("Content-Length", str(len(body or b"")))
        upstream.endheaders(body)
        answer = upstream.getresponse()
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP and name.lower() != "content-length":
                self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            while chunk := answer.read1(65536):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away before the end of the answer
        self.close_connection = True
        upstream.close()

    do_GET = do_POST = do_DELETE = do_PUT = do_OPTIONS = forward

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
print(f"listening {server.server_address[1]}", flush=True)
server.serve_forever()
