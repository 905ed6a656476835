"""The upload page: one self-contained Chinese page (inline CSS and JS, nothing fetched from elsewhere).

The page's script is allowed by its hash (`page_policy`), so markup that slipped into the page
could not run. Everything the script shows from a report or a server message is set with
``textContent``; the scorecard itself is the `render_html` page, shown in a sandboxed iframe
from ``/r/<id>/card.html``.
"""

from __future__ import annotations

import base64
import hashlib
import json
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .app import Offered

ACCEPT = ".docx,.doc,.wps,.pdf,.ofd,.html,.htm,.shtml,.txt,.text,.md,.markdown"

_CSS = """
:root{--ink:#1f2328;--dim:#667085;--line:#d9dde3;--accent:#0b5cad;--pass:#1a7f37;--fail:#c62828;--warn:#b35c00}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:#f5f6f8;color:var(--ink);
font:15px/1.6 system-ui,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
.bar{background:#12355b;color:#fff;padding:10px 24px;display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
.bar h1{font-size:1.25rem;margin:0}.bar p{margin:0;color:#c9d6e6;font-size:.88em}
main{max-width:1600px;margin:0 auto;padding:14px 20px 24px}
.panel{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:14px 20px;background:#fff;
border:1px solid var(--line);border-radius:8px;padding:14px 18px}
@media (max-width:900px){.panel{grid-template-columns:1fr}}
.drop{border:2px dashed #9fb3c8;border-radius:8px;padding:16px 18px;text-align:center;background:#f8fbff;outline:none}
.drop.over,.drop:focus-visible{border-color:var(--accent);background:#eaf3ff}
.drop .big{font-size:1.15rem;font-weight:700;margin:.1em 0}
.drop p{margin:.3em 0}
.hint{color:var(--dim);font-size:.85em}
.btn{display:inline-block;font:inherit;font-weight:600;color:#fff;background:var(--accent);border:0;border-radius:5px;
padding:4px 14px;cursor:pointer;text-decoration:none}
.btn:hover{background:#094a8c}
.btn.light{background:#e8edf3;color:var(--ink)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.side{display:flex;flex-direction:column;gap:8px}
.side>label,.lbl{display:block;font-size:.9em;color:var(--dim)}
#prevname{overflow-wrap:anywhere}
.side select{font:inherit;width:100%;padding:3px 6px;margin-top:2px}
.prev{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
details{margin-top:10px;text-align:left}
summary{cursor:pointer;color:var(--accent)}
textarea{width:100%;font:14px/1.6 inherit;margin:6px 0;padding:6px;border:1px solid var(--line);border-radius:5px;resize:vertical}
.error{margin:12px 0 0;padding:10px 14px;border:1px solid #f3b7b7;border-left:5px solid var(--fail);border-radius:6px;
background:#fff5f5;color:var(--fail);font-weight:600;white-space:pre-wrap;overflow-wrap:anywhere}
.status{min-height:1.6em;margin:8px 0 0;color:var(--dim);display:flex;gap:10px;align-items:center}
progress{width:240px}
.block{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;margin-top:12px}
.head{display:flex;gap:14px;align-items:baseline;flex-wrap:wrap;justify-content:space-between}
.head h2{font-size:1.08rem;margin:.2em 0;overflow-wrap:anywhere}
.downloads{font-size:.9em;color:var(--dim)}.downloads a{margin-left:8px}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{padding:5px 8px;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f0f2f5;white-space:nowrap}
td.num{text-align:right;white-space:nowrap}
tbody tr.pass,tbody tr.fail{cursor:pointer}
tbody tr:hover{background:#f7fafe}tbody tr.sel{background:#fff6cc}
tr.pass .v{color:var(--pass);font-weight:700}tr.fail .v{color:var(--fail);font-weight:700}
tr.unread .v{color:var(--warn);font-weight:700}tr.wait .v{color:var(--dim)}
td button{font:inherit;font-size:.9em;padding:1px 10px;cursor:pointer}
iframe{display:block;width:100%;height:calc(100vh - 60px);min-height:560px;border:1px solid var(--line);border-radius:6px;
background:#fff;margin-top:6px}
"""

