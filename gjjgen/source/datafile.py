"""读入数据文件：字节 → 文本 → YAML 节点 → 普通数据，并记下每个值所在的行列。

后面的每一个问题都要指出 ``文件:行:列``，所以这里不用 ``yaml.safe_load``，而是自己遍历
节点树，把每条路径的位置存进 :class:`Loaded`。书记员常见的键盘问题（全角冒号、制表符、
GBK 编码、BOM、重复键）在这里就地识别，给出中文说明。
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from ..files import os_error_text
from ..problems.codes import Level, check_level
from ..problems.findings import Problem
from .prose import diagnose, hash_cut

try:  # libyaml 快得多；没有时退回纯 Python 实现
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - 取决于 PyYAML 的构建方式
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024
"""数据文件的大小上限。一份年报的数据不过几十 KB；过大的文件多半选错了文件。"""

MAX_VALUES = 20_000
"""键与值（YAML 标量）的个数上限。一份年报的数据只有几百个；几十万个（成千上万个键、一格里几十万个数）
会让读入与校验花上几十秒，多半是选错了文件。"""

MAX_DEPTH = 32
"""嵌套层数上限。年报数据最多五六层；极深的嵌套会让 YAML 解析器耗尽栈空间而崩溃。"""

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


def _problem(loaded: Loaded, code: str, message: str, line: int = 1, col: int = 1, level: Level | None = None) -> None:
    loaded.problems.append(Problem(level=check_level(code, level), code=code, message=message, file=str(loaded.path), line=line, col=col))


# ---------------------------------------------------------------- bytes → text


def _os_problem(loaded: Loaded, exc: OSError) -> None:
    if isinstance(exc, FileNotFoundError):
        _problem(loaded, "FILE-NOT-FOUND", f"找不到文件“{loaded.path}”；请检查路径和文件名")
        return
    _problem(loaded, "FILE-UNREADABLE", f"无法读取文件：{os_error_text(exc)}")


def _read_text(loaded: Loaded) -> str | None:
    """读出文件的文字；读不了、不是文本、编码不对时记下问题并返回 None。"""
    path = loaded.path
    try:
        info = path.stat()
    except OSError as exc:
        _os_problem(loaded, exc)
        return None
    if stat.S_ISDIR(info.st_mode):
        _problem(loaded, "FILE-IS-DIR", f"“{path}”是一个文件夹，不是数据文件；请指定其中的 .yaml 文件")
        return None
    if not stat.S_ISREG(info.st_mode):
        _problem(loaded, "FILE-NOT-REGULAR", f"“{path}”不是普通文件（是设备、管道之类），无法当作数据文件读取；请指定一个 .yaml 文件")
        return None
    if info.st_size > MAX_BYTES:
        _problem(
            loaded,
            "FILE-TOO-LARGE",
            f"文件有 {info.st_size // 1024} KB，超过数据文件上限 {MAX_BYTES // 1024} KB；年报数据文件通常只有几十 KB，请确认没有选错文件",
        )
        return None
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)  # 读的时候文件还在变大，也不多读
    except OSError as exc:
        _os_problem(loaded, exc)
        return None
    if len(data) > MAX_BYTES:
        _problem(loaded, "FILE-TOO-LARGE", f"文件超过数据文件上限 {MAX_BYTES // 1024} KB；请确认没有选错文件")
        return None
    loaded.content = data
    if data.startswith(b"\xef\xbb\xbf"):
        _problem(loaded, "FILE-BOM", "文件以 UTF-8 BOM 开头（记事本“UTF-8 带 BOM”格式），已忽略；建议另存为不带 BOM 的 UTF-8", level="warning")
        data = data[3:]
    if not data.strip():
        _problem(loaded, "FILE-EMPTY", "文件是空的；可以用 gjjgen init 生成一份完整的数据文件模板")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        _problem(
            loaded,
            "FILE-ENCODING",
            "文件是 UTF-16 编码（记事本“Unicode”格式），无法读取；请在编辑器中“另存为”UTF-8 编码",
        )
        return None
    if b"\x00" in data:
        _problem(loaded, "FILE-BINARY", "文件含有 NUL 字节，不是文本文件（是否选成了 Word/Excel 文件？）；数据文件应是 UTF-8 编码的 YAML 文本")
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        _problem(loaded, "FILE-ENCODING", "文件既不是 UTF-8 也不是 GBK 编码，无法读取；请在编辑器中“另存为”UTF-8 编码", line=line)
        return None
    line = data[: utf8_error.start].count(b"\n") + 1
    _problem(
        loaded,
        "FILE-GBK",
        "文件是 GBK（GB2312/GB18030）编码，已按 GBK 读取；请在编辑器中“另存为”UTF-8 编码，以免在其他电脑上乱码",
        line=line,
        level="warning",
    )
    return text


# ---------------------------------------------------------------- YAML errors

_FULLWIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#\"'][^:#]*?)：")
_FULLWIDTH_INDENT = re.compile(r"^( *)\u3000[\u3000 ]*[^\s:：#]+[:：](?:\s|$)")
_KEY_WITH_VALUE = re.compile(r"^(\s*)(?:-\s+)?[^\s#:][^#]*?:\s+[^\s#]")

_SYNTAX_HINTS = {
    "mapping values are not allowed": "这一行的冒号位置不对：可能是上一行缺少冒号，或值里含有“: ”而没有加引号",
    "could not find expected ':'": "这里缺少键名后的冒号“:”（注意用半角冒号，后面加空格）",
    "did not find expected key": "缩进不一致：同一层的键必须左对齐",
    "did not find expected '-' indicator": "列表缩进不一致：同一列表的“-”必须左对齐",
    "found character that cannot start any token": "这里有一个不能出现在 YAML 中的字符（如“@”“`”“%”）；以特殊字符开头的文字请用引号括起来",
    "found unexpected end of stream": "文件意外结束：可能有括号或引号没有闭合",
    "did not find expected node content": "这里缺少内容：可能多写了逗号、“-”或括号",
    "expected ',' or ']'": "方括号列表没有正确结束：数值之间用半角逗号分隔，并以“]”结尾",
    "expected ',' or '}'": "花括号映射没有正确结束：各项之间用半角逗号分隔，并以“}”结尾",
    "block sequence entries are not allowed": "这里不能开始列表：“-”的缩进位置不对",
    "mapping keys are not allowed": "这里不能出现“?”开头的键；请删去行首的“?”",
    "but found another document": "文件里有第二个文档（又出现了“---”）；一个数据文件只能有一个文档，请删去多余的“---”",
    "did not find expected <document start>": "顶层的写法无法识别：可能某一行缩进不对，或文字前面缺少键名",
    "did not find expected comment or line break": "引号或括号结束后，同一行还有多余的文字",
    "did not find expected alphabetic or numeric character": "“&”或“*”后面应是名称；含有这两个符号的文字请用引号括起来",
    "found a tab character": "这里用了制表符（Tab）；请换成空格",
    "did not find expected whitespace or line break": "这里缺少空格：冒号、“-”等符号后面要加一个空格",
    "found undefined tag handle": "“!”开头的写法在数据文件里没有意义；含有“!”的文字请用引号括起来",
}
"""YAML 解析器（libyaml）的英文提示 → 书记员能看懂的中文说明。按出现的先后匹配。"""


def _fullwidth_colon_line(lines: list[str], around: int) -> tuple[int, int, str] | None:
    """在出错位置附近找“键：值”写法（全角冒号当作键值分隔符）。返回行、列和改正后的样子。"""
    for index in range(min(around, len(lines) - 1), max(-1, around - 3), -1):
        match = _FULLWIDTH_KEY.match(lines[index])
        if match and ":" not in lines[index][: match.end()]:
            key, rest = match.group(2).strip(), lines[index][match.end() :].split("#")[0].strip()
            fixed = f"{key}: {rest if len(rest) <= 20 else '…'}" if rest else f"{key}:"
            return index + 1, match.end(), fixed
    return None


def _fullwidth_indent_line(lines: list[str], around: int) -> tuple[int, int] | None:
    """在出错位置附近找用全角空格“　”缩进的键（全角空格不是 YAML 的空白）。"""
    for index in range(min(around, len(lines) - 1), max(-1, around - 3), -1):
        match = _FULLWIDTH_INDENT.match(lines[index])
        if match:
            return index + 1, len(match.group(1)) + 1
    return None


def _previous_line(lines: list[str], index: int) -> int | None:
    """上一个有内容的行（跳过空行与注释行）的下标。"""
    for prev in range(index - 1, -1, -1):
        if lines[prev].strip() and not lines[prev].lstrip().startswith("#"):
            return prev
    return None


def _missing_colon(lines: list[str], index: int) -> tuple[int, int, str] | None:
    """“行政复议 [0, 0]”或“行政复议:[0, 0]”：上一行没有成为键，这一行的冒号才显得多余。"""
    prev = _previous_line(lines, index) if 0 < index < len(lines) else None
    if prev is None:
        return None
    text, current = lines[prev], lines[index]
    indent = len(text) - len(text.lstrip(" "))
    if indent != len(current) - len(current.lstrip(" ")) or _KEY_WITH_VALUE.match(text) or text.rstrip().endswith(":"):
        return None
    body = text[indent:]
    if body.startswith(("-", "#", '"', "'", "[", "{")):
        return None
    tight = re.match(r"[^\s:#]+:(?=\S)", body)
    if tight:
        return prev + 1, indent + tight.end(), "键名后的冒号“:”后面缺少一个空格"
    key = re.match(r"[^\s:#]+", body)
    if key and key.end() < len(body):
        return prev + 1, indent + key.end() + 1, "这一行的键名后面缺少冒号“:”"
    return None


def _open_quote(text: str, error_line: int) -> tuple[int, int, int] | None:
    """出错处之前刚结束的一段跨行的引号文字：多半是它的开头少了后引号，把后面几行都吞了进去。"""
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            start, end = token.start_mark, token.end_mark
            if start.line + 1 > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and end.line > start.line:
                found = (start.line + 1, start.column + 1, end.line + 1)
    except yaml.YAMLError:
        pass
    if found and found[2] >= error_line - 1:
        return found
    return None


def _over_indented(lines: list[str], index: int) -> int | None:
    """这一行比上一个“键: 值”行缩进得多（值已写完，不能再有下一层）：返回行首文字的列号。"""
    if not 0 < index < len(lines):
        return None
    current = lines[index]
    indent = len(current) - len(current.lstrip(" "))
    for prev in reversed(lines[:index]):
        if not prev.strip() or prev.lstrip().startswith("#"):
            continue
        match = _KEY_WITH_VALUE.match(prev)
        if match and indent > len(match.group(1)):
            return indent + 1
        return None
    return None


_NOT_YAML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""YAML 文件里不允许出现的字符（控制字符、代理项、非字符），见 YAML 1.1 规范的 c-printable。"""


