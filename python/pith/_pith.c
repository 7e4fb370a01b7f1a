/*
 * pith._pith: the C half of the Python binding, over the public header only.
 *
 * Each Python thread gets its own pith_extractor (a pthread key frees it when
 * the thread ends), and the GIL is released while the library works, so
 * extraction runs in parallel from a thread pool. Inputs are bytes or str
 * objects, which are immutable, so their buffers stay valid without the GIL.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "pith.h"

static PyObject *PithError;
static pthread_key_t ex_key;

static void free_extractor(void *p) { pith_extractor_free(p); }

/* This thread's extractor, made on first use; NULL when out of memory. */
static pith_extractor *thread_extractor(void)
{
    pith_extractor *ex = pthread_getspecific(ex_key);
    if (!ex) {
        ex = pith_extractor_new();
        if (ex && pthread_setspecific(ex_key, ex) != 0) {
            pith_extractor_free(ex);
            ex = NULL;
        }
    }
    return ex;
}

/* Raises the Python exception for a library status: MemoryError, ValueError
 * or pith.Error, whose args are (message, status). */
static PyObject *raise_status(pith_status st, const char *msg)
{
    if (!msg) msg = pith_strerror(st);
    if (st == PITH_ERR_NOMEM) return PyErr_NoMemory();
    if (st == PITH_ERR_INVALID) {
        PyErr_SetString(PyExc_ValueError, msg);
        return NULL;
    }
    PyObject *e = Py_BuildValue("(si)", msg, (int)st);
    if (e) {
        PyErr_SetObject(PithError, e);
        Py_DECREF(e);
    }
    return NULL;
}

/* Reads a choice among `names` from a str option; -1 with an exception set. */
static int choice(PyObject *v, const char *opt, const char *const *names, int n)
{
    const char *s = PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : NULL;
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i])) return i;
    if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "invalid value for %s: %R", opt, v);
    return -1;
}

static int get_size(PyObject *v, const char *opt, size_t *out)
{
    size_t n = PyLong_AsSize_t(v);
    if (n == (size_t)-1 && PyErr_Occurred()) {
        PyErr_Format(PyExc_ValueError, "%s must be a non-negative integer", opt);
        return -1;
    }
    *out = n;
    return 0;
}

static const char *const format_names[] = {"txt", "md", "json", "html", "xml", "jsonl", "dict"};
static const char *const focus_names[] = {"balanced", "precision", "recall"};
static const char *const input_names[] = {"auto", "html", "text"};

/* Fills opts from keyword options; -1 with an exception on a bad one. */
static int take_options(PyObject *kw, pith_options *o)
{
    pith_options_init(o);
    if (!kw) return 0;
    PyObject *k, *v;
    Py_ssize_t pos = 0;
    while (PyDict_Next(kw, &pos, &k, &v)) {
        const char *name = PyUnicode_AsUTF8(k);
        if (!name) return -1;
        int i;
        size_t z;
        if (!strcmp(name, "focus")) {
            if ((i = choice(v, name, focus_names, 3)) < 0) return -1;
            o->focus = (pith_focus)i;
        } else if (!strcmp(name, "input")) {
            if ((i = choice(v, name, input_names, 3)) < 0) return -1;
            o->input = (pith_input_kind)i;
        } else if (!strcmp(name, "tables") || !strcmp(name, "images") || !strcmp(name, "links") ||
                   !strcmp(name, "comments")) {
            int b = PyObject_IsTrue(v);
            if (b < 0) return -1;
            if (name[0] == 't') o->tables = b;
            else if (name[0] == 'i') o->images = b;
            else if (name[0] == 'l') o->links = b;
            else o->comments = b;
        } else if (!strcmp(name, "max_input_bytes")) {
            if (get_size(v, name, &z)) return -1;
            o->max_input_bytes = z;
        } else if (!strcmp(name, "max_output_bytes")) {
            if (get_size(v, name, &z)) return -1;
            o->max_output_bytes = z;
        } else if (!strcmp(name, "max_nodes") || !strcmp(name, "max_depth") || !strcmp(name, "max_attributes")) {
            if (get_size(v, name, &z)) return -1;
            if (z > UINT32_MAX) z = UINT32_MAX;
            if (name[4] == 'n') o->max_nodes = (uint32_t)z;
            else if (name[4] == 'd') o->max_depth = (uint32_t)z;
            else o->max_attributes = (uint32_t)z;
        } else if (!strcmp(name, "time_budget")) {
            double t = PyFloat_AsDouble(v);
            if (t == -1.0 && PyErr_Occurred()) return -1;
            if (t < 0) {
                PyErr_SetString(PyExc_ValueError, "time_budget must not be negative");
                return -1;
            }
            o->time_budget = t;
        } else {
            PyErr_Format(PyExc_TypeError, "unknown option '%s'", name);
            return -1;
        }
    }
    return 0;
}

