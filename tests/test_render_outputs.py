"""``gjjgen render``：三种格式的内容一致、合并单元格一致、草稿水印、拒绝、原子写入、确定性、字体。

HTML、DOCX 用 ``gjjgen.render.extract`` 与 ``gjjgen.render.docx`` 的读回函数逐段、逐格比对；
PDF 用 poppler 的 pdftotext 取文字层，每一段正文都必须出现在里面。
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, HULUDAO

from gjjgen import fonts
from gjjgen.cli.app import main
from gjjgen.render import registry
from gjjgen.render.docx import read_docx_cells, read_docx_tables, read_docx_text
from gjjgen.render.extract import read_html_cells, read_html_tables, read_html_text

STEM = "葫芦岛市住房公积金管理中心-2023年政府信息公开工作年度报告"
SHANGHAI = EXAMPLES / "上海市公积金管理中心-2020.yaml"
JILIN = EXAMPLES / "吉林市住房公积金管理中心-2017.yaml"

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdfinfo")),
    reason="需要 poppler-utils（pdftotext、pdffonts、pdfinfo）",
)


def render(*args: str) -> int:
    return main(["render", *args])


def pdf_text(path: Path, first: int | None = None, last: int | None = None) -> str:
    command = ["pdftotext", "-raw", "-enc", "UTF-8"]  # 按绘制顺序：表格一格一格地出来
    if first is not None:
        command += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*command, str(path), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """去掉全部空白与页码（“— 3 —”），段落跨页、跨行都不影响比较。"""
    text = re.sub(r"\s+", "", text)
    return re.sub(r"—\d+—", "", text)


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("out")
    assert render(str(HULUDAO), "-o", str(out)) == 0
    return {suffix: out / f"{STEM}.{suffix}" for suffix in ("html", "docx", "pdf")}


def read(outputs: dict[str, Path], suffix: str) -> str | bytes:
    path = outputs[suffix]
    return path.read_text(encoding="utf-8") if suffix == "html" else path.read_bytes()


# ---------------------------------------------------------------- the three formats agree


def test_three_files_named_after_agency_and_year(outputs: dict[str, Path]) -> None:
    for path in outputs.values():
        assert path.is_file() and path.stat().st_size > 1000
    assert sorted(p.name for p in outputs["html"].parent.iterdir()) == sorted(p.name for p in outputs.values())


def test_docx_text_and_tables_equal_html(outputs: dict[str, Path]) -> None:
    html = read(outputs, "html")
    docx = read(outputs, "docx")
    assert read_docx_text(docx) == read_html_text(html)
    assert read_docx_tables(docx) == read_html_tables(html)
    assert read_docx_cells(docx) == read_html_cells(html)


def test_docx_merged_cells_of_statutory_tables(outputs: dict[str, Path]) -> None:
    cells = read_docx_cells(read(outputs, "docx"))
    matrix = {text: (rowspan, colspan) for (_r, _c, rowspan, colspan, text) in cells[1]}
    assert matrix["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (3, 3)
    assert matrix["申请人情况"] == (1, 7)
    assert matrix["自然人"] == (2, 1) and matrix["总计"] == (2, 1)
    assert matrix["法人或其他组织"] == (1, 5)
    assert matrix["三、本年度办理结果"] == (22, 1)
    assert matrix["（三）不予公开"] == (8, 1)
    groups = {(r, c): (rowspan, colspan, text) for (r, c, rowspan, colspan, text) in cells[2]}
    assert groups[(0, 0)] == (1, 5, "行政复议") and groups[(0, 5)] == (1, 10, "行政诉讼")
    assert groups[(1, 0)] == (2, 1, "结果维持")
    assert groups[(1, 5)] == (1, 5, "未经复议直接起诉") and groups[(1, 10)] == (1, 5, "复议后起诉")
    sections = {text: (rowspan, colspan) for (_r, _c, rowspan, colspan, text) in cells[0]}
    assert sections["第二十条第（一）项"] == (1, 4) and sections["本年处理决定数量"] == (1, 3)


def test_docx_2019_results_span_twenty_rows(tmp_path: Path) -> None:
    assert render(str(SHANGHAI), "-f", "docx,html", "-o", str(tmp_path)) == 0
    docx = next(tmp_path.glob("*.docx")).read_bytes()
    html = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    for cells in (read_docx_cells(docx), read_html_cells(html)):
        matrix = {text: (rowspan, colspan) for (_r, _c, rowspan, colspan, text) in cells[1]}
        assert matrix["三、本年度办理结果"] == (20, 1)
        assert matrix["（六）其他处理"] == (1, 2)


@needs_poppler
def test_pdf_text_layer_has_every_paragraph_and_cell(outputs: dict[str, Path]) -> None:
    html = read(outputs, "html")
    text = squash(pdf_text(outputs["pdf"]))
    for paragraph in read_html_text(html):
        assert squash(paragraph) in text, paragraph
    for table in read_html_tables(html):
        for row in table:
            for cell in row:
                assert squash(cell) in text, cell


@needs_poppler
def test_pdf_page_numbers_and_metadata(outputs: dict[str, Path]) -> None:
    pages = pdf_pages(outputs["pdf"])
    assert pages >= 3
    for page in range(1, pages + 1):
        assert re.search(rf"—\s*{page}\s*—", pdf_text(outputs["pdf"], page))
    info = subprocess.run(["pdfinfo", "-isodates", str(outputs["pdf"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title:\s+葫芦岛市住房公积金管理中心2023年政府信息公开工作年度报告$", info, re.M)
    assert re.search(r"^Author:\s+葫芦岛市住房公积金管理中心$", info, re.M)
    assert re.search(r"^CreationDate:\s+2024-01-01", info, re.M)  # 没有发布日期：次年 1 月 1 日


@needs_poppler
def test_pdf_embeds_only_subset_fonts(outputs: dict[str, Path]) -> None:
    listing = subprocess.run(["pdffonts", str(outputs["pdf"])], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows
    for row in rows:
        name, *rest = row.split()
        emb, sub = rest[-5], rest[-4]
        assert re.fullmatch(r"[A-Z]{6}\+.+", name), row
        assert (emb, sub) == ("yes", "yes"), row
    assert any("GJJ" in row for row in rows)  # 用的是预先准备的字体


@needs_poppler
def test_pre2019_appendix_on_its_own_page(tmp_path: Path) -> None:
    assert render(str(JILIN), "-f", "pdf", "-o", str(tmp_path)) == 0
    pdf = next(tmp_path.glob("*.pdf"))
    pages = pdf_pages(pdf)
    first = next(p for p in range(1, pages + 1) if "政府信息公开情况统计表" in pdf_text(pdf, p) and "统计指标" in pdf_text(pdf, p))
    page = pdf_text(pdf, first)
    assert page.lstrip().startswith("附件")
    assert "（2017年度）" in page
    assert "附件：政府信息公开情况统计表（2017年度）" in pdf_text(pdf, first - 1)  # 附件说明在附件前一页
    assert "（2018年2月26日）" in pdf_text(pdf, 1)  # 吉林的模板目录：成文日期印在标题下，没有落款
    assert "填报日期：2018年2月26日" in squash(pdf_text(pdf, pages))


# ---------------------------------------------------------------- determinism


def test_rendering_twice_is_byte_identical(outputs: dict[str, Path], tmp_path: Path) -> None:
    assert render(str(HULUDAO), "-o", str(tmp_path)) == 0
    for suffix in ("html", "docx", "pdf"):
        assert (tmp_path / f"{STEM}.{suffix}").read_bytes() == outputs[suffix].read_bytes(), suffix


# ---------------------------------------------------------------- refusing and drafts


def broken_copy(tmp_path: Path, huludao_text: str) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(huludao_text.replace("本年新收: [0, 0, 0, 0, 0, 0, 0]", "本年新收: [1, 0, 0, 0, 0, 0, 1]"), encoding="utf-8")
    return path


def test_refuses_data_with_errors(tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = broken_copy(tmp_path, huludao_text)
    before = path.read_bytes()
    assert render(str(path), "-o", str(tmp_path / "out"), "-f", "html") == 1
    out = capsys.readouterr().out
    assert "[T3-COL-BAL]" in out and "错误" in out  # 问题照 gjjgen validate 的样子列出
    assert "未生成报告" in out and "--draft" in out and "[RENDER-REFUSED]" in out
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert path.read_bytes() == before


@needs_poppler
def test_draft_marks_every_page(tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = broken_copy(tmp_path, huludao_text)
    assert render(str(path), "-o", str(tmp_path), "--draft") == 0
    out = capsys.readouterr().out
    assert "[T3-COL-BAL]" in out and "草稿" in out
    html = (tmp_path / f"{STEM}.html").read_text(encoding="utf-8")
    assert '<div class="draft-mark">草稿</div>' in html
    with zipfile.ZipFile(io.BytesIO((tmp_path / f"{STEM}.docx").read_bytes())) as docx:
        headers = [n for n in docx.namelist() if re.fullmatch(r"word/header\d+\.xml", n)]
        assert len(headers) >= 2  # 单页与双页页眉
        assert all("草稿" in docx.read(n).decode("utf-8") for n in headers)
    pdf = tmp_path / f"{STEM}.pdf"
    for page in range(1, pdf_pages(pdf) + 1):
        assert "草稿" in squash(pdf_text(pdf, page)), page


# ---------------------------------------------------------------- writing


def test_default_output_is_next_to_the_input(tmp_path: Path) -> None:
    data = tmp_path / HULUDAO.name
    shutil.copy(HULUDAO, data)
    assert render(str(data), "-f", "html") == 0
    assert (tmp_path / f"{STEM}.html").is_file()


def test_output_directory_is_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b"
    assert render(str(HULUDAO), "-f", "html", "-o", str(target)) == 0
    assert (target / f"{STEM}.html").is_file()


def test_unknown_format_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render(str(HULUDAO), "-f", "html,odt", "-o", str(tmp_path)) == 2
    assert "odt" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def failing(message: str):
    class Failure(Exception):
        def __init__(self) -> None:
            super().__init__(message)
            self.messages = [message]

    def render_fn(job: registry.RenderInput) -> bytes:
        raise Failure

    return render_fn


def test_failing_renderer_leaves_existing_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / f"{STEM}.docx"
    existing.write_bytes(b"good old report")
    broken = registry.Renderer("docx", ".docx", "Word 文档（DOCX）", failing("模拟的失败 [TEST-FAIL]"))
    monkeypatch.setattr(registry, "RENDERERS", (registry.RENDERERS[0], broken))
    assert render(str(HULUDAO), "-f", "html,docx", "-o", str(tmp_path)) == 1
    out = capsys.readouterr().out
    assert "模拟的失败 [TEST-FAIL]" in out and "未生成" in out
    assert existing.read_bytes() == b"good old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{STEM}.docx", f"{STEM}.html"])


def test_failure_while_writing_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / f"{STEM}.html"
    existing.write_text("good old report", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(28, "设备上没有空间")

    monkeypatch.setattr(os, "fsync", no_space)
    assert render(str(HULUDAO), "-f", "html", "-o", str(tmp_path)) == 1
    assert "[RENDER-WRITE]" in capsys.readouterr().out
    assert existing.read_text(encoding="utf-8") == "good old report"
    assert [p.name for p in tmp_path.iterdir()] == [existing.name]


def test_unexpected_error_still_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(job: registry.RenderInput) -> bytes:
        raise RuntimeError("程序错误")

    monkeypatch.setattr(registry, "RENDERERS", (registry.Renderer("html", ".html", "网页", crash),))
    with pytest.raises(RuntimeError):
        render(str(HULUDAO), "-f", "html", "-o", str(tmp_path))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- fonts


def test_missing_fonts_refuse_pdf_with_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    message = "缺少正文（仿宋）所用字体“AR PL UMing CN Light”：请安装 Debian 软件包 fonts-arphic-uming（以 root 身份运行：apt-get install fonts-arphic-uming）。"
    monkeypatch.setattr(fonts, "check_fonts", lambda: [message])
    assert render(str(HULUDAO), "-f", "html,pdf", "-o", str(tmp_path)) == 1
    out = capsys.readouterr().out
    assert message in out and "[PDF-FONT-MISSING]" in out
    assert [p.name for p in tmp_path.iterdir()] == [f"{STEM}.html"]


def test_character_without_glyph_refuses_pdf(tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "emoji.yaml"
    path.write_text(huludao_text.replace("本年度未收取政府信息公开信息处理费。", "本年度未收取信息处理费😀。"), encoding="utf-8")
    assert render(str(path), "-f", "pdf", "-o", str(tmp_path / "out")) == 1
    out = capsys.readouterr().out
    assert "😀" in out and "U+1F600" in out and "[PDF-GLYPH-MISSING]" in out
    assert "未收取信息处理费" in out  # 说出现在哪里
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_render_command_imports_no_heavy_module() -> None:
    probe = (
        "import sys, gjjgen.cli.app as c; c.build_parser(); "
        "print(','.join(m for m in ('weasyprint', 'docx', 'jinja2') if m in sys.modules))"
    )
    result = subprocess.run([os.sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


# ---------------------------------------------------------------- a centre's own templates


def with_template_dir(tmp_path: Path, huludao_text: str, directory: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(huludao_text.replace("  省份: 辽宁\n", f"  省份: 辽宁\n  模板目录: {directory}\n"), encoding="utf-8")
    return path


def test_template_directory_overrides_one_block(tmp_path: Path, huludao_text: str) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "report.html.j2").write_text(
        '{% extends "base/report.html.j2" %}\n'
        '{% block signature %}{{ super() }}<p class="noindent">联系电话：0429-0000000</p>\n{% endblock %}\n',
        encoding="utf-8",
    )
    (templates / "settings.yaml").write_text("section_titles: {其他需要报告的事项: 其他事项}\n", encoding="utf-8")
    path = with_template_dir(tmp_path, huludao_text, "tpl")
    assert render(str(path), "-f", "html,docx", "-o", str(tmp_path / "out")) == 0
    html = (tmp_path / "out" / f"{STEM}.html").read_text(encoding="utf-8")
    docx = (tmp_path / "out" / f"{STEM}.docx").read_bytes()
    for texts in (read_html_text(html), read_docx_text(docx)):
        assert texts[-1] == "联系电话：0429-0000000"
        assert "六、其他事项" in texts


def test_missing_template_directory_is_reported_at_its_line(
    tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = with_template_dir(tmp_path, huludao_text, "nowhere")
    assert render(str(path), "-f", "html", "-o", str(tmp_path / "out")) == 1
    out = capsys.readouterr().out
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "模板目录" in text)
    assert f"{path}:{line}:" in out and "nowhere" in out and "[RENDER-TEMPLATE-DIR]" in out


def test_broken_template_is_reported_without_traceback(
    tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "report.html.j2").write_text('{% extends "base/report.html.j2" %}\n{% block title %}{% if %}{% endblock %}\n', encoding="utf-8")
    path = with_template_dir(tmp_path, huludao_text, "tpl")
    assert render(str(path), "-f", "html", "-o", str(tmp_path / "out")) == 1
    out = capsys.readouterr().out
    assert "report.html.j2:2" in out and "[RENDER-TEMPLATE]" in out and "Traceback" not in out


def test_orphan_block_in_override_is_reported(
    tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "report.html.j2").write_text(
        '{% extends "base/report.html.j2" %}\n{% block signatrue %}<p>落款</p>{% endblock %}\n', encoding="utf-8"
    )
    path = with_template_dir(tmp_path, huludao_text, "tpl")
    assert render(str(path), "-f", "html", "-o", str(tmp_path / "out")) == 1
    out = capsys.readouterr().out
    assert "signatrue" in out and "[RENDER-TEMPLATE-BLOCK]" in out
    assert not (tmp_path / "out" / f"{STEM}.html").exists()


def test_docx_alignment_follows_cell_roles(outputs: dict[str, Path]) -> None:
    """表头（包括表二每节的“信息内容”一行）居中，行标签左对齐，与 HTML 样式一致。"""
    from docx import Document

    doc = Document(io.BytesIO(read(outputs, "docx")))
    first = doc.tables[0]
    by_text = {}
    for tc in first._tbl.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"):
        text = "".join(t.text or "" for t in tc.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        jc = tc.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}jc")
        by_text.setdefault(text, None if jc is None else jc.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"))
    assert by_text["信息内容"] != "left" and by_text["本年制发件数"] != "left"
    assert by_text["规章"] == "left" and by_text["第二十条第（一）项"] == "left"
    style = read(outputs, "html")
    assert "text-align: center" in style and "th.section, table.stat th.label { text-align: left; }" in style
