"""``gjjgen validate`` 的耗时：一个数据文件的整条命令（含解释器启动），多次取中位数。

基准是同一次运行里测得的空解释器启动（``python -c pass``）；输出两者的中位数与比值。
目标：整条命令在 2 核机器上低于 0.4 s。渲染相关的库（WeasyPrint 等）不应被导入，
脚本同时核对这一点。

用法：python bench/bench_validate.py [数据文件] [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "examples" / "葫芦岛市住房公积金管理中心-2023.yaml"
HEAVY = ("weasyprint", "docx", "jinja2")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    validate = [sys.executable, "-m", "gjjgen", "validate", args.file]
    baseline = [sys.executable, "-c", "pass"]
    for command in (validate, baseline):  # 预热：.pyc 与文件缓存
        timed(command)
    validate_times, baseline_times = [], []
    for _ in range(args.runs):  # 交替测量，机器负载的起伏对两者一样
        validate_times.append(timed(validate))
        baseline_times.append(timed(baseline))
    probe = (
        "import sys, gjjgen.cli.app as c; c.build_parser(); import gjjgen.checks.validate as v; "
        f"v.validate_file({args.file!r}); print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    heavy = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()

    result = {
        "file": args.file,
        "runs": args.runs,
        "validate_median_s": round(statistics.median(validate_times), 4),
        "interpreter_median_s": round(statistics.median(baseline_times), 4),
        "ratio_to_interpreter": round(statistics.median(validate_times) / statistics.median(baseline_times), 2),
        "goal_s": 0.4,
        "heavy_modules_imported": heavy.split(",") if heavy else [],
    }
    result["meets_goal"] = result["validate_median_s"] < result["goal_s"] and not result["heavy_modules_imported"]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"gjjgen validate（{Path(args.file).name}）中位数：{result['validate_median_s']:.3f} s（{args.runs} 次）")
        print(f"空解释器启动中位数：{result['interpreter_median_s']:.3f} s")
        print(f"比值：{result['ratio_to_interpreter']:.2f} 倍；目标 < {result['goal_s']} s：{'达到' if result['meets_goal'] else '未达到'}")
        print(f"导入的渲染库：{'、'.join(result['heavy_modules_imported']) or '无'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
