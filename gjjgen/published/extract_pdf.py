"""PDF（有文字层的）→ 段落与表格：字与线由 PDFium 读出（``pdf_layer``），表格用 pdfplumber 的算法认。

- 表格由画线认出；铺满整页的底色方框会让整页变成一张表，先把它滤掉；
- 单元格的网格位置由各格边框的坐标求出（合并格跨几行几列就是几行几列），格里的字按位置
  归到格里，折行的行名直接接起来；
- 表外的文字按行读出，再按首行缩进、行尾是否写满接成段落（跨页的段落同样接上）；
  页码（“— 3 —”）丢弃；
- 没有文字层（扫描件）时说明并停止；gjjgen 生成的 PDF 附带数据文件时直接取用它。
"""

from __future__ import annotations

import io
import re
from typing import Any

from .model import Extracted, Grid, SourceCell, SourcePara, SourcePlace
from .pdf_layer import page_layer

_PAGE_NUMBER = re.compile(r"^[—–\-－]*\s*\d+\s*[—–\-－]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|附件)")
_END = "。！？；：!?;:”）)"


def _open(data: bytes) -> Any:
    import pdfplumber

    return pdfplumber.open(io.BytesIO(data))


def embedded_files(data: bytes) -> dict[str, bytes]:
    """PDF 附带的文件（EmbeddedFiles 名称树）：文件名 → 内容。"""
    from pdfminer.pdftypes import resolve1

    out: dict[str, bytes] = {}
    with _open(data) as pdf:
        names = resolve1(pdf.doc.catalog.get("Names"))
        tree = resolve1(names.get("EmbeddedFiles")) if isinstance(names, dict) else None

        def walk(node: Any) -> None:
            node = resolve1(node)
            if not isinstance(node, dict):
                return
            pairs = resolve1(node.get("Names")) or []
            for k in range(0, len(pairs) - 1, 2):
                name = resolve1(pairs[k])
                spec = resolve1(pairs[k + 1])
                stream = resolve1(resolve1(spec.get("EF", {})).get("F")) if isinstance(spec, dict) else None
                if stream is not None:
                    label = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
                    uf = resolve1(spec.get("UF"))
                    if isinstance(uf, bytes):
                        label = _pdf_text(uf)
                    out[label] = stream.get_data()
            for kid in resolve1(node.get("Kids")) or []:
                walk(kid)

        if tree is not None:
            walk(tree)
    return out


def _pdf_text(raw: bytes) -> str:
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("utf-8", "replace")


def _grid(boxes: list[tuple[float, float, float, float]], chars: list[dict[str, Any]], page_no: int, number: int) -> Grid:
    """一张表的单元格外框 → 网格：各框的边所在的坐标排序后就是行线、列线，跨几格就是几行几列。"""
    xs = sorted({round(v, 1) for c in boxes for v in (c[0], c[2])})
    ys = sorted({round(v, 1) for c in boxes for v in (c[1], c[3])})

    def index(values: list[float], v: float) -> int:
        return min(range(len(values)), key=lambda k: abs(values[k] - v))

    cells: list[SourceCell] = []
    for x0, top, x1, bottom in sorted(boxes, key=lambda b: (round(b[1], 1), b[0])):
        r0, r1 = index(ys, top), index(ys, bottom)
        c0, c1 = index(xs, x0), index(xs, x1)
        inside = [ch for ch in chars if x0 <= (ch["x0"] + ch["x1"]) / 2 <= x1 and top <= (ch["top"] + ch["bottom"]) / 2 <= bottom]
        text = "".join(line for _top, _x0, _x1, line in _lines(inside))
        text = re.sub(r"\s+", "", text)
        place = SourcePlace(table=number, row=r0 + 1, col=c0 + 1, page=page_no, box=(round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)))
        cells.append(SourceCell(r0, c0, text, place, max(1, r1 - r0), max(1, c1 - c0)))
    return Grid(cells, SourcePlace(table=number, page=page_no))


