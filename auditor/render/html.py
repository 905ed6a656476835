"""The scorecard as one self-contained HTML page, and an index page for a batch.

A page needs no network: CSS and JS are inline, there are no fonts, images or scripts from
elsewhere, and a Content-Security-Policy allows only the page's own script (by hash), so text
that slipped through as markup could still not run. Everything taken from a report, its path
or a pack goes through ``html.escape``; the only markup is written here.

The report text is shown beside the findings, one row per body paragraph (plus the title,
addressee, 落款 and date lines read as metadata). Every source line is an anchor ``L<n>``; a
paragraph joined from several lines carries one for each. Evidence quotes link to the line they
were found on; the quoted text is marked server-side (``<mark>`` for the first evidence of each
finding, so it shows without JavaScript) and the script highlights the one clicked.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from html import escape
from urllib.parse import quote as url_quote

from ..model import Document, Evidence, Field, Scorecard, ScoredFinding
from ..textutil import fold
from .common import SEVERITY_LABEL, STATUS_ICON, STATUS_LABEL, InputFailure, RenderOptions, missing_required, verdict

Entry = tuple["Scorecard | InputFailure", "str | None"]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _num(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------- the report text


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of the report text: a body paragraph or a metadata line."""

    line: int
    text: str
    breaks: tuple[int, ...] = ()
    page: int | None = None
    label: str | None = None  # metadata rows: 标题, 主送机关, 落款 …
    heading: bool = False

    @property
    def last(self) -> int:
        return self.line + len(self.breaks)

    def line_at(self, offset: int) -> int:
        return self.line + sum(1 for b in self.breaks if b <= offset)


# Metadata fields shown as lines of the text when they sit outside every body paragraph.
_META_ROWS = (("title", "标题"), ("addressee", "主送机关"), ("signature", "落款"), ("date", "成文日期"),
              ("published", "发布时间"), ("organ", "报告机关"), ("year", "报告年度"))


def _rows(doc: Document) -> list[_Row]:
    rows = [_Row(p.line, p.text, tuple(sorted(p.breaks)), p.page, None, p.heading_level is not None)
            for p in doc.paragraphs]
    covered = {line for r in rows for line in range(r.line, r.last + 1)}
    for name, label in _META_ROWS:
        item: Field | None = getattr(doc.meta, name)
        if item is None or item.line is None or item.line in covered:
            continue
        rows.append(_Row(item.line, item.quote or str(item.value), label=label))
        covered.add(item.line)
    rows.sort(key=lambda r: r.line)  # stable: a paragraph stays before a metadata row of its line
    return rows


def _owners(rows: list[_Row]) -> dict[int, int]:
    """Source line → index of the row that carries its anchor (the first row to claim it)."""
    owned: dict[int, int] = {}
    for i, row in enumerate(rows):
        for line in range(row.line, row.last + 1):
            owned.setdefault(line, i)
    return owned


@dataclass(frozen=True, slots=True)
class _Hit:
    """Where one piece of evidence sits in the text; ``start == end`` when its quote was not found."""

    ev: str
    row: int
    start: int
    end: int
    first: bool


def _find(row: _Row, line: int, quote: str) -> tuple[int, int] | None:
    """The occurrence of ``quote`` (without its "…") in the row, preferring one on ``line``."""
    needle = fold(quote.strip().strip("…").strip())
    if not needle:
        return None
    hay = fold(row.text)
    found: tuple[int, int] | None = None
    at = hay.find(needle)
    while at >= 0:
        span = (at, at + len(needle))
        if row.line_at(span[0]) <= line <= row.line_at(span[1] - 1):
            return span
        found = found or span
        at = hay.find(needle, at + 1)
    return found


