"""Every format an office sends gives the same verdicts and metadata as the text original,
and every kind of bad file gets its one-line reason without costing the rest of the batch."""

from __future__ import annotations

import html
import io
import subprocess
import sys
import zipfile

import pytest

from auditor.ingest import load, load_bytes
from auditor.pipeline import audit_document
from conftest import REPORTS, statuses

SAMPLES = ["01-county-complete.txt", "04-outline-areas-unheaded-tail.txt", "10-three-part-department.txt"]


def modern_page(text: str, charset: str = "utf-8") -> str:
    """A portal article page: nav, breadcrumb, metadata table, article with <p>, footer."""
    lines = text.strip().splitlines()
    title, body = lines[0], [l for l in lines[1:] if l.strip()]
    paras = "".join(f"<p style='text-indent:2em'>{html.escape(l)}</p>\n" for l in body)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="{charset}">
<title>{html.escape(title)}_法治政府建设年度报告_门户网站</title>
<script>var trackers = ["<p>不是正文</p>"]; document.title = "x";</script></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/gsgg/">公示公告</a></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a>政务公开</a> &gt; 法治政府建设年度报告</div>
<table class="meta"><tr><th>索引号：</th><td>QL001/2024-00031</td><th>发布机构：</th><td>某办公室</td></tr>
<tr><th>发布日期：</th><td>2024-03-28</td><th>字号：</th><td>无</td></tr></table>
<div class="article"><h1>{html.escape(title)}</h1><div class="info">发布时间：2024-03-28 字号：<a>大</a> <a>中</a> <a>小</a></div>
{paras}</div>
<div class="share">分享到：<a>微信</a><a>微博</a></div><div class="related">相关链接：<a>2022年度法治政府建设情况报告</a></div>
<div class="footer">主办单位：某人民政府办公室 网站标识码：3300000001 ICP备案号：浙ICP备12345678号</div>
</body></html>"""


def table_page(text: str) -> str:
    """An old table-layout page: the whole article in one <td>, paragraphs separated by <br>."""
    lines = [l for l in text.strip().splitlines() if l.strip()]
    body = "<br>\n".join("&nbsp;&nbsp;&nbsp;&nbsp;" + html.escape(l) for l in lines[1:])
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{html.escape(lines[0])}-县人民政府网</title></head><body>
<table width="980"><tr><td>2019年3月6日 星期二 <a>设为首页</a> | <a>加入收藏</a></td></tr>
<tr><td><a>首页</a>&nbsp;|&nbsp;<a>政务公开</a>&nbsp;|&nbsp;<a>政务服务</a></td></tr></table>
<table width="980"><tr><td class="title"><font size="5"><b>{html.escape(lines[0])}</b></font></td></tr>
<tr><td>发布时间：2024-03-28 09:32:17 来源：县政府办公室 浏览次数：2186 【字体：<a>大</a> <a>中</a> <a>小</a>】</td></tr>
<tr><td class="content">{body}<br></td></tr>
<tr><td>【<a>打印本页</a>】【<a>关闭窗口</a>】</td></tr></table>
<table><tr><td>版权所有：某县人民政府 地址：某县某路1号 ICP备12345号</td></tr></table></body></html>"""


def _same(original, other):
    a = audit_document(original)
    b = audit_document(other)
    assert statuses(a) == statuses(b)
    for field in ("title", "organ", "year", "date"):
        assert original.meta.value(field) == other.meta.value(field), field


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("variant", ["modern html", "old table html in GBK", "gbk txt", "utf-16 txt", "utf-8 bom md"])
def test_every_variant_gives_the_txt_verdicts(name, variant):
    path = REPORTS / name
    text = path.read_text(encoding="utf-8")
    if variant == "modern html":
        data = modern_page(text).encode("utf-8")
    elif variant == "old table html in GBK":
        data = table_page(text).encode("gb18030")
    elif variant == "gbk txt":
        data = text.encode("gb18030")
    elif variant == "utf-16 txt":
        data = text.encode("utf-16")
    else:
        data = b"\xef\xbb\xbf" + text.encode("utf-8")
    other = load_bytes(data, f"variant.{variant.split()[-1]}")
    _same(load(path), other)


# ---------------------------------------------------------------- traditional-character mirrors

PINYIN = {"設": "shè", "領": "lǐng", "責": "zé", "務": "wù", "導": "dǎo", "議": "yì", "報": "bào"}


def traditional(text: str, config: str = "s2t") -> str:
    opencc = pytest.importorskip("opencc")
    return opencc.OpenCC(config).convert(text)


def _same_verdicts_names_as_written(original, mirror, mirror_text: str):
    assert statuses(audit_document(original)) == statuses(audit_document(mirror))
    for field in ("year", "date"):
        assert original.meta.value(field) == mirror.meta.value(field), field
    for field in ("title", "organ"):
        value = mirror.meta.value(field)
        assert value and value in mirror_text.replace("\n", ""), (field, value)  # as the mirror writes it


