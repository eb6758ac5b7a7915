"""模板的分层：用户模板目录 → 省份模板 → 全国通用模板。

为什么分层：各省、各中心发布的是同一份法定年报，只有几处不同（上海的前言引用《上海市
政府信息公开规定》、某个中心不印落款……）。每处不同应当只是一个地方的几行：全国通用模板
在 ``templates/base/``，省份模板在 ``templates/<省份>/``（按元数据“省份”选用），中心自己的
在用户模板目录（``gjjgen render --templates 目录``，或元数据“模板目录”）。找模板、合并设置
都按“用户 → 省份 → 全国”的顺序。

模板名（``extends``、``include``、``import`` 里写的）：

- ``"!report.html.j2"``：从写这句的模板所在层的*下一层*找起。覆盖模板都写
  ``{% extends "!report.html.j2" %}``：用户目录里的继承省份模板（没有省份模板就是全国通用
  模板），省份模板继承全国通用模板，谁都不必知道下面是哪一层；
- ``"base/report.html.j2"``、``"上海/report.html.j2"``：指名这一条链上的某一层；
- ``"report.html.j2"``：从最上一层找起（模板自己不能这样继承自己）。

为什么这样严：覆盖模板是各中心自己写的，出错要在生成前说清楚，而不是印出一份悄悄少了
内容的报告。所以模板在 Jinja 的沙箱里运行；未定义的变量是错误，指出模板文件与行；重写了
下层没有的块（块名写错，Jinja 会悄悄丢掉）是错误；模板名不能用“..”、绝对路径或指向模板
目录以外的链接；模板只能输出 DOCX 认识的 HTML 元素、类名与属性（否则三种格式会不一样；
核对见 :mod:`gjjgen.render.htmlcheck`）。书记员写的文字是模板的数据，永远不会被当作模板执行，
也不会不经转义进入输出（覆盖模板不能用 ``|safe``、``{% autoescape %}``）。每种问题一个 :class:`TemplateProblem`，消息是
中文、带代码。
"""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import missing

from ..problems.codes import problem_line
from ..report.settings import Settings, load_settings
from ..spec.resources import Resources
from .htmlcheck import find_raw_output, find_unknown_html, locate

ENTRY = "report.html.j2"
"""报告模板的文件名：每一层的覆盖都写在同名文件里。"""

BASE = "base"
"""全国通用模板所在的目录（层名）。"""

USER = "模板目录"
"""用户模板目录的层名（模板里指名它时写 ``"模板目录/report.html.j2"``）。"""

BASE_KIND = "全国通用模板"
"""全国通用模板这一层的种类名。"""

FIXED = "【固定】"
"""块说明以此开头的块不能覆盖（见 :func:`block_catalog`）。"""

PROVINCE_SUFFIXES = ("省", "市", "自治区", "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区")
"""元数据“省份”可以写全称：“上海市”“山东省”也选用“上海”“山东”的省份模板。"""


class TemplateProblem(Exception):
    """模板或模板目录的问题。``str()`` 是完整的一行：位置、错误、说明、代码，直接印给用户。"""

    def __init__(self, where: str, message: str, code: str) -> None:
        self.where = where
        self.message = message
        self.code = code
        super().__init__(problem_line(where, code, message))


class _PathEscape(jinja2.TemplateError):
    """模板名越出了模板目录（渲染时抛出，由 :meth:`TemplateChain.render` 换成中文说明）。"""

    def __init__(self, name: str, target: str = "") -> None:
        super().__init__(name)
        self.name = name
        self.target = target


class _SelfExtends(jinja2.TemplateError):
    """模板用不带“!”的名字继承了它自己。"""


class _ReadFailure(jinja2.TemplateError):
    """模板文件读不出来（不是 UTF-8、没有权限……）。"""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(str(path))
        self.path = path
        self.reason = reason


class _RawOutput(jinja2.TemplateError):
    """覆盖模板把文字不经转义原样输出（``|safe``、``{% autoescape false %}``）。"""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(what)
        self.where = where
        self.what = what


