"""批量生成的吞吐量、与“下限”之比、每个工作进程的内存、临时目录残留。

在同一次运行里：

1. 由 ``examples/`` 生成 N 份彼此不同的数据文件（见 ``sample_data.py``：不同机关、乘过倍数仍
   满足勾稽关系的数、三种法定格式）；
2. 量“下限”：每份报告只算 WeasyPrint 排版 + 写 PDF + 保存 DOCX（HTML、样式、字体配置、
   排好的 DOCX 对象都事先备好，不计时），用与批量相同个数的进程并行地量一批样本，
   取每份的中位数；N 份在 J 个进程上的下限 = N × 中位数 / J。批量之前、之后各量一次，取
   两者的平均：机器的速度随同一宿主机上别的负载起伏，前后两次夹住批量；两数相差大，说明
   测量期间机器不稳，这一次的比不可信。量两种：写普通 PDF 的下限，与写 gjjgen 实际出的
   那种 PDF（PDF/A-3b、带标签，WeasyPrint 为此多做的排版与写出也算在下限里）的下限，
   两个比都列出；
3. 用 ``-j 1``、``-j 2``（可改）批量生成 html、docx、pdf：整批的墙钟时间（含工作进程的
   启动与预热）、每秒几份、与下限之比；
4. 每个工作进程的内存：峰值（第 10 份时与最后一份时）与此刻的常驻内存（第 10–19 份的中位数
   与最后 10 份的中位数）。峰值只增不减，后面一份大一些的报告就抬高它；看泄漏要看常驻内存；
5. ``TMPDIR`` 指向一个空目录，批量做完后里面剩下多少字节。

目标（2 核机器，N = 340）：``-j 2`` 全部三种格式 < 2 分钟，与下限之比 ≤ 1.5，每个工作进程
内存 < 300 MB 且从第 10 份到最后一份不增长（常驻内存增长 ≤ 10 %），TMPDIR 残留 0 字节。

用法：python bench/bench_batch.py [--n 340] [--jobs 1,2] [--floor-sample 24] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import generate  # noqa: E402

GOALS = {"seconds_340_j2": 120.0, "ratio": 1.5, "worker_mb": 300.0, "growth": 0.10, "residue_bytes": 0}
FORMATS = ("html", "docx", "pdf")


def _floor_times(share: tuple[list[str], bool]) -> list[float]:  # 在子进程里运行
    """每份报告只计 WeasyPrint 排版 + 写 PDF + 保存 DOCX 的时间；``share`` 是（文件，是否写 PDF/A 带标签）。"""
    from gjjgen.render.process import import_weasyprint, remove_scratch

    weasyprint = import_weasyprint()
    times: list[float] = []
    paths, archive = share
    try:
        return _timed_floor(paths, weasyprint, times, archive)
    finally:
        remove_scratch()  # Pool 结束时以 SIGTERM 结束这个进程，终结器不会运行


def _timed_floor(paths: list[str], weasyprint, times: list[float], archive: bool) -> list[float]:
    import io

    from gjjgen.checks.validate import validate_file
    from gjjgen.fonts import font_config
    from gjjgen.render.archive import RENDER_OPTIONS, add_output_intent
    from gjjgen.render.blocks import parse_blocks
    from gjjgen.render.docx import build_docx
    from gjjgen.render.html import render_html
    from gjjgen.render.layers import TemplateChain
    from gjjgen.render.pdf import check_pdf_fonts, document_text, pdf_stylesheet
    from gjjgen.render.process import temp_in_scratch
    from gjjgen.report.model import build_report
    from gjjgen.report.settings import load_settings

    with temp_in_scratch():
        for index, path in enumerate(paths):
            document = validate_file(path).document
            chain = TemplateChain.build(province=document.meta.get("省份"))
            settings = load_settings(chain.settings_dirs())
            report = build_report(document, settings=settings)
            html = render_html(report, settings, chain=chain)
            text = document_text(html)
            cache = check_pdf_fonts(html, None, text)
            config = font_config(cache)
            css = weasyprint.CSS(string=pdf_stylesheet(settings, cache, text), font_config=config)
            doc, _ = build_docx(parse_blocks(html))
            options = RENDER_OPTIONS if archive else {}
            start = time.perf_counter()
            document = weasyprint.HTML(string=html, base_url=str(Path.cwd())).render(
                stylesheets=[css], font_config=config, **options
            )
            if archive:
                add_output_intent(document)
            document.write_pdf(**options)
            doc.save(io.BytesIO())
            elapsed = time.perf_counter() - start
            if index:  # 第一份含首次排版的预热
                times.append(elapsed)
    return times


def measure_floor(paths: list[Path], jobs: int, archive: bool = False) -> float:
    """用 ``jobs`` 个进程并行地量下限，返回每份的中位数（秒）。``archive``：写 PDF/A-3b 带标签。"""
    shares = [([str(p) for p in paths[i::jobs]], archive) for i in range(jobs)]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        times = [t for part in pool.map(_floor_times, shares) for t in part]
    return statistics.median(times)


def tree_bytes(directory: Path) -> tuple[int, int]:
    """目录里的（文件与目录数，字节数）。"""
    entries = size = 0
    for root, dirs, files in os.walk(directory):
        entries += len(dirs) + len(files)
        size += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return entries, size


def memory_profile(results: list) -> dict[str, float]:
    """每个工作进程的内存（MB），取最大的进程：峰值在第 10 份时与最后一份时；常驻内存在
    第 10–19 份的中位数与最后 10 份的中位数（增长看它：峰值只增不减，不说明泄漏）。"""
    peaks: dict[int, list[int]] = defaultdict(list)
    resident: dict[int, list[int]] = defaultdict(list)
    for result in results:
        peaks[result.worker].append(result.peak_rss_kb)
        resident[result.worker].append(result.rss_kb)
    at_10 = max(v[min(9, len(v) - 1)] for v in peaks.values()) / 1024
    last = max(v[-1] for v in peaks.values()) / 1024
    early = max(statistics.median(v[9:19] or v) for v in resident.values()) / 1024
    late = max(statistics.median(v[-10:]) for v in resident.values()) / 1024
    return {"workers": len(peaks), "mb_at_10": round(at_10, 1), "mb_last": round(last, 1),
            "peak_growth": round((last - at_10) / at_10, 3) if at_10 else 0.0,
            "rss_early_mb": round(early, 1), "rss_late_mb": round(late, 1),
            "growth": round((late - early) / early, 3) if early else 0.0}


def run_batch(files: list[Path], jobs: int, out: Path, tmp: Path) -> dict[str, object]:
    from gjjgen.batch.pool import run_jobs

    shutil.rmtree(out, ignore_errors=True)
    os.environ["TMPDIR"] = str(tmp)
    tempfile.tempdir = None
    options = {"formats": list(FORMATS), "output": str(out), "draft": False, "templates": None}
    start = time.perf_counter()
    run = run_jobs("render", [str(f) for f in files], options, jobs)
    seconds = time.perf_counter() - start
    failed = [r.file for r in run.results if r.failed]
    outputs = sum(len(r.outputs) for r in run.results)
    entries, size = tree_bytes(tmp)
    return {"jobs": jobs, "seconds": round(seconds, 2), "per_s": round(len(files) / seconds, 2),
            "failed": len(failed), "outputs": outputs, "tmp_entries": entries, "tmp_bytes": size,
            **memory_profile(run.results)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="生成的报告份数（默认 40；目标按 340 份计）")
    parser.add_argument("--jobs", default="1,2", help="要量的工作进程数，逗号分隔（默认 1,2）")
    parser.add_argument("--floor-sample", type=int, default=24, help="量下限用的份数（默认 24）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gjjgen-bench-batch-"))
    try:
        files = generate(work / "data", args.n)
        rows = []
        for jobs in (int(j) for j in args.jobs.split(",")):
            sample = files[: max(args.floor_sample, jobs * 4)]
            before = (measure_floor(sample, jobs), measure_floor(sample, jobs, archive=True))
            tmp = work / f"tmp-j{jobs}"
            tmp.mkdir()
            row = run_batch(files, jobs, work / f"out-j{jobs}", tmp)
            after = (measure_floor(sample, jobs), measure_floor(sample, jobs, archive=True))
            floor = statistics.mean((before[0], after[0]))
            floor_archive = statistics.mean((before[1], after[1]))
            row.update(floor_before_s=round(before[0], 3), floor_after_s=round(after[0], 3))
            floor_total = args.n * floor / jobs
            archive_total = args.n * floor_archive / jobs
            row.update(floor_per_report_s=round(floor, 3), floor_s=round(floor_total, 2),
                       ratio=round(float(row["seconds"]) / floor_total, 2),
                       floor_archive_per_report_s=round(floor_archive, 3), floor_archive_s=round(archive_total, 2),
                       ratio_archive=round(float(row["seconds"]) / archive_total, 2))
            rows.append(row)
        load = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps({"n": args.n, "goals": GOALS, "load": load, "results": rows}, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.n} 份报告，每份 {'、'.join(FORMATS)}；结束时 1/5/15 分钟平均负载 {load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f}，{os.cpu_count()} 核")
    header = ("-j", "用时", "每秒", "下限（每份，批量前/后）", "下限（整批）", "与下限之比", "PDF/A 下限（整批）",
              "与 PDF/A 下限之比", "失败", "输出文件", "工作进程", "峰值@10份", "峰值@最后", "常驻@10–19份",
              "常驻@最后10份", "常驻增长", "TMPDIR 残留")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for r in rows:
        print(" | ".join((
            str(r["jobs"]), f"{r['seconds']} s", f"{r['per_s']}",
            f"{r['floor_per_report_s']} s（{r['floor_before_s']}/{r['floor_after_s']}）", f"{r['floor_s']} s",
            f"{r['ratio']}", f"{r['floor_archive_s']} s", f"{r['ratio_archive']}", str(r["failed"]), str(r["outputs"]),
            str(r["workers"]), f"{r['mb_at_10']} MB", f"{r['mb_last']} MB", f"{r['rss_early_mb']} MB",
            f"{r['rss_late_mb']} MB", f"{float(r['growth']) * 100:.1f} %", f"{r['tmp_entries']} 项 {r['tmp_bytes']} 字节",
        )))
    j2 = next((r for r in rows if r["jobs"] == 2), None)
    if j2:
        projected = float(j2["seconds"]) * 340 / args.n
        print(f"\n-j 2 按 340 份折算：{projected:.0f} s（目标 < {GOALS['seconds_340_j2']:g} s）；"
              f"与下限之比 {j2['ratio']}（目标 ≤ {GOALS['ratio']}；与 PDF/A 带标签的下限之比 {j2['ratio_archive']}）；"
              f"内存峰值 {j2['mb_last']} MB（目标 < {GOALS['worker_mb']:g} MB），常驻内存增长 "
              f"{float(j2['growth']) * 100:.1f} %（目标 ≤ {GOALS['growth'] * 100:g} %）；TMPDIR 残留 {j2['tmp_bytes']} 字节（目标 0）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
