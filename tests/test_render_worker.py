"""排 PDF 的子进程：结果与在本进程里渲染相同；失败与程序错误分别报告；不能序列化时退回本进程。"""

from __future__ import annotations

import os

import pytest

from gjjgen.render.worker import RenderFailure, WorkerCrash, start_worker

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="需要 os.fork")


class Expected(Exception):
    def __init__(self) -> None:
        super().__init__("缺字体")
        self.messages = ["缺少字体 [PDF-FONT-MISSING]"]


def echo(job: str) -> bytes:
    return f"排好了：{job}|pid={os.getpid()}".encode()


def expected_failure(job: str) -> bytes:
    raise Expected


def bug(job: str) -> bytes:
    raise ZeroDivisionError("程序错误")


def test_result_comes_back_from_another_process() -> None:
    worker = start_worker(warm="json")
    assert worker is not None
    assert worker.submit(f"{__name__}:echo", "报告")
    data = worker.result().decode()
    assert data.startswith("排好了：报告|pid=")
    assert data != echo("报告").decode()  # 确实在子进程里排的


def test_expected_failure_keeps_its_messages() -> None:
    worker = start_worker(warm="json")
    assert worker.submit(f"{__name__}:expected_failure", "报告")
    with pytest.raises(RenderFailure) as info:
        worker.result()
    assert info.value.messages == ["缺少字体 [PDF-FONT-MISSING]"]


def test_program_error_carries_the_child_traceback() -> None:
    worker = start_worker(warm="json")
    assert worker.submit(f"{__name__}:bug", "报告")
    with pytest.raises(WorkerCrash, match="ZeroDivisionError: 程序错误"):
        worker.result()


def test_unpicklable_job_is_refused_and_child_exits() -> None:
    worker = start_worker(warm="json")
    assert not worker.submit(f"{__name__}:echo", lambda: "报告")
    assert worker.pid == 0  # 已收尾：子进程读到文件结束后退出并被回收


def test_closing_without_a_job_reaps_the_child() -> None:
    worker = start_worker(warm="json")
    pid = worker.pid
    worker.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
