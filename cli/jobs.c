/* The job engine: worker threads, ordered output, statistics, progress. */
#include "jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- small helpers ---- */

bool tb_add(tbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) return false;
        b->data = p;
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool tb_puts(tbuf *b, const char *s) { return tb_add(b, s, strlen(s)); }

bool tb_printf(tbuf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return false;
    if ((size_t)n < sizeof small) return tb_add(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big) return false;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = tb_add(b, big, (size_t)n);
    free(big);
    return ok;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (!k || k > n) return 0;
    for (size_t i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (k == 3 && ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))) return 0;
    if (k == 4 && ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))) return 0;
    return k;
}

bool tb_json_str(tbuf *b, const char *s)
{
    if (!s) return tb_puts(b, "null");
    if (!tb_add(b, "\"", 1)) return false;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        const char *esc = NULL;
        char u[8];
        size_t adv = 1;
        if (c == '"') esc = "\\\"";
        else if (c == '\\') esc = "\\\\";
        else if (c == '\n') esc = "\\n";
        else if (c == '\r') esc = "\\r";
        else if (c == '\t') esc = "\\t";
        else if (c < 0x20 || c == 0x7F) { snprintf(u, sizeof u, "\\u%04x", c); esc = u; }
        else if (c >= 0x80) {
            adv = utf8_len(p + i, n - i);
            if (!adv) { esc = "\\ufffd"; adv = 1; }
        }
        if (esc) {
            if (!tb_add(b, s + i - run, run) || !tb_puts(b, esc)) return false;
            run = 0;
        } else {
            run += adv;
        }
        i += adv;
    }
    return tb_add(b, s + n - run, run) && tb_add(b, "\"", 1);
}