def _refuse_raw_output(env: jinja2.Environment, source: str, name: str, path: Path) -> None:
    """覆盖模板（省份、用户）里不许有让数据不经转义进入输出的写法。"""
    found = find_raw_output(_parse(env, source, name, str(path)))
    if found is not None:
        line, what = found
        raise _RawOutput(f"{path}:{line}", what)


class _Undefined(jinja2.StrictUndefined):
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


# ---------------------------------------------------------------- 层


@dataclass(frozen=True)
class Layer:
    """链上的一层：层名（模板名的前缀）、种类、目录（已解析为真实路径）。"""

    key: str
    kind: str
    directory: Path

    @property
    def title(self) -> str:
        """给人看的名字：全国通用模板、省份模板“上海”、用户模板目录。"""
        return f"省份模板“{self.key}”" if self.kind == "省份模板" else self.kind

    def file(self, name: str) -> Path:
        return self.directory / name


def province_packs(root: Path | None = None) -> tuple[str, ...]:
    """``templates/`` 下的省份模板（除 ``base`` 外的每个目录），按名称排序；``root`` 不给时用程序自带的模板目录。"""
    root = root or Resources.default().templates_dir
    if not root.is_dir():
        return ()
    return tuple(
        sorted(d.name for d in root.iterdir() if d.is_dir() and d.name != BASE and not d.name.startswith((".", "_")))
    )


def pack_for(province: object, root: Path | None = None) -> str | None:
    """元数据“省份”选用的省份模板：名称相同，或只多一个“省”“市”“自治区”之类的后缀。"""
    text = str(province or "").strip()
    if not text:
        return None
    for pack in province_packs(root):
        if text == pack or (text.startswith(pack) and text[len(pack):] in PROVINCE_SUFFIXES):
            return pack
    return None


def _bad_name(name: str) -> bool:
    """模板名里有“..”、绝对路径、反斜杠或盘符：一律不许（不论它最后指向哪里）。"""
    return (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or bool(re.match(r"^[A-Za-z]:", name))
        or any(part in ("", ".", "..") for part in name.split("/"))
    )


# ---------------------------------------------------------------- 块的说明


@dataclass(frozen=True)
class BlockInfo:
    """全国通用模板里的一个块：名称、说明（取自紧挨在块前的注释）、嵌套深度、行号。"""

    name: str
    description: str
    depth: int
    scoped: bool
    line: int

    @property
    def fixed(self) -> bool:
        return self.description.startswith(FIXED)


def block_catalog(env: jinja2.Environment, source: str) -> list[BlockInfo]:
    """模板里的块，按出现顺序。说明就是紧挨在 ``{% block %}`` 之前的 ``{# … #}`` 注释——写在
    模板里，随块一起改，不会与模板对不上。"""
    blocks: list[BlockInfo] = []
    pending = ""
    depth = 0
    tokens = [t for t in env.lex(source) if t[1] != "whitespace"]
    for i, (line, kind, value) in enumerate(tokens):
        if kind == "comment":
            pending = " ".join(value.split())
        elif kind == "data" and value.strip():
            pending = ""
        elif kind == "block_begin" and i + 1 < len(tokens):
            tag = tokens[i + 1][2]
            if tag == "block":
                name = tokens[i + 2][2]
                scoped = i + 3 < len(tokens) and tokens[i + 3][2] == "scoped"
                blocks.append(BlockInfo(name, pending, depth, scoped, line))
                depth += 1
            elif tag == "endblock":
                depth -= 1
            pending = ""
    return blocks


def _all_blocks(tree: jinja2.nodes.Template) -> set[str]:
    return {block.name for block in tree.find_all(jinja2.nodes.Block)}


def outer_blocks(node: jinja2.nodes.Node) -> Iterator[jinja2.nodes.Block]:
    """不在别的块里面的块：子模板里只有它们是在“重写”下层的块。"""
    for child in node.iter_child_nodes():
        if isinstance(child, jinja2.nodes.Block):
            yield child
        else:
            yield from outer_blocks(child)


# ---------------------------------------------------------------- 链


@dataclass(frozen=True)
class _Loaded:
    """继承链上的一个模板：全名、文件、语法树。"""

    name: str
    path: Path
    tree: jinja2.nodes.Template


