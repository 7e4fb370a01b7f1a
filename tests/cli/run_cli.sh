#!/bin/sh
# The pith command: every option, exit statuses, messages, output naming,
# directory recursion, stdin. Ends with "cli: N passed, M failed".
# B: build directory holding the pith binary (default build/asan).
P="$(pwd)/${B:-build/asan}/pith"
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
# the tests work on a copy, so that no mistake can overwrite a fixture
cp -r tests/cli/fixtures "$T/fx" || exit 1
F="$T/fx"
pass=0; fail=0

# expect DESCRIPTION COMMAND...: passes when COMMAND succeeds.
expect() {
    d=$1; shift
    if "$@" >/dev/null 2>&1; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "cli: FAIL: $d"; fi
}
# run ARGS...: runs pith; stdout in $T/_stdout, stderr in $T/_stderr, status in $rc.
run() { "$P" "$@" >"$T/_stdout" 2>"$T/_stderr"; rc=$?; }
has() { grep -q -e "$1" "${2:-$T/_stdout}"; }
hasnt() { ! grep -q -e "$1" "${2:-$T/_stdout}"; }
is() { [ "$1" = "$2" ]; }
# JSON and XML checks are collected and run by one python3 at the end
# (starting python for each would dominate the test's time).
n_snap=0
: >"$T/checks.tsv"
# jexpect DESCRIPTION FILE EXPR WANT: str(EXPR) over the parsed FILE (j) must be
# WANT. EXPR "valid-json", "valid-jsonl" or "valid-xml" checks well-formedness.
jexpect() {
    n_snap=$((n_snap + 1))
    cp "$2" "$T/snap.$n_snap"
    printf '%s\t%s\t%s\t%s\n' "$1" "$T/snap.$n_snap" "$3" "$4" >>"$T/checks.tsv"
}
json_ok() { jexpect "$1" "$2" valid-json True; }
jsonl_ok() { jexpect "$1" "$2" valid-jsonl True; }
xml_ok() { jexpect "$1" "$2" valid-xml True; }
run_jchecks() {
    python3 - "$T/checks.tsv" <<'PY'
import json, sys, xml.dom.minidom
def load(path):
    return json.load(open(path, encoding="utf-8"))
def check(path, expr):
    text = open(path, encoding="utf-8").read()
    if expr == "valid-json":
        json.loads(text)
        return "True"
    if expr == "valid-jsonl":
        lines = text.split("\n")
        assert lines[-1] == ""
        for line in lines[:-1]:
            json.loads(line)
        return "True"
    if expr == "valid-xml":
        xml.dom.minidom.parseString(text.encode("utf-8"))
        return "True"
    j = json.loads(text)
    return str(eval(expr, {"j": j, "load": load}))
ok = bad = 0
for row in open(sys.argv[1], encoding="utf-8"):
    desc, path, expr, want = row.rstrip("\n").split("\t")
    try:
        got = check(path, expr)
    except Exception as e:
        got = "error: %s" % e
    if got == want:
        ok += 1
    else:
        bad += 1
        print("cli: FAIL: %s (got %s, want %s)" % (desc, got, want))
print("JCHECKS %d %d" % (ok, bad))
PY
}

cd "$T" || exit 1

# --version and --help
run --version
expect "--version exits 0" is $rc 0
expect "--version prints the version" grep -qE '^pith [0-9]+\.[0-9]+\.[0-9]+$' "$T/_stdout"
run -V
expect "-V prints the version" has '^pith '
run --help
expect "--help exits 0" is $rc 0
for o in --format --output --focus --tables --no-tables --images --links --comments \
         --base-url --encoding --from --quiet --strict --version txt md json jsonl html xml \
         'Exit status' 'Examples' precision recall; do
    expect "--help mentions $o" has "$o"
done
run -h
expect "-h is --help" has 'usage: pith'

# usage errors: status 2, a message naming the problem and a hint
for args in "--bogus" "-x" "-f" "-f yaml" "--format=" "--focus wide" "--from pdf" "-o" \
            "--base-url" "--encoding" "--encoding a;b"; do
    # shellcheck disable=SC2086
    run "$F/article.html" $args
    expect "'$args' exits 2" is $rc 2
    expect "'$args' hints at --help" has "Try 'pith --help'" "$T/_stderr"
    expect "'$args' writes nothing to stdout" is "$(wc -c <"$T/_stdout")" 0
done
run --bogus
expect "unknown option is named" has "unknown option '--bogus'" "$T/_stderr"
run -f yaml x
expect "bad format lists the choices" has "invalid value 'yaml' for --format (choose txt, md, json, html, xml or jsonl)" "$T/_stderr"
run --focus=wide x
expect "bad focus lists the choices" has "choose balanced, precision or recall" "$T/_stderr"
run -f
expect "missing value is named" has "option '-f' needs a value" "$T/_stderr"

