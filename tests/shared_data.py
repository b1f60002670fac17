"""Where the tests find ../shared (the seed corpus and the benchmark pages),
and what they do when it is missing: fail, because a golden test that passes
without its data proves nothing. Set PITH_SKIP_SHARED=1 to skip those tests
on purpose (a checkout without ../shared); the skip is then printed.

Not a test itself (ctest runs test_*.py only)."""
import os
import sys

SRC = os.environ.get("PITH_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..")
SHARED = os.environ.get("PITH_SHARED_DIR") or os.path.join(SRC, "..", "shared")
SKIP_VAR = "PITH_SKIP_SHARED"


def skipping():
    return os.environ.get(SKIP_VAR, "") == "1"


def have(found, what):
    """True when found (a path that exists, or a non-empty list); else False
    when PITH_SKIP_SHARED=1 (with a SKIP line), else exits 1 with the reason."""
    ok = bool(found) and (not isinstance(found, str) or os.path.exists(found))
    if ok:
        return True
    if skipping():
        print("SKIP (%s=1): %s missing under %s" % (SKIP_VAR, what, SHARED))
        return False
    sys.stderr.write("FAIL: %s missing under %s (set PITH_SHARED_DIR, or %s=1 to skip)\n"
                     % (what, SHARED, SKIP_VAR))
    sys.exit(1)
