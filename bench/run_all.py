"""Every benchmark in one command, each in a fresh process; rewrites bench/RESULTS.md.

Run: ``.venv/bin/python bench/run_all.py [--quick]``

page weight (Chromium at 360×640), load (gunicorn, booklet page beside a bare Flask page, 10 /
50 / 200 clients), a 100,000-row import as a job, the booklet page's own time, and the annual
pack for a national year (200,000 reviews a year) on SQLite and, when one answers at
127.0.0.1:5432, PostgreSQL (in databases of their own, mysay_bench_*, dropped and made again).
``--quick`` runs smaller sizes, to check the scripts. ``--only pack`` (or weight, page, load,
import; comma-separated) runs those parts alone and adds their sections to RESULTS.md in place of
the old ones, keeping the rest: the pack's budget is in seconds, not a ratio, so it is best
measured on a quiet machine, apart from the others. Heavy: minutes, on every core.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.live import machine  # noqa: E402

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def _postgres(name: str) -> str | None:
    """A fresh PostgreSQL database of the benchmark's own, or None when none answers."""
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name}")
            c.execute(f"CREATE DATABASE {name}")
    except Exception:
        return None
    return f"{PG_SERVER}/{name}"


RESULTS = ROOT / "bench" / "RESULTS.md"


def _run(title: str, *args: str, timeout: int = 3600) -> list[str]:
    print(f"== {title}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0:
        lines.append(f"FAILED (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}")
    lines.append(f"({time.perf_counter() - started:.0f} s including set-up)")
    print("\n".join(lines), flush=True)
    section = [f"## {title}", "", "```", *lines, "```", ""]
    # Written after each benchmark, so that a run cut short still leaves what it measured.
    with RESULTS.open("a") as results:
        results.write("\n".join(section) + "\n")
    return section


PARTS = ("weight", "page", "load", "import", "pack")


def _replace_sections(titles: list[str]) -> None:
    """Drop the sections of RESULTS.md these parts will write again; keep everything else."""
    kept, skipping = [], False
    for line in RESULTS.read_text().splitlines():
        if line.startswith("## "):
            skipping = any(line[3:].startswith(title) for title in titles)
        if not skipping:
            kept.append(line)
    RESULTS.write_text("\n".join(kept).rstrip("\n") + "\n\n")


TITLES = {
    "weight": ["Page weight"],
    "page": ["Booklet page, the app's own time"],
    "load": ["Load, "],
    "import": ["Import as a job"],
    "pack": ["Annual pack"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only", default=",".join(PARTS), help="comma-separated: " + ",".join(PARTS)
    )
    args = parser.parse_args()
    only = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = sorted(set(only) - set(PARTS))
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}: choose from {', '.join(PARTS)}")
    if set(only) != set(PARTS):
        _replace_sections([title for part in only for title in TITLES[part]])
        _parts(only, args.quick)
        print(f"Rewrote the {', '.join(only)} sections of {RESULTS.relative_to(ROOT)}")
        return
    out = [
        "# Benchmark results",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `python bench/run_all.py"
        f"{' --quick' if args.quick else ''}` on {machine()} ({platform.platform()}).",
        "",
        "**The machine is shared** (several developers' test suites run on its cores at the same",
        "time), so absolute times are noisy; the ratios against a baseline measured in the same run",
        "are the figures to compare. Every budget is printed MET or MISSED with its numbers.",
        "",
        "Baselines measured on main before this work (issue 13): a 100,000-row import preview ran",
        "30 s inside the web request (gunicorn killed the worker); the pack PDF took 6 to 8 s in a",
        "request; the national year's pack 11.3 s on SQLite and 12.8 s on PostgreSQL; the booklet",
        "page served 0.04 to 0.07 times a bare Flask page's rate; the start page was 23 KB",
        "uncompressed, static files no-cache, no favicon.",
        "",
    ]
    RESULTS.write_text("\n".join(out) + "\n")
    _parts(PARTS, args.quick)
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


def _parts(only, quick: bool) -> None:
    rows = "5000" if quick else "100000"
    pack_size = "20000" if quick else "200000"
    seconds = "2" if quick else "5"
    if "weight" in only:
        _run("Page weight (Chromium, 360×640)", "bench/page_weight.py")
    if "page" in only:
        _run("Booklet page, the app's own time", "bench/booklet_page.py")
    if "load" in only:
        _run("Load, SQLite (gunicorn, 2 workers)", "bench/load.py", "--seconds", seconds)
        if pg := _postgres("mysay_bench_load"):
            _run(
                "Load, PostgreSQL (gunicorn, 2 workers)",
                *("bench/load.py", "--seconds", seconds, "--database", pg),
            )
    if "import" in only:
        _run("Import as a job, SQLite", "bench/import_large.py", "--rows", rows)
        if pg := _postgres("mysay_bench_import"):
            _run(
                "Import as a job, PostgreSQL",
                *("bench/import_large.py", "--rows", rows, "--database", pg),
            )
    if "pack" in only:
        _run(
            "Annual pack, national year, SQLite (aim < 10 s, < 1.5 GB)",
            *("bench/annual_pack.py", "--sizes", pack_size),
        )
        if pg := _postgres("mysay_bench_pack"):
            _run(
                "Annual pack, national year, PostgreSQL (aim < 10 s, < 1.5 GB)",
                *("bench/annual_pack.py", "--sizes", pack_size, "--database", pg),
            )


if __name__ == "__main__":
    main()
