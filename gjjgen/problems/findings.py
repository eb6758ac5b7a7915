"""问题（错误与警告）：检查只说“哪条路径、什么事实”，这里统一变成“文件:行:列”和文字。"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .codes import LEVEL_WORDS, Level, check_level, problem_line

__all__ = ["LEVEL_WORDS", "Finding", "Problem", "sort_problems", "summary", "to_json"]


@dataclass(frozen=True)
class Problem:
    """一条问题。``code`` 是稳定的代码（如 T3-COL-BAL），脚本可以据此过滤；它必须已在
    :mod:`gjjgen.problems.codes` 登记，``level`` 必须与登记的一致（可用 ``level_of(code)`` 取得）。"""

    level: Level
    code: str
    message: str
    file: str = ""
    line: int = 1
    col: int = 1
    place: str = ""
    """已发布报告里的位置（如“第5页 表三「予以公开」行「自然人」列”）；有它时代替行列号。"""

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", check_level(self.code, self.level))

    @property
    def where(self) -> str:
        """位置：已发布报告里的位置（“报告.pdf:第4页 表四……”），否则“文件:行:列”。"""
        return f"{self.file}:{self.place}" if self.place else f"{self.file}:{self.line}:{self.col}"

    def format(self) -> str:
        return problem_line(self.where, self.code, self.message)

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """按文件中的位置排序，同一位置错误在前；完全相同的问题只留一条。"""
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda p: (p.file, p.line, p.col, p.level != "error", p.code, p.message))


def summary(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if not problems:
        return "未发现问题。"
    return f"共 {errors} 个错误，{warnings} 个警告。"


def to_json(problems: list[Problem]) -> str:
    errors = sum(p.is_error for p in problems)
    payload = {
        "problems": [asdict(p) for p in problems],
        "errors": errors,
        "warnings": len(problems) - errors,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


@dataclass(frozen=True)
class Finding:
    """检查的结果：数据路径与事实，还没有行列号。``at_key`` 为真时定位到键名而不是值。

    ``where`` 是已知的精确行列（如多行文字中间的一处引用），给出时优先于路径定位。
    ``level`` 不给时取代码登记的级别（见 :mod:`gjjgen.problems.codes`）。
    ``related`` 是同一问题牵涉的其他数据路径（如勾稽关系两侧的各格），不影响定位，
    供实时预览把问题标在每一处。
    """

    path: tuple
    code: str
    message: str
    level: Level | None = None
    at_key: bool = False
    where: tuple[int, int] | None = None
    related: tuple[tuple, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "level", check_level(self.code, self.level))
