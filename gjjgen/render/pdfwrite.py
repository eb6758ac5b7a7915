"""写出 PDF 时每个对象只序列化、压缩一次，压缩用 zlib 的默认级别。

为什么要有：WeasyPrint 写 PDF 用 pydyf。要写文件标识（PDF/A 必须有）时，pydyf 在写完
全部对象之后，为算标识的散列值把每个对象的 ``data`` 再生成一遍——每个流再拼接、再以
最高级别（9）压缩一遍。一份报告约 1.9 MB 的流因此压缩两次，写出的时间几乎翻倍
（实测每份约 0.07 s，见 ``bench/bench_batch.py``）。这里在 pydyf 写出期间让流、字典、
数组记住第一次生成的 ``data``，第二遍直接取用；写出的字节与原来逐字节相同（同一对象
两次生成的结果本来就相同）。压缩级别 9 比默认的 6 慢一倍，文件只小约 1 %，所以写出期间
改用 6。

只在 :func:`serialize_once` 的范围里替换，结束后复原：同一进程里别处用 WeasyPrint（如
基准脚本的朴素路线）不受影响。与 :func:`gjjgen.render.justify.inter_character_justification`
一样不是线程安全的：排版本来就在单独的进程里、一次一份。
"""

from __future__ import annotations

import contextlib
import zlib
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

COMPRESSION_LEVEL = 6
"""写出期间流的压缩级别（zlib 的默认级别）。"""

_MEMO = "_gjjgen_data"
"""对象上记住的（第几次写出，``data``）。"""

_writing: list[object] = []
"""正在进行的写出的记号；空表示不在写出中，``data`` 照常每次生成。"""


def _remembered(data: property) -> property:
    """``data`` 属性的替身：写出期间每个对象第一次生成后记住，之后直接返回。"""
    generate = data.fget
    assert generate is not None

    def remembered(self: Any) -> bytes:
        if not _writing:
            return generate(self)
        token = _writing[-1]
        memo = self.__dict__.get(_MEMO)
        if memo is not None and memo[0] is token:
            return memo[1]
        value = generate(self)
        self.__dict__[_MEMO] = (token, value)
        return value

    return property(remembered, doc=data.__doc__)


def _compressobj(level: int = COMPRESSION_LEVEL, *args: Any, **kwargs: Any) -> Any:
    """代替 pydyf 调用的 ``zlib.compressobj(level=9)``：不管它要的级别，用 :data:`COMPRESSION_LEVEL`。"""
    return zlib.compressobj(COMPRESSION_LEVEL, *args, **kwargs)


@contextlib.contextmanager
def serialize_once() -> Iterator[None]:
    """在这段代码里写出的 PDF，每个对象只生成、压缩一次（见模块说明）。"""
    import pydyf

    classes = (pydyf.Stream, pydyf.Dictionary, pydyf.Array)
    originals = {cls: cls.__dict__["data"] for cls in classes}
    write = pydyf.PDF.write
    module_zlib = pydyf.zlib

    def write_once(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        _writing.append(object())
        try:
            return write(pdf, *args, **kwargs)
        finally:
            _writing.pop()

    for cls, data in originals.items():
        cls.data = _remembered(data)
    pydyf.PDF.write = write_once
    pydyf.zlib = SimpleNamespace(compressobj=_compressobj, compress=zlib.compress)
    try:
        yield
    finally:
        for cls, data in originals.items():
            cls.data = data
        pydyf.PDF.write = write
        pydyf.zlib = module_zlib
