/*
 * pith: the command-line tool. Uses only the public header.
 *
 * The run is three separate steps per input, so that worker threads, WARC
 * records and URLs can plug in later: read (inputs.c), extract and render
 * (process_one), write (output.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inputs.h"
#include "jobs.h"
#include "output.h"
#include "pith.h"

static const char help_text[] =
"usage: pith [OPTIONS] [FILE|DIR|URL|-]...\n"
"\n"
"Extracts the article from web pages (HTML, or text a scraper already\n"
"flattened) and prints it as plain text, Markdown, JSON, HTML or XML.\n"
"With no input, or '-', reads standard input. A directory is read\n"
"recursively, in sorted order, taking its .html, .htm, .xhtml and .txt files.\n"
"\n"
"Output:\n"
"  -f, --format FMT     txt (default), md, json, html, xml, jsonl\n"
"                         txt    title, then the blocks separated by blank lines\n"
"                         md     Markdown with YAML front matter for the metadata\n"
"                         json   one pretty-printed object per input: text, title,\n"
"                                authors, date, language, images, body, ...\n"
"                         jsonl  the same on one line per input, plus \"source\"\n"
"                         html   a clean standalone article page\n"
"                         xml    the json fields as an <article> document\n"
"  -o, --output PATH    write to PATH instead of standard output. With several\n"
"                       inputs or a directory, PATH is a directory (created if\n"
"                       missing) holding one file per input, named after the\n"
"                       input without .html/.htm/.xhtml/.txt plus the format's\n"
"                       extension (pages/a.html -> PATH/a.json). jsonl always\n"
"                       goes to the one file PATH unless PATH is a directory.\n"
"\n"
"Extraction:\n"
"  --focus MODE         balanced (default), precision (less noise) or\n"
"                       recall (less missed text)\n"
"  --tables, --no-tables  keep tables (default) or drop them\n"
"  --images             render the article's images (md, html)\n"
"  --links              keep links (md, html; json adds \"markdown\")\n"
"  --comments           extract reader comments too (json \"comments\")\n"
"  --base-url URL       the pages' address, for links, images and dates\n"
"  --encoding LABEL     the input's character encoding (e.g. windows-1252),\n"
"                       as an HTTP Content-Type charset would give it\n"
"  --from KIND          html, text (already flattened text) or auto (default)\n"
"\n"
"Limits (per document, enforced by the library; a document cut short by one\n"
"  is still output, with a warning naming the limit, unless --strict):\n"
"  --time-budget SECS   time to extract a document, and again to render it\n"
"                       (default 2; 0 for none)\n"
"  --max-input SIZE     larger inputs are refused (default 256M; 0 for none)\n"
"  --max-output SIZE    larger renderings are refused (default 256M; 0 for none)\n"
"  --max-nodes N        elements and texts kept (text input: lines; default 8M)\n"
"  --max-depth N        elements nested deeper are flattened (default 512)\n"
"  --max-attrs N        attributes kept per element (default 1024)\n"
"\n"
"Crawls:\n"
"  A URL is fetched (redirects followed, compressed transfer, user agent\n"
"  pith/VERSION) and its Content-Type and final address go to the extractor.\n"
"  WARC archives (.warc, .warc.gz, .warc.zst, or any input with --warc) give\n"
"  JSONL whatever -f says: one line per record with warc_record_id, url,\n"
"  warc_date, warc_type, http_status, content_type, warc_offset and the\n"
"  extracted fields (the page's own address as page_url), or \"skip\"/\"error\"\n"
"  and \"reason\" for a record that yields no article. With -o DIR each\n"
"  archive gets DIR/<name>.jsonl.\n"
"  --warc               read every input (also stdin) as a WARC archive\n"
"  --warc-types LIST    record types to extract (default response,resource,\n"
"                       conversion; conversion records are WET text)\n"
"  --status LIST        HTTP statuses to extract, e.g. 200 or 2xx,404\n"
"                       (default 2xx)\n"
"  --mime LIST          media types to extract, e.g. text/html,text/* (default\n"
"                       HTML); the crawler's identified type counts first\n"
"  --min-size N, --max-size N  payload size bounds in bytes (k, M, G suffixes)\n"
"  --lang LIST          keep only records whose detected language is listed\n"
"  --timeout SECS       URL fetch time-out (default 30)\n"
"  --fetch-max N        largest response body fetched (default 256M)\n"
"\n"
"Speed:\n"
"  -j, --jobs N         worker threads, each with its own extractor (default:\n"
"                       one per core this process may use); output keeps the\n"
"                       input order\n"
"  --unordered          write results as they finish instead\n"
"  --stats              a summary on standard error at the end: documents and\n"
"                       records read, extracted, skipped and failed by reason,\n"
"                       MB/s. A progress line appears when stderr is a terminal.\n"
"\n"
"Behaviour:\n"
"  -q, --quiet          no warnings on standard error (errors still appear)\n"
"  --strict             treat inputs that give no article (empty, binary,\n"
"                       no content, truncated) as errors\n"
"  -h, --help           this help\n"
"  -V, --version        the version\n"
"\n"
"Exit status:\n"
"  0  every input gave a result (possibly empty: a warning tells why)\n"
"  1  some inputs failed; each is named on standard error as\n"
"     'pith: NAME: reason', and the other inputs were still processed\n"
"  2  usage error (unknown option, bad value)\n"
"\n"
"Examples:\n"
"  pith page.html                      the article as plain text\n"
"  pith -f json page.html              JSON with text, title, authors, date ...\n"
"  pith -f md -o out/ pages/           one Markdown file per page in out/\n"
"  pith -f jsonl -o all.jsonl pages/   one JSON line per page in one file\n"
"  curl -s https://example.org/ | pith -f json --base-url https://example.org/ -\n"
"  pith --from text dump.txt           clean text a scraper already flattened\n"
"  pith --stats -o out.jsonl crawl.warc.gz   every record of a crawl\n"
"\n"
"See pith(1) for details.\n";

/* Everything one run needs; one extractor and read buffer per worker. */
typedef struct run {
    pith_options opts;
    pith_format fmt;
    const char *out_path;
    const char *base_url;
    char *content_type;      /* from --encoding */
    bool quiet, strict;
    sink out;
    job_config jc;           /* threads, WARC filters, fetching (jobs.h) */
} run;

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("pith: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'pith --help' for more information.\n", stderr);
}