def _row_html(row: _Row, index: int, hits: list[_Hit], owned: dict[int, int], prefix: str) -> str:
    text = row.text
    spans = [h for h in hits if h.end > h.start]
    unfound = [h for h in hits if h.end == h.start]
    anchors: dict[int, list[int]] = {}
    for k, offset in enumerate(row.breaks):
        line = row.line + k + 1
        if owned.get(line) == index:
            anchors.setdefault(min(max(offset, 0), len(text)), []).append(line)
    cuts = sorted({0, len(text), *anchors, *(h.start for h in spans), *(h.end for h in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:] + [None]):
        out.extend(f'<span class="br" id="{prefix}L{line}" data-l="{line}"></span>' for line in anchors.get(a, ()))
        if b is None:
            break
        cover = [h for h in spans if h.start <= a and h.end >= b]
        piece = _e(text[a:b])
        if cover:
            tag = "mark" if any(h.first for h in cover) else "span"
            ids = " ".join(h.ev for h in cover)
            piece = f'<{tag} class="q" data-ev="{ids}">{piece}</{tag}>'
        out.append(piece)
    classes = ["ln"]
    if row.label:
        classes.append("mline")
    if row.heading:
        classes.append("hd")
    if any(h.first for h in unfound):
        classes.append("hit")
    attrs = f' class="{" ".join(classes)}"'
    if owned.get(row.line) == index:
        attrs += f' id="{prefix}L{row.line}"'
        number = f'<a class="no" href="#{prefix}L{row.line}">{row.line}</a>'
    else:
        number = f'<span class="no">{row.line}</span>'
    if unfound:
        attrs += f' data-ev="{" ".join(h.ev for h in unfound)}"'
    page = f'<span class="pg">第{row.page}页</span>' if row.page is not None else ""
    label = f'<span class="tag">{_e(row.label)}</span>' if row.label else ""
    return f'<div{attrs}><div class="gut">{number}{page}</div><p>{label}{"".join(out)}</p></div>'


# ---------------------------------------------------------------- the scorecard


def _source(item: Field, anchor: dict[int, str]) -> str:
    """Where a metadata value was read: 落款，第33行 (the line linked to the text)."""
    where = _e(item.source)
    if item.line is not None:
        line = f"第{item.line}行"
        where += "，" + (f'<a href="#{anchor[item.line]}">{line}</a>' if item.line in anchor else line)
    return where


def _field(item: Field | None, anchor: dict[int, str]) -> str:
    if item is None:
        return '<span class="none">（未找到）</span>'
    return f'{_e(item.value)} <small class="src">（{_source(item, anchor)}）</small>'


def _evidence(e: Evidence, ev: str, anchor: dict[int, str]) -> str:
    where = _e(e.section) + (f" · 第{e.line}行" if e.line is not None else "")
    quote = f"“{_e(e.quote)}”"
    if e.line is not None and e.line in anchor:
        quote = f'<a class="ev" href="#{anchor[e.line]}" data-ev="{ev}">{quote}</a>'
    else:
        quote = f'<span class="ev-none">{quote}</span>'
    return f'<li><span class="where">{where}</span> {quote}</li>'


def _finding(f: ScoredFinding, i: int, prefix: str, anchor: dict[int, str]) -> str:
    parts = [f'<article class="f st-{_e(f.status)}" id="{prefix}f-{_e(f.rule)}">',
             f'<div class="fh"><span class="badge">{STATUS_ICON.get(f.status, "")} {STATUS_LABEL.get(f.status, _e(f.status))}'
             f'</span><h4>{_e(f.title)}</h4></div>',
             f'<p class="facts"><code>{_e(f.rule)}</code> · {_e(SEVERITY_LABEL.get(f.severity, f.severity))}'
             f' · 权重 {_num(f.weight)}</p>',
             f'<p class="msg">{_e(f.message)}</p>']
    if f.evidence:
        items = "".join(_evidence(e, f"{prefix}e{i}-{j}", anchor) for j, e in enumerate(f.evidence))
        parts.append(f'<div class="evs"><b>证据</b><ul>{items}</ul></div>')
    if f.table is not None:
        head = "".join(f"<th>{_e(h)}</th>" for h in f.table.header)
        body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in f.table.rows)
        parts.append(f'<table class="ft"><caption>{_e(f.table.title)}</caption><thead><tr>{head}</tr></thead>'
                     f"<tbody>{body}</tbody></table>")
    if f.status == "waived":
        parts.append(f'<p class="waiver"><b>豁免理由：</b>{_e(f.waiver or "（未说明）")}</p>')
    if f.status in ("fail", "partial"):
        parts.append(f'<p class="advice"><b>建议：</b>{_e(f.advice)}</p>')
        parts.append(f'<p class="basis"><b>依据：</b>{_e(f.basis)}</p>')
    parts.append("</article>")
    return "".join(parts)


