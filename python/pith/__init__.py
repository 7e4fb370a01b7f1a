"""pith: clean, structured articles from web pages, text dumps and WARC archives.

A binding of the pith C library. Every call is safe from many threads at once:
each thread gets its own extractor, and the library runs without the GIL.

    >>> import pith
    >>> art = pith.extract(html, url="https://example.org/news/1")
    >>> art["title"], art["text"]
    >>> for rec in pith.iter_warc("crawl.warc.gz", status=["200"]):
    ...     print(rec["url"], rec.get("title"))

Errors from the library raise pith.Error (args: message, status code);
MemoryError and ValueError where those fit.
"""
import json as _json
import os as _os

from . import _pith
from ._pith import Error, WarcReader

__all__ = ["extract", "clean_text", "iter_warc", "Error", "WarcReader", "__version__"]
__version__ = _pith.version()

FORMATS = ("dict", "json", "jsonl", "txt", "md", "html", "xml")


def extract(html, url=None, format="dict", content_type=None, **options):
    """Extracts the article from a page.

    html: str or bytes (bytes are decoded by the library: BOM, content_type's
    charset, <meta charset>, then detection). url: the page's address, for
    links and dates. content_type: an HTTP Content-Type value. format: "dict"
    (the JSON fields as a dict), or "json", "jsonl", "txt", "md", "html",
    "xml" (a str). options: focus ("balanced", "precision", "recall"), input
    ("auto", "html", "text"), tables, images, links, comments (bool),
    max_input_bytes, max_nodes, max_depth, max_attributes, max_output_bytes
    (int), time_budget (seconds).

    A page without an article gives a result whose "status" and "reason" say
    why (e.g. "no_content"); errors such as an input over max_input_bytes
    raise pith.Error.
    """
    out = _pith.extract(html, url, content_type, format, None, options or None)
    if format != "dict":
        return out
    d = _json.loads(out)
    del d["source"]  # the JSONL form's; a dict has no input name
    return d


def clean_text(text, url=None, format="dict", **options):
    """Cleans text that a scraper already flattened (menus, footers, cookie
    notices and all) into the article; the same result fields as extract()."""
    options["input"] = "text"
    return extract(text, url=url, format=format, **options)


# ---- WARC ----

_HTML = ("text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml")


def _as_list(v):
    if v is None:
        return []
    if isinstance(v, (str, int)):
        v = str(v).split(",")
    return [str(x).strip() for x in v if str(x).strip()]


def _status_wanted(wanted, st):
    if not wanted:
        return 200 <= st < 300
    s = "%03d" % st
    return any(len(w) == 3 and all(a == b or (k > 0 and a in "xX") for k, (a, b) in enumerate(zip(w, s)))
               for w in wanted)


def _mime_wanted(wanted, m):
    m = (m or "").lower()
    for w in wanted:
        w = w.lower()
        if w == "*" or w == m or (w.endswith("/*") and m.startswith(w[:-1])):
            return True
    return False


def _decide(rec, types, status, mime, min_size, max_size):
    """(None, None) to extract, else (code, reason, failed)."""
    skip = rec["skip"]
    if skip == "http_status" and status and _status_wanted(status, rec["http_status"]):
        skip = "ok"
        if rec["mime"] not in _HTML and rec["input"] != "text" and not _mime_wanted(mime, rec["mime"]):
            return "not_html", "not HTML (%s)" % (rec["mime"] or "no media type"), False
    if skip == "not_html" and mime and _mime_wanted(mime, rec["mime"]):
        skip = "ok"
    if skip != "ok":
        return skip, rec["reason"] or skip, rec["failed"]
    n = len(rec["payload"] or b"")
    if types and (rec["type"] or "").lower() not in [t.lower() for t in types]:
        return "filtered", "WARC-Type %s is not in warc_types" % rec["type"], False
    if rec["http_status"] and status and not _status_wanted(status, rec["http_status"]):
        return "filtered", "HTTP status %d is not in status" % rec["http_status"], False
    if mime and not _mime_wanted(mime, rec["mime"]):
        return "filtered", "media type %s is not in mime" % rec["mime"], False
    if n < min_size:
        return "filtered", "payload of %d bytes is under min_size" % n, False
    if max_size and n > max_size:
        return "filtered", "payload of %d bytes is over max_size" % n, False
    return None, None, False


def _lang_wanted(wanted, lang):
    if not wanted:
        return True
    if not lang:
        return False
    return any(lang.lower() == w.lower() or lang.lower().startswith(w.lower() + "-") for w in wanted)


def iter_warc(path, warc_types=None, status=None, mime=None, min_size=0, max_size=None, lang=None,
              max_record_bytes=None, max_payload_bytes=None, **options):
    """Yields one dict per record of a WARC archive (.warc, .warc.gz,
    .warc.zst; path, file descriptor or bytes), the same as the command's
    JSONL lines: warc_record_id, url, warc_date, warc_type, http_status,
    content_type, warc_offset, then either the extracted fields (the page's
    own address as page_url) or "skip" / "error" with a "reason".

    Filters (as the command's options): warc_types (default response,
    resource, conversion), status (e.g. ["200"] or "2xx,404"; default 2xx),
    mime (e.g. ["text/html", "text/*"]; default HTML), min_size, max_size
    (payload bytes), lang (e.g. ["en"]). Other keywords are extraction options.

    Every record is yielded; if the archive is damaged beyond a record (e.g.
    truncated), pith.Error is raised after the records before the damage.
    """
    types, status, mime, lang = _as_list(warc_types), _as_list(status), _as_list(mime), _as_list(lang)
    reader = WarcReader(path, max_record_bytes=max_record_bytes, max_payload_bytes=max_payload_bytes)
    try:
        for rec in reader:
            line = {"warc_record_id": rec["record_id"], "url": rec["target_uri"], "warc_date": rec["date"],
                    "warc_type": rec["type"], "http_status": rec["http_status"],
                    "content_type": rec["content_type"], "warc_offset": rec["offset"]}
            if rec["warning"]:
                line["warc_warning"] = rec["warning"]
            code, reason, failed = _decide(rec, types, status, mime, min_size, max_size or 0)
            if code is None:
                opts = dict(options)
                if rec["input"] == "text":
                    opts["input"] = "text"
                elif rec["mime"] in _HTML and "input" not in opts:
                    opts["input"] = "html"
                try:
                    art = _json.loads(_pith.extract(rec["payload"], rec["target_uri"], rec["content_type"],
                                                    "dict", None, opts))
                    del art["source"]
                except Error as e:
                    code, reason, failed = _pith.status_name(e.args[1]), e.args[0], True
                else:
                    if art.get("status") and not art.get("text"):
                        code, reason, failed = art["status"], art.get("reason"), False
                    elif not _lang_wanted(lang, art.get("language")):
                        code, reason, failed = "filtered", "language %s is not in lang" % art.get("language"), False
                    else:
                        art["page_url"] = art.pop("url", None)
                        line.update(art)
            if code is not None:
                line["error" if failed else "skip"] = code
                line["reason"] = reason
            yield line
    finally:
        reader.close()


def warc_output_name(path):
    """The JSONL file name for an archive: its name without .warc[.gz|.zst]."""
    base = _os.path.basename(str(path))
    for ext in (".warc.gz", ".warc.zst", ".warc"):
        if base.lower().endswith(ext):
            return base[:-len(ext)] + ".jsonl"
    return base + ".jsonl"
