"""``gjjgen render``：校验数据文件，生成报告的 HTML、DOCX、PDF。

先校验（与 ``gjjgen validate`` 相同的检查与输出）；有错误时拒绝生成，除非加 ``--draft``，
那样每一页都带“草稿”水印。渲染所需的重依赖（Jinja、python-docx、WeasyPrint）只在
命令真正运行时导入。写文件是原子的：先写到目标目录里的临时文件再改名，失败时不会
留下半个文件，也不会弄坏已有的同名文件；输入文件只读不写。
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

DEFAULT_FORMATS = ("html", "docx", "pdf")
"""不加 ``-f`` 时生成的格式。"""

FORMATS = (*DEFAULT_FORMATS, "json", "csv")
"""可选的输出格式（与 ``gjjgen.render.registry.RENDERERS`` 一致，这里不导入它以保持启动快）。
json、csv 是统计表的数据（见 ``gjjgen.render.export``），只在 ``-f`` 点名时生成。"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "render",
        help="生成报告（HTML、DOCX、PDF）",
        description="校验数据文件并生成政府信息公开工作年度报告，版式参照 GB/T 9704-2012。"
        "数据有错误时不生成（加 --draft 生成带“草稿”水印的版本）。"
        "退出码：0 成功，1 数据有错误或生成失败，2 用法错误。",
    )
    parser.add_argument("file", metavar="数据文件", help="YAML 数据文件")
    parser.add_argument(
        "-f", "--formats", default=",".join(DEFAULT_FORMATS), metavar="格式",
        help="要生成的格式，逗号分隔（默认 html,docx,pdf；另有 json、csv：统计表的数据）",
    )
    parser.add_argument(
        "-o", "--output", default=None, metavar="目录",
        help="输出目录（默认与数据文件同一目录；不存在时自动创建）",
    )
    parser.add_argument("--draft", action="store_true", help="生成草稿：数据有错误也生成，每页带“草稿”水印")
    parser.add_argument(
        "--templates", default=None, metavar="目录",
        help="中心自己的模板目录（report.html.j2 只重写要改的块，settings.yaml 只写要改的设置）；"
        "优先于元数据“模板目录”，其下依次是省份模板与全国通用模板（见 gjjgen templates）",
    )
    parser.set_defaults(run=run)


def parse_formats(text: str) -> list[str]:
    """``"html,pdf"`` → ``["html", "pdf"]``（去重、保序）；不认识的名称抛 ``ValueError``。"""
    names = [n.strip().lower() for n in text.replace("，", ",").split(",") if n.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        shown = "、".join(unknown) if unknown else "（空）"
        raise ValueError(f"不认识的输出格式：{shown}；可选的有 {','.join(FORMATS)}")
    return list(dict.fromkeys(names))


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


def run(args: argparse.Namespace) -> int:
    try:
        formats = parse_formats(args.formats)
    except ValueError as exc:
        sys.stderr.write(f"gjjgen render: 用法错误：{exc} [RENDER-FORMAT]\n")
        return 2

    worker = None
    if "pdf" in formats:
        from ...render.worker import start_worker

        worker = start_worker()  # 子进程先导入 WeasyPrint，与校验同时进行
    try:
        return _run(args, formats, worker)
    finally:
        if worker is not None:
            worker.close()


def _run(args: argparse.Namespace, formats: list[str], worker: Any) -> int:
    from ...checks.validate import validate_file
    from ...files import write_atomic
    from ...problems.codes import problem_line
    from ...problems.findings import summary

    out = sys.stdout
    source = Path(args.file)
    validation = validate_file(source)
    for problem in validation.problems:
        out.write(problem.format() + "\n")
    if validation.problems:
        out.write(summary(validation.problems) + "\n")
    document = validation.document
    if document is None:
        out.write(problem_line(str(source), "RENDER-NO-DATA", "数据文件无法读懂，未生成报告；请先按上面的提示修改") + "\n")
        return 1
    if validation.errors and not args.draft:
        message = f"数据有 {len(validation.errors)} 个错误，未生成报告；请修正后重试，或加 --draft 生成带“草稿”水印的版本"
        out.write(problem_line(str(source), "RENDER-REFUSED", message) + "\n")
        return 1

    target = Path(args.output) if args.output else source.resolve().parent
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        out.write(problem_line(str(target), "RENDER-OUTDIR", f"无法创建输出目录：{exc.strerror or exc}") + "\n")
        return 1

    from ...render.prepare import PrepareError, prepare
    from ...render.registry import RenderInput, get_renderer

    try:
        prepared = prepare(document, validation.loaded, draft=args.draft, templates=args.templates)
    except PrepareError as exc:
        out.write(f"{exc}\n")
        return 1
    report, html, settings = prepared.report, prepared.html, prepared.settings
    job = RenderInput(report=report, html=html, settings=settings, document=document)

    in_worker = worker is not None and worker.submit(get_renderer("pdf"), job)
    failed = False
    for name in formats:
        renderer = get_renderer(name)
        path = target / f"{report.file_stem}{renderer.suffix}"
        try:
            data = worker.result() if in_worker and name == "pdf" else renderer.render(job)
            write_atomic(path, data, overwrite=True)
        except OSError as exc:
            failed = True
            out.write(problem_line(str(path), "RENDER-WRITE", f"无法写入{renderer.label}：{exc.strerror or exc}") + "\n")
            continue
        except Exception as exc:
            messages = getattr(exc, "messages", None)
            if not messages:
                raise  # 意料之外的失败是程序错误：保留回溯，便于报告
            failed = True  # 意料之中的失败（如缺字体）：说明原因，继续生成其余格式
            out.write(f"{path}: 错误: 未生成{renderer.label}：\n")
            for message in messages:
                out.write(f"  {message}\n")
            continue
        out.write(f"已生成{renderer.label}：{path}（{_size(len(data))}）\n")
    if args.draft:
        out.write("注意：这是草稿，每页带“草稿”水印，不能作为正式报告发布。\n")
    return 1 if failed else 0