def _findings(card: Scorecard, options: RenderOptions, prefix: str,
              anchor: dict[int, str]) -> tuple[str, set[int]]:
    """The findings column, and the indexes of the findings whose evidence it shows."""
    index = {id(f): i for i, f in enumerate(card.findings)}
    groups = [(c.id, f"{_e(c.title)} <span class=\"cs\">{_num(c.score)} / {_num(c.max)}</span>")
              for c in card.categories]
    known = {c.id for c in card.categories}
    if any(f.category not in known for f in card.findings):
        groups.append((None, "其他"))
    out: list[str] = []
    shown: set[int] = set()
    hidden: list[ScoredFinding] = []
    for cat, heading in groups:
        rows = [f for f in card.findings if (f.category == cat if cat is not None else f.category not in known)]
        visible = [f for f in rows if options.verbose or f.status != "not_applicable"]
        hidden.extend(f for f in rows if not (options.verbose or f.status != "not_applicable"))
        if not visible:
            continue
        out.append(f'<section class="cat"><h3>{heading}</h3>')
        for f in visible:
            shown.add(index[id(f)])
            out.append(_finding(f, index[id(f)], prefix, anchor))
        out.append("</section>")
    if hidden:
        items = "".join(f'<li><b>{_e(f.title)}</b> <code>{_e(f.rule)}</code>：{_e(f.message)}</li>' for f in hidden)
        out.append(f'<section class="na"><h3>不适用的检查项（{len(hidden)}）</h3><ul>{items}</ul></section>')
    return "".join(out), shown


def _head(card: Scorecard, anchor: dict[int, str]) -> str:
    doc = card.document
    meta = doc.meta
    title = meta.value("title")
    out = ['<header class="top"><p class="kicker">法治政府建设年度报告 · 评分卡</p>',
           f'<h1>{_e(title) if title else "（无标题）"}</h1>']
    if meta.title is not None:
        out.append(f'<p class="src">（{_source(meta.title, anchor)}）</p>')
    state = "pass" if card.gate.passed else "fail"
    out.append(f'<div class="summary"><div class="verdict {state}">'
               f'<div class="score"><b>{_num(card.score)}</b> / {_num(card.max)}</div>'
               f'<div class="gate">{"✔ 通过" if card.gate.passed else "✘ 未通过"}</div>')
    if card.gate.reasons:
        out.append("<ul>" + "".join(f"<li>{_e(r)}</li>" for r in card.gate.reasons) + "</ul>")
    counts = [(s, sum(1 for f in card.findings if f.status == s)) for s in STATUS_LABEL]
    out.append('<p class="tally">' + " · ".join(
        f'<span class="st-{s}">{STATUS_ICON[s]} {STATUS_LABEL[s]} {n}</span>' for s, n in counts if n) + "</p></div>")
    rows = [("报告机关", meta.organ), ("报告年度", meta.year), ("成文日期", meta.date)]
    rows += [(label, item) for label, item in (("发布时间", meta.published), ("主送机关", meta.addressee))
             if item is not None]
    out.append('<dl class="meta">' + "".join(f"<dt>{label}</dt><dd>{_field(item, anchor)}</dd>" for label, item in rows))
    facts = [doc.format] + ([doc.encoding] if doc.encoding else []) + [f"{doc.chars} 字"]
    if doc.pages:
        facts.append(f"{doc.pages} 页")
    out.append(f'<dt>文件</dt><dd><code>{_e(doc.path)}</code>（{_e("，".join(facts))}）</dd>')
    out.append(f"<dt>规则包</dt><dd>{_e(card.pack_id)} {_e(card.pack_version)}"
               + (f" · 口径 {_e(card.profile)}" if card.profile else "") + "</dd></dl></div>")
    if card.categories:
        out.append('<table class="cats"><caption>类别得分</caption><thead><tr><th>类别</th><th>得分</th><th>满分</th>'
                   '<th class="barh">比例</th></tr></thead><tbody>')
        for c in card.categories:
            width = 100 * c.score / c.max if c.max else 0
            out.append(f"<tr><td>{_e(c.title)}</td><td>{_num(c.score)}</td><td>{_num(c.max)}</td>"
                       f'<td class="bar"><span style="width:{width:.1f}%"></span></td></tr>')
        out.append("</tbody></table>")
    out.append("</header>")
    return "".join(out)


