"""由格式文件生成的 Cerberus 模式本身合乎 Cerberus 语法（运行时不再检查，这里检查）。"""

from __future__ import annotations

import shutil

import pytest

from gjjgen.document.schema import build_schema
from gjjgen.document.structure import _Validator
from gjjgen.spec.formats import available_specs, load_common, load_spec
from gjjgen.spec.objects import (
    TABLE_KINDS,
    GroupsTable,
    IndicatorsTable,
    MatrixTable,
    SectionsTable,
    SpecError,
    iter_rows,
)
from gjjgen.spec.patches import resolved_raw
from gjjgen.spec.resources import Resources


@pytest.mark.parametrize("spec_id", available_specs())
def test_generated_schema_is_valid_cerberus(spec_id):
    schema = build_schema(load_spec(spec_id), load_common())
    validator = _Validator(schema)  # 构造时 Cerberus 校验模式，不合法则抛 SchemaError
    assert set(validator.schema) >= {"元数据", *(p.key for p in load_spec(spec_id).parts)}


def test_statute_row_counts():
    """表三行数与格式一致：2021 年格式 25 行（办理结果 22 行），2019 年格式 23 行（20 行）。"""
    for spec_id, rows, results in (("2021", 25, 22), ("2019", 23, 20)):
        table = load_spec(spec_id).tables["依申请公开"]
        leaves = [r for r in iter_rows(table.rows) if not r.rows]
        result_group = next(r for r in table.rows if r.key == "本年度办理结果")
        assert len(leaves) == rows
        assert len([r for r in iter_rows(result_group.rows) if not r.rows]) == results
        assert [c.key for c in table.columns] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


# ---------------------------------------------------------------- 表的种类与封闭的取值


TABLE_CLASSES = {"sections": SectionsTable, "matrix": MatrixTable, "groups": GroupsTable, "indicators": IndicatorsTable}


@pytest.mark.parametrize("spec_id", available_specs())
def test_each_table_is_read_as_the_class_of_its_kind(spec_id):
    """格式文件写的 kind 决定表的类；类上的 kind 与格式文件一致，四种表都在用。"""
    raw_tables = resolved_raw(Resources.default().schemas_dir, spec_id)["tables"]
    for key, table in load_spec(spec_id).tables.items():
        assert type(table) is TABLE_CLASSES[raw_tables[key]["kind"]]
        assert table.kind == raw_tables[key]["kind"]
    used = {table.kind for spec in map(load_spec, available_specs()) for table in spec.tables.values()}
    assert used == set(TABLE_KINDS)


def _write_format(tmp_path, table_yaml: str, part_kind: str = "table") -> Resources:
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    shutil.copy(Resources.default().schemas_dir / "common.yaml", schemas / "common.yaml")
    (schemas / "x.yaml").write_text(
        f"id: x\nparts:\n  - {{key: 表, kind: {part_kind}, table: 表, title: 表}}\ntables:\n  表:\n{table_yaml}",
        encoding="utf-8",
    )
    return Resources(schemas_dir=schemas, templates_dir=Resources.default().templates_dir)


GROUPS_TABLE = "    kind: groups\n    title: 表\n    groups: [{key: 组}]\n    columns: [{key: 甲, type: count}]\n"


@pytest.mark.parametrize(
    ("table_yaml", "part_kind", "expected"),
    [
        (GROUPS_TABLE.replace("kind: groups", "kind: grups"), "table",
         "表 表 的 kind='grups' 不认识（应为 sections、matrix、groups 或 indicators）"),
        (GROUPS_TABLE.replace("type: count", "type: money"), "table",
         "列 甲 的 type='money' 不认识（应为 count、signed 或 amount）"),
        ("    kind: indicators\n    title: 表\n    sections: [{key: 一, rows: [{key: 甲, unit: 件, type: float}]}]\n", "table",
         "表.一.甲 的 type='float' 不认识（应为 count、signed 或 amount）"),
        (GROUPS_TABLE, "tabel", "格式 x 的部分 表 的 kind='tabel' 不认识（应为 text、table、parts 或 fields）"),
    ],
)
def test_unknown_closed_values_are_rejected_when_the_format_is_read(tmp_path, table_yaml, part_kind, expected):
    resources = _write_format(tmp_path, table_yaml, part_kind)
    with pytest.raises(SpecError) as caught:
        load_spec("x", resources)
    assert str(caught.value) == expected


def test_unknown_field_type_in_common_is_rejected(tmp_path):
    resources = _write_format(tmp_path, GROUPS_TABLE)
    common = resources.schemas_dir / "common.yaml"
    common.write_text(common.read_text(encoding="utf-8").replace("type: year", "type: yaer", 1), encoding="utf-8")
    with pytest.raises(SpecError, match=r"common\.yaml 的字段 报告年度 的 type='yaer' 不认识（应为 text、year、format、date、lines 或 textblock）"):
        load_common(resources)


def test_a_well_formed_groups_table_loads(tmp_path):
    """上面的反例只差一处：原样的表读得进来，读成只有自己字段的分组表。"""
    table = load_spec("x", _write_format(tmp_path, GROUPS_TABLE)).tables["表"]
    assert isinstance(table, GroupsTable)
    assert [g.key for g in table.groups] == ["组"] and [c.type for c in table.columns] == ["count"]
    assert not hasattr(table, "rows") and not hasattr(table, "sections")
