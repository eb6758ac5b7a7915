"""排 PDF 的进程的起居：快速导入 WeasyPrint、进程自己的临时目录、随父进程结束。

为什么要管这些：

- WeasyPrint 每个 ``FontConfiguration`` 都把 ``@font-face`` 的字体文件复制进一个
  ``weasyprint-*`` 临时目录（预备字体约 54 MB），只在对象被回收时删除。排版子进程以
  ``os._exit`` 结束、或被信号杀死时回收不会发生，每生成一次就留下一份。这里让这些文件
  都落在本进程自己的临时目录（:func:`scratch_dir`）里，进程正常结束、收到 SIGTERM、
  或以 ``os._exit`` 结束前调用 :func:`remove_scratch` 时整个删掉。
- 排版子进程与批量处理的工作进程在父进程被杀（kill -9）后不应独自跑完：
  :func:`die_with_parent` 让内核在父进程结束时给它发 SIGTERM（Linux 的
  ``PR_SET_PDEATHSIG``），SIGTERM 的处理是删临时目录后立即退出。
- 导入 WeasyPrint 时，cffi 对每个候选库名先调 ``ctypes.util.find_library``，在 Linux 上
  每次都要启动 ``ldconfig`` 与 ``gcc``（二十多次查找、两百多个进程，约 0.35 s）；而候选名里
  本来就有可以直接按 soname 载入的（``libpango-1.0.so.0``）。:func:`import_weasyprint`
  导入期间让查找直接落空，cffi 于是按 soname 载入；载不到时照常导入一次（慢，但不会错）。
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

SCRATCH_PREFIX = "gjjgen-"
"""本进程临时目录名的前缀（其后是进程号）。"""

PR_SET_PDEATHSIG = 1
"""Linux ``prctl`` 的选项：父进程结束时给本进程发的信号。"""

_scratch: dict[int, Path] = {}
"""进程号 → 该进程的临时目录。按进程号记：fork 出的子进程不会误删父进程的目录。"""


def import_weasyprint() -> ModuleType:
    """导入 WeasyPrint，不做 ``find_library`` 探测（见模块说明）。已导入时直接返回。"""
    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    if not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    import ctypes.util

    probe = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = probe
        import weasyprint
    finally:
        ctypes.util.find_library = probe
    return weasyprint


def warm_pdf_engine() -> None:
    """排 PDF 之前能先做的都先做：导入 WeasyPrint，准备字体并注册进共用的字体配置。

    排版子进程在主进程校验、出 HTML 的同时做这些；批量的工作进程启动时做一次。缺字体时
    什么也不说：出 PDF 时会照常说明。"""
    import_weasyprint()
    from .. import fonts

    if fonts.check_fonts():
        return
    try:
        with temp_in_scratch():
            fonts.font_config(fonts.prepare_fonts())
    except fonts.FontsMissingError:
        pass


def scratch_dir() -> Path:
    """本进程的临时目录（第一次调用时在 ``TMPDIR`` 下建立，进程正常结束时删除）。"""
    pid = os.getpid()
    path = _scratch.get(pid)
    if path is None:
        path = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{pid}-"))
        _scratch[pid] = path
        atexit.register(remove_scratch)
        with contextlib.suppress(ImportError):
            from multiprocessing import util

            # 工作进程由 multiprocessing 以 os._exit 结束，atexit 不运行，它的终结器会运行
            util.Finalize(None, remove_scratch, exitpriority=100)
    return path


@contextlib.contextmanager
def temp_in_scratch() -> Iterator[Path]:
    """在这段代码里，``tempfile`` 建的临时文件与目录都落在 :func:`scratch_dir` 里。"""
    saved = tempfile.tempdir
    path = scratch_dir()
    tempfile.tempdir = str(path)
    try:
        yield path
    finally:
        tempfile.tempdir = saved


def remove_scratch() -> None:
    """删掉本进程的临时目录（没有建过时什么也不做）。可以重复调用。"""
    path = _scratch.pop(os.getpid(), None)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


def _on_terminate(signum: int, frame: object) -> None:  # pragma: no cover - 在子进程里运行
    remove_scratch()
    os._exit(128 + signum)


def die_with_parent(parent_pid: int) -> None:
    """父进程结束（包括被 kill -9）时本进程收到 SIGTERM，删掉临时目录后退出。

    在 fork 或启动后尽早调用。父进程在调用之前就已结束时立即退出。非 Linux 系统上只装
    SIGTERM 的处理。"""
    signal.signal(signal.SIGTERM, _on_terminate)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:  # pragma: no cover - 父进程在上面两步之前已结束
        remove_scratch()
        os._exit(1)
