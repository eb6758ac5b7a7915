"""在子进程里排 PDF，与校验、HTML、DOCX 同时进行。

为什么：一条 ``gjjgen render`` 的时间大半花在 WeasyPrint 上——导入它（cffi 解析 Pango、
HarfBuzz 的接口声明）就要半秒以上，排版与嵌字体又是大半秒，而校验、HTML、DOCX 都在
另一个核上空等。命令一开始（解析完参数、还没导入校验与模板的模块时）就分出一个子进程预先导入 WeasyPrint；
主进程校验、出 HTML 后把排 PDF 所需的一切（HTML、设置、附件）算好交给它，自己接着出 DOCX，
最后取回 PDF 的字节。子进程是整条命令里最长的一段路，所以能在主进程里做的（如附件里的
统计表 JSON）都在主进程里做，子进程只排版、写 PDF。写文件仍由主进程做（原子写入），
输出与顺序执行时逐字节相同。

任务按名称交出（``"模块:函数"`` 加参数）：主进程不必为了引用函数而导入 WeasyPrint。

没有 ``os.fork`` 的系统（Windows）上、以及本进程只能用一个 CPU 核时，:func:`start_worker`
返回 None，调用方顺序执行（只有一个核时子进程只会与主进程争抢）。

子进程随父进程结束（父进程被杀时不会独自跑完），结束前删掉自己的临时目录（WeasyPrint 复制
的字体），见 :mod:`gjjgen.render.process`。
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import pickle
import signal
import traceback
from typing import Any


def usable_cores() -> int:
    """本进程可以用的 CPU 核数（受 taskset、容器限制时比机器的核数少）。"""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class WorkerCrash(RuntimeError):
    """子进程里出现了意料之外的错误（程序错误）；消息是子进程的回溯。"""


class RenderFailure(Exception):
    """子进程里意料之中的失败（如缺字体），``messages`` 与原异常相同。"""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def _read_all(fd: int) -> bytes:
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def resolve(target: str) -> Any:
    """``"模块:函数"`` → 函数（在子进程里导入模块）。"""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _child(jobs: int, results: int, warm: str, parent: int) -> None:  # pragma: no cover - 在子进程里运行
    from .process import die_with_parent, remove_scratch, warm_pdf_engine

    # 子进程只排一份 PDF 就以 os._exit 结束：循环垃圾回收收不回多少（进程结束时内存整个还给系统），
    # 却在导入 WeasyPrint 与排版时反复遍历几十万个对象；关掉它，这段最长的路短约 5 %。
    gc.disable()
    status = 0
    try:
        die_with_parent(parent)
        with contextlib.suppress(Exception):
            # 预先导入、准备字体：主进程还在校验时就把最慢的几步做掉
            if warm == "weasyprint":
                warm_pdf_engine()
                from . import pdf  # noqa: F401  排 PDF 的模块（设置、存档、两端对齐）也先导入
            else:
                __import__(warm)
        payload = _read_all(jobs)
        if payload:
            target, args, kwargs = pickle.loads(payload)
            try:
                result: tuple[str, Any] = ("ok", resolve(target)(*args, **kwargs))
            except Exception as exc:
                messages = getattr(exc, "messages", None)
                result = ("fail", list(messages)) if messages else ("crash", traceback.format_exc())
            _write_all(results, pickle.dumps(result))
    except BaseException:
        status = 1
    finally:
        remove_scratch()
        os._exit(status)


class Worker:
    """一个已分出的子进程：:meth:`submit` 交出渲染输入，:meth:`result` 取回字节。"""

    def __init__(self, pid: int, jobs: int, results: int) -> None:
        self.pid = pid
        self._jobs: int | None = jobs
        self._results = results
        self._submitted = False

    def submit(self, target: str, *args: Any, **kwargs: Any) -> bool:
        """交出一个任务：``target`` 是 ``"模块:函数"``，子进程导入它，以 ``args``、``kwargs`` 调用，
        返回值（文件字节）由 :meth:`result` 取回。

        参数无法序列化（如测试里临时定义的函数）时返回 False，由调用方自己渲染。"""
        assert self._jobs is not None
        try:
            payload = pickle.dumps((target, args, kwargs))
        except (pickle.PicklingError, AttributeError, TypeError):
            self.close()
            return False
        self._submitted = True
        try:
            _write_all(self._jobs, payload)
        finally:
            os.close(self._jobs)
            self._jobs = None
        return True

    def result(self) -> bytes:
        """等子进程做完，返回文件字节；失败时抛 :class:`RenderFailure` 或 :class:`WorkerCrash`。"""
        data = _read_all(self._results)
        self.close()
        if not data:
            raise WorkerCrash("排版子进程意外退出，没有返回结果")
        kind, value = pickle.loads(data)
        if kind == "ok":
            return value
        if kind == "fail":
            raise RenderFailure(value)
        raise WorkerCrash(value)

    def close(self) -> None:
        """收尾。没有交过任务（如数据有错、拒绝生成）时直接结束子进程，不等它导入完；
        用 SIGTERM：子进程收到后删掉已经建的临时目录再退出。"""
        if self.pid and not self._submitted:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
        if self._jobs is not None:
            os.close(self._jobs)
            self._jobs = None
        if self._results >= 0:
            os.close(self._results)
            self._results = -1
        if self.pid:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0


def start_worker(warm: str = "weasyprint") -> Worker | None:
    """分出子进程并让它预先导入 ``warm``；不支持 fork 或只有一个核可用时返回 None。"""
    if not hasattr(os, "fork") or usable_cores() < 2:
        return None
    parent = os.getpid()
    jobs_r, jobs_w = os.pipe()
    results_r, results_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - 子进程
        os.close(jobs_w)
        os.close(results_r)
        _child(jobs_r, results_w, warm, parent)
    os.close(jobs_r)
    os.close(results_w)
    return Worker(pid, jobs_w, results_r)
