"""PDF：PDF/A-3b 标识、内嵌的数据文件与统计表 JSON、XMP 元数据、标签结构、两端对齐。

五份示例各用 ``gjjgen render -f html,pdf`` 生成一次；用 poppler（pdfinfo）、pikepdf（附件、
XMP、结构树）与 pdfplumber（每个字的位置）读回检查。
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from conftest import EXAMPLES

from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main
from gjjgen.render.blocks import parse_blocks
from gjjgen.render.export import tables_json
from gjjgen.render.model import Para

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
GJJGEN_NS = "urn:gjjgen:ns:report:1.0/"

# 版心右缘（GB/T 9704：订口 28 mm，版心宽 156 mm），单位磅。
TEXT_RIGHT = (28 + 156) / 25.4 * 72
FLUSH_TOLERANCE = 0.5
"""两端对齐的行，行尾字的右缘离版心右缘不超过这么多磅。"""

needs_poppler = pytest.mark.skipif(not shutil.which("pdfinfo"), reason="需要 poppler-utils（pdfinfo）")


@dataclass(frozen=True)
class Rendered:
    source: Path
    html: str
    pdf: Path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """五份示例各生成一次（与命令行同一路径：校验、模板目录、PDF 在子进程里排）。"""
    out = {}
    for source in EXAMPLE_FILES:
        target = tmp_path_factory.mktemp("pdf")
        assert main(["render", str(source), "-f", "html,pdf", "-o", str(target)]) == 0
        html = next(target.glob("*.html"))
        out[source.name] = Rendered(source, html.read_text(encoding="utf-8"), html.with_suffix(".pdf"))
    return out


def _ids() -> list[str]:
    return [path.stem for path in EXAMPLE_FILES]


@pytest.fixture(params=[path.name for path in EXAMPLE_FILES], ids=_ids())
def example(request: pytest.FixtureRequest, rendered: dict[str, Rendered]) -> Rendered:
    return rendered[request.param]


# ---------------------------------------------------------------- PDF/A 与附件


@needs_poppler
def test_pdfinfo_shows_pdfa3_and_tagged(example: Rendered) -> None:
    info = subprocess.run(["pdfinfo", str(example.pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^PDF subtype:\s+PDF/A-3b$", info, re.M), info
    assert re.search(r"^\s+Abbreviation:\s+PDF/A-3$", info, re.M), info
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    assert example.pdf.stat().st_size < 400 * 1024


def test_attachments_give_back_the_data_file_and_the_json_export(example: Rendered) -> None:
    document = validate_file(example.source).document
    assert document is not None
    with pikepdf.open(example.pdf) as pdf:
        files = {spec.filename: spec for spec in pdf.attachments.values()}
        data_name = example.source.name
        json_name = f"{example.source.stem}.tables.json"
        assert set(files) == {data_name, json_name}
        # 名称树的键与 /F 是文本串（不是 UTF-8 字节），按字节排序
        assert list(pdf.attachments.keys()) == sorted((data_name, json_name), key=lambda n: n.encode("utf-16-be"))
        assert {str(spec.obj.F) for spec in files.values()} == {data_name, json_name}

        data = files[data_name]
        assert data.get_file().read_bytes() == example.source.read_bytes()
        assert data.get_file().mime_type == "application/yaml"
        assert data.obj.AFRelationship == pikepdf.Name.Source

        export = files[json_name]
        text = export.get_file().read_bytes().decode("utf-8")
        assert text == tables_json(document)
        assert json.loads(text)  # 是合法的 JSON，且不空
        assert export.get_file().mime_type == "application/json"
        assert export.obj.AFRelationship == pikepdf.Name.Data
        # PDF/A-3：文档级的关联文件列出两个附件
        assert len(pdf.Root.AF) == 2


def test_xmp_says_title_agency_dates_and_statutory_format(rendered: dict[str, Rendered]) -> None:
    example = rendered["葫芦岛市住房公积金管理中心-2023.yaml"]
    with pikepdf.open(example.pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "葫芦岛市住房公积金管理中心2023年政府信息公开工作年度报告"
        assert meta["dc:creator"] == ["葫芦岛市住房公积金管理中心"]
        assert meta["xmp:CreateDate"].startswith("2024-01-")
        assert meta["pdf:Producer"].startswith("WeasyPrint ")
        assert meta["xmp:CreatorTool"] == "gjjgen"
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("3", "B")
        assert meta["pdfuaid:part"] == "1"
        assert meta[f"{{{GJJGEN_NS}}}formatVersion"] == "2021"
        assert meta[f"{{{GJJGEN_NS}}}formatBasis"] == "国办公开办函〔2021〕30号"
        assert meta[f"{{{GJJGEN_NS}}}reportYear"] == "2023"
        # PDF/A：不在预定义之列的命名空间都有扩展模式说明
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        for uri in (GJJGEN_NS, "http://www.aiim.org/pdfua/ns/id/"):
            assert f"<pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI>" in xmp
        assert pdf.docinfo["/Author"] == "葫芦岛市住房公积金管理中心"


# ---------------------------------------------------------------- 标签


def _elements(node: object) -> Iterator[pikepdf.Dictionary]:
    if isinstance(node, pikepdf.Array):
        for child in node:
            yield from _elements(child)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
        yield from _elements(node.get("/K"))


def test_structure_tree_tags_headings_paragraphs_and_table_headers(example: Rendered) -> None:
    blocks = parse_blocks(example.html)
    h2_in_html = sum(1 for b in blocks if isinstance(b, Para) and b.role.tag == "h2")
    with pikepdf.open(example.pdf) as pdf:
        root = pdf.Root
        assert str(root.Lang) == "zh-CN"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert root.MarkInfo.Marked is True
        kinds = [str(element.S) for element in _elements(root.StructTreeRoot.K)]
    assert kinds.count("/H1") == 1
    assert kinds.count("/H2") >= h2_in_html > 0
    assert kinds.count("/P") >= 3
    assert kinds.count("/Table") >= example.html.count("<table")
    assert kinds.count("/TH") > 0 and kinds.count("/TD") > 0


# ---------------------------------------------------------------- 两端对齐

_JUSTIFIED = {"P", "H2", "H3", "H4"}


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _blocks(tree: list[dict], in_table: bool = False) -> Iterator[dict]:
    """页面结构树里的段落、标题（表格里的不算），按阅读顺序。"""
    for element in tree:
        kind = element.get("type")
        if kind in _JUSTIFIED and not in_table:
            yield element
        else:
            yield from _blocks(element.get("children", []), in_table or kind == "Table")


def _mcids(element: dict) -> set[int]:
    found = set(element.get("mcids") or [])
    for child in element.get("children", []):
        found |= _mcids(child)
    return found


def _lines(chars: list[dict]) -> list[list[dict]]:
    """按基线把字分行，自上而下，行内自左而右。

    用基线（文字矩阵的 y）而不是字框的上下缘：段首的随文标题是楷体，字框高低与正文不同。"""
    rows: dict[float, list[dict]] = defaultdict(list)
    for char in chars:
        rows[round(char["matrix"][5])].append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows, reverse=True)]


def _break_points(html: str) -> list[str]:
    """HTML 每段里可以不齐的行尾：段末与 ``<br>`` 处，各记作段首到那里的全部文字（去空白）。"""
    points = []
    for block in parse_blocks(html):
        if isinstance(block, Para) and block.text:
            parts = block.text.split("\n")
            points += [_flat("".join(parts[:k])) for k in range(1, len(parts) + 1)]
    return points


def _short_lines(pdf_path: Path, break_points: list[str]) -> tuple[list[str], int]:
    """段落、标题里右缘不齐的行（“第几页：行尾文字：差多少磅”），段末行与换行处除外；
    以及一共量了多少行。

    哪一行是段末由 HTML 的段落文字认出：PDF 里一个段落块从开头到这一行的文字，正好是
    某段（或某段到 ``<br>`` 为止）的结尾，这一行就可以不齐。一段跨页时，前一页那部分的
    末行不是段末，也要齐。"""
    problems = []
    measured = 0
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            by_mcid: dict[int, list[dict]] = defaultdict(list)
            for char in page.chars:
                if char.get("mcid") is not None:
                    by_mcid[char["mcid"]].append(char)
            for block in _blocks(page.structure_tree):
                text = ""
                for line in _lines([c for m in sorted(_mcids(block)) for c in by_mcid[m]]):
                    text += _flat("".join(c["text"] for c in line))
                    if any(point.endswith(text) for point in break_points):
                        continue
                    measured += 1
                    gap = TEXT_RIGHT - line[-1]["x1"]
                    if abs(gap) > FLUSH_TOLERANCE:
                        tail = "".join(c["text"] for c in line[-8:])
                        problems.append(f"第{number}页：…{tail}：差 {gap:.2f} 磅")
    return problems, measured


def test_body_lines_are_flush_on_both_edges(example: Rendered) -> None:
    problems, measured = _short_lines(example.pdf, _break_points(example.html))
    assert problems == []
    assert measured >= 30  # 每份示例都有几十行要齐的正文


def test_flush_measurement_sees_ragged_lines(rendered: dict[str, Rendered], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """量法本身可信：不按字拉开时（WeasyPrint 原来只在空格处拉开），同一份报告有右缘不齐的行。"""
    from gjjgen.render import justify
    from gjjgen.render.pdf import render_pdf

    example = rendered["葫芦岛市住房公积金管理中心-2023.yaml"]
    monkeypatch.setattr(justify, "inter_character_justification", contextlib.nullcontext)
    ragged = tmp_path / "ragged.pdf"
    ragged.write_bytes(render_pdf(example.html))
    problems, _ = _short_lines(ragged, _break_points(example.html))
    assert len(problems) >= 3


@needs_poppler
def test_justification_keeps_the_text_layer(rendered: dict[str, Rendered]) -> None:
    """按字拉开不插入任何字符：PDF 里抽出的文字与原文一样，行内没有多出的空格。"""
    example = rendered["葫芦岛市住房公积金管理中心-2023.yaml"]
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(example.pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "2023年，按照市政务公开工作要求，紧紧围绕市委、市政府" in text
    assert "根据《中华人民共和国政府信息公开条例》" in text
