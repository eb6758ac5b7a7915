"""原子写文件：先写同目录下的临时文件，落盘后一步换上，中途失败不会留下半个文件。

程序里写文件的地方（``gjjgen init``、``gjjgen schema``、``gjjgen render`` 的输出、PDF 字体缓存）都用它：
失败时临时文件删掉，已有的同名文件原样不动；并发运行的进程只会看到完整的文件。
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
"""进程启动时的 umask（只读一次：改 umask 再改回不是线程安全的）。"""

Content = str | bytes | Callable[[BinaryIO], None]
"""要写的内容：文字（UTF-8，换行为 ``\\n``）、字节，或把内容写进二进制流的函数（如字体的 ``save``）。"""


def write_atomic(path: str | Path, content: Content, overwrite: bool = False) -> None:
    """写入 ``path``，权限与普通新建的文件相同（``0o666`` 去掉 umask）。``overwrite`` 为假时目标已存在
    就抛 :class:`FileExistsError`（不会覆盖，即使同时有别人在写同一个文件）。"""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as stream:
            if isinstance(content, str):
                stream.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                stream.write(content)
            else:
                content(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_new(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _link_new(tmp: str, target: Path) -> None:
    """把临时文件换成 ``target``，目标已存在时抛 :class:`FileExistsError`。"""
    try:
        os.link(tmp, target)  # 目标已存在时失败：不覆盖
    except FileExistsError:
        raise
    except OSError:  # 不支持硬链接的文件系统：退回先查后换
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(tmp, target)
    else:
        os.unlink(tmp)
