/* WARC archives as input: one job (and one JSONL line) per record. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs.h"

/* True when an HTTP status matches one of the --status values ("200", "2xx"). */
static bool status_wanted(const strlist *l, int st)
{
    if (!l->n) return st >= 200 && st < 300;
    char s[8];
    snprintf(s, sizeof s, "%d", st);
    for (size_t i = 0; i < l->n; i++) {
        const char *v = l->items[i];
        if (strlen(v) != 3) continue;
        bool ok = true;
        for (int k = 0; k < 3 && ok; k++) ok = v[k] == s[k] || ((v[k] == 'x' || v[k] == 'X') && k > 0);
        if (ok) return true;
    }
    return false;
}

/* True when a media type matches one of the --mime values ("text/html", "text/ANY", "ANY" where ANY is a star). */
static bool mime_wanted(const strlist *l, const char *m)
{
    if (!m) m = "";
    for (size_t i = 0; i < l->n; i++) {
        const char *v = l->items[i];
        size_t n = strlen(v);
        if (!strcmp(v, "*") || !strcasecmp(v, m)) return true;
        if (n >= 2 && v[n - 1] == '*' && v[n - 2] == '/' && !strncasecmp(v, m, n - 1)) return true;
    }
    return false;
}

static bool type_wanted(const strlist *l, const char *t)
{
    for (size_t i = 0; i < l->n; i++)
        if (t && !strcasecmp(l->items[i], t)) return true;
    return false;
}

static bool is_html_mime(const char *m)
{
    return m && (!strcmp(m, "text/html") || !strcmp(m, "application/xhtml+xml") ||
                 !strcmp(m, "application/vnd.wap.xhtml+xml"));
}

/* The JSON members every line of a record carries, after "source". */
static bool record_fields(tbuf *b, const pith_warc_record *r)
{
    bool ok = tb_puts(b, "\"warc_record_id\":") && tb_json_str(b, r->record_id) &&
              tb_puts(b, ",\"url\":") && tb_json_str(b, r->target_uri) &&
              tb_puts(b, ",\"warc_date\":") && tb_json_str(b, r->date) &&
              tb_puts(b, ",\"warc_type\":") && tb_json_str(b, r->type);
    ok = ok && (r->http_status ? tb_printf(b, ",\"http_status\":%d", r->http_status)
                               : tb_puts(b, ",\"http_status\":null"));
    ok = ok && tb_puts(b, ",\"content_type\":") && tb_json_str(b, r->content_type) &&
         tb_printf(b, ",\"warc_offset\":%llu,", (unsigned long long)r->offset);
    if (ok && r->warning) ok = tb_puts(b, "\"warc_warning\":") && tb_json_str(b, r->warning) && tb_puts(b, ",");
    return ok;
}

/* Starts a record's line: {"source":..., then the record's fields. */
static bool line_start(job *j)
{
    return tb_puts(&j->out, "{\"source\":") && tb_json_str(&j->out, j->it.name) && tb_puts(&j->out, ",") &&
           tb_add(&j->out, j->warc.fields.data ? j->warc.fields.data : "", j->warc.fields.len);
}

/* Drops a record's line that ran out of memory half-built, and says so. */
static void line_out_of_memory(job *j)
{
    j->out.len = 0;
    tb_printf(&j->msg, "pith: %s: out of memory\n", j->it.name);
    j->failed++;
}

void warc_skip_line(job *j, const char *code, const char *reason, bool failure)
{
    j->kind = JOB_DONE;
    j->out.len = 0;
    j->stat = failure ? STAT_FAILED : STAT_SKIPPED;
    snprintf(j->stat_reason, sizeof j->stat_reason, "%s", code);
    bool ok = line_start(j) && tb_puts(&j->out, failure ? "\"error\":" : "\"skip\":") &&
              tb_json_str(&j->out, code) && tb_puts(&j->out, ",\"reason\":") &&
              tb_json_str(&j->out, reason) && tb_puts(&j->out, "}\n");
    if (!ok) line_out_of_memory(j);
}

void warc_finish_line(job *j, const char *jsonl, size_t n, const char *warning)
{
    static const char lead[] = "{\"source\":null,";
    static const char url_key[] = ",\"url\":";
    j->out.len = 0;
    j->stat = STAT_EXTRACTED;
    if (n < sizeof lead || memcmp(jsonl, lead, sizeof lead - 1) != 0) {
        warc_skip_line(j, "render", "unexpected JSONL from the renderer", true);
        return;
    }
    const char *rest = jsonl + sizeof lead - 1;
    size_t rn = n - (sizeof lead - 1);
    bool ok = line_start(j);
    if (ok && warning) ok = tb_puts(&j->out, "\"warning\":") && tb_json_str(&j->out, warning) && tb_puts(&j->out, ",");
    /* the page's own address (canonical link or the record's URL) becomes
     * page_url: "url" is the record's target URI. A raw ,"url": can only be
     * a key, since quotes inside JSON strings are escaped. */
    const char *u = memmem(rest, rn, url_key, sizeof url_key - 1);
    if (ok && u) {
        ok = tb_add(&j->out, rest, (size_t)(u - rest)) && tb_puts(&j->out, ",\"page_url\":");
        rn -= (size_t)(u - rest) + sizeof url_key - 1;
        rest = u + sizeof url_key - 1;
    }
    ok = ok && tb_add(&j->out, rest, rn);
    if (!ok) line_out_of_memory(j);
}

