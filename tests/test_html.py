"""The HTML scorecard and batch index: escaping, anchors, self-containment, and the page in a browser.

The browser tests open the pages in headless Chromium through Playwright, with the system
Chromium (``apt-get install chromium``; ``pip install playwright``, never ``playwright install``);
they are skipped when either is missing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from auditor.model import (CategoryScore, Document, Evidence, Field, Gate, InputFailure, Metadata, Paragraph, Scorecard,
                           ScoredFinding, Table)
from auditor.render.common import STATUS_ICON, STATUS_LABEL, RenderOptions
from auditor.render.html import render_html, render_index
from conftest import REPORTS, SHARED

HOSTILE = "<script>window.__pwned=1;alert(1)</script>"
IMG = '<img src=x onerror="window.__pwned=2;alert(2)">'
OPTIONS = RenderOptions()


# ---------------------------------------------------------------- helpers


class Page(HTMLParser):
    """The parts of a page the tests look at: tags, ids, links, scripts and quote marks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.scripts: list[str] = []
        self.quoted: dict[str, str] = {}  # evidence id → text of its marks, in order
        self.marked: set[str] = set()  # evidence ids with a server-side <mark>
        self.rows_hit: set[str] = set()  # evidence ids of whole highlighted rows (quote not found)
        self.headings: dict[str, list[str]] = {}
        self._open: list[str] = []
        self._q: list[str] | None = None
        self._heading: str | None = None
        self._text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids.append(a["id"])
        classes = (a.get("class") or "").split()
        if tag == "script":
            self._open.append("script")
        if "q" in classes:
            self._q = (a.get("data-ev") or "").split()
            if tag == "mark":
                self.marked.update(self._q)
        if "ln" in classes and "hit" in classes:
            self.rows_hit.update((a.get("data-ev") or "").split())
        if tag in ("h1", "h2", "h3", "h4", "caption"):
            self._heading, self._text = tag, []

    def handle_endtag(self, tag):
        if tag == "script" and self._open:
            self._open.pop()
        if tag in ("mark", "span"):
            self._q = None
        if tag == self._heading:
            self.headings.setdefault(tag, []).append("".join(self._text).strip())
            self._heading = None

    def handle_data(self, data):
        if self._open:
            self.scripts.append(data)
            return
        if self._q:
            for ev in self._q:
                self.quoted[ev] = self.quoted.get(ev, "") + data
        if self._heading:
            self._text.append(data)

    def hrefs(self) -> list[str]:
        return [a["href"] for tag, a in self.tags if tag == "a" and a.get("href")]


ALLOWED_TAGS = {"html", "head", "meta", "link", "title", "style", "body", "main", "header", "section", "article",
                "div", "p", "span", "a", "mark", "b", "small", "code", "ul", "li", "dl", "dt", "dd", "h1", "h2",
                "h3", "h4", "table", "caption", "thead", "tbody", "tr", "th", "td", "hr", "br", "button", "script"}


def assert_clean_markup(out: str) -> Page:
    """Only our own tags, no event-handler attributes, one script (ours, allowed by the CSP hash)."""
    page = Page(out)
    assert {tag for tag, _ in page.tags} <= ALLOWED_TAGS
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
    assert [tag for tag, _ in page.tags].count("script") == 1
    script = "".join(page.scripts)
    assert "pwned" not in script and "alert" not in script
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    policy = next(a["content"] for tag, a in page.tags if tag == "meta" and a.get("http-equiv"))
    assert f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    return page


def assert_links_resolve(out: str) -> Page:
    page = Page(out)
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    for href in page.hrefs():
        assert href.startswith("#"), href
        assert href[1:] in page.ids, href
    return page


