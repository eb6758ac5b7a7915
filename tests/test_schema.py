"""由格式文件生成的 Cerberus 模式本身合乎 Cerberus 语法（运行时不再检查，这里检查）。"""

from __future__ import annotations

import pytest

from gjjgen.document.structure import _Validator, build_schema
from gjjgen.spec.formats import available_specs, iter_rows, load_common, load_spec


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
