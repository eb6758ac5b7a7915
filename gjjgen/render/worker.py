"""在子进程里排 PDF，与校验、HTML、DOCX 同时进行。

为什么：一条 ``gjjgen render`` 的时间大半花在 WeasyPrint 上——导入它（cffi 解析 Pango、
HarfBuzz 的接口声明）就要半秒以上，排版与嵌字体又是大半秒，而校验、HTML、DOCX 都在
另一个核上空等。命令一开始就分出一个子进程预先导入 WeasyPrint；主进程校验、出 HTML 后
把渲染输入交给它，自己接着出 DOCX，最后取回 PDF 的字节。写文件仍由主进程做（原子写入），
输出与顺序执行时逐字节相同。

没有 ``os.fork`` 的系统（Windows）上 :func:`start_worker` 返回 None，调用方顺序执行。
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import traceback
from typing import Any


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


def _child(jobs: int, results: int, warm: str) -> None:  # pragma: no cover - 在子进程里运行
    status = 0
    try:
        with contextlib.suppress(Exception):
            __import__(warm)  # 预先导入：主进程还在校验时就把最慢的一步做掉
        payload = _read_all(jobs)
        if payload:
            renderer, job = pickle.loads(payload)
            try:
                result: tuple[str, Any] = ("ok", renderer.render(job))
            except Exception as exc:
                messages = getattr(exc, "messages", None)
                result = ("fail", list(messages)) if messages else ("crash", traceback.format_exc())
            _write_all(results, pickle.dumps(result))
    except BaseException:
        status = 1
    finally:
        os._exit(status)


class Worker:
    """一个已分出的子进程：:meth:`submit` 交出渲染输入，:meth:`result` 取回字节。"""

    def __init__(self, pid: int, jobs: int, results: int) -> None:
        self.pid = pid
        self._jobs: int | None = jobs
        self._results = results
        self._submitted = False

    def submit(self, renderer: Any, job: Any) -> bool:
        """交出一个渲染任务（渲染器与 :class:`~gjjgen.render.registry.RenderInput`）。

        任务无法序列化（如测试里临时定义的渲染函数）时返回 False，由调用方自己渲染。"""
        assert self._jobs is not None
        try:
            payload = pickle.dumps((renderer, job))
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
        """收尾。没有交过任务（如数据有错、拒绝生成）时直接结束子进程，不等它导入完。"""
        if self.pid and not self._submitted:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
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
    """分出子进程并让它预先导入 ``warm``；不支持 fork 时返回 None。"""
    if not hasattr(os, "fork"):
        return None
    jobs_r, jobs_w = os.pipe()
    results_r, results_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - 子进程
        os.close(jobs_w)
        os.close(results_r)
        _child(jobs_r, results_w, warm)
    os.close(jobs_r)
    os.close(results_w)
    return Worker(pid, jobs_w, results_r)
