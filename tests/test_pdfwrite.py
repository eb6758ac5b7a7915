"""写出 PDF 时每个对象只生成、压缩一次：字节不变，压缩次数减半，范围外复原。

用一份小 HTML（不需要中文字体）直接交给 WeasyPrint 排版，写两遍做比较。
"""

from __future__ import annotations

import io
import zlib

import pikepdf
import pydyf
import pytest

from gjjgen.render import pdfwrite
from gjjgen.render.process import import_weasyprint

HTML = """<html><head><title>t</title></head><body>
<h1>Heading</h1><p>Paragraph one.</p><table><tr><td>1</td><td>2</td></tr></table>
<p style="break-before: page">Page two.</p></body></html>"""


@pytest.fixture(scope="module")
def document():
    weasyprint = import_weasyprint()
    return weasyprint.HTML(string=HTML).render()


class CountingZlib:
    """代替 pydyf 用的 zlib：记下每次压缩的输入字节数，用给定级别压缩。"""

    def __init__(self, level: int) -> None:
        self.level = level
        self.inputs: list[int] = []

    def compressobj(self, level: int = 9) -> object:
        counter = self
        inner = zlib.compressobj(self.level)

        class Counting:
            def compress(self, data: bytes) -> bytes:
                counter.inputs.append(len(data))
                return inner.compress(data)

            def flush(self) -> bytes:
                return inner.flush()

        return Counting()

    def compress(self, data: bytes, level: int = -1) -> bytes:
        self.inputs.append(len(data))
        return zlib.compress(data, self.level)


def _write(document, identifier: bytes = b"0123456789abcdef") -> bytes:
    return document.write_pdf(pdf_identifier=identifier)


def test_same_bytes_as_plain_write_at_the_same_level(document, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _write(document)
    monkeypatch.setattr(pdfwrite, "COMPRESSION_LEVEL", 9)
    with pdfwrite.serialize_once():
        once = _write(document)
    assert once == plain


def test_each_stream_is_compressed_once(document, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = CountingZlib(9)
    monkeypatch.setattr(pydyf, "zlib", counting)
    _write(document)
    plain_inputs = list(counting.inputs)
    counting.inputs.clear()

    def counted(level: int = pdfwrite.COMPRESSION_LEVEL, *args, **kwargs):
        return counting.compressobj(level)

    monkeypatch.setattr(pdfwrite, "_compressobj", counted)
    with pdfwrite.serialize_once():
        _write(document)
    once_inputs = counting.inputs
    # 原样写出时，pydyf 为算文件标识把每个流再压一遍；只有最后写的交叉引用流不在其中
    assert len(once_inputs) >= 3
    assert len(plain_inputs) == 2 * len(once_inputs) - 1
    assert sorted(plain_inputs[: len(once_inputs) - 1]) == sorted(once_inputs[:-1])


def test_default_level_output_is_a_valid_pdf_with_the_same_text(document) -> None:
    plain = _write(document)
    with pdfwrite.serialize_once():
        once = _write(document)
    assert once != plain  # 压缩级别不同
    with pikepdf.open(io.BytesIO(plain)) as a, pikepdf.open(io.BytesIO(once)) as b:
        assert len(a.pages) == len(b.pages) == 2
        for page_a, page_b in zip(a.pages, b.pages, strict=True):
            assert page_a.Contents.read_bytes() == page_b.Contents.read_bytes()
        assert bytes(a.trailer.ID[0]) == bytes(b.trailer.ID[0]) == b"0123456789abcdef"


def test_pydyf_is_restored_outside_the_block() -> None:
    before = (pydyf.Stream.__dict__["data"], pydyf.Dictionary.__dict__["data"], pydyf.PDF.write, pydyf.zlib)
    with pdfwrite.serialize_once():
        assert pydyf.PDF.write is not before[2]
        assert pydyf.zlib is not zlib
    after = (pydyf.Stream.__dict__["data"], pydyf.Dictionary.__dict__["data"], pydyf.PDF.write, pydyf.zlib)
    assert after == before


def test_objects_are_generated_afresh_outside_a_write() -> None:
    with pdfwrite.serialize_once():
        stream = pydyf.Stream([b"a"])
        first = stream.data
        stream.stream.append(b"b")
        assert stream.data != first  # 不在写出中：不记住