void warc_dest_release(warc_dest *d, const char *name, tbuf *msg, int *failed)
{
    if (atomic_fetch_sub(&d->refs, 1) > 1 || atomic_load(&d->producing)) return;
    if (fclose(d->f) != 0 && !d->err) d->err = errno ? errno : EIO;
    if (d->err) {
        tb_printf(msg, "pith: %s: %s: %s\n", name, d->path, strerror(d->err));
        (*failed)++;
    }
    free(d->path);
    free(d);
}

/* Opens <dir>/<stem>.jsonl for an archive in -o DIR mode. */
static warc_dest *open_dest(const job_config *cfg, const input_item *it, char *err, size_t errcap)
{
    warc_dest *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    size_t n = strlen(cfg->out->path) + strlen(it->stem) + 16;
    d->path = malloc(n);
    if (!d->path) {
        free(d);
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    snprintf(d->path, n, "%s/%s.jsonl", cfg->out->path, it->stem);
    char *slash = strrchr(d->path, '/');
    int e = 0;
    if (slash && slash != d->path) {
        *slash = '\0';
        e = make_dirs(d->path);
        *slash = '/';
    }
    if (!e && !(d->f = fopen(d->path, "wb"))) e = errno;
    if (e) {
        snprintf(err, errcap, "%s: %s", d->path, strerror(e));
        free(d->path);
        free(d);
        return NULL;
    }
    atomic_init(&d->producing, true);
    atomic_init(&d->refs, 0);
    return d;
}

/* Submits a job that carries only a message about the whole archive. */
static void archive_error(engine *e, const input_item *it, const char *fmt, const char *a, const char *b)
{
    job *j = engine_slot(e);
    job_set_item(j, it);
    tb_puts(&j->msg, "pith: ");
    tb_puts(&j->msg, it->name);
    tb_puts(&j->msg, ": ");
    tb_printf(&j->msg, fmt, a, b);
    tb_puts(&j->msg, "\n");
    j->failed = 1;
    j->archive_error = true;
    engine_submit(e, j);
}

/* Decides what to do with a record: 0 extract, else a skip (the reason in why). */
static int decide(const job_config *cfg, const pith_warc_record *r, char *why, size_t cap,
                  const char **code)
{
    const filters *f = &cfg->filt;
    pith_warc_skip s = r->skip;
    *code = pith_warc_skip_name(s);
    /* --status and --mime can take back what the reader set aside */
    if (s == PITH_WARC_SKIP_HTTP_STATUS && f->status.n && status_wanted(&f->status, r->http_status)) {
        s = PITH_WARC_OK;
        if (!is_html_mime(r->mime) && r->input != PITH_INPUT_TEXT && !mime_wanted(&f->mime, r->mime)) {
            snprintf(why, cap, "not HTML (%s)", r->mime ? r->mime : "no media type");
            *code = pith_warc_skip_name(PITH_WARC_SKIP_NOT_HTML);
            return 1;
        }
    }
    if (s == PITH_WARC_SKIP_NOT_HTML && f->mime.n && mime_wanted(&f->mime, r->mime)) s = PITH_WARC_OK;
    if (s != PITH_WARC_OK) {
        snprintf(why, cap, "%s", r->reason ? r->reason : *code);
        return s >= PITH_WARC_FAIL_MALFORMED ? 2 : 1;
    }
    *code = "filtered";
    if (f->types.n && !type_wanted(&f->types, r->type)) {
        snprintf(why, cap, "WARC-Type %.40s is not in --warc-types", r->type ? r->type : "(none)");
        return 1;
    }
    if (r->http_status && f->status.n && !status_wanted(&f->status, r->http_status)) {
        snprintf(why, cap, "HTTP status %d is not in --status", r->http_status);
        return 1;
    }
    if (f->mime.n && !mime_wanted(&f->mime, r->mime)) {
        snprintf(why, cap, "media type %.60s is not in --mime", r->mime ? r->mime : "(none)");
        return 1;
    }
    if (r->payload_len < f->min_size) {
        snprintf(why, cap, "payload of %zu bytes is under --min-size", r->payload_len);
        return 1;
    }
    if (f->max_size && r->payload_len > f->max_size) {
        snprintf(why, cap, "payload of %zu bytes is over --max-size", r->payload_len);
        return 1;
    }
    return 0;
}

/* An open archive and what its records need. */
struct warc_src {
    pith_warc *w;
    input_item it;            /* strings in `names` */
    tbuf names;
    warc_dest *dest;
    uint64_t total;           /* file size when known, for the progress line */
    bool finished;            /* no more records (the end, or damage) */
};

warc_src *warc_src_open(engine *e, const input_item *it, int fd)
{
    const job_config *cfg = engine_config(e);
    pith_warc *w = NULL;
    pith_status st = fd >= 0 ? pith_warc_open_fd(fd, NULL, &w) : pith_warc_open_file(it->path, NULL, &w);
    if (st != PITH_OK) {
        archive_error(e, it, "%s%s", st == PITH_ERR_IO ? strerror(errno) : pith_strerror(st), "");
        return NULL;
    }
    warc_src *s = calloc(1, sizeof *s);
    job tmp;
    memset(&tmp, 0, sizeof tmp);
    if (!s || !job_set_item(&tmp, it)) {
        free(s);
        tb_free(&tmp.names);
        archive_error(e, it, "%s%s", pith_strerror(PITH_ERR_NOMEM), "");
        pith_warc_close(w);
        return NULL;
    }
    s->w = w;
    s->it = tmp.it;
    s->names = tmp.names;
    struct stat sb;
    if (fd < 0 && stat(it->path, &sb) == 0 && S_ISREG(sb.st_mode)) s->total = (uint64_t)sb.st_size;
    if (cfg->out->mode == SINK_DIR) {
        char err[600];
        if (!(s->dest = open_dest(cfg, it, err, sizeof err))) {
            archive_error(e, it, "%s%s", err, "");
            pith_warc_close(w);
            tb_free(&s->names);
            free(s);
            return NULL;
        }
    }
    return s;
}

job *warc_src_next(engine *e, warc_src *s, tbuf *doc)
{
    const job_config *cfg = engine_config(e);
    if (s->finished) return NULL;
    const pith_warc_record *r;
    pith_status st = pith_warc_next(s->w, &r);
    if (st != PITH_OK) {
        const char *m = pith_warc_error(s->w, NULL);
        s->finished = true;
        archive_error(e, &s->it, "%s%s", m ? m : pith_strerror(st), "");
        return NULL;
    }
    if (!r) {
        s->finished = true;
        return NULL;
    }
    job *j = engine_slot(e);
    j->is_warc = true;
    if (s->dest) {
        j->warc.dest = s->dest;
        atomic_fetch_add(&s->dest->refs, 1);
    }
    engine_progress_bytes(e, pith_warc_tell(s->w), s->total);
    if (!job_set_item(j, &s->it) || !record_fields(&j->warc.fields, r)) {
        j->warc.fields.len = 0;
        tb_printf(&j->msg, "pith: %s: out of memory\n", s->it.name);
        j->failed = 1;
        j->stat = STAT_FAILED;
        snprintf(j->stat_reason, sizeof j->stat_reason, "out_of_memory");
        return j;
    }
    char why[512];
    const char *code;
    int d = decide(cfg, r, why, sizeof why, &code);
    if (d) {
        warc_skip_line(j, code, why, d == 2);
        return j;
    }
    if (!doc) {
        engine_lend_data(e, j, r->payload_len);
        doc = &j->data;
    }
    doc->len = 0;
    if (!tb_add(doc, r->payload, r->payload_len) || !tb_puts(&j->url, r->target_uri ? r->target_uri : "") ||
        !tb_puts(&j->ctype, r->content_type ? r->content_type : "")) {
        warc_skip_line(j, "out_of_memory", pith_strerror(PITH_ERR_NOMEM), true);
        return j;
    }
    j->kind = JOB_DOC;
    j->input = r->input == PITH_INPUT_TEXT ? PITH_INPUT_TEXT
             : is_html_mime(r->mime) ? PITH_INPUT_HTML : cfg->opts->input;
    if (cfg->opts->input == PITH_INPUT_TEXT) j->input = PITH_INPUT_TEXT;
    return j;
}

void warc_src_close(engine *e, warc_src *s)
{
    /* the archive's size counts once, with a last job of its own */
    job *j = engine_slot(e);
    job_set_item(j, &s->it);
    j->archive_bytes = pith_warc_tell(s->w);
    pith_warc_close(s->w);
    if (s->dest) {
        j->is_warc = true;
        j->warc.dest = s->dest;
        atomic_fetch_add(&s->dest->refs, 1);
        atomic_store(&s->dest->producing, false);
    }
    tb_free(&s->names);
    free(s);
    engine_submit(e, j);
}

void warc_produce(engine *e, const input_item *it, int fd)
{
    warc_src *s = warc_src_open(e, it, fd);
    if (!s) return;
    job *j;
    while ((j = warc_src_next(e, s, NULL))) engine_submit(e, j);
    warc_src_close(e, s);
}
