"""原子写文件：先写同目录下的临时文件，再一步换上，中途失败不会留下半个数据文件。"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
