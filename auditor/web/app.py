"""The ASGI app: the upload page, the JSON API, and the result pages kept for download links.

Routes

    GET  /                      the page (Chinese; inline CSS and JS only, allowed by hash)
    POST /api/check             multipart: file (one or more), text, pack, profile, previous
                                → the contract JSON (render.json.to_dict): an object for one
                                report, an array for several; the ids of the kept results are
                                in the X-Auditor-Result header (comma-separated)
    GET  /api/packs             packs with their profiles
    GET  /healthz               {"status": "ok"}
    GET  /r/{id}/card.html|json|md   a kept result (?download=1: as an attachment)
    GET  /summary.xlsx?ids=a,b  the Excel summary of kept results

Safety: requests are answered only when their Host header names this server (DNS
rebinding); a body is refused from its Content-Length before it is read and again while it
streams in; uploads stay in memory; audits run in a process pool with a time limit per
file; every error is JSON with a Chinese message and the server keeps serving.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import json
import os
import re
import secrets
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ..ingest import MAX_BYTES
from ..model import InputFailure, Pack
from ..packs import PackError, list_packs, load_pack
from .jobs import PASTED, Done, Job, failure_done, init_worker, ping, preload, run_job
from .uploads import BadForm, FormReader, TooLarge, clean_filename, read_form

# A report and last year's report, each up to the CLI's limit, plus the form around them.
MAX_UPLOAD = 2 * MAX_BYTES + 1024 * 1024
MAX_FILES = 200
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]")
RESULT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")

_SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                     (b"cache-control", b"no-store"), (b"x-frame-options", b"SAMEORIGIN")]


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB"


def error(status: int, message: str, code: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, "code": code, **extra}, status_code=status)


# ---------------------------------------------------------------- Host check (DNS rebinding)


def _split_host(value: str) -> tuple[str, str | None] | None:
    value = value.strip().lower()
    if not value or any(c in value for c in " /\\@"):
        return None
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        host, rest = value[:end + 1], value[end + 1:]
        if rest and not rest.startswith(":"):
            return None
        port = rest[1:] or None
    else:
        host, sep, port = value.partition(":")
        port = port if sep else None
        if sep and ":" in port:
            return None
    if port is not None and not port.isdigit():
        return None
    return host.rstrip("."), port


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


class HostGuard:
    """Answer only requests whose Host header is this server's address.

    ``allowed`` entries are "host" (any port) or "host:port" (that port only). With
    ``any_ip`` a Host that is an IP literal is accepted too (serving the intranet on 0.0.0.0:
    a rebinding attack needs a domain name, which an IP literal is not).
    """

    def __init__(self, app, allowed: Iterable[str], any_ip: bool = False) -> None:
        self.app = app
        self.any_ip = any_ip
        self.hosts: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()
        for entry in allowed:
            parsed = _split_host(entry)
            if parsed is None:
                raise ValueError(f"无效的主机名：{entry}")
            host, port = parsed
            if port is None:
                self.hosts.add(host)
            else:
                self.pairs.add((host, port))

    def allows(self, value: str | None) -> bool:
        parsed = _split_host(value or "")
        if parsed is None:
            return False
        host, port = parsed
        if host in self.hosts or (port is not None and (host, port) in self.pairs):
            return True
        return self.any_ip and _is_ip(host)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        hosts = [v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"]
        if len(hosts) != 1 or not self.allows(hosts[0]):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            shown = hosts[0][:100] if hosts else "（无）"
            response = error(400, f"拒绝访问：请求的主机名 {shown} 不是本服务的地址"
                                  "（为防止 DNS 重绑定攻击，只接受通过本服务地址的访问）", "bad_host")
            await response(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in _SECURITY_HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ---------------------------------------------------------------- the process pool


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class Runner:
    """Audits off the event loop in a process pool; a stuck or crashed worker is replaced."""

    def __init__(self, jobs: int, preloads: tuple[tuple[str, tuple[str, ...]], ...], timeout: float) -> None:
        self.jobs = max(1, jobs)
        self.preloads = preloads
        self.timeout = timeout
        # NOTE: the worker's own alarm ends a slow job at ``timeout``; this longer limit is for
        # a worker stuck in native code (a pathological PDF), which only killing can stop.
        self.hard_timeout = max(timeout, 1.0) * 2 + 10
        self.pool: ProcessPoolExecutor | None = None

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context(), initializer=init_worker,
                                   initargs=(self.preloads,))

    def start(self) -> None:
        preload(self.preloads)  # in the parent: forked workers inherit the compiled packs
        self.pool = self._new_pool()
        self.pool.submit(ping).result(timeout=120)  # starts the workers now, not on the first upload

    def _replace(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        if self.pool is not pool:
            return  # already replaced by another request
        if kill:
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                try:
                    proc.kill()
                except (OSError, AttributeError):
                    pass
        pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()

    async def run(self, job: Job) -> Done:
        for attempt in range(3):
            pool = self.pool
            if pool is None:
                raise RuntimeError("the process pool is not running")
            try:
                future = pool.submit(run_job, job)
            except (BrokenProcessPool, RuntimeError):
                self._replace(pool)
                continue
            try:
                return await asyncio.wait_for(asyncio.wrap_future(future), self.hard_timeout)
            except asyncio.TimeoutError:
                self._replace(pool, kill=True)
                return failure_done(InputFailure(job.name, f"处理超时（超过 {self.hard_timeout:g} 秒）且无法中断，已跳过",
                                                 "timeout"))
            except BrokenProcessPool:
                # Another job may have crashed the pool; try again on a fresh one.
                self._replace(pool)
        return failure_done(InputFailure(job.name, "处理该文件时工作进程异常退出", "crashed"))

    def stop(self) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        procs = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.join(5)
            if proc.is_alive():
                proc.kill()


# ---------------------------------------------------------------- kept results


@dataclass(frozen=True)
class Kept:
    name: str
    done: Done


class Store:
    """Recent results by random id, for the page's links; the oldest are dropped past the bounds."""

    def __init__(self, max_items: int = 200, max_chars: int = 200_000_000) -> None:
        self.max_items, self.max_chars = max_items, max_chars
        self.items: OrderedDict[str, Kept] = OrderedDict()
        self.chars = 0

    @staticmethod
    def _size(kept: Kept) -> int:
        return len(kept.done.html) + len(kept.done.markdown)

    def put(self, name: str, done: Done) -> str:
        rid = secrets.token_urlsafe(12)
        kept = Kept(name, done)
        self.items[rid] = kept
        self.chars += self._size(kept)
        while len(self.items) > 1 and (len(self.items) > self.max_items or self.chars > self.max_chars):
            _, old = self.items.popitem(last=False)
            self.chars -= self._size(old)
        return rid

    def get(self, rid: str) -> Kept | None:
        return self.items.get(rid) if RESULT_ID.match(rid) else None


