"""The local web app (`auditor serve`): the JSON API over real HTTP, and the page in a browser.

The server runs as a subprocess on a free loopback port, started the way `auditor serve` starts
it (`auditor.web.run`), and is talked to with http.client; the browser tests drive the system
Chromium through Playwright (never `playwright install`) and are skipped when either is missing.
"""

from __future__ import annotations

import asyncio
import http.client
import io
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the web app needs its dependencies: pip install starlette uvicorn python-multipart")
pytest.importorskip("uvicorn", reason="the web app needs its dependencies: pip install starlette uvicorn python-multipart")
pytest.importorskip("python_multipart", reason="the web app needs python-multipart")

import auditor  # noqa: E402
from auditor.ingest import load, load_bytes  # noqa: E402
from auditor.packs import load_pack  # noqa: E402
from auditor.pipeline import audit_document  # noqa: E402
from auditor.render.common import RenderOptions  # noqa: E402
from auditor.render.html import render_html  # noqa: E402
from auditor.render.json import to_dict  # noqa: E402
from conftest import PART_RULES, REPORTS, ROOT  # noqa: E402
from docx_fixtures import report_docx  # noqa: E402
from ofd_fixtures import report_to_ofd  # noqa: E402
from pdf_fixtures import render_pdf  # noqa: E402

REPORT01 = REPORTS / "01-county-complete.txt"
TEXT01 = REPORT01.read_text(encoding="utf-8")
# The README's screenshot is remade by this test on request (AUDITOR_SCREENSHOT=1), so that an
# ordinary run leaves the working tree as it was.
SCREENSHOT = ROOT / "docs" / "screenshot-web.png"
HAN = re.compile(r"[\u4e00-\u9fff]")
HOSTILE = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
NAME = '恶意<img src=x onerror="window.__pwned=3;alert(3)">.txt'  # a file name cannot hold "/"


# ---------------------------------------------------------------- the report in every format


def as_markdown(text: str) -> str:
    lines = text.splitlines()
    out = [f"# {lines[0]}"]
    for line in lines[1:]:
        if re.match(r"^[一二三四五六七八九十]+、", line):
            line = f"## {line}"
        elif re.match(r"^（[一二三四五六七八九十]+）", line) and len(line) < 40:
            line = f"### {line}"
        out.append(line)
    return "\n".join(out) + "\n"


def as_html(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{escape(line)}</p>" for line in lines[1:])
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{escape(lines[0])}</title></head>'
            f"<body><h1>{escape(lines[0])}</h1>{body}</body></html>")


FORMATS = {
    "txt": lambda t: t.encode("utf-8"),
    "md": lambda t: as_markdown(t).encode("utf-8"),
    "html": lambda t: as_html(t).encode("utf-8"),
    "docx": report_docx,
    "pdf": render_pdf,
    "ofd": report_to_ofd,
}


def junk(size: int = 4000) -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(size))


# ---------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(files=(), **fields: str) -> tuple[bytes, str]:
    """A multipart/form-data body: ``files`` are (field, filename, bytes)."""
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(value.encode("utf-8") + b"\r\n")
    for name, filename, data in files:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                  "Content-Type: application/octet-stream\r\n\r\n".encode("utf-8"))
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Server:
    def __init__(self, port: int, proc: subprocess.Popen, log: Path) -> None:
        self.port, self.proc, self.log = port, proc, log
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def get(self, path: str, **kw) -> tuple[int, dict[str, str], bytes]:
        return self.request("GET", path, **kw)

    def check(self, files=(), **fields: str):
        body, ctype = multipart(files, **fields)
        status, headers, data = self.request("POST", "/api/check", body, {"Content-Type": ctype})
        return status, headers, json.loads(data)

    def healthy(self) -> bool:
        try:
            return self.get("/healthz", timeout=5)[0] == 200
        except OSError:
            return False