def _control_char(loaded: Loaded, text: str) -> bool:
    """文件里有不允许的控制字符：指出它真正所在的行列（libyaml 给的是字节偏移，且常被当成 1:1）。"""
    match = _NOT_YAML_CHAR.search(text)
    if match is None:
        return False
    line = text.count("\n", 0, match.start()) + 1
    col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    _problem(
        loaded,
        "YAML-CONTROL-CHAR",
        f"这里有一个不可见的控制字符（U+{ord(match.group()):04X}），YAML 文件里不允许；"
        "多半是从别处复制文字时带进来的，请删去它",
        line,
        col,
    )
    return True


def _yaml_error(loaded: Loaded, text: str, exc: yaml.YAMLError) -> None:
    """把解析器的异常变成一条中文问题，位置是书记员要改的那一行（不一定是解析器停下的地方）。"""
    if isinstance(exc, yaml.reader.ReaderError) and _control_char(loaded, text):
        return
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (getattr(exc, "problem", "") or "").strip()
    bad_char = text[mark.index] if mark is not None and mark.index < len(text) else ""
    if "\t" in problem or "'\\t'" in problem or "tab character" in problem or bad_char == "\t":
        _problem(loaded, "YAML-TAB", "这里用了制表符（Tab）；YAML 只能用空格缩进和分隔，请把 Tab 换成空格", line, col)
        return
    pitfall = diagnose(text.splitlines(), line)  # 叙述文字的常见写法：说清 YAML 读成了什么
    if pitfall is not None:
        _problem(loaded, pitfall.code, pitfall.message, pitfall.line, pitfall.col)
        return
    _syntax_error(loaded, text, exc, line, col)


