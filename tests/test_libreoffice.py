"""DOCX 在 LibreOffice 里也能打开并排成同样的版面（CI 安装 LibreOffice；本机没有时跳过）。"""

from __future__ import annotations

import shutil
import subprocess

import pytest
from conftest import HULUDAO

from gjjgen.cli.app import main

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="没有安装 LibreOffice（CI 会安装）")


def test_docx_converts_in_libreoffice_with_28_characters_per_line(tmp_path):
    out = tmp_path / "out"
    assert main(["render", str(HULUDAO), "-f", "docx", "-o", str(out)]) == 0
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
    pdf = docx.with_suffix(".pdf")
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[:2] == ["葫芦岛市住房公积金管理中心", "2023 年政府信息公开工作年度报告"]
    # 正文满行 28 字（GB/T 9704 5.2.3）：“（一）主动公开情况”下第一段的第二行是满行
    body = next(i for i, line in enumerate(lines) if line.startswith("2023 年，按照市政务公开工作要求"))
    full_line = lines[body + 1].replace(" ", "")
    assert full_line == "府的决策部署，精心组织、狠抓落实，以政务公开促进中心职能"
    assert len(full_line) == 28