def start_server(tmp: Path) -> Server:
    port = free_port()
    env = dict(os.environ)
    # The package the tests import (a checkout or the installed copy) is the one served.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(auditor.__file__).resolve().parents[1]),
                                                      env.get("PYTHONPATH")]))
    log = tmp / "server.log"
    code = f"import sys; from auditor.web import run; sys.exit(run('127.0.0.1', {port}, False, jobs=2))"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(port, proc, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the server exited ({proc.returncode}):\n{log.read_text()}")
        if server.healthy():
            return server
        time.sleep(0.1)
    stop_server(server)
    pytest.fail(f"the server did not answer /healthz:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    server.proc.send_signal(signal.SIGTERM)
    try:
        server.proc.wait(20)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(5)
    try:  # its worker processes, in the session the test started
        os.killpg(server.proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("web"))
    yield srv
    stop_server(srv)
    assert srv.proc.returncode == 0, srv.log.read_text()
    assert "Traceback" not in srv.log.read_text(), srv.log.read_text()


@pytest.fixture(scope="module")
def pack01():
    return load_pack()


def without_path(data: dict) -> dict:
    return {**data, "document": {k: v for k, v in data["document"].items() if k != "path"}}


# ---------------------------------------------------------------- the API


def test_health_page_and_packs(server):
    status, headers, body = server.get("/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}
    status, headers, body = server.get("/")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<input type="file" id="files" class="sr" multiple' in page and "<textarea" in page
    for profile in ("government", "department", "zone", "township"):
        assert f'value="{profile}"' in page
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page), "the page loads nothing from elsewhere"
    assert "https://" not in page and "http://" not in page
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy and "unsafe-inline" not in \
        policy.split("script-src")[1].split(";")[0]
    status, _, body = server.get("/api/packs")
    packs = json.loads(body)
    default = next(p for p in packs if p["id"] == "rule-of-law-annual")
    assert default["default"] is True
    assert {"government", "department", "zone", "township"} <= {p["id"] for p in default["profiles"]}
    assert all(p["title"] for p in default["profiles"])


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_gives_the_cli_verdicts(server, pack01, tmp_path, fmt):
    data = FORMATS[fmt](TEXT01)
    path = tmp_path / f"01-county-complete.{fmt}"
    path.write_bytes(data)
    cli = to_dict(audit_document(load(path), pack=pack01))
    status, headers, api = server.check([("file", path.name, data)])
    assert status == 200, api
    assert api["schema"] == "auditor.scorecard/1" and api["document"]["path"] == path.name
    assert without_path(api) == without_path(cli)
    statuses = {f["rule"]: f["status"] for f in api["findings"]}
    assert all(statuses[r] in ("pass", "partial") for r in PART_RULES), statuses
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,64}", headers["x-auditor-result"])


def test_the_kept_result_is_the_cli_scorecard_page_and_downloads(server, pack01):
    data = report_docx(TEXT01)
    status, headers, api = server.check([("file", "榆岭县 2023.docx", data)])
    assert status == 200
    rid = headers["x-auditor-result"]
    expected = render_html([audit_document(load_bytes(data, "榆岭县 2023.docx"), pack=pack01)], RenderOptions())
    status, headers, page = server.get(f"/r/{rid}/card.html")
    assert status == 200 and page.decode("utf-8") == expected
    assert "sandbox" in headers["content-security-policy"] and "frame-ancestors 'self'" in headers["content-security-policy"]
    status, headers, body = server.get(f"/r/{rid}/card.json?download=1")
    assert status == 200 and json.loads(body) == api
    assert headers["content-disposition"].startswith("attachment;") and "filename*=UTF-8''" in headers["content-disposition"]
    status, headers, body = server.get(f"/r/{rid}/card.md?download=1")
    assert status == 200 and body.decode("utf-8").startswith(f"# {api['document']['title']}")
    status, _, body = server.get("/r/nonexistent-id-0000/card.html")
    assert status == 404 and HAN.search(json.loads(body)["error"])


def test_several_files_give_an_array_and_an_xlsx_summary(server, pack01):
    five = (REPORTS / "05-no-shortcomings.txt").read_bytes()
    status, headers, api = server.check([("file", "01.txt", TEXT01.encode()), ("file", "05.txt", five),
                                         ("file", "坏.bin", junk())])
    assert status == 200 and isinstance(api, list) and len(api) == 3
    assert [d["document"]["path"] for d in api] == ["01.txt", "05.txt", "坏.bin"]
    assert api[0]["gate"]["passed"] is True and api[1]["gate"]["passed"] is False
    assert "error" in api[2] and HAN.search(api[2]["error"])
    assert api[1] == to_dict(audit_document(load_bytes(five, "05.txt"), pack=pack01))
    ids = headers["x-auditor-result"].split(",")
    assert len(ids) == 3
    status, headers, body = server.get("/summary.xlsx?ids=" + ",".join(ids))
    assert status == 200 and body[:4] == b"PK\x03\x04"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet.max_row == 4


def test_twenty_concurrent_uploads_all_succeed(server, pack01):
    expected = to_dict(audit_document(load(REPORT01), pack=pack01))

    def one(n: int):
        return server.check([("file", f"报告{n}.txt", TEXT01.encode("utf-8"))])

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(one, range(20)))
    for n, (status, _, api) in enumerate(results):
        assert status == 200, api
        assert api["document"]["path"] == f"报告{n}.txt"
        assert without_path(api) == without_path(expected)
    assert server.healthy()


