"""一个工作进程连续生成许多份时的常驻内存：是泄漏，还是随内容增长、见过就不再长的缓存。

``bench_batch.py`` 的“常驻增长”是第 10–19 份与最后 10 份的比较；份份不同的报告会带来新的字、
新的字形与排版缓存（WeasyPrint、Pango、HarfBuzz 按内容缓存），第一遍里内存随之上升。这里在
一个进程里（与批量的工作进程同样预热、同样每份之后回收，见 ``gjjgen.batch.pool``）把同一批
N 份（``sample_data.py`` 生成，三种格式）生成两遍，每 10 份记一次常驻内存：
第二遍不再增长，说明增长是有界的缓存；第二遍仍在增长才是泄漏（每生成一份就多占一点）。

用法：python bench/bench_memory.py [--n 80] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_data import generate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=80, help="生成的报告份数（默认 80，每遍都生成这么多）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = parser.parse_args()

    from gjjgen.batch.jobs import JOBS
    from gjjgen.batch.pool import collect_after_each_file, work_on_file
    from gjjgen.render.process import remove_scratch

    JOBS["render"].warm()  # 与批量的工作进程同样预热、同样回收
    collect_after_each_file()
    work = Path(tempfile.mkdtemp(prefix="gjjgen-bench-memory-"))
    passes: list[list[float]] = []
    options = {"formats": ["html", "docx", "pdf"], "output": str(work / "out"), "quiet": True}
    try:
        files = generate(work / "data", args.n)
        for _ in range(2):
            samples = []
            for index, path in enumerate(files, start=1):
                result = work_on_file("render", str(path), options)
                if result.failed:
                    raise SystemExit(f"生成失败：{path}\n{result.crash or result.log}")
                if index % 10 == 0:
                    samples.append(round(result.rss_kb / 1024, 1))
            passes.append(samples)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        remove_scratch()
    first, second = passes
    growth_second = round((second[-1] - second[0]) / second[0], 3) if second else 0.0
    if args.json:
        print(json.dumps({"n": args.n, "first": first, "second": second, "growth_second": growth_second}, ensure_ascii=False))
        return 0
    print(f"每 10 份的常驻内存（MB），{args.n} 份生成两遍：")
    print("第一遍：" + " ".join(f"{v:g}" for v in first))
    print("第二遍：" + " ".join(f"{v:g}" for v in second))
    print(f"第二遍从头到尾增长 {growth_second * 100:.1f} %（不增长说明第一遍的增长是有界的缓存，不是泄漏）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