class _Environment(SandboxedEnvironment):
    """沙箱环境；模板名按 :class:`TemplateChain` 的规则解析。"""

    chain: TemplateChain

    def join_path(self, template: str, parent: str) -> str:
        return self.chain.resolve(template, parent)


class _Loader(jinja2.BaseLoader):
    """从链上的层里读模板；文件必须真的在那一层的目录里（链接指到外面也不行）。"""

    def __init__(self, chain: TemplateChain) -> None:
        self.chain = chain
        self.files: set[str] = set()

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        layer, rel = self.chain.locate(self.chain.resolve(template))
        path = layer.file(rel)
        real = path.resolve()
        if not real.is_relative_to(layer.directory):
            raise _PathEscape(str(path), str(real))
        if not real.is_file():
            raise jinja2.TemplateNotFound(template)
        try:
            source = real.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise _ReadFailure(path, "文件不是 UTF-8 编码，请另存为 UTF-8") from None
        except OSError as exc:
            raise _ReadFailure(path, str(exc.strerror or exc)) from None
        if layer.kind != BASE_KIND:
            _refuse_raw_output(environment, source, template, path)
        self.files.add(str(path))
        stamp = _stamp(path)
        return source, str(path), lambda: _stamp(path) == stamp


@dataclass(frozen=True)
class TemplateChain:
    """一次生成用到的各层，先找的在前，最后一层总是全国通用模板。"""

    layers: tuple[Layer, ...]

    @classmethod
    def build(cls, province: object = None, user: Path | str | None = None, root: Path | None = None) -> TemplateChain:
        """由元数据“省份”与用户模板目录组成链。用户目录不存在时抛 :class:`TemplateProblem`。
        ``root`` 是全国通用模板与省份模板所在的目录（不给时用程序自带的）。"""
        root = root or Resources.default().templates_dir
        layers: list[Layer] = []
        if user is not None:
            directory = Path(user)
            if not directory.is_dir():
                what = "不是目录" if directory.exists() else "不存在"
                raise TemplateProblem(str(user), f"模板目录{what}；应是放 report.html.j2 或 settings.yaml 的目录", "RENDER-TEMPLATE-DIR")
            layers.append(Layer(USER, "用户模板目录", directory.resolve()))
        pack = pack_for(province, root)
        if pack:
            layers.append(Layer(pack, "省份模板", (root / pack).resolve()))
        layers.append(Layer(BASE, BASE_KIND, (root / BASE).resolve()))
        return cls(tuple(layers))

    @property
    def base(self) -> Layer:
        return self.layers[-1]

    def settings_dirs(self) -> tuple[Path, ...]:
        """合并设置的顺序：全国通用之后先省份、后用户（后合并的优先）。"""
        return tuple(layer.directory for layer in reversed(self.layers[:-1]))

    def settings(self) -> Settings:
        """这条链合并后的设置。"""
        return load_settings(self.settings_dirs())

    # -- 模板名 ----------------------------------------------------------

    def _index(self, key: str) -> int | None:
        return next((i for i, layer in enumerate(self.layers) if layer.key == key), None)

    def locate(self, full: str) -> tuple[Layer, str]:
        """全名（“层名/文件”）→ (层, 层内的文件名)。"""
        key, _sep, rel = full.partition("/")
        index = self._index(key)
        if index is None or not rel:
            raise jinja2.TemplateNotFound(full)
        return self.layers[index], rel

    def _find(self, rel: str, start: int) -> str | None:
        for layer in self.layers[start:]:
            if layer.file(rel).is_file() or layer.file(rel).is_symlink():
                return f"{layer.key}/{rel}"
        return None

    def resolve(self, name: str, parent: str | None = None) -> str:
        """模板里写的名字 → 全名“层名/文件”（规则见模块说明）。"""
        below = name.startswith("!")
        rel = name[1:] if below else name
        if _bad_name(rel):
            raise _PathEscape(name)
        key, _sep, rest = rel.partition("/")
        if not below and rest and self._index(key) is not None:
            return rel  # 指名某一层
        start = 0
        parent_full = self.resolve(parent) if parent is not None else None
        if below and parent_full is not None:
            start = self.layers.index(self.locate(parent_full)[0]) + 1
        found = self._find(rel, start)
        if found is None:
            raise jinja2.TemplateNotFound(name)
        if found == parent_full:
            raise _SelfExtends(name)
        return found

    def entry(self) -> str:
        """报告模板的全名：最上一层的 report.html.j2。"""
        return self.resolve(ENTRY)

    # -- 环境与核对 --------------------------------------------------------

    def environment(self) -> jinja2.Environment:
        """沙箱里的 Jinja 环境：严格未定义、自动转义（样式表除外）、去掉块标签留下的空行。

        同一条链共用一个环境（编译过的模板留在里面）；模板文件改了会重新读。
        """
        return _environment(self)

    def inheritance(self, env: jinja2.Environment) -> list[_Loaded]:
        """从报告模板起沿 ``extends`` 往下，直到不再继承的那一个（通常是全国通用模板）。"""
        out: list[_Loaded] = []
        name: str | None = self.entry()
        while name is not None and len(out) <= len(self.layers) + 2:
            source, filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
            tree = _parse(env, source, name, filename or name)
            out.append(_Loaded(name, Path(filename or name), tree))
            parents = [n for n in tree.find_all(jinja2.nodes.Extends) if isinstance(n.template, jinja2.nodes.Const)]
            if not parents:
                break
            try:
                name = env.join_path(str(parents[0].template.value), name)  # type: ignore[attr-defined]
                env.loader.get_source(env, name)  # type: ignore[union-attr]
            except jinja2.TemplateError as exc:
                exc.where = f"{filename}:{parents[0].lineno}"  # type: ignore[attr-defined]
                raise
        return out

    def catalog(self, env: jinja2.Environment | None = None) -> list[BlockInfo]:
        """全国通用模板的块与说明。"""
        env = env or self.environment()
        source, _filename, _uptodate = env.loader.get_source(env, f"{BASE}/{ENTRY}")  # type: ignore[union-attr]
        return list(_catalog(env, source))

    def block_sources(self, env: jinja2.Environment | None = None) -> dict[str, Path]:
        """每个块最终取自哪个文件（继承链上最先定义它的那个）。"""
        env = env or self.environment()
        sources: dict[str, Path] = {}
        for loaded in self.inheritance(env):
            for name in _all_blocks(loaded.tree):
                sources.setdefault(name, loaded.path)
        return sources

    def check(self, env: jinja2.Environment | None = None) -> None:
        """生成之前核对覆盖模板：继承了下层、重写的块下层确有、没有重写固定的块。"""
        env = env or self.environment()
        chain = self.inheritance(env)
        fixed = {b.name for b in self.catalog(env) if b.fixed}
        if chain[-1].name != f"{BASE}/{ENTRY}":
            raise TemplateProblem(
                str(chain[-1].path),
                "覆盖模板没有继承下层模板；第一行应写 {% extends \"!report.html.j2\" %}，"
                "再只重写要改的块（整份照抄的模板收不到全国通用模板以后的修正）",
                "RENDER-TEMPLATE-EXTENDS",
            )
        for i, loaded in enumerate(chain[:-1]):
            below = set().union(*(_all_blocks(t.tree) for t in chain[i + 1 :]))
            for block in outer_blocks(loaded.tree):
                if block.name not in below:
                    close = difflib.get_close_matches(block.name, sorted(below), n=1)
                    hint = f"是不是“{close[0]}”？" if close else "可用的块见 gjjgen templates blocks"
                    raise TemplateProblem(
                        f"{loaded.path}:{block.lineno}",
                        f"模板重写了块“{block.name}”，但下层模板里没有这个块（块名写错了？{hint}），"
                        "这样的改动不会出现在报告里",
                        "RENDER-TEMPLATE-BLOCK",
                    )
            for block in loaded.tree.find_all(jinja2.nodes.Block):
                if block.name in fixed:
                    raise TemplateProblem(
                        f"{loaded.path}:{block.lineno}",
                        f"块“{block.name}”不能覆盖：它只作用于网页与 PDF，DOCX 不会跟着变；"
                        "字体、字号、页面请写在模板目录的 settings.yaml 里",
                        "RENDER-TEMPLATE-FIXED",
                    )

    # -- 渲染 ------------------------------------------------------------

    def render(self, context: dict[str, Any]) -> str:
        """核对并渲染报告模板；任何模板问题都换成 :class:`TemplateProblem`。"""
        env = self.environment()
        try:
            self.check(env)
            html = env.get_template(self.entry()).render(**context)
        except TemplateProblem:
            raise
        except Exception as exc:
            problem = explain(exc, env)
            if problem is None:
                raise
            raise problem from None
        finding = find_unknown_html(html)
        if finding is not None:
            files = env.loader.files if isinstance(env.loader, _Loader) else set()
            overrides = sorted(Path(f) for f in files if not Path(f).is_relative_to(self.base.directory))
            raise TemplateProblem(locate(finding.needle, overrides), finding.message, "RENDER-TEMPLATE-HTML")
        return html


