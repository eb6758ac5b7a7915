"""一次处理许多份：批量生成与校验、汇总文件、Ctrl-C、临时目录不留东西、父进程被杀时工作进程随之结束。

批量命令在真正的子进程里运行（工作进程用 spawn 启动，``TMPDIR`` 指向测试自己的空目录）。
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, HULUDAO

from gjjgen.batch.htmlpage import inline_code
from gjjgen.batch.inputs import expand_inputs

BROKEN = "元数据:\n  机关名称: 坏文件\n  报告年度: [\n"

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="用 /proc 找子进程")


def gjjgen(*args: str, tmpdir: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    return subprocess.run(
        [sys.executable, "-m", "gjjgen", *args],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, check=False, timeout=600,
    )


def examples_folder(where: Path) -> Path:
    """五份示例（连同它们引用的模板目录）复制到 ``where``。"""
    where.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLES.glob("*.yaml"):
        shutil.copy(path, where / path.name)
    shutil.copytree(EXAMPLES / "模板", where / "模板")
    return where


def leftovers(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


# ---------------------------------------------------------------- inputs


def test_folders_globs_and_duplicates_expand_in_argument_order(tmp_path: Path) -> None:
    data = examples_folder(tmp_path / "data")
    (data / "说明.txt").write_text("不是数据文件", encoding="utf-8")
    (tmp_path / "写错的.yaml").mkdir()  # 名字像数据文件的目录：交给读入器报 FILE-IS-DIR
    first = str(data / "葫芦岛市住房公积金管理中心-2023.yaml")
    inputs = expand_inputs([first, str(data), str(data / "上海*.yaml"), str(tmp_path / "无*.yaml"),
                            str(tmp_path / "写错的.yaml"), str(tmp_path / "没有的.yaml")])
    names = [Path(f).name for f in inputs.files]
    assert names[0] == "葫芦岛市住房公积金管理中心-2023.yaml"
    assert sorted(names[1:5]) == sorted(p.name for p in EXAMPLES.glob("*.yaml") if "葫芦岛" not in p.name)
    assert names[5:] == ["写错的.yaml", "没有的.yaml"]  # 上海的那份已在目录里出现过，不重复
    assert inputs.messages == [f"{tmp_path / '无*.yaml'}: 警告: 通配符没有匹配到任何文件 [BATCH-NO-MATCH]"]


# ---------------------------------------------------------------- render


def test_batch_render_of_the_examples_and_a_broken_file(tmp_path: Path) -> None:
    data = examples_folder(tmp_path / "data")
    (data / "坏文件.yaml").write_text(BROKEN, encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    proc = gjjgen("render", str(data), "-j", "2", "-o", str(out), tmpdir=temp)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "共 6 份：通过 1，有警告 4，失败 1" in proc.stdout  # 只有吉林没有警告（见 test_examples）

    summary = json.loads((out / "gjjgen-汇总.json").read_text(encoding="utf-8"))
    files = summary["文件"]
    assert [Path(f["文件"]).name for f in files][0] == "坏文件.yaml"  # 最需要看的在前
    broken = files[0]
    assert broken["状态"] == "失败" and broken["错误"] == 1 and broken["问题代码"] == ["YAML-SYNTAX"]
    assert broken["生成的文件"] == [] and broken["问题"][0]["位置"].endswith("坏文件.yaml:4:1")
    for entry in files[1:]:
        assert entry["错误"] == 0 and entry["机关名称"] and entry["报告年度"]
        assert sorted(Path(o).suffix for o in entry["生成的文件"]) == [".docx", ".html", ".pdf"]
        assert all(Path(o).stat().st_size > 1000 for o in entry["生成的文件"])
    assert {f["格式"] for f in files[1:]} == {"2021", "2019", "pre-2019", "pre-2019-山东"}

    raw = (out / "gjjgen-汇总.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 6 and rows[0]["状态"] == "失败" and rows[0]["问题代码"] == "YAML-SYNTAX"
    assert rows[-1]["生成的文件"].count(".pdf") == 1

    page = (out / "gjjgen-汇总.html").read_text(encoding="utf-8")
    assert '<a href="#f0">' in page and 'id="f0"' in page and "YAML-SYNTAX" in page
    assert "%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf" in page  # 链到生成的 PDF（相对路径）
    pdf_name = Path(files[-1]["生成的文件"][-1]).name
    assert f'title="{pdf_name}">PDF</a>' in page  # 链接上只写格式，完整文件名在悬停提示里
    assert '<code class="code">YAML-SYNTAX</code>' in page

    # 各类问题：几份文件有它、一共几条；错误在前
    counts = {c["代码"]: c for c in summary["问题代码统计"]}
    assert summary["问题代码统计"][0]["代码"] == "YAML-SYNTAX"
    assert counts["YAML-SYNTAX"] == {"代码": "YAML-SYNTAX", "级别": "error", "说明": counts["YAML-SYNTAX"]["说明"],
                                     "份数": 1, "条数": 1}
    for code, entry in counts.items():
        having = [f for f in files if code in f["问题代码"]]
        assert entry["份数"] == len(having) > 0
        assert entry["条数"] == sum(1 for f in having for p in f["问题"] if p["代码"] == code)
    assert "<h2>各类问题</h2>" in page and page.index("各类问题") < page.index("每份文件")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # 没有半个文件
    assert leftovers(temp) == []


def test_single_renders_leave_nothing_in_tmpdir(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    for round_ in range(3):
        proc = gjjgen("render", str(HULUDAO), "-o", str(tmp_path / "out"), tmpdir=temp)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert leftovers(temp) == [], f"第 {round_ + 1} 次生成后"
    # 拒绝生成（数据有错）：排版子进程已在准备字体，被结束时也要删掉自己的临时目录
    refused = tmp_path / "有错.yaml"
    refused.write_text(HULUDAO.read_text(encoding="utf-8").replace("报告年度: 2023", "报告年度: 2023年"), encoding="utf-8")
    proc = gjjgen("render", str(refused), "-o", str(tmp_path / "out"), tmpdir=temp)
    assert proc.returncode == 1 and "[RENDER-" in proc.stdout
    assert leftovers(temp) == []


def test_single_file_output_is_unchanged_by_batch_support(tmp_path: Path) -> None:
    """一份文件时照旧：没有汇总表，没有进度条，逐行说明生成了什么。"""
    proc = gjjgen("render", str(HULUDAO), "-q", "-o", str(tmp_path), tmpdir=tmp_path)  # -q：不列警告
    lines = proc.stdout.splitlines()
    assert [line.split("：")[0] for line in lines] == ["已生成网页（HTML）", "已生成Word 文档（DOCX）", "已生成PDF"]
    assert proc.stderr == ""


# ---------------------------------------------------------------- process lifecycle


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def _start(args: list[str], temp: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TMPDIR": str(temp)}
    return subprocess.Popen([sys.executable, "-m", "gjjgen", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


@linux_only
@pytest.mark.parametrize("batch", [False, True], ids=["single", "batch"])
def test_killing_the_parent_ends_the_workers_and_leaves_nothing(tmp_path: Path, batch: bool) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    if batch:
        args = ["render", str(examples_folder(tmp_path / "data")), "-j", "2", "-o", str(tmp_path / "out")]
    else:
        args = ["render", str(HULUDAO), "-f", "pdf", "-o", str(tmp_path / "out")]
    proc = _start(args, temp)
    try:
        # 排版进程已在自己的临时目录里放了字体：正是会留下残余的时刻
        assert _wait_for(lambda: any(temp.iterdir()) or proc.poll() is not None)
        workers = _children(proc.pid)
        assert proc.poll() is None and workers, "来不及在排版时结束父进程"
        proc.kill()
        proc.wait()
        assert _wait_for(lambda: not any(_alive(pid) for pid in workers), timeout=60), [
            pid for pid in workers if _alive(pid)
        ]
        assert _wait_for(lambda: leftovers(temp) == [], timeout=30), leftovers(temp)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


@linux_only
def test_ctrl_c_finishes_the_files_in_hand_and_summarises(tmp_path: Path) -> None:
    data = examples_folder(tmp_path / "data")
    for index in range(4):  # 多几份，Ctrl-C 时还有没开始的
        shutil.copy(HULUDAO, data / f"副本{index}.yaml")
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, "TMPDIR": str(temp)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gjjgen", "render", str(data), "-j", "1", "-o", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        assert _wait_for(lambda: out.is_dir() and any(p.suffix == ".pdf" for p in out.iterdir()))
        os.killpg(proc.pid, signal.SIGINT)  # 终端里的 Ctrl-C 发给整个进程组
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    text = stdout.decode("utf-8")
    assert proc.returncode == 130, text + stderr.decode("utf-8")
    assert "已中断" in text and "未处理" in text
    summary = json.loads((out / "gjjgen-汇总.json").read_text(encoding="utf-8"))
    assert summary["已中断"] and summary["未处理"]
    assert summary["已处理"] + len(summary["未处理"]) == 9
    for entry in summary["文件"]:  # 做完的每份都完整
        assert all(Path(o).is_file() for o in entry["生成的文件"])
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert leftovers(temp) == []


# ---------------------------------------------------------------- validate


def test_batch_validate_prints_problems_and_a_table(tmp_path: Path) -> None:
    data = examples_folder(tmp_path / "data")
    proc = gjjgen("validate", str(data), "-j", "2", "--summary", str(tmp_path / "s"), tmpdir=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[CELL-BLANK]" in proc.stdout and "共 5 份：通过 1，有警告 4，失败 0" in proc.stdout
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["gjjgen-汇总.csv", "gjjgen-汇总.html", "gjjgen-汇总.json"]
    (data / "坏文件.yaml").write_text(BROKEN, encoding="utf-8")
    proc = gjjgen("validate", str(data / "*.yaml"), "-q", tmpdir=tmp_path)
    assert proc.returncode == 1
    assert "坏文件.yaml:4:1: 错误" in proc.stdout and "[CELL-BLANK]" not in proc.stdout


def test_batch_validate_usage_errors(tmp_path: Path) -> None:
    proc = gjjgen("validate", str(tmp_path / "无*.yaml"), tmpdir=tmp_path)
    assert proc.returncode == 2
    assert "[BATCH-NO-MATCH]" in proc.stderr and "[BATCH-NO-FILES]" in proc.stderr
    proc = gjjgen("validate", str(HULUDAO), "-j", "0", tmpdir=tmp_path)
    assert proc.returncode == 2 and "[BATCH-JOBS]" in proc.stderr


def test_json_output_lists_every_file_of_a_folder(tmp_path: Path) -> None:
    data = examples_folder(tmp_path / "data")
    proc = gjjgen("validate", str(data), "--format", "json", tmpdir=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    payload = json.loads(proc.stdout)
    files = {Path(p["file"]).name for p in payload["problems"]}
    expected = {p.name for p in EXAMPLES.glob("*.yaml")} - {"吉林市住房公积金管理中心-2017.yaml"}  # 只有吉林没有警告
    assert files == expected
    assert payload["errors"] == 0 and payload["warnings"] > 0


WORKER_GC_PROBE = """
import gc, os, sys
from gjjgen.batch import pool