# A scorecard kept without its text (a batch's summary copy) still renders, saying so.
_NO_TEXT = {False: '<p class="none">（报告没有正文段落）</p>', True: '<p class="none">（此结果未附报告正文）</p>'}


def _card(card: Scorecard, options: RenderOptions, prefix: str) -> str:
    rows = _rows(card.document)
    owned = _owners(rows)
    anchor = {line: f"{prefix}L{line}" for line in owned}
    findings, shown = _findings(card, options, prefix, anchor)
    hits: dict[int, list[_Hit]] = {}
    for i in sorted(shown):
        for j, e in enumerate(card.findings[i].evidence):
            if e.line is None or e.line not in owned:
                continue
            row = owned[e.line]
            start, end = _find(rows[row], e.line, e.quote) or (0, 0)
            hits.setdefault(row, []).append(_Hit(f"{prefix}e{i}-{j}", row, start, end, j == 0))
    text = "".join(_row_html(r, k, hits.get(k, []), owned, prefix) for k, r in enumerate(rows))
    note = "" if card.document.paragraphs else _NO_TEXT[bool(card.document.chars)]
    return (f'<main class="card">{_head(card, anchor)}<div class="cols">'
            f'<section class="findings"><h2>检查结果</h2>{findings}</section>'
            f'<section class="report"><h2>报告全文</h2><p class="hint">左侧证据可点击跳转到原文；行号为原文件中的行号。</p>'
            f'<div class="text">{text}{note}</div></section></div></main>')


def _failure(failure: InputFailure) -> str:
    return (f'<main class="card"><header class="top failed"><p class="kicker">法治政府建设年度报告 · 评分卡</p>'
            f'<h1>✘ 无法检查</h1><dl class="meta"><dt>文件</dt><dd><code>{_e(failure.path)}</code></dd>'
            f"<dt>原因</dt><dd>{_e(failure.reason)}</dd><dt>代码</dt><dd><code>{_e(failure.code)}</code></dd>"
            "</dl></header></main>")


# ---------------------------------------------------------------- pages

