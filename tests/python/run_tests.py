"""Runs the Python tests; ends with "python: N passed, M failed"."""
import os
import sys
import unittest


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, here)
    suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py")
    res = unittest.TextTestRunner(verbosity=1, stream=sys.stdout).run(suite)
    bad = len(res.failures) + len(res.errors) + len(res.unexpectedSuccesses)
    for t, why in res.skipped:
        print("python: skipped %s: %s" % (t.id(), why))
    print("python: %d passed, %d failed" % (res.testsRun - bad - len(res.skipped), bad))
    return 1 if bad else 0


# the guard matters: Dask's worker processes are spawned, and a spawned
# process imports the parent's main module again
if __name__ == "__main__":
    sys.exit(main())
