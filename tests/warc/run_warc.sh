#!/bin/sh
# WARC archives and URLs through the pith command: hand-made archives (every
# record type, codings, damage), a crawl recorded by wget from a local server
# (issue 6, acceptance 1) and fetching from that server (acceptance 4).
# Ends with "warc: N passed, M failed". B: build dir; SHARED: ../shared.
P="$(pwd)/${B:-build/asan}/pith"
SRC=$(pwd)
SH="${SHARED:-../shared}/bench/sets/scrapinghub/pages"
case "$SH" in /*) ;; *) SH="$SRC/$SH" ;; esac
T=$(mktemp -d)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT INT TERM
pass=0; fail=0
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
# the test server is on loopback: never go through a proxy
no_proxy=127.0.0.1,localhost; NO_PROXY=$no_proxy; export no_proxy NO_PROXY
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY

expect() {
    d=$1; shift
    if "$@" >/dev/null 2>&1; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "warc: FAIL: $d"; fi
}
run() { "$P" "$@" >"$T/_stdout" 2>"$T/_stderr"; rc=$?; }
has() { grep -q -e "$1" "${2:-$T/_stdout}"; }
is() { [ "$1" = "$2" ]; }
lines() { wc -l <"${1:-$T/_stdout}" | tr -d ' '; }
# jl FILE EXPR: evaluates a Python expression over L, the list of JSON lines.
jl() { $PY -c 'import json,sys; L=[json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]; print(eval(sys.argv[2]))' "$1" "$2"; }

cd "$T" || exit 1
$PY "$SRC/tests/warc/mkwarc.py" "$T" >"$T/counts" || { echo "warc: cannot build the archives"; echo "warc: 0 passed, 1 failed"; exit 1; }

# ---- hand-made archives ----
for a in mixed.warc mixed.warc.gz mixed.warc.zst dict.warc.zst; do
    run "$a"
    expect "$a exits 0" is $rc 0
    expect "$a: one line per record" is "$(lines)" 11
    cp "$T/_stdout" "$T/$a.jsonl"
    expect "$a: record ids in order" is "$(jl "$T/$a.jsonl" '",".join(j["warc_record_id"][-3:-1] for j in L)')" \
        "00,01,02,03,04,05,06,07,08,09,10"
    expect "$a: outcomes" is "$(jl "$T/$a.jsonl" '",".join(j.get("skip") or j.get("error") or "ok" for j in L)')" \
        "type,type,ok,http_status,not_html,ok,ok,type,type,ok,ok"
    expect "$a: article text" is "$(jl "$T/$a.jsonl" '"The harbour reopened on Monday" in L[2]["text"]')" True
    expect "$a: chunked gzip German page" is "$(jl "$T/$a.jsonl" '"Die Fischerboote" in L[5]["text"]')" True
    expect "$a: deflate page" is "$(jl "$T/$a.jsonl" 'L[10]["title"][:16]')" "Deflated harbour"
    expect "$a: WET text" is "$(jl "$T/$a.jsonl" '"reopened on Monday" in L[9]["text"]')" True
    expect "$a: WET text went through the text cleaner" is \
        "$(jl "$T/$a.jsonl" '(L[9]["title"], "Privacy policy" in L[9]["text"], L[9]["text"][:4])')" \
        "('Harbour reopens after storm', False, 'The ')"
    expect "$a: fields" is "$(jl "$T/$a.jsonl" '(L[2]["url"], L[2]["http_status"], L[2]["warc_date"], L[2]["content_type"], L[2]["encoding"], L[2]["warc_type"])')" \
        "('http://news.test/harbour', 200, '2024-05-01T12:02:00Z', 'text/html; charset=utf-8', 'utf-8', 'response')"
    expect "$a: skipped records say why" is "$(jl "$T/$a.jsonl" 'L[3]["reason"]')" "HTTP status 404"
done
strip() { $PY -c 'import json,sys
for l in open(sys.argv[1]):
    j=json.loads(l); j.pop("source"); j.pop("warc_offset"); print(json.dumps(j, sort_keys=True))' "$1"; }
strip mixed.warc.jsonl >p.txt; strip mixed.warc.gz.jsonl >g.txt; strip mixed.warc.zst.jsonl >z.txt
strip dict.warc.zst.jsonl >d.txt
expect "plain, gzip and zstd give the same records" cmp p.txt g.txt
expect "zstd gives the same records" cmp p.txt z.txt
expect "zstd with a dictionary gives the same records" cmp p.txt d.txt
expect "zstd dictionary: the frames need it" sh -c '! zstd -q -d -c dict.warc.zst >/dev/null 2>&1'
expect "gzip offsets are member starts" is "$(jl mixed.warc.gz.jsonl 'L[0]["warc_offset"] == 0 and all(a["warc_offset"] < b["warc_offset"] for a, b in zip(L, L[1:]))')" True

run truncated.warc.gz
expect "truncated archive exits 1" is $rc 1
expect "truncated: every record before is kept" is "$(lines)" 11
expect "truncated: the cut record is reported" is "$(jl "$T/_stdout" 'L[10].get("error")')" truncated
expect "truncated: the error names the byte offset" has 'truncated.warc.gz: the gzip member at byte [0-9][0-9]* is truncated' "$T/_stderr"

run badlen.warc
expect "wrong Content-Length exits 0" is $rc 0
expect "wrong Content-Length: no record lost" is "$(lines)" 6
expect "wrong Content-Length reported" is "$(jl "$T/_stdout" 'L[3]["error"] + " " + str("Content-Length" in L[3]["reason"])')" "malformed True"
expect "wrong Content-Length: the next records are read" is "$(jl "$T/_stdout" '"Die Fischerboote" in L[5].get("text", "")')" True

run empty.warc.gz
expect "empty archive exits 0" is $rc 0
expect "empty archive prints nothing" is "$(lines)" 0

printf 'not a warc file at all\n' >junk.warc
run junk.warc mixed.warc
expect "not a WARC: exit 1" is $rc 1
expect "not a WARC: named" has "junk.warc: not a WARC archive" "$T/_stderr"
expect "not a WARC: the other input still runs" is "$(lines)" 11

# statistics
run --stats mixed.warc.gz truncated.warc.gz
expect "--stats summary" has "pith: stats: 22 documents (22 WARC records), 9 extracted, 12 skipped (type 8, http_status 2, not_html 2), 1 failed (truncated 1), 1 damaged or unreadable archives" "$T/_stderr"

# the progress line: on a terminal only (script(1) gives the command one)
run mixed.warc.gz
expect "no progress line when stderr is not a terminal" sh -c '! grep -q "pith: [0-9]* done" "$1"' - "$T/_stderr"
if command -v script >/dev/null 2>&1; then
    script -q -e -c "'$P' -o tty.jsonl mixed.warc.gz" tty.log >/dev/null 2>&1
    expect "progress line on a terminal" has 'pith: [0-9][0-9]* done, [0-9.]* MB, [0-9.]* MB/s' tty.log
    expect "progress line: percentage and ETA of a file" has 'done, .*, [0-9]*%, ETA [0-9]* s' tty.log
    expect "progress line is erased at the end" has "$(printf '\r\033\\[K')$" tty.log
    expect "progress: the output is complete" is "$(lines tty.jsonl)" 11
    script -q -e -c "'$P' -q -o tty2.jsonl mixed.warc.gz" tty2.log >/dev/null 2>&1
    expect "no progress line with -q" sh -c '! grep -q "pith: [0-9]* done" "$1"' - tty2.log
else
    echo "warc: script(1) is missing (util-linux): the progress line is not tested"
fi

# filters
run --status 404 mixed.warc.gz
expect "--status 404 extracts the 404 page" is "$(jl "$T/_stdout" 'L[3].get("text")')" "Gone."
expect "--status 404 filters the 200 pages" is "$(jl "$T/_stdout" 'L[2]["skip"] + ":" + L[2]["reason"]')" "filtered:HTTP status 200 is not in --status"
run --status 2xx,404 mixed.warc.gz
expect "--status 2xx,404" is "$(jl "$T/_stdout" 'sum(1 for j in L if "text" in j)')" 6
run --warc-types resource mixed.warc.gz
expect "--warc-types resource" is "$(jl "$T/_stdout" '",".join(j["warc_type"] for j in L if "text" in j)')" resource
run --mime text/html mixed.warc.gz
expect "--mime text/html drops WET text" is "$(jl "$T/_stdout" 'L[9]["skip"]')" filtered
run --mime 'text/*,image/png' mixed.warc.gz
expect "--mime image/png hands the image to the extractor" is "$(jl "$T/_stdout" 'L[4].get("skip")')" "binary"
run --min-size 500 mixed.warc.gz
expect "--min-size" is "$(jl "$T/_stdout" '",".join(j["warc_type"] for j in L if "text" in j)')" conversion
run --max-size 500 mixed.warc.gz
expect "--max-size" is "$(jl "$T/_stdout" 'sum(1 for j in L if "text" in j)')" 4
run --min-size 1k mixed.warc.gz
expect "--min-size reason" is "$(jl "$T/_stdout" 'L[2]["reason"]')" "payload of 415 bytes is under --min-size"
run --lang de mixed.warc.gz
expect "--lang de" is "$(jl "$T/_stdout" '",".join(j["language"] for j in L if "text" in j)')" de
for bad in "--status 20" "--status abc" "--min-size -1" "--max-size 5Q" "-j 0" "--timeout 0" "--mime" ; do
    # shellcheck disable=SC2086
    run mixed.warc.gz $bad
    expect "'$bad' is a usage error" is $rc 2
done

# threads and order
run -j 1 mixed.warc.gz mixed.warc mixed.warc.zst; cp "$T/_stdout" j1.jsonl
run -j 3 mixed.warc.gz mixed.warc mixed.warc.zst; cp "$T/_stdout" j3.jsonl
expect "-j 3 keeps the input order" cmp j1.jsonl j3.jsonl
F="$SRC/tests/warc/fixtures"
run -j 1 -f jsonl "$F/news.html" mixed.warc.gz "$F/forum.html" truncated.warc.gz dict.warc.zst "$F/recipe.html"
cp "$T/_stdout" m1.jsonl; cp "$T/_stderr" m1.err
run -j 3 -f jsonl "$F/news.html" mixed.warc.gz "$F/forum.html" truncated.warc.gz dict.warc.zst "$F/recipe.html"
expect "pages and archives mixed: -j 3 gives what -j 1 gives" cmp m1.jsonl "$T/_stdout"
expect "pages and archives mixed: the same messages" cmp m1.err "$T/_stderr"
expect "pages and archives mixed: every page and record" is "$(lines m1.jsonl)" 36
run -j 3 --unordered mixed.warc.gz mixed.warc mixed.warc.zst
sort "$T/_stdout" >u.txt; sort j1.jsonl >s.txt
expect "--unordered gives the same lines" cmp u.txt s.txt

# standard input, and one JSONL file per archive with -o DIR
run --warc - <mixed.warc.gz
expect "--warc reads stdin" is "$(jl "$T/_stdout" 'L[0]["source"] + str(len(L))')" "<stdin>11"
run -f jsonl -o outdir/ mixed.warc.gz badlen.warc
expect "-o DIR: one JSONL per archive" is "$(lines outdir/mixed.jsonl) $(lines outdir/badlen.jsonl)" "11 6"
mkdir sub && cp mixed.warc.zst sub/
run -o tree sub
expect "directories give their archives" is "$(lines tree/mixed.jsonl)" 11

# ---- a crawl recorded by wget from a local server, and fetching ----
mkdir www
$PY -u "$SRC/tests/warc/serve.py" "fx=$SRC/tests/warc/fixtures" "sh=$SH" >server.out 2>server.err &
SERVER=$!
port=""
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    port=$(sed -n 's/^port //p' server.out)
    [ -n "$port" ] && break
    sleep 0.25
done
if [ -z "$port" ]; then
    echo "warc: FAIL: the test server did not start"; fail=$((fail + 1))
else
    U="http://127.0.0.1:$port"
    # acceptance 1: wget records the pages the way a crawler does
    for f in "$SRC"/tests/warc/fixtures/*.html; do echo "$U/fx/$(basename "$f")"; done >urls.txt
    nfx=$(wc -l <urls.txt | tr -d ' ')
    for x in chunked latin1 missing; do echo "$U/$x"; done >>urls.txt
    if [ -d "$SH" ]; then
        ls "$SH" | grep '\.html$' | sed "s|^|$U/sh/|" >>urls.txt
    else
        echo "warc: $SH is absent; the crawl covers the fixture pages only"
    fi
    nurl=$(wc -l <urls.txt | tr -d ' ')
    wget -q --no-proxy --tries=1 --timeout=20 -i urls.txt --warc-file=crawl -P dl >wget.log 2>&1
    expect "wget wrote crawl.warc.gz" test -s crawl.warc.gz
    # the records, counted independently: one gzip member each
    $PY -c '
import zlib, sys
data = open("crawl.warc.gz", "rb").read()
ids = []
while data:
    d = zlib.decompressobj(31)
    rec = d.decompress(data)
    data = d.unused_data
    for line in rec.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.startswith(b"WARC-Record-ID:"):
            ids.append(line.split(b":", 1)[1].strip().decode())
print("\n".join(ids))' >ids.txt
    nrec=$(wc -l <ids.txt | tr -d ' ')
    run --stats crawl.warc.gz
    expect "crawl: exit 0" is $rc 0
    expect "crawl: one line per record ($nrec)" is "$(lines)" "$nrec"
    cp "$T/_stdout" crawl.jsonl
    jl crawl.jsonl '"\n".join(j["warc_record_id"] for j in L)' >got_ids.txt
    expect "crawl: every record id, in order" cmp ids.txt got_ids.txt
    expect "crawl: a response per URL" is "$(jl crawl.jsonl 'sum(1 for j in L if j["warc_type"] == "response")')" "$nurl"
    expect "crawl: fixture pages extracted" is "$(jl crawl.jsonl 'sum(1 for j in L if "/fx/" in (j["url"] or "") and j.get("text"))')" "$nfx"
    expect "crawl: chunked response" has '"url":"'"$U"'/chunked".*"title":"Served page"' crawl.jsonl
    expect "crawl: charset from Content-Type" is "$(jl crawl.jsonl '[j["title"] for j in L if (j["url"] or "").endswith("/latin1") and j["warc_type"] == "response"][0]')" "Café"
    expect "crawl: 404 skipped with the reason" is "$(jl crawl.jsonl '[j["reason"] for j in L if (j["url"] or "").endswith("/missing") and j["warc_type"] == "response"][0]')" "HTTP status 404"
    expect "crawl: stats add up" has "pith: stats: $nrec documents ($nrec WARC records)" "$T/_stderr"
    if [ -d "$SH" ]; then
        # the same text as extracting the files directly
        run -f jsonl -j 2 "$SH"
        cp "$T/_stdout" direct.jsonl
        cmpres=$($PY -c '
import json, os
w = {os.path.basename(j["url"]): j for j in map(json.loads, open("crawl.jsonl", encoding="utf-8"))
     if j["warc_type"] == "response" and "/sh/" in j["url"]}
d = {os.path.basename(j["source"]): j for j in map(json.loads, open("direct.jsonl", encoding="utf-8"))}
same = sum(1 for k in d if k in w and w[k].get("text") == d[k]["text"] and w[k].get("title") == d[k]["title"])
print(len(d), len(w), same)')
        n=$(echo "$cmpres" | cut -d' ' -f1)
        expect "scrapinghub: same text as from the files ($cmpres)" is "$cmpres" "$n $n $n"
        echo "warc: crawl: $nrec records from wget, $nurl responses; scrapinghub pages: $(echo "$cmpres" | cut -d' ' -f3) of $n with the same title and text as from the files"
    fi

    # acceptance 4: fetching
    run -f jsonl "$U/redirect"
    expect "fetch redirect: exit 0" is $rc 0
    expect "fetch redirect: the final URL is the page's" is "$(jl "$T/_stdout" 'L[0]["url"]')" "$U/fx/news.html"
    expect "fetch redirect: the article" has '"title":"Lighthouse keepers return' "$T/_stdout"
    run -f jsonl "$U/gzip"
    expect "fetch gzip: decoded" is "$(jl "$T/_stdout" 'L[0]["title"]')" "Served page"
    run -f jsonl "$U/latin1"
    expect "fetch: charset from the response" is "$(jl "$T/_stdout" 'L[0]["title"]')" "Café"
    run -f jsonl "$U/ua"
    expect "fetch: the user agent is pith/<version>" has "called itself pith/[0-9][0-9.]* in" "$T/_stdout"
    run "$U/missing"
    expect "fetch 404: exit 1" is $rc 1
    expect "fetch 404: reported" has "pith: $U/missing: HTTP status 404" "$T/_stderr"
    run --timeout 1 "$U/slow"
    expect "fetch slow: exit 1" is $rc 1
    expect "fetch slow: timed out" has "pith: $U/slow: timed out" "$T/_stderr"
    run --fetch-max 1M "$U/big"
    expect "fetch big: exit 1" is $rc 1
    expect "fetch big: over the limit" has "pith: $U/big: response is larger than the limit" "$T/_stderr"
    run "$U/loop"
    expect "fetch redirect loop: exit 1" is $rc 1
    expect "fetch redirect loop: reported" has "pith: $U/loop: .*redirect" "$T/_stderr"
    run -j 2 -f jsonl "$U/gzip" "$U/missing" "$U/fx/news.html"
    expect "fetch several: the good ones are kept" is "$(lines)" 2
    expect "fetch several: exit 1" is $rc 1
fi

echo "warc: $pass passed, $fail failed"
[ "$fail" = 0 ]