def text_of(out: str) -> str:
    """The text a reader sees (our own tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]*>", "", out))


def row_of(out: str, anchor: str) -> str:
    """The HTML of the text row holding the anchor ``anchor``."""
    at = out.index(f'id="{anchor}"')
    start = out.rindex('<div class="ln', 0, at)
    end = out.find('<div class="ln', at)
    return out[start:end if end >= 0 else len(out)]


def finding(rule: str, status: str, evidence: tuple[Evidence, ...] = (), **kw) -> ScoredFinding:
    values = dict(rule=rule, title=f"检查项{rule}", category="parts", severity="required", weight=10.0,
                  status=status, score=1.0 if status == "pass" else 0.0, message=f"说明{rule}",
                  basis="《规定》第三条 & 第四条", advice="请补写<b>原因</b>分析", evidence=evidence)
    values.update(kw)
    return ScoredFinding(**values)


def hostile_card() -> Scorecard:
    """A scorecard whose every text field tries to inject markup, with a paragraph on three lines."""
    title = f'某县人民政府{HOSTILE}关于2023年度法治政府建设情况的报告 & "引号"'
    p0 = f"一、主要举措{IMG}和成效 & \"双引号\" '单引号'"
    p1 = "第一行的内容写在这里，" + "第二行<script>alert(3)</script>接着写，" + "第三行写完了。"
    b1 = p1.index("第二行")
    b2 = p1.index("第三行")
    doc = Document(
        path='reports/<script>alert("path")</script>.txt', format="txt", encoding="utf-8",
        paragraphs=(Paragraph(0, p0, 3), Paragraph(1, p1, 5, breaks=(b1, b2), page=2)),
        meta=Metadata(title=Field(title, "标题", 1, title), organ=Field("某县<b>人民政府</b>", "落款", 9, "某县<b>人民政府</b>"),
                      year=Field(2023, "标题", 1, title), date=Field("2024-03-01", "落款", 10, "2024年3月1日"),
                      signature=Field("某县<b>人民政府</b>", "落款", 9, "某县<b>人民政府</b>")),
        chars=len(p0) + len(p1))
    findings = (
        finding("part.a", "pass", (Evidence("一、主要举措", 6, "…二行<script>alert(3)</script>接着…"),
                                   Evidence("一、主要举措", 3, f"{IMG}和成效"))),
        finding("part.b", "partial", (Evidence("（全文）", 3, "报告里没有这句话"),)),
        finding("part.c", "fail", table=Table("不足与安排<对应>", ("不足<b>", "安排"), (("<i>执法</i>", "已对应 & 落实"),))),
        finding("part.d", "waived", waiver="经<i>批准</i>豁免"),
        finding("part.e", "not_applicable", category="other", message="不适用<u>说明</u>"),
        finding("part.f", "pass", (Evidence("标题", 1, "某县人民政府"), Evidence("（全文）", 99, "不在正文中的行"))),
        finding("misc.g", "pass", (Evidence("落款", 10, "2024年3月1日"),), category="misc", severity="info"),
    )
    return Scorecard(document=doc, pack_id="pack<x>", pack_version="1&2", profile="<township>", findings=findings,
                     categories=(CategoryScore("parts", "法定<内容>", 20, 40), CategoryScore("other", "其他要求", 0, 0)),
                     score=50, max=100, gate=Gate(False, ("必备内容“<script>x</script>”缺失",)))


@pytest.fixture(scope="module")
def card03():
    from auditor import audit

    return audit(str(REPORTS / "03-township-short.txt"))


def hostile_report_text() -> str:
    text = (REPORTS / "03-township-short.txt").read_text(encoding="utf-8")
    text = text.replace("檀口乡人民政府关于", f"檀口乡人民政府{HOSTILE}关于", 1)
    text = text.replace("在依法履职方面，", f"在依法履职方面，{IMG} & \"引号\" ", 1)
    return text.replace("2023年，我乡将重点抓好以下工作：", "2023年，我乡</script><script>alert(3)</script>将重点抓好以下工作：", 1)


@pytest.fixture(scope="module")
def hostile_audited():
    from auditor.ingest import load_text
    from auditor.pipeline import audit_document

    return audit_document(load_text(hostile_report_text(), "<报告>.txt"))


# ---------------------------------------------------------------- escaping


def test_report_text_and_metadata_are_escaped_everywhere():
    out = render_html([hostile_card()], OPTIONS)
    assert_clean_markup(out)
    for raw in ("<script>window", "<script>alert", "<img", "<b>人民政府", "<i>批准", "<u>说明", "<内容>", "<x>",
                "<township>"):
        assert raw not in out, raw
    assert "&lt;script&gt;window.__pwned=1;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=&quot;window.__pwned=2;alert(2)&quot;&gt;" in out
    assert "&amp; &quot;双引号&quot; &#x27;单引号&#x27;" in out
    page = Page(out)
    assert HOSTILE in page.headings["h1"][0]  # shown as text, exactly


def test_a_real_report_with_markup_in_it_is_escaped(hostile_audited):
    out = render_html([hostile_audited], OPTIONS)
    assert_clean_markup(out)
    assert "<img" not in out and "<script>window" not in out and "</script><script>alert" not in out
    assert "2023年，我乡</script><script>alert(3)</script>将重点" in text_of(out)
    assert_links_resolve(out)


def test_the_index_escapes_too(card03):
    out = render_index([(hostile_card(), "cards/<x>.html"), (InputFailure("<b>bad</b>.pdf", "无法<i>读取</i>"), None),
                        (card03, "03.html")], OPTIONS)
    assert_clean_markup(out)
    assert "<b>bad" not in out and "<i>读取" not in out and "<script>window" not in out
    assert 'href="cards/%3Cx%3E.html"' in out


# ---------------------------------------------------------------- anchors and evidence links


def test_a_paragraph_on_several_lines_is_reachable_from_each_of_them():
    out = render_html([hostile_card()], OPTIONS)
    page = assert_links_resolve(out)
    for line in (1, 3, 5, 6, 7, 9, 10):
        assert f"L{line}" in page.ids, line
    row = row_of(out, "L5")
    assert 'id="L6"' in row and 'id="L7"' in row and "第2页" in row
    assert 'href="#L6" data-ev="e0-0"' in out  # evidence on line 6 links to line 6, inside the paragraph
    assert '<mark class="q" data-ev="e0-0">' in row


def test_evidence_quotes_are_marked_without_the_ellipsis():
    page = Page(render_html([hostile_card()], OPTIONS))
    assert page.quoted["e0-0"] == "二行<script>alert(3)</script>接着"
    assert page.quoted["e0-1"] == f"{IMG}和成效"
    assert "e0-0" in page.marked and "e0-1" not in page.marked  # only the first evidence is a <mark>
    assert page.quoted["e6-0"] == "2024年3月1日"  # a metadata line (落款 date) is part of the text


def test_a_quote_not_in_the_text_highlights_its_paragraph():
    out = render_html([hostile_card()], OPTIONS)
    page = Page(out)
    assert "e1-0" in page.rows_hit
    assert 'class="ln hit"' in row_of(out, "L3")


def test_evidence_on_a_line_not_in_the_text_is_not_a_link():
    out = render_html([hostile_card()], OPTIONS)
    assert "L99" not in Page(out).ids
    assert "#L99" not in out
    assert '<span class="ev-none">“不在正文中的行”</span>' in out


def test_every_evidence_line_of_a_real_report_has_an_anchor_and_its_first_quote_is_marked(card03):
    out = render_html([card03], OPTIONS)
    page = assert_links_resolve(out)
    for i, f in enumerate(card03.findings):
        for e in f.evidence:
            assert e.line is None or f"L{e.line}" in page.ids, (f.rule, e.line)
        if f.evidence and f.evidence[0].line is not None and f.status != "not_applicable":
            assert f"e{i}-0" in page.marked, f.rule
            assert f'href="#L{f.evidence[0].line}" data-ev="e{i}-0"' in out


def _corpus() -> list[Path]:
    files = sorted(p for p in REPORTS.iterdir() if p.suffix in (".txt", ".md"))
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        files += sorted(seeds.glob("*.txt"))
    return files


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name)
def test_every_sample_renders_with_resolving_links_and_anchored_evidence(path):
    from auditor import audit

    card = audit(str(path))
    out = render_html([card], OPTIONS)
    assert_clean_markup(out)
    page = assert_links_resolve(out)
    lines = {line for p in card.document.paragraphs for line in range(p.line, p.line + len(p.breaks) + 1)}
    for p in card.document.paragraphs:
        assert f"L{p.line}" in page.ids
    for f in card.findings:
        for e in f.evidence:
            if e.line in lines:
                assert f"L{e.line}" in page.ids, (f.rule, e.line)


def test_several_results_on_one_page_keep_their_ids_apart(card03):
    from auditor import audit

    out = render_html([card03, audit(str(REPORTS / "01-county-complete.txt")), InputFailure("x.pdf", "文件为空")],
                      RenderOptions(single=False))
    page = assert_links_resolve(out)
    assert "r1-L9" in page.ids and "r2-L1" in page.ids
    assert out.count('<main class="card">') == 3 and "无法检查" in out


# ---------------------------------------------------------------- self-contained, structure


def test_the_page_is_self_contained(card03):
    for out in (render_html([card03], OPTIONS), render_html([hostile_card()], OPTIONS),
                render_index([(card03, "03.html")], OPTIONS)):
        assert not re.search(r"https?://", out)
        assert '<meta charset="utf-8">' in out
        assert "@media print" in out
        page = Page(out)
        for tag, attrs in page.tags:
            assert "src" not in attrs
            if tag == "link":
                assert attrs.get("href") == "data:,"
        assert not any(tag == "link" and a.get("rel") == "stylesheet" for tag, a in page.tags)


def test_the_scorecard_has_its_headings_and_one_article_per_finding(card03):
    out = render_html([card03], OPTIONS)
    page = Page(out)
    assert page.headings["h1"] == [card03.document.meta.value("title")]
    assert page.headings["h2"] == ["检查结果", "报告全文"]
    assert "类别得分" in page.headings["caption"]
    shown = [f for c in card03.categories for f in card03.findings if f.category == c.id and f.status != "not_applicable"]
    assert len(shown) == sum(1 for f in card03.findings if f.status != "not_applicable")
    assert page.headings["h4"] == [f.title for f in shown]  # grouped by category, in the pack's order
    assert [a["id"] for t, a in page.tags if t == "article"] == [f"f-{f.rule}" for f in shown]
    assert any(h.startswith("不适用的检查项") for h in page.headings["h3"])
    assert f"<b>{card03.score:g}</b> / 100" in out and "✘ 未通过" in out
    assert "必备内容“存在不足的原因分析”缺失" in out
    for label in ("报告机关", "报告年度", "成文日期", "文件", "规则包"):
        assert f"<dt>{label}</dt>" in out
    assert "（落款，<a href=\"#L33\">第33行</a>）" in out


def test_findings_show_status_advice_basis_and_waiver():
    out = render_html([hostile_card()], OPTIONS)

    def article(rule: str) -> str:
        start = out.index(f'id="f-{rule}"')
        return out[start:out.index("</article>", start)]

    assert f"{STATUS_ICON['pass']} {STATUS_LABEL['pass']}" in article("part.a") and "建议" not in article("part.a")
    for rule in ("part.b", "part.c"):
        assert "建议：</b>请补写&lt;b&gt;原因&lt;/b&gt;分析" in article(rule)
        assert "依据：</b>《规定》第三条 &amp; 第四条" in article(rule)
    assert "豁免理由：</b>经&lt;i&gt;批准&lt;/i&gt;豁免" in article("part.d")
    assert ('<table class="ft"><caption>不足与安排&lt;对应&gt;</caption><thead><tr><th>不足&lt;b&gt;</th><th>安排</th>'
            "</tr></thead><tbody><tr><td>&lt;i&gt;执法&lt;/i&gt;</td><td>已对应 &amp; 落实</td></tr></tbody></table>"
            in article("part.c"))
    assert "必备 · 权重 10" in article("part.a") and "参考" in article("misc.g")
    headings = Page(out).headings["h3"]
    assert "其他" in headings  # a category the scorecard does not list still shows its findings
    assert "part.e" not in [a.get("id") for t, a in Page(out).tags if t == "article"]


def test_verbose_shows_not_applicable_findings_in_full():
    out = render_html([hostile_card()], RenderOptions(verbose=True))
    assert 'id="f-part.e"' in out and "不适用的检查项" not in out


def test_a_report_without_title_or_metadata():
    doc = Document(path="x.txt", format="txt", encoding=None, paragraphs=(Paragraph(0, "正文一段。", 1),),
                   meta=Metadata(), chars=5)
    card = Scorecard(doc, "p", "1", None, (), (), 0, 100, Gate(False, ()))
    out = render_html([card], OPTIONS)
    assert Page(out).headings["h1"] == ["（无标题）"]
    assert out.count("（未找到）") == 3
    assert_links_resolve(out)


def test_a_scorecard_kept_without_its_text_still_renders(card03):
    from dataclasses import replace

    slim = replace(card03, document=replace(card03.document, paragraphs=(), removed=()))
    out = render_html([slim], OPTIONS)
    assert "此结果未附报告正文" in out
    page = assert_links_resolve(out)
    assert "L1" in page.ids and "L9" not in page.ids  # metadata lines remain; body evidence is plain text
    assert '<span class="ev-none">' in out


def test_an_input_failure_page():
    out = render_html([InputFailure("报告<1>.pdf", "文件为空 <b>", "empty")], OPTIONS)
    assert_clean_markup(out)
    assert "无法检查" in Page(out).headings["h1"][0]
    assert "报告&lt;1&gt;.pdf" in out and "文件为空 &lt;b&gt;" in out


def test_the_index_lists_every_report_with_its_verdict_and_link(card03):
    from auditor import audit

    card01 = audit(str(REPORTS / "01-county-complete.txt"))
    out = render_index([(card03, "03 报告.html"), (InputFailure("坏.pdf", "文件为空"), None), (card01, "01.html")],
                       OPTIONS)
    page = Page(out)
    assert page.headings["h1"] == ["法治政府建设年度报告审查结果"]
    assert [a.get("class") for t, a in page.tags if t == "tr"] == [None, "fail", "error", "pass"]
    buttons = re.findall(r'<button type="button">([^<]+)</button>', out)
    assert buttons == ["报告机关", "年度", "标题", "得分", "结论", "缺失的必备内容"]
    assert page.hrefs() == ["03%20%E6%8A%A5%E5%91%8A.html", "01.html"]
    assert ">未通过<" in out and ">通过<" in out and ">无法读取<" in out
    row03 = out[out.index('<tr class="fail">'):]
    assert "存在不足的原因分析" in row03[:row03.index("</tr>")]
    assert "共 3 份：通过 1 份，未通过 1 份，无法读取 1 份" in out


# ---------------------------------------------------------------- in a browser

# The `browser` fixture (the system Chromium through Playwright) lives in conftest.py.


class Opened:
    def __init__(self, browser, path: Path, width: int = 1400) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(path.as_uri())

    def in_view(self, selector: str) -> bool:
        """Whether the element is visible in the window and in the scrolling text column."""
        return self.page.eval_on_selector(selector, """el => {
            const r = el.getBoundingClientRect(), box = el.closest('.report').getBoundingClientRect();
            return r.bottom > Math.max(0, box.top) && r.top < Math.min(innerHeight, box.bottom);
        }""")


def png_colours(data: bytes, enough: int = 12) -> set[bytes]:
    """Distinct pixel colours of an 8-bit RGB(A) PNG, decoded with zlib (stops once ``enough`` are seen)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat += chunk
    assert depth == 8 and ctype in (2, 6)
    bpp = 3 if ctype == 2 else 4
    raw, stride, colours = zlib.decompress(idat), width * bpp, set()
    prev = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[i:i + bpp]) for i in range(0, stride, bpp))
        if len(colours) >= enough:
            break
        prev = line
    return colours


