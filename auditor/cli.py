"""cli: argv → exit code. Typer wiring only; the work is in the pipeline stages.

Exit codes (ARCHITECTURE.md): 0 every audited report passed its gate; 1 at least one report
failed its gate; 2 usage error, invalid pack, or at least one input could not be read (the
others are still audited and reported).
"""

from __future__ import annotations

import os
import sys
from enum import Enum, IntEnum
from pathlib import Path
from typing import List, Optional

import typer

SUPPORTED_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf",
                      ".ofd", ".doc", ".wps"}


class ExitCode(IntEnum):
    OK = 0
    GATE_FAILED = 1
    ERROR = 2


class Format(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    junit = "junit"
    sarif = "sarif"
    html = "html"


app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="法治政府建设年度报告审查工具：按规则包检查报告是否包含法定内容，给出评分、证据和整改建议。")
packs_app = typer.Typer(add_completion=False, no_args_is_help=True, help="规则包：列出、查看、校验。")
app.add_typer(packs_app, name="packs")


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def _pack_or_exit(pack: Optional[str], profile: Optional[str]):
    from .packs import PackError, load_pack

    try:
        return load_pack(pack, profile)
    except PackError as exc:
        for message in exc.messages:
            _err(f"规则包错误：{message}")
        raise typer.Exit(ExitCode.ERROR) from None


def _document_or_exit(path: Path):
    from .ingest import InputError, load

    try:
        return load(str(path))
    except InputError as exc:
        _err(f"无法检查 {exc.path}：{exc.reason}")
        raise typer.Exit(ExitCode.ERROR) from None


def collect(paths: List[Path]) -> tuple[list[str], list[tuple[str, str]]]:
    """Files to audit (folders searched recursively) and paths that are not usable."""
    files: list[str] = []
    missing: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                missing.append((str(path), "文件夹中没有可检查的报告文件（支持 txt、md、html、docx、pdf、ofd）"))
            files.extend(str(p) for p in found)
        elif path.exists():
            files.append(str(path))
        else:
            missing.append((str(path), "文件不存在"))
    return files, missing


class Sort(str, Enum):
    path = "path"
    score = "score"