static bool parse_choice(const char *opt, const char *v, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(v, names[i])) { *out = i; return true; }
    char list[256] = "";
    for (int i = 0; i < n; i++) {
        strcat(list, names[i]);
        if (i + 2 < n) strcat(list, ", ");
        else if (i + 2 == n) strcat(list, " or ");
    }
    usage_error("invalid value '%s' for %s (choose %s)", v, opt, list);
    return false;
}

enum {
    OPT_FOCUS = 256, OPT_TABLES, OPT_NO_TABLES, OPT_IMAGES, OPT_NO_IMAGES, OPT_LINKS,
    OPT_NO_LINKS, OPT_COMMENTS, OPT_NO_COMMENTS, OPT_BASE_URL, OPT_ENCODING, OPT_FROM,
    OPT_STRICT, OPT_UNORDERED, OPT_STATS, OPT_WARC, OPT_WARC_TYPES, OPT_STATUS, OPT_MIME,
    OPT_MIN_SIZE, OPT_MAX_SIZE, OPT_LANG, OPT_TIMEOUT, OPT_FETCH_MAX,
    OPT_TIME_BUDGET, OPT_MAX_INPUT, OPT_MAX_OUTPUT, OPT_MAX_NODES, OPT_MAX_DEPTH, OPT_MAX_ATTRS
};

static const struct option long_opts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"focus", required_argument, NULL, OPT_FOCUS},
    {"tables", no_argument, NULL, OPT_TABLES},
    {"no-tables", no_argument, NULL, OPT_NO_TABLES},
    {"images", no_argument, NULL, OPT_IMAGES},
    {"no-images", no_argument, NULL, OPT_NO_IMAGES},
    {"links", no_argument, NULL, OPT_LINKS},
    {"no-links", no_argument, NULL, OPT_NO_LINKS},
    {"comments", no_argument, NULL, OPT_COMMENTS},
    {"no-comments", no_argument, NULL, OPT_NO_COMMENTS},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"from", required_argument, NULL, OPT_FROM},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"jobs", required_argument, NULL, 'j'},
    {"unordered", no_argument, NULL, OPT_UNORDERED},
    {"stats", no_argument, NULL, OPT_STATS},
    {"warc", no_argument, NULL, OPT_WARC},
    {"warc-types", required_argument, NULL, OPT_WARC_TYPES},
    {"status", required_argument, NULL, OPT_STATUS},
    {"mime", required_argument, NULL, OPT_MIME},
    {"min-size", required_argument, NULL, OPT_MIN_SIZE},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"lang", required_argument, NULL, OPT_LANG},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"fetch-max", required_argument, NULL, OPT_FETCH_MAX},
    {"time-budget", required_argument, NULL, OPT_TIME_BUDGET},
    {"max-input", required_argument, NULL, OPT_MAX_INPUT},
    {"max-output", required_argument, NULL, OPT_MAX_OUTPUT},
    {"max-nodes", required_argument, NULL, OPT_MAX_NODES},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-attrs", required_argument, NULL, OPT_MAX_ATTRS},
    {NULL, 0, NULL, 0},
};

