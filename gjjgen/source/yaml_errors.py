"""YAML 解析错误 → 书记员能看懂的中文说明，位置是要改的那一行（不一定是解析器停下的地方）。"""

from __future__ import annotations

import re

import yaml

from .loaded import Loaded, add_problem
from .prose import diagnose

try:  # libyaml 快得多；没有时退回纯 Python 实现
    from yaml import CSafeLoader as YamlLoader
except ImportError:  # pragma: no cover - 取决于 PyYAML 的构建方式
    from yaml import SafeLoader as YamlLoader  # type: ignore[assignment]

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
        for token in yaml.scan(text, Loader=YamlLoader):
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
    add_problem(
        loaded,
        "YAML-CONTROL-CHAR",
        f"这里有一个不可见的控制字符（U+{ord(match.group()):04X}），YAML 文件里不允许；"
        "多半是从别处复制文字时带进来的，请删去它",
        line,
        col,
    )
    return True


def yaml_error(loaded: Loaded, text: str, exc: yaml.YAMLError) -> None:
    """把解析器的异常变成一条中文问题，位置是书记员要改的那一行（不一定是解析器停下的地方）。"""
    if isinstance(exc, yaml.reader.ReaderError) and _control_char(loaded, text):
        return
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (getattr(exc, "problem", "") or "").strip()
    bad_char = text[mark.index] if mark is not None and mark.index < len(text) else ""
    if "\t" in problem or "'\\t'" in problem or "tab character" in problem or bad_char == "\t":
        add_problem(loaded, "YAML-TAB", "这里用了制表符（Tab）；YAML 只能用空格缩进和分隔，请把 Tab 换成空格", line, col)
        return
    pitfall = diagnose(text.splitlines(), line)  # 叙述文字的常见写法：说清 YAML 读成了什么
    if pitfall is not None:
        add_problem(loaded, pitfall.code, pitfall.message, pitfall.line, pitfall.col)
        return
    _syntax_error(loaded, text, exc, line, col)


_Found = tuple[str, str, int, int]
"""一条语法问题：代码、中文说明、行、列。"""


def _syntax_error(loaded: Loaded, text: str, exc: yaml.YAMLError, line: int, col: int) -> None:
    """不是制表符、也不是叙述文字的写法时：全角字符、引号、括号、冒号与缩进，按这个先后认。"""
    lines = text.splitlines()
    found = (
        _fullwidth_problem(lines, line)
        or _context_problem(exc, line, col)
        or _layout_problem(text, lines, exc, line)
        or _hint_problem(exc, line, col)
    )
    add_problem(loaded, *found)


def _fullwidth_problem(lines: list[str], line: int) -> _Found | None:
    """全角空格缩进、全角冒号当作键值分隔符：中文输入法下最常见的两种。"""
    found = _fullwidth_indent_line(lines, line - 1)
    if found is not None:
        return (
            "YAML-FULLWIDTH-SPACE",
            "这一行用全角空格“　”缩进；YAML 的缩进只能用半角空格，请把全角空格换成半角空格",
            *found,
        )
    colon = _fullwidth_colon_line(lines, line - 1)
    if colon is not None:
        cl, cc, fixed = colon
        return (
            "YAML-FULLWIDTH-COLON",
            f"键名后面用了全角冒号“：”；请改成半角冒号“:”并在后面加一个空格，写成“{fixed}”",
            cl,
            cc,
        )
    return None


def _context_problem(exc: yaml.YAMLError, line: int, col: int) -> _Found | None:
    """解析器自己说清了的：无效转义、没有闭合的引号与括号、锚点和别名。"""
    problem = (getattr(exc, "problem", "") or "").strip()
    context = (getattr(exc, "context", "") or "").strip()
    start = getattr(exc, "context_mark", None)
    sl, sc = (start.line + 1, start.column + 1) if start else (line, col)
    if "escape" in problem or "hexdecimal" in problem:
        return (
            "YAML-SYNTAX",
            "YAML 语法错误：双引号里的反斜杠“\\”构成了无效的转义；请改用单引号，或把“\\”写成“\\\\”",
            line,
            col,
        )
    if "quoted scalar" in context:
        return "YAML-QUOTE", "引号没有闭合：从这里开始的引号到文件末尾都没有找到配对的引号", sl, sc
    if "flow sequence" in context:
        what = "从这里开始的方括号列表没有以“]”结束：各数之间用半角逗号“,”分隔，最后写“]”"
        return "YAML-SYNTAX", f"YAML 语法错误：{what}", sl, sc
    if "flow mapping" in context:
        what = "从这里开始的花括号映射没有以“}”结束：各项之间用半角逗号“,”分隔，最后写“}”"
        return "YAML-SYNTAX", f"YAML 语法错误：{what}", sl, sc
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return "YAML-ALIAS", "数据文件不能使用锚点（&）和别名（*）；请把内容直接写出来", line, col
    return None


def _layout_problem(text: str, lines: list[str], exc: yaml.YAMLError, line: int) -> _Found | None:
    """解析器停下的地方不是要改的地方：前面少了后引号、上一行少了冒号、这一行多缩进了。"""
    quote = _open_quote(text, line)
    if quote is not None:
        ql, qc, qend = quote
        return (
            "YAML-QUOTE",
            f"引号没有闭合：从这里开始的引号一直到第 {qend} 行才遇到下一个引号，中间各行都被当成了一段文字；请补上后引号",
            ql,
            qc,
        )
    if "mapping values are not allowed" not in (getattr(exc, "problem", "") or ""):
        return None
    missing = _missing_colon(lines, line - 1)
    if missing is not None:
        ml, mc, what = missing
        return "YAML-SYNTAX", f"YAML 语法错误：{what}", ml, mc
    indent_col = _over_indented(lines, line - 1)
    if indent_col is not None:
        return (
            "YAML-SYNTAX",
            "YAML 语法错误：这一行比上一行多缩进了；上一行的键已经写了值，下一个键应与它左对齐",
            line,
            indent_col,
        )
    return None


def _hint_problem(exc: yaml.YAMLError, line: int, col: int) -> _Found:
    """其余的：把解析器的英文提示换成中文说明，认不出时给一句通用的。"""
    problem = (getattr(exc, "problem", "") or "").strip()
    for english, chinese in _SYNTAX_HINTS.items():
        if english in problem:
            return "YAML-SYNTAX", f"YAML 语法错误：{chinese}", line, col
    return "YAML-SYNTAX", "YAML 语法错误：这里的写法无法解析；请检查冒号、缩进、引号和括号", line, col
