"""原子写文件：先写同目录下的临时文件，再一步换上，中途失败不会留下半个数据文件。

也在这里把操作系统的英文错误说明（“File exists”“Permission denied”）换成中文。
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

OS_ERRORS = {
    errno.EEXIST: "文件已存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "路径中的文件夹不存在",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "磁盘是只读的",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "路径里的链接绕成了圈",
    errno.EIO: "读写磁盘出错（U 盘或网络盘是否已拔出？）",
    errno.EBUSY: "文件正被别的程序占用",
    errno.ETXTBSY: "文件正被别的程序占用",
}
"""操作系统的英文错误说明 → 中文。"""


def os_error_text(exc: OSError) -> str:
    """一个系统错误的中文说明；不认识的错误号照写编号，不夹带英文原文。"""
    return OS_ERRORS.get(exc.errno or 0, f"系统错误 {exc.errno}" if exc.errno else "系统错误")


def write_atomic(path: str | Path, text: str, overwrite: bool = False) -> None:
    """写入 ``path``。``overwrite`` 为假时目标已存在就抛 :class:`FileExistsError`（不会覆盖，
    即使同时有别人在写同一个文件）。"""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if overwrite:
            os.replace(tmp, target)
        else:
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
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
