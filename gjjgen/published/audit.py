"""``gjjgen validate 报告.pdf``：已发布的报告在内存里导入后校验，问题按原文位置列出。"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..checks.validate import Validation
from .sniff import sniff

TEXT_SUFFIXES = (".txt", ".text", ".md", ".htm", ".html", ".mht", ".mhtml")
"""按扩展名当作已发布报告的文字文件（其余文字文件按 YAML 数据文件读）。"""


MAX_ZIP_SNIFF = 50 * 1024 * 1024
"""认 DOCX 时最多读这么多字节（与导入的文件大小上限相同）。"""


def is_published(path: str | Path) -> bool:
    """是已发布的报告（网页、DOCX、PDF、旧版 Word），而不是 YAML 数据文件。看内容，纯文本再看扩展名。"""
    path = Path(path)
    try:
        if not path.is_file():  # 管道、设备：打开就会卡住；不存在、名字太长等交给数据文件的读入去报告
            return False
        with path.open("rb") as handle:
            head = handle.read(8192)
            if head.startswith(b"PK\x03\x04"):  # zip 的目录在文件末尾：看得到 word/ 才认得出 DOCX
                head += handle.read(MAX_ZIP_SNIFF)
    except OSError:
        return False
    kind = sniff(head).kind
    if kind in ("pdf", "docx", "ole", "html", "mht"):
        return True
    return kind in ("text", "binary") and path.suffix.lower() in TEXT_SUFFIXES


def previous_from_report(path: str | Path) -> Validation:
    """``gjjgen init --from 报告.html``：上年只有已发布的报告时，导入后当作上年数据。

    导入结果只在内存里：承接的说明指向报告文件本身，不指向并不存在的数据文件的行号。
    """
    from .pipeline import Loaded, import_document

    result = import_document(path)
    if result.validation is not None and result.validation.document is not None:
        document = dataclasses.replace(result.validation.document, path=Path(path), loaded=None)
        return dataclasses.replace(result.validation, document=document, problems=result.problems)
    return Validation(loaded=Loaded(path=Path(path)), problems=result.problems) if result.validation is None else result.validation