pool._init_worker("validate", os.getppid())
frozen = gc.get_freeze_count()
enabled = gc.isenabled()

class Cycle:
    pass

for _ in range(5000):
    cycle = Cycle()
    cycle.self = cycle
del cycle
pending = gc.get_count()[0]
result = pool.work_on_file("validate", sys.argv[1], {})
print(enabled, frozen, pending, gc.get_count()[0], result.failed)
"""


def test_workers_collect_cycles_after_each_file_not_during_it() -> None:
    """工作进程预热后冻结已有对象、不自动回收；每份做完回收一次，留下的循环垃圾清零。"""
    run = subprocess.run([sys.executable, "-c", WORKER_GC_PROBE, str(HULUDAO)],
                         capture_output=True, text=True, timeout=120, check=True)
    enabled, frozen, pending, after, failed = run.stdout.split()
    assert enabled == "False"
    assert int(frozen) > 10000  # 预热导入的模块与字体配置
    assert int(pending) >= 5000  # 排版期间不自动回收：循环垃圾一直在
    assert int(after) < 100  # 做完一份回收一次
    assert failed == "False"


def test_registry_summaries_show_their_backticks_as_code_in_the_page() -> None:
    assert inline_code("格未填（空、`-`、`/`）：<b>") == "格未填（空、<code>-</code>、<code>/</code>）：&lt;b&gt;"
    assert inline_code("只有一个 ` 反引号") == "只有一个 ` 反引号"
