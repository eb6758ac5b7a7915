"""``gjjgen render``：校验数据文件，生成报告的 HTML、DOCX、PDF。

先校验（与 ``gjjgen validate`` 相同的检查与输出）；有错误时拒绝生成，除非加 ``--draft``，
那样每一页都带“草稿”水印。渲染所需的重依赖（Jinja、python-docx、WeasyPrint）只在
命令真正运行时导入。生成一份的流水线在 :mod:`gjjgen.render.pipeline`（写文件是原子的）；
多份文件时交给 :mod:`gjjgen.batch`。
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .batching import add_batch_options, is_batch, run_batch

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
        "数据有错误、或法定的叙述部分还空着时不生成（加 --draft 生成带“草稿”水印、文件名带“草稿”的版本）。"
        "退出码：0 成功，1 数据有错误或生成失败，2 用法错误。",
    )
    parser.add_argument(
        "files", nargs="+", metavar="数据文件",
        help="YAML 数据文件；可以给多个文件、目录（取其中的 .yaml）或通配符，一次生成许多份",
    )
    parser.add_argument(
        "-f", "--formats", default=",".join(DEFAULT_FORMATS), metavar="格式",
        help="要生成的格式，逗号分隔（默认 html,docx,pdf；另有 json、csv：统计表的数据）",
    )
    parser.add_argument(
        "-o", "--output", default=None, metavar="目录",
        help="输出目录（默认与数据文件同一目录；不存在时自动创建）",
    )
    parser.add_argument(
        "--draft", action="store_true",
        help="生成草稿：数据有错误或尚未写完也生成，每页带“草稿”水印，文件名带“草稿”，不覆盖正式报告",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="只显示错误，不显示警告")
    parser.add_argument(
        "--templates", default=None, metavar="目录",
        help="中心自己的模板目录（report.html.j2 只重写要改的块，settings.yaml 只写要改的设置）；"
        "优先于元数据“模板目录”，其下依次是省份模板与全国通用模板（见 gjjgen templates）",
    )
    add_batch_options(parser, summary_default="多份时写在 -o 目录里（没有 -o 时不写）")
    parser.set_defaults(run=run)


def parse_formats(text: str) -> list[str]:
    """``"html,pdf"`` → ``["html", "pdf"]``（去重、保序）；不认识的名称抛 ``ValueError``。"""
    names = [n.strip().lower() for n in text.replace("，", ",").split(",") if n.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        shown = "、".join(unknown) if unknown else "（空）"
        raise ValueError(f"不认识的输出格式：{shown}；可选的有 {','.join(FORMATS)}")
    return list(dict.fromkeys(names))


def run(args: argparse.Namespace) -> int:
    try:
        formats = parse_formats(args.formats)
    except ValueError as exc:
        sys.stderr.write(f"gjjgen render: 用法错误：{exc} [RENDER-FORMAT]\n")
        return 2
    if is_batch(args):
        options = {
            "formats": formats, "output": args.output, "draft": args.draft,
            "templates": args.templates, "quiet": args.quiet,
        }
        return run_batch("render", args, options, summary_dir=args.output)

    worker = None
    if "pdf" in formats:
        from ...render.worker import start_worker

        # 先分出排版子进程、再导入校验与模板的模块：子进程导入 WeasyPrint 是最长的一段路
        worker = start_worker()
    from ...render.pipeline import RenderRequest, render_file

    request = RenderRequest(
        source=Path(args.files[0]), formats=tuple(formats), output=args.output,
        draft=args.draft, templates=args.templates, quiet=args.quiet,
    )
    try:
        return render_file(request, worker).code
    finally:
        if worker is not None:
            worker.close()
