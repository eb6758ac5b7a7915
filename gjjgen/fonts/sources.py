"""查找源字体：按 fontconfig 的族名与样式名找到系统里的字面；缺了就说装哪个软件包。"""

from __future__ import annotations

import contextlib
import functools
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .model import ROLES, Face, FontFile


@functools.lru_cache(maxsize=1)
def _fc_list() -> tuple[tuple[str, int, tuple[str, ...], tuple[str, ...]], ...]:
    """fc-list 的全部字面；没有 fc-list 时返回空。"""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ()
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{file}\t%{index}\t%{family}\t%{style}\n"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        path, index, families, styles = parts
        with contextlib.suppress(ValueError):
            faces.append((path, int(index), _fc_names(families), _fc_names(styles)))
    return tuple(faces)


def _fc_names(value: str) -> tuple[str, ...]:
    """fontconfig 的多值字段以逗号分隔，名字里的逗号写作 ``\\,``。"""
    return tuple(part.replace("\x00", ",") for part in value.replace("\\,", "\x00").split(","))


def _face_names(font) -> tuple[set[str | None], set[str | None]]:
    name = font["name"]
    return ({name.getDebugName(1), name.getDebugName(16)},
            {name.getDebugName(2), name.getDebugName(17)})


def _scan_known_paths(face: Face) -> FontFile | None:
    """没有 fc-list 时，打开已知位置的文件按 name 表找字面。"""
    from fontTools.ttLib import TTCollection, TTFont

    for candidate in face.paths:
        path = Path(candidate)
        if not path.is_file():
            continue
        try:
            with path.open("rb") as stream:
                is_collection = stream.read(4) == b"ttcf"
            if is_collection:
                with TTCollection(str(path), lazy=True) as collection:
                    names = [_face_names(font) for font in collection.fonts]
            else:
                with TTFont(str(path), lazy=True) as font:
                    names = [_face_names(font)]
        except Exception:  # noqa: BLE001 - 坏文件当作没有
            continue
        for index, (families, styles) in enumerate(names):
            if face.family in families and face.style in styles:
                return FontFile(path, index)
    return None


def find_face(face: Face) -> FontFile | None:
    """在系统里找 ``face``：先问 fontconfig，再看 Debian 的已知路径。"""
    for path, index, families, styles in _fc_list():
        if index >> 16:  # 可变字体的命名实例：要静态字面
            continue
        if face.family in families and face.style in styles and Path(path).is_file():
            return FontFile(Path(path), index)
    return _scan_known_paths(face)


def _install_hint(packages: Iterable[str]) -> str:
    names = " ".join(dict.fromkeys(packages))
    return f"apt-get install {names}"


def check_fonts() -> list[str]:
    """缺少的源字体，每条说明装什么；空列表表示齐全。

    渲染器出 PDF 前调用：缺字体时拒绝，而不是产出有空洞的 PDF。
    """
    messages = []
    for role in ROLES:
        if find_face(role.face) is None:
            how = role.face.install or (
                f"请安装 Debian 软件包 {role.face.package}"
                f"（以 root 身份运行：{_install_hint([role.face.package])}）")
            messages.append(
                f"缺少{role.label}所用字体“{role.face.family} {role.face.style}”：{how}。")
    return messages
