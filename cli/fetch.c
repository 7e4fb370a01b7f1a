/* Fetching URLs given on the command line, with libcurl. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"

void fetch_global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

void fetch_handle_free(void *handle)
{
    if (handle) curl_easy_cleanup(handle);
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
    CURL *h = *handle;
    if (!h) {
        if (!(h = curl_easy_init())) {
            snprintf(err, errcap, "cannot start a transfer (out of memory)");
            return -1;
        }
        *handle = h;
    } else {
        curl_easy_reset(h);
    }
    char agent[64]; /* libcurl copies option strings */
    snprintf(agent, sizeof agent, "pith/%s", pith_version());
    sink_ctx c = {body, max, false};
    char cerr[CURL_ERROR_SIZE] = "";
    long ms = timeout > 0 ? (long)(timeout * 1000) : 0;
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms && ms < 30000 ? ms : 30000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);   /* time-outs without SIGALRM, for threads */
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* every coding libcurl can undo */
    curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &c);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, cerr);
    curl_easy_setopt(h, CURLOPT_FAILONERROR, 0L);
    if (max) curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        if (c.too_large || rc == CURLE_FILESIZE_EXCEEDED)
            snprintf(err, errcap, "response is larger than the limit of %zu bytes", max);
        else if (rc == CURLE_OPERATION_TIMEDOUT)
            snprintf(err, errcap, "timed out after %g s", timeout);
        else
            snprintf(err, errcap, "%s", cerr[0] ? cerr : curl_easy_strerror(rc));
        return -1;
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) {
        snprintf(err, errcap, "HTTP status %ld", status);
        return -1;
    }
    char *eff = NULL, *ct = NULL;
    curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
    final_url->len = ctype->len = 0;
    if (!tb_puts(final_url, eff ? eff : url) || !tb_puts(ctype, ct ? ct : "")) {
        snprintf(err, errcap, "out of memory");
        return -1;
    }
    return 0;
}
