"""叙述文字里 YAML 读得和书记员想的不一样的几种写法。

普通的中文段落直接写在“键: ”后面（不加引号）是最常见的写法，也是最容易坏的：文中的
“: ”会被当成又一个键，“ #”之后被当成注释悄悄丢掉，以“[”“{”“*”“&”“!”“%”“@”“`”“|”“>”
开头的文字被当成别的语法。解析器此时报的是“缩进不一致”之类，指向的也常常不是书记员写的
那一行。这里按原文逐行辨认这几种写法，说清 YAML 读成了什么，并写出改好的样子。

只读原文的行，不依赖解析结果：出错时 YAML 的节点树根本建不起来。
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY_VALUE = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#:\"'][^:#]*?|\"[^\"]*\"|'[^']*'):[ ]+(?P<value>\S.*)$")
"""“键: 值”一行：值是冒号与空格之后的全部原文（可能连着注释）。"""

_BLOCK_HEADER = re.compile(r"^(?P<indent> *)(?:- +)?(?P<key>[^\s#][^#]*?):[ ]+(?P<style>[|>][-+]?[1-9]?)[ ]*(?:#.*)?$")
"""“键: |-”一行：块文字的开头。"""

_BLOCK_SAME_LINE = re.compile(r"^(?P<style>[|>][-+]?[1-9]?)[ ]+(?P<text>[^#\s].*)$")

_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
"""中文字与全角标点：有它们的值是一段文字，而不是数、列表或映射。"""

_LEADING = {
    "{{": "“{{”开头的引用被 YAML 当成了花括号映射",
    "[": "“[”开头的文字被 YAML 当成了方括号列表",
    "{": "“{”开头的文字被 YAML 当成了花括号映射",
    "*": "“*”开头的文字被 YAML 当成了别名",
    "&": "“&”开头的文字被 YAML 当成了锚点",
    "!": "“!”开头的文字被 YAML 当成了类型标记",
    "%": "“%”开头的文字被 YAML 当成了指令",
    "@": "“@”是 YAML 的保留字符，不能放在文字开头",
    "`": "“`”是 YAML 的保留字符，不能放在文字开头",
    "|": "“|”开头的文字被 YAML 当成了块文字的标记",
    ">": "“>”开头的文字被 YAML 当成了折叠块文字的标记",
}


@dataclass(frozen=True)
class Pitfall:
    """一处写法问题：行、列（从 1 起）、代码与说明。"""

    line: int
    col: int
    code: str
    message: str


def _in_value(match: re.Match[str], index: int, offset: int, code: str, message: str) -> Pitfall:
    """指向“键: 值”一行里值的第 ``offset`` 个字（从 0 起）。"""
    return Pitfall(index + 1, match.start("value") + offset + 1, code, message)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quoted(indent: str, key: str, value: str) -> str:
    """把一段文字改写成加了双引号的一行（文中的半角双引号改成中文引号）；太长时中间以“……”略去。"""
    inner = value.replace('"', "”")
    if len(inner) > 30:
        inner = f"{inner[:16]}……{inner[-8:]}"
    return f"{indent}{key}: \"{inner}\"".strip()


def _leading(lines: list[str], index: int) -> Pitfall | None:
    match = _KEY_VALUE.match(lines[index])
    if not match:
        return None
    value, key = match["value"].rstrip(), match["key"]
    if not _CJK.search(value) or _BLOCK_HEADER.match(lines[index]):
        return None
    for mark, what in _LEADING.items():
        if value.startswith(mark):
            fixed = _quoted("", key, value)
            return _in_value(
                match, index, 0, "YAML-LEADING-CHAR",
                f"{what}，这段文字读不出来；以这个符号开头的文字请整段加引号，写成 {fixed}",
            )
    return None


def _quote_then_text(lines: list[str], index: int) -> Pitfall | None:
    match = _KEY_VALUE.match(lines[index])
    if not match or match["value"][0] not in "\"'":
        return None
    value = match["value"]
    quote = value[0]
    close = value.find(quote, 1)
    rest = value[close + 1 :].strip() if close > 0 else ""
    if not rest or rest.startswith("#"):
        return None
    whole = value.replace(quote, "")
    return _in_value(
        match, index, close + 1, "YAML-QUOTE-TRAILING",
        f"引号在“{_short(value[1:close])}”之后就结束了，后面的“{_short(rest)}”不在引号里，YAML 读不出来；"
        f"整段文字要放在一对引号里，文中要用引号请用中文引号“”，写成 {_quoted('', match['key'], whole)}",
    )


def _colon_space(lines: list[str], index: int) -> Pitfall | None:
    match = _KEY_VALUE.match(lines[index])
    if not match or match["value"][0] in "\"'[{|>":
        return None
    value = match["value"].split(" #")[0]
    inner = value.find(": ")
    if inner < 0 or not _CJK.search(value):
        return None
    return _in_value(
        match, index, inner, "YAML-COLON-SPACE",
        f"文字里的“: ”（半角冒号加空格）被 YAML 当成了又一个键，“{match['key'].strip()}”这段文字读不出来；"
        f"请把冒号改成全角“：”，或整段加引号，写成 {_quoted('', match['key'], value)}",
    )


def _block_on_same_line(lines: list[str], index: int) -> Pitfall | None:
    match = _KEY_VALUE.match(lines[index])
    if not match:
        return None
    same = _BLOCK_SAME_LINE.match(match["value"])
    if not same:
        return None
    key, style, text = match["key"].strip(), same["style"], same["text"]
    return _in_value(
        match, index, same.start("text"), "YAML-BLOCK-SAME-LINE",
        f"“{style}”后面同一行不能写文字；“{style}”单独留在“{key}:”这一行，文字从下一行写起并比“{key}”多缩进两格，"
        f"如“{key}: {style}”下一行写“  {_short(text, 16)}”",
    )


def _block_not_indented(lines: list[str], index: int) -> Pitfall | None:
    """“键: |-”的下一行文字没有缩进：YAML 认为块文字是空的，这一行成了一个没有冒号的键。"""
    previous = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
    if previous is None:
        return None
    header = _BLOCK_HEADER.match(lines[previous])
    if not header:
        return None
    current = lines[index]
    indent = len(current) - len(current.lstrip(" "))
    key_indent = len(header["indent"])
    if indent > key_indent or current.lstrip().startswith("#") or re.search(r":(?: |$)", current):
        return None
    key = header["key"].strip()
    return Pitfall(
        index + 1,
        indent + 1,
        "YAML-BLOCK-INDENT",
        f"这一行是“{key}: {header['style']}”的文字，但没有缩进，YAML 认为那段文字是空的、这一行是新的一项；"
        f"块文字的每一行都要比“{key}”多缩进两格，写成“{' ' * (key_indent + 2)}{_short(current.strip(), 16)}”",
    )


_ITEM = re.compile(r"^(?P<indent> *)- +(?P<value>[^\s#\"'\[{|>].*)$")
"""“- 一段文字”：列表里的一段（总体情况等写成段落列表时）。"""


def _continuation_not_indented(lines: list[str], index: int) -> Pitfall | None:
    """一段文字写到第二行，第二行却没有缩进：YAML 把它当成了新的一项（于是“缺少冒号”）。"""
    current = lines[index]
    text = current.strip()
    looks_like_key = re.search(r"[:：](?: |$)", text) or re.match(r"[^\s，。；、：:]{1,20}[:：]", text)
    if not text or text.startswith(("#", "-")) or looks_like_key or not _CJK.search(text):
        return None
    previous = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
    if previous is None:
        return None
    match = _KEY_VALUE.match(lines[previous])
    item = _ITEM.match(lines[previous])
    if match and match["value"][0] not in "\"'[{|>" and _CJK.search(match["value"]):
        owner, base = f"“{match['key'].strip()}”", len(match["indent"])
    elif item and _CJK.search(item["value"]) and not _KEY_VALUE.match(lines[previous]):
        owner, base = "“-”", len(item["indent"])
    else:
        return None
    indent = len(current) - len(current.lstrip(" "))
    if indent > base:
        return None
    return Pitfall(
        index + 1,
        indent + 1,
        "YAML-CONTINUATION",
        f"这一行接着上一行{owner}的文字，但没有缩进，YAML 把它当成了新的一项（因而说缺少冒号）；"
        f"续写的行要比{owner}多缩进两格，写成“{' ' * (base + 2)}{_short(text, 16)}”，或把这段写在同一行",
    )


_DIAGNOSES = (
    _block_not_indented, _block_on_same_line, _quote_then_text, _leading, _colon_space, _continuation_not_indented,
)


def diagnose(lines: list[str], error_line: int) -> Pitfall | None:
    """解析器在第 ``error_line`` 行（从 1 起）出错时，看出错行和它上面一两行是不是上述写法。"""
    for index in range(min(error_line, len(lines)) - 1, max(-1, error_line - 4), -1):
        if index < 0 or not lines[index].strip():
            continue
        for diagnosis in _DIAGNOSES:
            found = diagnosis(lines, index)
            if found is not None:
                return found
    return None


def hash_cut(line_text: str, end_col: int, value: str) -> Pitfall | None:
    """不加引号的文字后面紧跟“ #”：YAML 把“#”及以后当成注释丢掉了。

    ``end_col`` 是文字在这一行结束的列（从 0 起）。刻意写的注释几乎总是“# ”（井号后空一格），
    书记员文中的“#3”“#明年”紧跟文字，据此区分，不把正经注释当成问题。
    """
    rest = line_text[end_col:]
    match = re.match(r"^[ \t]+#(?P<cut>[^ \t].*)$", rest)
    if not match or not _CJK.search(value + match["cut"]):
        return None
    col = end_col + match.start("cut")
    return Pitfall(
        0,
        col,
        "YAML-HASH",
        f"“#”及其后的“{_short(match['cut'].strip())}”被 YAML 当成了注释，没有算进文字（读到的只有“{_short(value)}”）；"
        "要保留，请整段加引号，或把“#”改成全角“＃”",
    )