def test_a_foreign_host_header_is_refused(server):
    for host in ("evil.example", f"evil.example:{server.port}", f"127.0.0.1.nip.io:{server.port}",
                 f"127.0.0.1:{server.port + 1}"):
        status, _, body = server.get("/healthz", headers={"Host": host})
        assert status == 400, host
        assert json.loads(body)["code"] == "bad_host" and HAN.search(json.loads(body)["error"])
        body, ctype = multipart([("file", "01.txt", TEXT01.encode())])
        status, _, _ = server.request("POST", "/api/check", body, {"Host": host, "Content-Type": ctype})
        assert status == 400
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        assert server.get("/healthz", headers={"Host": host})[0] == 200


def test_an_oversized_upload_is_refused_before_its_body_is_read(server):
    from auditor.web.app import MAX_UPLOAD

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.putrequest("POST", "/api/check")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(MAX_UPLOAD + 1))
        conn.endheaders()  # no body is sent at all: the answer comes from the header alone
        response = conn.getresponse()
        data = json.loads(response.read())
    finally:
        conn.close()
    assert response.status == 413 and data["code"] == "too_large" and HAN.search(data["error"])
    assert server.healthy()
    assert server.check([("file", "01.txt", TEXT01.encode())])[0] == 200


def test_an_upload_past_the_limit_while_streaming_is_refused(pack01):
    """Without Content-Length (chunked), the limit is checked again as the body streams in."""
    from auditor.web import create_app

    app = create_app(jobs=1, max_upload=200_000)
    boundary = "b0undary"
    chunks = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n".encode()]
    chunks += [b"x" * 65536] * 10
    sent: list[dict] = []
    pulled = 0

    async def receive():
        nonlocal pulled
        pulled += 1
        if pulled <= len(chunks):
            return {"type": "http.request", "body": chunks[pulled - 1], "more_body": True}
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/check", "raw_path": b"/api/check", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8765"), (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
                         (b"transfer-encoding", b"chunked")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8765)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert start["status"] == 413 and json.loads(body)["code"] == "too_large"
    assert pulled < len(chunks), "reading stopped at the limit, not at the end of the body"


