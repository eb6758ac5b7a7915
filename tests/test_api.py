"""程序接口（``gjjgen.validate_file``、``prepare_report``、``render_outputs``）与命令行的结果一致。"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLES, HULUDAO

import gjjgen
from gjjgen.cli.app import main

ZHONGSHAN = EXAMPLES / "中山市住房公积金管理中心-2020.yaml"


@pytest.mark.parametrize("source", [HULUDAO, ZHONGSHAN], ids=["葫芦岛", "中山（元数据里的模板目录）"])
def test_api_gives_the_same_files_as_the_command(tmp_path: Path, source: Path, capsys) -> None:
    assert main(["render", str(source), "-f", "html,docx,json", "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    validation = gjjgen.validate_file(source)
    assert not validation.errors
    prepared = gjjgen.prepare_report(validation)
    files = gjjgen.render_outputs(prepared, ("html", "docx", "json"))
    assert sorted(files) == ["docx", "html", "json"]
    for name, data in files.items():
        assert (tmp_path / f"{prepared.report.file_stem}.{name}").read_bytes() == data, name


def test_api_refuses_data_with_errors_unless_draft(tmp_path: Path, huludao_text: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(huludao_text.replace("报告年度: 2023", "报告年度: 2023年"), encoding="utf-8")
    validation = gjjgen.validate_file(path)
    with pytest.raises(gjjgen.ReportRefused, match=r"\[RENDER-NO-DATA\]|\[RENDER-REFUSED\]"):
        gjjgen.prepare_report(validation)
    broken = tmp_path / "y.yaml"
    broken.write_text(huludao_text.replace("  本年新收: [", "  本年新收: [9, ", 1), encoding="utf-8")
    validation = gjjgen.validate_file(broken)
    assert validation.errors and validation.document is not None
    with pytest.raises(gjjgen.ReportRefused, match=r"\[RENDER-REFUSED\]"):
        gjjgen.prepare_report(validation)
    html = gjjgen.render_outputs(gjjgen.prepare_report(validation, draft=True), ["html"])["html"]
    assert "草稿".encode() in html
