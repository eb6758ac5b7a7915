"""PDF 基准：同一份报告 HTML，朴素路线与预备字体路线各排 N 次，比较中位数。

朴素路线：HTML 里写系统字体名（Noto CJK、文鼎），``HTML(string=...).write_pdf()``，
字体由 fontconfig 找到，WeasyPrint 直接对 .ttc 做子集化。WeasyPrint 有两种子集化：
装了 libharfbuzz-subset 时用 HarfBuzz（快，本机默认），否则退回 fontTools（对 Noto CJK
的 CFF 轮廓要十几秒）。两种都测：后者默认少跑几次（``--fonttools-runs``），
``--no-fonttools`` 跳过。

预备路线：``gjjgen.fonts`` 预先准备的 TrueType 字体。计时包括每份文档都要做的
``font_face_css``（覆盖检查、补字）和 ``write_pdf``；准备字体本身是一次性的，单独计时
（冷缓存下的 ``prepare_fonts``，以及热缓存下再调用一次的 stat 检查）。

两条路线交替运行，机器上的其他负载对两边影响相同。不是测试：不做计时断言。

用法::

    python bench/bench_pdf.py                 # 各 5 次（fontTools 子集化的两条路线各 3 次）
    python bench/bench_pdf.py -n 9 --json
    python bench/bench_pdf.py --skip-cold --no-fonttools   # 用默认缓存，只测 HarfBuzz 子集化
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_render import fonttools_subsetting  # noqa: E402
from sample_report import report_html  # noqa: E402

from gjjgen import fonts  # noqa: E402

#: 朴素路线的系统字体：与预备字体同源的字面。
SYSTEM_FAMILIES = {
    "title": '"Noto Serif CJK SC"',
    "fangsong": '"FandolFang", "AR PL UMing CN"',
    "heading": '"Noto Sans CJK SC"',
    "kai": '"AR PL UKai CN"',
    "song": '"Noto Serif CJK SC"',
}
PREPARED_FAMILIES = {key: f"var(--gjj-font-{key})" for key in SYSTEM_FAMILIES}
#: 检查 PDF 文字可提取用的片段。
PROBE = "市公积金中心坚持“以公开为常态，不公开为例外”原则"


def document_text(html: str) -> str:
    """HTML 里会排出来的文字（去掉标签与样式），外加页码用字。"""
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", body) + "— 0123456789"


def with_css(html: str, css: str) -> str:
    return html.replace("<style>", "<style>" + css, 1)


def timed(function: Callable[[], bytes]) -> tuple[float, bytes]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def timed_both(function: Callable[[], bytes]) -> tuple[float, float, bytes]:
    """墙钟时间与本进程 CPU 时间；机器上有别的负载时，后者更能说明两条路线的差别。"""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def pdf_checks(pdf: bytes) -> dict[str, object]:
    """pdffonts：是否全部嵌入且为子集；pdftotext：中文是否可提取。没有 poppler 时跳过。"""
    if not (shutil.which("pdffonts") and shutil.which("pdftotext")):
        return {}
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        listing = subprocess.run(["pdffonts", file.name], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", file.name, "-"],
                              capture_output=True, text=True, check=True).stdout
    names = [row.split()[0] for row in listing]
    embedded = all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in listing)
    return {"fonts": names, "all_embedded_subset": embedded,
            "text_extractable": PROBE in re.sub(r"\s+", "", text)}


def page_count(html: str) -> int:
    from weasyprint import HTML

    return len(HTML(string=html).render().pages)


def run(args: argparse.Namespace) -> dict[str, object]:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    results: dict[str, object] = {"runs": args.runs, "cpus": os.cpu_count()}

    messages = fonts.check_fonts()
    if messages:
        raise SystemExit("\n".join(messages))

    temporary = None
    if args.cache_dir:
        cache = Path(args.cache_dir)
    elif args.skip_cold:
        cache = fonts.default_cache_dir()
    else:
        temporary = tempfile.TemporaryDirectory(prefix="gjjgen-fonts-")
        cache = Path(temporary.name)
    try:
        if not args.skip_cold:
            seconds, _ = timed(lambda: fonts.prepare_fonts(cache))
            results["prepare_cold_s"] = round(seconds, 2)
            print(f"准备字体（冷缓存，一次性）：{seconds:.1f} 秒", file=sys.stderr, flush=True)
        fonts.prepare_fonts(cache)
        warm = [timed(lambda: fonts.prepare_fonts(cache))[0] for _ in range(5)]
        results["prepare_warm_ms"] = round(statistics.median(warm) * 1000, 2)
        manifest = json.loads((cache / fonts.MANIFEST).read_text(encoding="utf-8"))
        results["prepared_font_bytes"] = sum(
            (cache / part["file"]).stat().st_size
            for entry in manifest["roles"].values() for part in entry["parts"].values())

        naive_html = report_html(SYSTEM_FAMILIES)
        prepared_html = report_html(PREPARED_FAMILIES)
        text = document_text(prepared_html)
        shared = fonts.font_config(cache)
        css = fonts.font_face_css(cache, text=text)
        declared = re.findall(r'url\("(file://[^"]+)"\)', css)
        results["declared_fonts"] = [url.rsplit("/", 1)[1] for url in declared]
        results["declared_font_bytes"] = sum(
            Path(unquote(urlparse(url).path)).stat().st_size for url in declared)

        def naive() -> bytes:
            return HTML(string=naive_html).write_pdf()

        def prepared() -> bytes:
            css = fonts.font_face_css(cache, text=text)
            return HTML(string=with_css(prepared_html, css)).write_pdf()

        def prepared_shared() -> bytes:
            css = fonts.font_face_css(cache, text=text)
            return HTML(string=with_css(prepared_html, css)).write_pdf(font_config=shared)

        routes: dict[str, Callable[[], bytes]] = {
            "naive": naive, "prepared": prepared, "prepared_shared_config": prepared_shared}
        times: dict[str, list[float]] = {name: [] for name in routes}
        cpu: dict[str, list[float]] = {name: [] for name in routes}
        pdfs: dict[str, bytes] = {}
        for name, function in routes.items():  # 预热：导入、fontconfig 缓存
            pdfs[name] = function()
        results["load_before"] = [round(x, 2) for x in os.getloadavg()]
        for _ in range(args.runs):
            for name, function in routes.items():
                seconds, cpu_seconds, pdfs[name] = timed_both(function)
                times[name].append(seconds)
                cpu[name].append(cpu_seconds)

        if args.fonttools_runs > 0:
            with fonttools_subsetting():
                extra = {"naive_fonttools": naive, "prepared_fonttools": prepared}
                for name in extra:
                    times[name], cpu[name] = [], []
                for _ in range(args.fonttools_runs):
                    for name, function in extra.items():
                        seconds, cpu_seconds, pdfs[name] = timed_both(function)
                        times[name].append(seconds)
                        cpu[name].append(cpu_seconds)

        results["load_after"] = [round(x, 2) for x in os.getloadavg()]
        routes_out = {}
        for name, values in times.items():
            routes_out[name] = {
                "median_s": round(statistics.median(values), 3),
                "min_s": round(min(values), 3),
                "cpu_median_s": round(statistics.median(cpu[name]), 3),
                "runs_s": [round(v, 3) for v in values],
                "pdf_bytes": len(pdfs[name]),
                **pdf_checks(pdfs[name]),
            }
        results["routes"] = routes_out
        results["pages"] = {"naive": page_count(naive_html),
                            "prepared": page_count(with_css(prepared_html,
                                                            fonts.font_face_css(cache, text=text)))}
        median = {name: routes_out[name]["median_s"] for name in routes_out}
        results["ratio_naive_over_prepared"] = round(median["naive"] / median["prepared"], 2)
        results["ratio_naive_over_prepared_shared"] = round(
            median["naive"] / median["prepared_shared_config"], 2)
        results["cpu_ratio_naive_over_prepared"] = round(
            routes_out["naive"]["cpu_median_s"] / routes_out["prepared"]["cpu_median_s"], 2)
        if args.fonttools_runs > 0:
            results["ratio_naive_fonttools_over_prepared"] = round(
                median["naive_fonttools"] / median["prepared"], 2)
            results["ratio_fonttools_both"] = round(
                median["naive_fonttools"] / median["prepared_fonttools"], 2)
    finally:
        if temporary is not None:
            temporary.cleanup()
    return results


LABELS = {
    "naive": "朴素（系统 .ttc，HarfBuzz 子集化）",
    "prepared": "预备字体（每份 PDF 新建字体配置）",
    "prepared_shared_config": "预备字体＋复用 FontConfiguration",
    "naive_fonttools": "朴素（系统 .ttc，fontTools 子集化）",
    "prepared_fonttools": "预备字体（fontTools 子集化）",
}


def print_report(results: dict[str, object]) -> None:
    print(f"CPU 数：{results['cpus']}；每条路线 {results['runs']} 次（交替运行）；"
          f"系统负载 {results['load_before'][0]} → {results['load_after'][0]}")
    print(f"热缓存 prepare_fonts：{results['prepare_warm_ms']} 毫秒；"
          f"预备字体共 {results['prepared_font_bytes'] / 1e6:.1f} MB")
    print(f"预备路线每份 PDF 声明的字体文件（{results['declared_font_bytes'] / 1e6:.1f} MB）："
          f"{'、'.join(results['declared_fonts'])}")
    pages = results["pages"]
    print(f"页数：朴素 {pages['naive']}，预备 {pages['prepared']}")
    for name, route in results["routes"].items():
        checks = ""
        if "all_embedded_subset" in route:
            checks = (f"；全部嵌入子集：{'是' if route['all_embedded_subset'] else '否'}"
                      f"，文字可提取：{'是' if route['text_extractable'] else '否'}"
                      f"，字体：{' '.join(route['fonts'])}")
        print(f"  {LABELS.get(name, name)}：中位数 {route['median_s']:.3f} 秒"
              f"（最快 {route['min_s']:.3f}，CPU {route['cpu_median_s']:.3f}），"
              f"PDF {route['pdf_bytes'] / 1024:.0f} KB{checks}")
    print(f"加速比（朴素 ÷ 预备，均为 HarfBuzz 子集化）：{results['ratio_naive_over_prepared']}×；"
          f"预备且复用 FontConfiguration：{results['ratio_naive_over_prepared_shared']}×")
    if "ratio_naive_fonttools_over_prepared" in results:
        print(f"加速比（朴素且 fontTools 子集化 ÷ 预备）："
              f"{results['ratio_naive_fonttools_over_prepared']}×；"
              f"两边都用 fontTools 子集化：{results['ratio_fonttools_both']}×")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="报告 PDF 生成基准：朴素路线与预备字体路线。")
    parser.add_argument("-n", "--runs", type=int, default=5, help="每条路线的次数（默认 5）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.add_argument("--cache-dir", help="使用这个字体缓存目录（不测冷缓存准备）")
    parser.add_argument("--skip-cold", action="store_true",
                        help="不测冷缓存准备，直接用默认缓存目录")
    parser.add_argument("--fonttools-runs", type=int, default=3,
                        help="WeasyPrint 退回 fontTools 子集化时两条路线各跑几次（默认 3；"
                             "朴素路线每次十几秒）")
    parser.add_argument("--no-fonttools", action="store_true",
                        help="不测 fontTools 子集化的情形")
    args = parser.parse_args(argv)
    if args.cache_dir:
        args.skip_cold = True
    if args.no_fonttools:
        args.fonttools_runs = 0
    results = run(args)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