/* The bytes of a bytes-like or str input; -1 with an exception otherwise. */
static int input_bytes(PyObject *obj, Py_buffer *view, const char **data, Py_ssize_t *len)
{
    view->obj = NULL;
    if (PyUnicode_Check(obj)) {
        *data = PyUnicode_AsUTF8AndSize(obj, len);
        return *data ? 0 : -1;
    }
    if (PyObject_GetBuffer(obj, view, PyBUF_SIMPLE) != 0) {
        PyErr_SetString(PyExc_TypeError, "expected str, bytes or another bytes-like object");
        return -1;
    }
    *data = view->buf;
    *len = view->len;
    return 0;
}

static const char *opt_str(PyObject *o)
{
    if (!o || o == Py_None) return NULL;
    return PyUnicode_AsUTF8(o);
}

/* extract(data, url, content_type, format, source, options): the article
 * rendered in `format`; "dict" gives the JSON fields on one line, for the
 * Python layer to decode. url, content_type and source may be None; options
 * is a dict of extraction options or None. */
static PyObject *py_extract(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *data_obj, *url_obj, *ct_obj, *fmt_obj, *source_obj, *opts_obj;
    if (!PyArg_ParseTuple(args, "OOOOOO:extract", &data_obj, &url_obj, &ct_obj, &fmt_obj, &source_obj, &opts_obj))
        return NULL;
    if (opts_obj != Py_None && !PyDict_Check(opts_obj)) {
        PyErr_SetString(PyExc_TypeError, "options must be a dict");
        return NULL;
    }
    pith_options o;
    if (take_options(opts_obj == Py_None ? NULL : opts_obj, &o) < 0) return NULL;
    int fmt_i = choice(fmt_obj, "format", format_names, 7);
    if (fmt_i < 0) return NULL;
    const char *url = opt_str(url_obj), *ct = opt_str(ct_obj), *source = opt_str(source_obj);
    if (PyErr_Occurred()) return NULL;
    Py_buffer view;
    const char *data;
    Py_ssize_t len;
    if (input_bytes(data_obj, &view, &data, &len) < 0) return NULL;
    pith_extractor *ex = thread_extractor();
    if (!ex) {
        if (view.obj) PyBuffer_Release(&view);
        return PyErr_NoMemory();
    }
    pith_format fmt = fmt_i == 6 ? PITH_FORMAT_JSONL : (pith_format)fmt_i;
    pith_result *res = NULL;
    pith_status st, rs = PITH_OK;
    const char *out = NULL, *reason = NULL;
    size_t n = 0;
    Py_BEGIN_ALLOW_THREADS
    st = pith_extract(ex, &o, data, (size_t)len, url, ct, &res);
    if (res) {
        st = pith_result_status(res);
        reason = pith_result_reason(res);
        if (pith_status_has_result(st)) rs = pith_render(ex, res, fmt, &o, source, &out, &n);
    }
    Py_END_ALLOW_THREADS
    if (view.obj) PyBuffer_Release(&view);
    if (!res || !pith_status_has_result(st)) return raise_status(st, reason);
    if (rs != PITH_OK) return raise_status(rs, NULL);
    return PyUnicode_DecodeUTF8(out, (Py_ssize_t)n, "replace");
}

/* ---- WARC ---- */

