"""``gjjgen validate`` 在最坏输入上的耗时：数据文件上限（2 MB）以内，专挑让校验多干活的写法。

每种输入都由示例年报改出、填到接近 2 MB，整条命令（含解释器启动）交替测几次取中位数；
基准是同一次运行里测得的示例年报本身。输出每种输入的中位数、与基准的比值，以及最慢的一种。
目标：最慢的一种也低于 5 秒（见 README“数据文件的上限”）。

用法：python bench/bench_worst_case.py [--runs N] [--json] [--only 名称]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench_validate import timed  # 同一目录：整条命令的计时与 bench_validate 一样

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "葫芦岛市住房公积金管理中心-2023.yaml"
CAP = 2 * 1024 * 1024 - 4096
"""填到的大小：数据文件上限 2 MB，留一点余地给示例本身的变化。"""

BUDGET = 5.0


def _fill(base: str, unit: str) -> str:
    return base + unit * ((CAP - len(base.encode())) // len(unit.encode()))


def _narrative(base: str, text: str) -> str:
    i = base.index("其他需要报告的事项:")
    return base[:i] + "其他需要报告的事项: " + text + "\n"


def _room(base: str) -> int:
    return CAP - len(base.encode()) - 200


CASES: dict[str, Callable[[str], str]] = {
    "不认识的顶层键": lambda b: b + "".join(f"k{i}: 1\n" for i in range(_room(b) // 12)),
    "表里不认识的键": lambda b: b.replace("主动公开政府信息情况:\n", "主动公开政府信息情况:\n" + "".join(f"  k{i}: 1\n" for i in range(_room(b) // 14)), 1),
    "叙述里的长串数字": lambda b: _narrative(b, "全年共收到政府信息公开申请" + "1" * _room(b) + "件"),
    "叙述里的长串小数": lambda b: _narrative(b, "收到申请" + "1." * (_room(b) // 2) + "件"),
    "成千上万句带数的叙述": lambda b: _narrative(b, "|-\n" + "".join(f"  予以公开{i}件，行政复议{i}件，收到申请{i}件。\n" for i in range(_room(b) // 90))),
    "成千上万个引用": lambda b: _narrative(b, "|-\n" + "  " + "{{ 依申请.本年新收 }}" * (_room(b) // 30)),
    "成千上万个写错的引用": lambda b: _narrative(b, "|-\n" + "  " + "{{ 依申请.本年新收x }}" * (_room(b) // 32)),
    "一个格里的长列表": lambda b: b.replace("本年新收: [", "本年新收: [" + "1, " * (_room(b) // 3), 1),
    "一个数格写成长文字": lambda b: b.replace("行政许可: 0", "行政许可: " + "一" * (_room(b) // 3), 1),
    "长串数字的数格": lambda b: re.sub(r"行政许可: \d+", "行政许可: " + "9" * _room(b), b, count=1),
    "重复的键": lambda b: b + "".join("元数据: 1\n" for _ in range(_room(b) // 14)),
    "很多段落": lambda b: _narrative(b, "|-\n" + "  本中心依法做好政府信息公开工作。\n" * (_room(b) // 50)),
    "很多分节": lambda b: _narrative(b, "\n" + "  - 标题: 情况\n    正文: 无\n" * (_room(b) // 34)),
    "嵌套到上限": lambda b: b + "深: " + "[" * 30 + "]" * 30 + "\n" + "".join(f"x{i}: [[[[1]]]]\n" for i in range(_room(b) // 20)),
    "很长的一行叙述": lambda b: _narrative(b, "情况" * (_room(b) // 6)),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default=None, help="只测名称含这几个字的输入")
    args = parser.parse_args()

    base = EXAMPLE.read_text(encoding="utf-8")
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="gjjgen-worst-") as tmp:
        files = {}
        for name, make in CASES.items():
            if args.only and args.only not in name:
                continue
            path = Path(tmp) / f"{len(files)}.yaml"
            path.write_text(make(base), encoding="utf-8")
            files[name] = path
        baseline = [sys.executable, "-m", "gjjgen", "validate", str(EXAMPLE)]
        timed(baseline)
        for name, path in files.items():
            command = [sys.executable, "-m", "gjjgen", "validate", str(path)]
            own, reference = [], []
            for _ in range(args.runs):  # 交替测量：机器负载的起伏对两者一样
                own.append(timed(command))
                reference.append(timed(baseline))
            median, ref = statistics.median(own), statistics.median(reference)
            results[name] = {"bytes": path.stat().st_size, "seconds": median, "baseline": ref, "ratio": median / ref}
    worst = max(results, key=lambda n: results[n]["seconds"])
    if args.json:
        print(json.dumps({"cases": results, "worst": worst, "budget": BUDGET}, ensure_ascii=False, indent=2))
    else:
        for name, r in results.items():
            print(f"{name:　<12} {r['bytes'] / 1024:7.0f} KB  {r['seconds']:6.2f} s  （基准 {r['baseline']:.2f} s，{r['ratio']:5.1f} 倍）")
        w = results[worst]
        verdict = "达标" if w["seconds"] < BUDGET else "超标"
        print(f"最慢：{worst}，{w['seconds']:.2f} s（目标 < {BUDGET:.0f} s，{verdict}）")
    return 0 if results[worst]["seconds"] < BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
