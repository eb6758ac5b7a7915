"""模板的问题：每种一个代码，消息是中文，指出模板文件与行。

渲染时 Jinja 抛出的异常（语法错误、未定义的变量、越出模板目录的模板名……）在 :func:`explain`
里换成一条 :class:`TemplateProblem`；不是模板造成的异常不换，保留回溯，便于报告程序错误。
"""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from jinja2.utils import missing

from ..problems.codes import problem_line
from .sandbox import TemplateBudgetError


class TemplateProblem(Exception):
    """模板或模板目录的问题。``str()`` 是完整的一行：位置、错误、说明、代码，直接印给用户。"""

    def __init__(self, where: str, message: str, code: str) -> None:
        self.where = where
        self.message = message
        self.code = code
        super().__init__(problem_line(where, code, message))


class PathEscape(jinja2.TemplateError):
    """模板名越出了模板目录（渲染时抛出，由 :meth:`TemplateChain.render` 换成中文说明）。"""

    def __init__(self, name: str, target: str = "") -> None:
        super().__init__(name)
        self.name = name
        self.target = target


class SelfExtends(jinja2.TemplateError):
    """模板用不带“!”的名字继承了它自己；``entry`` 是该写成“!”开头的报告模板名。"""

    def __init__(self, name: str, entry: str) -> None:
        super().__init__(name)
        self.entry = entry


class ReadFailure(jinja2.TemplateError):
    """模板文件读不出来（不是 UTF-8、没有权限……）。"""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(str(path))
        self.path = path
        self.reason = reason


class RawOutput(jinja2.TemplateError):
    """覆盖模板把文字不经转义原样输出（``|safe``、``{% autoescape false %}``）。"""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(what)
        self.where = where
        self.what = what


class ChineseUndefined(jinja2.StrictUndefined):
    """未定义的变量一用就报错，说明写成中文。"""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        owner = "映射" if isinstance(self._undefined_obj, dict) else type(self._undefined_obj).__name__
        if self._undefined_exception is jinja2.exceptions.SecurityError:
            return f"不允许访问 {owner} 的“{self._undefined_name}”"
        if self._undefined_hint:
            return self._undefined_hint
        if self._undefined_obj is missing:
            return f"“{self._undefined_name}”不存在（模板能用的是 report 及其各项）"
        return f"{owner} 没有“{self._undefined_name}”这一项"


def _location(exc: BaseException, env: jinja2.Environment) -> str:
    """异常发生在哪个模板文件的哪一行（Jinja 把模板行写进了回溯）。"""
    files: set[str] = getattr(env.loader, "files", set())
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in files:
            where = f"{frame.filename}:{frame.lineno}"
    return where or "模板"


def explain(exc: Exception, env: jinja2.Environment) -> TemplateProblem | None:
    """模板运行中的异常 → 中文说明；不是模板造成的异常返回 None（保留回溯，便于报告程序错误）。"""
    where = getattr(exc, "where", None) or _location(exc, env)
    if where == "模板" and isinstance(exc, PathEscape) and exc.target:
        where = exc.name  # 报告模板本身就是指到外面的链接
    if isinstance(exc, (TemplateBudgetError, RecursionError)):
        detail = str(exc) if isinstance(exc, TemplateBudgetError) else "模板嵌套或递归太深（宏调用自己、或块套块太多层）"
        return TemplateProblem(where, f"{detail}；请简化模板", "RENDER-TEMPLATE-LIMIT")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename}:{exc.lineno}" if exc.filename else where
        return TemplateProblem(where, f"模板语法有误（Jinja 的说明：{exc.message}）", "RENDER-TEMPLATE")
    if isinstance(exc, PathEscape):
        if exc.target:
            detail = f"“{exc.name}”是指向模板目录以外（{exc.target}）的链接"
        else:
            detail = f"模板名“{exc.name}”越出了模板目录（不能用“..”、绝对路径、反斜杠或盘符）"
        return TemplateProblem(where, f"{detail}；模板只能使用本层模板目录里的文件", "RENDER-TEMPLATE-PATH")
    if isinstance(exc, RawOutput):
        return TemplateProblem(
            exc.where,
            f"{exc.what}：书记员写的文字会不经转义进入网页与 PDF（可能带进脚本、改掉版式），不允许；"
            "数据照原样输出即可（gjjgen 会转义），要加的元素直接写在模板里",
            "RENDER-TEMPLATE-RAW",
        )
    if isinstance(exc, SelfExtends):
        return TemplateProblem(
            where, f"模板用“{exc}”继承了它自己；继承下一层请写 {{% extends \"!{exc.entry}\" %}}", "RENDER-TEMPLATE-EXTENDS"
        )
    if isinstance(exc, ReadFailure):
        return TemplateProblem(str(exc.path), f"无法读取模板：{exc.reason}", "RENDER-TEMPLATE-READ")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateProblem(
            where, f"找不到模板“{exc.name}”（各层模板目录里都没有这个文件）", "RENDER-TEMPLATE-MISSING"
        )
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateProblem(where, f"模板用到了没有定义的变量：{exc.message}", "RENDER-TEMPLATE-UNDEFINED")
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return TemplateProblem(where, f"模板做了沙箱不允许的操作：{exc.message}", "RENDER-TEMPLATE-UNSAFE")
    if isinstance(exc, jinja2.TemplateError):
        return TemplateProblem(where, f"模板有误（Jinja 的说明：{exc.message or exc}）", "RENDER-TEMPLATE")
    if where != "模板" and isinstance(exc, (TypeError, ValueError, ArithmeticError, LookupError, AttributeError)):
        return TemplateProblem(where, f"模板运行出错（{type(exc).__name__}：{exc}）", "RENDER-TEMPLATE")
    return None