_JS = """(function(){"use strict";
var $=function(id){return document.getElementById(id);};
var body=document.body,MAX=parseInt(body.getAttribute("data-max"),10)||0,gen=0,seq=0;
function mb(n){return (n/1048576).toFixed(n<10485760?1:0)+" MB";}
function state(s){body.setAttribute("data-state",s);if(s!=="busy"){seq+=1;body.setAttribute("data-seq",String(seq));}}
function say(t){$("statustext").textContent=t;}
function fail(t){var e=$("error");e.textContent=t;e.hidden=false;}
function progress(value,max){var p=$("progress");if(max===null){p.hidden=true;return;}p.hidden=false;
if(max){p.max=max;p.value=value;}else{p.removeAttribute("value");}}
function profiles(){var opt=$("pack").options[$("pack").selectedIndex],list=[];
try{list=JSON.parse(opt.getAttribute("data-profiles")||"[]");}catch(e){list=[];}
var sel=$("profile"),keep=sel.value;while(sel.options.length>1)sel.remove(1);
list.forEach(function(p){var o=document.createElement("option");o.value=p[0];o.textContent=p[1];sel.appendChild(o);});
sel.value=keep;if(sel.value!==keep)sel.value="";}
function form(){var fd=new FormData();fd.append("pack",$("pack").value);
if($("profile").value)fd.append("profile",$("profile").value);return fd;}
function post(fd){return fetch("/api/check",{method:"POST",body:fd,credentials:"same-origin",cache:"no-store"}).then(
function(r){var id=(r.headers.get("X-Auditor-Result")||"").split(",")[0];return r.text().then(function(t){var d=null;
try{d=JSON.parse(t);}catch(e){d=null;}
if(!d||typeof d!=="object"||Array.isArray(d))d={error:"服务器返回了无法识别的内容（HTTP "+r.status+"）"};
return {id:/^[A-Za-z0-9_-]+$/.test(id)?id:"",data:d};});},
function(){return {id:"",data:{error:"无法连接到本机的检查服务，请确认 auditor serve 仍在运行"}};});}
function title(d){return (d.document&&d.document.title)||"（无标题）";}
function missing(d){return (d.findings||[]).filter(function(f){return f.severity==="required"&&f.status==="fail";})
.map(function(f){return f.title;});}
function href(id,what,dl){return "/r/"+encodeURIComponent(id)+"/"+what+(dl?"?download=1":"");}
function reset(){gen+=1;$("error").hidden=true;$("error").textContent="";say("");progress(0,null);
$("batch").hidden=true;$("result").hidden=true;fresh();return gen;}
function fresh(){var old=$("card"),f=document.createElement("iframe");f.id="card";f.title="评分卡";
f.setAttribute("sandbox","allow-scripts allow-popups");old.parentNode.replaceChild(f,old);return f;}
function showCard(id,d,g){var f=fresh(),name=(d.document&&d.document.path)||"report",stem=name.replace(/\\.[^.]*$/,"")||"report";
$("result").hidden=false;
$("cardtitle").textContent="评分卡："+title(d)+"（"+d.score+" 分，"+(d.gate&&d.gate.passed?"通过":"未通过")+"）";
[["dl-html","card.html",".html"],["dl-json","card.json",".json"],["dl-md","card.md",".md"]].forEach(function(x){
var a=$(x[0]);a.setAttribute("href",href(id,x[1],true));a.setAttribute("download",stem+"-评分卡"+x[2]);});
f.addEventListener("load",function(){if(g===gen){body.setAttribute("data-card",id);state("ready");}});
f.setAttribute("src",href(id,"card.html",false));}
function single(fd,name,g){state("busy");say("正在检查 "+name+" ……");progress(0,0);
post(fd).then(function(res){if(g!==gen)return;progress(0,null);
if(res.data.error){say("");fail("无法检查 "+name+"："+res.data.error);state("error");return;}
say("检查完成："+name);showCard(res.id,res.data,g);});}
function cell(tr,text,cls){var td=document.createElement("td");td.textContent=text;if(cls)td.className=cls;
tr.appendChild(td);return td;}
function batch(files,g){state("busy");var tb=$("summary").tBodies[0],n=files.length,done=0,next=0,ids=[],rows=[];
while(tb.firstChild)tb.removeChild(tb.firstChild);$("batch").hidden=false;$("xlsx").hidden=true;
progress(0,n);say("正在检查：0 / "+n);
files.forEach(function(f){var tr=document.createElement("tr");tr.className="wait";cell(tr,f.name);cell(tr,"—");
cell(tr,"—","num");cell(tr,"—","num");cell(tr,"等待检查","v");cell(tr,"—");cell(tr,"");tb.appendChild(tr);rows.push(tr);});
function pick(tr,id,d){var on=tb.querySelectorAll("tr.sel");for(var k=0;k<on.length;k++)on[k].classList.remove("sel");
tr.classList.add("sel");showCard(id,d,gen);}
function fill(i,res){var tr=rows[i],d=res.data,c=tr.cells;if(res.id)ids[i]=res.id;
if(d.error){tr.className="unread";c[4].textContent="无法读取";c[5].textContent=d.error;return;}
var doc=d.document||{},passed=!!(d.gate&&d.gate.passed),m=missing(d);tr.className=passed?"pass":"fail";
c[1].textContent=doc.organ||"—";c[2].textContent=doc.year==null?"—":String(doc.year);c[3].textContent=String(d.score);
c[4].textContent=passed?"通过":"未通过";c[5].textContent=m.length?m.join("、"):"—";if(!res.id)return;
var b=document.createElement("button");b.type="button";b.textContent="查看评分卡";c[6].appendChild(b);tr.tabIndex=0;
tr.addEventListener("click",function(){pick(tr,res.id,d);});
tr.addEventListener("keydown",function(e){if(e.key==="Enter")pick(tr,res.id,d);});}
function finish(){var p=0,f=0,e=0;rows.forEach(function(tr){if(tr.className==="pass")p++;else if(tr.className==="fail")f++;else e++;});
progress(0,null);say("已检查 "+n+" 份：通过 "+p+" 份，未通过 "+f+" 份"+(e?"，无法读取 "+e+" 份":"")+"。点击一行查看该报告的评分卡。");
var list=ids.filter(function(x){return !!x;});if(list.length){$("xlsx").setAttribute("href","/summary.xlsx?ids="+
list.map(encodeURIComponent).join(","));$("xlsx").hidden=false;}state("ready");}
function pump(){if(g!==gen||next>=n)return;var i=next++,f=files[i],p;rows[i].cells[4].textContent="检查中……";
if(MAX&&f.size>MAX){p=Promise.resolve({id:"",data:{error:"文件过大（"+mb(f.size)+"，上限 "+mb(MAX)+"）"}});}
else{var fd=form();fd.append("file",f,f.name);p=post(fd);}
p.then(function(res){if(g!==gen)return;fill(i,res);done+=1;progress(done,n);say("正在检查："+done+" / "+n);
if(done===n)finish();else pump();});}
for(var k=0;k<Math.min(3,n);k++)pump();}
function start(list){var files=Array.prototype.slice.call(list||[]);if(!files.length)return;var g=reset();
var prev=$("previous").files[0]||null;
if(prev&&files.length>1){fail("上一年度报告只能与一份报告一起检查：请只选择一份本年度报告，或先清除上一年度报告。");state("error");return;}
if(prev&&MAX&&prev.size>MAX){fail("上一年度报告 "+prev.name+" 过大（"+mb(prev.size)+"，上限 "+mb(MAX)+"）");state("error");return;}
if(files.length>1){batch(files,g);return;}
var f=files[0];if(MAX&&f.size>MAX){fail("无法检查 "+f.name+"：文件过大（"+mb(f.size)+"，上限 "+mb(MAX)+"）");state("error");return;}
var fd=form();fd.append("file",f,f.name);if(prev)fd.append("previous",prev,prev.name);single(fd,f.name,g);}
$("pack").addEventListener("change",profiles);
$("files").addEventListener("change",function(){var fs=Array.prototype.slice.call(this.files||[]);this.value="";start(fs);});
$("go").addEventListener("click",function(){var t=$("text").value,g=reset();
if(!t.trim()){fail("请先在文本框中粘贴报告全文。");state("error");return;}
var fd=form(),prev=$("previous").files[0]||null;fd.append("text",t);if(prev)fd.append("previous",prev,prev.name);
single(fd,"粘贴的文本",g);});
function prevShown(){var f=$("previous").files[0];$("prevname").textContent=f?f.name:"未选择";$("clearprev").hidden=!f;}
$("previous").addEventListener("change",prevShown);
$("clearprev").addEventListener("click",function(){$("previous").value="";prevShown();});
var drop=$("drop");
drop.addEventListener("keydown",function(e){if(e.key==="Enter"||e.key===" "){e.preventDefault();$("files").click();}});
["dragenter","dragover"].forEach(function(t){drop.addEventListener(t,function(e){e.preventDefault();
drop.classList.add("over");});});
drop.addEventListener("dragleave",function(){drop.classList.remove("over");});
drop.addEventListener("drop",function(e){e.preventDefault();drop.classList.remove("over");
if(e.dataTransfer)start(e.dataTransfer.files);});
["dragover","drop"].forEach(function(t){window.addEventListener(t,function(e){e.preventDefault();});});
state("idle");
})();"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def page_policy() -> str:
    digest = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
            "connect-src 'self'; frame-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")


def _pack_options(default: "Offered", offered: list["Offered"]) -> str:
    out = []
    for o in offered:
        profiles = json.dumps([[pid, f"{title}（{pid}）"] for pid, title, _ in o.profiles], ensure_ascii=False)
        selected = " selected" if o is default else ""
        out.append(f'<option value="{_e(o.id)}" data-profiles="{_e(profiles)}"{selected}>'
                   f"{_e(o.title or o.id)}（{_e(o.id)}）</option>")
    return "".join(out)


def page_html(default: "Offered", offered: list["Offered"], max_file: int) -> str:
    profiles = "".join(f'<option value="{_e(pid)}">{_e(title)}（{_e(pid)}）</option>' for pid, title, _ in default.profiles)
    body = f"""<header class="bar"><h1>法治政府建设年度报告审查</h1>
