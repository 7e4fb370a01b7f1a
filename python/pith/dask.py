"""pith.dask: run pith over many WARC archives on a Dask cluster.

Each archive is one task: a worker reads it with pith.iter_warc and writes
OUT_DIR/<name>.jsonl (one line per record, as the pith command writes them).
The output is written to a temporary name and renamed when complete, so a
retried or killed task never leaves half a file behind.

On a running cluster (Debian package python3-distributed):

    from distributed import Client
    import pith.dask
    client = Client("tcp://scheduler-host:8786")   # the scheduler's address
    counts = pith.dask.extract_warcs(paths, "/shared/out", client=client)

Every worker needs the pith package installed and the archives and OUT_DIR
on a file system it can reach. With client=None the current default client
is used (e.g. one made by `Client()` or `LocalCluster`), or, without one, the
archives are processed here, one after another.
"""
import json
import os

import pith


def extract_warc_file(path, out_dir, **options):
    """Extracts one archive into out_dir; returns its counts: records,
    extracted, skipped, failed, reasons ({code: n}), output (the file) and
    error (the message when the archive is damaged or unreadable, else None)."""
    out = os.path.join(out_dir, pith.warc_output_name(path))
    tmp = "%s.part-%d" % (out, os.getpid())
    counts = {"path": str(path), "output": out, "records": 0, "extracted": 0, "skipped": 0, "failed": 0,
              "reasons": {}, "error": None}
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            try:
                for line in pith.iter_warc(path, **options):
                    f.write(json.dumps(line, ensure_ascii=False))
                    f.write("\n")
                    counts["records"] += 1
                    code = line.get("error") or line.get("skip")
                    if code is None:
                        counts["extracted"] += 1
                    else:
                        counts["failed" if "error" in line else "skipped"] += 1
                        counts["reasons"][code] = counts["reasons"].get(code, 0) + 1
            except (pith.Error, OSError) as e:
                counts["error"] = str(e.args[0]) if e.args else str(e)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return counts


def extract_warcs(paths, out_dir, client=None, **options):
    """Runs extract_warc_file over every archive in `paths` on the cluster
    behind `client` (a distributed.Client), one task per archive, and returns
    {path: counts} in the order of `paths`. Keywords are iter_warc's filters
    and extraction options."""
    paths = [str(p) for p in paths]
    os.makedirs(out_dir, exist_ok=True)
    if client is None:
        try:
            from distributed import default_client
            client = default_client()
        except (ImportError, ValueError):
            client = None
    if client is None:
        return {p: extract_warc_file(p, out_dir, **options) for p in paths}
    futures = client.map(extract_warc_file, paths, out_dir=out_dir, pure=False, **options)
    return dict(zip(paths, client.gather(futures)))