# ---------------------------------------------------------------- packs offered


@dataclass(frozen=True)
class Offered:
    id: str
    title: str
    version: str
    folder: str
    profiles: tuple[tuple[str, str, str], ...]  # (id, title, description)


def _offer(pack: Pack) -> Offered:
    return Offered(pack.id, pack.title, pack.version, pack.path,
                   tuple((p.id, p.title, p.description) for p in pack.profiles))


def _packs(default_ref: str | None) -> tuple[Offered, dict[str, Offered]]:
    """The default pack (must load) and every pack a request may name, by id."""
    default = _offer(load_pack(default_ref))
    offered: dict[str, Offered] = {}
    for item in list_packs():
        if item["id"] == default.id:
            continue
        try:
            pack = load_pack(item["path"])
        except PackError:
            continue  # a broken optional pack is not offered; `auditor packs validate` explains it
        offered[pack.id] = _offer(pack)
    offered[default.id] = default
    return default, dict(sorted(offered.items(), key=lambda kv: (kv[0] != default.id, kv[0])))


# ---------------------------------------------------------------- the app


def _attachment(name: str, suffix: str) -> str:
    stem = Path(name).stem or "report"
    filename = f"{stem}-评分卡{suffix}"
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("_.")
    ascii_name = f"{ascii_stem}-scorecard{suffix}" if ascii_stem else f"scorecard{suffix}"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _card_policy(page: str) -> str:
    """The scorecard page's own policy as a header, sandboxed and frameable only by this site."""
    start = page.rfind("<script>")
    end = page.find("</script>", start)
    script = page[start + len("<script>"):end] if 0 <= start < end else ""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts allow-popups")


