#!/usr/bin/env python3
"""Vendor KaTeX for qbank's study page (qbank export --to html).

    python3 update.py VERSION    # e.g. 0.19.1; needs npm (the registry)

Writes, beside this script: katex.min.js, auto-render.min.js, LICENSE, and
katex.css: KaTeX's katex.min.css with each font as a woff2 `data:` URI, so
that the page draws math with nothing but itself (no request, no font file
beside it). Every current browser reads woff2; the woff and ttf fallbacks
are left out to keep the page small.
"""
import base64
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

here = pathlib.Path(__file__).resolve().parent


def main(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"katex@{version}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        with tarfile.open(pathlib.Path(tmp) / f"katex-{version}.tgz") as tar:
            tar.extractall(tmp, filter="data")
        dist = pathlib.Path(tmp) / "package" / "dist"
        css = (dist / "katex.min.css").read_text("utf-8")

        def inline(match: re.Match) -> str:
            font = dist / "fonts" / f"{match.group(1)}.woff2"
            data = base64.b64encode(font.read_bytes()).decode("ascii")
            return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

        css, fonts = re.subn(r"src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\)[^;}]*", inline, css)
        if fonts == 0 or "url(fonts/" in css:
            sys.exit("katex.min.css no longer names its fonts as expected")
        header = f"/* KaTeX {version} (MIT licence, see LICENSE), fonts inlined by update.py */\n"
        (here / "katex.css").write_text(header + css, "utf-8")
        for name, src in [("katex.min.js", dist / "katex.min.js"),
                          ("auto-render.min.js", dist / "contrib" / "auto-render.min.js"),
                          ("LICENSE", dist.parent / "LICENSE")]:
            (here / name).write_bytes(src.read_bytes())
        (here / "VERSION").write_text(version + "\n", "utf-8")
        print(f"KaTeX {version}: {fonts} fonts inlined")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "0.19.1")