def _syntax_error(loaded: Loaded, text: str, exc: yaml.YAMLError, line: int, col: int) -> None:
    """不是制表符、也不是叙述文字的写法时：全角字符、引号、括号、冒号与缩进。"""
    problem = (getattr(exc, "problem", "") or "").strip()
    context = (getattr(exc, "context", "") or "").strip()
    start = getattr(exc, "context_mark", None)
    lines = text.splitlines()
    found = _fullwidth_indent_line(lines, line - 1)
    if found is not None:
        _problem(
            loaded,
            "YAML-FULLWIDTH-SPACE",
            "这一行用全角空格“　”缩进；YAML 的缩进只能用半角空格，请把全角空格换成半角空格",
            *found,
        )
        return
    colon = _fullwidth_colon_line(lines, line - 1)
    if colon is not None:
        cl, cc, fixed = colon
        _problem(
            loaded,
            "YAML-FULLWIDTH-COLON",
            f"键名后面用了全角冒号“：”；请改成半角冒号“:”并在后面加一个空格，写成“{fixed}”",
            cl,
            cc,
        )
        return
    if "escape" in problem or "hexdecimal" in problem:
        _problem(
            loaded,
            "YAML-SYNTAX",
            "YAML 语法错误：双引号里的反斜杠“\\”构成了无效的转义；请改用单引号，或把“\\”写成“\\\\”",
            line,
            col,
        )
        return
    if "quoted scalar" in context:
        sl, sc = (start.line + 1, start.column + 1) if start else (line, col)
        _problem(loaded, "YAML-QUOTE", "引号没有闭合：从这里开始的引号到文件末尾都没有找到配对的引号", sl, sc)
        return
    if "flow sequence" in context or "flow mapping" in context:
        sl, sc = (start.line + 1, start.column + 1) if start else (line, col)
        if "flow sequence" in context:
            what = "从这里开始的方括号列表没有以“]”结束：各数之间用半角逗号“,”分隔，最后写“]”"
        else:
            what = "从这里开始的花括号映射没有以“}”结束：各项之间用半角逗号“,”分隔，最后写“}”"
        _problem(loaded, "YAML-SYNTAX", f"YAML 语法错误：{what}", sl, sc)
        return
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        _problem(loaded, "YAML-ALIAS", "数据文件不能使用锚点（&）和别名（*）；请把内容直接写出来", line, col)
        return
    quote = _open_quote(text, line)
    if quote is not None:
        ql, qc, qend = quote
        _problem(
            loaded,
            "YAML-QUOTE",
            f"引号没有闭合：从这里开始的引号一直到第 {qend} 行才遇到下一个引号，中间各行都被当成了一段文字；请补上后引号",
            ql,
            qc,
        )
        return
    if "mapping values are not allowed" in problem:
        missing = _missing_colon(lines, line - 1)
        if missing is not None:
            ml, mc, what = missing
            _problem(loaded, "YAML-SYNTAX", f"YAML 语法错误：{what}", ml, mc)
            return
        indent_col = _over_indented(lines, line - 1)
        if indent_col is not None:
            _problem(
                loaded,
                "YAML-SYNTAX",
                "YAML 语法错误：这一行比上一行多缩进了；上一行的键已经写了值，下一个键应与它左对齐",
                line,
                indent_col,
            )
            return
    for english, chinese in _SYNTAX_HINTS.items():
        if english in problem:
            _problem(loaded, "YAML-SYNTAX", f"YAML 语法错误：{chinese}", line, col)
            return
    _problem(loaded, "YAML-SYNTAX", "YAML 语法错误：这里的写法无法解析；请检查冒号、缩进、引号和括号", line, col)


