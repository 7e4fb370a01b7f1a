/*
 * bench_warc: the pith command over a gzipped WARC, against its own run over
 * the same pages as files and against zcat of the same archive, in one run.
 *
 *   bench_warc PITH PAGES_DIR WORK_DIR [REPS] [COPIES]
 *
 * Builds WORK_DIR/bench.warc.gz from the pages, COPIES times over (default 12:
 * about 75 MB of gzip, 4,000 pages for scrapinghub, still far smaller than
 * a crawl's archive of about 1 GB, but large enough that process start-up
 * and each worker's first touch of its memory weigh little; with 4 copies a
 * -j 2 run lasts only 0.3 s, and on this VM a first touch of a 4 KB page
 * costs about 12 us; each copy has its own URLs): a
 * warcinfo record, then a request and a response per page, one gzip member
 * each, as crawlers write them. Then times, REPS times each and interleaved
 * (the best run counts; the median and worst show how much other programs
 * on the machine disturbed the runs; the median CPU time says what -j 2
 * costs in CPU over -j 1, which bounds its speed-up):
 *   zcat bench.warc.gz            decompression alone
 *   pith -j 1 -f jsonl PAGES_DIR  the same pages from files (COPIES runs)
 *   pith -j 1 bench.warc.gz       and -j 2
 *   pith -j 1 bench.warc.gz       pinned to each of two CPUs in turn (a
 *                                 virtual machine's CPUs may differ for this
 *                                 work while a spin loop shows nothing)
 * and prints pages/s and MB/s with the two ratios the WARC issue sets:
 * -j 2 against -j 1 (target >= 1.7 on two cores), and what reading the WARC
 * adds at -j 1 over the files, against the zcat time (target <= 1).
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "common.h"

extern char **environ;

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Writes `n` bytes as one gzip member. */
static int put_member(FILE *f, const char *p, size_t n)
{
    z_stream s;
    memset(&s, 0, sizeof s);
    if (deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return -1;
    size_t cap = deflateBound(&s, n) + 64;
    unsigned char *out = malloc(cap);
    if (!out) return -1;
    s.next_in = (Bytef *)p;
    s.avail_in = (uInt)n;
    s.next_out = out;
    s.avail_out = (uInt)cap;
    int rc = deflate(&s, Z_FINISH);
    size_t got = cap - s.avail_out;
    deflateEnd(&s);
    int ok = rc == Z_STREAM_END && fwrite(out, 1, got, f) == got;
    free(out);
    return ok ? 0 : -1;
}

/* Writes one record (header fields, then `block`) as a gzip member. */
static int put_record(FILE *f, int id, const char *type, const char *uri, const char *ctype,
                      const char *block, size_t blen)
{
    char head[1024];
    int hn = snprintf(head, sizeof head,
                      "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"
                      "WARC-Date: 2024-01-01T00:00:00Z\r\n%s%s%sContent-Type: %s\r\nContent-Length: %zu\r\n\r\n",
                      type, id, uri ? "WARC-Target-URI: " : "", uri ? uri : "", uri ? "\r\n" : "", ctype, blen);
    size_t n = (size_t)hn + blen + 4;
    char *rec = malloc(n);
    if (!rec) return -1;
    memcpy(rec, head, (size_t)hn);
    memcpy(rec + hn, block, blen);
    memcpy(rec + hn + blen, "\r\n\r\n", 4);
    int rc = put_member(f, rec, n);
    free(rec);
    return rc;
}

/* Builds the archive; returns the number of pages, or -1. */
static int build_warc(const char *dir, const char *path, int copies, size_t *html_bytes)
{
    size_t n;
    char **names = files_list(dir, ".html", &n);
    if (!names) return -1;
    FILE *f = fopen(path, "wb");
    if (!f) {
        files_free_list(names, n);
        return -1;
    }
    static const char info[] = "software: bench_warc\r\nformat: WARC File Format 1.0\r\n";
    int id = 0, rc = put_record(f, id++, "warcinfo", NULL, "application/warc-fields", info, sizeof info - 1);
    *html_bytes = 0;
    for (size_t k = 0; k < n * (size_t)copies && !rc; k++) {
        size_t i = k % n;
        char p[4096], uri[1024];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        snprintf(uri, sizeof uri, "http://bench.test/%zu/%s", k / n, names[i]);
        size_t got;
        char *html = files_read(p, &got);
        char *body = html ? malloc(got + 256) : NULL;
        if (!body) {
            free(html);
            rc = -1;
            break;
        }
        int hn = snprintf(body, 256, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %zu\r\n\r\n", got);
        memcpy(body + hn, html, got);
        free(html);
        char req[1200];
        int qn = snprintf(req, sizeof req, "GET /%s HTTP/1.1\r\nHost: bench.test\r\nUser-Agent: bench\r\n\r\n", names[i]);
        rc = put_record(f, id++, "request", uri, "application/http; msgtype=request", req, (size_t)qn);
        if (!rc) rc = put_record(f, id++, "response", uri, "application/http; msgtype=response", body, (size_t)hn + got);
        *html_bytes += got;
        free(body);
    }
    if (fclose(f) != 0) rc = -1;
    files_free_list(names, n);
    return rc ? -1 : (int)(n * (size_t)copies);
}

/* Runs argv with standard output to /dev/null; returns the wall time, or
 * -1, and puts the CPU time (user and system, all threads) in *cpu. */
static double timed(char *const argv[], double *cpu)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    double t = bench_wall_now();
    pid_t pid;
    if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return -1;
    }
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) < 0) st = -1;
    t = bench_wall_now() - t;
    posix_spawn_file_actions_destroy(&fa);
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
    return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t : -1;
}

