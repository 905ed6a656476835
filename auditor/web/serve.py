"""`run`: serve the app with uvicorn, print the address, warn when the intranet can reach it."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import webbrowser

from .app import DEFAULT_HOSTS, create_app

WILDCARDS = ("0.0.0.0", "::", "")


def _url_host(host: str) -> str:
    if host in WILDCARDS:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _machine_names() -> set[str]:
    names: set[str] = set()
    for get in (socket.gethostname, socket.getfqdn):
        try:
            name = get().strip().lower()
        except OSError:
            continue
        if name:
            names.add(name)
    return names


def _lan_address() -> str | None:
    """This machine's address on the local network (a UDP "connect" sends nothing)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


def allowed_hosts(host: str, port: int) -> tuple[list[str], bool]:
    """Host header values to answer, and whether any IP literal is accepted (intranet mode).

    On loopback: 127.0.0.1:PORT, localhost:PORT, [::1]:PORT and the given host. On 0.0.0.0
    (the intranet) also this machine's names and any IP address (a DNS-rebinding attack needs
    a domain name of the attacker's, never an IP literal).
    """
    entries = [f"{h}:{port}" for h in DEFAULT_HOSTS]
    if host not in WILDCARDS:
        entries.append(f"{_url_host(host)}:{port}")
        return entries, False
    entries += [f"{name}:{port}" for name in sorted(_machine_names())]
    return entries, True


class _Server:
    """uvicorn's server, announcing the address (and opening the page) once it listens."""

    def __init__(self, config, url: str, intranet: bool, open_browser: bool, port: int) -> None:
        import uvicorn

        outer = self

        class Server(uvicorn.Server):
            async def startup(self, sockets=None) -> None:
                await super().startup(sockets=sockets)
                if self.started:
                    outer.ready()

            @contextlib.contextmanager
            def capture_signals(self):
                # NOTE: uvicorn re-raises Ctrl+C / SIGTERM after its graceful shutdown; for
                # `auditor serve` stopping is the normal end, so run() just returns.
                with super().capture_signals():
                    try:
                        yield
                    finally:
                        self._captured_signals.clear()

        self.server = Server(config)
        self.url, self.intranet, self.open_browser, self.port = url, intranet, open_browser, port

    def ready(self) -> None:
        print(f"auditor 网页已启动：{self.url}  （按 Ctrl+C 停止）", flush=True)
        if self.intranet:
            lan = _lan_address()
            where = f"（局域网地址：http://{lan}:{self.port}/）" if lan else ""
            sys.stderr.write(f"警告：服务监听在所有网络接口上（0.0.0.0），局域网内的其他电脑也能打开本页面并上传报告{where}。"
                             "请只在可信的内部网络中这样使用；只在本机使用时请去掉 --host 0.0.0.0。\n")
            sys.stderr.flush()
        if self.open_browser:
            threading.Thread(target=webbrowser.open, args=(self.url,), daemon=True).start()


def run(host: str = "127.0.0.1", port: int = 8765, open_browser: bool = False, *, pack: str | None = None,
        jobs: int | None = None, timeout: float = 60.0) -> int:
    """Serve until Ctrl+C; return the exit code (0, or 2 when the pack or the port is unusable)."""
    import uvicorn

    from ..packs import PackError

    hosts, any_ip = allowed_hosts(host, port)
    try:
        app = create_app(pack, jobs, hosts, any_ip=any_ip, timeout=timeout)
    except PackError as exc:
        for message in exc.messages:
            sys.stderr.write(f"规则包错误：{message}\n")
        return 2
    config = uvicorn.Config(app, host=host or "0.0.0.0", port=port, log_level="warning", access_log=False,
                            server_header=False, proxy_headers=False, lifespan="on", timeout_graceful_shutdown=5)
    intranet = host in WILDCARDS
    wrapper = _Server(config, f"http://{_url_host(host)}:{port}/", intranet, open_browser, port)
    try:
        wrapper.server.run()
    except SystemExit:  # uvicorn exits when it cannot bind
        pass
    if not wrapper.server.started:
        sys.stderr.write(f"无法在 {host}:{port} 上启动网页服务（端口可能已被占用，可用 --port 换一个端口）\n")
        return 2
    print("auditor 网页已停止", flush=True)
    return 0
