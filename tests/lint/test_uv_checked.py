"""Every uv_*_init and uv_*_start result is used (issue 12): a timer whose
start failed would silently never fire. A call passes when its statement
wraps it in PITH_UV_MUST (uvcheck.h: failure only through a bug, aborts),
tests it (if, while, a comparison), assigns it or returns it; a bare call as
a statement of its own fails this test with file:line."""
import os
import re
import sys

SRC = os.environ.get("PITH_SOURCE_DIR") or os.path.join(os.path.dirname(__file__), "..", "..")
CALL = re.compile(r"\buv_\w+_(?:init|init_ex|init_socket|start)\s*\(")
USED = re.compile(r"PITH_UV_MUST\s*\(|\bif\s*\(|\bwhile\s*\(|\breturn\b|[!=<>]=|[^=!<>]=[^=]|\?")


def unchecked(text):
    """Yields the line of each call whose statement does not use its result."""
    for m in CALL.finditer(text):
        start = max(text.rfind(c, 0, m.start()) for c in ";{}") + 1
        head = text[start:m.start()]
        head = re.sub(r"/\*.*?\*/", "", head, flags=re.S)
        head = re.sub(r"^\s*#.*$", "", head, flags=re.M)
        if not USED.search(head):
            yield text.count("\n", 0, m.start()) + 1


def main():
    bad = []
    for folder in ("daemon", "config", "parsers"):
        d = os.path.join(SRC, folder)
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    text = f.read()
                bad += ["%s/%s:%d" % (folder, name, line) for line in unchecked(text)]
    # The check itself must see a bare call, and pass a checked one.
    assert list(unchecked("{\n    uv_timer_start(&t, cb, 1, 0);\n}")) == [2]
    assert not list(unchecked("{\n    PITH_UV_MUST(uv_timer_init(l, &t));\n}"))
    assert not list(unchecked("{\n    if (uv_poll_start(&p, 1, cb) != 0)\n        x();\n}"))
    if bad:
        sys.stderr.write("uv_*_init/uv_*_start result ignored at:\n  %s\n" % "\n  ".join(bad))
        sys.exit(1)
    print("uv calls checked")


if __name__ == "__main__":
    main()