def test_bad_uploads_get_clear_chinese_errors_and_the_server_keeps_serving(server):
    status, _, data = server.check([("file", "junk.bin", junk())])
    assert status == 400 and data["document"]["path"] == "junk.bin" and data["schema"] == "auditor.scorecard/1"
    assert HAN.search(data["error"]) and data["code"]
    png = b"\x89PNG\r\n\x1a\n" + junk(200)
    status, _, data = server.check([("file", "scan.png", png)])
    assert status == 400 and "图片" in data["error"]
    status, _, data = server.check([("file", "empty.txt", b"")])
    assert status == 400 and "空" in data["error"]
    status, _, data = server.check([("file", "01.txt", TEXT01.encode())], pack="no-such-pack")
    assert status == 422 and data["code"] == "bad_pack" and "no-such-pack" in data["error"] and HAN.search(data["error"])
    status, _, data = server.check([("file", "01.txt", TEXT01.encode())], profile="ministry")
    assert status == 422 and data["code"] == "bad_profile" and "government" in data["error"]
    status, _, data = server.check(pack="rule-of-law-annual")
    assert status == 422 and data["code"] == "no_file" and HAN.search(data["error"])
    status, _, data = server.check([("files", "01.txt", TEXT01.encode())])
    assert status == 422 and data["code"] == "bad_field"
    status, _, body = server.request("POST", "/api/check", b"{}", {"Content-Type": "application/json"})
    assert status == 422 and HAN.search(json.loads(body)["error"])
    status, _, body = server.request("POST", "/api/check", b"--x\r\ngarbage", {"Content-Type": "multipart/form-data; boundary=x"})
    assert status in (400, 422) and HAN.search(json.loads(body)["error"])
    status, _, body = server.get("/api/check")
    assert status == 405 and HAN.search(json.loads(body)["error"])
    assert server.healthy()
    status, _, data = server.check([("file", "01.txt", TEXT01.encode())])
    assert status == 200 and data["gate"]["passed"] is True


def test_pasted_text_pack_and_profile_fields(server):
    status, _, data = server.check(text=TEXT01, pack="rule-of-law-annual", profile="department")
    assert status == 200 and data["document"]["path"] == "粘贴的文本"
    assert data["pack"] == {"id": "rule-of-law-annual", "version": data["pack"]["version"], "profile": "department"}
    expected = to_dict(audit_document(load(REPORT01), pack=load_pack(None, "department")))
    assert without_path(data) == without_path(expected)
    status, _, data = server.check([("file", "01.txt", TEXT01.encode())], pack="example-province")
    assert status == 200 and data["pack"]["id"] == "example-province"


def test_last_years_report_gives_the_follow_through_table(server, pack01):
    three = (REPORTS / "03-township-short.txt").read_bytes()
    status, _, without = server.check([("file", "01.txt", TEXT01.encode())])
    assert {f["rule"]: f["status"] for f in without["findings"]}["previous.follow_through"] == "not_applicable"
    status, _, data = server.check([("file", "01.txt", TEXT01.encode()), ("previous", "03.txt", three)])
    assert status == 200, data
    finding = next(f for f in data["findings"] if f["rule"] == "previous.follow_through")
    assert finding["status"] in ("pass", "partial", "fail") and finding["table"]["rows"]
    assert finding["table"]["header"][1] and all(len(r) == len(finding["table"]["header"]) for r in finding["table"]["rows"])
    cli = to_dict(audit_document(load(REPORT01), pack=pack01, previous=load(REPORTS / "03-township-short.txt")))
    assert without_path(data) == without_path(cli)
    status, _, data = server.check([("file", "01.txt", TEXT01.encode()), ("file", "03.txt", three),
                                    ("previous", "03.txt", three)])
    assert status == 422 and data["code"] == "bad_field"
    status, _, data = server.check([("file", "01.txt", TEXT01.encode()), ("previous", "junk.bin", junk())])
    assert status == 400 and "上一年度报告" in data["error"]


# ---------------------------------------------------------------- in a browser

# The `browser` fixture (the system Chromium through Playwright) lives in conftest.py.


