"""操作系统的错误 → 中文说明。数据文件、上年数据、模板目录、输出目录都用这一份说法。"""

from __future__ import annotations

import errno

_REASONS = {
    errno.ENOENT: "不存在",
    errno.EACCES: "没有权限（文件或它所在的某一级文件夹不允许当前用户访问）",
    errno.EPERM: "没有权限（文件或它所在的某一级文件夹不允许当前用户访问）",
    errno.ENAMETOOLONG: "文件名或路径太长（一级名字最多 255 字节，一个汉字占 3 字节）",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ELOOP: "路径里的链接绕成了圈（或链接层数太多）",
    errno.EROFS: "所在的磁盘是只读的",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EEXIST: "同名的文件已经存在",
    errno.EIO: "读写磁盘出错（U 盘或网络盘是否已拔出？）",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENXIO: "设备不存在",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EINVAL: "名字里有系统不允许的字符",
}
"""errno → 中文原因。不在表里的错误也说出编号与系统的说明，不会出现程序回溯。"""


def describe_os_error(exc: OSError) -> str:
    """一个操作系统错误的中文原因（不含路径：路径由调用者按“文件:行:列”的位置写出）。"""
    reason = _REASONS.get(exc.errno or 0)
    if reason is not None:
        return reason
    return f"系统错误 {exc.errno}（{exc.strerror or type(exc).__name__}）"
