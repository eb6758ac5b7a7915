"""``gjjgen validate``：校验数据文件，一次列出全部问题。"""

from __future__ import annotations

import argparse
import sys

from .batching import add_batch_options, is_batch, run_batch


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="校验数据文件",
        description="按法定格式校验数据文件：结构、数字、勾稽关系、发布期限。"
        "每个问题显示为“文件:行:列: 错误|警告: 说明 [代码]”。"
        "退出码：0 没有错误，1 有错误（加 --strict 时警告也算），2 用法错误。",
    )
    parser.add_argument(
        "files", nargs="+", metavar="数据文件",
        help="一个或多个 YAML 数据文件，或已发布的报告（.html、.docx、.pdf、.txt 等，问题按原文位置列出）；"
        "也可以给目录（取其中的 .yaml）或通配符",
    )
    parser.add_argument("--strict", action="store_true", help="警告也视为失败（退出码 1）")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（默认 text；json 供程序读取）")
    parser.add_argument(
        "--previous",
        "--上年数据",
        dest="previous",
        metavar="上年文件",
        help="上一年度的数据文件，用于跨年度核对（不给时用元数据“上年数据”）",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="只显示错误，不显示警告")
    parser.add_argument(
        "--ignore-attachment", action="store_true",
        help="已发布的 PDF 附带了数据文件时也不用它，照样从版面读表核对",
    )
    add_batch_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ...checks.validate import validate_file
    from ...problems.findings import summary, to_json
    from ...published import import_document
    from ...published.audit import is_published

    files = args.files
    if is_batch(args):
        if args.format == "text":
            options = {
                "previous": args.previous, "quiet": args.quiet, "strict": args.strict,
                "use_attachment": not args.ignore_attachment,
            }
            return run_batch("validate", args, options)
        from ...batch.inputs import expand_inputs

        files = expand_inputs(files).files  # 供程序读取的 JSON：照旧一次列出全部问题
    problems = []
    for name in files:
        if is_published(name):  # 已发布的报告：在内存里导入后校验，问题按原文位置列出
            problems.extend(import_document(name, use_attachment=not args.ignore_attachment).problems)
            continue
        problems.extend(validate_file(name, previous=args.previous).problems)
    shown = [p for p in problems if p.is_error] if args.quiet else problems
    if args.format == "json":
        sys.stdout.write(to_json(shown) + "\n")
    else:
        for problem in shown:
            sys.stdout.write(problem.format() + "\n")
        sys.stdout.write(summary(problems) + "\n")
    failed = any(p.is_error for p in problems) or (args.strict and problems)
    return 1 if failed else 0
