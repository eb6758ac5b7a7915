"""``gjjgen render`` 的耗时与 PDF 大小。

对每个示例数据文件（葫芦岛 2023；有上海 2020 时也测）在同一次运行里测量：

- PDF 步骤（报告 HTML → PDF 字节，进程内，字体已准备好）：多次取中位数；
- 朴素路线：同一份 HTML 不加预备字体的 ``@font-face``，由 fontconfig 找系统的
  Noto CJK 字体，直接 ``write_pdf``；取中位数，与上面的倍数只作参考。WeasyPrint 有
  libharfbuzz-subset 时用它做子集化，朴素路线本身就快；没有时退回 fontTools，对 Noto CJK
  的 CFF 轮廓极慢（参考列，用 ``--no-fonttools`` 可跳过）；
- 整条命令 ``gjjgen render -f html,docx,pdf``（子进程，含解释器启动）与 WeasyPrint 自己的
  ``weasyprint`` 命令把同一份报告的 HTML 排成 PDF（也是整个进程），成对交替运行，
  取每对之比的中位数（目标 < 1.0：出三种格式也比只出 PDF 的 weasyprint 命令快）；参考列是
  weasyprint 命令出与 gjjgen 同一种 PDF（PDF/A-3b、带标签）时的比；
  整条命令的墙钟时间目标 < 3 s；
- PDF 大小（目标 < 400 KB）。

用法：python bench/bench_render.py [数据文件 …] [--runs N] [--naive-runs N] [--command-runs N] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEFAULTS = ("葫芦岛市住房公积金管理中心-2023.yaml", "上海市公积金管理中心-2020.yaml")
GOALS = {"vs_weasyprint": 1.0, "pdf_s": 1.0, "command_s": 3.0, "pdf_kb": 400.0}


def report_html(path: Path) -> str:
    from gjjgen.checks.validate import validate_file
    from gjjgen.render.html import render_html
    from gjjgen.report.model import build_report

    validation = validate_file(path)
    if validation.document is None or validation.errors:
        raise SystemExit(f"{path}: 数据有错误，无法测量（先运行 gjjgen validate）")
    return render_html(build_report(validation.document))


CPU: dict[str, float] = {}
"""各路线的 CPU 时间中位数（机器上有别的负载时，墙钟时间会被拉长，CPU 时间不会）。"""


def median_time(action, runs: int, name: str = "") -> tuple[float, object]:
    times = []
    cpu = []
    result = None
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    if name:
        CPU[name] = statistics.median(cpu)
    return statistics.median(times), result


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def fonttools_subsetting() -> Iterator[None]:
    """让 WeasyPrint 像在没有 libharfbuzz-subset 的机器上一样，退回 fontTools 子集化。"""
    import weasyprint.pdf.fonts as pdf_fonts

    saved = pdf_fonts.harfbuzz_subset
    pdf_fonts.harfbuzz_subset = None
    try:
        yield
    finally:
        pdf_fonts.harfbuzz_subset = saved


ARCHIVE_FLAGS = ("--pdf-variant", "pdf/a-3b", "--pdf-tags")
"""让 weasyprint 命令出与 gjjgen 同一种 PDF（PDF/A-3b、带标签）的参数：参考列，比的是同样的活。"""


def paired_commands(path: Path, html: str, runs: int) -> dict[str, list[float]]:
    """``gjjgen render``（三种格式）与 ``weasyprint`` 命令（同一份 HTML → PDF）交替地跑。

    weasyprint 命令跑两种：默认的普通 PDF（目标比的是它），与加 :data:`ARCHIVE_FLAGS` 的
    PDF/A-3b 带标签（参考）。返回各自的墙钟时间、gjjgen 的 CPU 时间与每轮的两个比。"""
    weasyprint_command = Path(sys.executable).with_name("weasyprint")
    with tempfile.TemporaryDirectory() as out:
        source = Path(out) / "report.html"
        source.write_text(html, encoding="utf-8")
        ours = [sys.executable, "-m", "gjjgen", "render", str(path), "-f", "html,docx,pdf", "-o", out]
        theirs = [str(weasyprint_command), str(source), str(Path(out) / "weasyprint.pdf")]
        archive = [*theirs, *ARCHIVE_FLAGS]
        for command in (ours, theirs, archive):  # 预热 .pyc 与页缓存
            subprocess.run(command, capture_output=True, check=True, cwd=out)
        result: dict[str, list[float]] = {k: [] for k in ("ours", "cpu", "theirs", "archive", "pairs", "archive_pairs")}
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), children_cpu()
            subprocess.run(ours, capture_output=True, check=True)
            result["ours"].append(time.perf_counter() - start)
            result["cpu"].append(children_cpu() - start_cpu)
            for name, command in (("theirs", theirs), ("archive", archive)):
                start = time.perf_counter()
                subprocess.run(command, capture_output=True, check=True, cwd=out)
                result[name].append(time.perf_counter() - start)
            result["pairs"].append(result["ours"][-1] / result["theirs"][-1])
            result["archive_pairs"].append(result["ours"][-1] / result["archive"][-1])
    return result


def measure(
    path: Path, runs: int, naive_runs: int, fonttools_runs: int, command_runs: int
) -> dict[str, object]:
    from weasyprint import HTML

    from gjjgen.fonts import prepare_fonts
    from gjjgen.render.pdf import render_pdf

    prepare_fonts()
    html = report_html(path)
    render_pdf(html)  # 预热：字体文件进入页缓存，WeasyPrint 的模块与字体配置已加载
    prepared, pdf = median_time(lambda: render_pdf(html), runs, "prepared")
    def naive_pdf_bytes() -> bytes:
        return HTML(string=html, base_url=str(ROOT)).write_pdf()

    naive, naive_pdf = median_time(naive_pdf_bytes, naive_runs, "naive")
    slow = {}
    if fonttools_runs:
        with fonttools_subsetting():
            naive_ft, _ = median_time(naive_pdf_bytes, fonttools_runs)
            prepared_ft, _ = median_time(lambda: render_pdf(html), fonttools_runs)
        slow = {
            "naive_fonttools_median_s": round(naive_ft, 3),
            "prepared_fonttools_median_s": round(prepared_ft, 3),
            "ratio_fonttools": round(naive_ft / prepared, 1),
        }

    commands = paired_commands(path, html, command_runs)

    assert isinstance(pdf, bytes) and isinstance(naive_pdf, bytes)
    return {
        "file": path.name,
        "naive_median_s": round(naive, 3),
        "prepared_median_s": round(prepared, 3),
        "ratio": round(naive / prepared, 1),
        **slow,
        "command_median_s": round(statistics.median(commands["ours"]), 3),
        "weasyprint_median_s": round(statistics.median(commands["theirs"]), 3),
        "vs_weasyprint": round(statistics.median(commands["pairs"]), 2),
        "weasyprint_archive_median_s": round(statistics.median(commands["archive"]), 3),
        "vs_weasyprint_archive": round(statistics.median(commands["archive_pairs"]), 2),
        "command_cpu_median_s": round(statistics.median(commands["cpu"]), 3),
        "naive_cpu_median_s": round(CPU["naive"], 3),
        "prepared_cpu_median_s": round(CPU["prepared"], 3),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "pdf_kb": round(len(pdf) / 1024, 1),
        "naive_pdf_kb": round(len(naive_pdf) / 1024, 1),
        "runs": runs,
        "naive_runs": naive_runs,
    }


def verdict(row: dict[str, object]) -> dict[str, bool]:
    return {
        "vs_weasyprint": float(row["vs_weasyprint"]) < GOALS["vs_weasyprint"],  # type: ignore[arg-type]
        "pdf_s": float(row["prepared_median_s"]) < GOALS["pdf_s"],  # type: ignore[arg-type]
        "command_s": float(row["command_median_s"]) < GOALS["command_s"],  # type: ignore[arg-type]
        "pdf_kb": float(row["pdf_kb"]) < GOALS["pdf_kb"],  # type: ignore[arg-type]
    }


def print_table(rows: list[dict[str, object]]) -> None:
    header = (
        "示例", "朴素 PDF", "预备字体 PDF", "倍数", "朴素（fontTools）", "预备字体（fontTools）", "倍数（fontTools）",
        "整条命令", "weasyprint 命令", "之比（成对）", "weasyprint PDF/A 带标签", "之比（参考）", "命令 CPU", "PDF 大小", "负载", "达标",
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for row in rows:
        ok = verdict(row)
        print(
            " | ".join(
                (
                    str(row["file"]),
                    f"{row['naive_median_s']:.2f} s",
                    f"{row['prepared_median_s']:.3f} s",
                    f"{row['ratio']}×",
                    f"{row['naive_fonttools_median_s']:.2f} s" if "ratio_fonttools" in row else "—",
                    f"{row['prepared_fonttools_median_s']:.3f} s" if "ratio_fonttools" in row else "—",
                    f"{row['ratio_fonttools']}×" if "ratio_fonttools" in row else "—",
                    f"{row['command_median_s']:.2f} s",
                    f"{row['weasyprint_median_s']:.2f} s",
                    f"{row['vs_weasyprint']}",
                    f"{row['weasyprint_archive_median_s']:.2f} s",
                    f"{row['vs_weasyprint_archive']}",
                    f"{row['command_cpu_median_s']:.2f} s",
                    f"{row['pdf_kb']} KB",
                    f"{row['load_average_1min']}",
                    "是" if all(ok.values()) else "否（" + "、".join(k for k, v in ok.items() if not v) + "）",
                )
            )
        )
    print(
        f"\n目标：整条命令与 weasyprint 命令之比 < {GOALS['vs_weasyprint']:g}，PDF 步骤 < {GOALS['pdf_s']:g} s，"
        f"整条命令 < {GOALS['command_s']:g} s，PDF < {GOALS['pdf_kb']:g} KB；“倍数”各列（朴素路线 ÷ 预备字体）只作参考。"
        "“之比（参考）”是与 weasyprint 命令出同一种 PDF（--pdf-variant pdf/a-3b --pdf-tags）相比。"
        "“负载”是测量结束时的 1 分钟平均负载：机器上有别的负载时墙钟时间偏长，可参考 CPU 时间。"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="数据文件（默认：examples/ 里的葫芦岛 2023 与上海 2020）")
    parser.add_argument("--runs", type=int, default=7, help="预备字体路线的次数（默认 7）")
    parser.add_argument("--naive-runs", type=int, default=3, help="朴素路线的次数（默认 3）")
    parser.add_argument("--fonttools-runs", type=int, default=1, help="fontTools 子集化情形的次数（默认 1，朴素路线每次十几秒）")
    parser.add_argument("--command-runs", type=int, default=5, help="整条命令的次数（默认 5）")
    parser.add_argument("--no-fonttools", action="store_true", help="不测 fontTools 子集化的情形")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = parser.parse_args()

    files = [Path(f) for f in args.files] or [EXAMPLES / name for name in DEFAULTS if (EXAMPLES / name).is_file()]
    fonttools_runs = 0 if args.no_fonttools else args.fonttools_runs
    rows = [measure(path, args.runs, args.naive_runs, fonttools_runs, args.command_runs) for path in files]
    if args.json:
        payload = {"goals": GOALS, "results": [{**row, "meets": verdict(row)} for row in rows]}
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
