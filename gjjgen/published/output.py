"""写出导入的结果：数据文件与旁注 ``<名称>.trace.json``，以及一次导入多份时各自的文件名。

``gjjgen import`` 导入一份、批量导入的工作进程导入每一份，都调用 :func:`import_to_file`：
导入、列出问题、原子地写出两个文件、说明结论与各表的情况。它把单个文件时命令行上的文字写到
``out``（写不进文件的说明写到 ``err``），并把全部问题与写出的文件记在返回值里（批量的汇总用）。

一次导入多份时数据文件都写进一个目录，以原文命名（``报告.pdf`` → ``报告.yaml``）。同名的原文
（同一份报告的网页与 PDF、不同目录里都叫 ``index.html`` 的网页）不能互相覆盖，所以
:func:`plan_outputs` 在开始之前统一定好名字：先在名字后加原文的后缀（``报告-pdf.yaml``），仍然
同名时加上由原文完整路径算出的 8 位短码（``index~1a2b3c4d.yaml``，同一份原文每次得到同一个名字），
并说明改了名（IMPORT-NAME 警告）。
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..files import os_error_text, write_atomic
from ..problems.codes import problem_line
from ..problems.findings import Problem, summary
from .pipeline import ImportResult, import_document

DATA_SUFFIXES = (".yaml", ".yml")


def sidecar_of(output: Path) -> Path:
    """数据文件的旁注文件：``2023.yaml`` → ``2023.trace.json``。"""
    return output.with_name(f"{output.stem}.trace.json")


def default_output(source: str | Path) -> Path:
    """只导入一份、没有 ``-o`` 时写在当前目录、与原文同名的数据文件。"""
    return Path(f"{Path(source).stem}.yaml")


@dataclass(frozen=True)
class ImportRequest:
    """导入哪一份、写到哪个数据文件；``renamed`` 非空时是为避免同名改了名字的说明。"""

    source: Path
    output: Path
    force: bool = False
    use_attachment: bool = True
    renamed: str = ""
    quiet: bool = False
    """只列出错误，不列警告（结论与各表的情况照样说明）。"""
    brief: bool = False
    """批量导入时：问题之后只用一行说明写到了哪里、结论如何（各表只提没找到或勾稽关系不成立的），
    不印“共几个错误”——每份的数目在最后的汇总表里。"""


@dataclass
class ImportOutcome:
    """导入一份的结果：退出码（0 已写出且没有错误）、导入结果、全部问题（含写文件时的）、写出的文件。"""

    result: ImportResult
    problems: list[Problem] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    code: int = 1


def import_to_file(request: ImportRequest, out: TextIO, err: TextIO | None = None) -> ImportOutcome:
    """导入一份并写出数据文件与旁注。任何输入都不抛异常：问题写到 ``out`` 并记在返回值里。"""
    err = err or out
    sidecar = sidecar_of(request.output)
    result = import_document(request.source, use_attachment=request.use_attachment, sidecar_name=sidecar.name)
    outcome = ImportOutcome(result=result, problems=list(result.problems))
    if request.renamed:
        note = Problem("warning", "IMPORT-NAME", request.renamed, request.source.name, place="文件名")
        outcome.problems.insert(0, note)
    for problem in outcome.problems:
        if problem.is_error or not request.quiet:
            out.write(problem.format() + "\n")
    if not result.ok:
        if not request.brief:
            out.write(summary(outcome.problems) + "\n")
        return outcome
    if not _write(request, result, outcome, err):
        return outcome
    _tell_written(request, result, outcome, out)
    outcome.code = 1 if any(p.is_error for p in outcome.problems) else 0
    return outcome


def _tell_written(request: ImportRequest, result: ImportResult, outcome: ImportOutcome, out: TextIO) -> None:
    """写出之后：写到了哪里、认出的格式、结论与各表的情况。"""
    spec = result.spec.name if result.spec else "（未知格式）"
    if request.brief:
        notes = "".join(f"；{t.name}{t.state}" for t in result.tables if not t.found or t.relations_failed)
        out.write(f"{request.source.name}：已写出 {request.output}（{spec}），结论：{result.verdict}{notes}\n")
        return
    out.write(summary(outcome.problems) + "\n")
    out.write(f"已写出 {request.output}（{spec}）与旁注 {sidecar_of(request.output)}。结论：{result.verdict}\n")
    for table in result.tables:
        out.write(f"  {table.name}：{table.state}\n")


def _write(request: ImportRequest, result: ImportResult, outcome: ImportOutcome, err: TextIO) -> bool:
    """原子地写出数据文件与旁注；写不进时说明原因、记作问题，返回 False。"""
    output = request.output
    sidecar = sidecar_of(output)
    try:
        if output.parent and not output.parent.exists():
            output.parent.mkdir(parents=True)
        write_atomic(output, result.data_text or "", overwrite=request.force)
        write_atomic(sidecar, result.trace_text, overwrite=True)
    except FileExistsError:
        _write_failed(outcome, err, output, "IMPORT-EXISTS", "文件已存在，没有覆盖；要覆盖请加 --force")
        return False
    except OSError as exc:
        _write_failed(outcome, err, output, "FILE-WRITE", f"无法写入：{os_error_text(exc)}")
        return False
    outcome.outputs += [str(output), str(sidecar)]
    return True


def _write_failed(outcome: ImportOutcome, err: TextIO, output: Path, code: str, message: str) -> None:
    err.write(problem_line(str(output), code, message) + "\n")
    outcome.problems.append(Problem("error", code, message, str(output), place="写出数据文件"))


# ---------------------------------------------------------------- 一次导入多份时的文件名


class OutputFolderError(Exception):
    """``-o`` 不能用作放数据文件的目录。``usage`` 为真时是用法错误（给的是文件名），否则是系统错误。"""

    def __init__(self, message: str, usage: bool) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage


def prepare_output_folder(folder: Path) -> None:
    """一次导入多份时 ``-o`` 是目录：不存在时建立；它是文件、或名字像数据文件时抛 :class:`OutputFolderError`。"""
    if folder.exists() and not folder.is_dir():
        raise OutputFolderError("一次导入多份时 -o 应是放数据文件的目录，这里给的是一个已有的文件", usage=True)
    if not folder.exists() and folder.suffix.lower() in DATA_SUFFIXES:
        raise OutputFolderError(
            f"一次导入多份时 -o 应是放数据文件的目录（各自以原文命名），给的“{folder.name}”像一个数据文件名；"
            "请给一个目录，或一次只导入一份", usage=True,
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFolderError(f"无法建立输出目录：{os_error_text(exc)}", usage=False) from exc


@dataclass(frozen=True)
class PlannedOutput:
    """一份原文的数据文件路径；``renamed`` 非空时说明为什么没有照原文命名。"""

    output: Path
    renamed: str = ""


def _fold(name: str) -> str:
    """比较文件名时不分大小写（Windows、macOS 的文件系统不分）。"""
    return name.casefold()


def _short_code(source: str) -> str:
    return hashlib.sha256(os.path.realpath(source).encode("utf-8", "surrogateescape")).hexdigest()[:8]


def plan_outputs(sources: list[str], folder: Path) -> dict[str, PlannedOutput]:
    """每份原文的数据文件（都在 ``folder`` 里），两份原文绝不写到同一个文件（见模块说明）。"""
    stems = {source: Path(source).stem for source in sources}
    same_stem = Counter(_fold(stem) for stem in stems.values())
    names = {
        source: stem if same_stem[_fold(stem)] == 1 else f"{stem}-{Path(source).suffix.lstrip('.').lower() or '无后缀'}"
        for source, stem in stems.items()
    }
    first = dict(names)
    same_name = Counter(_fold(name) for name in names.values())
    for source, name in first.items():
        if same_name[_fold(name)] > 1:
            names[source] = f"{stems[source]}~{_short_code(source)}"
    plan = {}
    for source, name in names.items():
        renamed = ""
        if name != stems[source]:
            clash = {_fold(stems[source]), _fold(first[source])}
            others = sum(1 for s in sources if s != source and {_fold(stems[s]), _fold(first[s])} & clash)
            renamed = f"另有 {others} 份原文与它同名，数据文件写作 {name}.yaml（旁注同名），免得互相覆盖"
        plan[source] = PlannedOutput(folder / f"{name}.yaml", renamed)
    return plan
