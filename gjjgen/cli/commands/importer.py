"""``gjjgen import``：读已发布的报告（网页、DOCX、PDF、纯文本），写出数据文件与旁注。

导入一份并写出的流程在 :mod:`gjjgen.published.output`（写文件是原子的）；多份文件时交给
:mod:`gjjgen.batch`，数据文件都写进 ``-o`` 目录，文件名事先统一定好。
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .batching import EXIT_USAGE, add_batch_options, is_batch, run_batch


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="从已发布的报告（网页、DOCX、PDF、纯文本）读出数据文件",
        description="读已发布的年度报告，按行名、列名把统计表的每一格对应到法定格式，写出与 examples/ "
        "同样写法的数据文件，并在旁边写出旁注文件 <名称>.trace.json ，记下每个值在原文里的位置、对上的方式与可信程度。"
        "然后校验导入的结果，问题按原文位置列出，最后给出结论：可直接使用、需复核或需人工录入。"
        "可以给多个文件、目录（取其中的已发布报告）或通配符，一次导入许多份：数据文件都写进 -o 目录，以原文命名。"
        "退出码：0 可直接使用或需复核且没有错误，1 有错误或什么也没读出（多份时：有一份如此），2 用法错误，130 被 Ctrl-C 中断。",
    )
    parser.add_argument(
        "files", nargs="+", metavar="报告文件",
        help="已发布的报告：.html/.htm/.mht、.docx（.doc/.wps 需 LibreOffice）、.pdf、.txt；"
        "也可以给多个文件、目录（取其中这些后缀的文件）或通配符",
    )
    parser.add_argument(
        "-o", "--output", metavar="数据文件或目录",
        help="一份时是要写的数据文件（默认：与报告同名的 .yaml，写在当前目录）；"
        "多份时是放数据文件的目录（默认当前目录，不存在时自动创建），各自以原文命名，同名的原文自动改名",
    )
    parser.add_argument("--force", action="store_true", help="数据文件已存在时覆盖")
    parser.add_argument("--quiet", "-q", action="store_true", help="只显示错误，不显示警告（结论照样说明）")
    parser.add_argument(
        "--ignore-attachment", action="store_true",
        help="PDF 附带了数据文件时也不用它，照样从版面读表（核对印出来的表与附件是否一致时用）",
    )
    add_batch_options(parser, summary_default="多份时写在 -o 目录里（没有 -o 时不写）")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if is_batch(args, "import"):
        return _run_many(args)
    from ...published.output import ImportRequest, default_output, import_to_file

    source = args.files[0]
    request = ImportRequest(
        source=Path(source),
        output=Path(args.output) if args.output else default_output(source),
        force=args.force,
        use_attachment=not args.ignore_attachment,
        quiet=args.quiet,
    )
    return import_to_file(request, out=sys.stdout, err=sys.stderr).code


def _run_many(args: argparse.Namespace) -> int:
    from ...problems.codes import problem_line
    from ...published.output import OutputFolderError, plan_outputs, prepare_output_folder
    from .batching import data_files

    files = data_files("import", args.files)
    if not files:
        return EXIT_USAGE
    folder = Path(args.output or ".")
    try:
        prepare_output_folder(folder)
    except OutputFolderError as exc:
        sys.stderr.write(problem_line(str(folder), "IMPORT-OUTDIR", exc.message) + "\n")
        return EXIT_USAGE if exc.usage else 1
    options = {"force": args.force, "use_attachment": not args.ignore_attachment, "quiet": args.quiet}
    plan = plan_outputs(files, folder)
    per_file = {source: {"output": str(p.output), "renamed": p.renamed} for source, p in plan.items()}
    return run_batch("import", args, options, summary_dir=args.output, files=files, per_file=per_file)
