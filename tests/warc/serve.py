#!/usr/bin/env python3
"""A test web server on 127.0.0.1 for the WARC and fetch tests.

Serves files from the directories given as NAME=DIR (under /NAME/), plus:
  /redirect        302 to /fx/news.html
  /loop            302 to itself (a client must give up)
  /gzip            the page gzip-encoded when the client accepts gzip
  /chunked         the page in chunked transfer coding
  /latin1          the windows-1252 page with the charset only in Content-Type
  /missing         404
  /slow            answers after 3 seconds
  /big             2 MiB of HTML
  /ua              a page whose text is the request's User-Agent
Prints "port N" once listening; stops after 10 minutes at the latest.
"""
import gzip
import http.server
import os
import sys
import threading
import time

ROOTS = {}
PAGE = (b"<!DOCTYPE html><html><head><title>Served page</title></head><body><article>"
        b"<h1>Served page</h1><p>This page came over HTTP from the test server, and its"
        b" article text is long enough to be kept by the extractor as content.</p>"
        b"<p>A second paragraph makes it a proper article with more than one block.</p>"
        b"</article></body></html>")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body, ctype="text/html", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        if not any(k == "Transfer-Encoding" for k, _ in headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        p = self.path.split("?")[0]
        if p == "/redirect":
            return self.send(302, b"", headers=[("Location", "/fx/news.html")])
        if p == "/loop":
            return self.send(302, b"", headers=[("Location", "/loop")])
        if p == "/gzip":
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                return self.send(200, gzip.compress(PAGE), headers=[("Content-Encoding", "gzip")])
            return self.send(200, PAGE)
        if p == "/chunked":
            body = b"".join(b"%x\r\n%s\r\n" % (len(PAGE[i:i + 100]), PAGE[i:i + 100])
                            for i in range(0, len(PAGE), 100)) + b"0\r\n\r\n"
            return self.send(200, body, headers=[("Transfer-Encoding", "chunked")])
        if p == "/latin1":
            body = ("<html><head><title>Caf\xe9</title></head><body><article><p>Der Caf\xe9"
                    " am Stra\xdfenrand \xf6ffnet fr\xfch, und die G\xe4ste kommen gern"
                    " wieder, weil der Kaffee gut ist.</p></article></body></html>").encode("cp1252")
            return self.send(200, body, ctype="text/html; charset=windows-1252")
        if p == "/missing":
            return self.send(404, b"<html><body><p>No such page.</p></body></html>")
        if p == "/slow":
            time.sleep(3)
            return self.send(200, PAGE)
        if p == "/big":
            return self.send(200, b"<html><body>" + b"<p>filler text</p>" * (2 * 1024 * 1024 // 18) + b"</body></html>")
        if p == "/ua":
            ua = self.headers.get("User-Agent", "").replace("<", "").encode()
            return self.send(200, b"<html><head><title>UA</title></head><body><article><p>The client"
                             b" called itself " + ua + b" in its request headers today.</p></article></body></html>")
        parts = p.strip("/").split("/", 1)
        if len(parts) == 2 and parts[0] in ROOTS and ".." not in parts[1]:
            f = os.path.join(ROOTS[parts[0]], parts[1])
            if os.path.isfile(f):
                with open(f, "rb") as fh:
                    return self.send(200, fh.read())
        return self.send(404, b"not found", ctype="text/plain")


def main():
    for a in sys.argv[1:]:
        name, d = a.split("=", 1)
        ROOTS[name] = d
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Timer(600, srv.shutdown)
    t.daemon = True
    t.start()
    print("port", srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