# ---------------------------------------------------------------- nodes → data


def _scan_aliases(loaded: Loaded, text: str) -> bool:
    """先扫一遍事件，在构建任何数据之前拒绝三类恶意或损坏的文件。

    别名会被逐层展开，恶意文件可以借此耗尽内存（“别名炸弹”）；极深的嵌套（如几万个“[”）
    会让解析器耗尽栈空间而崩溃；几十万个值会让读入与校验花上几十秒。事件是逐个产生的，
    遇到第一个锚点、超深的一层或超出个数的值就停下。
    """
    depth = values = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            anchor = getattr(event, "anchor", None)
            refusal: tuple[str, str] | None = None
            if isinstance(event, yaml.AliasEvent) or anchor:
                refusal = ("YAML-ALIAS", f"数据文件不能使用锚点（&{anchor}）和别名（*{anchor}）；请把内容直接写出来")
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    refusal = (
                        "YAML-TOO-DEEP",
                        f"这里的嵌套超过了 {MAX_DEPTH} 层（括号或缩进层层套叠）；年报数据最多五六层，请检查是否选错了文件",
                    )
            elif isinstance(event, yaml.ScalarEvent):
                values += 1
                if values > MAX_VALUES:
                    refusal = (
                        "YAML-TOO-MANY",
                        f"文件里的值（键与数、文字）超过了 {MAX_VALUES:,} 个；一份年报的数据只有几百个，请检查是否选错了文件",
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            if refusal is not None:
                mark = event.start_mark
                at = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                _problem(loaded, *refusal, *at)
                return False
    except yaml.YAMLError as exc:
        _yaml_error(loaded, text, exc)
        return False
    return True


class _Builder:
    def __init__(self, loaded: Loaded, loader: Any, lines: list[str]) -> None:
        self.loaded = loaded
        self.loader = loader
        self.lines = lines

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.loaded.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]
        return self._scalar(cast(yaml.ScalarNode, node), path)

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            value = node.value  # 如“2024-02-30”这样的非法日期：留给后面的校验报告
        if isinstance(value, dt.datetime):
            value = value.date() if not (value.hour or value.minute or value.second) else value
        quoted = node.style in ("'", '"')
        self.loaded.raw[path] = Scalar(value=value, raw=node.value, quoted=quoted)
        if not node.style and isinstance(value, str) and node.end_mark.line < len(self.lines):
            cut = hash_cut(self.lines[node.end_mark.line], node.end_mark.column, value)
            if cut is not None:
                _problem(self.loaded, cut.code, cut.message, node.end_mark.line + 1, cut.col, "warning")
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                _problem(self.loaded, "YAML-KEY", "键名必须是一段文字，不能是列表或映射", line, col)
                continue
            key = key_node.value
            if key.startswith("\u3000"):
                _problem(
                    self.loaded,
                    "YAML-FULLWIDTH-SPACE",
                    f"键名“{key.strip()}”前面是全角空格；YAML 的缩进只能用半角空格",
                    line,
                    col,
                )
                key = key.strip("\u3000 ")
            if key in result:
                first = self.loaded.key_marks.get((*path, key), (line, col))
                _problem(
                    self.loaded,
                    "YAML-DUP-KEY",
                    f"键“{key}”重复出现（第一次在第 {first[0]} 行）；同一层的键只能写一次",
                    line,
                    col,
                )
                continue
            self.loaded.key_marks[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key))
        return result


def load_document(path: str | Path) -> Loaded:
    """读入数据文件；任何输入都不抛异常，问题记在 ``Loaded.problems`` 里。"""
    loaded = Loaded(path=Path(path))
    text = _read_text(loaded)
    if text is None:
        return loaded
    return load_text(text, loaded)


def load_text(text: str, loaded: Loaded) -> Loaded:
    """读入已在内存里的数据文件全文（如从已发布的报告导入的结果），问题记在 ``loaded`` 里。"""
    if not _scan_aliases(loaded, text):
        return loaded
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        loader.dispose()
        _yaml_error(loaded, text, exc)
        return loaded
    if node is None:
        _problem(loaded, "FILE-EMPTY", "文件里只有注释，没有数据；可以用 gjjgen init 生成一份完整的数据文件模板")
        return loaded
    loaded.lines = text.splitlines()
    data = _Builder(loaded, loader, loaded.lines).build(node, ())
    loader.dispose()
    if not isinstance(data, dict):
        line, col = loaded.value_marks[()]
        _problem(loaded, "DOC-NOT-MAPPING", "数据文件的顶层应是“键: 值”的映射（以“元数据:”开头），而不是列表或一段文字", line, col)
        return loaded
    loaded.data = data
    return loaded