def test_the_scorecard_in_a_browser(browser, card03, tmp_path):
    path = tmp_path / "03.html"
    path.write_text(render_html([card03], OPTIONS), encoding="utf-8")
    view = Opened(browser, path)
    page = view.page
    assert page.inner_text("h1") == card03.document.meta.value("title")
    assert page.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent)") == ["检查结果", "报告全文"]
    shown = [f for f in card03.findings if f.status != "not_applicable"]
    assert page.locator("article.f").count() == len(shown)
    for f in shown:
        row = page.locator(f'[id="f-{f.rule}"]')
        assert row.count() == 1 and f.title in row.inner_text()
        assert STATUS_LABEL[f.status] in row.locator(".badge").inner_text()

    # The next-year plan is far down the text: not in view until its evidence is clicked.
    target = f"#L{next(f for f in card03.findings if f.rule == 'part.next_year').evidence[0].line}"
    assert not view.in_view(target)
    page.locator('[id="f-part.next_year"] a.ev').first.click()
    page.wait_for_function(f"location.hash === '{target}'")
    assert view.in_view(target)
    assert page.eval_on_selector(target, "el => el.classList.contains('hl') && !!el.querySelector('.q.hl')")

    # A quote clipped with "…" is found and marked inside its paragraph.
    link = page.locator('[id="f-part.shortcomings"] a.ev').first
    link.click()
    page.wait_for_function(f"location.hash === '{link.get_attribute('href')}'")
    marked = page.eval_on_selector(link.get_attribute("href"), "el => el.querySelector('.q.hl').textContent")
    assert marked and marked in link.inner_text() and "…" not in marked
    assert page.locator(".ln.hl").count() == 1

    assert view.requests == [path.as_uri()]
    assert view.dialogs == [] and view.errors == []
    shot = tmp_path / "card.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000
    assert len(png_colours(shot.read_bytes())) >= 12
    page.close()


