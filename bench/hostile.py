#!/usr/bin/env python3
"""Growth of HTML cleaning time and memory with page size (issues 9 and 12).

Hostile shapes that once made the HTML path quadratic (one tag with many
attribute names, a tag left open to the end of the page, deep tables, many
links, inline tags never closed) are generated at 1, 4 and 16 MB and cleaned
with `pith clean`; each row prints the CPU seconds (the least of three runs) and the ratio to linear
growth from the 1 MB run (1.00 = linear; a quadratic shape shows ~4 and ~16).
The memory table gives the peak RSS of pages of the same sizes and its
ratio to the input, whole and above the RSS of a tiny page (the process's
own floor): the ScrapingHub pages concatenated (a realistic mix, most of it
script the prescan drops), a dense article (a tag and a link every 250
bytes, no script: Gumbo's tree at its largest) and the same article
declaring its author (a meta author and a JSON-LD block, whose check reads
the page's every word), each in every output format. Figures only; nothing
is asserted.

    bench/hostile.py [--pith BUILD/pith] [--sizes 1,4,16] [--tables time,memory]
                     [--formats text,json,markdown]
"""
import glob
import argparse
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
MB = 1000 * 1000  # 16 MB stays under the default 16 MiB input limit


def fill(head, unit, size, tail=""):
    """head + as many units (a function of their index) as fit in size bytes."""
    parts, n, i = [head], len(head.encode()), 0
    while n < size:
        u = unit(i)
        parts.append(u)
        n += len(u.encode())
        i += 1
    parts.append(tail)
    return "".join(parts)


def many_attributes(size):
    return fill("<html><body><p>A paragraph before the tag.</p><div", lambda i: " a%d=x" % i,
                size, ">text</div></body></html>")


def unclosed_lines(size):
    return fill("<html><body><p>", lambda i: "a \u2039\n", size)


def open_tag_to_end(size):
    return fill("<html><body><p>text ", lambda i: "a <p\n", size)


def nested_tables(size):
    return fill("<html><body>", lambda i: "<table><tr><td>cell %d " % i, size)


def many_links(size):
    return fill("<html><body><div class=content>",
                lambda i: '<p>Story <a href="/news/%d" class=link>headline number %d</a>, text.</p>\n'
                % (i, i), size, "</div></body></html>")


def unclosed_inline(size):
    tags = ["b", "i", "span", "em", "a href=#", "font", "strong", "u"]
    return fill("<html><body><p>", lambda i: "<%s>word %d " % (tags[i % len(tags)], i), size)


def article(size):
    para = ("<p>The council voted on Tuesday to approve the new budget, which raises spending "
            "on schools, parks and <a href=/transport>public transport</a> by almost a tenth "
            "over the next two years, the mayor said.</p>\n")
    return fill('<!DOCTYPE html><html lang=en><head><title>Budget</title>'
                '<meta property="og:title" content="Budget"></head><body>'
                '<nav class=menu><ul><li><a href=/>Home</a></li></ul></nav>'
                '<div id=main><article class="post entry"><h1>Budget</h1>'
                '<div class=entry-content data-id=17 style="margin:0">',
                lambda i: para if i % 10 else '<div class="box" data-n=%d>%s</div>\n' % (i, para),
                size, "</div></article></div><footer>Copyright</footer></body></html>")


def authored_article(size):
    """article() with a declared author: a meta author and a JSON-LD block in
    the head, the name in a byline below the headline."""
    head = ('<meta name="author" content="Jane Doe"><script type="application/ld+json">'
            '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Budget",'
            '"author":{"@type":"Person","name":"Jane Doe"},"datePublished":"2024-03-05"}'
            '</script></head>')
    page = article(size + len(head) - len('</head>'))
    page = page.replace('</head>', head, 1)
    return page.replace('<h1>Budget</h1>', '<h1>Budget</h1><p class=byline>By Jane Doe</p>', 1)


def sh_pages(shared):
    files = sorted(glob.glob(os.path.join(shared, "bench", "scrapinghub", "html", "*.html")))

    def gen(size):
        """Pages in turn, skipping those that no longer fit, up to size bytes."""
        parts, n, added = [], 0, True
        while added:
            added = False
            for path in files:
                with open(path, "rb") as f:
                    b = f.read()
                if n + len(b) <= size:
                    parts.append(b)
                    n += len(b)
                    added = True
        return b"".join(parts).decode("utf-8", "replace")
    return gen if files else None


