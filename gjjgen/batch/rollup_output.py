"""``gjjgen summary`` 的输出：CSV（带 BOM 的 UTF-8）、JSON、一个自带样式的 HTML 页面。

- ``gjjgen-汇总表.csv``：一格一行——格式、表、行、列、合计、填报份数、来源文件；
- ``gjjgen-汇总问题.csv``：结转链断开、离群值、照抄上年等，一条一行，带“文件:行:列”；
- ``gjjgen-汇总表.json``：上面两样加上参与汇总的文件；
- ``gjjgen-汇总表.html``：先列问题（断开的结转链在前），再按格式、按表列出合计：每张表排成
  法定表格的样子（行按层级、列是表的各列），每一格的来源文件与各自的值折叠在表下。
"""

from __future__ import annotations

import csv
import io
import json
from itertools import groupby
from pathlib import Path

from ..document.cells import format_number
from ..files import write_atomic
from ..problems.findings import LEVEL_WORDS, Problem
from ..render.export import json_number
from .htmlpage import esc, number, page, table
from .rollup import CellSum, Rollup

STEM = "gjjgen-汇总表"
FLAGS_STEM = "gjjgen-汇总问题"
SUMS_HEADER = ("格式", "表", "表名", "行", "列", "合计", "填报份数", "来源文件", "键")
FLAGS_HEADER = ("级别", "代码", "位置", "说明")


def ordered_flags(rollup: Rollup) -> list[Problem]:
    """错误（结转链断开）在前，其余按文件与位置。"""
    return sorted(rollup.flags, key=lambda p: (not p.is_error, p.file, p.line, p.col, p.code))


def _shown(value: object) -> str:
    return "" if value is None else format_number(value)


def _files(entry: CellSum, short: bool = False) -> str:
    """来源文件与各自的值；``short`` 时只写文件名（网页里用，完整路径见问题表与 CSV）。"""
    return "；".join(f"{Path(name).name if short else name}（{_shown(value)}）" for name, value in entry.files)


def sums_csv(rollup: Rollup) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SUMS_HEADER)
    for s in rollup.sums:
        writer.writerow((s.format, s.table, s.table_name, s.row, s.column, _shown(s.total), len(s.files), _files(s), s.key))
    return out.getvalue()


def flags_csv(rollup: Rollup) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FLAGS_HEADER)
    for p in ordered_flags(rollup):
        writer.writerow((LEVEL_WORDS[p.level], p.code, f"{p.file}:{p.line}:{p.col}", p.message))
    return out.getvalue()


