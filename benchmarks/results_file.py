"""benchmarks/RESULTS.md is written by several benchmarks, each owning one `## ` section of it."""

from __future__ import annotations

from pathlib import Path


def write_section(results: Path, heading: str, text: str) -> None:
    """Replace the file's `heading` section (up to the next `## ` heading) with `text` (which starts
    with the heading), or append it; every other section is kept as it is."""
    body = results.read_text(encoding="utf-8") if results.exists() else "# Benchmark results\n"
    if heading + "\n" in body:
        head, _, rest = body.partition(heading + "\n")
        tail = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        body = head + text.rstrip("\n") + "\n" + ("\n" + tail if tail else "")
    else:
        body = body.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n"
    results.write_text(body, encoding="utf-8")