# formats, one file to stdout
run "$F/article.html"
expect "txt exits 0" is $rc 0
expect "txt starts with the title line" is "$(head -n 1 "$T/_stdout")" "Night trains return to the northern line"
expect "txt has a blank line after the title" is "$(sed -n 2p "$T/_stdout")" ""
expect "txt has the body" has "overnight trains will run again"
run -f txt "$F/article.html"
expect "-f txt is the default" is "$(head -n 1 "$T/_stdout")" "Night trains return to the northern line"
run -f md "$F/article.html"
expect "md exits 0" is $rc 0
expect "md front matter opens" is "$(head -n 1 "$T/_stdout")" "---"
expect "md front matter has the title" has '^title: "Night trains return to the northern line"$'
expect "md front matter has the author" has '^  - "Petra Okafor"$'
expect "md has the title heading" has '^# Night trains return to the northern line$'
run -f json "$F/article.html"
cp "$T/_stdout" "$T/article.json"
expect "json exits 0" is $rc 0
json_ok "json is valid" "$T/_stdout"
expect "json is indented by two spaces" has '^  "title": '
jexpect "json title" "$T/_stdout" 'j["title"]' "Night trains return to the northern line"
jexpect "json authors is an array" "$T/_stdout" 'j["authors"]' "['Petra Okafor']"
jexpect "json has every field" "$T/_stdout" '",".join(k for k in ["text","title","authors","date","modified","language","sitename","url","description","image","tags","categories","license","agency","encoding","images","body"] if k not in j)' ""
expect "json text is the body" has '"text": ".*overnight trains will run again'
jexpect "json body has typed blocks" "$T/_stdout" 'all(b["type"] in ("heading","paragraph","list","table","quote","code") and b["text"] for b in j["body"])' "True"
jexpect "json has no status when OK" "$T/_stdout" '"status" in j' "False"
run -f jsonl "$F/article.html"
expect "jsonl is one line" is "$(wc -l <"$T/_stdout")" 1
jsonl_ok "jsonl is valid" "$T/_stdout"
expect "jsonl starts with source" has "^{\"source\":\"$F/article.html\","
run -f html "$F/article.html"
expect "html is a document" is "$(head -n 1 "$T/_stdout")" "<!DOCTYPE html>"
expect "html has the title" has '<h1>Night trains return to the northern line</h1>'
expect "html declares utf-8" has '<meta charset="utf-8">'
expect "html ends the document" is "$(tail -n 1 "$T/_stdout")" "</html>"
run -f xml "$F/article.html"
xml_ok "xml is well-formed" "$T/_stdout"
expect "xml has the title" has '<title>Night trains return to the northern line</title>'
expect "xml root has source and status" has "<article source=\"$F/article.html\" status=\"ok\">"

# standard input: '-' and no argument at all
run - <"$F/article.html"
expect "'-' reads stdin" is "$(head -n 1 "$T/_stdout")" "Night trains return to the northern line"
"$P" <"$F/article.html" >"$T/_stdout" 2>"$T/_stderr"; rc=$?
expect "no argument reads stdin" is "$(head -n 1 "$T/_stdout")" "Night trains return to the northern line"
run -f jsonl - <"$F/article.html"
expect "stdin's jsonl source" has '^{"source":"<stdin>",'

# -o FILE with one input
run -f json -o one.json "$F/article.html"
expect "-o FILE exits 0" is $rc 0
expect "-o FILE writes the file" cmp one.json "$T/article.json"
expect "-o FILE leaves stdout empty" is "$(wc -c <"$T/_stdout")" 0
run -f md --output=one.md "$F/article.html"
expect "--output=FILE" has '^# Night trains' one.md

# a directory tree
mkdir -p tree/b-sub/deeper tree/.hidden
cp "$F/article.html" tree/c.html
cp "$F/article.html" tree/a.htm
cp "$F/article.html" tree/b-sub/x.XHTML
cp "$F/article.html" tree/b-sub/deeper/y.html
cp "$F/note.txt" tree/n.txt
cp "$F/article.html" tree/.hidden/h.html
cp "$F/article.html" tree/.dot.html
echo "body { }" >tree/style.css
echo "not a page" >tree/README
run -f json -o out tree
expect "-o DIR exits 0" is $rc 0
expect "-o DIR names outputs after the inputs" is "$(cd out && find . -type f | sort | tr '\n' ' ')" \
    "./a.json ./b-sub/deeper/y.json ./b-sub/x.json ./c.json ./n.json "