static const char *const format_names[] = {"txt", "md", "json", "html", "xml", "jsonl"};
static const pith_format format_values[] = {PITH_FORMAT_TXT, PITH_FORMAT_MD, PITH_FORMAT_JSON,
                                            PITH_FORMAT_HTML, PITH_FORMAT_XML, PITH_FORMAT_JSONL};
static const char *const focus_names[] = {"balanced", "precision", "recall"};
static const pith_focus focus_values[] = {PITH_FOCUS_BALANCED, PITH_FOCUS_PRECISION,
                                          PITH_FOCUS_RECALL};
static const char *const from_names[] = {"auto", "html", "text"};
static const pith_input_kind from_values[] = {PITH_INPUT_AUTO, PITH_INPUT_HTML, PITH_INPUT_TEXT};

/* Parses a size such as 4096, 64k, 10M or 1G; false when invalid. */
static bool parse_size(const char *v, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (end == v || errno || *v == '-') return false;
    int shift = 0;
    if (*end == 'k' || *end == 'K') shift = 10, end++;
    else if (*end == 'm' || *end == 'M') shift = 20, end++;
    else if (*end == 'g' || *end == 'G') shift = 30, end++;
    if (*end || (shift && n > (SIZE_MAX >> shift))) return false;
    *out = (size_t)(n << shift);
    return true;
}

/* Takes one of the crawl and speed options; returns -1 to go on, else the
 * exit status. */
static int crawl_option(job_config *jc, int c, const char *v)
{
    char *end;
    size_t z;
    switch (c) {
    case 'j': {
        long n = strtol(v, &end, 10);
        if (end == v || *end || n < 1 || n > 1024) {
            usage_error("invalid value '%s' for --jobs (a number from 1 to 1024)", v);
            return 2;
        }
        jc->jobs = (int)n;
        return -1;
    }
    case OPT_UNORDERED: jc->unordered = true; return -1;
    case OPT_STATS: jc->stats = true; return -1;
    case OPT_WARC: jc->force_warc = true; return -1;
    case OPT_WARC_TYPES: case OPT_STATUS: case OPT_MIME: case OPT_LANG: {
        strlist *l = c == OPT_WARC_TYPES ? &jc->filt.types : c == OPT_STATUS ? &jc->filt.status
                   : c == OPT_MIME ? &jc->filt.mime : &jc->filt.lang;
        const char *name = c == OPT_WARC_TYPES ? "--warc-types" : c == OPT_STATUS ? "--status"
                         : c == OPT_MIME ? "--mime" : "--lang";
        if (!strlist_parse(l, v)) { fputs("pith: out of memory\n", stderr); return 1; }
        if (!l->n) { usage_error("%s needs a comma-separated list", name); return 2; }
        for (size_t i = 0; c == OPT_STATUS && i < l->n; i++) {
            const char *s = l->items[i];
            bool ok = strlen(s) == 3 && s[0] >= '1' && s[0] <= '5';
            for (int k = 1; k < 3 && ok; k++) ok = (s[k] >= '0' && s[k] <= '9') || s[k] == 'x' || s[k] == 'X';
            if (!ok) { usage_error("invalid HTTP status '%s' for --status (e.g. 200 or 2xx)", s); return 2; }
        }
        return -1;
    }
    case OPT_MIN_SIZE: case OPT_MAX_SIZE: case OPT_FETCH_MAX:
        if (!parse_size(v, &z)) {
            usage_error("invalid size '%s' for %s", v, c == OPT_MIN_SIZE ? "--min-size" : c == OPT_MAX_SIZE ? "--max-size" : "--fetch-max");
            return 2;
        }
        if (c == OPT_MIN_SIZE) jc->filt.min_size = z;
        else if (c == OPT_MAX_SIZE) jc->filt.max_size = z;
        else jc->fetch_max = z;
        return -1;
    case OPT_TIMEOUT: {
        double t = strtod(v, &end);
        if (end == v || *end || !(t > 0) || t > 1e6) {
            usage_error("invalid value '%s' for --timeout (seconds)", v);
            return 2;
        }
        jc->timeout = t;
        return -1;
    }
    }
    return -1;
}

