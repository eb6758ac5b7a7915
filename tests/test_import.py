"""导入已发布的报告：生成的 HTML、DOCX、PDF 与种子原文读回来，表格逐格与示例相同。

比较的是 gjjgen 自己排出的表格网格（``layout_table``）：示例数据文件与导入得到的数据文件各排
一次，逐格比文字（数、“—”、空格各自保留），所以少一格、多一格、错一列都会被查出。
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES

from gjjgen.checks.validate import validate_loaded
from gjjgen.cli import main
from gjjgen.document.textblock import plain_text
from gjjgen.published import import_document
from gjjgen.report.layout import layout_table
from gjjgen.source.datafile import load_document, load_text
from gjjgen.source.loaded import Loaded

SEEDS = Path(__file__).parent / "seeds"
EXAMPLE_OF_SEED = {
    "000": "上海市公积金管理中心-2020.yaml",
    "001": "吉林市住房公积金管理中心-2017.yaml",
    "002": "葫芦岛市住房公积金管理中心-2023.yaml",
    "003": "中山市住房公积金管理中心-2020.yaml",
    "004": "东营市住房公积金管理中心-2018.yaml",
}
FORMAT_OF_EXAMPLE = {"上海": "2019", "吉林": "pre-2019", "葫芦岛": "2021", "中山": "2019", "东营": "pre-2019-山东"}


def _document(text: str):
    return validate_loaded(load_text(text, Loaded(path=Path("导入.yaml"))), yearly=False).document


def _grids(document) -> dict[str, list[list[str]]]:
    return {key: [[c.text for c in row.cells] for row in layout_table(values).rows] for key, values in document.tables.items()}


def compare_tables(example: str, data_text: str) -> int:
    """逐格比较，返回比较的格数；有不同时断言失败并列出那几格。"""
    expected = _grids(validate_loaded(load_document(EXAMPLES / example), yearly=False).document)
    document = _document(data_text)
    assert document is not None
    got = _grids(document)
    assert set(got) == set(expected)
    count, wrong = 0, []
    for key, rows in expected.items():
        assert len(got[key]) == len(rows), key
        for want_row, got_row in zip(rows, got[key], strict=True):
            assert len(want_row) == len(got_row)
            for want, have in zip(want_row, got_row, strict=True):
                count += 1
                if want != have:
                    wrong.append((key, want_row[:2], want, have))
    assert not wrong, wrong
    return count


def _texts(document) -> dict[str, str]:
    out = {}
    for key, content in document.texts.items():
        blocks = [body for chapter in content for body in (chapter.title, *plain_text(chapter.body))] if isinstance(content, list) else plain_text(content)
        out[key] = "".join(blocks).replace(" ", "")
    return out


@pytest.fixture
def rendered(rendered_example: Callable[[str], Path]) -> Callable[[str], Path]:
    return rendered_example


@pytest.mark.parametrize("suffix", ["html", "docx", "pdf"])
@pytest.mark.parametrize("example", sorted(EXAMPLE_OF_SEED.values()))
def test_round_trip(rendered: Callable[[str], Path], example: str, suffix: str) -> None:
    source = next(rendered(example).glob(f"*.{suffix}"))
    result = import_document(source, use_attachment=False)  # PDF 也从版面读表，不取附带的数据文件
    assert result.ok, [p.format() for p in result.problems]
    assert result.spec is not None and result.spec.id == FORMAT_OF_EXAMPLE[example.split("市")[0]]
    assert compare_tables(example, result.data_text or "") > 190
    assert result.verdict == "可直接使用"
    assert not [p for p in result.problems if p.code.startswith("IMPORT-")]
    original = validate_loaded(load_document(EXAMPLES / example), yearly=False).document
    imported = _document(result.data_text or "")
    assert _texts(imported) == _texts(original)


@pytest.mark.parametrize("number", sorted(EXAMPLE_OF_SEED))
def test_seed_text(number: str) -> None:
    source = next(SEEDS.glob(f"{number}_*.txt"))
    example = EXAMPLE_OF_SEED[number]
    result = import_document(source)
    assert result.ok
    assert result.spec is not None and result.spec.id == FORMAT_OF_EXAMPLE[example.split("市")[0]]
    assert compare_tables(example, result.data_text or "") > 190


def test_sidecar_records_every_value(tmp_path: Path) -> None:
    source = next(SEEDS.glob("003_*.txt"))
    output = tmp_path / "中山.yaml"
    assert main(["import", str(source), "-o", str(output)]) == 0
    trace = json.loads((tmp_path / "中山.trace.json").read_text(encoding="utf-8"))
    assert trace["格式"] == "2019" and trace["结论"] == "可直接使用"
    by_path = {v["数据路径"]: v for v in trace["值"]}
    blank = by_path["政府信息公开行政复议、行政诉讼情况.行政复议[0]"]
    assert (blank["值"], blank["读数"], blank["对上"]) == ("", "blank", "exact")
    assert blank["来源"]["line"] == 84
    number = by_path["收到和处理政府信息公开申请情况.本年新收[0]"]
    assert number["值"] == "1" and number["读数"] == "number"
    assert output.read_text(encoding="utf-8").count("行政复议: [\"\", \"\", \"\", \"\", \"\"") == 1


def test_validate_published_reports_same_problems_with_places(rendered: Callable[[str], Path], capsys: pytest.CaptureFixture[str]) -> None:
    example = "中山市住房公积金管理中心-2020.yaml"
    folder = rendered(example)  # 先生成好：生成时印出的问题不能混进下面比较的输出里
    capsys.readouterr()
    main(["validate", str(EXAMPLES / example)])
    from_data = [line.split(": ", 1)[1] for line in capsys.readouterr().out.splitlines() if "[" in line]
    for suffix, where in (("pdf", "第4页 表四「行政复议」行「结果维持」列"), ("html", "表四 第4行第1列「行政复议」行「结果维持」列"),
                          ("docx", "表四 第4行第1列「行政复议」行「结果维持」列")):
        source = next(folder.glob(f"*.{suffix}"))
        main(["validate", str(source), "--ignore-attachment"])
        lines = [line for line in capsys.readouterr().out.splitlines() if "[" in line]
        assert [line.split(": ", 1)[1] for line in lines] == from_data
        assert lines[0].startswith(f"{source.name}:全文: ") and "[DATE-MISSING]" in lines[0]  # 没写发布日期
        assert lines[1].startswith(f"{source.name}:{where}: ")


def test_pdf_with_attached_data_file_is_read_losslessly(rendered: Callable[[str], Path]) -> None:
    """gjjgen 生成的 PDF/A 附带数据文件：默认原样取用，与数据文件逐字节相同，问题指向附件的行。"""
    example = "中山市住房公积金管理中心-2020.yaml"
    source = next(rendered(example).glob("*.pdf"))
    result = import_document(source)
    assert result.kind == "pdf-embedded"
    assert result.data_text == (EXAMPLES / example).read_text(encoding="utf-8")
    assert compare_tables(example, result.data_text or "") > 190
    places = {p.place for p in result.problems}
    assert "附带的数据文件第81行" in places