typedef struct {
    PyObject_HEAD
    pith_warc *w;
    PyObject *keep;      /* the bytes object read from memory, kept alive */
    Py_buffer view;
    int busy;            /* a next() is running without the GIL */
    int done;
} WarcReader;

static void warc_dealloc(WarcReader *self)
{
    pith_warc_close(self->w);
    if (self->view.obj) PyBuffer_Release(&self->view);
    Py_XDECREF(self->keep);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* WarcReader(source, max_header_bytes=None, max_record_bytes=None,
 * max_payload_bytes=None): source is a path (str or os.PathLike), an open
 * file descriptor (int), or bytes. */
static int warc_init(WarcReader *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"source", "max_header_bytes", "max_record_bytes", "max_payload_bytes", NULL};
    PyObject *src, *mh = Py_None, *mr = Py_None, *mp = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OOO:WarcReader", kwlist, &src, &mh, &mr, &mp)) return -1;
    if (self->w) {
        PyErr_SetString(PyExc_RuntimeError, "WarcReader is already open");
        return -1;
    }
    pith_warc_options o;
    pith_warc_options_init(&o);
    if ((mh != Py_None && get_size(mh, "max_header_bytes", &o.max_header_bytes)) ||
        (mr != Py_None && get_size(mr, "max_record_bytes", &o.max_record_bytes)) ||
        (mp != Py_None && get_size(mp, "max_payload_bytes", &o.max_payload_bytes)))
        return -1;
    pith_status st;
    if (PyLong_Check(src)) {
        int fd = (int)PyLong_AsLong(src);
        if (fd == -1 && PyErr_Occurred()) return -1;
        st = pith_warc_open_fd(fd, &o, &self->w);
    } else if (PyObject_CheckBuffer(src) && !PyUnicode_Check(src)) {
        if (PyObject_GetBuffer(src, &self->view, PyBUF_SIMPLE) != 0) return -1;
        st = pith_warc_open_mem(self->view.buf, (size_t)self->view.len, &o, &self->w);
    } else {
        PyObject *path = NULL;
        if (!PyUnicode_FSConverter(src, &path)) return -1;
        errno = 0;
        Py_BEGIN_ALLOW_THREADS
        st = pith_warc_open_file(PyBytes_AS_STRING(path), &o, &self->w);
        Py_END_ALLOW_THREADS
        if (st == PITH_ERR_IO) {
            PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, src);
            Py_DECREF(path);
            return -1;
        }
        Py_DECREF(path);
    }
    if (st != PITH_OK) {
        raise_status(st, NULL);
        return -1;
    }
    return 0;
}

static int set_str(PyObject *d, const char *k, const char *v)
{
    PyObject *o = v ? PyUnicode_DecodeUTF8(v, (Py_ssize_t)strlen(v), "replace") : (Py_INCREF(Py_None), Py_None);
    if (!o) return -1;
    int r = PyDict_SetItemString(d, k, o);
    Py_DECREF(o);
    return r;
}

static int set_obj(PyObject *d, const char *k, PyObject *o)
{
    if (!o) return -1;
    int r = PyDict_SetItemString(d, k, o);
    Py_DECREF(o);
    return r;
}

