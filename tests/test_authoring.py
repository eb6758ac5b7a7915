"""编写辅助：gjjgen init（含 --from 承接上年）、跨年度核对、JSON Schema、统计表数据导出。"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

from gjjgen.authoring.editor_schema import json_schema
from gjjgen.authoring.scaffold import CARRIED_MARK
from gjjgen.checks.validate import choose_spec, validate_file
from gjjgen.cli.app import main
from gjjgen.render.export import tables_csv, tables_json
from gjjgen.spec.formats import available_specs, load_common, load_spec

SHANGHAI = EXAMPLES / "上海市公积金管理中心-2020.yaml"
HULUDAO = EXAMPLES / "葫芦岛市住房公积金管理中心-2023.yaml"
NOT_YET_FILLED = {"TEXT-EMPTY"}


def _codes(path: Path, **kwargs: object) -> list[str]:
    return [p.code for p in validate_file(path, **kwargs).problems]  # type: ignore[arg-type]


# ---------------------------------------------------------------- init


@pytest.mark.parametrize("spec_id", available_specs())
def test_init_output_validates_with_only_not_yet_filled_warnings(tmp_path: Path, spec_id: str) -> None:
    year = 2024 if spec_id == "2021" else (2020 if spec_id == "2019" else 2018)
    out = tmp_path / "new.yaml"
    assert main(["init", "-o", str(out), "--agency", "测试市住房公积金管理中心", "--year", str(year), "--format", spec_id]) == 0
    result = validate_file(out)
    assert result.errors == []
    assert set(_codes(out)) <= NOT_YET_FILLED
    assert set(_codes(out)) == NOT_YET_FILLED  # 叙述部分确实留空待写
    text = out.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=./gjjgen-{spec_id}.schema.json\n")
    assert json.loads((tmp_path / f"gjjgen-{spec_id}.schema.json").read_text(encoding="utf-8"))["$schema"].endswith("2020-12/schema")
    data = yaml.safe_load(text)
    assert data["元数据"]["机关名称"] == "测试市住房公积金管理中心"
    assert str(data["元数据"]["格式"]) == spec_id


def test_init_comments_quote_statutory_labels_and_guides(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    main(["init", "-o", str(out), "--机关名称", "某市住房公积金管理中心", "--报告年度", "2024"])
    text = out.read_text(encoding="utf-8")
    spec = load_spec("2021")
    for part in spec.parts:
        if part.guide:
            assert part.guide in text
    # 法定行名、列名原文都出现在注释里
    for label in ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "本年收费金额（单位：万元）", "四、结转下年度继续办理", "信息处理费"):
        assert label in text
    # 每个法定的键都写出来了：数据里有表三的全部叶子行
    data = yaml.safe_load(text)
    handling = data["收到和处理政府信息公开申请情况"]["本年度办理结果"]
    assert handling["其他处理"] == {"逾期不补正": [0] * 6, "逾期未缴费": [0] * 6, "其他": [0] * 6}
    assert data["政府信息公开行政复议、行政诉讼情况"]["复议后起诉"] == [0, 0, 0, 0]


def test_init_defaults_format_from_year(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    main(["init", "-o", str(out), "--agency", "某中心", "--year", "2016", "--province", "山东"])
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["元数据"]["格式"] == "pre-2019-山东"


def test_init_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.yaml"
    out.write_text("原有内容\n", encoding="utf-8")
    assert main(["init", "-o", str(out), "--agency", "某中心", "--year", "2024"]) == 1
    assert out.read_text(encoding="utf-8") == "原有内容\n"
    err = capsys.readouterr().err
    assert "[INIT-EXISTS]" in err and "--force" in err and "Traceback" not in err
    assert main(["init", "-o", str(out), "--agency", "某中心", "--year", "2024", "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_init_without_agency_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "-o", str(tmp_path / "a.yaml")]) == 2
    assert "--agency" in capsys.readouterr().err


# ---------------------------------------------------------------- two-year chain


@pytest.fixture
def chain(tmp_path: Path) -> Path:
    """上海 2020（2019 年格式）→ init --from → 2021 年格式的新文件。"""
    out = tmp_path / "shanghai-2021.yaml"
    assert main(["init", "-o", str(out), "--from", str(SHANGHAI)]) == 0
    return out


def test_from_carries_pending_applications_across_format_change(chain: Path) -> None:
    data = yaml.safe_load(chain.read_text(encoding="utf-8"))
    meta = data["元数据"]
    assert (meta["机关名称"], meta["报告年度"], meta["格式"], meta["省份"]) == ("上海市公积金管理中心", 2021, "2021", "上海")
    assert (chain.parent / meta["上年数据"]).resolve() == SHANGHAI.resolve()
    table = data["收到和处理政府信息公开申请情况"]
    assert table["上年结转"] == [2, 0, 0, 0, 0, 0]
    # 先记作“仍未办结”，勾稽关系成立
    assert table["结转下年度继续办理"] == [2, 0, 0, 0, 0, 0]
    result = validate_file(chain)
    assert result.errors == []
    assert {p.code for p in result.warnings} == {"TEXT-CARRIED"}


def test_from_keeps_last_years_text_marked_for_revision(chain: Path) -> None:
    text = chain.read_text(encoding="utf-8")
    assert f"{CARRIED_MARK}2020年，市公积金中心坚持以习近平新时代中国特色社会主义思想为指导" in text
    carried = [p for p in validate_file(chain).problems if p.code == "TEXT-CARRIED"]
    lines = text.splitlines()
    assert carried and all(CARRIED_MARK in lines[p.line - 1][p.col - 1 :] for p in carried)
    # 删去标记但不改写：变成“内容雷同”
    chain.write_text(text.replace(CARRIED_MARK, ""), encoding="utf-8")
    codes = _codes(chain)
    assert "TEXT-CARRIED" not in codes and "YOY-SAME-TEXT" in codes


def test_changed_carried_value_is_an_error_at_the_cell(chain: Path) -> None:
    text = chain.read_text(encoding="utf-8").replace("上年结转: [2, 0, 0, 0, 0, 0]", "上年结转: [3, 0, 0, 0, 0, 0]")
    text = text.replace("结转下年度继续办理: [2, 0, 0, 0, 0, 0]", "结转下年度继续办理: [3, 0, 0, 0, 0, 0]")
    chain.write_text(text, encoding="utf-8")
    (problem,) = [p for p in validate_file(chain).problems if p.code == "YOY-CARRY"]
    assert problem.is_error
    assert "写的是 3" in problem.message and "为 2" in problem.message and "自然人" in problem.message
    prev_line = next(i for i, line in enumerate(SHANGHAI.read_text(encoding="utf-8").splitlines(), 1) if line.lstrip().startswith("结转下年度继续办理"))
    assert f"{SHANGHAI.name}:{prev_line}:" in problem.message
    line = chain.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line.lstrip().startswith("上年结转:") and line[problem.col - 1] == "3"


def test_previous_option_overrides_metadata(tmp_path: Path, chain: Path) -> None:
    text = chain.read_text(encoding="utf-8")
    without = tmp_path / "no-meta.yaml"
    without.write_text("\n".join(line for line in text.splitlines() if not line.lstrip().startswith("上年数据:")), encoding="utf-8")
    without.write_text(without.read_text(encoding="utf-8").replace("上年结转: [2,", "上年结转: [1,").replace("结转下年度继续办理: [2,", "结转下年度继续办理: [1,"), encoding="utf-8")
    assert "YOY-CARRY" not in _codes(without)
    assert "YOY-CARRY" in _codes(without, previous=SHANGHAI)
    assert main(["validate", str(without), "--previous", str(SHANGHAI)]) == 1


def test_missing_previous_file_is_reported_at_the_metadata(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    main(["init", "-o", str(out), "--agency", "某中心", "--year", "2024"])
    out.write_text(out.read_text(encoding="utf-8").replace("  上年数据:\n", "  上年数据: 没有这个文件.yaml\n"), encoding="utf-8")
    (problem,) = [p for p in validate_file(out).problems if p.code == "YOY-PREV-MISSING"]
    assert out.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip().startswith("上年数据:")


def test_previous_with_errors_gets_one_note(tmp_path: Path, chain: Path) -> None:
    broken = tmp_path / "prev.yaml"
    broken.write_text(SHANGHAI.read_text(encoding="utf-8").replace("本年新收: [10,", "本年新收: [11,"), encoding="utf-8")
    codes = _codes(chain, previous=broken)
    assert codes.count("YOY-PREV-ERRORS") == 1
    assert "T3-COL-BAL" not in codes  # 上年文件自己的问题不重复报


def test_running_count_and_copied_cells(tmp_path: Path) -> None:
    """2021 → 2022：现行有效件数接着算（警告）；大量非零格与上年相同（警告）。"""
    out = tmp_path / "huludao-2024.yaml"
    assert main(["init", "-o", str(out), "--from", str(HULUDAO)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["主动公开政府信息情况"]["第二十条第（一）项"]["行政规范性文件"] == [0, 0, 1]
    assert validate_file(out).errors == []
    text = out.read_text(encoding="utf-8").replace("行政规范性文件: [0, 0, 1]", "行政规范性文件: [2, 0, 1]")
    out.write_text(text, encoding="utf-8")
    (problem,) = [p for p in validate_file(out).problems if p.code == "YOY-RUNNING"]
    assert problem.level == "warning" and "应为 1 + 2 − 0 = 3" in problem.message
    copied = HULUDAO.read_text(encoding="utf-8").replace("报告年度: 2023", "报告年度: 2024")
    for old, new in (("本年新收: [0, 0, 0, 0, 0, 0, 0]", "本年新收: [3, 1, 0, 0, 0, 0, 4]"), ("予以公开: [0, 0, 0, 0, 0, 0, 0]", "予以公开: [3, 1, 0, 0, 0, 0, 4]")):
        copied = copied.replace(old, new)
    this, last = tmp_path / "this.yaml", tmp_path / "last.yaml"
    last.write_text(copied.replace("报告年度: 2024", "报告年度: 2023"), encoding="utf-8")
    this.write_text(copied, encoding="utf-8")
    codes = _codes(this, previous=last)
    assert "YOY-SAME-CELLS" in codes and "YOY-SAME-TEXT" in codes


# ---------------------------------------------------------------- JSON Schema


def _as_yaml12(value: object) -> object:
    """YAML 1.2（编辑器插件所用）不把 2024-01-20 读成日期：测试里同样当作文字。"""
    if isinstance(value, dict):
        return {str(k): _as_yaml12(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_yaml12(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _validator(data: dict) -> object:
    jsonschema = pytest.importorskip("jsonschema")
    spec, _ = choose_spec(data["元数据"])
    schema = json_schema(spec, load_common())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_examples_validate_against_json_schema(path: Path) -> None:
    data = _as_yaml12(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert [e.message for e in _validator(data).iter_errors(data)] == []  # type: ignore[attr-defined]


def test_broken_file_fails_json_schema() -> None:
    data = _as_yaml12(yaml.safe_load(HULUDAO.read_text(encoding="utf-8")))
    table = data["收到和处理政府信息公开申请情况"]
    table["本年新收"] = [0, 0, "12件", 0, 0, 0]
    table["上年结转"] = [0, 0]
    data["政府信息公开行政复议、行政诉讼情况"]["行政复议"] = [-1, 0, 0, 0]
    data["元数据"]["报告年份"] = 2023
    errors = list(_validator(data).iter_errors(data))  # type: ignore[attr-defined]
    paths = {tuple(e.absolute_path)[:2] for e in errors}
    assert ("收到和处理政府信息公开申请情况", "本年新收") in paths
    assert ("收到和处理政府信息公开申请情况", "上年结转") in paths
    assert ("政府信息公开行政复议、行政诉讼情况", "行政复议") in paths
    assert ("元数据",) in {tuple(e.absolute_path)[:1] for e in errors}


def test_schema_command_writes_descriptions_from_the_spec(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    assert main(["schema", "--format", "json-schema", "--format-version", "2019", "-o", str(out)]) == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    table = schema["properties"]["主动公开政府信息情况"]["properties"]["第二十条第（九）项"]["properties"]["政府集中采购"]
    assert "采购总金额" in table["description"]
    assert main(["schema", "--format-version", "1999"]) == 2


# ---------------------------------------------------------------- export


def test_tables_json_and_csv() -> None:
    doc = validate_file(SHANGHAI).document
    assert doc is not None
    payload = json.loads(tables_json(doc))
    assert (payload["机关名称"], payload["报告年度"], payload["格式"]) == ("上海市公积金管理中心", 2020, "2019")
    cells = {(t["key"], c["key"]): c for t in payload["tables"] for c in t["cells"]}
    assert cells[("依申请公开", "本年新收.自然人")]["value"] == 10
    assert cells[("依申请公开", "本年新收.商业企业")]["value"] is None  # “—” 不是 0
    total = cells[("依申请公开", "本年度办理结果.总计.总计")]
    assert total["value"] == 8 and total["computed"] is True
    assert total["row"] == ["三、本年度办理结果", "（七）总计"]
    assert cells[("主动公开", "第二十条第（九）项.政府集中采购.采购总金额")]["text"] == "1888.8652万元"
    rows = list(csv.reader(io.StringIO(tables_csv(doc))))
    assert rows[0] == ["表", "表名", "行", "列", "值", "键", "计算"]
    by_key = {(r[0], r[5]): r for r in rows[1:]}
    assert by_key[("依申请公开", "本年新收.商业企业")][4] == ""
    assert by_key[("依申请公开", "结转下年度继续办理.自然人")][2:5] == ["四、结转下年度继续办理", "自然人", "2"]
    assert len(rows) - 1 == len(cells)
