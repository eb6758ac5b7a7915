"""工作进程：每个进程启动时准备一次，接着处理许多文件。

为什么用常驻进程：生成一份年报的时间里，导入 WeasyPrint、注册字体就占了一大半；每份
文件起一个 ``gjjgen render`` 要把这笔开销付几百遍。这里起 ``-j`` 个进程（用 ``spawn``：
干净的新解释器，不继承父进程的线程与锁），每个进程先做 :class:`~.jobs.JobKind` 的
``warm``，之后一份接一份地处理。

- 一份文件出意料之外的错误只记在这份文件上（``crash``），其余照常；工作进程本身死掉
  （如内存不足被杀）时，正在处理的文件记作失败，换一批新进程处理剩下的；
- Ctrl-C：工作进程忽略 SIGINT，做完手上那一份（写文件是原子的，不会留下半个文件）；
  主进程不再派新的，等它们做完，返回已做完的结果并标明被中断；
- 主进程被杀（kill -9）时，工作进程收到 SIGTERM，删掉自己的临时目录后退出
  （见 :mod:`gjjgen.render.process`）。
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import resource
import signal
import traceback
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from .jobs import JOBS
from .results import FileResult

QUEUE_PER_WORKER = 2
"""每个工作进程最多排着几份：派得少，Ctrl-C 时要取消的就少，进度条上的“当前文件”也准。"""


@dataclass
class BatchRun:
    """一次批量处理的结果。``interrupted`` 为真时 ``skipped`` 是没处理的文件。"""

    results: list[FileResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    interrupted: bool = False


def _init_worker(kind: str, parent: int) -> None:  # pragma: no cover - 在工作进程里运行
    from ..render.process import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)
    JOBS[kind].warm()
    collect_after_each_file()


def collect_after_each_file() -> None:
    """预热之后调用：已有对象冻结，不再自动回收循环垃圾，改为每份做完（:func:`work_on_file`）回收一次。

    为什么：排一份年报要建几万个互相引用的对象（WeasyPrint 的框树），自动的循环回收在
    排版中途一遍遍扫描它们，连同预热时导入的全部模块与字体——实测约占每份时间的一成。
    预热得来的对象冻结（``gc.freeze``：以后的回收不再扫描），排版期间不自动回收，每份
    做完回收一次：那时这份的对象都已是垃圾，只扫描一遍，常驻内存也回到每份开始时的水平。
    只在工作进程里调用；主进程照常自动回收。"""
    global _collect_after_each
    gc.freeze()
    gc.disable()
    _collect_after_each = True


_collect_after_each = False
"""本进程已改为每份做完回收一次（见 :func:`collect_after_each_file`）。"""


def work_on_file(kind: str, path: str, options: dict[str, Any]) -> FileResult:
    """在工作进程里处理一份；意料之外的异常记在结果上，不向外抛。"""
    try:
        result = JOBS[kind].run(path, options)
    except Exception:
        result = FileResult(file=path, failed=True, crash=traceback.format_exc())
    if _collect_after_each:
        gc.collect()
    result.worker = os.getpid()
    result.peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result.rss_kb = resident_kb()
    return result


def resident_kb() -> int:
    """本进程此刻的常驻内存（KB）；没有 ``/proc`` 的系统上为 0。"""
    try:
        with open("/proc/self/statm", encoding="ascii") as stream:
            pages = int(stream.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def _broken(path: str) -> FileResult:
    return FileResult(
        file=path,
        failed=True,
        crash="处理这份文件的工作进程意外退出（可能是内存不足被系统结束）；可单独对这份文件重试",
    )


OptionsOf = Callable[[str], dict[str, Any]]
"""一份文件的选项：各份相同的选项，加上只属于这一份的（如导入时事先定好的数据文件名）。"""

Reporter = Callable[[str, Any], None]
"""进度回调：``("running", 文件名)`` 表示开始处理某份，``("done", FileResult)`` 表示做完一份。"""


def run_jobs(
    kind: str,
    files: list[str],
    options: dict[str, Any],
    workers: int,
    report: Reporter | None = None,
    per_file: Mapping[str, dict[str, Any]] | None = None,
) -> BatchRun:
    """用 ``workers`` 个工作进程对每份文件做 ``kind`` 任务。``per_file`` 是只属于某一份的选项：
    随这一份交给工作进程，不必把全部文件的选项随每一份传过去。"""
    notify: Reporter = report or (lambda event, value: None)
    extra = per_file or {}

    def options_of(path: str) -> dict[str, Any]:
        return {**options, **extra.get(path, {})}

    run = BatchRun()
    remaining = list(reversed(files))
    limit = JOBS[kind].inline_below
    if limit and (len(files) < limit or workers == 1):
        _inline(kind, remaining, options_of, notify, run)
    while remaining and not run.interrupted:
        _one_pool(kind, remaining, options_of, max(1, min(workers, len(remaining))), notify, run)
    run.skipped = list(reversed(remaining))
    return run


def _inline(kind: str, remaining: list[str], options_of: OptionsOf, notify: Reporter, run: BatchRun) -> None:
    """在主进程里逐份处理；Ctrl-C 时正在处理的那份算未处理。"""
    try:
        while remaining:
            notify("running", remaining[-1])
            result = work_on_file(kind, remaining[-1], options_of(remaining[-1]))
            remaining.pop()
            run.results.append(result)
            notify("done", result)
    except KeyboardInterrupt:
        run.interrupted = True


def _one_pool(
    kind: str,
    remaining: list[str],
    options_of: OptionsOf,
    workers: int,
    notify: Reporter,
    run: BatchRun,
) -> None:
    """起一组工作进程，处理到做完、被中断或进程组坏掉为止（坏掉时由调用方再起一组）。"""
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(kind, os.getpid())
    )
    pending: dict[Future[FileResult], str] = {}
    try:
        while remaining or pending:
            while remaining and len(pending) < workers * QUEUE_PER_WORKER:
                path = remaining.pop()
                pending[executor.submit(work_on_file, kind, path, options_of(path))] = path
            notify("running", next(iter(pending.values())))
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                path = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    result = _broken(path)
                run.results.append(result)
                notify("done", result)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                for path in pending.values():
                    run.results.append(_broken(path))
                    notify("done", run.results[-1])
                return
    except KeyboardInterrupt:
        run.interrupted = True
        _finish_running(pending, remaining, run, notify)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _finish_running(
    pending: dict[Future[FileResult], str], remaining: list[str], run: BatchRun, notify: Reporter
) -> None:
    """Ctrl-C 之后：没开始的放回未处理，正在处理的等它做完、收下结果。"""
    for future, path in pending.items():
        if future.cancel():
            remaining.append(path)
    for future, path in pending.items():
        if future.cancelled():
            continue
        try:
            result = future.result()
        except (BrokenProcessPool, KeyboardInterrupt):
            result = _broken(path)
        run.results.append(result)
        notify("done", result)
