/* Fetching URLs given on the command line, with libcurl. */
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"

/* libcurl is loaded when the first URL comes, not linked: it brings TLS,
 * LDAP, Kerberos and SSH libraries whose loading cost every run of the
 * command about 50 ms of start-up, URLs or not. Only the headers are used
 * at build time (types and option numbers). */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    const char *(*easy_strerror)(CURLcode);
} cu;
static char cu_error[256]; /* why libcurl could not be loaded, or "" */

void fetch_global_init(void)
{
    void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        snprintf(cu_error, sizeof cu_error, "cannot load libcurl (Debian libcurl4): %s", e ? e : "not found");
        return;
    }
    cu.global_init = (CURLcode(*)(long))dlsym(h, "curl_global_init");
    cu.easy_init = (CURL * (*)(void)) dlsym(h, "curl_easy_init");
    cu.easy_cleanup = (void (*)(CURL *))dlsym(h, "curl_easy_cleanup");
    cu.easy_reset = (void (*)(CURL *))dlsym(h, "curl_easy_reset");
    cu.easy_setopt = (CURLcode(*)(CURL *, CURLoption, ...))dlsym(h, "curl_easy_setopt");
    cu.easy_perform = (CURLcode(*)(CURL *))dlsym(h, "curl_easy_perform");
    cu.easy_getinfo = (CURLcode(*)(CURL *, CURLINFO, ...))dlsym(h, "curl_easy_getinfo");
    cu.easy_strerror = (const char *(*)(CURLcode))dlsym(h, "curl_easy_strerror");
    if (!cu.global_init || !cu.easy_init || !cu.easy_cleanup || !cu.easy_reset || !cu.easy_setopt ||
        !cu.easy_perform || !cu.easy_getinfo || !cu.easy_strerror) {
        snprintf(cu_error, sizeof cu_error, "cannot load libcurl: libcurl.so.4 lacks a function pith uses");
        memset(&cu, 0, sizeof cu);
        return;
    }
    if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        snprintf(cu_error, sizeof cu_error, "cannot start libcurl");
        memset(&cu, 0, sizeof cu);
    }
}

void fetch_handle_free(void *handle)
{
    if (handle && cu.easy_cleanup) cu.easy_cleanup(handle);
}

typedef struct sink_ctx {
    tbuf *body;
    size_t max;
    bool too_large;
} sink_ctx;

/* Appends received bytes; stops the transfer past the size limit. */
static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
    sink_ctx *c = arg;
    size_t k = size * n;
    if (c->max && c->body->len + k > c->max) {
        c->too_large = true;
        return 0;
    }
    return tb_add(c->body, p, k) ? k : 0;
}

int fetch_url(void **handle, const char *url, double timeout, size_t max, tbuf *body,
              tbuf *final_url, tbuf *ctype, char *err, size_t errcap)
{
    body->len = final_url->len = ctype->len = 0;
    tb_add(final_url, "", 0);
    tb_add(ctype, "", 0);
    if (!cu.easy_init) {
        snprintf(err, errcap, "%s", cu_error[0] ? cu_error : "libcurl is not loaded");
        return -1;
    }
    CURL *h = *handle;
    if (!h) {
        if (!(h = cu.easy_init())) {
            snprintf(err, errcap, "cannot start a transfer (out of memory)");
            return -1;
        }
        *handle = h;
    } else {
        cu.easy_reset(h);
    }
    char agent[64]; /* libcurl copies option strings */
    snprintf(agent, sizeof agent, "pith/%s", pith_version());
    sink_ctx c = {body, max, false};
    char cerr[CURL_ERROR_SIZE] = "";
    long ms = timeout > 0 ? (long)(timeout * 1000) : 0;
    cu.easy_setopt(h, CURLOPT_URL, url);
    cu.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    cu.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    cu.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    cu.easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    cu.easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
    cu.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms && ms < 30000 ? ms : 30000L);
    cu.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);   /* time-outs without SIGALRM, for threads */
    cu.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* every coding libcurl can undo */
    cu.easy_setopt(h, CURLOPT_USERAGENT, agent);
    cu.easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    cu.easy_setopt(h, CURLOPT_WRITEDATA, &c);
    cu.easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
    cu.easy_setopt(h, CURLOPT_FAILONERROR, 0L);
    if (max) cu.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
    CURLcode rc = cu.easy_perform(h);
    if (rc != CURLE_OK) {
        if (c.too_large || rc == CURLE_FILESIZE_EXCEEDED)
            snprintf(err, errcap, "response is larger than the limit of %zu bytes", max);
        else if (rc == CURLE_OPERATION_TIMEDOUT)
            snprintf(err, errcap, "timed out after %g s", timeout);
        else
            snprintf(err, errcap, "%s", cerr[0] ? cerr : cu.easy_strerror(rc));
        return -1;
    }
    long status = 0;
    cu.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) {
        snprintf(err, errcap, "HTTP status %ld", status);
        return -1;
    }
    char *eff = NULL, *ct = NULL;
    cu.easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
    cu.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
    final_url->len = ctype->len = 0;
    if (!tb_puts(final_url, eff ? eff : url) || !tb_puts(ctype, ct ? ct : "")) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    return 0;
}
