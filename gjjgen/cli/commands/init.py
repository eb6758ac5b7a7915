"""``gjjgen init``：按法定格式生成一份完整的数据文件，可承接上年的数据文件。"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...document.model import Document
    from ...spec.objects import Spec


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "init",
        help="生成一份完整的数据文件（可承接上年）",
        description="按法定格式生成数据文件：每个键都写出，注释照录法定行名、列名和填写说明，数字为 0，"
        "叙述部分留空并说明应写什么。加 --from 上年数据文件 时，按法定关系承接上年结转、现行有效件数等，"
        "照抄机关信息，保留上年文字并逐段加上“待改写”标记。同时在数据文件旁写出供编辑器使用的 "
        "JSON Schema（gjjgen-<格式>.schema.json）。",
    )
    parser.add_argument("-o", "--output", metavar="文件", help="要写的数据文件（默认：<机关名称>-<年度>.yaml）")
    parser.add_argument("--agency", "--机关名称", dest="agency", metavar="名称", help="机关全称，如 ××市住房公积金管理中心")
    parser.add_argument("--year", "--报告年度", dest="year", type=int, metavar="年度", help="报告年度（默认：上一年；有 --from 时为上年数据的下一年）")
    parser.add_argument(
        "--format-version", "--格式", dest="spec_id", metavar="格式",
        help="法定格式版本（默认按年度确定），如 2021、2019、pre-2019（与 gjjgen schema 的同名选项一致）",
    )
    parser.add_argument("--province", "--省份", dest="province", metavar="省份", help="省份，如 上海（用于省份模板与统计表变体）")
    parser.add_argument("--from", "--上年数据", dest="previous", metavar="上年文件", help="上一年度的数据文件，或上年已发布的报告（网页、DOCX、PDF、纯文本，先导入再承接）：承接上年结转、机关信息与文字")
    parser.add_argument("--force", action="store_true", help="文件已存在时覆盖")
    parser.add_argument("--no-schema", action="store_true", help="不写 JSON Schema 文件，也不写首行的 $schema 注释")
    parser.set_defaults(run=run)


def _fail(where: str, message: str, code: str) -> int:
    from ...problems.codes import problem_line

    sys.stderr.write(problem_line(f"{where}:1:1", code, message) + "\n")
    return 1


class _Stopped(Exception):
    """``init`` 的某一步已经把问题写给了用户：带着退出码结束。"""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


def _usage_error(message: str) -> _Stopped:
    sys.stderr.write(f"gjjgen init: 用法错误：{message}\n")
    return _Stopped(2)


def run(args: argparse.Namespace) -> int:
    """生成数据文件（与编辑器用的 JSON Schema）；每一步出了问题都已说明，这里只换成退出码。"""
    from ...authoring.editor_schema import json_schema_text, schema_file_name
    from ...authoring.scaffold import Options, collect_carried, scaffold
    from ...spec.formats import load_common

    common = load_common()
    try:
        previous, from_report = _read_previous(args.previous) if args.previous else (None, False)
        agency, year, province = _identity(args, previous)
        spec = _choose_spec(args.spec_id, year, province)
        output = _output_path(args.output, args.force, agency, year, previous)
    except _Stopped as stopped:
        return stopped.exit_code
    schema_name = schema_file_name(spec)
    previous_ref = None
    if previous is not None and not from_report:
        previous_ref = Path(os.path.relpath(previous.path.resolve(), output.resolve().parent)).as_posix()
    options = Options(
        agency=agency,
        year=year,
        spec=spec,
        common=common,
        province=province,
        schema_ref=None if args.no_schema else f"./{schema_name}",
        previous_ref=previous_ref,
        carried=collect_carried(spec, common, previous, year, output) if previous else None,
    )
    schema_text = None if args.no_schema else json_schema_text(spec, common)
    failed = _write(output, scaffold(options), args.force, schema_name, schema_text)
    if failed:
        return failed
    sys.stderr.write(f"已生成 {output}（{spec.name}，{year} 年度）")
    if not args.no_schema:
        sys.stderr.write(f"，编辑器用的 {output.parent / schema_name}")
    sys.stderr.write("。\n填写后运行：gjjgen validate " + str(output) + "\n")
    if from_report:
        sys.stderr.write(f"上年数据取自已发布的报告 {args.previous}（已导入，没有写“上年数据”）；要跨年度核对，先用 gjjgen import 得到上年的数据文件。\n")
    return 0


def _read_previous(path: str) -> tuple[Document, bool]:
    """读上年数据文件（或先导入上年已发布的报告）：读不出数据时说明并结束；有错误但读得出时提醒
    承接的数可能不准。返回上年的文档，以及它是否取自已发布的报告。"""
    from ...checks.validate import validate_file
    from ...problems.findings import summary
    from ...published.audit import is_published, previous_from_report

    from_report = is_published(path)
    result = previous_from_report(path) if from_report else validate_file(path)
    previous = result.document
    if previous is None:
        for problem in result.errors[:10]:
            sys.stderr.write(problem.format() + "\n")
        raise _Stopped(_fail(path, "上年数据文件有错误，无法读出其中的数据；请先用 gjjgen validate 修正", "INIT-PREVIOUS"))
    if result.errors:
        sys.stderr.write(f"注意：上年数据文件 {path} 有 {len(result.errors)} 个错误（{summary(result.problems)}），承接的数可能不准。\n")
    return previous, from_report


def _identity(args: argparse.Namespace, previous: Document | None) -> tuple[str, int, str | None]:
    """机关名称、报告年度、省份：命令行给的优先，其次承接上年数据文件。"""
    from ...document.structure import year_problem

    agency = args.agency or (previous.agency if previous else None)
    if not agency:
        raise _usage_error("请用 --agency（或 --机关名称）给出机关全称，或用 --from 承接上年数据")
    year = args.year or (previous.year + 1 if previous else dt.date.today().year - 1)
    impossible = year_problem(year)
    if impossible:
        raise _usage_error(f"{impossible}（gjjgen validate 也只接受这些年度）")
    province = args.province or (str(previous.meta["省份"]) if previous and previous.meta.get("省份") else None)
    return agency, year, province


def _choose_spec(spec_id: str | None, year: int, province: str | None) -> Spec:
    """命令行指定的格式，或按年度与省份选的格式；年度一般不适用时只提醒。"""
    from ...spec.formats import available_specs, default_spec_id, load_spec

    ids = available_specs()
    if spec_id:
        if spec_id not in ids:
            raise _usage_error(f"不认识格式“{spec_id}”，可选：{'、'.join(ids)}")
    else:
        spec_id = default_spec_id(year, province)
        if spec_id is None:
            raise _usage_error(f"没有适用于 {year} 年度的格式，请用 --format-version 指定")
    spec = load_spec(spec_id)
    if not spec.fits_year(year):
        sys.stderr.write(f"注意：{year} 年度一般不适用“{spec.name}”；gjjgen validate 会提示。\n")
    return spec


def _output_path(given: str | None, force: bool, agency: str, year: int, previous: Document | None) -> Path:
    """要写的数据文件：已存在（没有 --force）或就是上年数据文件本身时不写。"""
    output = Path(given or f"{agency}-{year}.yaml")
    if output.exists() and not force:
        raise _Stopped(_fail(str(output), "文件已存在，没有覆盖；要覆盖请加 --force", "INIT-EXISTS"))
    if previous is not None and output.resolve() == previous.path.resolve():
        raise _Stopped(_fail(str(output), "输出文件就是上年数据文件本身；请另起一个文件名", "INIT-EXISTS"))
    return output


def _write(output: Path, text: str, force: bool, schema_name: str, schema_text: str | None) -> int:
    """写数据文件与 JSON Schema（原子写入）；返回退出码，0 表示都写好了。"""
    from ...files import os_error_text, write_atomic

    try:
        if output.parent and not output.parent.exists():
            output.parent.mkdir(parents=True)
        write_atomic(output, text, overwrite=force)
        if schema_text is not None:
            write_atomic(output.parent / schema_name, schema_text, overwrite=True)
    except FileExistsError:
        return _fail(str(output), "文件已存在，没有覆盖；要覆盖请加 --force", "INIT-EXISTS")
    except OSError as exc:
        return _fail(str(output), f"无法写入：{os_error_text(exc)}", "FILE-WRITE")
    return 0
