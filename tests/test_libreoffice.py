"""DOCX 在 LibreOffice 里也能打开并排成同样的版面（CI 安装 LibreOffice；本机没有时跳过）。"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import EXAMPLES, HULUDAO

from gjjgen.cli.app import main
from gjjgen.render.blocks import parse_blocks
from gjjgen.render.model import Para

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="没有安装 LibreOffice（CI 会安装）")


def libreoffice_pdf(tmp_path, source, formats="docx"):
    """用 ``gjjgen render`` 生成 DOCX，再让 LibreOffice 把它转成 PDF；返回 PDF 与输出目录。"""
    out = tmp_path / "out"
    assert main(["render", str(source), "-f", formats, "-o", str(out)]) == 0
    docx = next(out.glob("*.docx"))
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return docx.with_suffix(".pdf"), out


def page_lines(pdf):
    """每页的文字行（去掉空行、行内空白与页码“— N —”）。"""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in text.split("\f"):
        lines = ["".join(line.split()) for line in page.splitlines()]
        pages.append([line for line in lines if line and not (line.startswith("—") and line.endswith("—"))])
    return [page for page in pages if page]


def test_docx_converts_in_libreoffice_with_28_characters_per_line(tmp_path):
    pdf, _out = libreoffice_pdf(tmp_path, HULUDAO)
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[:2] == ["葫芦岛市住房公积金管理中心", "2023 年政府信息公开工作年度报告"]
    # 正文满行 28 字（GB/T 9704 5.2.3）：“（一）主动公开情况”下第一段的第二行是满行
    body = next(i for i, line in enumerate(lines) if line.startswith("2023 年，按照市政务公开工作要求"))
    full_line = lines[body + 1].replace(" ", "")
    assert full_line == "府的决策部署，精心组织、狠抓落实，以政务公开促进中心职能"
    assert len(full_line) == 28


def test_headings_stay_with_the_table_that_follows_in_libreoffice(tmp_path):
    """上海 2020：“二、主动公开政府信息情况”与表的第一行（节标题“第二十条第（一）项”）曾排在第 5 页页脚，
    表身在第 6 页。标题、节标题行都与下文同页：没有一页以标题或节标题行结束。"""
    pdf, out = libreoffice_pdf(tmp_path, EXAMPLES / "上海市公积金管理中心-2020.yaml", formats="html,docx")
    blocks = parse_blocks(next(out.glob("*.html")).read_text(encoding="utf-8"))
    headings = {"".join(b.text.split()) for b in blocks if isinstance(b, Para) and b.role.keep_with_next}
    pages = page_lines(pdf)
    assert "二、主动公开政府信息情况" in headings
    stranded = [(number, page[-1]) for number, page in enumerate(pages, 1) if page[-1] in headings or page[-1].startswith("第二十条")]
    assert stranded == []
    where = next(i for i, page in enumerate(pages) if "二、主动公开政府信息情况" in page)
    heading_page = pages[where]
    assert heading_page[heading_page.index("二、主动公开政府信息情况") + 1 :][:2] == ["第二十条第（一）项", "信息内容本年新制作数量本年新公开数量对外公开总数量"]