class View:
    """The page in a tab, with what it asked for, the dialogs it opened and its script errors."""

    def __init__(self, browser, server: Server) -> None:
        self.server = server
        self.page = browser.new_page(viewport={"width": 1440, "height": 960})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(server.base + "/")
        self.page.wait_for_function("() => document.body.dataset.state === 'idle'")

    def seq(self) -> int:
        return int(self.page.evaluate("document.body.dataset.seq"))

    def upload(self, files: list[tuple[str, bytes]]) -> str:
        """Choose files in the <input type=file>; the check starts by itself. Returns the final state."""
        before = self.seq()
        self.page.set_input_files("#files", [{"name": n, "mimeType": "application/octet-stream", "buffer": b}
                                             for n, b in files])
        self.page.wait_for_function(f"() => Number(document.body.dataset.seq) > {before}", timeout=120_000)
        return self.page.evaluate("document.body.dataset.state")

    @property
    def card(self):
        return self.page.frame_locator("#card")

    def frame(self):
        handle = self.page.query_selector("#card")
        return handle.content_frame()

    def local_only(self) -> bool:
        return all(u.startswith((self.server.base + "/", "data:", "about:")) for u in self.requests)


@pytest.fixture()
def view(browser, server):
    v = View(browser, server)
    yield v
    v.page.close()


def test_a_docx_shows_its_scorecard_with_working_evidence_links(view, pack01, tmp_path):
    docx = report_docx(TEXT01)
    expected = audit_document(load_bytes(docx, "榆岭县2023年法治政府建设报告.docx"), pack=pack01)
    assert view.upload([("榆岭县2023年法治政府建设报告.docx", docx)]) == "ready"
    page, card = view.page, view.card
    assert page.locator("#error").is_hidden() and page.locator("#batch").is_hidden()
    assert card.locator("h1").inner_text() == expected.document.meta.value("title")
    assert expected.document.meta.value("title") in page.inner_text("#cardtitle")
    for rule in PART_RULES:
        row = card.locator(f'[id="f-{rule}"]')
        assert row.count() == 1
        assert row.locator(".badge").inner_text().strip().endswith(("通过", "部分")), rule
    shown = [f for f in expected.findings if f.status != "not_applicable"]
    assert card.locator("article.f").count() == len(shown)

    # The page as a drafting office sees it: the upload panel above the scorecard.
    page.wait_for_timeout(200)
    shot = SCREENSHOT if os.environ.get("AUDITOR_SCREENSHOT") == "1" else tmp_path / "page.png"
    page.screenshot(path=str(shot))
    from test_html import png_colours

    data = shot.read_bytes()
    assert len(data) > 20_000 and len(png_colours(data)) >= 12, "the screenshot is blank"

    # An evidence link jumps to the quoted text, which is highlighted.
    link = card.locator('[id="f-part.next_year"] a.ev').first
    target = link.get_attribute("href")
    frame = view.frame()
    assert not frame.eval_on_selector(target, "el => el.classList.contains('hl')")
    link.click()
    frame.wait_for_function(f"() => location.hash === '{target}'")
    frame.wait_for_function(f"() => document.querySelector('{target}').classList.contains('hl')")
    assert frame.eval_on_selector(target, """el => {
        const r = el.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }""")

    # Downloads: the scorecard as HTML, JSON and Markdown.
    for anchor, kind in (("#dl-html", "text/html"), ("#dl-json", "application/json"), ("#dl-md", "text/markdown")):
        href = page.get_attribute(anchor, "href")
        response = page.request.get(view.server.base + href)
        assert response.status == 200 and response.headers["content-type"].startswith(kind), anchor
        assert response.headers["content-disposition"].startswith("attachment")
    assert page.request.get(view.server.base + page.get_attribute("#dl-json", "href")).json() == to_dict(expected)

    assert view.local_only(), view.requests
    assert not view.dialogs and not view.errors, (view.dialogs, view.errors)