/* A record as a dict (the payload as bytes, or None). */
static PyObject *record_dict(const pith_warc_record *r)
{
    PyObject *d = PyDict_New();
    if (!d) return NULL;
    if (set_str(d, "type", r->type) || set_str(d, "record_id", r->record_id) ||
        set_str(d, "target_uri", r->target_uri) || set_str(d, "date", r->date) ||
        set_str(d, "block_type", r->block_type) || set_str(d, "identified_type", r->identified_type) ||
        set_obj(d, "http_status", r->http_status ? PyLong_FromLong(r->http_status) : (Py_INCREF(Py_None), Py_None)) ||
        set_str(d, "content_type", r->content_type) || set_str(d, "mime", r->mime) ||
        set_str(d, "charset", r->charset) ||
        set_obj(d, "payload", r->payload ? PyBytes_FromStringAndSize(r->payload, (Py_ssize_t)r->payload_len)
                                         : (Py_INCREF(Py_None), Py_None)) ||
        set_str(d, "input", r->input == PITH_INPUT_TEXT ? "text" : "html") ||
        set_obj(d, "offset", PyLong_FromUnsignedLongLong(r->offset)) ||
        set_obj(d, "length", PyLong_FromUnsignedLongLong(r->length)) ||
        set_str(d, "skip", pith_warc_skip_name(r->skip)) ||
        set_obj(d, "failed", PyBool_FromLong(r->skip >= PITH_WARC_FAIL_MALFORMED)) ||
        set_str(d, "reason", r->reason) || set_str(d, "warning", r->warning)) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *warc_next(WarcReader *self)
{
    if (!self->w) {
        PyErr_SetString(PyExc_ValueError, "WarcReader is closed");
        return NULL;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "WarcReader is being read by another thread");
        return NULL;
    }
    if (self->done) return NULL;
    const pith_warc_record *r = NULL;
    pith_status st;
    self->busy = 1;
    Py_BEGIN_ALLOW_THREADS
    st = pith_warc_next(self->w, &r);
    Py_END_ALLOW_THREADS
    self->busy = 0;
    if (st != PITH_OK) {
        uint64_t off = 0;
        const char *msg = pith_warc_error(self->w, &off);
        self->done = 1;
        return raise_status(st, msg);
    }
    if (!r) {
        self->done = 1;
        return NULL; /* StopIteration */
    }
    return record_dict(r);
}

static PyObject *warc_tell(WarcReader *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromUnsignedLongLong(pith_warc_tell(self->w));
}

static PyObject *warc_close(WarcReader *self, PyObject *unused)
{
    (void)unused;
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "WarcReader is being read by another thread");
        return NULL;
    }
    pith_warc_close(self->w);
    self->w = NULL;
    if (self->view.obj) PyBuffer_Release(&self->view);
    Py_RETURN_NONE;
}

static PyObject *warc_iter(PyObject *self)
{
    Py_INCREF(self);
    return self;
}

static PyMethodDef warc_methods[] = {
    {"tell", (PyCFunction)warc_tell, METH_NOARGS, "Bytes of the file consumed so far."},
    {"close", (PyCFunction)warc_close, METH_NOARGS, "Closes the reader."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WarcReaderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pith._pith.WarcReader",
    .tp_basicsize = sizeof(WarcReader),
    .tp_dealloc = (destructor)warc_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Iterates over the records of a WARC archive, as dicts.",
    .tp_iter = warc_iter,
    .tp_iternext = (iternextfunc)warc_next,
    .tp_methods = warc_methods,
    .tp_init = (initproc)warc_init,
    .tp_new = PyType_GenericNew,
};

static PyObject *py_version(PyObject *self, PyObject *unused)
{
    (void)self;
    (void)unused;
    return PyUnicode_FromString(pith_version());
}

static PyObject *py_status_name(PyObject *self, PyObject *args)
{
    (void)self;
    int st;
    if (!PyArg_ParseTuple(args, "i", &st)) return NULL;
    return PyUnicode_FromString(pith_status_name((pith_status)st));
}

static PyMethodDef methods[] = {
    {"extract", py_extract, METH_VARARGS, "extract(data, url, content_type, format, source, options)"},
    {"version", py_version, METH_NOARGS, "The library version."},
    {"status_name", py_status_name, METH_VARARGS, "status_name(code): the status's short stable name."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "pith._pith", "The C half of the pith binding.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__pith(void)
{
    if (pthread_key_create(&ex_key, free_extractor) != 0) return PyErr_NoMemory();
    if (PyType_Ready(&WarcReaderType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    PithError = PyErr_NewExceptionWithDoc("pith.Error",
                                          "A pith library error; args are (message, status code).",
                                          NULL, NULL);
    Py_INCREF(&WarcReaderType);
    if (!PithError || PyModule_AddObject(m, "Error", PithError) < 0 ||
        PyModule_AddObject(m, "WarcReader", (PyObject *)&WarcReaderType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(PithError);
    return m;
}
