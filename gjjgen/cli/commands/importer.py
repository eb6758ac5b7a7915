"""``gjjgen import``：读一份已发布的报告（网页、DOCX、PDF、纯文本），写出数据文件与旁注。"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="从已发布的报告（网页、DOCX、PDF、纯文本）读出数据文件",
        description="读一份已发布的年度报告，按行名、列名把统计表的每一格对应到法定格式，写出与 examples/ "
        "同样写法的数据文件，并在旁边写出旁注文件 <名称>.trace.json ，记下每个值在原文里的位置、对上的方式与可信程度。"
        "然后校验导入的结果，问题按原文位置列出，最后给出结论：可直接使用、需复核或需人工录入。"
        "退出码：0 可直接使用或需复核且没有错误，1 有错误或什么也没读出，2 用法错误。",
    )
    parser.add_argument("source", metavar="报告文件", help="已发布的报告：.html/.htm/.mht、.docx（.doc/.wps 需 LibreOffice）、.pdf、.txt")
    parser.add_argument("-o", "--output", metavar="数据文件", help="要写的数据文件（默认：与报告同名的 .yaml，写在当前目录）")
    parser.add_argument("--force", action="store_true", help="数据文件已存在时覆盖")
    parser.add_argument(
        "--ignore-attachment", action="store_true",
        help="PDF 附带了数据文件时也不用它，照样从版面读表（核对印出来的表与附件是否一致时用）",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ...files import write_atomic
    from ...problems.codes import problem_line
    from ...problems.findings import summary
    from ...published import import_document

    result = import_document(args.source, use_attachment=not args.ignore_attachment)
    output = Path(args.output or f"{Path(args.source).stem}.yaml")
    for problem in result.problems:
        sys.stdout.write(problem.format() + "\n")
    if not result.ok:
        sys.stdout.write(summary(result.problems) + "\n")
        return 1
    sidecar = output.with_name(f"{output.stem}.trace.json")
    try:
        if output.parent and not output.parent.exists():
            output.parent.mkdir(parents=True)
        write_atomic(output, result.data_text or "", overwrite=args.force)
        write_atomic(sidecar, result.trace_text, overwrite=True)
    except FileExistsError:
        sys.stderr.write(problem_line(str(output), "IMPORT-EXISTS", "文件已存在，没有覆盖；要覆盖请加 --force") + "\n")
        return 1
    except OSError as exc:
        sys.stderr.write(problem_line(str(output), "FILE-WRITE", f"无法写入：{exc.strerror or exc}") + "\n")
        return 1
    sys.stdout.write(summary(result.problems) + "\n")
    spec = result.spec.name if result.spec else "（未知格式）"
    sys.stdout.write(f"已写出 {output}（{spec}）与旁注 {sidecar}。结论：{result.verdict}\n")
    for table in result.tables:
        state = "未找到" if not table.found else f"读到 {table.cells} 格" + (f"，{table.relations_failed} 处勾稽关系不成立：{table.cause}" if table.relations_failed else "，勾稽关系成立")
        sys.stdout.write(f"  {table.name}：{state}\n")
    return 1 if any(p.is_error for p in result.problems) else 0
