"""校验流水线：读入 → 结构（Cerberus）→ 检查，收集全部问题后统一定位、排序。"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..document.model import Document, build_document
from ..document.structure import check_structure
from ..problems.codes import level_of
from ..problems.findings import Finding, Problem, sort_problems
from ..source.datafile import Loaded, load_document
from ..spec.formats import (
    Spec,
    available_specs,
    default_spec_id,
    latest_spec_id,
    load_common,
    load_spec,
    match_key,
)
from ..spec.resources import Resources
from .arithmetic import CHECKS


@dataclass
class Validation:
    """一次校验的结果。``document`` 只在数据结构可用时存在（可能仍有算术错误）。"""

    loaded: Loaded
    problems: list[Problem] = field(default_factory=list)
    document: Document | None = None
    spec: Spec | None = None
    places: dict[Problem, tuple[tuple, ...]] = field(default_factory=dict)
    """每条问题牵涉的数据路径（先是定位用的那一条，再是相关的格）；读入时的问题没有。
    命令行只用行列，实时预览据此把问题标在报告里的相应位置。"""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def locate(loaded: Loaded, finding: Finding) -> Problem:
    """唯一把数据路径变成“文件:行:列”的地方。"""
    if finding.where is not None:
        line, col = finding.where
    else:
        line, col = loaded.key_mark(finding.path) if finding.at_key else loaded.mark(finding.path)
    return Problem(level_of(finding.code), finding.code, finding.message, str(loaded.path), line, col)


def _lookup(mapping: Any, key: str) -> Any:
    """按标准键取值，也认近似的写法（“元数 据”）：选格式时结构校验还没把键改成标准键。"""
    if not isinstance(mapping, dict):
        return None
    if key in mapping:
        return mapping[key]
    wanted = match_key(key)
    return next((v for k, v in mapping.items() if match_key(k) == wanted), None)


def choose_spec(meta: Any, resources: Resources | None = None) -> tuple[Spec | None, list[Finding]]:
    """由元数据定格式：写了“格式”就用它（并核对年度），否则按报告年度与省份选。"""
    findings: list[Finding] = []
    if not isinstance(meta, dict):
        return None, findings
    year = _lookup(meta, "报告年度")
    year = year if isinstance(year, int) and not isinstance(year, bool) else None
    wanted = _lookup(meta, "格式")
    province = _lookup(meta, "省份")
    ids = available_specs(resources)
    if wanted is not None and str(wanted) in ids:
        spec = load_spec(str(wanted), resources)
        if year is not None and not spec.fits_year(year):
            fit = default_spec_id(year, str(province) if province else None, resources)
            findings.append(
                Finding(
                    ("元数据", "格式"),
                    "FORMAT-YEAR",
                    f"{year} 年度的报告不适用“{spec.name}”（{spec.basis}），应使用“{load_spec(fit, resources).name if fit else '（无）'}”"
                    + (f"，即 格式: {fit}" if fit else ""),
                )
            )
        return spec, findings
    if wanted is not None or year is None:
        return None, findings
    spec_id = default_spec_id(year, str(province) if province else None, resources)
    return (load_spec(spec_id, resources) if spec_id else None), findings


def validate_loaded(
    loaded: Loaded, previous: str | Path | None = None, yearly: bool = True, resources: Resources | None = None
) -> Validation:
    """校验读入的数据。``yearly`` 为真时与上年数据核对（``previous`` 或元数据“上年数据”）；
    ``resources`` 是格式文件所在（不给时用程序自带的）。"""
    result = Validation(loaded=loaded, problems=list(loaded.problems))
    if loaded.data is None:
        result.problems = sort_problems(result.problems)
        return result
    common = load_common(resources)
    spec, findings = choose_spec(_lookup(loaded.data, common.metadata_key), resources)
    ids = tuple(available_specs(resources))
    structural = check_structure(loaded, spec or load_spec(latest_spec_id(resources), resources), common, ids)
    meta = _lookup(loaded.data, common.metadata_key)
    guessed = _lookup(meta, "格式") is None  # 格式由报告年度推定：年度写错了，推定的格式也靠不住
    if (
        spec is None
        or any(f.code == "FORMAT-YEAR" for f in findings)
        or (guessed and any(f.code == "META-YEAR" for f in structural))
    ):
        # 格式无法确定（或与年度不符）：只报元数据的问题，表格按哪种格式核对都没有意义
        structural = [f for f in structural if f.path[:1] == (common.metadata_key,) or f.path == ()]
        if spec is None and not any(f.path[:1] == (common.metadata_key,) for f in structural):
            structural.append(Finding((common.metadata_key,), "META-FORMAT", "无法确定报告的格式：请在元数据中写明“报告年度”（或“格式”）"))
    findings.extend(structural)
    if spec is not None and not any(f.level == "error" and f.path[:1] == (common.metadata_key,) for f in findings):
        document = build_document(loaded, spec, common)
        for check in CHECKS:
            findings.extend(check(document))
        if yearly:
            from .yearly import check_previous

            findings.extend(check_previous(document, previous, partial(validate_file, resources=resources)))
        result.document = document
        result.spec = spec
    findings = drop_follow_ons(findings)
    located = [(locate(loaded, f), f) for f in findings]
    for problem, finding in located:
        known = result.places.get(problem, ())
        paths = (finding.path, *finding.related)
        result.places[problem] = known + tuple(p for p in paths if p not in known)
    result.problems = sort_problems([*result.problems, *(p for p, _ in located)])
    return result


FOLLOW_ON = ("CELL-BLANK", "TEXT-EMPTY")
"""由别的错误引起的提示：键写错了，标准键那一项自然“未填”，不必再说一遍。"""


def drop_follow_ons(findings: list[Finding]) -> list[Finding]:
    """去掉因同一处写错而连带产生的“未填”提示。

    写错的键（KEY-UNKNOWN）若与某个“未填”的标准键很像，那条“未填”只是同一个错误的回声；
    一行里写错了列名，这一行的“未填”也是；一项写成了错的形状（TEXT-TYPE、ROW-*），它的
    “未填”同理。
    """
    errors = [f for f in findings if f.level == "error"]
    if not errors:
        return findings

    def echoes(warning: Finding, error: Finding) -> bool:
        if error.path == warning.path or error.path[:-1] == warning.path:
            return True
        if error.code != "KEY-UNKNOWN" or error.path[:-1] != warning.path[:-1] or not error.path:
            return False
        wrong, right = match_key(str(error.path[-1])), match_key(str(warning.path[-1]))
        return difflib.SequenceMatcher(None, wrong, right).ratio() >= 0.5

    return [
        f
        for f in findings
        if f.code not in FOLLOW_ON or not any(echoes(f, e) for e in errors)
    ]


def validate_file(
    path: str | Path, previous: str | Path | None = None, yearly: bool = True, resources: Resources | None = None
) -> Validation:
    """校验一个数据文件；任何输入都不抛异常。``previous`` 是用来跨年度核对的上年数据文件，
    ``resources`` 是格式文件所在（不给时用程序自带的）。"""
    return validate_loaded(load_document(path), previous, yearly, resources)
