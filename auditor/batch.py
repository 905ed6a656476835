"""Batches: many reports across processes, each bounded in time, none able to stop the others.

Workers load the pack once (inherited through fork where available) and audit files in small
chunks. A file that runs past its time limit becomes an input failure; a worker stuck inside
native code (a pathological PDF) is killed by the parent's watchdog and its files are retried
one by one in a fresh pool, so that only the culprit is lost. Extracted documents can be
cached by content hash, so a re-run after editing the pack does not extract again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Union

from . import __version__
from .ingest import InputError, load
from .model import Document, InputFailure, Pack, Scorecard
from .pipeline import audit_document
from .waivers import Waiver, waivers_for

Result = Union[Scorecard, InputFailure]
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class BatchOptions:
    pack: Pack
    fail_under: float | None = None
    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT  # seconds per file
    cache_dir: str | None = None
    waivers: tuple[Waiver, ...] = field(default_factory=tuple)


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise _Timeout()


def _cached_load(path: str, cache_dir: str | None) -> Document:
    if not cache_dir:
        return load(path)
    try:
        data = Path(path).read_bytes()
    except OSError:
        return load(path)  # load() reports the reason in Chinese
    key = hashlib.sha256(__version__.encode() + b"\0" + data).hexdigest()
    entry = Path(cache_dir) / "documents" / key[:2] / f"{key}.pickle"
    if entry.is_file():
        try:
            with entry.open("rb") as fh:
                doc = pickle.load(fh)
            if isinstance(doc, Document):
                return replace(doc, path=path)
        except Exception:  # a damaged entry is rebuilt  # noqa: BLE001
            pass
    from .ingest import load_bytes

    doc = load_bytes(data, path)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(doc, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except OSError:
        pass
    return doc


def audit_file(path: str, options: BatchOptions) -> Result:
    """One report, never raising for a user error: a Scorecard or an InputFailure."""
    use_alarm = options.timeout and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, options.timeout)
    try:
        doc = _cached_load(path, options.cache_dir)
        return audit_document(doc, pack=options.pack, fail_under=options.fail_under,
                              waivers=waivers_for(doc, list(options.waivers)) if options.waivers else None)
    except InputError as exc:
        return InputFailure(exc.path, exc.reason, exc.code)
    except _Timeout:
        return InputFailure(path, f"处理超时（超过 {options.timeout:g} 秒），已跳过", "timeout")
    except RecursionError:
        return InputFailure(path, "文件结构嵌套过深，无法处理", "malformed")
    except MemoryError:
        return InputFailure(path, "文件过大，内存不足", "too_large")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


_WORKER_OPTIONS: BatchOptions | None = None


def _init_worker(options: BatchOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _run_chunk(paths: list[str]) -> list[Result]:
    assert _WORKER_OPTIONS is not None
    return [audit_file(p, _WORKER_OPTIONS) for p in paths]


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def audit_files(paths: list[str], options: BatchOptions,
                progress: Callable[[int], None] | None = None) -> list[Result]:
    """Results in the order of ``paths``; ``progress(n)`` is called as files finish."""
    results: dict[int, Result] = {}
    if options.jobs <= 1 or len(paths) <= 1:
        for i, path in enumerate(paths):
            results[i] = audit_file(path, options)
            if progress:
                progress(1)
        return [results[i] for i in range(len(paths))]
    jobs = max(1, min(options.jobs, len(paths)))
    size = max(1, min(16, len(paths) // (jobs * 6) or 1))
    pending = [list(range(i, min(i + size, len(paths)))) for i in range(0, len(paths), size)]
    retry: list[int] = []
    while pending:
        stuck = _run_pool(paths, pending, jobs, options, results, progress)
        pending = []
        for chunk in stuck:
            if len(chunk) == 1 and chunk[0] in retry:
                i = chunk[0]
                results[i] = InputFailure(paths[i], f"处理超时（超过 {options.timeout:g} 秒）且无法中断，已跳过", "timeout")
                if progress:
                    progress(1)
            else:
                for i in chunk:
                    retry.append(i)
                    pending.append([i])
    return [results[i] for i in range(len(paths))]


def _run_pool(paths, chunks, jobs, options, results, progress) -> list[list[int]]:
    """Run ``chunks``; return the chunks still unfinished when the watchdog fired."""
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_worker,
                                   initargs=(options,))
    futures: dict[Future, list[int]] = {}
    try:
        for chunk in chunks:
            futures[executor.submit(_run_chunk, [paths[i] for i in chunk])] = chunk
        grace = max(options.timeout, 1.0) * 2 + 10
        remaining = set(futures)
        while remaining:
            longest = max(len(futures[f]) for f in remaining)
            done, remaining = wait(remaining, timeout=grace * longest, return_when=FIRST_COMPLETED)
            if not done:  # the watchdog: something is stuck in native code
                for proc in list(getattr(executor, "_processes", {}).values()):
                    proc.kill()
                return [futures[f] for f in remaining]
            for future in done:
                chunk = futures[future]
                try:
                    chunk_results = future.result()
                except Exception as exc:  # a worker died (killed, out of memory)  # noqa: BLE001
                    if len(chunk) > 1:
                        return [chunk] + [futures[f] for f in remaining]
                    chunk_results = [InputFailure(paths[chunk[0]], f"处理该文件时工作进程异常退出（{type(exc).__name__}）",
                                                  "crashed")]
                for i, result in zip(chunk, chunk_results):
                    results[i] = result
                if progress:
                    progress(len(chunk))
        return []
    finally:
        executor.shutdown(wait=False, cancel_futures=True)
