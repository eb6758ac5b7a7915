"""用户给的路径、输出文件名、成千上万的键、长串数字：都只得到带代码的中文说明，不出回溯。"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import HULUDAO

from gjjgen.checks.narrative_lint import _NUMBER
from gjjgen.checks.validate import validate_file
from gjjgen.cli.app import main
from gjjgen.document.keys import MAX_UNKNOWN_KEYS
from gjjgen.paths import MAX_NAME_BYTES, output_name

TOO_LONG = "名" * 90  # 270 字节：超过一级名字 255 字节的上限


def with_meta(tmp_path: Path, huludao_text: str, line: str) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(huludao_text.replace("  省份: 辽宁\n", f"  省份: 辽宁\n{line}\n", 1), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    return code, printed.out


# ---------------------------------------------------------------- 路径


def test_previous_year_path_too_long(tmp_path: Path, huludao_text: str) -> None:
    path = with_meta(tmp_path, huludao_text, f"  上年数据: {TOO_LONG}.yaml")
    codes = {p.code: p for p in validate_file(path).problems}
    problem = codes["YOY-PREV-UNREADABLE"]
    assert "文件名或路径太长" in problem.message and problem.line == 9


def test_template_folder_in_metadata_too_long(tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = with_meta(tmp_path, huludao_text, f"  模板目录: {TOO_LONG}")
    code, out = run(capsys, "render", str(path), "-f", "html", "-o", str(tmp_path / "out"))
    assert code == 1
    assert out.strip().splitlines()[-1].startswith(f"{path}:9:9: 错误: 模板目录“{TOO_LONG}”文件名或路径太长")
    assert out.strip().endswith("[RENDER-TEMPLATE-DIR]")


def test_template_folder_option_too_long(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "render", str(HULUDAO), "-f", "html", "-o", str(tmp_path), "--templates", str(tmp_path / TOO_LONG))
    assert code == 1
    assert "模板目录无法使用：文件名或路径太长" in out and out.strip().endswith("[RENDER-TEMPLATE-DIR]")


def test_output_folder_too_long(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "render", str(HULUDAO), "-f", "html", "-o", str(tmp_path / TOO_LONG))
    assert code == 1
    assert out.strip().endswith("错误: 无法创建输出目录：文件名或路径太长 [RENDER-OUTDIR]")


def test_output_folder_under_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    code, out = run(capsys, "render", str(HULUDAO), "-f", "html", "-o", str(tmp_path / "file" / "out"))
    assert code == 1
    assert out.strip().endswith("错误: 无法创建输出目录：路径中的某一级不是文件夹 [RENDER-OUTDIR]")


@pytest.mark.skipif(os.geteuid() == 0, reason="root 不受文件权限限制")
def test_previous_year_in_unreadable_folder(tmp_path: Path, huludao_text: str) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "prev.yaml").write_text(huludao_text, encoding="utf-8")
    locked.chmod(0)
    try:
        path = with_meta(tmp_path, huludao_text, "  上年数据: locked/prev.yaml")
        problem = next(p for p in validate_file(path).problems if p.code.startswith("YOY-PREV"))
        assert "没有权限" in problem.message
    finally:
        locked.chmod(0o755)


# ---------------------------------------------------------------- 输出文件名


def test_output_name_drops_invisible_characters_and_says_so() -> None:
    name = output_name("某市\u202e心中理管金积公\u200b房住", "-2023年政府信息公开工作年度报告")
    assert name.stem == "某市心中理管金积公房住-2023年政府信息公开工作年度报告"
    assert name.notes and "不可见字符" in name.notes[0]


def test_output_name_is_shortened_predictably() -> None:
    tail = "-2023年政府信息公开工作年度报告"
    first = output_name("某" * 95, tail)
    assert len(f"{first.stem}.docx".encode()) <= MAX_NAME_BYTES
    assert first.stem.endswith(tail) and re.search(r"~[0-9a-f]{8}-2023", first.stem)
    assert output_name("某" * 95, tail) == first
    assert output_name("某" * 94 + "乙", tail).stem != first.stem
    assert "已缩短" in first.notes[-1]
    assert output_name("某市住房公积金管理中心", tail) == output_name("某市住房公积金管理中心", tail)
    assert not output_name("某市住房公积金管理中心", tail).notes


def test_long_agency_name_renders_with_short_file_name(tmp_path: Path, huludao_text: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "data.yaml"
    agency = "某" * 95 + "\u202e"
    path.write_text(huludao_text.replace("机关名称: 葫芦岛市住房公积金管理中心", f'机关名称: "{agency}"', 1), encoding="utf-8")
    code, out = run(capsys, "render", str(path), "-f", "html,docx", "-o", str(tmp_path / "out"))
    assert code == 0, out
    files = sorted((tmp_path / "out").iterdir())
    assert [f.suffix for f in files] == [".docx", ".html"]
    assert all(len(f.name.encode()) <= MAX_NAME_BYTES and "\u202e" not in f.name for f in files)
    assert "已缩短" in out and "[RENDER-NAME]" in out


# ---------------------------------------------------------------- 数量与长度


def test_thousands_of_unknown_keys_are_summarised(tmp_path: Path, huludao_text: str) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(huludao_text + "".join(f"k{i}: 1\n" for i in range(9_000)), encoding="utf-8")
    unknown = [p for p in validate_file(path).problems if p.code == "KEY-UNKNOWN"]
    assert len(unknown) == MAX_UNKNOWN_KEYS + 1
    assert "还有 8950 个不认识的键" in unknown[-1].message


@pytest.mark.parametrize("extra", ["".join(f"k{i}: 1\n" for i in range(50_000)), "x: [" + "1, " * 30_000 + "1]\n"])
def test_hundreds_of_thousands_of_values_are_refused_early(tmp_path: Path, huludao_text: str, extra: str) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(huludao_text + extra, encoding="utf-8")
    problems = validate_file(path).problems
    assert [p.code for p in problems] == ["YAML-TOO-MANY"]
    assert problems[0].line > huludao_text.count("\n")


def test_number_pattern_starts_only_at_the_beginning_of_a_digit_run() -> None:
    """数的写法只从一串数字的开头试：长串数字里不再逐位重试（那会让时间随长度平方增长）。"""
    text = "收到申请" + "1" * 50_000 + "件，另有 23.5 件"
    starts = [m.start(1) for m in re.finditer(_NUMBER, text)]
    assert starts == [4, text.index("23.5")]


def test_long_digit_run_in_narrative_is_still_checked(tmp_path: Path, huludao_text: str) -> None:
    path = tmp_path / "digits.yaml"
    i = huludao_text.index("其他需要报告的事项:")
    path.write_text(huludao_text[:i] + "其他需要报告的事项: 全年共收到政府信息公开申请" + "1" * 50_000 + "件\n", encoding="utf-8")
    problems = validate_file(path).problems
    mismatch = [p for p in problems if p.code == "NARR-MISMATCH"]
    assert len(mismatch) == 1 and len(mismatch[0].format()) < 1200