def test_markup_in_a_report_never_runs_in_the_browser(browser, hostile_audited, tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(render_html([hostile_audited], OPTIONS), encoding="utf-8")
    view = Opened(browser, path)
    page = view.page
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert view.dialogs == []
    assert view.requests == [path.as_uri()]  # no <img src=x> was ever fetched
    assert view.errors == []  # nothing even had to be refused by the content security policy
    assert HOSTILE in page.inner_text("h1")
    assert IMG in page.inner_text(".report")
    assert page.locator(".report img, .report script, .findings img").count() == 0
    page.locator("a.ev").first.click()
    page.wait_for_function("location.hash.startsWith('#L')")
    assert page.locator(".ln.hl").count() == 1
    assert page.evaluate("typeof window.__pwned") == "undefined" and view.dialogs == []
    page.close()


def test_two_columns_when_wide_stacked_when_narrow_or_printed(browser, card03, tmp_path):
    path = tmp_path / "03.html"
    path.write_text(render_html([card03], OPTIONS), encoding="utf-8")
    boxes = "() => [document.querySelector('.findings'), document.querySelector('.report')]" \
            ".map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; })"
    wide = Opened(browser, path, 1400).page
    (fl, fr, ft, fb), (rl, rr, rt, rb) = wide.evaluate(boxes)
    assert rl >= fr and abs(rt - ft) < 5
    wide.emulate_media(media="print")
    (fl, fr, ft, fb), (rl, rr, rt, rb) = wide.evaluate(boxes)
    assert rt >= fb and abs(rl - fl) < 5
    assert wide.eval_on_selector(".report", "e => getComputedStyle(e).overflow") == "visible"
    assert wide.eval_on_selector("article.f", "e => getComputedStyle(e).breakInside") == "avoid"
    assert len(wide.pdf()) > 10_000
    wide.close()
    narrow = Opened(browser, path, 700).page
    (fl, fr, ft, fb), (rl, rr, rt, rb) = narrow.evaluate(boxes)
    assert rt >= fb
    narrow.close()


def test_the_index_sorts_and_links_in_a_browser(browser, card03, tmp_path):
    from auditor import audit

    card01 = audit(str(REPORTS / "01-county-complete.txt"))
    (tmp_path / "cards").mkdir()
    (tmp_path / "cards" / "03 报告.html").write_text(render_html([card03], OPTIONS), encoding="utf-8")
    (tmp_path / "cards" / "01.html").write_text(render_html([card01], OPTIONS), encoding="utf-8")
    index = tmp_path / "index.html"
    index.write_text(render_index([(card03, "cards/03 报告.html"), (InputFailure("坏.pdf", "文件为空"), None),
                                   (card01, "cards/01.html")], OPTIONS), encoding="utf-8")
    view = Opened(browser, index)
    page = view.page
    scores = "() => [...document.querySelectorAll('#idx tbody tr')].map(r => r.cells[3].textContent)"
    assert page.evaluate(scores) == [f"{card03.score:g}", "—", f"{card01.score:g}"]
    page.locator("th button").nth(3).click()
    assert page.evaluate(scores) == ["—"] + sorted([f"{card03.score:g}", f"{card01.score:g}"], key=float)
    page.locator("th button").nth(3).click()
    assert page.evaluate(scores) == sorted([f"{card03.score:g}", f"{card01.score:g}"], key=float, reverse=True) + ["—"]
    assert page.get_attribute("th:has-text('得分')", "aria-sort") == "descending"
    page.locator("th button").nth(4).click()
    verdicts = page.evaluate("() => [...document.querySelectorAll('#idx tbody tr')].map(r => r.cells[4].textContent)")
    assert sorted(verdicts) == sorted(["通过", "未通过", "无法读取"]) and verdicts != ["无法读取"] * 3
    assert view.dialogs == [] and view.errors == []
    assert view.requests == [index.as_uri()]
    page.click("a >> nth=0")  # the first row after sorting by verdict, whichever it is
    page.wait_for_load_state("load")
    assert page.url.startswith((tmp_path / "cards").as_uri())
    assert page.inner_text("h2 >> nth=0") == "检查结果"
    page.close()