def create_app(pack: str | None = None, jobs: int | None = None, host_allow: Iterable[str] | None = None, *,
               any_ip: bool = False, timeout: float = 60.0, max_upload: int = MAX_UPLOAD,
               max_file: int = MAX_BYTES, keep: int = 200):
    """The ASGI app. ``pack`` is the default pack (an id or a folder); ``jobs`` worker processes
    (default: every CPU); ``host_allow`` the Host header values answered (see `HostGuard`)."""
    from .page import page_html, page_policy

    default, offered = _packs(pack)
    preloads = tuple((o.folder, tuple(p[0] for p in o.profiles)) for o in offered.values())
    runner = Runner(jobs or os.cpu_count() or 1, preloads, timeout)
    store = Store(max_items=keep)
    page = page_html(default, list(offered.values()), max_file)
    policy = page_policy()

    @asynccontextmanager
    async def lifespan(app):
        # NOTE: started on the main thread before anything is served, so that the workers are
        # forked from a process with no other thread busy.
        runner.start()
        try:
            yield
        finally:
            runner.stop()

    async def home(request: Request) -> Response:
        return HTMLResponse(page, headers={"Content-Security-Policy": policy})

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def packs(request: Request) -> Response:
        return JSONResponse([{"id": o.id, "title": o.title, "version": o.version, "default": o is default,
                              "profiles": [{"id": i, "title": t, "description": d} for i, t, d in o.profiles]}
                             for o in offered.values()])

    async def check(request: Request) -> Response:
        length = request.headers.get("content-length")
        if length is not None:
            if not length.strip().isdigit():
                return error(400, "请求头 Content-Length 无效", "bad_request")
            if int(length) > max_upload:
                return error(413, f"上传内容过大（{_mb(int(length))}，上限 {_mb(max_upload)}）；"
                                  f"每份报告不超过 {_mb(max_file)}", "too_large")
        try:
            reader = FormReader(request.headers.get("content-type", ""), max_body=max_upload, max_file=max_file,
                                max_text=max_file, max_parts=MAX_FILES + 10)
            parts = await read_form(request.stream(), reader)
        except TooLarge:
            return error(413, f"上传内容过大（超过上限 {_mb(max_upload)}）；每份报告不超过 {_mb(max_file)}", "too_large")
        except BadForm as exc:
            return error(422, str(exc), "bad_form")
        except ClientDisconnect:
            return error(400, "上传中断", "disconnected")
        return await _check_parts(parts)

    async def _check_parts(parts) -> Response:
        allowed = {"file", "text", "pack", "profile", "previous"}
        unknown = sorted({p.name for p in parts} - allowed)
        if unknown:
            return error(422, f"未知的字段 {'、'.join(unknown)}（可用字段：file、text、pack、profile、previous）",
                         "bad_field")
        values: dict[str, str] = {}
        for p in parts:
            if p.name in ("pack", "profile"):
                if p.filename is not None or p.too_large:
                    return error(422, f"字段 {p.name} 应为规则包或口径的编号", "bad_field")
                values[p.name] = p.data.decode("utf-8", "replace").strip()
        chosen = offered.get(values.get("pack") or default.id)
        if chosen is None:
            return error(422, f"未知的规则包 {values['pack']}（可选：{'、'.join(offered)}）", "bad_pack")
        profile = values.get("profile") or None
        if profile is not None and profile not in {p[0] for p in chosen.profiles}:
            known = "、".join(f"{i}（{t}）" for i, t, _ in chosen.profiles) or "无"
            return error(422, f"规则包 {chosen.id} 没有口径 {profile}（可选：{known}）", "bad_profile")
        # An empty file input sends a part with an empty name and no bytes: not an upload.
        files = [p for p in parts if p.name == "file" and (p.size or p.filename)]
        texts = [p for p in parts if p.name == "text" and p.filename is None and (p.size or p.too_large)]
        previous = [p for p in parts if p.name == "previous" and (p.size or p.filename)]
        if len(previous) > 1:
            return error(422, "上一年度报告（previous）只能有一份", "bad_field")
        inputs = files + texts
        if not inputs:
            return error(422, "没有收到报告：请在字段 file 中上传文件，或在字段 text 中粘贴报告全文", "no_file")
        if len(inputs) > MAX_FILES:
            return error(422, f"一次最多检查 {MAX_FILES} 份报告", "too_many")
        if previous and len(inputs) != 1:
            return error(422, "上一年度报告（previous）只能与一份报告一起检查（两者一一对应）", "bad_field")
        last = previous[0] if previous else None
        if last is not None and last.too_large:
            return error(413, f"上一年度报告过大（上限 {_mb(max_file)}）", "too_large")

        async def one(part) -> Done:
            name = PASTED if part.name == "text" else clean_filename(part.filename or "")
            if part.too_large:
                return failure_done(InputFailure(name, f"文件过大（上限 {_mb(max_file)}）", "too_large"))
            if part.name == "text":
                text = part.data.decode("utf-8", "replace")
                job = Job(name, chosen.folder, profile, text=text, timeout=timeout)
            else:
                job = Job(name, chosen.folder, profile, data=bytes(part.data), timeout=timeout)
            if last is not None:
                job = replace(job, previous=bytes(last.data), previous_name=clean_filename(last.filename or ""))
            return await runner.run(job)

        dones = await asyncio.gather(*(one(p) for p in inputs))
        ids = [store.put(d.json["document"]["path"], d) for d in dones]
        headers = {"X-Auditor-Result": ",".join(ids)}
        if len(dones) == 1:
            done = dones[0]
            status = 200
            if done.failed:
                status = 413 if done.json.get("code") == "too_large" else 400
            return JSONResponse(done.json, status_code=status, headers=headers)
        return JSONResponse([d.json for d in dones], headers=headers)

    async def result(request: Request) -> Response:
        kept = store.get(request.path_params["rid"])
        if kept is None:
            return error(404, "结果不存在或已过期（服务器只保留最近的结果），请重新检查", "not_found")
        what = request.path_params["what"]
        download = request.query_params.get("download") == "1"
        headers: dict[str, str] = {}
        if what == "card.html":
            headers["Content-Security-Policy"] = _card_policy(kept.done.html)
            if download:
                headers["Content-Disposition"] = _attachment(kept.name, ".html")
            return HTMLResponse(kept.done.html, headers=headers)
        if what == "card.json":
            if download:
                headers["Content-Disposition"] = _attachment(kept.name, ".json")
            body = json.dumps(kept.done.json, ensure_ascii=False, indent=2) + "\n"
            return Response(body, media_type="application/json; charset=utf-8", headers=headers)
        if what == "card.md":
            if download:
                headers["Content-Disposition"] = _attachment(kept.name, ".md")
            return Response(kept.done.markdown, media_type="text/markdown; charset=utf-8", headers=headers)
        return error(404, "没有这种格式（可用：card.html、card.json、card.md）", "not_found")

    async def summary(request: Request) -> Response:
        from ..render import BINARY_RENDERERS, RenderOptions

        ids = [i for i in request.query_params.get("ids", "").split(",") if i][:MAX_FILES * 5]
        kept = [k for k in (store.get(i) for i in ids) if k is not None]
        if not kept:
            return error(404, "结果不存在或已过期，请重新检查", "not_found")
        results = [k.done.result for k in kept]
        data = await run_in_threadpool(BINARY_RENDERERS["xlsx"], results, RenderOptions(single=False))
        disposition = "attachment; filename=\"summary.xlsx\"; filename*=UTF-8''" + quote("审查结果汇总.xlsx")
        return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": disposition})

    async def not_found(request: Request, exc: Exception) -> Response:
        return error(404, "没有这个页面", "not_found")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        return error(405, "不支持这种请求方法", "method_not_allowed")

    async def failed(request: Request, exc: Exception) -> Response:
        return error(500, f"服务器内部错误（{type(exc).__name__}），请重试；如果反复出现，请报告这个问题", "internal")

    routes = [
        Route("/", home, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/api/packs", packs, methods=["GET"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/r/{rid}/{what}", result, methods=["GET"]),
        Route("/summary.xlsx", summary, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_allowed, Exception: failed})
    app.state.runner = runner
    app.state.store = store
    return HostGuard(app, DEFAULT_HOSTS if host_allow is None else host_allow, any_ip=any_ip)


__all__ = ["create_app", "HostGuard", "MAX_UPLOAD", "MAX_FILES"]
