"""导入已发布报告的耗时：每份示例生成的 HTML、DOCX、PDF 各导入若干次（同一进程），取中位数。

基准是同一次运行里、同一进程中读同一份示例数据文件并校验（``validate_file``）的中位数：导入的
最后一步就是这样一次校验，比值说明导入本身（抽取、认格式、对应、写出）比校验多花多少。
目标：HTML、DOCX 每份远低于 0.5 s，PDF 低于 2 s（2 核机器）。

用法：python bench/bench_import.py [--runs N] [--json] [--examples 名称…]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOALS = {"html": 0.5, "docx": 0.5, "pdf": 2.0}


def _median(action, runs: int) -> float:
    action()  # 预热：导入模块、字体与格式文件的缓存
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--examples", nargs="*", help="只测这几份示例（文件名开头，如 上海 葫芦岛）")
    args = parser.parse_args()

    from gjjgen.checks.validate import validate_file
    from gjjgen.cli import main as gjjgen
    from gjjgen.published import import_document

    examples = sorted((ROOT / "examples").glob("*.yaml"))
    if args.examples:
        examples = [e for e in examples if e.name.startswith(tuple(args.examples))]
    rows = []
    with tempfile.TemporaryDirectory(prefix="gjjgen-bench-import-") as tmp:
        for example in examples:
            out = Path(tmp) / example.stem
            if gjjgen(["render", str(example), "-o", str(out)]) != 0:
                print(f"生成 {example.name} 失败", file=sys.stderr)
                return 1
            baseline = _median(lambda example=example: validate_file(example, yearly=False), args.runs)
            for kind in GOALS:
                source = next(out.glob(f"*.{kind}"))
                seconds = _median(lambda source=source: import_document(source, use_attachment=False), args.runs)
                rows.append({"example": example.stem, "kind": kind, "median_s": round(seconds, 4),
                             "validate_median_s": round(baseline, 4), "ratio_to_validate": round(seconds / baseline, 1)})
    summary = {
        kind: {"worst_median_s": max(r["median_s"] for r in rows if r["kind"] == kind), "goal_s": goal,
               "met": max(r["median_s"] for r in rows if r["kind"] == kind) < goal}
        for kind, goal in GOALS.items()
    }
    if args.json:
        print(json.dumps({"runs": args.runs, "documents": rows, "summary": summary}, ensure_ascii=False, indent=1))
    else:
        for r in rows:
            print(f"{r['example']:<28} {r['kind']:<5} 中位数 {r['median_s']:.3f} s（同进程校验数据文件 {r['validate_median_s']:.3f} s 的 {r['ratio_to_validate']} 倍）")
        for kind, s in summary.items():
            print(f"{kind}: 最慢一份的中位数 {s['worst_median_s']:.3f} s，目标 < {s['goal_s']} s：{'达到' if s['met'] else '未达到'}")
    return 0 if all(s["met"] for s in summary.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
