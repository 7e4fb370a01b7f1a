#!/usr/bin/env python3
"""Writes a gzipped WARC of every file below a directory, for the scripts that
run the CLI over an archive of known pages (tests/tsan/tsan.sh,
tests/determinism/run_determinism.sh, scripts/valgrind.sh).

usage: pages_warc.py SRC_DIR OUT.warc.gz

One response record per file, in sorted order (directories walked in sorted
order too), each its own gzip member as crawl archives are written; the
payload is an HTTP 200 response whose Content-Type is text/plain for .txt
files and text/html otherwise. Record ids count from 1 and gzip headers carry
no time, so the same directory always gives the same bytes.
"""
import gzip
import os
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    with open(out, "wb") as f:
        n = 0
        for root, dirs, files in os.walk(src):
            dirs.sort()
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as page:
                    body = page.read()
                ctype = "text/plain" if name.endswith(".txt") else "text/html"
                http = b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\n\r\n" + body
                n += 1
                head = ("WARC/1.0\r\nWARC-Type: response\r\n"
                        "WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\n"
                        "WARC-Date: 2024-05-01T12:00:00Z\r\nWARC-Target-URI: https://example.org/%s\r\n"
                        "Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
                        % (n, name, len(http)))
                f.write(gzip.compress(head.encode() + http + b"\r\n\r\n", mtime=0))


if __name__ == "__main__":
    main()