def _stamp(path: Path) -> tuple[str, int, int] | None:
    """文件的真实位置、修改时间与大小：任何一样变了，缓存的模板就要重新读。"""
    try:
        info = path.stat()
        return str(path.resolve()), info.st_mtime_ns, info.st_size
    except OSError:
        return None


@lru_cache(maxsize=32)
def _environment(chain: TemplateChain) -> jinja2.Environment:
    env = _Environment(
        loader=_Loader(chain),
        autoescape=lambda name: not (name or "").endswith(".css"),
        undefined=_Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=True,
    )
    env.chain = chain
    # 没有 |safe：数据不能绕过自动转义（覆盖模板里写了会先被 _refuse_raw_output 说清楚）。
    env.filters.pop("safe", None)
    return env


@lru_cache(maxsize=64)
def _parse_cached(env: jinja2.Environment, source: str, name: str, filename: str) -> jinja2.nodes.Template:
    return env.parse(source, name, filename)


def _parse(env: jinja2.Environment, source: str, name: str, filename: str) -> jinja2.nodes.Template:
    """模板的语法树（同一文字只解析一次；核对覆盖模板时每次生成都要用）。"""
    return _parse_cached(env, source, name, filename)


@lru_cache(maxsize=8)
def _catalog(env: jinja2.Environment, source: str) -> tuple[BlockInfo, ...]:
    return tuple(block_catalog(env, source))


