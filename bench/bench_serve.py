"""``gjjgen serve`` 的保存到页面更新的时间：改一格、存盘，到等着的页面拿到新 HTML 为止。

对每份示例：把 ``examples/`` 复制到临时目录（模板目录跟着走），启动 ``gjjgen serve``，
等第一版生成完（热身），然后反复：页面先发出长轮询，再改数据文件里最后一个数字格并存盘，
量到长轮询带着新 HTML 回来。基准是同一次运行里在本进程中只生成一次预览
（:func:`gjjgen.serve.build.build`，校验 + HTML）的时间；输出两者的中位数与比值。
只量 HTML（预览不生成 PDF、DOCX）。目标：中位数低于 0.3 s。

用法：python bench/bench_serve.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOAL_S = 0.3
LAST_NUMBER = re.compile(r"^(\s+[^#:\n]+:\s*\[?)(\d+)(?=[,\]\s]|$)", re.MULTILINE)
"""数据文件里最后一个数字格（表格在叙述之前或之后都行；元数据里的年度在最前面，不会选到）。"""


def _state(port: int, since: int) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/api/state?since={since}")
    payload = json.loads(conn.getresponse().read())
    conn.close()
    return payload


def _with_number(text: str, value: int) -> str:
    match = list(LAST_NUMBER.finditer(text))[-1]
    return text[: match.start(2)] + str(value) + text[match.end(2) :]


def measure(data: Path, runs: int) -> list[float]:
    """启动服务，量 ``runs`` 次保存到新 HTML 到达的时间（秒）。"""
    process = subprocess.Popen(
        [sys.executable, "-m", "gjjgen", "serve", str(data), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        port = int(line.rsplit(":", 1)[1].strip().rstrip("/"))
        state = _state(port, 0)
        original = data.read_text(encoding="utf-8")
        times = []
        for run in range(runs + 1):
            box: dict = {}
            waiter = threading.Thread(target=lambda b=box, v=state["version"]: b.update(_state(port, v)))
            waiter.start()
            time.sleep(0.15)  # 让长轮询先到服务那里等着（不计时）
            start = time.perf_counter()
            data.write_text(_with_number(original, 1000 + run), encoding="utf-8")
            waiter.join()
            elapsed = time.perf_counter() - start
            while box["html_version"] == state["html_version"]:  # 中途读到半个文件：等到新 HTML
                state = box
                box = _state(port, state["version"])
                elapsed = time.perf_counter() - start
            assert f">{1000 + run}<" in box["html"], "新的数没有出现在 HTML 里"
            state = box
            if run:  # 第一次是热身
                times.append(elapsed)
        return times
    finally:
        process.terminate()
        process.wait(timeout=10)


def build_only(data: Path, runs: int) -> list[float]:
    """基准：本进程里生成一次预览（校验 + HTML）的时间。"""
    from gjjgen.serve.build import build

    build(data)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build(data)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="gjjgen-bench-serve-") as tmp:
        copy = Path(tmp) / "examples"
        shutil.copytree(EXAMPLES, copy)
        for data in sorted(copy.glob("*.yaml")):
            latency = statistics.median(measure(data, args.runs))
            baseline = statistics.median(build_only(data, args.runs))
            results.append({
                "file": data.name,
                "save_to_page_median_s": round(latency, 4),
                "build_only_median_s": round(baseline, 4),
                "ratio_to_build": round(latency / baseline, 2),
            })
    overall = statistics.median(r["save_to_page_median_s"] for r in results)
    summary = {"runs": args.runs, "goal_s": GOAL_S, "examples": results, "median_s": overall,
               "meets_goal": all(r["save_to_page_median_s"] < GOAL_S for r in results)}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    for r in results:
        print(f"{r['file']}：保存到页面更新 {r['save_to_page_median_s']:.3f} s，"
              f"只生成 {r['build_only_median_s']:.3f} s，比值 {r['ratio_to_build']:.2f}")
    print(f"各示例中位数的中位数：{overall:.3f} s（每份 {args.runs} 次）；"
          f"目标每份 < {GOAL_S} s：{'达到' if summary['meets_goal'] else '未达到'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
