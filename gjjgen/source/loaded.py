"""读入结果与它的位置表：数据、每条路径的行列、读入时发现的问题。

读文件、解析 YAML、构建数据的几步都往同一个 :class:`Loaded` 里记位置和问题，
后面的结构检查与校验只认它；放在单独的模块里，各步互不依赖。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems.codes import Level, check_level
from ..problems.findings import Problem

Path_ = tuple[Any, ...]

@dataclass(frozen=True)
class Scalar:
    """保留原文的标量：数字格要能说出“写的是 ‘12件’”。"""

    value: Any
    raw: str
    quoted: bool


@dataclass
class Loaded:
    """读入结果：数据（标量已转为 Python 值）、每条路径的位置、读入时发现的问题。"""

    path: Path
    data: Any = None
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path_, Scalar] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    content: bytes = field(default=b"", repr=False)
    """读入的文件原样字节（含 BOM、原编码）：PDF 附带的正是校验过的这一份。"""
    lines: list[str] = field(default_factory=list, repr=False)
    """原文的各行：检查要指出一段文字中间某个字所在的行列。"""

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(p.level == "error" for p in self.problems)

    def mark(self, path: Path_) -> tuple[int, int]:
        """最接近 ``path`` 的位置：路径本身没有位置时退到它的上一级。"""
        probe = tuple(path)
        while probe:
            if probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return (1, 1)

    def key_mark(self, path: Path_) -> tuple[int, int]:
        return self.key_marks.get(tuple(path)) or self.mark(path)


def add_problem(loaded: Loaded, code: str, message: str, line: int = 1, col: int = 1, level: Level | None = None) -> None:
    """记下读入时的一个问题；级别按问题代码的登记取（可以指定）。"""
    loaded.problems.append(Problem(level=check_level(code, level), code=code, message=message, file=str(loaded.path), line=line, col=col))
