"""覆盖模板的预算：沙箱管“能做什么”，这里管“能做多少”。

覆盖模板是各中心自己写的。Jinja 的沙箱挡住了越权的操作，却不限工作量：递归的宏、层层
嵌套的循环、``9**9**9`` 这样的整数（编译时就会被常量折叠，算上几十秒）、用乘法或格式宽度
造出的几百 MB 字符串，都能让生成停不下来或耗尽内存。这里给每次渲染定下预算，超出时抛
:class:`TemplateBudgetError`（由 ``template_errors.explain`` 换成带代码 RENDER-TEMPLATE-LIMIT 的中文说明）：

- 循环：全部 ``for`` 合计最多 :data:`MAX_LOOP_STEPS` 次（编译前给每个 ``for`` 的序列套上计数）；
- 时间：一次渲染最多 :data:`MAX_SECONDS` 秒（每次循环、调用、取属性时核对）；
- 文字：任何一个中间值或输出最多 :data:`MAX_TEXT` 字，乘法、``%``/``format`` 的宽度在算之前就核对；
- 整数：最多 :data:`MAX_INT_BITS` 位，乘方在算之前就核对，且不在编译时折叠；
- 模板源文件最多 :data:`MAX_SOURCE` 字；嵌套或递归太深（Python 的 RecursionError）同样报告。
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
import jinja2.nodes
from jinja2.sandbox import SandboxedEnvironment

MAX_LOOP_STEPS = 1_000_000
"""一次渲染里全部循环合计的次数。全国通用模板排一份年报不到一千次。"""

MAX_SECONDS = 20.0
"""一次渲染的时间。全国通用模板不到 0.1 秒。"""

MAX_TEXT = 2_000_000
"""一个字符串、列表（或整个输出）最多的字数/项数。一份年报的 HTML 不到 10 万字。"""

MAX_INT_BITS = 128
"""整数最多的二进制位数（约 38 位十进制数）。"""

MAX_SOURCE = 256 * 1024
"""一个模板文件最多的字数。"""

LOOP_FILTER = "_gjjgen_budget"
"""编译前套在每个 ``for`` 序列外面的过滤器名（计数用）。"""

_WIDE_PERCENT = re.compile(r"%[-+ #0]*(?:\*|\d{6,})|%[-+ #0]*\d*\.(?:\*|\d{6,})")
_WIDE_FORMAT = re.compile(r"\{[^{}]*:[^{}]*\d{6,}[^{}]*\}|\{[^{}]*:[^{}]*\{")


class TemplateBudgetError(jinja2.TemplateError):
    """模板的工作量超出了预算（说明是中文）。"""


class _Budget:
    """一次渲染的计数与开始时间。"""

    def __init__(self) -> None:
        self.steps = 0
        self.started = time.monotonic()

    def tick(self, steps: int = 1) -> None:
        self.steps += steps
        if self.steps > MAX_LOOP_STEPS:
            raise TemplateBudgetError(f"模板里的循环合计超过了 {MAX_LOOP_STEPS:,} 次（是不是循环套得太多层？）")
        if self.steps % 1024 == 0 or steps > 1:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() - self.started > MAX_SECONDS:
            raise TemplateBudgetError(f"模板运行超过了 {MAX_SECONDS:.0f} 秒（全国通用模板不到 1 秒），已停止")


def check_size(value: Any) -> Any:
    """过大的字符串、列表、整数：抛 :class:`TemplateBudgetError`；否则原样返回。"""
    if isinstance(value, (str, bytes, list, tuple, dict, set)) and len(value) > MAX_TEXT:
        raise TemplateBudgetError(f"模板造出了 {len(value):,} 个字（项）的值，超过了上限 {MAX_TEXT:,}")
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise TemplateBudgetError(f"模板算出的整数超过了 {MAX_INT_BITS} 位二进制（约 38 位十进制），不是年报会用到的数")
    return value


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """在算之前估计结果的大小：乘方的位数、字符串乘整数的长度、``%`` 格式的宽度。"""
    check_size(left)
    check_size(right)
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "**" and ints and abs(left) > 1 and right > 0 and (abs(left).bit_length() - 1) * right > MAX_INT_BITS:
        raise TemplateBudgetError(f"模板里的乘方 {left}**{right} 太大（超过 {MAX_INT_BITS} 位二进制）")
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_TEXT:
                raise TemplateBudgetError(f"模板里的乘法会造出 {len(seq) * times:,} 个字（项），超过了上限 {MAX_TEXT:,}")
    if operator == "%" and isinstance(left, str) and _WIDE_PERCENT.search(left):
        raise TemplateBudgetError("模板里“%”格式的宽度或精度太大（或用了“*”），会造出巨大的文字")


def _budget_filter(env: BudgetedSandbox, wrap: Callable[..., Any]) -> Callable[..., Any]:
    """把一个过滤器包起来：整数参数不能大得离谱（``center(10**9)``），结果也要在预算内。"""

    @functools.wraps(wrap)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
                raise TemplateBudgetError(f"过滤器“{wrap.__name__.removeprefix('do_')}”的参数 {value} 太大")
            if isinstance(value, str) and _WIDE_PERCENT.search(value) and wrap.__name__.endswith("format"):
                raise TemplateBudgetError("模板里“%”格式的宽度或精度太大（或用了“*”），会造出巨大的文字")
        env.budget.check_time()
        return check_size(wrap(*args, **kwargs))

    return wrapper


class BudgetedSandbox(SandboxedEnvironment):
    """带预算的沙箱环境（预算见模块说明）。"""

    intercepted_binops = frozenset({"*", "**", "%", "+", "//", "/"})
    """这些运算都经过 :meth:`call_binop`；也因此不在编译时折叠常量（``9**9**9`` 不会在编译器里算上几十秒）。"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = _Budget()
        self.filters = {name: _budget_filter(self, f) for name, f in self.filters.items()}
        self.filters[LOOP_FILTER] = self._counted
        self.template_class = BudgetedTemplate

    def _counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self.budget.tick()
            yield item

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        """解析后、编译前给每个 ``for`` 的序列套上计数；源文件过大时拒绝。"""
        if len(source) > MAX_SOURCE:
            raise TemplateBudgetError(f"模板文件有 {len(source):,} 字，超过了上限 {MAX_SOURCE:,} 字")
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(jinja2.nodes.For):
            inner = loop.iter
            if not (isinstance(inner, jinja2.nodes.Filter) and inner.name == LOOP_FILTER):
                loop.iter = jinja2.nodes.Filter(inner, LOOP_FILTER, [], [], None, None, lineno=inner.lineno)
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.budget.check_time()
        for value in (*args, *kwargs.values()):
            check_size(value)
        return check_size(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        return check_size(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return check_size(super().getitem(obj, argument))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _WIDE_FORMAT.search(value.__self__):

            def refuse(*_args: Any, **_kwargs: Any) -> str:
                raise TemplateBudgetError("模板里 format 的宽度或精度太大（或是嵌套的），会造出巨大的文字")

            return refuse
        return wrapped


class BudgetedTemplate(jinja2.Template):
    """每次渲染重新计预算；输出一边生成一边计字数，超出上限就停。"""

    def render(self, *args: Any, **kwargs: Any) -> str:
        env = self.environment
        assert isinstance(env, BudgetedSandbox)
        env.budget = _Budget()
        ctx = self.new_context(dict(*args, **kwargs))
        pieces: list[str] = []
        size = 0
        try:
            for piece in self.root_render_func(ctx):
                size += len(piece)
                if size > MAX_TEXT:
                    raise TemplateBudgetError(f"模板的输出超过了 {MAX_TEXT:,} 字（一份年报不到 10 万字）")
                pieces.append(piece)
        except Exception:
            env.handle_exception()
        return env.concat(pieces)