_CSS = """
:root{--pass:#1a7f37;--partial:#b35c00;--fail:#c62828;--waived:#0b6e99;--not_applicable:#6b7280;
--line:#e3e6ea;--mark:#fff0a0;--hot:#ffcf4d;--ink:#1f2328;--dim:#667085}
*{box-sizing:border-box}
body{margin:0;background:#f5f6f8;color:var(--ink);
font:15px/1.65 system-ui,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
.card{max-width:1560px;margin:0 auto;padding:16px 20px}
hr{border:0;border-top:3px double var(--line);margin:28px 0}
.top{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 20px}
.kicker{margin:0;color:var(--dim);font-size:.85em}
h1{font-size:1.45rem;margin:.15em 0}
h2{font-size:1.15rem;margin:.3em 0 .5em}
h3{font-size:1.02rem;margin:1.1em 0 .3em;border-bottom:1px solid var(--line);padding-bottom:2px}
h4{display:inline;font-size:1em;margin:0}
.src{color:var(--dim);font-size:.85em;margin:0}
.summary{display:flex;flex-wrap:wrap;gap:12px 28px;margin-top:10px;align-items:flex-start}
.verdict{border:2px solid var(--c);border-radius:8px;padding:8px 16px;min-width:220px}
.verdict.pass{--c:var(--pass)}.verdict.fail{--c:var(--fail)}
.verdict ul{margin:.3em 0 0;padding-left:1.2em;color:var(--fail)}
.score b{font-size:2.2rem;line-height:1}
.gate{font-weight:700;font-size:1.15rem;color:var(--c)}
.tally{margin:.4em 0 0;font-size:.85em}.tally span{color:var(--c);white-space:nowrap}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0;flex:1;min-width:280px}
dl.meta dt{color:var(--dim)}dl.meta dd{margin:0;overflow-wrap:anywhere}
.none{color:var(--fail)}
table.cats{border-collapse:collapse;margin-top:12px;min-width:50%}
.cats caption{text-align:left;font-weight:700}
.cats th,.cats td{padding:2px 10px;border-bottom:1px solid var(--line);text-align:left}
.cats td:nth-child(2),.cats td:nth-child(3){text-align:right}
.bar{width:40%}.bar span{display:block;height:.7em;background:var(--pass);border-radius:3px}
.cols{display:grid;gap:20px;margin-top:18px}
@media (min-width:1000px){.cols{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.report{position:sticky;top:0;max-height:100vh;overflow:auto}}
.st-pass{--c:var(--pass)}.st-partial{--c:var(--partial)}.st-fail{--c:var(--fail)}
.st-waived{--c:var(--waived)}.st-not_applicable{--c:var(--not_applicable)}
.f{background:#fff;border:1px solid var(--line);border-left:5px solid var(--c);border-radius:6px;
padding:8px 14px;margin:8px 0}
.fh{display:flex;gap:10px;align-items:baseline}
.badge{color:var(--c);font-weight:700;white-space:nowrap}
.f p{margin:.25em 0}.facts{color:var(--dim);font-size:.85em}
.st-fail .msg{color:var(--fail)}.st-partial .msg{color:var(--partial)}
.evs ul{margin:.2em 0;padding-left:1.2em}.where{color:var(--dim);font-size:.85em}
a.ev{color:inherit;text-decoration:underline;text-decoration-color:#b8bec7;text-underline-offset:3px}a.ev:hover{background:var(--mark)}
.ft{border-collapse:collapse;width:100%;font-size:.88em;margin:.4em 0}
.ft caption{text-align:left;font-weight:700}
.ft th,.ft td{border:1px solid var(--line);padding:2px 6px;text-align:left;vertical-align:top}
.ft th{background:#f5f6f8;white-space:nowrap}
.advice b{color:var(--c)}.basis{color:var(--dim);font-size:.9em}
.na ul{color:var(--dim);font-size:.9em;padding-left:1.2em}
.report{background:#fff;border:1px solid var(--line);border-radius:8px;padding:6px 14px 14px}
.report h2{position:sticky;top:-6px;background:#fff;padding:4px 0;z-index:1}
.hint{color:var(--dim);font-size:.82em;margin:0 0 6px}
.text{font-family:"FangSong","STFangsong","仿宋",serif,"WenQuanYi Micro Hei"}
.ln{display:grid;grid-template-columns:3.6em 1fr;gap:10px;padding:3px 4px;border-radius:4px;scroll-margin:60px}
.ln p{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.gut{text-align:right;font:12px/2 ui-monospace,monospace;color:#8b949e}
.gut a{color:inherit;text-decoration:none}.pg{display:block;line-height:1}
.mline p{font-weight:600}.hd p{font-weight:700}
.tag{font:11px/1.4 system-ui,sans-serif;color:var(--dim);border:1px solid var(--line);border-radius:3px;
padding:0 4px;margin-right:6px;vertical-align:middle}
.br::before{content:attr(data-l);font:9px ui-monospace,monospace;color:#9aa1a9;vertical-align:super;margin:0 1px}
mark.q{background:var(--mark);color:inherit}
.q.hl{background:var(--hot);outline:2px solid #e0a100;border-radius:2px}
.ln.hit{background:#fffbe6}
.ln:target,.ln.hl{background:#fff6cc;box-shadow:inset 3px 0 #e0a100}
@media print{
body{background:#fff;font-size:10.5pt}
.card{max-width:none;padding:0}
.top,.f,.report{border-color:#bbb}
.cols{display:block}
.report{position:static;max-height:none;overflow:visible;break-before:page;border:0;padding:0}
.report h2{position:static}.hint{display:none}
.f,.cats tr,.ln{break-inside:avoid}
h3{break-after:avoid}
a,a.ev{color:inherit;text-decoration:none}
.ln.hl,.ln:target{box-shadow:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""

_CARD_JS = """(function(){"use strict";
var pending=null;
function show(id,ev){var t=id&&document.getElementById(id);if(!t)return;var row=t.closest(".ln");if(!row)return;
var on=document.querySelectorAll(".hl");for(var i=0;i<on.length;i++)on[i].classList.remove("hl");
row.classList.add("hl");var m=ev?row.querySelectorAll('[data-ev~="'+ev+'"]'):[];
for(var k=0;k<m.length;k++)m[k].classList.add("hl");(m.length?m[0]:t).scrollIntoView({block:"center"});}
document.addEventListener("click",function(e){var a=e.target.closest?e.target.closest("a.ev"):null;if(!a)return;
e.preventDefault();var id=a.getAttribute("href").slice(1),ev=a.getAttribute("data-ev");
if(location.hash==="#"+id){show(id,ev);}else{pending=ev;location.hash=id;}});
window.addEventListener("hashchange",function(){show(location.hash.slice(1),pending);pending=null;});
if(location.hash)show(location.hash.slice(1),null);
})();"""

_INDEX_CSS = """
body{margin:0;background:#f5f6f8;color:#1f2328;
font:15px/1.6 system-ui,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
main{max-width:1400px;margin:0 auto;padding:16px 20px}
h1{font-size:1.4rem;margin:.2em 0}
.tally{color:#667085}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #e3e6ea}
th,td{padding:6px 10px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}
th{background:#f0f2f5;white-space:nowrap}
th button{font:inherit;font-weight:700;border:0;background:none;cursor:pointer;padding:0;color:inherit}
th button::after{content:" ↕";color:#98a2b3}
th[aria-sort=ascending] button::after{content:" ↑";color:inherit}
th[aria-sort=descending] button::after{content:" ↓";color:inherit}
td.num{text-align:right;white-space:nowrap}
.v-pass{color:#1a7f37;font-weight:700}.v-fail{color:#c62828;font-weight:700}.v-error{color:#b35c00;font-weight:700}
.v-pass,.v-fail,.v-error{white-space:nowrap}
small{color:#667085;overflow-wrap:anywhere}
@media print{body{background:#fff;font-size:10pt}th button::after{content:""}tr{break-inside:avoid}
a{color:inherit;text-decoration:none}}
"""

_INDEX_JS = """(function(){"use strict";
var table=document.getElementById("idx");if(!table)return;var body=table.tBodies[0],heads=table.tHead.rows[0].cells;
function key(row,i,num){var c=row.cells[i],v=c.getAttribute("data-v");if(v===null)v=c.textContent;
if(!num)return v;v=parseFloat(v);return isNaN(v)?-1e9:v;}
function sorter(i){return function(){var th=heads[i],asc=th.getAttribute("aria-sort")!=="ascending",
num=th.hasAttribute("data-num");for(var k=0;k<heads.length;k++)heads[k].removeAttribute("aria-sort");
th.setAttribute("aria-sort",asc?"ascending":"descending");var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=key(a,i,num),y=key(b,i,num),r=num?x-y:String(x).localeCompare(String(y),"zh-CN");
return asc?r:-r;});for(var r=0;r<rows.length;r++)body.appendChild(rows[r]);};}
for(var i=0;i<heads.length;i++){var b=heads[i].querySelector("button");if(b)b.addEventListener("click",sorter(i));}
})();"""


def _page(title: str, css: str, body: str, script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    # NOTE: the policy allows only this page's own script (by hash): inline handlers and any
    # <script> that escaped escaping cannot run, and nothing can be fetched from anywhere.
    policy = (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
              "base-uri 'none'; form-action 'none'")
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>{_e(title)}</title><style>{css}</style></head>\n<body>\n{body}\n"
            f"<script>{script}</script>\n</body></html>\n")


def render_html(results: list[Scorecard | InputFailure], options: RenderOptions) -> str:
    """One self-contained page: one scorecard (or several, one after another)."""
    multi = len(results) > 1
    parts = []
    for n, result in enumerate(results):
        if isinstance(result, InputFailure):
            parts.append(_failure(result))
        else:
            parts.append(_card(result, options, f"r{n + 1}-" if multi else ""))
    if not results:
        title = "评分卡"
        parts.append('<main class="card"><p>没有可显示的结果。</p></main>')
    elif multi:
        title = f"评分卡（{len(results)} 份）"
    elif isinstance(results[0], InputFailure):
        title = f"无法检查：{results[0].path}"
    else:
        title = f"评分卡：{results[0].document.meta.value('title') or '（无标题）'}"
    return _page(title, _CSS, "\n<hr>\n".join(parts), _CARD_JS)


def _index_row(result: Scorecard | InputFailure, href: str | None) -> str:
    link = f'<a href="{_e(url_quote(href, safe="/"))}">评分卡</a>' if href else "—"
    if isinstance(result, InputFailure):
        return (f'<tr class="error"><td>—</td><td class="num" data-v="">—</td>'
                f"<td>（无法读取）<br><small>{_e(result.path)}</small></td>"
                f'<td class="num" data-v="-1">—</td><td class="v-error">{verdict(result)}</td>'
                f"<td>{_e(result.reason)}</td><td>{link}</td></tr>")
    meta = result.document.meta
    organ, year, title = meta.value("organ"), meta.value("year"), meta.value("title")
    missing = [f.title for f in missing_required(result)]
    conclusion = f'<td class="v-{"pass" if result.gate.passed else "fail"}">{verdict(result)}</td>'
    return (f'<tr class="{"pass" if result.gate.passed else "fail"}">'
            f"<td>{_e(organ) if organ else '—'}</td>"
            f'<td class="num" data-v="{_e(year if year is not None else "")}">{_e(year) if year is not None else "—"}</td>'
            f"<td>{_e(title) if title else '（无标题）'}<br><small>{_e(result.document.path)}</small></td>"
            f'<td class="num" data-v="{_num(result.score)}">{_num(result.score)}</td>{conclusion}'
            f"<td>{_e('、'.join(missing)) if missing else '—'}</td><td>{link}</td></tr>")


def render_index(entries: list[Entry], options: RenderOptions) -> str:
    """index.html for a batch: one sortable row per report, linking to its scorecard page.

    ``entries`` pairs each result with the path of its scorecard page relative to the index
    (a plain path; it is percent-encoded here), or None when there is no page to link to.
    """
    cards = [r for r, _ in entries if isinstance(r, Scorecard)]
    passed = sum(1 for c in cards if c.gate.passed)
    failed = len(entries) - len(cards)
    tally = f"共 {len(entries)} 份：通过 {passed} 份，未通过 {len(cards) - passed} 份" + (
        f"，无法读取 {failed} 份" if failed else "")
    heads = (("报告机关", False), ("年度", True), ("标题", False), ("得分", True), ("结论", False),
             ("缺失的必备内容", False))
    head = "".join(f'<th{" data-num" if num else ""}><button type="button">{name}</button></th>'
                   for name, num in heads) + "<th>评分卡</th>"
    rows = "".join(_index_row(r, href) for r, href in entries)
    body = (f'<main><h1>法治政府建设年度报告审查结果</h1><p class="tally">{tally}（点击表头排序）</p>'
            f'<table id="idx"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></main>')
    return _page("审查结果汇总", _INDEX_CSS, body, _INDEX_JS)


__all__ = ["render_html", "render_index"]
