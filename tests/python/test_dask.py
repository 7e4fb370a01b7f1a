"""pith.dask on a LocalCluster with two worker processes: three archives, and
every record of each accounted for."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

try:
    import distributed
except ImportError:
    distributed = None

import pith
import pith.dask

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@unittest.skipIf(distributed is None, "python3-distributed is not installed")
class TestDask(unittest.TestCase):
    def test_three_archives_on_two_workers(self):
        with tempfile.TemporaryDirectory() as d:
            subprocess.run([sys.executable, os.path.join(ROOT, "tests", "warc", "mkwarc.py"), d],
                           check=True, stdout=subprocess.DEVNULL)
            paths = [os.path.join(d, n) for n in ("mixed.warc.gz", "badlen.warc", "truncated.warc.gz")]
            want = {p: 11 if "mixed" in p or "truncated" in p else 6 for p in paths}
            out = os.path.join(d, "out")
            with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                          dashboard_address=None, silence_logs=50) as cluster, \
                    distributed.Client(cluster) as client:
                self.assertEqual(len(client.scheduler_info()["workers"]), 2)
                counts = pith.dask.extract_warcs(paths, out, client=client)
            self.assertEqual(list(counts), paths)
            for p in paths:
                c = counts[p]
                self.assertEqual(c["records"], want[p], p)
                self.assertEqual(c["extracted"] + c["skipped"] + c["failed"], c["records"], p)
                self.assertEqual(sum(c["reasons"].values()), c["skipped"] + c["failed"], p)
                with open(c["output"], encoding="utf-8") as f:
                    lines = [json.loads(l) for l in f]
                self.assertEqual(len(lines), want[p], p)
                ids = [l["warc_record_id"] for l in lines]
                self.assertEqual(len(set(ids)), len(ids), p)
            self.assertEqual(counts[paths[0]]["extracted"], 5)
            self.assertIsNone(counts[paths[0]]["error"])
            self.assertEqual(counts[paths[1]]["reasons"].get("malformed"), 1)
            self.assertIn("truncated", counts[paths[2]]["error"])
            self.assertEqual(counts[paths[2]]["reasons"].get("truncated"), 1)
            self.assertEqual(sorted(os.listdir(out)), ["badlen.jsonl", "mixed.jsonl", "truncated.jsonl"])

    def test_without_a_cluster(self):
        with tempfile.TemporaryDirectory() as d:
            subprocess.run([sys.executable, os.path.join(ROOT, "tests", "warc", "mkwarc.py"), d],
                           check=True, stdout=subprocess.DEVNULL)
            counts = pith.dask.extract_warcs([os.path.join(d, "mixed.warc.zst")], os.path.join(d, "o"))
            self.assertEqual(list(counts.values())[0]["records"], 11)


if __name__ == "__main__":
    unittest.main()
