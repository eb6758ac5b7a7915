"""读入数据文件：字节 → 文本 → YAML 节点 → 普通数据，并记下每个值所在的行列。

后面的每一个问题都要指出 ``文件:行:列``，所以这里不用 ``yaml.safe_load``，而是自己遍历
节点树，把每条路径的位置存进 :class:`Loaded`。书记员常见的键盘问题（全角冒号、制表符、
GBK 编码、BOM、重复键）在这里就地识别，给出中文说明。
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

import yaml

from .loaded import Loaded, Path_, Scalar, add_problem
from .prose import hash_cut
from .text import read_text
from .yaml_errors import YamlLoader, yaml_error

MAX_VALUES = 20_000
"""键与值（YAML 标量）的个数上限。一份年报的数据只有几百个；几十万个（成千上万个键、一格里几十万个数）
会让读入与校验花上几十秒，多半是选错了文件。"""

MAX_DEPTH = 32
"""嵌套层数上限。年报数据最多五六层；极深的嵌套会让 YAML 解析器耗尽栈空间而崩溃。"""



def _scan_aliases(loaded: Loaded, text: str) -> bool:
    """先扫一遍事件，在构建任何数据之前拒绝三类恶意或损坏的文件。

    别名会被逐层展开，恶意文件可以借此耗尽内存（“别名炸弹”）；极深的嵌套（如几万个“[”）
    会让解析器耗尽栈空间而崩溃；几十万个值会让读入与校验花上几十秒。事件是逐个产生的，
    遇到第一个锚点、超深的一层或超出个数的值就停下。
    """
    depth = values = 0
    try:
        for event in yaml.parse(text, Loader=YamlLoader):
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
                add_problem(loaded, *refusal, *at)
                return False
    except yaml.YAMLError as exc:
        yaml_error(loaded, text, exc)
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
                add_problem(self.loaded, cut.code, cut.message, node.end_mark.line + 1, cut.col, "warning")
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                add_problem(self.loaded, "YAML-KEY", "键名必须是一段文字，不能是列表或映射", line, col)
                continue
            key = key_node.value
            if key.startswith("\u3000"):
                add_problem(
                    self.loaded,
                    "YAML-FULLWIDTH-SPACE",
                    f"键名“{key.strip()}”前面是全角空格；YAML 的缩进只能用半角空格",
                    line,
                    col,
                )
                key = key.strip("\u3000 ")
            if key in result:
                first = self.loaded.key_marks.get((*path, key), (line, col))
                add_problem(
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
    text = read_text(loaded)
    if text is None:
        return loaded
    return load_text(text, loaded)


def load_text(text: str, loaded: Loaded) -> Loaded:
    """读入已在内存里的数据文件全文（如从已发布的报告导入的结果），问题记在 ``loaded`` 里。"""
    if not _scan_aliases(loaded, text):
        return loaded
    loader = YamlLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as exc:
        loader.dispose()
        yaml_error(loaded, text, exc)
        return loaded
    if node is None:
        add_problem(loaded, "FILE-EMPTY", "文件里只有注释，没有数据；可以用 gjjgen init 生成一份完整的数据文件模板")
        return loaded
    loaded.lines = text.splitlines()
    data = _Builder(loaded, loader, loaded.lines).build(node, ())
    loader.dispose()
    if not isinstance(data, dict):
        line, col = loaded.value_marks[()]
        add_problem(loaded, "DOC-NOT-MAPPING", "数据文件的顶层应是“键: 值”的映射（以“元数据:”开头），而不是列表或一段文字", line, col)
        return loaded
    loaded.data = data
    return loaded
