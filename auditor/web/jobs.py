"""What a worker process does with one upload: bytes (or pasted text) → scorecard and its renderings.

The web server never audits on its event loop: each upload becomes a `Job`, run here in a
process of a pool (forked where the platform allows, so the packs loaded before the fork are
shared). The pages are rendered here too, while the report's text is at hand; the parent keeps
only the slim scorecard (for summaries) and the renderings. A job never raises for a user
error: an unreadable file, a timeout or a pathological structure becomes an `InputFailure`.
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass
from typing import Any

from ..batch import slim
from ..ingest import InputError, load_bytes, load_text
from ..model import InputFailure, Pack, Scorecard
from ..packs import load_pack
from ..pipeline import audit_document
from ..render.common import RenderOptions
from ..render.html import render_html
from ..render.json import to_dict
from ..render.markdown import render_markdown

PASTED = "粘贴的文本"


@dataclass(frozen=True)
class Job:
    """One report to audit: file bytes or pasted text, the pack folder, the profile."""

    name: str
    pack: str  # the pack's folder (resolved by the app from an allowed id)
    profile: str | None = None
    data: bytes | None = None
    text: str | None = None
    previous: bytes | None = None
    previous_name: str | None = None
    timeout: float = 60.0


@dataclass(frozen=True)
class Done:
    """A job's outcome: the slim result and everything the pages and downloads need."""

    result: Scorecard | InputFailure
    json: dict[str, Any]
    html: str
    markdown: str

    @property
    def failed(self) -> bool:
        return isinstance(self.result, InputFailure)


# Packs compiled in this process, by (folder, profile). Filled in the parent before the pool
# forks (the children inherit them) and on first use in a worker otherwise.
_PACKS: dict[tuple[str, str | None], Pack] = {}


def pack_for(ref: str, profile: str | None) -> Pack:
    key = (ref, profile or None)
    if key not in _PACKS:
        _PACKS[key] = load_pack(ref, profile or None)
    return _PACKS[key]


def preload(preloads: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    """Compile every (pack folder, its profiles) once: without a profile and with each."""
    for ref, profiles in preloads:
        for profile in (None, *profiles):
            pack_for(ref, profile)


def init_worker(preloads: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
    # NOTE: Ctrl-C reaches the whole process group; only the server decides to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        preload(preloads)
    except Exception:  # a pack that fails here fails again, with its message, in the job  # noqa: BLE001
        pass


def ping() -> bool:
    """A no-op job: submitting it starts the pool's processes."""
    return True


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):  # noqa: ARG001 - signal handler signature
    raise _Timeout()


def _audit(job: Job) -> Scorecard | InputFailure:
    try:
        doc = load_text(job.text, job.name) if job.text is not None else load_bytes(job.data or b"", job.name)
    except InputError as exc:
        return InputFailure(exc.path, exc.reason, exc.code)
    previous = None
    if job.previous is not None:
        try:
            previous = load_bytes(job.previous, job.previous_name or "上一年度报告")
        except InputError as exc:
            return InputFailure(job.name, f"上一年度报告 {exc.path} 无法读取：{exc.reason}", exc.code)
    return audit_document(doc, pack=pack_for(job.pack, job.profile), previous=previous)


def failure_done(failure: InputFailure) -> Done:
    one = RenderOptions(single=True)
    return Done(failure, to_dict(failure), render_html([failure], one), render_markdown([failure], one))


def run_job(job: Job) -> Done:
    """Audit and render one upload within the job's time limit (SIGALRM in the worker)."""
    use_alarm = bool(job.timeout) and hasattr(signal, "setitimer") \
        and threading.current_thread() is threading.main_thread()
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, job.timeout)
    try:
        result = _audit(job)
        if isinstance(result, InputFailure):
            return failure_done(result)
        one = RenderOptions(single=True)
        return Done(slim(result), to_dict(result), render_html([result], one), render_markdown([result], one))
    except _Timeout:
        return failure_done(InputFailure(job.name, f"处理超时（超过 {job.timeout:g} 秒），已跳过", "timeout"))
    except RecursionError:
        return failure_done(InputFailure(job.name, "文件结构嵌套过深，无法处理", "malformed"))
    except MemoryError:
        return failure_done(InputFailure(job.name, "文件过大，内存不足", "too_large"))
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
