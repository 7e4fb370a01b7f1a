#!/bin/sh
# The library's limits as the command shows them: each limit passed gives its
# own status and a reason naming the limit, on stderr, in JSON output and in
# the JSONL line of a WARC record. Ends with "limits-cli: N passed, M failed".
# B: build directory holding the pith binary (default build/asan).
P="$(pwd)/${B:-build/asan}/pith"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0; fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "limits-cli: FAIL: $1"; }
# run ARGS...: stdout in $T/out, stderr in $T/err, status in $rc.
run() { "$P" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# want DESCRIPTION FILE PATTERN: FILE holds PATTERN.
want() { if grep -q -e "$3" "$2"; then ok; else bad "$1"; sed 's/^/  | /' "$2" | head -5; fi; }
status() { if [ "$rc" = "$2" ]; then ok; else bad "$1 (exit $rc, wanted $2)"; fi; }

# a page: 60 paragraphs in an article inside 40 divs
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
para = ("<p>The council voted on Tuesday to extend the programme for another three years, after a "
        "debate that lasted well into the evening and drew a large crowd to the hall.</p>")
page = ("<html><head><title>Council extends programme</title></head><body>" + "<div>" * 40 +
        "<article><h1>Council extends programme</h1>" + para * 60 + "</article>" + "</div>" * 40 +
        "</body></html>").encode()
open(t + "/page.html", "wb").write(page)
open(t + "/attrs.html", "wb").write(page.replace(b"<p>", b"<p a=1 b=2 c=3>"))
http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
       b"WARC-Target-URI: https://example.org/a\r\nWARC-Date: 2024-03-05T09:30:00Z\r\n"
       b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(http) +
       http + b"\r\n\r\n")
open(t + "/crawl.warc", "wb").write(rec)
open(t + "/lines.txt", "w").write("".join("Line %d of a text that a scraper flattened, long enough to read.\n\n" % i
                                          for i in range(50)))
PY

# defaults: no limit is passed
run "$T/page.html"
status "defaults succeed" 0
if [ -s "$T/err" ]; then bad "defaults: no warning"; else ok; fi

# each limit on a file: a warning (or an error) on stderr naming it
run --max-nodes 50 "$T/page.html"
status "--max-nodes: output kept" 0
want "--max-nodes: stderr names max_nodes" "$T/err" "warning: the document has more than 50 nodes (max_nodes)"
run --max-depth 20 "$T/page.html"
want "--max-depth: stderr names max_depth" "$T/err" "nested deeper than 20 levels (max_depth)"
run --max-attrs 2 "$T/attrs.html"
want "--max-attrs: stderr names max_attributes" "$T/err" "more than 2 attributes (max_attributes)"
run --time-budget 0.000000001 "$T/page.html"
want "--time-budget: stderr names time_budget" "$T/err" "time budget of 1e-09 s (time_budget) ran out during parsing"
run --strict --max-nodes 50 "$T/page.html"
status "--strict makes a limit an error" 1
run --max-input 1000 "$T/page.html"
status "--max-input: an error" 1
want "--max-input: stderr names max_input_bytes" "$T/err" "larger than the limit of 1000 bytes (max_input_bytes"
run --max-output 500 "$T/page.html"
status "--max-output: an error" 1
want "--max-output: stderr names max_output_bytes" "$T/err" "larger than the limit of 500 bytes (max_output_bytes"
run --from text --max-nodes 3 "$T/lines.txt"
want "--max-nodes on text: lines" "$T/err" "more than 3 lines (max_nodes)"

# JSON output carries the status and the reason
run -f json --max-nodes 50 "$T/page.html"
want "json: status" "$T/out" '"status": "too_many_nodes"'
want "json: reason" "$T/out" '"reason": "the document has more than 50 nodes (max_nodes)'
run -f xml --max-depth 20 "$T/page.html"
want "xml: status" "$T/out" 'status="too_deep"'

# WARC records: the JSONL line says which limit, as a warning or an error
run --warc --max-nodes 50 "$T/crawl.warc"
want "warc --max-nodes: warning" "$T/out" '"warning":"the document has more than 50 nodes (max_nodes)'
want "warc --max-nodes: status" "$T/out" '"status":"too_many_nodes"'
run --warc --max-input 1000 "$T/crawl.warc"
want "warc --max-input: error code" "$T/out" '"error":"too_large","reason":"input of [0-9]* bytes is larger than the limit of 1000 bytes (max_input_bytes)'
run --warc --max-output 500 "$T/crawl.warc"
want "warc --max-output: error code" "$T/out" '"error":"output_too_large","reason":"the rendered output is larger than the limit of 500 bytes'
run --warc --time-budget 0.000000001 "$T/crawl.warc"
want "warc --time-budget: timeout" "$T/out" '"timeout".*time_budget'

# bad values are usage errors
run --max-nodes 0 "$T/page.html"
status "--max-nodes 0 is refused" 2
run --time-budget -1 "$T/page.html"
status "--time-budget -1 is refused" 2

echo "limits-cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
