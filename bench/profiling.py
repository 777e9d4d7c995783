"""Where a page's time goes under load: py-spy samples of the benchmark's gunicorn workers, summed
by bucket (SQL, ORM, templates, forms) and by function (`make bench BENCH_ARGS="--profile ..."`)."""

import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def profile(drive: Callable[[], object], row: dict, server_pid: int, duration: str, prefix: Path) -> None:
    """Sample the server's workers with py-spy while `drive()` (wrk) loads the page."""
    py_spy = shutil.which("py-spy") or shutil.which("py-spy", path=str(VENV_BIN))
    if not py_spy:
        print("py-spy is not installed: `.venv/bin/pip install py-spy` to profile.", file=sys.stderr)
        return
    workers = children(server_pid)
    seconds = int(duration.rstrip("s")) if duration.rstrip("s").isdigit() else 10
    print(f"\nProfiling {row['name']} ({row['path']}) in workers {workers} for {seconds} s...", flush=True)
    record = [
        py_spy,
        "record",
        "--duration",
        str(seconds),
        "--rate",
        "200",
        "--format",
        "raw",
        "--nonblocking",
    ]
    recorders = [
        subprocess.Popen(
            [*record, "--pid", str(pid), "--output", f"{prefix}-{pid}.txt"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in workers
    ]
    drive()
    for recorder in recorders:
        recorder.wait(timeout=seconds + 60)
    stacks = Counter()
    for pid in workers:
        path = Path(f"{prefix}-{pid}.txt")
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                stack, _, count = line.rpartition(" ")
                if count.isdigit():
                    stacks[stack] += int(count)
    summary = summarize_profile(stacks)
    Path(f"{prefix}.md").write_text(
        f"# Profile of {row['name']} `{row['path']}`\n\n{summary}\n", encoding="utf-8"
    )
    print(summary)
    print(f"Wrote {Path(f'{prefix}.md').relative_to(ROOT)} and the raw stacks beside it.")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


# Where a request's time goes: a sample counts toward a bucket when any of its frames matches.
BUCKETS = {
    "SQL: waiting for the database": ("sqlite3/base.py", "psycopg/cursor.py", "psycopg/connection.py"),
    "SQL: compiling queries (ORM)": ("SQLCompiler.as_sql", "SQLCompiler.pre_sql_setup"),
    "ORM: building querysets (clone/filter/annotate)": (
        "QuerySet.annotate",
        "QuerySet.filter",
        "QuerySet.exclude",
        "QuerySet._chain",
    ),
    "ORM: evaluating querysets (compile, run, build instances)": ("ModelIterable.__iter__", "Model.from_db"),
    "templates: rendering": ("Template.render (django/template/base.py",),
    "forms: rendering widgets": ("Widget._render", "BoundField.__str__", "BoundWidget"),
    "forms/filters: validating": ("BaseForm.full_clean", "FilterSet.qs", "ProgramFilter.qs"),
}
PROJECT = ("catalog/", "advisor/", "micromasters/")


def summarize_profile(stacks: Counter, top: int = 25) -> str:
    """Share of samples per bucket, per project function (on the stack), and per leaf function."""
    total = sum(stacks.values()) or 1
    buckets, project, leaves = Counter(), Counter(), Counter()
    for stack, count in stacks.items():
        frames = [frame for frame in stack.split(";") if frame.endswith(")") and ".py:" in frame]
        for bucket, needles in BUCKETS.items():
            if any(needle in frame for frame in frames for needle in needles):
                buckets[bucket] += count
        for frame in {frame for frame in frames if any(f"({part}" in frame for part in PROJECT)}:
            project[frame] += count
        if frames:
            leaves[frames[-1]] += count

    def percent(count):
        return f"{100 * count / total:5.1f}%"

    lines = [
        f"{total} samples (200/s in each worker, only while it runs: py-spy without --idle does not "
        "count time blocked on PostgreSQL's socket; SQLite runs in the worker and is counted).",
        "",
        "Buckets (overlap: a sample can be in several):",
        "```",
    ]
    lines += [f"{percent(count)}  {bucket}" for bucket, count in buckets.most_common()]
    lines += ["```", "", "Project functions on the stack:", "```"]
    lines += [f"{percent(count)}  {frame}" for frame, count in project.most_common(top)]
    lines += ["```", "", "Running (leaf) functions:", "```"]
    lines += [f"{percent(count)}  {frame}" for frame, count in leaves.most_common(15)]
    lines.append("```")
    return "\n".join(lines)