def _location(exc: BaseException, env: jinja2.Environment) -> str:
    """异常发生在哪个模板文件的哪一行（Jinja 把模板行写进了回溯）。"""
    files: set[str] = env.loader.files if isinstance(env.loader, _Loader) else set()
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename in files:
            where = f"{frame.filename}:{frame.lineno}"
    return where or "模板"


def explain(exc: Exception, env: jinja2.Environment) -> TemplateProblem | None:
    """模板运行中的异常 → 中文说明；不是模板造成的异常返回 None（保留回溯，便于报告程序错误）。"""
    where = getattr(exc, "where", None) or _location(exc, env)
    if where == "模板" and isinstance(exc, _PathEscape) and exc.target:
        where = exc.name  # 报告模板本身就是指到外面的链接
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{exc.filename}:{exc.lineno}" if exc.filename else where
        return TemplateProblem(where, f"模板语法有误（Jinja 的说明：{exc.message}）", "RENDER-TEMPLATE")
    if isinstance(exc, _PathEscape):
        if exc.target:
            detail = f"“{exc.name}”是指向模板目录以外（{exc.target}）的链接"
        else:
            detail = f"模板名“{exc.name}”越出了模板目录（不能用“..”、绝对路径、反斜杠或盘符）"
        return TemplateProblem(where, f"{detail}；模板只能使用本层模板目录里的文件", "RENDER-TEMPLATE-PATH")
    if isinstance(exc, _RawOutput):
        return TemplateProblem(
            exc.where,
            f"{exc.what}：书记员写的文字会不经转义进入网页与 PDF（可能带进脚本、改掉版式），不允许；"
            "数据照原样输出即可（gjjgen 会转义），要加的元素直接写在模板里",
            "RENDER-TEMPLATE-RAW",
        )
    if isinstance(exc, _SelfExtends):
        return TemplateProblem(
            where, f"模板用“{exc}”继承了它自己；继承下一层请写 {{% extends \"!{ENTRY}\" %}}", "RENDER-TEMPLATE-EXTENDS"
        )
    if isinstance(exc, _ReadFailure):
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