json_ok "-o DIR outputs are valid json" out/b-sub/deeper/y.json
expect "-o DIR output equals the single-file output" cmp out/c.json "$T/article.json"
run -f jsonl tree
expect "directory walk is sorted, recursive, filtered" is \
    "$(grep -o '^{"source":"[^"]*"' "$T/_stdout" | cut -d'"' -f4 | tr '\n' ' ')" \
    "tree/a.htm tree/b-sub/deeper/y.html tree/b-sub/x.XHTML tree/c.html tree/n.txt "
run -f jsonl -o all.jsonl tree/ "$F/article.html"
expect "jsonl -o FILE collects every input in one file" is "$(wc -l <all.jsonl)" 6
jsonl_ok "jsonl -o FILE is valid" all.jsonl
run -f md -o many "$F/article.html" "$F/note.txt"
expect "several files: -o DIR" is "$(ls many | tr '\n' ' ')" "article.md note.md "
run -f txt -o slash/ "$F/article.html"
expect "-o DIR/ with one input writes into the directory" is "$(ls slash)" "article.txt"
mkdir existing
run -f xml -o existing "$F/article.html"
expect "-o existing directory with one input" is "$(ls existing)" "article.xml"
run -f md -o one.md "$F/article.html" "$F/note.txt"
expect "-o FILE with several inputs is a usage error" is $rc 2
expect "-o FILE with several inputs says why" has "several inputs need a directory" "$T/_stderr"
mkdir clash1 clash2
cp "$F/article.html" clash1/p.html
cp "$F/article.html" clash2/p.htm
run -f json -o clash clash1/p.html clash2/p.htm
expect "name clash exits 1" is $rc 1
expect "name clash is reported" has "clash2/p.htm: output clash/p.json was already written for another input" "$T/_stderr"
cp "$F/note.txt" self.txt
run -f txt -o . self.txt "$F/article.html"
expect "never overwrites an input" is $rc 1
expect "overwriting the input is reported" has "would overwrite the input" "$T/_stderr"
expect "the input survives" cmp self.txt "$F/note.txt"

# failures: status 1, each named, the others still processed
run -f jsonl missing.html "$F/article.html" also-missing.htm
expect "missing inputs exit 1" is $rc 1
expect "missing input named with its reason" has "^pith: missing.html: No such file or directory$" "$T/_stderr"
expect "every missing input is reported" has "^pith: also-missing.htm: " "$T/_stderr"
expect "the other inputs are still processed" is "$(wc -l <"$T/_stdout")" 1
# (a closed loopback port: URLs are fetched now, and tests stay off the network)
run http://127.0.0.1:9/page
expect "URL inputs fail cleanly" is $rc 1
expect "URL failure named" has "^pith: http://127.0.0.1:9/page: " "$T/_stderr"
mkdir locked && cp "$F/article.html" locked/p.html && chmod 000 locked
if [ "$(id -u)" != 0 ]; then
    run -f jsonl locked "$F/article.html"
    expect "unreadable directory exits 1" is $rc 1
    expect "unreadable directory reported" has "^pith: locked: Permission denied$" "$T/_stderr"
fi
chmod 755 locked

# soft failures: empty result with a reason, status 0 unless --strict
: >empty.html
printf '\000\001\002\003binary\000\000\377\376' >blob.html
printf '   \n\t \n' >blank.html
run -f json empty.html
expect "empty input exits 0" is $rc 0
jexpect "empty input gives status" "$T/_stdout" 'j["status"], j["text"]' "('empty', '')"
jexpect "empty input gives a reason" "$T/_stdout" 'bool(j["reason"])' "True"
expect "empty input warns" has "^pith: empty.html: warning: input is empty$" "$T/_stderr"
run -f json blob.html
expect "binary input exits 0" is $rc 0
jexpect "binary input gives status binary" "$T/_stdout" 'j["status"]' "binary"
run -q -f json blank.html
expect "-q exits 0" is $rc 0
expect "-q silences warnings" is "$(wc -c <"$T/_stderr")" 0
run --quiet -f json blank.html
expect "--quiet silences warnings" is "$(wc -c <"$T/_stderr")" 0
run --strict -f jsonl empty.html "$F/article.html" blob.html
expect "--strict makes empty input an error" is $rc 1
expect "--strict names the input" has "^pith: empty.html: input is empty$" "$T/_stderr"
expect "--strict names each failed input" has "^pith: blob.html: " "$T/_stderr"
expect "--strict still writes every result" is "$(wc -l <"$T/_stdout")" 3
run --strict "$F/article.html"
expect "--strict with a good page exits 0" is $rc 0
printf '<html><body><p>Cut off in the mid' >trunc.html
run -f json trunc.html
expect "truncated input exits 0" is $rc 0
json_ok "truncated input gives valid json" "$T/_stdout"

# --encoding is passed as the Content-Type charset
printf '<html><head><title>Caf\351</title></head><body><p>Caf\351 cr\350me br\373l\351e, and a sentence long enough to count as text.</p></body></html>' >latin.html
run --encoding windows-1252 latin.html
expect "--encoding windows-1252 decodes" has "Café crème brûlée"
run --encoding utf-8 latin.html
expect "--encoding utf-8 overrides the sniffer" hasnt "Café"
run --encoding=iso-8859-1 -f json latin.html
jexpect "--encoding=LABEL" "$T/_stdout" 'j["title"]' "Café"

# --base-url gives the page's address
printf '<html><head><title>T</title></head><body><p>Some words in a paragraph here.</p></body></html>' >nourl.html
run -f json --base-url https://news.example.org/2024/05/story.html nourl.html
jexpect "--base-url sets url" "$T/_stdout" 'j["url"]' "https://news.example.org/2024/05/story.html"

# --from html|text|auto
run -f json --from text "$F/note.txt"
expect "--from text exits 0" is $rc 0
expect "--from text keeps the article" has "new footbridge"
run -f json --from html "$F/note.txt"
expect "--from html exits 0" is $rc 0
printf '<p>A tag-like line</p>\n<p>Another one with some words</p>\n' >tags.txt
run -f json --from html tags.txt
expect "--from html parses the markup" hasnt '<p>'
run -f json --from auto "$F/article.html"
expect "--from auto is the default" cmp "$T/_stdout" "$T/article.json"

# extraction options
for o in --tables --no-tables --images --no-images --links --no-links --comments --no-comments \
         "--focus balanced" "--focus precision" "--focus recall"; do
    # shellcheck disable=SC2086
    run -f json $o "$F/article.html"
    expect "$o exits 0" is $rc 0
    json_ok "$o gives valid json" "$T/_stdout"
done
run -f json --tables "$F/article.html"
jexpect "--tables keeps the table" "$T/_stdout" '[b["rows"][1] for b in j["body"] if b["type"] == "table"]' \
    "[['Seat', 'none', '39 euros']]"
run -f json --no-tables "$F/article.html"
jexpect "--no-tables drops the table" "$T/_stdout" 'sum(b["type"] == "table" for b in j["body"])' 0
expect "--no-tables keeps the rest" has "overnight trains will run again"
run -f md --images --base-url https://valley.example/news/x.html "$F/article.html"
# (the src should be absolute and the alt kept: pending in extraction)
expect "--images renders images in md" has '^!\[.*\](.*/img/sleeper.jpg)$'
expect "--images renders the caption and credit in md" has '^\*The refitted sleeper carriages wait at the depot.\* (.*Lars Eng)$'
run -f md "$F/article.html"
expect "md has no images without --images" hasnt '!\['
run -f md --links "$F/article.html"
expect "--links keeps links in md" has '\[announced on Sunday\](https://example.com/operator)'
run -f md "$F/article.html"
expect "md has no links without --links" hasnt '(https://example.com/operator)'
expect "md renders the table" has '^| Class | Berths | Fare |$'
expect "md renders the list" has '^- Bicycles carried in the rear carriage$'
expect "md renders the subheading" has '^## Fares and carriages$'
run -f json "$F/article.html"
jexpect "json images carry the caption and credit" "$T/_stdout" \
    '[(i["caption"], i["credit"]) for i in j["images"]]' \
    "[('The refitted sleeper carriages wait at the depot.', 'Lars Eng')]"
"$P" -f json --focus precision "$F/article.html" >"$T/precision.json"
run -f json --focus recall "$F/article.html"
jexpect "--focus recall keeps at least what precision keeps" "$T/_stdout" \
    "len(j['text']) >= len(load('$T/precision.json')['text'])" True

# writing errors
run -o /nonexistent-dir/x.txt "$F/article.html"
expect "unwritable -o exits 1" is $rc 1
expect "unwritable -o is reported" has "^pith: $F/article.html: /nonexistent-dir/x.txt: " "$T/_stderr"

run_jchecks >"$T/jchecks.out"
grep -v '^JCHECKS ' "$T/jchecks.out"
set -- $(grep '^JCHECKS ' "$T/jchecks.out")
if [ "$1" = JCHECKS ]; then pass=$((pass + $2)); fail=$((fail + $3))
else fail=$((fail + 1)); echo "cli: FAIL: the JSON/XML checks did not run"; fi
echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
