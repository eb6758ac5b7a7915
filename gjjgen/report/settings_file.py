"""读模板设置文件（``settings.yaml``）的规矩，与模板文件相同。

设置文件由各中心自己放在模板目录里，读它之前先确认：文件真的在这个模板目录里（指向外面
的链接不读——否则 ``/etc/passwd`` 这样的文件会被读进来，再被错误消息原样印出）、是普通文件、
不超过 :data:`MAX_BYTES`；YAML 不能用锚点与别名（别名逐层展开，九层就能让生成卡上几分钟）。
"""

from __future__ import annotations

import stat
from pathlib import Path

import yaml

from ..files import os_error_text

MAX_BYTES = 64 * 1024
"""设置文件的大小上限。全国通用的设置文件不到 4 KB。"""

try:  # libyaml 快得多；没有时退回纯 Python 实现
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - 取决于 PyYAML 的构建方式
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class SettingsRefusal(Exception):
    """不读这个设置文件的原因：``where``（文件或文件:行）、中文说明、代码。"""

    def __init__(self, where: str, message: str, code: str) -> None:
        super().__init__(f"{where}: {message} [{code}]")


def read_settings_text(path: Path, directory: Path) -> str:
    """读出 ``directory`` 里的设置文件 ``path`` 的文字；不合规矩时抛 :class:`SettingsRefusal`。"""
    try:
        real = path.resolve()
        info = real.stat()
    except (OSError, RuntimeError) as exc:
        reason = os_error_text(exc) if isinstance(exc, OSError) else "路径里的链接绕成了圈"
        raise SettingsRefusal(str(path), f"无法读取模板设置：{reason}", "SETTINGS-READ") from None
    if not real.is_relative_to(directory.resolve()):
        raise SettingsRefusal(
            str(path), "模板设置是指向模板目录以外的链接，不读；请把设置文件本身放在模板目录里", "SETTINGS-PATH"
        )
    if not stat.S_ISREG(info.st_mode):
        raise SettingsRefusal(str(path), "模板设置不是普通文件（是文件夹、设备或管道）", "SETTINGS-READ")
    if info.st_size > MAX_BYTES:
        raise SettingsRefusal(
            str(path), f"模板设置有 {info.st_size // 1024} KB，超过了上限 {MAX_BYTES // 1024} KB；是不是选错了文件？", "SETTINGS-TOO-LARGE"
        )
    try:
        with real.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SettingsRefusal(str(path), f"无法读取模板设置：{os_error_text(exc)}", "SETTINGS-READ") from None
    if len(data) > MAX_BYTES:
        raise SettingsRefusal(str(path), f"模板设置超过了上限 {MAX_BYTES // 1024} KB", "SETTINGS-TOO-LARGE")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SettingsRefusal(str(path), "无法读取模板设置：文件不是 UTF-8 编码，请另存为 UTF-8", "SETTINGS-READ") from None
    _refuse_aliases(path, text)
    return text


def _refuse_aliases(path: Path, text: str) -> None:
    """逐个事件扫一遍：遇到第一个锚点或别名就拒绝（不构建任何数据）。语法错误留给后面报告。"""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                mark = event.start_mark
                raise SettingsRefusal(
                    f"{path}:{mark.line + 1}" if mark else str(path),
                    "模板设置不能使用锚点（&）和别名（*）；请把内容直接写出来",
                    "SETTINGS-ALIAS",
                )
    except yaml.YAMLError:
        return
