"""导入已发布报告的各种真实写法：政府网站、Word、WPS、LibreOffice 产出的文件。

夹具在 ``tests/data/published/``（照政府网站常见的写法手写）；DOCX、PDF 的变体由生成的示例
文件改写或经 LibreOffice 转换得到。
"""

from __future__ import annotations

import email.message
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_import import compare_tables

from gjjgen.cli import main
from gjjgen.published import convert as convert_module
from gjjgen.published import import_document

DATA = Path(__file__).parent / "data" / "published"
SEEDS = Path(__file__).parent / "seeds"
needs_soffice = pytest.mark.skipif(convert_module.soffice() is None, reason="需要 LibreOffice（soffice）")


def _codes(result) -> list[str]:
    return sorted(p.code for p in result.problems)


def _row(text: str, key: str) -> str:
    found = re.search(rf"^\s*{re.escape(key)}: (.*)$", text, re.M)
    assert found, key
    return found.group(1)


@pytest.fixture
def rendered(rendered_example: Callable[[str], Path]) -> Callable[[str], Path]:
    return rendered_example


def test_word_exported_gbk_page_without_charset() -> None:
    """Word 另存的网页、GBK 编码且没有声明；表头断行（<br>）；“&nbsp;”格；网页附属文字与索引号表。"""
    result = import_document(DATA / "word-gbk-no-charset.html")
    assert result.ok and result.spec is not None and result.spec.id == "2021"
    text = result.data_text or ""
    assert _row(text, "本年新收") == '[5, 1, "", "", 0, 0, 6]'  # 原文空着的两格是未填，不是 0
    assert _row(text, "行政规范性文件") == "[2, 1, 5]"
    assert _row(text, "其他") == "[1, 0, 0, 0, 0, 0, 1]"
    assert _row(text, "行政复议") == "[1, 0, 0, 0, 1]"
    assert "机关名称: 某某市住房公积金管理中心" in text and "发布日期: 2024-01-18" in text
    assert result.dropped[0].startswith("首页")
    assert any(d.startswith("表格：索 引 号") for d in result.dropped)
    assert any("关闭窗口" in d for d in result.dropped)
    assert "打印" not in text
    assert _codes(result) == ["ASSESS-PREV-PROBLEMS", "CELL-BLANK"]  # 第五部分没说上年问题的整改（2021 年格式）
    assert result.verdict == "可直接使用"


def test_split_table_empty_header_cells_subtotal_column_missing_row() -> None:
    """表三被分页拆成两个 <table>；表头用空格代替合并；多一列“法人或其他组织小计”；漏了一行。"""
    result = import_document(DATA / "split-table-subtotal.html")
    assert result.ok and result.spec is not None and result.spec.id == "2019"
    text = result.data_text or ""
    assert _row(text, "本年新收") == "[3, 1, 0, 0, 0, 0, 4]"  # 小计列没有挤占“总计”
    assert _row(text, "本机关不掌握相关政府信息") == "[1, 0, 0, 0, 0, 0, 1]"  # 第二个 <table> 里
    assert _row(text, "无正当理由大量反复申请") == '["", "", "", "", "", "", ""]'  # 漏印的行：未填，不是 0
    assert _row(text, "结转下年度继续办理") == "[0, 0, 0, 0, 0, 0, 0]"
    assert _row(text, "其他对外管理服务事项") == "[12, -1, 3]"
    assert _row(text, "政府集中采购") == "[2, 35.6万元]"
    codes = _codes(result)
    assert codes.count("IMPORT-COLUMN-UNKNOWN") == 1 and codes.count("IMPORT-ROW-MISSING") == 1
    assert not [p for p in result.problems if p.is_error]  # 勾稽关系成立：其余各格都对
    assert result.verdict == "需复核"
    unknown = next(p for p in result.problems if p.code == "IMPORT-COLUMN-UNKNOWN")
    assert "法人或其他组织小计" in unknown.message and unknown.place.startswith("表三 第")


def test_2020_report_in_pre_2019_outline_is_detected_as_such(tmp_path: Path) -> None:
    """年度只是先验：2020 年的报告若照 2008 年《条例》时期的统计表编写，仍认作 pre-2019。"""
    text = next(SEEDS.glob("001_*.txt")).read_text(encoding="utf-8").replace("2017", "2020").replace("2018", "2021")
    source = tmp_path / "2020.txt"
    source.write_text(text, encoding="utf-8")
    result = import_document(source)
    assert result.spec is not None and result.spec.id == "pre-2019"
    assert "报告年度: 2020" in (result.data_text or "")
    assert any(p.code == "FORMAT-YEAR" for p in result.problems)  # 校验照常指出格式与年度不符