def rollup_json(rollup: Rollup) -> str:
    payload = {
        "文件": [
            {"文件": r.file, "机关名称": r.agency, "报告年度": r.year, "格式": r.format,
             "计入汇总": r.document is not None, "错误": r.errors, "警告": r.warnings}
            for r in rollup.files
        ],
        "问题": [
            {"级别": p.level, "代码": p.code, "位置": f"{p.file}:{p.line}:{p.col}", "说明": p.message}
            for p in ordered_flags(rollup)
        ],
        "合计": [
            {"格式": s.format, "表": s.table, "表名": s.table_name, "行": s.row, "列": s.column, "键": s.key,
             "合计": json_number(s.total),
             "来源": [{"文件": name, "值": json_number(value)} for name, value in s.files]}
            for s in rollup.sums
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def rollup_html(rollup: Rollup) -> str:
    used = rollup.used
    body = [f"<p>共 {len(rollup.files)} 份，计入汇总 {len(used)} 份。</p>"]
    skipped = [r for r in rollup.files if r.document is None]
    if skipped:
        body.append("<h2>未计入汇总（数据无法读出）</h2><ul>" + "".join(f"<li>{esc(r.file)}</li>" for r in skipped) + "</ul>")
    flags = ordered_flags(rollup)
    body.append(f"<h2>需要核对的地方（{len(flags)}）</h2>")
    if flags:
        rows = [("bad" if p.is_error else "warn",
                 [esc(LEVEL_WORDS[p.level]), f"<code>{esc(p.code)}</code>", f"<code>{esc(p.file)}:{p.line}:{p.col}</code>", esc(p.message)])
                for p in flags]
        body.append(table(FLAGS_HEADER, rows))
    else:
        body.append('<p class="muted">没有发现结转链断开、离群值或照抄上年的情况。</p>')
    for (spec_id, _table), group in groupby(rollup.sums, key=lambda s: (s.format, s.table)):
        entries = list(group)
        count = len({name for s in entries for name, _ in s.files})
        body.append(f"<h2>格式 {esc(spec_id)} · {esc(entries[0].table_name)}（{count} 份）</h2>")
        if any(len(s.files) < count for s in entries):
            body.append('<p class="muted">橙色的数：不是每一份都填了这一格（悬停可见几份填了），合计里不含未填的。</p>')
        body.append(_grid(entries, count))
        rows = [("", [esc(s.row), esc(s.column), number(_shown(s.total)), number(len(s.files)), esc(_files(s, short=True))])
                for s in entries]
        body.append("<details><summary>每一格的来源文件与各自的值</summary>\n"
                    + table(("行", "列", "合计", "填报份数", "来源文件（值）"), rows) + "\n</details>")
    return page("政府信息公开工作年度报告汇总", body, style=GRID_STYLE)


GRID_STYLE = """
table.grid th.row { text-align: left; font-weight: normal; background: #fafafa; white-space: normal; }
table.grid th.group { background: #f0f0f0; }
table.grid td.partial { color: #a15c00; }
details { margin: 0 0 1em; } summary { cursor: pointer; color: #555; }
"""


def _indent(depth: int) -> str:
    return f' style="padding-left: {0.6 + depth:g}em"' if depth else ""


def _grid(entries: list[CellSum], files: int) -> str:
    """一张表按法定表格的样子排：行是表的各行（按层级缩进），列是表的各列，格里是合计。

    悬停提示写明有几份填了这一格；不是每份都填了的格标成另一种颜色（合计里少了未填的
    那几份，不能当作全体之和来读）。"""
    columns = list(dict.fromkeys(s.column for s in entries))
    by_cell = {(s.row, s.column): s for s in entries}
    head = "".join(f"<th>{esc(c or '合计')}</th>" for c in columns)
    lines = [f'<table class="grid">\n<thead><tr><th></th>{head}</tr></thead>\n<tbody>']
    groups: set[tuple[str, ...]] = set()
    for row in dict.fromkeys(s.row for s in entries):
        labels = row.split(" > ")
        for depth in range(len(labels) - 1):  # 没有自己的格的上级行（如“三、本年度办理结果”）
            if tuple(labels[: depth + 1]) not in groups:
                groups.add(tuple(labels[: depth + 1]))
                lines.append(f'<tr><th class="row group" colspan="{len(columns) + 1}"{_indent(depth)}>'
                             f"{esc(labels[depth])}</th></tr>")
        cells = [f'<th class="row" title="{esc(row)}"{_indent(len(labels) - 1)}>{esc(labels[-1])}</th>']
        for column in columns:
            entry = by_cell.get((row, column))
            if entry is None:
                cells.append('<td class="muted"></td>')
                continue
            filled = len(entry.files)
            css = "num" if filled == files else "num partial"
            cells.append(f'<td class="{css}" title="{filled} 份填了这一格（共 {files} 份）">{esc(_shown(entry.total))}</td>')
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</tbody>\n</table>")
    return "\n".join(lines)


def write_rollup(rollup: Rollup, directory: Path) -> list[Path]:
    """写出四个文件（原子写入），返回它们的路径。"""
    directory.mkdir(parents=True, exist_ok=True)
    outputs = (
        (f"{STEM}.csv", "\ufeff" + sums_csv(rollup)),
        (f"{FLAGS_STEM}.csv", "\ufeff" + flags_csv(rollup)),
        (f"{STEM}.json", rollup_json(rollup)),
        (f"{STEM}.html", rollup_html(rollup)),
    )
    written = []
    for name, text in outputs:
        write_atomic(directory / name, text, overwrite=True)
        written.append(directory / name)
    return written
