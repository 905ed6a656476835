"""Throughput, start-up and memory of the auditor (prints figures; not part of the test run).

    .venv/bin/python benchmarks/run.py [--reports 2000] [--formats]

1. Generates a corpus of realistic txt reports (variants of the project's samples: other
   organs, years, figures and section orders; some parts dropped) in benchmarks/corpus/.
2. Times `auditor check DIR --format json` with 1 and 2 jobs (best and median of three runs):
   reports/s and MB/s, and peak memory of the whole process tree; runs an eighth and half of
   the corpus too, to show that memory does not grow with the number of reports.
3. Times `rg -c` with the pack's cue words over the same corpus: the read-and-scan floor.
4. Cold start: checking one report, from process start to exit (median of 7 runs).
5. With --formats: documents/s per input format (txt, md, html, docx, pdf, ofd).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AUDITOR = str(BIN / "auditor")
CORPUS = ROOT / "benchmarks" / "corpus"
RUNS = 3  # timed runs of each command; the best is reported (and the median of the batch runs)

ORGANS = ["青岚县人民政府", "梧岚市司法局", "望澄区人民政府", "榆岭县应急管理局", "栖梧镇人民政府", "云岫湾街道办事处",
          "鹤汀经济开发区管理委员会", "柳湄县交通运输局", "檀口乡人民政府", "沐城市人力资源和社会保障局"]


def _variant(text: str, rng: random.Random, n: int) -> str:
    organ = rng.choice(ORGANS)
    year = rng.randint(2016, 2025)
    text = re.sub(r"20[12]\d(?=年)", lambda m: str(int(m.group(0)) - 2023 + year) if m.group(0) != "2024" else str(year + 1),
                  text)
    text = re.sub(r"(?<=\d)(\d)(?=[件项次名个%])", lambda m: str(rng.randint(0, 9)), text)
    lines = text.splitlines()
    if lines:
        lines[0] = f"{organ}{year}年度法治政府建设情况报告（{n}）"
    if rng.random() < 0.15:  # a part dropped, as in real defective reports
        heads = [i for i, line in enumerate(lines) if re.match(r"^[二三四]、", line)]
        if heads:
            start = rng.choice(heads)
            end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[一二三四五六七八九十]、", lines[i])),
                       len(lines))
            del lines[start:end]
    return "\n".join(lines) + "\n"


def generate(count: int) -> list[Path]:
    sources = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "reports").glob("*.txt"))]
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    CORPUS.mkdir(parents=True)
    rng = random.Random(20261126)
    paths = []
    for n in range(count):
        folder = CORPUS / f"batch{n // 250:02d}"
        folder.mkdir(exist_ok=True)
        path = folder / f"report{n:05d}.txt"
        path.write_text(_variant(rng.choice(sources), rng, n), encoding="utf-8")
        paths.append(path)
    return paths


def _stat(pid: int) -> tuple[int, int] | None:
    """Parent process id and resident memory (KiB) of a process, from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return None


def _children(pid: int) -> list[int] | None:
    """Child process ids from /proc (None where the kernel does not list them)."""
    try:
        found: list[int] = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
        return found
    except (OSError, ValueError):
        return None


def _all_children() -> dict[int, list[int]]:
    """Children of every process, from a scan of /proc (kernels without children lists)."""
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        stat = _stat(int(entry)) if entry.isdigit() else None
        if stat is not None:
            out.setdefault(stat[0], []).append(int(entry))
    return out


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (read so as to cost the
    machine little: the sampler runs beside the auditor it measures)."""
    scanned: dict[int, list[int]] | None = None
    stack, total = [pid], 0
    while stack:
        p = stack.pop()
        kids = _children(p)
        if kids is None:
            scanned = scanned if scanned is not None else _all_children()
            kids = scanned.get(p, [])
        stat = _stat(p)
        total += stat[1] if stat else 0
        stack.extend(kids)
    return total


def timed(cmd: list[str]) -> tuple[float, int, int]:
    """Wall time, peak tree memory (KiB) and exit code of a command whose output is discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, peak, code


def cue_words() -> list[str]:
    sys.path.insert(0, str(ROOT))
    from auditor.packs import load_pack

    words: set[str] = set()
    for rule in load_pack().rules:
        for tier in rule.tiers:
            for m in tier.matchers:
                words.update(getattr(m, "terms", ()))
    return sorted(words)