/* timed() with the child on one CPU (the affinity is inherited across
 * posix_spawn: set on this process around the spawn, then restored); -1
 * when the CPU cannot be chosen. */
static double timed_on_cpu(char *const argv[], int cpu, double *cpu_s)
{
    cpu_set_t old, one;
    if (sched_getaffinity(0, sizeof old, &old) != 0 || !CPU_ISSET(cpu, &old)) return -1;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    if (sched_setaffinity(0, sizeof one, &one) != 0) return -1;
    double t = timed(argv, cpu_s);
    sched_setaffinity(0, sizeof old, &old);
    return t;
}

/* A fixed amount of pure CPU work. */
static void *spin(void *arg)
{
    volatile unsigned long x = 0;
    for (unsigned long i = 0; i < 200000000UL; i++) x += i;
    (void)arg;
    return (void *)(uintptr_t)(x & 1); /* read back, so the work is used */
}

/* Wall time of the spin work on `n` threads at once: how many cores the
 * machine gives this process group right now (on a shared machine, other
 * groups get their share first, whatever their nice value). */
static double spin_time(int n)
{
    pthread_t th[2];
    double t = bench_wall_now();
    int started = 0;
    for (int i = 0; i < n; i++)
        if (pthread_create(&th[i], NULL, spin, NULL) == 0) started++;
    for (int i = 0; i < started; i++) pthread_join(th[i], NULL);
    return started == n ? bench_wall_now() - t : -1;
}

/* The 1-minute load average (-1 when unknown): other programs on the
 * machine take CPU from -j 2 first. */
