#!/bin/sh
# Hostile inputs (tests/adversarial/adv_gen.c writes them into build/rel):
# the release CLI must finish each within its time budget and under 1 GiB of
# peak RSS, with the expected status, and print valid UTF-8.
#
# Time: the library's budget is 2 s per document (pith_options.time_budget,
# the default). The limit is that budget (per record for WARC archives) plus
# a slack of ADV_SLACK seconds (default 4) and one second per 10 MB of input,
# which covers what the budget does not: starting the process, reading the
# input, rendering and writing an output as large as the input (all linear
# in its size). The CPU time used (user + system) must stay under the limit,
# and the wall time under three times the limit: on a 2-core box shared with
# other jobs wall time stretches several fold (the 100 MB text takes 4 s
# idle and 19 s with ten jobs running), CPU time hardly. A run past ADV_KILL
# seconds (default 120) is killed as a hang.
#
# Expected statuses are the JSON "status" field ("ok" when absent), or for
# WARC archives one code per record in order: ok / a status, "-CODE" for a
# skip, "!CODE" for an error, "CODE*N" for a run of N ("timeout" whether or
# not the partial record had text). "a|b" accepts either.
# A "+" after an expectation also accepts "timeout": the input is large
# enough that on a slow or busy machine the budget may run out before the
# limit it aims at is reached. The text after the status must be in the
# output unless the budget ran out (a timed-out result may be empty: the
# stages stop where the time ends). "@text" marks pages whose article comes
# after the hostile part.
# Final line: "adversarial: N passed, M failed".
B=${B:-build/asan}
LC_ALL=C; export LC_ALL
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
REL=build/rel
BUDGET=2
SLACK=${ADV_SLACK:-4}
KILL=${ADV_KILL:-120}
MAX_RSS_KB=1048576
pass=0; fail=0

# the release build is what users run; make only rebuilds what changed
if ! make --no-print-directory -s BUILD=rel adversarial-tools >/dev/null 2>&1; then
    echo "adversarial: cannot build $REL (make BUILD=rel adversarial-tools)"
    echo "adversarial: 0 passed, 1 failed"
    exit 1
fi
IN=$REL/adversarial/in
if ! "$REL/adversarial/adv_gen" "$IN"; then
    echo "adversarial: the generator failed"
    echo "adversarial: 0 passed, 1 failed"
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The status codes of an output file, space-separated, one per JSON line.
# The fields sit at the end of each line. A single document's line may be
# hundreds of MB, so only its end is looked at; WARC lines are short.
codes() {
    if [ "$(wc -l <"$1")" -le 1 ]; then tail -c 4000 "$1"; else cat "$1"; fi |
        sed -E 's/.*,"skip":"timeout".*/timeout/; t; s/.*,"error":"([a-z_]*)".*/!\1/; t; s/.*,"skip":"([a-z_]*)".*/-\1/; t; s/.*,"status":"([a-z_]*)","reason".*/\1/; t; s/.*/ok/' |
        awk '{ if ($0 == last) { n++; next } if (NR > 1) emit(); last = $0; n = 1 }
             function emit() { out = out (out == "" ? "" : " ") (n > 3 ? last "*" n : rep(last, n)) }
             function rep(s, k,   r, i) { r = s; for (i = 1; i < k; i++) r = r " " s; return r }
             END { if (NR) emit(); print out }'
}

# check NAME KIND EXPECT [MUST_CONTAIN]: KIND is html, text or warc:N (N
# records, for the time limit).
check() {
    name=$1 kind=$2 expect=$3 want=$4
    f=$IN/$name
    case $kind in
    html) args="" docs=1 ;;
    text) args="--from text" docs=1 ;;
    warc:*) args="--warc" docs=${kind#warc:} ;;
    esac
    size=$(wc -c <"$f")
    limit=$((BUDGET * docs + SLACK + size / 10000000))
    # shellcheck disable=SC2086
    "$REL/adversarial/adv_run" "$KILL" "$tmp/stats" "$REL/pith" -q -j 1 -f jsonl $args "$f" \
        >"$tmp/out" 2>"$tmp/err"
    read -r wall rss rc cpu <"$tmp/stats"
    got=$(codes "$tmp/out")
    [ -s "$tmp/out" ] || got="(none)"
    # rendering has a budget of its own and gives no partial document: on a
    # busy machine a 100 MB text can spend it, which the CLI reports
    [ "$got" = "(none)" ] && grep -q "time budget of .* ran out during rendering" "$tmp/err" && got=timeout
    why=""
    case $rc in
    0|1) ;;
    *) why="$why exit $rc" ;;
    esac
    if awk -v c="$cpu" -v l="$limit" 'BEGIN { exit !(c > l) }'; then why="$why cpu ${cpu}s > ${limit}s"; fi
    if awk -v w="$wall" -v l="$limit" 'BEGIN { exit !(w > 3 * l) }'; then why="$why wall ${wall}s > 3 x ${limit}s"; fi
    [ "$rss" -gt "$MAX_RSS_KB" ] && why="$why rss ${rss}KB > 1GiB"
    ok_status=0
    case $expect in
    *+) expect="${expect%+}|timeout" ;;
    esac
    old_ifs=$IFS; IFS='|'
    for e in $expect; do [ "$got" = "$e" ] && ok_status=1; done
    IFS=$old_ifs
    [ $ok_status = 1 ] || why="$why status '$got', expected '$expect'"
    if ! iconv -f UTF-8 -t UTF-8 "$tmp/out" >/dev/null 2>&1; then why="$why output is not valid UTF-8"; fi
    want=${want#@}
    [ "$got" = timeout ] || [ "$got" = no_content ] && want=""
    if [ -n "$want" ] && ! grep -q -- "$want" "$tmp/out"; then why="$why output lacks '$want'"; fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        printf 'ok   %-28s %6.2fs %6.2fs cpu %5d MB  %s\n' "$name" "$wall" "$cpu" $((rss / 1024)) "$got"
    else
        fail=$((fail + 1))
        printf 'FAIL %-28s %6.2fs %6.2fs cpu %5d MB  %s:%s\n' "$name" "$wall" "$cpu" $((rss / 1024)) "$got" "$why"
        head -c 300 "$tmp/err"
    fi
}