def test_docx_with_legacy_hmerge_and_table_in_text_box(rendered: Callable[[str], Path], tmp_path: Path) -> None:
    """旧版 Word 的 w:hMerge 横向合并，以及放在文本框里的表四。"""
    example = "葫芦岛市住房公积金管理中心-2023.yaml"
    source = next(rendered(example).glob("*.docx"))
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    # 把第一个横跨多列的格改写成旧式：起始格 hMerge=restart，后面补上 hMerge 续格
    found = re.search(r'<w:gridSpan w:val="(\d+)"/>', xml)
    assert found
    span = int(found.group(1))
    tc_end = xml.index("</w:tc>", found.end()) + len("</w:tc>")
    continuation = '<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>' * (span - 1)
    xml = xml[: found.start()] + '<w:hMerge w:val="restart"/>' + xml[found.end() : tc_end] + continuation + xml[tc_end:]
    # 表四（最后一张表）挪进文本框
    start = xml.rindex("<w:tbl>")
    end = xml.index("</w:tbl>", start) + len("</w:tbl>")
    table = xml[start:end]
    box = (
        '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
        f"{table}<w:p/></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
    )
    xml = xml[:start] + box + xml[end:]
    parts["word/document.xml"] = xml.encode("utf-8")
    target = tmp_path / "旧版Word.docx"
    with zipfile.ZipFile(target, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    result = import_document(target)
    assert result.ok, [p.format() for p in result.problems]
    assert compare_tables(example, result.data_text or "") > 200


@needs_soffice
@pytest.mark.parametrize("convert_to", ["pdf", "doc"])
def test_libreoffice_outputs(rendered: Callable[[str], Path], tmp_path: Path, convert_to: str) -> None:
    """LibreOffice 由 DOCX 导出的 PDF；另存的旧版 .doc（导入时再经 LibreOffice 转回 DOCX）。"""
    example = "上海市公积金管理中心-2020.yaml"
    source = next(rendered(example).glob("*.docx"))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [convert_module.soffice() or "soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", convert_to, "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=300, check=True,
    )
    converted = next(tmp_path.glob(f"*.{convert_to}"))
    result = import_document(converted)
    assert result.ok, [p.format() for p in result.problems]
    assert result.kind == ("pdf" if convert_to == "pdf" else "ole")
    assert compare_tables(example, result.data_text or "") > 200
    assert not list(Path("/tmp").glob("gjjgen-import-*")) or convert_to == "pdf"


def test_old_word_without_libreoffice_says_what_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(convert_module, "soffice", lambda: None)
    source = tmp_path / "报告.doc"
    source.write_bytes(convert_module_ole_header())
    result = import_document(source)
    assert not result.ok
    problem = result.problems[0]
    assert problem.code == "IMPORT-NEEDS-LIBREOFFICE" and "LibreOffice" in problem.message


def convert_module_ole_header() -> bytes:
    from gjjgen.published.sniff import OLE_MAGIC

    return OLE_MAGIC + b"\x00" * 504


def test_mht_page() -> None:
    message = email.message.EmailMessage()
    message["MIME-Version"] = "1.0"
    message.make_related()
    message.add_related((DATA / "split-table-subtotal.html").read_text(encoding="utf-8"), subtype="html")
    data = message.as_bytes()
    result = import_document("报告.mht", data)
    assert result.kind == "mht" and result.spec is not None and result.spec.id == "2019"
    assert _row(result.data_text or "", "本年新收") == "[3, 1, 0, 0, 0, 0, 4]"


def test_scanned_pdf_stops_with_a_reason(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    target = tmp_path / "扫描件.pdf"
    pdf.save(target)
    result = import_document(target)
    assert not result.ok
    assert [p.code for p in result.problems] == ["IMPORT-SCANNED"]


def test_pdf_with_attached_data_file_is_read_losslessly(tmp_path: Path) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    example = EXAMPLES / "中山市住房公积金管理中心-2020.yaml"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.attachments[example.name] = pikepdf.AttachedFileSpec(pdf, example.read_bytes(), filename=example.name)
    target = tmp_path / "带数据.pdf"
    pdf.save(target)
    result = import_document(target)
    assert result.kind == "pdf-embedded"
    assert result.data_text == example.read_text(encoding="utf-8")
    assert result.spec is not None and result.spec.id == "2019"


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "IMPORT-NO-TABLES"), (b"\x00\x01\x02binary", "IMPORT-UNSUPPORTED"), (b"PK\x03\x04broken", "IMPORT-UNSUPPORTED"), (b"%PDF-1.4 broken", "IMPORT-DAMAGED")],
)
def test_bad_inputs_are_explained_without_traceback(data: bytes, code: str) -> None:
    result = import_document("报告.txt", data)
    assert not result.ok
    assert code in [p.code for p in result.problems]


def test_import_command_writes_nothing_on_failure_and_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "空.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["import", str(empty), "-o", str(tmp_path / "out.yaml")]) == 1
    assert not (tmp_path / "out.yaml").exists()
    source = DATA / "split-table-subtotal.html"
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 0
    out = capsys.readouterr().out
    assert "结论：需复核" in out and "表三：读到" in out
    assert main(["import", str(source), "-o", str(tmp_path / "out.yaml")]) == 1
    assert "IMPORT-EXISTS" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "out.yaml")]) == 0


def test_init_from_published_report(tmp_path: Path) -> None:
    """承接上年：上年只有已发布的报告时，先导入再承接（上年结转 = 上年结转下年度继续办理）。"""
    target = tmp_path / "2021.yaml"
    assert main(["init", "--from", str(DATA / "word-gbk-no-charset.html"), "-o", str(target), "--no-schema"]) == 0
    text = target.read_text(encoding="utf-8")
    assert "报告年度: 2024" in text
    assert _row(text, "上年结转") == "[1, 0, 0, 0, 0, 0]"
    assert "某某市住房公积金管理中心" in text
    assert not list(tmp_path.glob("*.trace.json"))


@pytest.mark.parametrize("raw", ["(cid:18)", "1\ufffd", "１２件", "一二"])
def test_unreadable_numbers_become_blank_with_a_warning(raw: str) -> None:
    """读不出的数（字形没有文字、带单位、汉字数字）记为未填并警告，绝不猜成别的数或 0。"""
    html = (DATA / "split-table-subtotal.html").read_text(encoding="utf-8")
    html = html.replace("<tr><td>规章</td><td>0</td>", f"<tr><td>规章</td><td>{raw}</td>", 1)
    result = import_document("报告.html", html.encode("utf-8"))
    assert _row(result.data_text or "", "规章") == '["", 0, 0]'
    warning = next(p for p in result.problems if p.code == "IMPORT-NUMBER")
    assert raw in warning.message and warning.place.startswith("表二 第")
    assert result.verdict == "需复核"