static double load1(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double l = -1;
    if (f) {
        if (fscanf(f, "%lf", &l) != 1) l = -1;
        fclose(f);
    }
    return l;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_warc PITH PAGES_DIR WORK_DIR [REPS] [COPIES]\n");
        return 2;
    }
    const char *pith = argv[1], *pages = argv[2], *work = argv[3];
    int reps = argc > 4 ? atoi(argv[4]) : 3;
    if (reps < 1) reps = 1;
    int copies = argc > 5 ? atoi(argv[5]) : 12;
    if (copies < 1) copies = 1;
    char warc[4096];
    snprintf(warc, sizeof warc, "%s/bench.warc.gz", work);
    size_t html = 0;
    int n = build_warc(pages, warc, copies, &html);
    if (n <= 0) {
        fprintf(stderr, "bench_warc: cannot build %s from %s\n", warc, pages);
        return 1;
    }
    struct stat sb;
    stat(warc, &sb);
    double mb = (double)html / 1e6, gz_mb = (double)sb.st_size / 1e6;
    printf("bench-warc: %d pages (%s, %d times), %.1f MB of HTML; %s: %.1f MB, %d records (gzip member each)\n",
           n, pages, copies, mb, warc, gz_mb, 2 * n + 1);

    char *zcat[] = {"zcat", warc, NULL};
    char **files1 = calloc((size_t)copies + 6, sizeof *files1);
    files1[0] = (char *)pith;
    files1[1] = "-j";
    files1[2] = "1";
    files1[3] = "-f";
    files1[4] = "jsonl";
    for (int c = 0; c < copies; c++) files1[5 + c] = (char *)pages;
    char *warc1[] = {(char *)pith, "-j", "1", warc, NULL};
    char *warc2[] = {(char *)pith, "-j", "2", warc, NULL};
    char **cmds[4] = {zcat, files1, warc1, warc2};
    static const char *const names[4] = {"zcat bench.warc.gz", "pith -j 1 pages/ (files)",
                                         "pith -j 1 bench.warc.gz", "pith -j 2 bench.warc.gz"};
    double load_before = load1();
    double *t[4], *c[4];
    for (int k = 0; k < 4; k++)
        if (!(t[k] = calloc((size_t)reps, sizeof *t[k])) || !(c[k] = calloc((size_t)reps, sizeof *c[k]))) return 1;
    /* per run: the speed-up of -j 2 and that of two spinning threads, which
     * is what the machine allows at that moment (2.0 when two cores are free) */
    double *sp_j = calloc((size_t)reps, sizeof *sp_j), *sp_m = calloc((size_t)reps, sizeof *sp_m);
    if (!sp_j || !sp_m) return 1;
    /* -j 1 on each of the first two CPUs this process may use: on a virtual
     * machine one may do this work markedly slower than the other (a busy
     * neighbour on its host core) while a spin loop shows nothing; -j 2 then
     * cannot reach 2 x a -j 1 that ran on the faster */
    int pin_cpu[2] = {-1, -1};
    {
        cpu_set_t set;
        if (sched_getaffinity(0, sizeof set, &set) == 0)
            for (int q = 0, k = 0; q < CPU_SETSIZE && k < 2; q++)
                if (CPU_ISSET(q, &set)) pin_cpu[k++] = q;
    }
    bool pinned = pin_cpu[1] >= 0;
    double *pin[2] = {calloc((size_t)reps, sizeof(double)), calloc((size_t)reps, sizeof(double))};
    if (!pin[0] || !pin[1]) return 1;
    for (int r = 0; r < reps; r++) {
        for (int k = 0; pinned && k < 2; k++) {
            double cs;
            if ((pin[k][r] = timed_on_cpu(warc1, pin_cpu[k], &cs)) < 0) pinned = false;
        }
        for (int k = 0; k < 4; k++) {
            t[k][r] = timed(cmds[k], &c[k][r]);
            if (t[k][r] < 0) {
                fprintf(stderr, "bench_warc: '%s' failed\n", names[k]);
                return 1;
            }
        }
        double s1 = spin_time(1), s2 = spin_time(2);
        sp_j[r] = t[2][r] / t[3][r];
        sp_m[r] = s1 > 0 && s2 > 0 ? 2 * s1 / s2 : 0;
    }
    /* other programs share the machine: the best run is the one least
     * disturbed; the median and the slowest show the spread */
    double best[4], med[4], cpu[4];
    printf("  %-26s %7s %7s %7s %7s\n", "", "best", "median", "worst", "cpu");
    for (int k = 0; k < 4; k++) {
        qsort(t[k], (size_t)reps, sizeof *t[k], cmp_dbl);
        qsort(c[k], (size_t)reps, sizeof *c[k], cmp_dbl);
        best[k] = t[k][0];
        med[k] = reps % 2 ? t[k][reps / 2] : (t[k][reps / 2 - 1] + t[k][reps / 2]) / 2;
        cpu[k] = reps % 2 ? c[k][reps / 2] : (c[k][reps / 2 - 1] + c[k][reps / 2]) / 2;
        printf("  %-26s %6.3fs %6.3fs %6.3fs %6.3fs", names[k], best[k], med[k], t[k][reps - 1], cpu[k]);
        if (k == 0)
            printf("  %8.1f MB/s of .warc.gz\n", gz_mb / best[k]);
        else if (k == 1)
            printf("  %7.1f pages/s  %6.1f MB/s of HTML\n", n / best[k], mb / best[k]);
        else
            printf("  %7.1f pages/s  %6.1f MB/s of HTML  %6.1f MB/s of .warc.gz\n", n / best[k], mb / best[k],
                   gz_mb / best[k]);
    }
    double extra = best[2] - best[1];
    /* each run's -j 1 and -j 2 are timed a second apart: the median of the
     * runs' own ratios is the least moved by the machine's drift from one
     * minute to the next */
    double *pair = calloc((size_t)reps, sizeof *pair);
    if (!pair) return 1;
    memcpy(pair, sp_j, (size_t)reps * sizeof *pair);
    qsort(pair, (size_t)reps, sizeof *pair, cmp_dbl);
    double pair_med = reps % 2 ? pair[reps / 2] : (pair[reps / 2 - 1] + pair[reps / 2]) / 2;
    free(pair);
    printf("bench-warc: -j 2 / -j 1 = %.2f best, %.2f median, %.2f median of the runs' own ratios "
           "(target >= 1.7 on 2 free cores); WARC reading adds %.3f s at -j 1 = %.2f x zcat (target <= 1.0); "
           "%d runs each\n",
           best[2] / best[3], med[2] / med[3], pair_med, extra, extra / best[0], reps);
    /* what the wall times would allow with two whole cores: the CPU time of
     * -j 1 over half that of -j 2 (threads cost some CPU of their own) */
    printf("bench-warc: CPU time (median) -j 2 / -j 1 = %.2f, so at most %.2f x on 2 free cores; "
           "load average %.2f before, %.2f after\n",
           cpu[3] / cpu[2], 2 * cpu[2] / cpu[3], load_before, load1());
    if (pinned) {
        for (int k = 0; k < 2; k++) qsort(pin[k], (size_t)reps, sizeof *pin[k], cmp_dbl);
        double p0 = reps % 2 ? pin[0][reps / 2] : (pin[0][reps / 2 - 1] + pin[0][reps / 2]) / 2;
        double p1 = reps % 2 ? pin[1][reps / 2] : (pin[1][reps / 2 - 1] + pin[1][reps / 2]) / 2;
        double fast = p0 < p1 ? p0 : p1, slow = p0 < p1 ? p1 : p0;
        printf("bench-warc: -j 1 on one CPU (median): cpu%d %.3fs, cpu%d %.3fs; for this work the slower does "
               "%.2f of the faster's, so -j 2 can reach at most %.2f x a -j 1 on the faster, %.2f x one on the "
               "slower\n",
               pin_cpu[0], p0, pin_cpu[1], p1, fast / slow, 1 + fast / slow, 1 + slow / fast);
    }
    free(pin[0]);
    free(pin[1]);
    /* the run where the machine was freest says most */
    int fr = 0;
    for (int r = 1; r < reps; r++)
        if (sp_m[r] > sp_m[fr]) fr = r;
    printf("bench-warc: two spinning threads ran %.2f x one (2.00 on two free cores) in the freest run, where "
           "-j 2 / -j 1 = %.2f; over all runs:", sp_m[fr], sp_j[fr]);
    for (int r = 0; r < reps; r++) printf(" %.2f/%.2f", sp_j[r], sp_m[r]);
    printf(" (-j 2 / -j 1 over spin)\n");
    free(sp_j);
    free(sp_m);
    for (int k = 0; k < 4; k++) {
        free(t[k]);
        free(c[k]);
    }
    return 0;
}