def test_report_text_never_runs_as_script(view):
    lines = TEXT01.splitlines()
    lines[0] = lines[0] + HOSTILE
    lines[2] = lines[2] + IMG + HOSTILE
    hostile = "\n".join(lines).encode("utf-8")
    assert view.upload([(NAME, hostile)]) == "ready"
    page, frame = view.page, view.frame()
    assert HOSTILE in frame.locator("body").inner_text()  # shown as text
    page.wait_for_timeout(300)
    assert view.dialogs == []
    assert page.evaluate("window.__pwned") is None and frame.evaluate("window.__pwned") is None
    assert page.locator("script").count() == 1 and frame.locator("img").count() == 0
    # Several files: the summary table shows the hostile name as text too.
    assert view.upload([(NAME, hostile), ("01.txt", TEXT01.encode())]) == "ready"
    assert NAME in page.locator("#summary tbody tr").first.inner_text()
    assert page.evaluate("window.__pwned") is None and view.dialogs == [] and not view.errors


def test_a_junk_file_shows_a_chinese_error_and_the_page_keeps_working(view):
    assert view.upload([("junk.bin", junk())]) == "error"
    page = view.page
    message = page.inner_text("#error")
    assert page.locator("#error").is_visible() and message.startswith("无法检查 junk.bin：") and HAN.search(message[12:])
    assert page.locator("#result").is_hidden()
    assert view.upload([("01.docx", report_docx(TEXT01))]) == "ready"
    assert page.locator("#error").is_hidden()
    assert view.card.locator('[id="f-part.measures"]').count() == 1
    assert not view.errors


def test_pasted_text_is_checked_with_the_button(view):
    page = view.page
    page.click("#paste summary")
    page.fill("#text", TEXT01)
    page.select_option("#profile", "department")
    before = view.seq()
    page.click("#go")
    page.wait_for_function(f"() => Number(document.body.dataset.seq) > {before}", timeout=60_000)
    assert page.evaluate("document.body.dataset.state") == "ready"
    assert view.card.locator('[id="f-part.reasons"]').count() == 1
    assert "口径 department" in view.card.locator("dl.meta").inner_text()


def test_several_files_show_a_summary_table(view, pack01):
    five = (REPORTS / "05-no-shortcomings.txt").read_bytes()
    cards = {"01.txt": audit_document(load_bytes(TEXT01.encode(), "01.txt"), pack=pack01),
             "05.txt": audit_document(load_bytes(five, "05.txt"), pack=pack01)}
    assert view.upload([("01.txt", TEXT01.encode()), ("05.txt", five), ("junk.bin", junk())]) == "ready"
    page = view.page
    assert page.locator("#batch").is_visible() and page.locator("#result").is_hidden()
    heads = page.eval_on_selector_all("#summary thead th", "ths => ths.map(t => t.textContent)")
    assert heads[1:6] == ["报告机关", "年度", "得分", "结论", "缺失的必备内容"]
    rows = page.locator("#summary tbody tr")
    assert rows.count() == 3
    for i, name in enumerate(("01.txt", "05.txt")):
        cells = rows.nth(i).locator("td").all_inner_texts()
        card = cards[name]
        missing = [f.title for f in card.findings if f.severity == "required" and f.status == "fail"]
        assert cells[0] == name and cells[1] == card.document.meta.value("organ")
        assert cells[2] == str(card.document.meta.value("year")) and float(cells[3]) == card.score
        assert cells[4] == ("通过" if card.gate.passed else "未通过")
        assert cells[5] == ("、".join(missing) if missing else "—")
    assert "存在的不足" in rows.nth(1).locator("td").nth(5).inner_text()
    assert rows.nth(2).locator("td").nth(4).inner_text() == "无法读取" and HAN.search(rows.nth(2).inner_text())
    assert "通过 1 份，未通过 1 份，无法读取 1 份" in page.inner_text("#statustext")

    # A row opens that report's scorecard.
    rows.nth(1).click()
    page.wait_for_function("() => !!document.body.dataset.card")
    assert view.card.locator("h1").inner_text() == (cards["05.txt"].document.meta.value("title") or "（无标题）")
    assert "05.txt" in view.card.locator("dl.meta").inner_text()
    assert view.card.locator('[id="f-part.shortcomings"] .badge').inner_text().strip().endswith("缺失")
    xlsx = page.request.get(view.server.base + page.get_attribute("#xlsx", "href"))
    assert xlsx.status == 200 and xlsx.body()[:4] == b"PK\x03\x04"
    assert view.local_only() and not view.errors


