"""``gjjgen schema``：写出数据文件的 JSON Schema，供编辑器补全与就地提示。"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema",
        help="写出数据文件的 JSON Schema（供 VS Code 等编辑器使用）",
        description="按法定格式生成数据文件的 JSON Schema（draft 2020-12）：中文键的补全、法定名称与"
        "填写说明、数字格的就地检查。在数据文件第一行写 "
        "“# yaml-language-server: $schema=文件名”即可在 VS Code（YAML 插件）中使用；"
        "gjjgen init 会自动写好这一行和这个文件。",
    )
    parser.add_argument("--format", dest="output_format", choices=("json-schema",), default="json-schema", help="输出格式（目前只有 json-schema）")
    parser.add_argument("--format-version", "--格式", dest="spec_id", metavar="格式", help="法定格式版本，如 2021、2019、pre-2019（默认按 --year 或最新格式）")
    parser.add_argument("--year", "--报告年度", dest="year", type=int, metavar="年度", help="按报告年度选格式")
    parser.add_argument("--province", "--省份", dest="province", metavar="省份", help="省份（选省份变体）")
    parser.add_argument("-o", "--output", metavar="文件", help="写入的文件（默认输出到屏幕）")
    parser.set_defaults(run=run)


def choose(spec_id: str | None, year: int | None, province: str | None) -> tuple[str | None, str]:
    """按参数定格式：返回 (格式 id, 错误说明)。"""
    from ...spec.formats import available_specs, default_spec_id, latest_spec_id

    ids = available_specs()
    if spec_id:
        if spec_id not in ids:
            return None, f"不认识格式“{spec_id}”，可选：{'、'.join(ids)}"
        return spec_id, ""
    if year is not None:
        found = default_spec_id(year, province)
        if found is None:
            return None, f"没有适用于 {year} 年度的格式"
        return found, ""
    return latest_spec_id(), ""


def run(args: argparse.Namespace) -> int:
    from ...authoring.editor_schema import json_schema_text
    from ...files import write_atomic
    from ...problems.codes import problem_line
    from ...spec.formats import load_common, load_spec

    spec_id, error = choose(args.spec_id, args.year, args.province)
    if spec_id is None:
        sys.stderr.write(problem_line("gjjgen schema", "SCHEMA-FORMAT", error) + "\n")
        return 2
    text = json_schema_text(load_spec(spec_id), load_common())
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        write_atomic(args.output, text, overwrite=True)
    except OSError as exc:
        sys.stderr.write(problem_line(f"{args.output}:1:1", "FILE-WRITE", f"无法写入：{exc.strerror or exc}") + "\n")
        return 1
    sys.stderr.write(f"已写出 {args.output}（{load_spec(spec_id).name}）\n")
    return 0
