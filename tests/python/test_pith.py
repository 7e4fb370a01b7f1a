"""The pith Python package: extract, clean_text, iter_warc, threads, errors."""
import concurrent.futures
import os
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import pith

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(ROOT, "tests", "warc", "fixtures")


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def make_archives(d):
    """The hand-made archives of tests/warc (mixed, truncated, badlen, ...)."""
    subprocess.run([sys.executable, os.path.join(ROOT, "tests", "warc", "mkwarc.py"), d],
                   check=True, stdout=subprocess.DEVNULL)


class TestExtract(unittest.TestCase):
    def test_dict(self):
        d = pith.extract(fixture("news.html"), url="https://coast.example/news/keepers")
        self.assertEqual(d["title"], "Lighthouse keepers return to Skerry Point")
        self.assertIn("forty years", d["text"])
        self.assertNotIn("Privacy", d["text"])
        self.assertEqual(d["authors"], ["Mairi Campbell"])
        self.assertEqual(d["url"], "https://coast.example/news/keepers")
        self.assertEqual(d["language"], "en")
        self.assertTrue(any(b["type"] == "heading" for b in d["body"]))
        self.assertNotIn("status", d)

    def test_str_and_bytes_agree(self):
        raw = fixture("recipe.html")
        self.assertEqual(pith.extract(raw), pith.extract(raw.decode("utf-8")))
        self.assertEqual(pith.extract(bytearray(raw))["title"], pith.extract(raw)["title"])

    def test_formats(self):
        raw = fixture("news.html")
        txt = pith.extract(raw, format="txt")
        self.assertTrue(txt.startswith("Lighthouse keepers return"))
        self.assertIn('"title"', pith.extract(raw, format="json"))
        self.assertTrue(pith.extract(raw, format="jsonl").endswith("}\n"))
        self.assertIn("<", pith.extract(raw, format="html"))
        self.assertIn("<article", pith.extract(raw, format="xml"))
        self.assertIn("Lighthouse", pith.extract(raw, format="md"))

    def test_content_type_charset(self):
        page = ("<html><head><title>Caf\xe9</title></head><body><article><p>Der Caf\xe9 am Stra\xdfenrand"
                " \xf6ffnet fr\xfch, und die G\xe4ste kommen gern wieder.</p></article></body></html>")
        d = pith.extract(page.encode("cp1252"), content_type="text/html; charset=windows-1252")
        self.assertEqual(d["title"], "Caf\xe9")
        self.assertEqual(d["encoding"], "windows-1252")

    def test_options(self):
        raw = fixture("news.html")
        self.assertEqual(pith.extract(raw, focus="precision", tables=False, time_budget=5)["title"],
                         pith.extract(raw)["title"])

    def test_no_article_is_a_result(self):
        d = pith.extract("")
        self.assertEqual(d["status"], "empty")
        self.assertEqual(d["text"], "")
        self.assertEqual(pith.extract(b"\x00\x01\x02" * 100)["status"], "binary")

    def test_clean_text(self):
        text = ("Home\nNews\nSport\nLogin\n"
                "Harbour reopens after storm\n"
                "The harbour reopened on Monday after a week of repairs to the outer wall, the port authority"
                " said. Engineers had worked through the weekend to replace the damaged stones.\n"
                "Fishing boats left at dawn, and the ferry service will resume its normal timetable on"
                " Wednesday, a spokeswoman for the operator said.\n"
                "Accept all cookies\nPrivacy policy\n")
        d = pith.clean_text(text)
        self.assertIn("Fishing boats left at dawn", d["text"])
        self.assertNotIn("Accept all cookies", d["text"])
        self.assertIsInstance(pith.clean_text(text, format="txt"), str)


class TestErrors(unittest.TestCase):
    def test_too_large(self):
        with self.assertRaises(pith.Error) as cm:
            pith.extract("<p>" + "x" * 1000 + "</p>", max_input_bytes=100)
        self.assertEqual(cm.exception.args[1], 3)
        self.assertIn("larger than the limit of 100 bytes (max_input_bytes)", cm.exception.args[0])

    def test_bad_arguments(self):
        with self.assertRaises(TypeError):
            pith.extract(12345)
        with self.assertRaises(ValueError):
            pith.extract("<p>x</p>", format="pdf")
        with self.assertRaises(ValueError):
            pith.extract("<p>x</p>", focus="everything")
        with self.assertRaises(TypeError):
            pith.extract("<p>x</p>", colour="blue")
        with self.assertRaises(ValueError):
            pith.extract("<p>x</p>", max_nodes=-1)

    def test_warc_errors(self):
        with self.assertRaises(FileNotFoundError):
            pith.WarcReader("/nonexistent/crawl.warc.gz")
        with self.assertRaises(pith.Error) as cm:
            list(pith.WarcReader(b"<html>not an archive</html>"))
        self.assertIn("not a WARC archive", cm.exception.args[0])


