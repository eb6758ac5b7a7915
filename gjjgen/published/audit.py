"""``gjjgen validate 报告.pdf``：已发布的报告在内存里导入后校验，问题按原文位置列出。"""

from __future__ import annotations

from pathlib import Path

from .sniff import sniff

TEXT_SUFFIXES = (".txt", ".text", ".md", ".htm", ".html", ".mht", ".mhtml")
"""按扩展名当作已发布报告的文字文件（其余文字文件按 YAML 数据文件读）。"""


def is_published(path: str | Path) -> bool:
    """是已发布的报告（网页、DOCX、PDF、旧版 Word），而不是 YAML 数据文件。看内容，纯文本再看扩展名。"""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False
    kind = sniff(head).kind
    if kind in ("pdf", "docx", "ole", "html", "mht"):
        return True
    return kind in ("text", "binary") and path.suffix.lower() in TEXT_SUFFIXES
