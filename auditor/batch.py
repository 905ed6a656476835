"""Batches: many reports across processes, each bounded in time, none able to stop the others.

Workers load the pack once (inherited through fork where available) and audit files in small
chunks. A file that runs past its time limit becomes an input failure; a worker stuck inside
native code (a pathological PDF) is killed by the parent's watchdog and its files are retried
one by one in a fresh pool, so that only the culprit is lost. Extracted documents can be
cached by content hash, so a re-run after editing the pack does not extract again.
"""

from __future__ import annotations

import hashlib
import signal
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Union

from . import __version__, cachefile
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
    previous: Document | None = None  # last year's report, for the checks that compare


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
    doc = cachefile.read(entry, Document)
    if doc is not None:
        return replace(doc, path=path)
    from .ingest import load_bytes

    doc = load_bytes(data, path)
    cachefile.write(entry, doc)
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
                              waivers=waivers_for(doc, list(options.waivers)) if options.waivers else None,
                              previous=options.previous)
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


@dataclass(frozen=True)
class Outcome:
    """What a worker sends back: the scorecard without the report text, and its rendering."""

    result: "Result | Verdict"
    rendered: str | bytes | None = None


def slim(result: Result) -> Result:
    """The scorecard without the report's text: what summaries need, cheap to send and keep."""
    if isinstance(result, Scorecard):
        return replace(result, document=replace(result.document, paragraphs=(), removed=()))
    return result


# A per-report step run in the worker, where the full document is at hand: rendering the
# report's own output and writing its export files. It must be picklable (module-level).
Finisher = Callable[[Result], "str | bytes | None"]

_WORKER: tuple[BatchOptions, Finisher | None] | None = None


def _init_worker(options: BatchOptions, finisher: Finisher | None) -> None:
    global _WORKER
    _WORKER = (options, finisher)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


@dataclass(frozen=True)
class Verdict:
    """All the parent keeps of a streamed report whose output the worker already rendered."""

    path: str
    passed: bool


def _outcome(path: str, options: BatchOptions, finisher: Finisher | None) -> Outcome:
    result = audit_file(path, options)
    rendered = finisher(result) if finisher is not None else None
    if finisher is not None and not getattr(finisher, "keep_results", True) and isinstance(result, Scorecard):
        # NOTE: sending back only the verdict keeps the parent's share of a batch small.
        return Outcome(Verdict(result.document.path, result.gate.passed), rendered)
    return Outcome(slim(result), rendered)


def _run_chunk(paths: list[str]) -> list[Outcome]:
    assert _WORKER is not None
    options, finisher = _WORKER
    return [_outcome(p, options, finisher) for p in paths]


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def iter_outcomes(paths: list[str], options: BatchOptions, finisher: Finisher | None = None,
                  progress: Callable[[int], None] | None = None) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``, streamed as they finish (memory stays flat)."""
    if options.jobs <= 1 or len(paths) <= 1:
        for path in paths:
            yield _outcome(path, options, finisher)
            if progress:
                progress(1)
        return
    ready: dict[int, Outcome] = {}
    next_index = 0
    for index, outcome in _parallel(paths, options, finisher, progress):
        ready[index] = outcome
        while next_index in ready:
            yield ready.pop(next_index)
            next_index += 1


def _parallel(paths, options, finisher, progress) -> Iterator[tuple[int, Outcome]]:
    jobs = max(1, min(options.jobs, len(paths)))
    size = max(1, min(16, len(paths) // (jobs * 6) or 1))
    pending = [list(range(i, min(i + size, len(paths)))) for i in range(0, len(paths), size)]
    retried: set[int] = set()
    while pending:
        stuck = yield from _run_pool(paths, pending, jobs, options, finisher, progress)
        pending = []
        for chunk in stuck:
            if len(chunk) == 1 and chunk[0] in retried:
                i = chunk[0]
                failure = InputFailure(paths[i], f"处理超时（超过 {options.timeout:g} 秒）且无法中断，已跳过", "timeout")
                yield i, Outcome(failure, finisher(failure) if finisher else None)
                if progress:
                    progress(1)
            else:
                for i in chunk:
                    retried.add(i)
                    pending.append([i])


def _run_pool(paths, chunks, jobs, options, finisher, progress):
    """Run ``chunks``, yielding (index, outcome); return the chunks unfinished when the watchdog fired.

    At most a few chunks per worker are in flight, and finished ones are forgotten at once, so
    the parent's memory does not grow with the size of the batch.
    """
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_init_worker,
                                   initargs=(options, finisher))
    waiting = list(chunks)
    waiting.reverse()
    futures: dict[Future, list[int]] = {}
    in_flight = jobs * 3
    grace = max(options.timeout, 1.0) * 2 + 10
    killed = False
    try:
        while waiting or futures:
            while waiting and len(futures) < in_flight:
                chunk = waiting.pop()
                futures[executor.submit(_run_chunk, [paths[i] for i in chunk])] = chunk
            longest = max(len(c) for c in futures.values())
            done, _ = wait(set(futures), timeout=grace * longest, return_when=FIRST_COMPLETED)
            if not done:  # the watchdog: something is stuck in native code
                for proc in list(getattr(executor, "_processes", {}).values()):
                    proc.kill()
                killed = True
                return list(futures.values()) + waiting[::-1]
            for future in done:
                chunk = futures.pop(future)
                try:
                    outcomes = future.result()
                except Exception as exc:  # a worker died (killed, out of memory)  # noqa: BLE001
                    if len(chunk) > 1:
                        return [chunk] + list(futures.values()) + waiting[::-1]
                    failure = InputFailure(paths[chunk[0]], f"处理该文件时工作进程异常退出（{type(exc).__name__}）",
                                           "crashed")
                    outcomes = [Outcome(failure, finisher(failure) if finisher else None)]
                for i, outcome in zip(chunk, outcomes):
                    yield i, outcome
                if progress:
                    progress(len(chunk))
        return []
    finally:
        # Waiting for a clean shutdown avoids the executor's thread racing interpreter exit;
        # after the watchdog killed the workers there is nothing left to wait for.
        executor.shutdown(wait=not killed, cancel_futures=True)


def audit_files(paths: list[str], options: BatchOptions,
                progress: Callable[[int], None] | None = None) -> list[Result]:
    """All results (without report text), in the order of ``paths``."""
    return [o.result for o in iter_outcomes(paths, options, None, progress)]