SHAPES = [
    ("many attributes in one tag", many_attributes),
    ("unclosed 'a \u2039' lines", unclosed_lines),
    ("a tag open to the end", open_tag_to_end),
    ("nested tables", nested_tables),
    ("many links", many_links),
    ("unclosed inline tags", unclosed_inline),
]


def run(pith, path, tmp, fmt="text"):
    """CPU seconds and peak RSS (KB) of one `pith clean` of path. Through
    /usr/bin/time: a child of this (large) Python process would inherit its
    peak RSS across exec."""
    report = os.path.join(tmp, "time.txt")
    with open(os.devnull, "wb") as null:
        subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", report, pith, "clean", "--type", "html",
                        "--format", fmt, path], stdout=null, stderr=null)
    with open(report) as f:
        user, system, rss = f.read().split()[-3:]
    return float(user) + float(system), int(rss)


def cpu(pith, path, rounds=3):
    """The least CPU seconds (user + system) of `rounds` runs of `pith clean`
    of path, from wait4's rusage: microseconds, where /usr/bin/time gives
    hundredths (a 1 MB baseline of 0.01 s made a linear row read 1.75x)."""
    best = None
    with open(os.devnull, "wb") as null:
        for _ in range(rounds):
            pid = os.posix_spawn(pith, [pith, "clean", "--type", "html", path], os.environ,
                                 file_actions=[(os.POSIX_SPAWN_DUP2, null.fileno(), 1),
                                               (os.POSIX_SPAWN_DUP2, null.fileno(), 2)])
            _, _, ru = os.wait4(pid, 0)
            t = ru.ru_utime + ru.ru_stime
            best = t if best is None else min(best, t)
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pith", default=os.environ.get("PITH_BIN", os.path.join(HERE, "..", "build", "pith")))
    ap.add_argument("--shared", default=os.environ.get("SHARED", os.path.join(HERE, "..", "..", "shared")))
    ap.add_argument("--sizes", default="1,4,16", help="page sizes in MB")
    ap.add_argument("--tables", default="time,memory")
    ap.add_argument("--formats", default="text,json,markdown", help="output formats of the memory table")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        if "time" in args.tables:
            time_table(args, sizes, tmp)
        if "memory" in args.tables:
            memory_table(args, sizes, tmp)


def time_table(args, sizes, tmp):
    if True:
        print("== time growth (CPU seconds; ratio to linear from %d MB)" % sizes[0])
        print("%-30s" % "shape" + "".join("%16s" % ("%d MB" % s) for s in sizes))
        for name, gen in SHAPES:
            row, base = [], None
            for s in sizes:
                path = os.path.join(tmp, "page.html")
                with open(path, "w") as f:
                    f.write(gen(s * MB))
                t = cpu(args.pith, path)
                if base is None:
                    base = max(t, 1e-4) / s
                row.append("%8.3f s %5.2fx" % (t, t / (base * s)))
            print("%-30s" % name + "".join("%16s" % r for r in row), flush=True)


def memory_table(args, sizes, tmp):
    path = os.path.join(tmp, "page.html")
    with open(path, "w") as f:
        f.write("<p>A tiny page.</p>")
    _, floor = run(args.pith, path, tmp)
    print("== memory (peak RSS; ratio to the input, whole and above a tiny page's %.1f MB)" % (floor / 1000))
    pages = [("ScrapingHub pages", sh_pages(args.shared)), ("dense article", article),
             ("article, author", authored_article)]
    for name, gen in pages:
        if gen is None:
            print("%-18s (no %s/bench/scrapinghub)" % (name, args.shared))
            continue
        for s in sizes:
            text = gen(s * MB)
            with open(path, "w") as f:
                f.write(text)
            size = os.path.getsize(path)
            for fmt in args.formats.split(","):
                t, rss = run(args.pith, path, tmp, fmt)
                print("%-18s %-8s %5.1f MB  peak RSS %7.1f MB  %5.2fx input  %5.2fx above the floor"
                      "  %6.2f s" % (name, fmt, size / MB, rss / 1000, rss * 1024 / size,
                                     (rss - floor) * 1024 / size, t), flush=True)


if __name__ == "__main__":
    main()