def _lines(chars: list[dict[str, Any]]) -> list[tuple[float, float, float, str]]:
    """表外的字按行归并：(上沿, 左端, 右端, 文字)。"""
    rows: list[list[dict[str, Any]]] = []

    def middle(c: dict[str, Any]) -> float:
        return (c["top"] + c["bottom"]) / 2

    for ch in sorted(chars, key=lambda c: (middle(c), c["x0"])):
        if rows and abs(middle(rows[-1][0]) - middle(ch)) < max(ch["size"], 4) * 0.5:
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in row).strip()
        if text:
            out.append((row[0]["top"], row[0]["x0"], row[-1]["x1"], text))
    return out


def _page_items(page: Any, page_no: int, first_table: int) -> tuple[list[tuple[float, Any]], bool]:
    """一页上按自上而下排好的表格与文字行；第二项说明这一页有没有文字层。"""
    chars, tables, _width, _height = page_layer(page)
    boxes = [(min(c[0] for c in t), min(c[1] for c in t), max(c[2] for c in t), max(c[3] for c in t)) for t in tables]
    items: list[tuple[float, Any]] = [
        (box[1], _grid(table, chars, page_no, first_table + k)) for k, (table, box) in enumerate(zip(tables, boxes, strict=True), start=1)
    ]
    outside = [
        c for c in chars
        if not any(b[0] - 1 <= c["x0"] and c["x1"] <= b[2] + 1 and b[1] - 1 <= c["top"] and c["bottom"] <= b[3] + 1 for b in boxes)
    ]
    for top, x0, x1, text in _lines(outside):
        if not _PAGE_NUMBER.match(text.replace(" ", "")):
            place = SourcePlace(page=page_no, box=(round(x0, 1), round(top, 1), round(x1, 1), round(top, 1)))
            items.append((top, (text, place, x0, x1)))
    items.sort(key=lambda item: item[0])
    return items, bool(chars)


def extract_pdf(data: bytes, use_attachment: bool = True) -> Extracted:
    """PDF 文件内容 → 段落与表格。没有文字层时 ``notes`` 里记 IMPORT-SCANNED，不返回内容。

    附带了 ``.yaml`` 数据文件（gjjgen 生成的 PDF/A）且 ``use_attachment`` 为真时只取附件。"""
    import pypdfium2

    result = Extracted("pdf")
    for name, content in (embedded_files(data) if use_attachment else {}).items():
        if name.lower().endswith((".yaml", ".yml")):
            result.embedded = content.decode("utf-8", "replace")
            return result
    pending: list[tuple[str, SourcePlace, float, float]] = []
    tables = 0
    any_text = False
    document = pypdfium2.PdfDocument(data)
    try:
        for page_no, page in enumerate(document, start=1):
            items, has_text = _page_items(page, page_no, tables)
            page.close()
            any_text = any_text or has_text
            for _top, item in items:
                if isinstance(item, Grid):
                    tables += 1
                    _flush(result, pending)
                    result.blocks.append(item)
                else:
                    pending.append(item)
    finally:
        document.close()
    _flush(result, pending)
    if not any_text:
        result.blocks.clear()
        result.notes.append(("error", "IMPORT-SCANNED", "这份 PDF 没有文字层（是扫描或拍照得到的图像），无法读出文字；请找原始的 Word 或网页版本"))
    return result


def _flush(result: Extracted, pending: list[tuple[str, SourcePlace, float, float]]) -> None:
    """把一串行接成段落：首行缩进、标题样式的行、上一行没写满，都是新段的开始。"""
    if not pending:
        return
    left = min(item[2] for item in pending)
    right = max(item[3] for item in pending)
    paragraphs: list[tuple[str, SourcePlace]] = []
    previous_full = False
    for text, place, x0, x1 in pending:
        indented = x0 - left > 8
        starts = indented or _HEADING.match(text) or not previous_full or not paragraphs
        if starts:
            paragraphs.append((text, place))
        else:
            paragraphs[-1] = (paragraphs[-1][0] + text, paragraphs[-1][1])
        previous_full = right - x1 < 20
    result.blocks.extend(SourcePara(re.sub(r"\s+", "", text) if _cjk(text) else text, place) for text, place in paragraphs)
    pending.clear()


def _cjk(text: str) -> bool:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in text) > len(text) / 3