/* Takes one of the library's limits into opts; returns -1 to go on, else
 * the exit status. */
static int limit_option(pith_options *o, int c, const char *v)
{
    char *end;
    size_t z;
    switch (c) {
    case OPT_TIME_BUDGET: {
        double t = strtod(v, &end);
        if (end == v || *end || !(t >= 0) || t > 1e6) {
            usage_error("invalid value '%s' for --time-budget (seconds, 0 for none)", v);
            return 2;
        }
        o->time_budget = t;
        return -1;
    }
    case OPT_MAX_INPUT: case OPT_MAX_OUTPUT:
        if (!parse_size(v, &z)) {
            usage_error("invalid size '%s' for %s", v, c == OPT_MAX_INPUT ? "--max-input" : "--max-output");
            return 2;
        }
        if (c == OPT_MAX_INPUT) o->max_input_bytes = z;
        else o->max_output_bytes = z;
        return -1;
    default: {
        const char *name = c == OPT_MAX_NODES ? "--max-nodes" : c == OPT_MAX_DEPTH ? "--max-depth" : "--max-attrs";
        errno = 0;
        unsigned long long n = strtoull(v, &end, 10);
        if (end == v || *end || errno || *v == '-' || n < 1 || n > UINT32_MAX) {
            usage_error("invalid value '%s' for %s (a number from 1 to %u)", v, name, UINT32_MAX);
            return 2;
        }
        if (c == OPT_MAX_NODES) o->max_nodes = (uint32_t)n;
        else if (c == OPT_MAX_DEPTH) o->max_depth = (uint32_t)n;
        else o->max_attributes = (uint32_t)n;
        return -1;
    }
    }
}

/* Parses the options into r; returns -1 to go on, else the exit status. */
static int parse_args(run *r, int argc, char **argv)
{
    opterr = 0;
    int c, k;
    while ((c = getopt_long(argc, argv, ":f:o:qhVj:", long_opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!parse_choice("--format", optarg, format_names, 6, &k)) return 2;
            r->fmt = format_values[k];
            break;
        case 'o':
            if (!*optarg) { usage_error("--output needs a file or directory name"); return 2; }
            r->out_path = optarg;
            break;
        case 'q': r->quiet = true; break;
        case 'h': fputs(help_text, stdout); return 0;
        case 'V': printf("pith %s\n", pith_version()); return 0;
        case OPT_FOCUS:
            if (!parse_choice("--focus", optarg, focus_names, 3, &k)) return 2;
            r->opts.focus = focus_values[k];
            break;
        case OPT_TABLES: r->opts.tables = 1; break;
        case OPT_NO_TABLES: r->opts.tables = 0; break;
        case OPT_IMAGES: r->opts.images = 1; break;
        case OPT_NO_IMAGES: r->opts.images = 0; break;
        case OPT_LINKS: r->opts.links = 1; break;
        case OPT_NO_LINKS: r->opts.links = 0; break;
        case OPT_COMMENTS: r->opts.comments = 1; break;
        case OPT_NO_COMMENTS: r->opts.comments = 0; break;
        case OPT_BASE_URL:
            if (!*optarg) { usage_error("--base-url needs a URL"); return 2; }
            r->base_url = optarg;
            break;
        case OPT_ENCODING: {
            if (!*optarg || strpbrk(optarg, "; \t\"'")) {
                usage_error("invalid encoding label '%s'", optarg);
                return 2;
            }
            free(r->content_type);
            size_t n = strlen(optarg) + 32;
            if (!(r->content_type = malloc(n))) { fputs("pith: out of memory\n", stderr); return 1; }
            snprintf(r->content_type, n, "text/html; charset=%s", optarg);
            break;
        }
        case OPT_FROM:
            if (!parse_choice("--from", optarg, from_names, 3, &k)) return 2;
            r->opts.input = from_values[k];
            break;
        case OPT_STRICT: r->strict = true; break;
        case OPT_TIME_BUDGET:
        case OPT_MAX_INPUT:
        case OPT_MAX_OUTPUT:
        case OPT_MAX_NODES:
        case OPT_MAX_DEPTH:
        case OPT_MAX_ATTRS:
            if ((k = limit_option(&r->opts, c, optarg)) >= 0) return k;
            break;
        case 'j':
        case OPT_UNORDERED:
        case OPT_STATS:
        case OPT_WARC:
        case OPT_WARC_TYPES:
        case OPT_STATUS:
        case OPT_MIME:
        case OPT_MIN_SIZE:
        case OPT_MAX_SIZE:
        case OPT_LANG:
        case OPT_TIMEOUT:
        case OPT_FETCH_MAX:
            if ((k = crawl_option(&r->jc, c, optarg)) >= 0) return k;
            break;
        case ':':
            usage_error("option '%s' needs a value", argv[optind - 1]);
            return 2;
        default:
            if (optopt) usage_error("unknown option '-%c'", optopt);
            else usage_error("unknown option '%s'", argv[optind - 1]);
            return 2;
        }
    }
    return -1;
}

