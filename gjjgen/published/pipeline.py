"""导入的总流程：读入 → 认种类 → 抽取 → 认格式 → 切分 → 对应 → 写出 → 在内存里校验。

:func:`import_document` 是唯一的入口（``gjjgen import``、``gjjgen validate 报告.pdf``、
``gjjgen init --from 报告.docx`` 与批量处理都调用它），任何输入都不抛异常：问题记在结果里。
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.validate import Validation, validate_loaded
from ..problems.codes import Level
from ..problems.findings import Problem, sort_problems
from ..source.datafile import load_text
from ..source.loaded import Loaded
from ..spec.formats import load_common
from ..spec.objects import GroupsTable, MatrixTable, SectionsTable, Spec, iter_rows
from .convert import ConvertError, to_docx
from .detect import detect_spec
from .emit import Emitter, YamlPath
from .extract_docx import extract_docx
from .extract_html import extract_html, mht_html
from .extract_pdf import extract_pdf
from .extract_text import extract_text
from .mapping import CellKey, Issue, Mapped, Traced, map_table
from .model import Extracted, Grid, SourcePara
from .segment import Segmented, segment, title_year
from .sniff import decode, sniff
from .trace import TableSummary, summarize, trace_json, verdict

MAX_BYTES = 50 * 1024 * 1024
ARITHMETIC = re.compile(r"^(?:T\d|STAT|SUM|BAL)|-(?:SUM|BAL|TOTAL)")


@dataclass
class ImportResult:
    """一次导入的结果。``data_text`` 为 None 表示什么也没读出（问题里说明了原因）。"""

    source: Path
    kind: str = ""
    data_text: str | None = None
    trace_text: str = ""
    problems: list[Problem] = field(default_factory=list)
    spec: Spec | None = None
    verdict: str = ""
    tables: list[TableSummary] = field(default_factory=list)
    cells: dict[CellKey, Traced] = field(default_factory=dict)
    paths: dict[YamlPath, CellKey] = field(default_factory=dict)
    validation: Validation | None = None
    dropped: list[str] = field(default_factory=list)
    sidecar_name: str = ""
    """数据文件开头的注释里提到的旁注文件名（默认与原文同名）。"""

    @property
    def ok(self) -> bool:
        return self.data_text is not None


def _note_problem(result: ImportResult, level: Level, code: str, message: str, place: str = "") -> None:
    result.problems.append(Problem(level, code, message, result.source.name, 1, 1, place or "全文"))


def _extract(result: ImportResult, data: bytes, use_attachment: bool = True) -> Extracted | None:
    sniffed = sniff(data)
    result.kind = sniffed.kind
    try:
        if sniffed.kind == "pdf":
            return extract_pdf(data, use_attachment=use_attachment)
        if sniffed.kind == "docx":
            return extract_docx(data)
        if sniffed.kind == "ole":
            return extract_docx(to_docx(data, result.source.suffix.lower()))
        if sniffed.kind == "mht":
            html = mht_html(data)
            return extract_html(html, "mht") if html is not None else None
        if sniffed.kind == "html":
            return extract_html(decode(data, sniffed))
        if sniffed.kind == "text":
            return extract_text(decode(data, sniffed))
    except ConvertError as exc:
        _note_problem(result, "error", exc.code, exc.message)
        return None
    except Exception as exc:  # 损坏的文件：各解析库抛出的异常五花八门
        _note_problem(result, "error", "IMPORT-DAMAGED", f"文件读不下去（{type(exc).__name__}）：文件可能已损坏，或不是它看起来的那种文件")
        return None
    _note_problem(result, "error", "IMPORT-UNSUPPORTED", "认不出这是什么文件：gjjgen 能读网页（.html/.mht）、Word（.docx，装有 LibreOffice 时也能读 .doc/.wps）、有文字层的 PDF 和纯文本")
    return None


def import_document(
    path: str | Path, data: bytes | None = None, *, use_attachment: bool = True, sidecar_name: str = ""
) -> ImportResult:
    """读一份已发布的报告，得到数据文件全文、旁注与问题（含在内存里校验的结果）。

    PDF 附带了生成它的数据文件时默认原样取用（无损）；``use_attachment=False`` 时不看附件、
    照样从版面读表——核对印出来的表与附件是否一致时用。``sidecar_name`` 是旁注将要写成的
    文件名（数据文件开头的注释指向它），不给时是“原文名.trace.json”。"""
    result = ImportResult(Path(path), sidecar_name=sidecar_name or f"{Path(path).stem}.trace.json")
    if data is None:
        try:
            if result.source.stat().st_size > MAX_BYTES:
                _note_problem(result, "error", "IMPORT-TOO-LARGE", f"文件超过 {MAX_BYTES // 1024 // 1024} MB，不像一份年度报告")
                return result
            data = result.source.read_bytes()
        except FileNotFoundError:
            _note_problem(result, "error", "FILE-NOT-FOUND", f"找不到文件“{result.source}”；请检查路径和文件名")
            return result
        except IsADirectoryError:
            _note_problem(result, "error", "FILE-IS-DIR", "这是一个文件夹，不是文件")
            return result
        except OSError as exc:
            _note_problem(result, "error", "FILE-UNREADABLE", f"无法读取文件：{exc.strerror or exc}")
            return result
    extracted = _extract(result, data, use_attachment)
    if extracted is None:
        return result
    for level, code, message in extracted.notes:
        _note_problem(result, level, code, message)
    if extracted.embedded is not None:
        return _from_embedded(result, extracted.embedded)
    if any(p.is_error for p in result.problems):
        return result
    grids = [b for b in extracted.blocks if isinstance(b, Grid)]
    paras = [b for b in extracted.blocks if isinstance(b, SourcePara)]
    if not grids:
        _note_problem(result, "error", "IMPORT-NO-TABLES", "原文里没有找到表格：年度报告的法定统计表是导入的依据（表格若是图片，需要人工录入）")
        return result
    year = title_year(paras[:6])
    spec, scores = detect_spec(grids, year)
    result.spec = spec
    seg = segment(extracted.blocks, spec)
    year = title_year(seg.title) or year
    mapped = {key: map_table(spec.tables[key], grid) for key, grid in seg.grids.items()}
    _build(result, spec, seg, mapped, year, scores)
    return result


def _expected(spec: Spec) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, table in spec.tables.items():
        if isinstance(table, SectionsTable):
            out[key] = sum(len(s.rows) * len(s.columns) for s in table.sections)
        elif isinstance(table, MatrixTable):
            leaves = [r for r in iter_rows(table.rows) if not r.rows and not r.total]
            out[key] = len(leaves) * len([c for c in table.columns if not c.total])
        elif isinstance(table, GroupsTable):
            out[key] = len(table.groups) * len([c for c in table.columns if not c.total])
        else:
            out[key] = sum(bool(s.value) + sum(r.has_value for r in iter_rows(s.rows)) for s in table.indicator_sections)
    return out


def _build(result: ImportResult, spec: Spec, seg: Segmented, mapped: dict[str, Mapped], year: int | None, scores: dict[str, float]) -> None:
    """写出数据文件，在内存里校验，再按勾稽关系下结论、写旁注。"""
    cells: dict[CellKey, Traced] = {}
    for m in mapped.values():
        cells.update(m.cells)
    emitter = Emitter(spec, load_common(), cells)
    _emit(result, emitter, seg, year)
    result.cells, result.paths, result.dropped = cells, emitter.paths, seg.dropped
    for table, label in emitter.missing:
        if table.key in seg.grids:
            _note_problem(result, "warning", "IMPORT-ROW-MISSING", f"{table.name}里没有找到“{label}”这一行，记为未填", table.name)
    for m in mapped.values():
        for issue in m.issues:
            _issue(result, issue, m)
    _validate(result, spec)
    failed: dict[str, int] = {}
    for problem in result.validation.errors if result.validation is not None else []:
        part = _part_of(result, problem)
        if part and ARITHMETIC.search(problem.code):
            failed[part] = failed.get(part, 0) + 1
    result.tables = summarize(spec, mapped, _expected(spec), failed)
    result.verdict = verdict(result.tables, mapped, result.problems)
    result.trace_text = trace_json(result.source.name, result.kind, spec, scores, result.verdict, result.tables,
                                   result.paths, cells, seg.dropped, lambda key: describe_cell(result, key))


def _emit(result: ImportResult, emitter: Emitter, seg: Segmented, year: int | None) -> None:
    """数据文件全文：注释、元数据、标题、前言、各部分（法定表没找到的照样写出，全部未填）。"""
    spec = emitter.spec
    agency = seg.agency or _agency_from_title(seg)
    emitter.header(agency, year, result.source.name, result.sidecar_name)
    meta: dict[str, object] = {"机关名称": agency, "报告年度": year, "格式": spec.id}
    if seg.date:
        with contextlib.suppress(ValueError):  # 原文的日期不存在（2月30日）：不写，校验会提示没有发布日期
            meta["发布日期"] = dt.date(*seg.date).isoformat()
    emitter.meta(meta)
    emitter.title([p.text for p in seg.title])
    if seg.preamble:
        emitter.textblock("前言", tuple(_paragraphs(seg.preamble)))
        emitter.lines.append("")
    for part in spec.parts:
        if part.kind == "text":
            blocks = seg.texts.get(part.key, [])
            emitter.textblock(part.key, tuple(item for _t, block in blocks for item in block))
        elif part.kind == "parts":
            emitter.chapters(part.key, seg.texts.get(part.key, []))
        elif part.kind == "table":
            table = spec.table_of(part)
            if table.key not in seg.grids:
                _note_problem(result, "error", "IMPORT-TABLE-MISSING", f"原文里没有找到{table.name}（{table.title}）；这张表需要人工录入")
            emitter.table(part.key, table)
        else:
            continue
        emitter.lines.append("")
    result.data_text = emitter.text()


def _paragraphs(paras: list[SourcePara]) -> list:
    from ..document.textblock import Paragraph

    return [Paragraph(p.text) for p in paras]


def _agency_from_title(seg: Segmented) -> str:
    text = "".join(p.text for p in seg.title)
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"\d{4}年度?", "", text)
    return re.sub(r"(?:政府信息公开|政务公开).*$", "", text) or "（未能从原文读出机关名称）"


def _issue(result: ImportResult, issue: Issue, mapped: Mapped) -> None:
    place = ""
    if issue.place is not None:
        place = " ".join(w for w in (issue.place.describe(),) if w) or ""
        place = f"{mapped.table.name} {place}".strip()
    result.problems.append(Problem(issue.level, issue.code, issue.message, result.source.name, 1, 1, place or "全文"))


def describe_cell(result: ImportResult, key: CellKey) -> str:
    """原文里这一格的位置：PDF 用页码与行名列名，网页与 DOCX 另加第几行第几列。"""
    traced = result.cells.get(key)
    spec = result.spec
    name = spec.tables[key[0]].name if spec and key[0] in spec.tables else key[0]
    if traced is None:
        return f"{name}（原文里没有这一格）"
    labels = f"「{traced.row_label}」行「{traced.col_label}」列"
    place = traced.place
    if place.page is not None:
        return f"第{place.page}页 {name}{labels}"
    if place.line is not None:
        return f"第{place.line}行 {name}{labels}"
    return f"{name} 第{place.row}行第{place.col}列{labels}"


def _validate(result: ImportResult, spec: Spec) -> None:
    loaded = load_text(result.data_text or "", Loaded(path=Path(result.source.name)))
    validation = validate_loaded(loaded, yearly=False)
    result.validation = validation
    spots: dict[tuple[int, int], YamlPath] = {}
    for path, mark in loaded.value_marks.items():
        if mark not in spots or len(path) > len(spots[mark]):
            spots[mark] = path
    mapped_problems = []
    for problem in validation.problems:
        path = spots.get((problem.line, problem.col), ())
        mapped_problems.append(_relocate(result, problem, path))
    result.problems = sort_problems([*result.problems, *mapped_problems])


def _relocate(result: ImportResult, problem: Problem, path: YamlPath) -> Problem:
    key = result.paths.get(path)
    if key is None:
        key = next((k for p, k in result.paths.items() if p[: len(path)] == path and path), None)
    if key is not None:
        place = describe_cell(result, key)
    else:
        place = "全文" if not path else f"「{path[0]}」部分"
    return Problem(problem.level, problem.code, problem.message, result.source.name, problem.line, problem.col, place)


def _part_of(result: ImportResult, problem: Problem) -> str | None:
    spec = result.spec
    if spec is None or result.validation is None:
        return None
    for key, name in ((p.key, spec.table_of(p).name) for p in spec.parts if p.kind == "table"):
        if problem.place.startswith(name) or f" {name}" in problem.place or name in problem.message[:6]:
            return key
    return None


def _from_embedded(result: ImportResult, text: str) -> ImportResult:
    """gjjgen 生成的 PDF 附带了数据文件：原样取用（无损），不必从版面里猜。"""
    result.kind = "pdf-embedded"
    result.data_text = text
    loaded = load_text(text, Loaded(path=Path(result.source.name)))
    result.validation = validate_loaded(loaded, yearly=False)
    result.spec = result.validation.spec
    result.problems = sort_problems(
        [*result.problems, *(Problem(p.level, p.code, p.message, result.source.name, p.line, p.col, f"附带的数据文件第{p.line}行") for p in result.validation.problems)]
    )
    result.verdict = "可直接使用" if not result.validation.errors else "需复核"
    payload = {"原文": result.source.name, "种类": "pdf-embedded", "说明": "PDF 附带了生成它的数据文件，原样取用", "结论": result.verdict}
    result.trace_text = json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    return result
