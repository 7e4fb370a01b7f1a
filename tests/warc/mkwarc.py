#!/usr/bin/env python3
"""Writes the hand-made archives of the WARC command tests into a directory.

Every archive is built here from text, never copied: mixed.warc (every record
type and payload coding), the same as mixed.warc.gz (a gzip member per record)
and mixed.warc.zst (a zstd frame per record, with the `zstd` program),
dict.warc.zst (the same frames made with a dictionary, which leads the file
in a skippable frame, itself zstd-compressed, as Common Crawl writes them),
truncated.warc.gz (cut inside the last member), badlen.warc (a wrong
Content-Length), empty.warc.gz (no bytes). Prints one line per archive:
name, then the number of records a reader must account for.
"""
import gzip
import os
import subprocess
import sys
import zlib

ARTICLE = ("<!DOCTYPE html><html lang=\"en\"><head><title>Harbour reopens</title></head><body>"
           "<nav><a href=\"/\">Home</a></nav><article><h1>Harbour reopens after storm</h1>"
           "<p>The harbour reopened on Monday after a week of repairs to the outer wall, the port"
           " authority said.</p><p>Fishing boats left at dawn, and the ferry service will resume"
           " its normal timetable on Wednesday.</p></article><footer>Contact us</footer></body></html>")
GERMAN = ("<html lang=\"de\"><head><title>Hafen</title></head><body><article><h1>Der Hafen ist wieder"
          " offen</h1><p>Nach einer Woche der Reparaturen ist der Hafen am Montag wieder ge\u00f6ffnet"
          " worden, teilte die Hafenbeh\u00f6rde mit.</p><p>Die Fischerboote fuhren im Morgengrauen"
          " hinaus, und die F\u00e4hre f\u00e4hrt ab Mittwoch wieder nach Fahrplan.</p></article></body></html>")

WET = ("Home\nNews\nSport\nWeather\n"
       "Harbour reopens after storm\n"
       "The harbour reopened on Monday after a week of repairs to the outer wall, the port authority said."
       " Engineers had worked through the weekend to replace the damaged stones.\n"
       "Fishing boats left at dawn, and the ferry service will resume its normal timetable on Wednesday,"
       " a spokeswoman for the operator said. Passengers with bookings for Tuesday will be contacted.\n"
       "The storm brought the highest tide recorded in the town for thirty years, and several shops on the"
       " quay are still closed while their owners dry out stock and repair doors.\n"
       "Contact us\nPrivacy policy\n")


def record(n, wtype, block, uri=None, ctype=None, extra="", cl=None, version="1.0"):
    if isinstance(block, str):
        block = block.encode("utf-8")
    h = "WARC/%s\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n" % (version, wtype, n)
    h += "WARC-Date: 2024-05-01T12:%02d:00Z\r\n" % n
    if uri:
        h += "WARC-Target-URI: %s\r\n" % uri
    if ctype:
        h += "Content-Type: %s\r\n" % ctype
    h += extra
    h += "Content-Length: %d\r\n\r\n" % (len(block) if cl is None else cl)
    return h.encode() + block + b"\r\n\r\n"


def http(status, headers, body):
    if isinstance(body, str):
        body = body.encode("utf-8")
    reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently"}[status]
    return ("HTTP/1.1 %d %s\r\n" % (status, reason)).encode() + "".join(
        "%s: %s\r\n" % kv for kv in headers).encode() + b"\r\n" + body


def chunked(body, size=64):
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    return out + b"0\r\n\r\n"


def mixed():
    R = "application/http; msgtype=response"
    recs = []
    add = lambda *a, **k: recs.append(record(len(recs), *a, **k))
    add("warcinfo", "software: mkwarc.py\r\nformat: WARC File Format 1.0\r\n", ctype="application/warc-fields")
    add("request", "GET /harbour HTTP/1.1\r\nHost: news.test\r\n\r\n", uri="http://news.test/harbour",
        ctype="application/http; msgtype=request")
    add("response", http(200, [("Content-Type", "text/html; charset=utf-8")], ARTICLE), uri="http://news.test/harbour", ctype=R)
    add("response", http(404, [("Content-Type", "text/html")], "<html><body><p>Gone.</p></body></html>"),
        uri="http://news.test/gone", ctype=R)
    add("response", http(200, [("Content-Type", "image/png")], b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), uri="http://news.test/logo.png", ctype=R)
    add("response", http(200, [("Content-Type", "text/html"), ("Transfer-Encoding", "chunked"),
                               ("Content-Encoding", "gzip")], chunked(gzip.compress(GERMAN.encode()))),
        uri="http://news.test/de/hafen", ctype=R, version="1.1")
    add("resource", ARTICLE.replace("Harbour reopens", "Harbour resource"), uri="http://news.test/resource", ctype="text/html")
    add("metadata", "via: http://news.test/\r\n", uri="http://news.test/harbour", ctype="application/warc-fields")
    add("revisit", http(200, [("Content-Type", "text/html")], ""), uri="http://news.test/harbour", ctype=R,
        extra="WARC-Profile: http://netpreserve.org/warc/1.0/revisit/identical-payload-digest\r\n")
    add("conversion", WET, uri="http://news.test/harbour", ctype="text/plain")
    add("response", http(200, [("Content-Type", "text/html"), ("Content-Encoding", "deflate")],
                         zlib.compress(ARTICLE.replace("Harbour reopens", "Deflated harbour").encode())),
        uri="http://news.test/deflate", ctype=R)
    return recs


def main():
    out = sys.argv[1]
    recs = mixed()
    def write(name, data):
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    write("mixed.warc", b"".join(recs))
    members = [gzip.compress(r, mtime=0) for r in recs]
    write("mixed.warc.gz", b"".join(members))
    frames = [subprocess.run(["zstd", "-q", "-c", "--check"], input=r, stdout=subprocess.PIPE, check=True).stdout
              for r in recs]
    write("mixed.warc.zst", b"".join(frames))
    # a raw-content dictionary: the frames do not decode without it
    dictionary = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-"
                  "\r\nContent-Type: application/http; msgtype=response\r\nHTTP/1.1 200 OK\r\n"
                  "Content-Type: text/html; charset=utf-8\r\n<!DOCTYPE html><html lang=\"en\"><head><title>"
                  "</title></head><body><article><p>The harbour reopened on Monday").encode() * 4
    dpath = os.path.join(out, "warc.dict")
    write("warc.dict", dictionary)
    packed = subprocess.run(["zstd", "-q", "-c"], input=dictionary, stdout=subprocess.PIPE, check=True).stdout
    dframes = [subprocess.run(["zstd", "-q", "-c", "--check", "-D", dpath], input=r, stdout=subprocess.PIPE,
                              check=True).stdout for r in recs]
    os.unlink(dpath)
    write("dict.warc.zst", (0x184D2A5D).to_bytes(4, "little") + len(packed).to_bytes(4, "little") + packed
          + b"".join(dframes))
    cut = sum(len(m) for m in members[:-1]) + len(members[-1]) // 2
    write("truncated.warc.gz", b"".join(members)[:cut])
    bad = recs[:3] + [record(3, "resource", ARTICLE, uri="http://news.test/badlen", ctype="text/html",
                             cl=len(ARTICLE) - 40)] + recs[4:6]
    write("badlen.warc", b"".join(bad))
    write("empty.warc.gz", b"")
    print("mixed.warc", len(recs))
    print("dict.warc.zst", len(recs))
    print("truncated.warc.gz", len(recs))
    print("badlen.warc", len(bad))


if __name__ == "__main__":
    main()