A="harbour reopened on Monday"
# nesting and unclosed tags (max_depth flattens what is deeper)
check deep_div.html            html too_deep+ "@$A"
check deep_div_closed.html     html too_deep+ "$A"
check deep_span.html           html too_deep+ "$A"
check deep_table.html          html too_deep+ "$A"
check deep_svg.html            html too_deep+ "$A"
check deep_template.html       html too_deep+ "$A"
check unclosed_b.html          html too_deep+ "$A"
check unclosed_b_attrs.html    html too_deep+ "$A"
check unclosed_mixed.html      html too_deep+ "$A"
check unclosed_implied.html    html ok+ "$A"
check unclosed_a.html          html ok+ "$A"
# the adoption agency algorithm's worst cases
check aa_block_misnest.html    html too_deep+ "$A"
check aa_deep_formatting.html  html too_deep "$A"
check aa_p_in_formatting.html  html ok+ "$A"
check aa_table_misnest.html    html too_deep+ "$A"
# size: 200 MB parses past the budget on most machines
check big_200mb.html           html ok+ "@$A"
check huge_attr.html           html ok+ "@$A"
check huge_attr_name.html      html ok+ "@$A"
check many_attrs.html          html too_many_attrs+ "@$A"
check dup_attrs.html           html ok+ "@$A"
check many_nodes.html          html too_many_nodes+ "$A"
check tables_100k.html         html ok+ "$A"
check huge_tag_name.html       html ok+ "$A"
check unclosed_comment.html    html ok+ "$A"
check entities.html            html ok+ "$A"
check unclosed_raw.html        html ok+ "$A"
# bytes: NULs, invalid UTF-8, UTF-16 without a mark, lying declarations
check nul_bytes.html           html binary
check nul_sparse.html          html ok "$A"
check nul_leading.html         html binary
check bad_utf8.html            html ok+ "$A"
check utf16le_nobom.html       html ok "$A"
check utf16be_nobom.html       html ok "$A"
G="Fischerboote fuhren"
check charset_1252_is_utf8.html   html ok "$G"
check charset_utf8_is_latin1.html html ok "$G"
check charset_sjis_is_utf8.html   html ok "$G"
check charset_utf16_is_ascii.html html ok "$G"
check charset_bogus_label.html    html ok "$G"
check charset_two_metas.html      html ok "$G"
# JSON-LD: nesting a million deep, a 300k-entry array, 100k scripts
check jsonld_deep_array.html   html ok+ "@$A"
check jsonld_deep_object.html  html ok+ "@$A"
check jsonld_deep_unclosed.html html ok+ "@$A"
check jsonld_huge_array.html   html ok+ "@$A"
check jsonld_many_scripts.html html ok+ "@$A"
check jsonld_huge_string.html  html ok+ "@$A"
# half a million <meta> pairs: the budget may end inside the head
check many_meta.html           html ok+
# plain text of pathological shape (text cleaning that runs out of time
# gives no text)
check text_one_line.txt        text ok+ "@$A"
check text_empty_lines.txt     text empty
check text_empty_lines_para.txt text ok "$A"
check text_short_lines.txt     text no_content+
check text_repeated_lines.txt  text ok+ "@$A"
check text_long_word.txt       text no_content+
# every line ends in invalid bytes after its sentence, so no line reads as
# prose: no article (no_content) is as fair an answer as the sentences
check text_bad_bytes.txt       text "ok|no_content+" "@$A"
# WARC: lying lengths, huge headers, damaged compression, garbage
check warc_len_long.warc       warc:2 "ok !truncated" "$A"
check warc_len_short.warc      warc:3 "ok !malformed ok" "$A"
check warc_len_overrun.warc    warc:4 "ok !malformed ok ok" "$A"
check warc_len_bogus.warc      warc:6 "!malformed ok !malformed ok !malformed ok" "$A"
check warc_huge_header.warc    warc:5 "ok -too_large ok -too_large ok" "$A"
check warc_huge_http_header.warc warc:3 "ok -too_large ok" "$A"
check warc_garbage.warc        warc:8 "ok !malformed ok !malformed ok !malformed ok ok" "$A"
# a record right after garbage or after a record whose closing blank line
# is gone (no line break before "WARC/1.0"): reported, and not lost
check warc_glued.warc          warc:5 "ok !malformed ok !malformed ok" "$A"
check warc_truncated.warc.gz   warc:3 "ok ok !truncated" "$A"
check warc_corrupt.warc.gz     warc:5 "ok !corrupt ok !corrupt ok" "$A"
check warc_gzip_bomb.warc      warc:3 "ok -too_large ok" "$A"
check warc_chunked_lies.warc   warc:6 "ok*6" "$A"
check warc_deep_pages.warc     warc:4 "too_deep ok too_deep ok|too_deep ok timeout ok|timeout ok too_deep ok|timeout ok timeout ok" "$A"
check warc_many_records.warc.gz warc:5000 "ok*5000" "$A"

echo "adversarial: $pass passed, $fail failed"
[ "$fail" = 0 ]