@app.command()
def check(
    paths: List[Path] = typer.Argument(..., help="报告文件或文件夹（文件夹会递归查找）"),
    pack: Optional[str] = typer.Option(None, "--pack", "-p", help="规则包编号或路径（默认 rule-of-law-annual）"),
    profile: Optional[str] = typer.Option(None, "--profile", help="口径：government、department、zone、township"),
    fmt: Format = typer.Option(Format.text, "--format", "-f", help="输出格式"),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", help="总分低于该值即不通过"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="把结果写入文件而不是屏幕"),
    out: Optional[Path] = typer.Option(None, "--out", help="导出到文件夹：每份报告的 JSON 和 HTML 评分卡、"
                                                          "summary.csv、summary.xlsx、index.html"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="并行进程数（默认：全部 CPU 核）"),
    timeout: float = typer.Option(60.0, "--timeout", help="每个文件的最长处理时间（秒）"),
    waivers_file: Optional[Path] = typer.Option(None, "--waivers", help="豁免清单（YAML）"),
    cache: Optional[Path] = typer.Option(None, "--cache", help="按内容缓存提取出的文档，修改规则包后重跑更快"),
    previous: Optional[Path] = typer.Option(None, "--previous", help="上一年度的报告：比较照搬、落实情况和连年相同的不足"),
    sort: Sort = typer.Option(Sort.path, "--sort", help="批量汇总表的排序：path 或 score（从低到高）"),
    details: bool = typer.Option(False, "--details", help="批量检查时也逐份显示评分卡"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="逐条显示不适用的规则"),
) -> None:
    """检查报告，输出评分卡；给出文件夹时批量检查并输出汇总表。"""
    from .batch import BatchOptions, Verdict, iter_outcomes
    from .exports import ReportFinisher, plan_names, write_summaries
    from .model import InputFailure, Scorecard
    from .render import RENDERERS, RenderOptions

    loaded = _pack_or_exit(pack, profile)
    waivers = _waivers_or_exit(waivers_file, loaded) if waivers_file else ()
    files, missing = collect(paths)
    if fmt is Format.html and len(files) + len(missing) != 1:
        _err("HTML 评分卡一份报告一页：批量检查请用 --out 文件夹（每份报告一页，另有可排序的 index.html）")
        raise typer.Exit(ExitCode.ERROR)
    last_year = None
    if previous is not None:
        if len(files) + len(missing) != 1:
            _err("--previous 只能与一份报告一起使用（上一年度报告与本年度报告一一对应）")
            raise typer.Exit(ExitCode.ERROR)
        last_year = _document_or_exit(previous)
    options = BatchOptions(pack=loaded, fail_under=fail_under, jobs=jobs or (os.cpu_count() or 1),
                           timeout=timeout, cache_dir=str(cache) if cache else None, waivers=tuple(waivers),
                           previous=last_year)
    single = len(paths) == 1 and not paths[0].is_dir()
    to_terminal = output is None and sys.stdout.isatty()
    width = 100
    if to_terminal:
        try:
            width = max(80, min(140, os.get_terminal_size().columns))
        except OSError:
            width = 100
    render_options = RenderOptions(single=single, color=to_terminal and not os.environ.get("NO_COLOR"),
                                   width=width, verbose=verbose, details=details)
    names = plan_names([p for p, _ in missing] + files) if out is not None else {}
    # NOTE: a JSON batch is streamed report by report, so memory stays flat over thousands
    # of reports; the other formats need every result before they can be written.
    stream_json = fmt is Format.json and not (single and len(files) == 1 and not missing) and sort is Sort.path
    stream_html = fmt is Format.html  # the page needs the report text, which only the worker has
    finisher = ReportFinisher(json_item=stream_json, html_item=stream_html, out_dir=str(out) if out else None,
                              names=names, verbose=verbose, keep_results=not stream_json or out is not None) \
        if (stream_json or stream_html or out is not None) else None
    sink = _open_sink(output)
    results: list = []
    status = {"failed_input": False, "gate_failed": False}

    def take(result, rendered: str | bytes | None) -> None:
        if isinstance(result, InputFailure):
            status["failed_input"] = True
            _err(f"无法检查 {result.path}：{result.reason}")
        elif not (result.passed if isinstance(result, Verdict) else result.gate.passed):
            status["gate_failed"] = True
        if stream_json:
            sink.write(b"[\n" if take.first else b",\n")
            sink.write(rendered or b"")
            take.first = False
        if stream_html:
            sink.write(rendered or "")
        if not stream_json or out is not None:
            results.append(result)  # without the report text: summaries need only the findings

    take.first = True
    for path, reason in missing:
        failure = InputFailure(path, reason, "not_found")
        take(failure, finisher(failure) if finisher else None)
    for outcome in _with_progress(files, options, finisher, iter_outcomes):
        take(outcome.result, outcome.rendered)
    try:
        if stream_json:
            sink.write(b"[]\n" if take.first else b"\n]\n")
        elif not stream_html:
            if sort is Sort.score:
                results.sort(key=lambda r: (r.score if isinstance(r, Scorecard) else -1.0))
            sink.write(RENDERERS[fmt.value](results, render_options))
        if out is not None:
            written = write_summaries(results, out, names, render_options)
            _err(f"已导出 {len(names) * 2 + written} 个文件到 {out}")
        sink.close()
    except OSError as exc:
        _err(f"无法写入：{exc.strerror or exc}")
        raise typer.Exit(ExitCode.ERROR) from None
    if status["failed_input"]:
        raise typer.Exit(ExitCode.ERROR)
    if status["gate_failed"]:
        raise typer.Exit(ExitCode.GATE_FAILED)
    raise typer.Exit(ExitCode.OK)