void tb_free(tbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

bool strlist_parse(strlist *l, const char *s)
{
    for (const char *p = s; *p;) {
        const char *c = strchr(p, ',');
        size_t n = c ? (size_t)(c - p) : strlen(p);
        while (n && (*p == ' ')) p++, n--;
        while (n && p[n - 1] == ' ') n--;
        if (n) {
            char **items = realloc(l->items, (l->n + 1) * sizeof *items);
            if (!items) return false;
            l->items = items;
            if (!(l->items[l->n] = strndup(p, n))) return false;
            l->n++;
        }
        if (!c) break;
        p = c + 1;
    }
    return true;
}

void strlist_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

bool is_warc_name(const char *name)
{
    static const char *const exts[] = {".warc", ".warc.gz", ".warc.zst"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && !strcasecmp(name + n - e, exts[i])) return true;
    }
    return false;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the engine ---- */

enum { SLOT_FREE, SLOT_FILLING, SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE, SLOT_WRITTEN };

typedef struct worker {
    struct engine *e;
    pith_extractor *ex;
    pith_options opts;
    read_buf in;
    void *curl;
    tbuf fetched, final_url, ctype;
} worker;

/* Buffers kept for reuse. */
typedef struct tpool {
    tbuf *b;
    size_t n, cap;
} tpool;

typedef struct reason_count {
    char code[24];
    uint64_t n;
    int kind; /* STAT_SKIPPED or STAT_FAILED */
} reason_count;

struct engine {
    const job_config *cfg;
    job *ring;
    size_t cap;
    uint64_t head, tail, next_take;
    size_t queued, max_queued; /* jobs waiting for a worker, and how many may */
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv, slot_cv;
    /* A WARC archive the workers read from themselves (with worker
     * threads): a worker that finds fewer than `read_ahead` records queued
     * reads the next one into a queued job, then runs whatever job it
     * took, so the other workers find a record ready when they finish and
     * never sleep while one inflates. `reading` is held by the one worker
     * inside warc_src_next (it serialises the reader without a lock that
     * others would queue on); `pulling` while an archive is open;
     * `src_done` once its records are all read. Idle workers (`idle`) are
     * woken only when a record is queued or reading ends.
     * While workers read, they also write: the worker that finds finished
     * jobs writable takes the writer's place, so output does not wait for
     * the main thread to be scheduled (a third thread on two cores) and
     * output buffers go back to the pool at once. */
    warc_src *src;
    bool pulling, src_done, reading;
    bool writing;             /* a thread is writing finished jobs (the one writer) */
    bool spin;                /* idle workers may watch for records before sleeping (no more workers than CPUs) */
    int ncpus;                /* CPUs this process may run on */
    int loadavg_fd;           /* /proc/loadavg, for cpu_to_spare; -1 when not open */
    size_t read_ahead;
    int idle;
    size_t n_done;            /* jobs done and not yet written */
    int slot_waiters;
    bool closing;
    int nworkers;
    worker *workers;
    pthread_t *threads;
    worker inline_w;
    /* Buffers not in use, kept because their memory is already touched:
     * on this kind of machine a first touch of a fresh page costs more
     * than copying it. `spare` holds document buffers: a job holds one
     * only from its filling to the end of its extraction, so a few serve a
     * long ring. `spare_out` holds output buffers, taken by a slot when it
     * is filled and given back once written (the one given back last on
     * top), so that only the slots between filling and writing hold one,
     * not every slot of the ring. */
    tpool spare, spare_out;
    int failed;
    /* statistics */
    uint64_t docs, records, extracted, skipped, nfailed, bytes_in, archive_bytes, archive_errors;
    reason_count reasons[32];
    size_t n_reasons;
    /* progress */
    double t0, last_progress;
    _Atomic uint64_t warc_done, warc_total; /* set by whichever thread reads */
    /* Bumped (e->mu held) after each read from the archive (a record
     * queued, or done at once, or the end): a worker that finds nothing to
     * do while another reads watches it for a while before it sleeps (see
     * spin_for_news). */
    _Atomic uint64_t news;
    bool progress_shown;
};

const job_config *engine_config(const engine *e) { return e->cfg; }

/* Buffers larger than this are freed after use rather than kept. */
#define KEEP_DATA ((size_t)16 << 20)
#define KEEP_OUT ((size_t)4 << 20)

/* Keeps `b` in the pool (or frees it when large or out of memory) and
 * empties *b. */
static void pool_put(tpool *p, tbuf *b, size_t keep)
{
    if (!b->data) return;
    if (b->cap <= keep) {
        if (p->n == p->cap) {
            size_t cap = p->cap ? 2 * p->cap : 8;
            tbuf *q = realloc(p->b, cap * sizeof *q);
            if (q) {
                p->b = q;
                p->cap = cap;
            }
        }
        if (p->n < p->cap) {
            p->b[p->n++] = *b;
            memset(b, 0, sizeof *b);
            return;
        }
    }
    tb_free(b);
}

static void pool_free(tpool *p)
{
    for (size_t i = 0; i < p->n; i++) tb_free(&p->b[i]);
    free(p->b);
    memset(p, 0, sizeof *p);
}

/* First touches of fresh memory are what a worker pays most for beyond
 * its instructions: on a virtual machine that maps guest pages in software
 * a 4 KB page costs tens of microseconds (measured 15-55 us here), and a
 * 2 MB huge page about as much as a few of them. Document buffers from
 * this size on are therefore made of whole huge pages, and the workers'
 * malloc heaps are advised to use them. */
#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_FROM ((size_t)256 << 10)

/* Replaces b (its contents not needed) with an empty buffer of whole huge
 * pages holding `need` bytes; false (b unchanged) when out of memory. */
static bool tb_renew_huge(tbuf *b, size_t need)
{
    size_t cap = (need + 1 + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    char *p = aligned_alloc(HUGE_PAGE, cap);
    if (!p) return false;
    madvise(p, cap, MADV_HUGEPAGE); /* advice only: a refusal changes nothing */
    tb_free(b);
    b->data = p;
    b->cap = cap;
    p[0] = '\0';
    return true;
}

/* Asks for huge pages under the calling thread's malloc heap, which glibc
 * places in a region of 64 MB aligned to its size (with the heap growing
 * 8 MB at a time, M_TOP_PAD, most of it then fills whole huge pages). Only
 * advice: nothing breaks when the heap is laid out otherwise. */
static void advise_huge_heap(void)
{
    const uintptr_t region = (uintptr_t)64 << 20;
    void *p = malloc(64);
    if (!p) return;
    madvise((void *)((uintptr_t)p & ~(region - 1)), region, MADV_HUGEPAGE);
    free(p);
}

void engine_lend_data(engine *e, job *j, size_t need)
{
    if (j->data.data) return;
    pthread_mutex_lock(&e->mu);
    /* the smallest spare buffer that holds `need` bytes, else the largest
     * (to grow): large buffers stay for large documents, rather than every
     * buffer growing in turn to the largest document (fresh pages) */
    tpool *p = &e->spare;
    size_t best = p->n;
    for (size_t i = 0; i < p->n; i++) {
        size_t c = p->b[i].cap;
        if (best == p->n) { best = i; continue; }
        size_t b = p->b[best].cap;
        if (c > need ? b <= need || c < b : b <= need && c > b) best = i;
    }
    if (best < p->n) {
        j->data = p->b[best];
        p->b[best] = p->b[--p->n];
    }
    pthread_mutex_unlock(&e->mu);
    j->data.len = 0;
    if (need >= HUGE_FROM && j->data.cap <= need) tb_renew_huge(&j->data, need);
}

/* Takes a job's document buffer back (with e->mu held when workers run). */
static void take_back_data(engine *e, job *j) { pool_put(&e->spare, &j->data, KEEP_DATA); }

void engine_progress_bytes(engine *e, uint64_t done, uint64_t total)
{
    atomic_store_explicit(&e->warc_done, done, memory_order_relaxed);
    atomic_store_explicit(&e->warc_total, total, memory_order_relaxed);
}

static void job_fail(job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void job_fail(job *j, const char *fmt, ...)
{
    char m[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m, sizeof m, fmt, ap);
    va_end(ap);
    tb_printf(&j->msg, "pith: %s: %s\n", j->it.name, m);
    j->failed++;
    if (j->stat == STAT_NONE || j->stat == STAT_EXTRACTED) {
        j->stat = STAT_FAILED;
        snprintf(j->stat_reason, sizeof j->stat_reason, "error");
    }
}

/* Why rendering failed, naming the limit that stopped it. */
static const char *render_reason(const pith_options *o, pith_status rs, char *buf, size_t cap)
{
    if (rs == PITH_ERR_OUTPUT_TOO_LARGE)
        snprintf(buf, cap, "the rendered output is larger than the limit of %zu bytes (max_output_bytes, --max-output)",
                 o->max_output_bytes);
    else if (rs == PITH_ERR_TIMEOUT)
        snprintf(buf, cap, "the time budget of %g s (time_budget, --time-budget) ran out during rendering",
                 o->time_budget);
    else
        snprintf(buf, cap, "%s", pith_strerror(rs));
    return buf;
}

/* True when `lang` (e.g. "en" or "en-GB") is one of the --lang values. */
static bool lang_wanted(const strlist *l, const char *lang)
{
    if (!l->n) return true;
    if (!lang) return false;
    for (size_t i = 0; i < l->n; i++) {
        size_t n = strlen(l->items[i]);
        if (!strncasecmp(lang, l->items[i], n) && (lang[n] == '\0' || lang[n] == '-')) return true;
    }
    return false;
}

/* Extracts a WARC record's document and builds its line. */
static void extract_warc(worker *w, job *j, const char *data, size_t len)
{
    const job_config *cfg = w->e->cfg;
    pith_result *res = NULL;
    w->opts = *cfg->opts;
    w->opts.input = j->input;
    const char *url = j->url.len ? j->url.data : cfg->base_url;
    const char *ct = cfg->content_type ? cfg->content_type : j->ctype.len ? j->ctype.data : NULL;
    pith_status st = pith_extract(w->ex, &w->opts, data, len, url, ct, &res);
    if (!res) {
        warc_skip_line(j, pith_status_name(st), pith_strerror(st), true);
        return;
    }
    st = pith_result_status(res);
    const char *reason = pith_result_reason(res);
    if (!reason) reason = pith_strerror(st);
    const char *text = pith_result_text(res);
    if (st != PITH_OK && (!pith_status_has_result(st) || !text || !*text)) {
        warc_skip_line(j, pith_status_name(st), reason, !pith_status_has_result(st));
        return;
    }
    if (!lang_wanted(&cfg->filt.lang, pith_result_language(res))) {
        char why[96];
        const char *lang = pith_result_language(res);
        snprintf(why, sizeof why, "language %.20s is not in --lang", lang ? lang : "unknown");
        warc_skip_line(j, "filtered", why, false);
        return;
    }
    const char *out;
    size_t n;
    pith_status rs = pith_render(w->ex, res, PITH_FORMAT_JSONL, &w->opts, NULL, &out, &n);
    if (rs != PITH_OK) {
        char why[256];
        warc_skip_line(j, pith_status_name(rs), render_reason(&w->opts, rs, why, sizeof why), true);
        return;
    }
    warc_finish_line(j, out, n, st != PITH_OK ? reason : NULL);
}

/* Extracts and renders one document for the normal (non-WARC) output. */
static void extract_doc(worker *w, job *j, const char *data, size_t len, const char *url,
                        const char *ctype)
{
    const job_config *cfg = w->e->cfg;
    pith_result *res = NULL;
    pith_status st = pith_extract(w->ex, cfg->opts, data, len, url, ctype, &res);
    if (!res) {
        job_fail(j, "%s", pith_strerror(st));
        return;
    }
    st = pith_result_status(res);
    const char *reason = pith_result_reason(res);
    if (!reason) reason = pith_strerror(st);
    if (st != PITH_OK && !pith_status_has_result(st)) {
        job_fail(j, "%s", reason);
        return;
    }
    const char *out;
    size_t n;
    pith_status rs = pith_render(w->ex, res, cfg->fmt, cfg->opts, j->it.name, &out, &n);
    if (rs != PITH_OK) {
        char why[256];
        job_fail(j, "%s", render_reason(cfg->opts, rs, why, sizeof why));
        return;
    }
    if (!w->e->nworkers && n >= HUGE_FROM) {
        /* on the main thread the job is written before this extractor
         * renders again: no copy (a 100 MB text's 200 MB of JSON) */
        j->lent = out;
        j->lent_len = n;
    } else if (!tb_add(&j->out, out, n)) {
        job_fail(j, "%s", pith_strerror(PITH_ERR_NOMEM));
        return;
    }
    j->stat = STAT_EXTRACTED;
    j->has_out = true;
    if (st != PITH_OK) {
        if (cfg->strict) job_fail(j, "%s", reason);
        else if (!cfg->quiet) tb_printf(&j->msg, "pith: %s: warning: %s\n", j->it.name, reason);
    }
}

/* Runs one job on a worker (or on the main thread with -j 1). */
static void run_job(worker *w, job *j)
{
    const job_config *cfg = w->e->cfg;
    switch (j->kind) {
    case JOB_FILE: {
        int e = input_read(&j->it, &w->in, cfg->opts->max_input_bytes);
        if (e == ERANGE) {
            job_fail(j, "input is larger than the limit of %zu bytes (max_input_bytes, --max-input)",
                     cfg->opts->max_input_bytes);
            break;
        }
        if (e) { job_fail(j, "%s", strerror(e)); break; }
        j->in_bytes = w->in.len;
        extract_doc(w, j, w->in.data, w->in.len, cfg->base_url, cfg->content_type);
        break;
    }
    case JOB_URL: {
        char err[512];
        if (fetch_url(&w->curl, j->it.path, cfg->timeout, cfg->fetch_max, &w->fetched, &w->final_url,
                      &w->ctype, err, sizeof err) != 0) {
            job_fail(j, "%s", err);
            break;
        }
        j->in_bytes = w->fetched.len;
        extract_doc(w, j, w->fetched.data ? w->fetched.data : "", w->fetched.len, w->final_url.data,
                    cfg->content_type ? cfg->content_type : w->ctype.len ? w->ctype.data : NULL);
        break;
    }
    case JOB_DOC:
        j->in_bytes = j->data.len;
        extract_warc(w, j, j->data.data ? j->data.data : "", j->data.len);
        break;
    case JOB_DONE:
        break;
    }
}

static bool worker_init(worker *w, engine *e)
{
    memset(w, 0, sizeof *w);
    w->e = e;
    w->ex = pith_extractor_new();
    return w->ex != NULL;
}

static void worker_free(worker *w)
{
    pith_extractor_free(w->ex);
    read_buf_free(&w->in);
    fetch_handle_free(w->curl);
    tb_free(&w->fetched);
    tb_free(&w->final_url);
    tb_free(&w->ctype);
}

/* Wake-ups a worker owes, made once it has let go of e->mu: a thread
 * woken while the lock is still held would only sleep again on the lock. */
enum { WAKE_WRITER = 1, WAKE_WORKER = 2, WAKE_WORKERS = 4 };

/* Lets go of e->mu, then makes the wake-ups owed. */
static void unlock_wake(engine *e, int *wake)
{
    pthread_mutex_unlock(&e->mu);
    if (*wake & WAKE_WRITER) pthread_cond_broadcast(&e->done_cv);
    if (*wake & WAKE_WORKERS) pthread_cond_broadcast(&e->work_cv);
    else if (*wake & WAKE_WORKER) pthread_cond_signal(&e->work_cv);
    *wake = 0;
}

/* Counts a job done; the main thread is to be woken to write it unless
 * the workers write (e->mu held). */
static int job_finished(engine *e)
{
    e->n_done++;
    return !e->pulling || e->src_done ? WAKE_WRITER : 0;
}

/* After a job's line is written: its output buffer back to the pool, its
 * slot marked written, one done job fewer (e->mu held). */
static void job_written(engine *e, job *j)
{
    pool_put(&e->spare_out, &j->out, KEEP_OUT);
    j->state = SLOT_WRITTEN;
    if (e->n_done) e->n_done--;
}

/* Frees the written slots at the head of the ring for new jobs; true when
 * any was freed (e->mu held). Slots written out of order wait there until
 * every slot before them is written. */
static bool free_written(engine *e)
{
    bool freed = false;
    while (e->head < e->tail && e->ring[e->head % e->cap].state == SLOT_WRITTEN) {
        e->ring[e->head % e->cap].state = SLOT_FREE;
        e->head++;
        freed = true;
    }
    return freed;
}

static bool writable(const engine *e);
static void write_job(engine *e, job *j);

/* Writes the finished jobs that can be written now, in input order unless
 * --unordered, as the one writer (e->mu held, let go while writing; makes
 * the wake-ups owed in `wake` then). Used while workers read an archive,
 * by a worker or the main thread, whichever finds jobs to write. */
static void write_ready(engine *e, int *wake)
{
    enum { BATCH = 64 };
    job *batch[BATCH];
    bool ordered = !e->cfg->unordered;
    e->writing = true;
    for (;;) {
        size_t k = 0;
        for (uint64_t s = e->head; s < e->tail && k < BATCH; s++) {
            job *j = &e->ring[s % e->cap];
            if (j->state == SLOT_DONE) batch[k++] = j;
            else if (ordered) break;
        }
        if (!k) break;
        /* slots that are done are left alone by everyone but the writer */
        unlock_wake(e, wake);
        for (size_t i = 0; i < k; i++) write_job(e, batch[i]);
        pthread_mutex_lock(&e->mu);
        for (size_t i = 0; i < k; i++) job_written(e, batch[i]);
        bool freed = free_written(e);
        if (freed && e->slot_waiters) pthread_cond_broadcast(&e->slot_cv);
    }
    e->writing = false;
    /* the main thread may wait for the writer's place once reading ends */
    if (!e->pulling || e->src_done) *wake |= WAKE_WRITER;
}

/* Takes the oldest queued job, or NULL (e->mu held). */
static job *take_queued(engine *e)
{
    /* Jobs done at submission (errors, an archive's last job) are written
     * without a worker passing them: never look behind the head, where a
     * slot index already names a newer job. */
    if (e->next_take < e->head) e->next_take = e->head;
    while (e->next_take < e->tail) {
        job *s = &e->ring[e->next_take % e->cap];
        if (s->state == SLOT_FILLING) break;
        e->next_take++;
        if (s->state == SLOT_QUEUED) {
            s->state = SLOT_RUNNING;
            e->queued--;
            return s;
        }
    }
    return NULL;
}

/* A worker reads the next record of the open archive into a queued job
 * (called and returning with e->mu held; makes the wake-ups owed in
 * `wake` on letting go of the lock and adds the ones the record owes). */
static void read_record(worker *w, int *wake)
{
    engine *e = w->e;
    e->reading = true;
    unlock_wake(e, wake);
    job *j = warc_src_next(e, e->src, NULL);
    pthread_mutex_lock(&e->mu);
    e->reading = false;
    atomic_fetch_add_explicit(&e->news, 1, memory_order_release);
    if (!j) {
        e->src_done = true;
        *wake |= WAKE_WRITER | (e->idle ? WAKE_WORKERS : 0);
        return;
    }
    if (j->kind == JOB_DONE) {
        take_back_data(e, j);
        j->state = SLOT_DONE;
        *wake |= job_finished(e);
    } else {
        j->state = SLOT_QUEUED;
        e->queued++;
    }
    /* an idle worker waits for this record, or for the reader's place */
    if (e->idle) *wake |= WAKE_WORKER;
}

/* How long a worker with nothing to do watches for a record that another
 * worker is reading before it sleeps. On a virtual machine, waking a
 * thread whose CPU went idle often takes milliseconds (measured here:
 * 0.5-4 ms), longer than reading most records; watching costs only a CPU
 * that had nothing to do, so the engine watches only when it has no more
 * workers than CPUs. */
#define SPIN_S 0.004

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Watches e->news for a change from `seen` (e->mu not held) for at most
 * SPIN_S seconds; true when it changed. */
static bool spin_for_news(engine *e, uint64_t seen)
{
    double t0 = now_s();
    for (unsigned i = 1;; i++) {
        if (atomic_load_explicit(&e->news, memory_order_acquire) != seen) return true;
        cpu_relax();
        if (!(i & 255) && now_s() - t0 > SPIN_S) return false;
    }
}

/* Whether a CPU is free for a watching worker at this instant: the tasks
 * runnable on the machine now (the fourth field of /proc/loadavg, counting
 * the reading worker and this one) are no more than the CPUs. On a busy
 * machine a watching worker would only take CPU time from the one reading,
 * or from other programs. */
static bool cpu_to_spare(const engine *e)
{
    char b[128];
    if (e->loadavg_fd < 0) return false;
    ssize_t n = pread(e->loadavg_fd, b, sizeof b - 1, 0);
    if (n <= 0) return false;
    b[n] = '\0';
    long running;
    return sscanf(b, "%*f %*f %*f %ld/", &running) == 1 && running <= e->ncpus;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    engine *e = w->e;
    int wake = 0;
    bool spun = false; /* watched in vain since the last job: sleep next time */
    advise_huge_heap();
    pthread_mutex_lock(&e->mu);
    for (;;) {
        if (e->pulling && !e->writing && writable(e)) write_ready(e, &wake);
        job *j = take_queued(e);
        /* Read ahead before running the job taken, until `read_ahead`
         * records wait, so that one is ready for whichever worker finishes
         * next; with a job in hand only while the ring has room (the
         * writer may need that job to free one). */
        while (e->pulling && !e->src_done && !e->reading &&
               (!j || (e->queued < e->read_ahead && e->tail - e->head < e->cap))) {
            read_record(w, &wake);
            if (!j) j = take_queued(e);
        }
        if (!j) {
            if (e->closing && e->next_take == e->tail) break;
            if (wake) {
                unlock_wake(e, &wake);
                pthread_mutex_lock(&e->mu);
                continue;
            }
            if (e->pulling && !e->writing && writable(e)) continue;
            if (e->spin && e->pulling && !e->src_done && e->reading && !spun) {
                uint64_t seen = atomic_load_explicit(&e->news, memory_order_relaxed);
                pthread_mutex_unlock(&e->mu);
                /* no CPU to spare, or watched in vain: sleep on the next pass */
                spun = !(cpu_to_spare(e) && spin_for_news(e, seen));
                pthread_mutex_lock(&e->mu);
                continue;
            }
            spun = false;
            e->idle++;
            pthread_cond_wait(&e->work_cv, &e->mu);
            e->idle--;
            continue;
        }
        spun = false;
        unlock_wake(e, &wake);
        run_job(w, j);
        pthread_mutex_lock(&e->mu);
        take_back_data(e, j);
        j->state = SLOT_DONE;
        wake |= job_finished(e);
    }
    unlock_wake(e, &wake);
    return NULL;
}

static void count_reason(engine *e, const char *code, int kind)
{
    for (size_t i = 0; i < e->n_reasons; i++)
        if (e->reasons[i].kind == kind && !strcmp(e->reasons[i].code, code)) {
            e->reasons[i].n++;
            return;
        }
    if (e->n_reasons == sizeof e->reasons / sizeof *e->reasons) return;
    reason_count *r = &e->reasons[e->n_reasons++];
    snprintf(r->code, sizeof r->code, "%s", code);
    r->n = 1;
    r->kind = kind;
}

static void clear_progress(engine *e)
{
    if (e->progress_shown) {
        fputs("\r\033[K", stderr);
        e->progress_shown = false;
    }
}

static void show_progress(engine *e)
{
    double t = now_s();
    if (t - e->last_progress < 0.25) return;
    e->last_progress = t;
    double el = t - e->t0 > 1e-6 ? t - e->t0 : 1e-6;
    char eta[48] = "";
    if (e->warc_total && e->warc_done && e->warc_done <= e->warc_total) {
        double left = (double)(e->warc_total - e->warc_done) / ((double)e->warc_done / el);
        snprintf(eta, sizeof eta, ", %.0f%%, ETA %.0f s", 100.0 * (double)e->warc_done / (double)e->warc_total, left);
    }
    fprintf(stderr, "\r\033[Kpith: %llu done, %.1f MB, %.1f MB/s%s", (unsigned long long)e->docs,
            (double)e->bytes_in / 1e6, (double)e->bytes_in / 1e6 / el, eta);
    e->progress_shown = true;
}

/* Writes a finished job's output and messages (main thread only). */
static void write_job(engine *e, job *j)
{
    const job_config *cfg = e->cfg;
    char err[1024];
    bool wrote = j->is_warc ? j->out.len > 0 : j->has_out;
    if (wrote) {
        int rc = 0;
        warc_dest *d = j->is_warc ? j->warc.dest : NULL;
        if (d) {
            if (!d->err && fwrite(j->out.data, 1, j->out.len, d->f) != j->out.len) d->err = errno ? errno : EIO;
        } else {
            const char *o = j->lent ? j->lent : j->out.data ? j->out.data : "";
            rc = sink_write(cfg->out, &j->it, o, j->lent ? j->lent_len : j->out.len, err, sizeof err);
        }
        if (rc) {
            tb_printf(&j->msg, "pith: %s: %s\n", j->it.name, err[0] ? err : strerror(rc));
            j->failed++;
        }
    }
    if (j->is_warc && j->warc.dest) warc_dest_release(j->warc.dest, j->it.name, &j->msg, &j->failed);
    if (j->msg.len) {
        clear_progress(e);
        fwrite(j->msg.data, 1, j->msg.len, stderr);
    }
    e->failed += j->failed;
    e->bytes_in += j->in_bytes;
    e->archive_bytes += j->archive_bytes;
    e->archive_errors += j->archive_error;
    if (j->stat != STAT_NONE) {
        e->docs++;
        if (j->is_warc) e->records++;
        if (j->stat == STAT_EXTRACTED) e->extracted++;
        else if (j->stat == STAT_SKIPPED) e->skipped++, count_reason(e, j->stat_reason, STAT_SKIPPED);
        else e->nfailed++, count_reason(e, j->stat_reason, STAT_FAILED);
    }
    if (cfg->progress) show_progress(e);
}

/* True when a finished job can be written now (e->mu held). */
static bool writable(const engine *e)
{
    if (!e->cfg->unordered || !e->nworkers)
        return e->head < e->tail && e->ring[e->head % e->cap].state == SLOT_DONE;
    for (uint64_t s = e->head; s < e->tail; s++)
        if (e->ring[s % e->cap].state == SLOT_DONE) return true;
    return false;
}

/* Writes finished jobs. In order: from the oldest while it is done; with
 * --unordered: any done job. `block` waits until at least one slot frees. */
static void drain(engine *e, bool block)
{
    pthread_mutex_lock(&e->mu);
    for (;;) {
        bool freed = false;
        if (!e->cfg->unordered || !e->nworkers) {
            while (e->head < e->tail && e->ring[e->head % e->cap].state == SLOT_DONE) {
                job *j = &e->ring[e->head % e->cap];
                pthread_mutex_unlock(&e->mu);
                write_job(e, j);
                pthread_mutex_lock(&e->mu);
                pool_put(&e->spare_out, &j->out, KEEP_OUT);
                j->state = SLOT_FREE;
                e->head++;
                if (e->n_done) e->n_done--;
                freed = true;
            }
        } else {
            for (uint64_t s = e->head; s < e->tail; s++) {
                job *j = &e->ring[s % e->cap];
                if (j->state != SLOT_DONE) continue;
                pthread_mutex_unlock(&e->mu);
                write_job(e, j);
                pthread_mutex_lock(&e->mu);
                job_written(e, j);
            }
            freed = free_written(e);
        }
        if (freed && e->pulling) pthread_cond_broadcast(&e->slot_cv);
        if (!block || freed || e->head == e->tail) break;
        /* A job that finished while this thread wrote another (the lock
         * let go) woke no one; the unordered pass may already have gone by
         * its slot. Sleep only when nothing is writable now. */
        if (writable(e)) continue;
        pthread_cond_wait(&e->done_cv, &e->mu);
    }
    pthread_mutex_unlock(&e->mu);
}

static void job_reset(job *j)
{
    j->kind = JOB_DONE;
    j->names.len = j->data.len = j->url.len = j->ctype.len = 0;
    j->out.len = j->msg.len = 0;
    j->lent = NULL;
    j->lent_len = 0;
    j->has_out = false;
    j->warc.fields.len = 0;
    j->warc.dest = NULL;
    j->is_warc = false;
    j->failed = 0;
    j->stat = STAT_NONE;
    j->stat_reason[0] = '\0';
    j->in_bytes = 0;
    j->archive_bytes = 0;
    j->archive_error = false;
    j->input = PITH_INPUT_AUTO;
    memset(&j->it, 0, sizeof j->it);
}

job *engine_slot(engine *e)
{
    /* Waits while the ring is full or enough jobs wait for a worker: reading
     * further ahead would only hold more documents in memory. */
    pthread_mutex_lock(&e->mu);
    while (e->pulling && e->tail - e->head == e->cap) { /* a worker reading: the main thread writes */
        e->slot_waiters++;
        pthread_cond_broadcast(&e->done_cv);
        pthread_cond_wait(&e->slot_cv, &e->mu);
        e->slot_waiters--;
    }
    for (; !e->pulling;) {
        if (writable(e)) {
            pthread_mutex_unlock(&e->mu);
            drain(e, false);
            pthread_mutex_lock(&e->mu);
            continue;
        }
        if (e->tail - e->head < e->cap && (!e->nworkers || e->queued < e->max_queued)) break;
        pthread_cond_wait(&e->done_cv, &e->mu);
    }
    job *j = &e->ring[e->tail % e->cap];
    j->state = SLOT_FILLING;
    e->tail++;
    if (!j->out.data && e->spare_out.n) j->out = e->spare_out.b[--e->spare_out.n];
    pthread_mutex_unlock(&e->mu);
    job_reset(j);
    return j;
}

void engine_submit(engine *e, job *j)
{
    if (j->kind != JOB_DONE && !e->nworkers) run_job(&e->inline_w, j);
    pthread_mutex_lock(&e->mu);
    if (j->kind == JOB_DONE || !e->nworkers) take_back_data(e, j);
    if (j->kind == JOB_DONE || !e->nworkers) {
        j->state = SLOT_DONE;
        pthread_cond_broadcast(&e->done_cv);
    } else {
        j->state = SLOT_QUEUED;
        e->queued++;
        pthread_cond_signal(&e->work_cv);
    }
    bool pulling = e->pulling; /* then a worker submits: the main thread writes */
    pthread_mutex_unlock(&e->mu);
    if (!pulling) drain(e, false);
}

bool job_set_item(job *j, const input_item *it)
{
    size_t lp = strlen(it->path ? it->path : ""), ln = strlen(it->name ? it->name : ""),
           ls = strlen(it->stem ? it->stem : "");
    j->names.len = 0;
    if (!tb_add(&j->names, it->path ? it->path : "", lp + 1) ||
        !tb_add(&j->names, it->name ? it->name : "", ln + 1) ||
        !tb_add(&j->names, it->stem ? it->stem : "", ls + 1))
        return false;
    j->it = *it;
    j->it.path = j->names.data;
    j->it.name = j->names.data + lp + 1;
    j->it.stem = j->names.data + lp + 1 + ln + 1;
    return true;
}

/* Has the workers read a WARC archive themselves while the main thread
 * writes what they finish; returns once every record is taken. */
static void pull_archive(engine *e, const input_item *it, int fd)
{
    warc_src *s = warc_src_open(e, it, fd);
    if (!s) return;
    pthread_mutex_lock(&e->mu);
    e->src = s;
    e->src_done = false;
    e->pulling = true;
    pthread_cond_broadcast(&e->work_cv);
    int wake = 0;
    for (;;) {
        /* the workers write as they go; this thread writes only what
         * they leave (while none of them is writing) */
        if (!e->writing && writable(e)) {
            write_ready(e, &wake);
            unlock_wake(e, &wake);
            pthread_mutex_lock(&e->mu);
            continue;
        }
        if (e->src_done && !e->reading && !e->writing) break;
        pthread_cond_wait(&e->done_cv, &e->mu);
    }
    e->pulling = false;
    e->src = NULL;
    pthread_mutex_unlock(&e->mu);
    warc_src_close(e, s);
}

/* Turns one walked input into jobs. */
static void produce(engine *e, const input_item *it)
{
    const job_config *cfg = e->cfg;
    bool warc = it->kind != INPUT_URL && it->kind != INPUT_ERROR &&
                (cfg->force_warc || (it->kind == INPUT_FILE && is_warc_name(it->path)));
    if (warc) {
        int fd = it->kind == INPUT_STDIN ? STDIN_FILENO : -1;
        if (e->nworkers) pull_archive(e, it, fd);
        else warc_produce(e, it, fd);
        return;
    }
    job *j = engine_slot(e);
    if (!job_set_item(j, it)) {
        tb_printf(&j->msg, "pith: %s: %s\n", it->name, pith_strerror(PITH_ERR_NOMEM));
        j->failed = 1;
        engine_submit(e, j);
        return;
    }
    switch (it->kind) {
    case INPUT_ERROR:
        job_fail(j, "%s", strerror(it->error));
        break;
    case INPUT_URL:
        j->kind = JOB_URL;
        break;
    default:
        j->kind = JOB_FILE;
        break;
    }
    engine_submit(e, j);
}

static void print_stats(engine *e)
{
    double el = now_s() - e->t0;
    if (el < 1e-6) el = 1e-6;
    tbuf b = {0};
    tb_printf(&b, "pith: stats: %llu documents", (unsigned long long)e->docs);
    if (e->records) tb_printf(&b, " (%llu WARC records)", (unsigned long long)e->records);
    tb_printf(&b, ", %llu extracted, %llu skipped", (unsigned long long)e->extracted,
              (unsigned long long)e->skipped);
    for (int kind = STAT_SKIPPED; kind <= STAT_FAILED; kind++) {
        if (kind == STAT_FAILED) tb_printf(&b, ", %llu failed", (unsigned long long)e->nfailed);
        bool first = true;
        for (size_t i = 0; i < e->n_reasons; i++) {
            if (e->reasons[i].kind != kind) continue;
            tb_printf(&b, "%s%s %llu", first ? " (" : ", ", e->reasons[i].code,
                      (unsigned long long)e->reasons[i].n);
            first = false;
        }
        if (!first) tb_puts(&b, ")");
    }
    if (e->archive_errors) tb_printf(&b, ", %llu damaged or unreadable archives", (unsigned long long)e->archive_errors);
    tb_printf(&b, "; %.2f s, %.1f documents/s, %.1f MB of documents (%.1f MB/s)", el, (double)e->docs / el,
              (double)e->bytes_in / 1e6, (double)e->bytes_in / 1e6 / el);
    if (e->archive_bytes)
        tb_printf(&b, ", %.1f MB of archives (%.1f MB/s)", (double)e->archive_bytes / 1e6,
                  (double)e->archive_bytes / 1e6 / el);
    tb_puts(&b, "\n");
    if (b.data) fputs(b.data, stderr);
    tb_free(&b);
}

/* The CPUs this process may run on: its affinity mask (taskset, a cpuset),
 * else all those online. */
static int usable_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0) return CPU_COUNT(&set);
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c > 0 ? (int)c : 1;
}

int jobs_run(const job_config *cfg, char **args, int nargs)
{
    engine e;
    memset(&e, 0, sizeof e);
    e.cfg = cfg;
    e.t0 = now_s();
    int cpus = usable_cpus();
    int n = cfg->jobs;
    if (n <= 0) n = cpus > 256 ? 256 : cpus;
    bool any_url = false;
    for (int i = 0; i < nargs; i++) any_url |= input_is_url(args[i]);
    if (any_url) fetch_global_init(); /* before any thread starts */
    e.nworkers = n > 1 ? n : 0;
    e.ncpus = cpus;
    e.spin = e.nworkers && e.nworkers <= e.ncpus;
    e.loadavg_fd = e.spin ? open("/proc/loadavg", O_RDONLY | O_CLOEXEC) : -1;
    if (e.nworkers) mallopt(M_TOP_PAD, 8 << 20); /* see advise_huge_heap */
    /* Room for finished jobs behind a slow one at the head (output keeps
     * the input order): a large page takes as long as a dozen typical ones.
     * A slot keeps only its output; documents are in lent buffers. */
    e.cap = (size_t)(n > 1 ? 8 * n + 32 : 2);
    e.max_queued = 2 * (size_t)n + 2;
    e.ring = calloc(e.cap, sizeof *e.ring);
    /* the lock is held for a few hundred instructions at a time: waiting
     * for it briefly costs less than sleeping and being woken */
    pthread_mutexattr_t ma;
    pthread_mutexattr_init(&ma);
    pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_ADAPTIVE_NP);
    pthread_mutex_init(&e.mu, &ma);
    pthread_mutexattr_destroy(&ma);
    pthread_cond_init(&e.work_cv, NULL);
    pthread_cond_init(&e.done_cv, NULL);
    pthread_cond_init(&e.slot_cv, NULL);
    bool ok = e.ring != NULL;
    if (ok && !e.nworkers) ok = worker_init(&e.inline_w, &e);
    if (ok && e.nworkers) {
        e.workers = calloc((size_t)e.nworkers, sizeof *e.workers);
        e.threads = calloc((size_t)e.nworkers, sizeof *e.threads);
        ok = e.workers && e.threads;
        int started = 0;
        for (int i = 0; ok && i < e.nworkers; i++) {
            ok = worker_init(&e.workers[i], &e);
            if (ok && pthread_create(&e.threads[i], NULL, worker_main, &e.workers[i]) != 0) {
                worker_free(&e.workers[i]);
                ok = false;
            }
            if (ok) started++;
        }
        e.nworkers = started;
        e.read_ahead = (size_t)started;
        if (!ok && started) ok = true; /* fewer threads than asked still work */
    }
    if (!ok) {
        fputs("pith: out of memory\n", stderr);
        free(e.ring);
        if (e.loadavg_fd >= 0) close(e.loadavg_fd);
        return 1;
    }
    walker w;
    walker_init(&w, args, nargs);
    input_item it;
    int got;
    while ((got = walker_next(&w, &it)) > 0) produce(&e, &it);
    if (got < 0) {
        fputs("pith: out of memory while listing inputs\n", stderr);
        e.failed++;
    }
    walker_free(&w);
    pthread_mutex_lock(&e.mu);
    e.closing = true;
    pthread_cond_broadcast(&e.work_cv);
    pthread_mutex_unlock(&e.mu);
    while (true) {
        pthread_mutex_lock(&e.mu);
        bool empty = e.head == e.tail;
        pthread_mutex_unlock(&e.mu);
        if (empty) break;
        drain(&e, true);
    }
    for (int i = 0; i < e.nworkers; i++) {
        pthread_join(e.threads[i], NULL);
        worker_free(&e.workers[i]);
    }
    if (!e.nworkers) worker_free(&e.inline_w);
    clear_progress(&e);
    if (cfg->stats) print_stats(&e);
    for (size_t i = 0; i < e.cap; i++) {
        job *j = &e.ring[i];
        tb_free(&j->names);
        tb_free(&j->data);
        tb_free(&j->url);
        tb_free(&j->ctype);
        tb_free(&j->out);
        tb_free(&j->msg);
        tb_free(&j->warc.fields);
    }
    pool_free(&e.spare);
    pool_free(&e.spare_out);
    free(e.ring);
    free(e.workers);
    free(e.threads);
    pthread_mutex_destroy(&e.mu);
    pthread_cond_destroy(&e.work_cv);
    pthread_cond_destroy(&e.done_cv);
    pthread_cond_destroy(&e.slot_cv);
    if (e.loadavg_fd >= 0) close(e.loadavg_fd);
    return e.failed;
}
