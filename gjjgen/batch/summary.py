"""批量处理的汇总：每份文件一行（机关、年度、格式、错误、警告、问题代码、生成的文件；
导入已发布的报告时还有结论），最需要看的在前；写成 CSV（带 BOM 的 UTF-8，Excel 直接打开）、
JSON 与一个 HTML 页面（每份文件的问题列在页内，点文件名跳过去；原文是已发布的报告时，
问题的位置是原文里的页、表、行、列）。"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..files import write_atomic
from ..problems.codes import code_info, level_of
from ..problems.findings import LEVEL_WORDS
from .htmlpage import esc, inline_code, name_cell, number, page, table, tag
from .pool import BatchRun
from .results import FileResult, worst_first

SUMMARY_STEM = "gjjgen-汇总"
"""汇总文件名（不含后缀）：``gjjgen-汇总.csv``、``.json``、``.html``。"""

CSV_HEADER = ("文件", "机关名称", "报告年度", "格式", "状态", "错误", "警告", "问题代码", "生成的文件")
VERDICT = "结论"
"""导入已发布的报告时在“状态”之后多一列：可直接使用、需复核、需人工录入。"""


def columns(run: BatchRun) -> tuple[str, ...]:
    """汇总的列：有导入结论时在“状态”之后加“结论”。"""
    if not any(r.verdict for r in run.results):
        return CSV_HEADER
    at = CSV_HEADER.index("状态") + 1
    return (*CSV_HEADER[:at], VERDICT, *CSV_HEADER[at:])


def _row(result: FileResult, header: tuple[str, ...]) -> dict[str, object]:
    row: dict[str, object] = {
        "文件": result.file,
        "机关名称": result.agency,
        "报告年度": result.year,
        "格式": result.format,
        "状态": result.status,
        VERDICT: result.verdict,
        "错误": result.errors,
        "警告": result.warnings,
        "问题代码": result.codes,
        "生成的文件": result.outputs,
    }
    return {key: row[key] for key in header}


@dataclass(frozen=True)
class CodeCount:
    """一个问题代码在这批文件里出现的情况：几份文件有它、一共几条。"""

    code: str
    level: str
    summary: str
    files: int
    occurrences: int


def count_codes(results: list[FileResult]) -> list[CodeCount]:
    """按问题代码统计（错误在前，同级别按文件份数从多到少）：几百份报告里先看哪类问题最普遍。"""
    files: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    for result in results:
        files.update(result.codes)
        occurrences.update(p.code for p in result.problems)
        if result.crash:
            occurrences["BATCH-CRASH"] += 1
    counts = [CodeCount(code, level_of(code), code_info(code).summary, files[code], occurrences[code]) for code in files]
    return sorted(counts, key=lambda c: (c.level != "error", -c.files, c.code))


def summary_json(run: BatchRun) -> str:
    header = columns(run)
    payload = {
        "文件数": len(run.results) + len(run.skipped),
        "已处理": len(run.results),
        "失败": sum(r.failed for r in run.results),
        "已中断": run.interrupted,
        "未处理": run.skipped,
        "问题代码统计": [
            {"代码": c.code, "级别": c.level, "说明": c.summary, "份数": c.files, "条数": c.occurrences}
            for c in count_codes(run.results)
        ],
        "文件": [
            {
                **_row(r, header),
                "问题": [
                    {"级别": p.level, "代码": p.code, "说明": p.message, "位置": p.where, "原文位置": p.place}
                    for p in r.problems
                ],
                "程序错误": r.crash,
            }
            for r in worst_first(run.results)
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def summary_csv(run: BatchRun) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = columns(run)
    writer.writerow(header)
    for result in worst_first(run.results):
        row = _row(result, header)
        row["问题代码"] = " ".join(result.codes)
        row["生成的文件"] = " ".join(result.outputs)
        writer.writerow(["" if row[k] is None else row[k] for k in header])
    for path in run.skipped:
        writer.writerow([path if k == "文件" else "未处理（已中断）" if k == "状态" else "" for k in header])
    return out.getvalue()


def _link(target: str, base: Path) -> str:
    """生成的文件：链接上只写格式（HTML、DOCX、PDF……），完整文件名在悬停提示里——
    一行三个长文件名会把表格撑成几倍高，格式名一眼就能扫完。"""
    relative = os.path.relpath(os.path.abspath(target), os.path.abspath(base))
    name = Path(target).name
    label = Path(target).suffix.lstrip(".").upper() or name
    return f'<a href="{esc(quote(Path(relative).as_posix()))}" title="{esc(name)}">{esc(label)}</a>'


def _codes(codes: list[str]) -> str:
    """问题代码各自不折行（``CELL-BLANK`` 不会断成两半）。"""
    return " ".join(f'<code class="code">{esc(code)}</code>' for code in codes)


def summary_html(run: BatchRun, base: Path) -> str:
    """``base`` 是页面所在目录：生成的文件用相对它的链接。"""
    ordered = worst_first(run.results)
    header = columns(run)
    rows = []
    for index, r in enumerate(ordered):
        css = "bad" if r.failed else ("warn" if r.problems else "")
        cells = {
            "文件": name_cell(r.file, f"#f{index}" if (r.problems or r.crash) else None),
            "机关名称": esc(r.agency), "报告年度": number(r.year), "格式": esc(r.format), "状态": tag(r.status),
            VERDICT: tag(r.verdict), "错误": number(r.errors), "警告": number(r.warnings),
            "问题代码": _codes(r.codes), "生成的文件": " ".join(_link(o, base) for o in r.outputs),
        }
        rows.append((css, [cells[key] for key in header]))
    body = [
        f"<p>共 {len(ordered) + len(run.skipped)} 份，已处理 {len(ordered)} 份，"
        f"失败 {sum(r.failed for r in ordered)} 份。" + ("<strong>处理被中断。</strong>" if run.interrupted else "") + "</p>",
        *_codes_overview(ordered),
        table(header, rows),
    ]
    if run.skipped:
        body.append("<h2>未处理（已中断）</h2><ul>" + "".join(f"<li>{esc(p)}</li>" for p in run.skipped) + "</ul>")
    for index, r in enumerate(ordered):
        if not (r.problems or r.crash):
            continue
        body.append(f'<h2 id="f{index}">{esc(r.file)}</h2>')
        if r.verdict:
            body.append(f"<p>导入的结论：{esc(r.verdict)}；问题的位置是原文里的位置。</p>")
        if r.crash:
            body.append(f"<p>程序错误，这份文件没有处理完：</p><pre>{esc(r.crash)}</pre>")
        items = "".join(
            f"<li><code>{esc(p.where)}</code> {esc(LEVEL_WORDS[p.level])}：{esc(p.message)} "
            f"<code>[{esc(p.code)}]</code></li>"
            for p in r.problems
        )
        if items:
            body.append(f"<ul>{items}</ul>")
    return page("gjjgen 批量处理汇总", body)


def _codes_overview(results: list[FileResult]) -> list[str]:
    """页首的问题代码统计；没有问题时不写。"""
    counts = count_codes(results)
    if not counts:
        return []
    rows = [("bad" if c.level == "error" else "warn",
             [_codes([c.code]), tag(LEVEL_WORDS[c.level]), inline_code(c.summary), number(c.files), number(c.occurrences)])
            for c in counts]
    return ["<h2>各类问题</h2>", table(("问题代码", "级别", "问题", "份数", "条数"), rows), "<h2>每份文件</h2>"]


def write_summary(run: BatchRun, directory: Path) -> list[Path]:
    """把 CSV、JSON、HTML 三个汇总文件写进 ``directory``（原子写入），返回它们的路径。"""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in (
        (".csv", "\ufeff" + summary_csv(run)),
        (".json", summary_json(run)),
        (".html", summary_html(run, directory)),
    ):
        path = directory / f"{SUMMARY_STEM}{suffix}"
        write_atomic(path, text, overwrite=True)
        written.append(path)
    return written