<p>本机网页 · 报告只在这台电脑上检查，不会发送到别处</p></header>
<main>
<section class="panel" aria-label="选择报告">
<div>
<div id="drop" class="drop" tabindex="0" aria-label="把报告文件拖到这里，或按回车选择文件">
<p class="big">把报告文件拖到这里</p>
<p>或 <label class="btn" for="files">选择文件</label>（可一次选多份）</p>
<input type="file" id="files" class="sr" multiple accept="{ACCEPT}">
<p class="hint">支持 Word（docx、doc、wps）、PDF、OFD、网页（html）、文本（txt、md），每份不超过 {max_file // 1048576} MB。
选好文件即开始检查；一份显示评分卡，多份显示汇总表。</p>
</div>
<details id="paste"><summary>或者粘贴报告全文</summary>
<label class="sr" for="text">报告全文</label>
<textarea id="text" rows="8" placeholder="在此粘贴报告全文（标题、正文、落款和日期）……"></textarea>
<button type="button" id="go" class="btn">检查</button></details>
</div>
<div class="side">
<label>规则包<select id="pack">{_pack_options(default, offered)}</select></label>
<label>报告机关类型（口径）<select id="profile"><option value="">不指定</option>{profiles}</select></label>
<span class="lbl">上一年度报告（可选：检查上年安排的落实情况、照搬和连年相同的不足）</span>
<div class="prev"><label class="btn light" for="previous">选择文件</label>
<input type="file" id="previous" class="sr" accept="{ACCEPT}"><span id="prevname" class="hint">未选择</span>
<button type="button" id="clearprev" class="btn light" hidden>清除</button></div>
</div>
</section>
<div id="error" class="error" role="alert" hidden></div>
<div class="status" role="status" aria-live="polite"><span id="statustext"></span><progress id="progress" hidden></progress></div>
<section id="batch" class="block" hidden>
<div class="head"><h2>检查结果汇总</h2><a id="xlsx" class="btn" download="审查结果汇总.xlsx" hidden>下载汇总表（Excel）</a></div>
<table id="summary"><thead><tr><th>文件</th><th>报告机关</th><th>年度</th><th>得分</th><th>结论</th><th>缺失的必备内容</th>
<th>评分卡</th></tr></thead><tbody></tbody></table>
</section>
<section id="result" class="block" hidden>
<div class="head"><h2 id="cardtitle"></h2><span class="downloads">下载评分卡：<a id="dl-html" download>HTML</a>
<a id="dl-json" download>JSON</a><a id="dl-md" download>Markdown</a></span></div>
<iframe id="card" title="评分卡" sandbox="allow-scripts allow-popups"></iframe>
</section>
</main>"""
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>法治政府建设年度报告审查</title><style>{_CSS}</style></head>\n"
            f'<body data-max="{int(max_file)}" data-state="loading" data-seq="0">\n{body}\n<script>{_JS}</script>\n'
            "</body></html>\n")