def bench_batch(paths: list[Path]) -> None:
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    n = len(paths)
    print(f"corpus: {n} txt reports, {megabytes:.1f} MB ({CORPUS})")
    results = {}
    for jobs in (1, 2):
        # Best of three runs, as for rg below: a shared machine slows single runs by a tenth or more.
        runs = [timed([AUDITOR, "check", str(CORPUS), "--format", "json", "--jobs", str(jobs)]) for _ in range(RUNS)]
        elapsed = min(r[0] for r in runs)
        median = statistics.median(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        results[jobs] = elapsed
        print(f"  auditor check --jobs {jobs}: {elapsed:6.2f} s  {n / elapsed:7.0f} reports/s  "
              f"{megabytes / elapsed:5.2f} MB/s  peak memory {peak / 1024:6.0f} MB  "
              f"(best of {RUNS}; median {median:.2f} s, {n / median:.0f} reports/s; exit {runs[0][2]})")
    # Peak memory on an eighth and on half of the corpus, beside the whole above: it levels off
    # once the bounded caches are full instead of growing with the number of reports.
    batches = sorted(p for p in CORPUS.iterdir() if p.is_dir())
    for part in (batches[:1], batches[:len(batches) // 2]):
        part_n = sum(len(list(b.glob("*.txt"))) for b in part)
        elapsed, peak, _ = timed([AUDITOR, "check", *map(str, part), "--format", "json", "--jobs", "2"])
        print(f"  auditor check --jobs 2 on {part_n} reports: {elapsed:6.2f} s  peak memory {peak / 1024:6.0f} MB "
              f"(memory should not grow with the number of reports)")
    rg = shutil.which("rg")
    if rg:
        patterns = ROOT / "benchmarks" / ".cue-words.txt"
        patterns.write_text("\n".join(cue_words()) + "\n", encoding="utf-8")
        floor = min(timed([rg, "-c", "-F", "-f", str(patterns), str(CORPUS)])[0] for _ in range(RUNS))
        print(f"  rg -c (cue words, read-and-scan floor): {floor:6.3f} s  {n / floor:7.0f} reports/s")
        print(f"  auditor (2 jobs) / rg time ratio: {results[2] / floor:5.1f}×")
        patterns.unlink()
    else:
        print("  rg not installed: floor not measured (apt-get install ripgrep)")


def bench_cold_start() -> None:
    report = ROOT / "reports" / "01-county-complete.txt"
    times = []
    for _ in range(7):
        elapsed, _, _ = timed([AUDITOR, "check", str(report), "--format", "json"])
        times.append(elapsed)
    print(f"cold start, one report (process start to exit): median {statistics.median(times):.3f} s, "
          f"best {min(times):.3f} s")


def bench_formats(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from auditor.ingest import load_bytes

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "reports").glob("*.txt"))]
    makers: dict[str, object] = {"txt": lambda t: t.encode("utf-8"), "txt-gb18030": lambda t: t.encode("gb18030")}
    try:
        from docx_fixtures import report_docx  # type: ignore[import-not-found]
        makers["docx"] = report_docx
    except Exception:  # noqa: BLE001
        pass
    try:
        from pdf_fixtures import render_pdf  # type: ignore[import-not-found]
        makers["pdf"] = render_pdf
    except Exception:  # noqa: BLE001
        pass
    try:
        from ofd_fixtures import report_to_ofd  # type: ignore[import-not-found]
        makers["ofd"] = report_to_ofd
    except Exception:  # noqa: BLE001
        pass
    makers["html"] = lambda t: ("<html><head><meta charset='utf-8'><title>报告</title></head><body><div class='nav'>首页</div>"
                                "<div class='article'>" + "".join(f"<p>{line}</p>" for line in t.splitlines())
                                + "</div></body></html>").encode("utf-8")
    print("per-format extraction speed (load only, in-process):")
    for name, make in makers.items():
        try:
            blobs = [make(t) for t in texts]  # type: ignore[operator]
        except Exception as exc:  # noqa: BLE001
            print(f"  {name:12} fixture generation failed: {exc}")
            continue
        for b in blobs[:2]:
            load_bytes(b, f"x.{name}")
        start = time.perf_counter()
        done = 0
        while done < count:
            for b in blobs:
                load_bytes(b, f"x.{name}")
                done += 1
        elapsed = time.perf_counter() - start
        print(f"  {name:12} {done / elapsed:8.1f} docs/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--formats", action="store_true", help="also measure each input format")
    args = parser.parse_args()
    paths = generate(args.reports)
    bench_batch(paths)
    bench_cold_start()
    if args.formats:
        bench_formats(100)


if __name__ == "__main__":
    main()