def test_a_job_past_its_time_limit_becomes_a_timeout_error(pack01):
    from auditor.web.jobs import Job, run_job

    done = run_job(Job("slow.pdf", pack01.path, data=render_pdf(TEXT01), timeout=0.001))
    assert done.failed and done.json["code"] == "timeout" and "超时" in done.json["error"]
    assert "无法检查" in done.html
    done = run_job(Job("01.txt", pack01.path, data=TEXT01.encode(), timeout=60))
    assert not done.failed and done.json["gate"]["passed"] is True


def test_which_host_headers_are_answered():
    from auditor.web import allowed_hosts
    from auditor.web.app import HostGuard

    local = HostGuard(None, *allowed_hosts("127.0.0.1", 8765)[:1])
    assert local.allows("127.0.0.1:8765") and local.allows("localhost:8765") and local.allows("[::1]:8765")
    for host in ("127.0.0.1:8766", "localhost", "evil.example:8765", "192.168.1.5:8765", "", "a b", "x@127.0.0.1:8765"):
        assert not local.allows(host), host
    hosts, any_ip = allowed_hosts("0.0.0.0", 8765)
    intranet = HostGuard(None, hosts, any_ip=any_ip)
    assert any_ip and intranet.allows("192.168.1.5:8765") and intranet.allows("[fe80::1]:8765")
    assert not intranet.allows("evil.example:8765") and not intranet.allows("192.168.1.5.nip.io:8765")


def test_uploaded_file_names_are_kept_short_and_without_folders():
    from auditor.web.uploads import clean_filename

    assert clean_filename("C:\\Users\\张三\\报告.docx") == "报告.docx"
    assert clean_filename("../../etc/passwd") == "passwd"
    assert clean_filename("a\x00b\r\n.txt") == "ab.txt"
    assert clean_filename("") == "上传的文件" and len(clean_filename("长" * 500)) == 200


def test_last_years_report_can_be_chosen_in_the_page(view):
    three = (REPORTS / "03-township-short.txt").read_bytes()
    page = view.page
    page.set_input_files("#previous", [{"name": "2022年报告.txt", "mimeType": "text/plain", "buffer": three}])
    assert page.inner_text("#prevname") == "2022年报告.txt"
    assert view.upload([("01.txt", TEXT01.encode())]) == "ready"
    row = view.card.locator('[id="f-previous.follow_through"]')
    assert row.count() == 1 and row.locator("table.ft tbody tr").count() > 0
    # Last year's report goes with one report only: several files are refused in the page.
    assert view.upload([("01.txt", TEXT01.encode()), ("05.txt", TEXT01.encode())]) == "error"
    assert "上一年度报告只能与一份报告一起检查" in page.inner_text("#error")
    page.click("#clearprev")
    assert page.inner_text("#prevname") == "未选择"
    assert view.upload([("01.txt", TEXT01.encode()), ("05.txt", TEXT01.encode())]) == "ready"


def test_hidden_controls_stay_hidden_until_they_apply(view):
    page = view.page
    for selector in ("#clearprev", "#xlsx", "#error", "#batch", "#result", "#progress"):
        assert page.locator(selector).is_hidden(), selector