/* Chooses stdout, one file or a directory for the output, per the inputs. */
static int setup_output(run *r, char **inputs, int n)
{
    const char *ext = "txt";
    for (int i = 0; i < 6; i++)
        if (format_values[i] == r->fmt) ext = format_names[i];
    if (!r->out_path) {
        sink_init(&r->out, SINK_STDOUT, NULL, ext);
        return -1;
    }
    struct stat st;
    bool exists = stat(r->out_path, &st) == 0, is_dir = exists && S_ISDIR(st.st_mode);
    size_t pl = strlen(r->out_path);
    bool wants_dir = is_dir || r->out_path[pl - 1] == '/';
    bool many = n > 1;
    for (int i = 0; i < n && !many; i++) many = input_is_dir(inputs[i]);
    if (r->fmt == PITH_FORMAT_JSONL && !wants_dir) many = false;
    if (!many && !wants_dir) {
        sink_init(&r->out, SINK_FILE, r->out_path, ext);
        return -1;
    }
    if (exists && !is_dir) {
        usage_error("-o %s is a file, but several inputs need a directory", r->out_path);
        return 2;
    }
    int e = make_dirs(r->out_path);
    if (e) {
        fprintf(stderr, "pith: %s: %s\n", r->out_path, strerror(e));
        return 1;
    }
    /* "out/" and "out" name the same files */
    static char trimmed[4096];
    while (pl > 1 && r->out_path[pl - 1] == '/') pl--;
    if (pl >= sizeof trimmed) { usage_error("-o path is too long"); return 2; }
    memcpy(trimmed, r->out_path, pl);
    trimmed[pl] = '\0';
    sink_init(&r->out, SINK_DIR, trimmed, ext);
    return -1;
}

static void free_filters(filters *f)
{
    strlist_free(&f->types);
    strlist_free(&f->status);
    strlist_free(&f->mime);
    strlist_free(&f->lang);
}

int main(int argc, char **argv)
{
    run r = {.fmt = PITH_FORMAT_TXT};
    pith_options_init(&r.opts);
    r.jc.timeout = 30;
    r.jc.fetch_max = SIZE_MAX; /* unless --fetch-max says, what --max-input says */
    int rc = parse_args(&r, argc, argv);
    if (r.jc.fetch_max == SIZE_MAX) r.jc.fetch_max = r.opts.max_input_bytes;
    if (rc >= 0) { free(r.content_type); free_filters(&r.jc.filt); return rc; }
    char **inputs = argv + optind;
    int n = argc - optind;
    static char *stdin_only[] = {"-", NULL};
    if (n == 0) {
        if (isatty(STDIN_FILENO)) {
            usage_error("no input given (name a FILE, DIR or URL, or '-' for standard input)");
            free(r.content_type);
            free_filters(&r.jc.filt);
            return 2;
        }
        inputs = stdin_only;
        n = 1;
    }
    rc = setup_output(&r, inputs, n);
    if (rc >= 0) { free(r.content_type); free_filters(&r.jc.filt); return rc; }
    job_config *jc = &r.jc;
    jc->opts = &r.opts;
    jc->fmt = r.fmt;
    jc->base_url = r.base_url;
    jc->content_type = r.content_type;
    jc->quiet = r.quiet;
    jc->strict = r.strict;
    jc->out = &r.out;
    jc->out_path = r.out_path;
    jc->progress = !r.quiet && isatty(STDERR_FILENO);
    int failed = jobs_run(jc, inputs, n);
    int e = sink_close(&r.out);
    if (e) {
        fprintf(stderr, "pith: %s: %s\n", r.out_path ? r.out_path : "standard output", strerror(e));
        failed++;
    }
    free(r.content_type);
    free_filters(&r.jc.filt);
    return failed ? 1 : 0;
}