class _Sink:
    """Where the output goes: stdout, or a file written in full once everything succeeded.

    Output is UTF-8 bytes: the JSON stream arrives from the workers already encoded."""

    def __init__(self, output: Optional[Path]) -> None:
        self.output = output
        self.parts: list[bytes] = []
        self.stream = getattr(sys.stdout, "buffer", None) if output is None else None
        if self.stream is not None:
            sys.stdout.flush()  # anything written as text so far goes first

    def write(self, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        if self.output is not None:
            self.parts.append(data)
        elif self.stream is not None:
            self.stream.write(data)
        else:  # a text-only stdout (some embedding hosts)
            sys.stdout.write(data.decode("utf-8"))

    def close(self) -> None:
        if self.output is None:
            (self.stream or sys.stdout).flush()
            return
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.output.write_bytes(b"".join(self.parts))


def _open_sink(output: Optional[Path]) -> _Sink:
    return _Sink(output)


def _with_progress(files: list[str], options, finisher, run):
    """Run the batch with a progress bar on an interactive terminal (none when piped)."""
    if len(files) < 2 or not sys.stderr.isatty():
        yield from run(files, options, finisher)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("检查报告"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True) as bar:
        task = bar.add_task("check", total=len(files))
        yield from run(files, options, finisher, lambda n: bar.advance(task, n))


def _waivers_or_exit(path: Path, pack):
    from .waivers import WaiverError, load_waivers

    try:
        waivers, warnings = load_waivers(path, pack)
    except WaiverError as exc:
        for message in exc.messages:
            _err(f"豁免清单错误：{message}")
        raise typer.Exit(ExitCode.ERROR) from None
    for warning in warnings:
        _err(f"提示：{warning}")
    return waivers


@app.command()
def outline(
    path: Path = typer.Argument(..., help="报告文件"),
    pack: Optional[str] = typer.Option(None, "--pack", "-p", help="规则包编号或路径"),
    show_removed: bool = typer.Option(False, "--removed", help="同时列出作为网页杂项删除的行"),
) -> None:
    """显示工具识别出的报告结构：标题、元数据、章节树和每个章节的类型。"""
    from .pipeline import outline_of
    from .render.outline import render_outline

    loaded = _pack_or_exit(pack, None)
    tree = outline_of(_document_or_exit(path), loaded)
    sys.stdout.write(render_outline(tree, loaded, show_removed, color=sys.stdout.isatty()))


@app.command()
def explain(
    rule_id: str = typer.Argument(..., help="规则编号，如 part.reasons"),
    report: Optional[Path] = typer.Option(None, "--report", "-r", help="在这份报告上说明该规则的判定过程"),
    pack: Optional[str] = typer.Option(None, "--pack", "-p", help="规则包编号或路径"),
    profile: Optional[str] = typer.Option(None, "--profile", help="口径"),
) -> None:
    """说明一条规则：要求什么、依据什么、怎么判定；给出 --report 时说明它在该报告上的判定过程。"""
    from .render.explain import render_explain, render_rule

    loaded = _pack_or_exit(pack, profile)
    rule = loaded.rule(rule_id)
    if rule is None:
        _err(f"规则包 {loaded.id} 中没有规则 {rule_id}（可用 auditor packs show 查看全部规则）")
        raise typer.Exit(ExitCode.ERROR)
    color = sys.stdout.isatty()
    if report is None:
        sys.stdout.write(render_rule(rule, loaded, color=color))
        return
    from .engine import evaluate_rule, make_context
    from .pipeline import outline_of

    tree = outline_of(_document_or_exit(report), loaded)
    finding = evaluate_rule(rule, make_context(tree, loaded))
    sys.stdout.write(render_explain(rule, finding, tree, loaded, color=color))


@packs_app.command("list")
def packs_list() -> None:
    """列出内置规则包。"""
    from .packs import list_packs

    for item in list_packs():
        sys.stdout.write(f"{item['id']}\t{item['version']}\t{item['title']}\n")


@packs_app.command("show")
def packs_show(
    pack: Optional[str] = typer.Argument(None, help="规则包编号或路径（默认 rule-of-law-annual）"),
) -> None:
    """显示规则包：章节类型、类别、规则和口径。"""
    from .render.explain import render_pack

    loaded = _pack_or_exit(pack, None)
    sys.stdout.write(render_pack(loaded, color=sys.stdout.isatty()))


@packs_app.command("validate")
def packs_validate(
    packs: Optional[List[str]] = typer.Argument(None, help="规则包编号或路径（默认 rule-of-law-annual）"),
) -> None:
    """校验规则包：结构、引用、正则表达式。"""
    from .packs import DEFAULT_PACK, PackError, load_pack

    failed = False
    for ref in packs or [DEFAULT_PACK]:
        try:
            loaded = load_pack(ref)
        except PackError as exc:
            failed = True
            for message in exc.messages:
                _err(f"规则包错误：{message}")
            continue
        sys.stdout.write(f"✔ {ref}：有效（{loaded.id} {loaded.version}，{len(loaded.rules)} 条规则，"
                         f"{len(loaded.section_kinds)} 个章节类型，{len(loaded.profiles)} 个口径）\n")
    if failed:
        raise typer.Exit(ExitCode.ERROR)


@packs_app.command("test")
def packs_test(
    pack: Optional[str] = typer.Argument(None, help="规则包编号或路径（默认 rule-of-law-annual）"),
) -> None:
    """运行规则包自带的示例报告（tests/）和各规则的示例，逐项对比期望状态与实际状态。"""
    from .packs import PackError
    from .render.packtests import render_pack_tests
    from .testing import coverage_gaps, run_pack_tests

    try:
        loaded, results = run_pack_tests(pack)
    except PackError as exc:
        for message in exc.messages:
            _err(f"规则包错误：{message}")
        raise typer.Exit(ExitCode.ERROR) from None
    gaps = coverage_gaps(loaded, results)
    sys.stdout.write(render_pack_tests(loaded, results, gaps, color=sys.stdout.isatty()))
    if any(not r.ok for r in results):
        raise typer.Exit(ExitCode.GATE_FAILED)


@packs_app.command("lint")
def packs_lint(
    pack: Optional[str] = typer.Argument(None, help="规则包编号或路径（默认 rule-of-law-annual）"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="在这个报告文件夹上统计从不命中或总是命中的规则"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="并行进程数"),
) -> None:
    """检查规则包中永远不会命中的规则、重复编号、章节类型线索重叠等问题。"""
    from .lint import lint_pack, lint_results
    from .render.packtests import render_lint

    loaded = _pack_or_exit(pack, None)
    issues = lint_pack(loaded)
    if corpus is not None:
        from .batch import BatchOptions, audit_files

        files, missing = collect([corpus])
        for path, reason in missing:
            _err(f"无法检查 {path}：{reason}")
        results = audit_files(files, BatchOptions(pack=loaded, jobs=jobs or (os.cpu_count() or 1)))
        issues += lint_results(loaded, results)
    sys.stdout.write(render_lint(loaded, issues, color=sys.stdout.isatty()))
    if any(i.level == "error" for i in issues):
        raise typer.Exit(ExitCode.GATE_FAILED)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认只允许本机访问；0.0.0.0 允许局域网访问）"),
    port: int = typer.Option(8765, "--port", help="端口"),
    open_browser: bool = typer.Option(False, "--open", help="启动后在浏览器中打开页面"),
    pack: Optional[str] = typer.Option(None, "--pack", "-p", help="默认规则包编号或路径（默认 rule-of-law-annual）"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="并行进程数（默认：全部 CPU 核）"),
) -> None:
    """启动本机网页：拖入报告即可检查，查看评分卡、下载结果（Ctrl+C 停止）。"""
    try:
        from .web import run
    except ImportError as exc:
        _err(f"网页服务需要 starlette、uvicorn 和 python-multipart（pip install auditor 会一并安装）：{exc}")
        raise typer.Exit(ExitCode.ERROR) from None
    _pack_or_exit(pack, None)  # an invalid pack is a usage error, reported before the server starts
    if not 0 < port < 65536:
        _err(f"端口应在 1 到 65535 之间：{port}")
        raise typer.Exit(ExitCode.ERROR)
    raise typer.Exit(run(host, port, open_browser, pack=pack, jobs=jobs or None))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        _err("已中断")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