@pytest.mark.parametrize("name", SAMPLES + ["02-city-department.md", "06-no-frp-traps.txt"])
@pytest.mark.parametrize("variant", ["utf-8", "big5", "pinyin"])
def test_a_traditional_mirror_gives_the_simplified_verdicts(name, variant):
    # Big5 pages follow the Taiwan standard forms (為, not 爲).
    text = traditional((REPORTS / name).read_text(encoding="utf-8"), "s2tw" if variant == "big5" else "s2t")
    written = text
    if variant == "pinyin":  # mirror sites annotate characters: 建設(shè), 領(lǐng)導
        for char, sound in PINYIN.items():
            text = text.replace(char, f"{char}({sound})")
    # Big5 has no 〇: pages in Big5 write the circle ○ in dates.
    data = text.replace("〇", "○").encode("big5") if variant == "big5" else text.encode("utf-8")
    mirror = load_bytes(data, f"mirror{(REPORTS / name).suffix}")
    _same_verdicts_names_as_written(load(REPORTS / name), mirror, written)
    body = "".join(p.text for p in mirror.paragraphs)
    assert "(shè)" not in body and "責任" in body  # quotes keep the report's own characters


def test_a_few_latin_notes_in_brackets_are_not_taken_for_pinyin():
    text = (REPORTS / SAMPLES[0]).read_text(encoding="utf-8").replace("政务服务", "政务服务(zhèng)", 2)
    body = "".join(p.text for p in load_bytes(text.encode(), "x.txt").paragraphs)
    assert body.count("(zhèng)") == 2


def test_a_script_inside_a_saved_page_never_reaches_the_text():
    doc = load_bytes(modern_page((REPORTS / SAMPLES[0]).read_text(encoding="utf-8")).encode(), "x.html")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "trackers" not in body and "不是正文" not in body and "分享到" not in body and "相关链接" not in body


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def bad_batch(tmp_path):
    """One folder of bad inputs plus a good report."""
    from pdf_fixtures import image_pdf, render_pdf

    folder = tmp_path / "inbox"
    folder.mkdir()
    good = (REPORTS / SAMPLES[0]).read_text(encoding="utf-8")
    (folder / "good.txt").write_text(good, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b"x" * 100})
    (folder / "truncated.docx").write_bytes(docx[: len(docx) // 2])
    (folder / "bomb.docx").write_bytes(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * 30_000_000}))
    (folder / "encrypted.pdf").write_bytes(render_pdf(good, encrypt="secret"))
    (folder / "scanned.pdf").write_bytes(image_pdf())
    (folder / "junk.docx").write_bytes(bytes(range(256)) * 64)
    with (folder / "huge.txt").open("wb") as fh:  # sparse: 200 MB without writing them
        fh.truncate(200 * 1024 * 1024)
    (folder / "invalid-utf8.txt").write_bytes(b"\xff\xfe\xfd" * 10 + bytes(range(128, 256)) * 40)
    mixed = good.encode("utf-8")[:3000] + "\n存在的不足和原因\n".encode("gbk") * 40 + good.encode("utf-8")[3000:6000]
    (folder / "mixed.txt").write_bytes(mixed)
    (folder / "script.html").write_bytes(b"<html><head><script>alert(1)</script></head><body><div class='nav'>"
                                         b"<a>home</a></div><script>document.write('x')</script></body></html>")
    return folder


def test_a_batch_of_bad_inputs_loses_only_the_bad_ones(bad_batch):
    proc = subprocess.run([sys.executable, "-m", "auditor", "check", str(bad_batch), "--format", "json", "--jobs", "2"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    import json

    data = {item["document"]["path"].rsplit("/", 1)[-1]: item for item in json.loads(proc.stdout)}
    assert "error" not in data["good.txt"] and data["good.txt"]["document"]["title"]
    expected = {"empty.txt": "empty", "truncated.docx": "corrupt", "bomb.docx": "zip_bomb",
                "encrypted.pdf": "encrypted", "scanned.pdf": "needs_ocr", "junk.docx": "not_text",
                "huge.txt": "too_large", "invalid-utf8.txt": "encoding", "mixed.txt": "encoding",
                "script.html": "empty"}  # its only text is the nav bar, which is furniture
    for name, code in expected.items():
        assert data[name].get("code") == code, (name, data[name])
        lines = [l for l in proc.stderr.splitlines() if name in l]
        assert len(lines) == 1 and "\n" not in data[name]["error"], name
    assert "混有不同的文字编码" in data["mixed.txt"]["error"]


def test_related_links_after_the_article_are_not_the_signature():
    """A 相关链接 list ends each line with a date: it must not pass for the 落款 date or organ."""
    text = (REPORTS / SAMPLES[0]).read_text(encoding="utf-8")
    links = ('<div class="related"><h3>相关链接</h3><ul><li><a>某县2022年度法治政府建设情况报告</a> 2023-03-01</li>'
             '<li><a>某县2021年度法治政府建设情况报告</a> 2022-02-28</li></ul></div>')
    page = modern_page(text).replace('<div class="share">', links + '<div class="share">')
    doc = load_bytes(page.encode(), "page.html")
    assert doc.meta.value("date") == load(REPORTS / SAMPLES[0]).meta.value("date")
    assert "2021年度" not in doc.meta.value("organ") and not any("2021年度" in p.text for p in doc.paragraphs)


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize("payload,code,words", [
    ("WordDocument", "needs_conversion", "LibreOffice"),
    ("EncryptedPackage", "encrypted", "密码"),
    ("Workbook", "unsupported", "Excel"),
])
def test_legacy_office_files_get_their_one_line_reason(monkeypatch, payload, code, words):
    """Old .doc/.wps go through LibreOffice when it is installed; without it the office is told how to convert."""
    from auditor.ingest import InputError, legacy

    monkeypatch.setattr(legacy, "_soffice", lambda: None)
    with pytest.raises(InputError) as info:
        load_bytes(OLE2 + payload.encode("utf-16-le") + b"\0" * 2048, "旧报告.doc")
    assert info.value.code == code and words in info.value.reason and "\n" not in info.value.reason