class TestWarc(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        make_archives(cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_every_record(self):
        for name in ("mixed.warc", "mixed.warc.gz", "mixed.warc.zst"):
            lines = list(pith.iter_warc(self.path(name)))
            self.assertEqual(len(lines), 11, name)
            self.assertEqual([l.get("skip") or l.get("error") or "ok" for l in lines],
                             ["type", "type", "ok", "http_status", "not_html", "ok", "ok", "type", "type",
                              "ok", "ok"])
            self.assertEqual(lines[2]["url"], "http://news.test/harbour")
            self.assertEqual(lines[2]["http_status"], 200)
            self.assertEqual(lines[2]["warc_date"], "2024-05-01T12:02:00Z")
            self.assertIn("reopened on Monday", lines[2]["text"])
            self.assertEqual(lines[3]["reason"], "HTTP status 404")

    def test_extraction_error_named(self):
        # a record whose extraction fails outright is an "error" line named
        # like the command's (pith_status_name), with the library's reason
        lines = list(pith.iter_warc(self.path("mixed.warc"), max_input_bytes=16))
        self.assertEqual(len(lines), 11)
        errors = [l for l in lines if "error" in l]
        self.assertTrue(errors)
        for l in errors:
            self.assertEqual(l["error"], "too_large")
            self.assertIn("larger than the limit of 16 bytes (max_input_bytes)", l["reason"])

    def test_sources(self):
        with open(self.path("mixed.warc.gz"), "rb") as f:
            data = f.read()
        self.assertEqual(len(list(pith.iter_warc(data))), 11)
        fd = os.open(self.path("mixed.warc.gz"), os.O_RDONLY)
        try:
            recs = list(pith.WarcReader(fd))
        finally:
            os.close(fd)
        self.assertEqual(len(recs), 11)
        self.assertEqual(recs[2]["payload"][:15], b"<!DOCTYPE html>")
        self.assertEqual(recs[9]["input"], "text")

    def test_filters(self):
        p = self.path("mixed.warc.gz")
        got = list(pith.iter_warc(p, status="404"))
        self.assertEqual(got[3]["text"], "Gone.")
        self.assertEqual(got[2]["skip"], "filtered")
        self.assertEqual([l["warc_type"] for l in pith.iter_warc(p, warc_types=["resource"]) if "text" in l],
                         ["resource"])
        self.assertEqual([l["language"] for l in pith.iter_warc(p, lang="de") if "text" in l], ["de"])
        self.assertEqual(sum("text" in l for l in pith.iter_warc(p, min_size=100000)), 0)

    def test_damage(self):
        lines = []
        with self.assertRaises(pith.Error) as cm:
            for l in pith.iter_warc(self.path("truncated.warc.gz")):
                lines.append(l)
        self.assertEqual(len(lines), 11)
        self.assertEqual(lines[-1]["error"], "truncated")
        self.assertIn("truncated", cm.exception.args[0])
        bad = list(pith.iter_warc(self.path("badlen.warc")))
        self.assertEqual(len(bad), 6)
        self.assertEqual(bad[3]["error"], "malformed")
        self.assertEqual(list(pith.iter_warc(self.path("empty.warc.gz"))), [])


class TestThreads(unittest.TestCase):
    def test_many_threads_same_results(self):
        pages = [fixture(n) for n in sorted(os.listdir(FIXTURES)) if n.endswith(".html")] * 20
        want = [pith.extract(p) for p in pages]
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            got = list(pool.map(pith.extract, pages))
        self.assertEqual(got, want)

    def test_threads_keep_their_own_extractor(self):
        # results from one thread stay intact while others extract
        errors = []
        def work(i):
            page = fixture("forum.html" if i % 2 else "news.html")
            first = pith.extract(page)
            for _ in range(20):
                if pith.extract(page) != first:
                    errors.append(i)
        ts = [threading.Thread(target=work, args=(i,)) for i in range(6)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(errors, [])

    def test_gil_is_released_during_extraction(self):
        # With forced GIL switches turned off, a thread lets go of the GIL
        # only when it waits or runs code that releases it. The main thread
        # wakes from each short sleep needing the GIL: it can see the worker
        # inside pith.extract only if the extraction released it (held, the
        # main thread would wait until the worker has finished).
        big = ("<html><body><article>" + "<p>The harbour reopened on Monday after a week of repairs"
               " to the outer wall, the port authority said.</p>" * 20000 + "</article></body></html>").encode()
        state = {"inside": False, "calls": 0}

        def work():
            for _ in range(4):
                state["inside"] = True
                pith.extract(big)
                state["inside"] = False
                state["calls"] += 1

        old = sys.getswitchinterval()
        sys.setswitchinterval(100.0)
        seen = 0
        try:
            t = threading.Thread(target=work)
            t.start()
            while t.is_alive():
                seen += state["inside"]
                time.sleep(0.0005)
            t.join()
        finally:
            sys.setswitchinterval(old)
        self.assertEqual(state["calls"], 4)
        self.assertGreater(seen, 0)

    def test_warc_in_threads(self):
        with tempfile.TemporaryDirectory() as d:
            make_archives(d)
            paths = [os.path.join(d, n) for n in ("mixed.warc", "mixed.warc.gz", "mixed.warc.zst")] * 3
            with concurrent.futures.ThreadPoolExecutor(4) as pool:
                got = list(pool.map(lambda p: [l.get("text") for l in pith.iter_warc(p)], paths))
        self.assertTrue(all(g == got[0] for g in got))


if __name__ == "__main__":
    unittest.main()
