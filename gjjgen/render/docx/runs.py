"""文字段（``w:r``）的 XML：正文段落与表格单元格共用。"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from ..model import Run
from .settings import DocxSettings


def _run_xml(run: Run, s: DocxSettings, size: float | None = None) -> str:
    """一个 ``w:r`` 的 XML：随文标题用楷体（在 run 上写明字体），``\\n`` 写成换行；
    ``size``（磅）不同于样式时写在 run 上。"""
    props = ""
    if run.lead:
        font = quoteattr(s.h3_font)
        latin = quoteattr(s.latin(s.h3_font))
        props += (
            f"<w:rFonts w:ascii={latin} w:hAnsi={latin} w:eastAsia={font} w:cs={font}"
            ' w:hint="eastAsia"/>'
        )
    if run.bold:
        props += '<w:b w:val="1"/><w:bCs w:val="1"/>'
    if size is not None:
        half = round(size * 2)
        props += f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    parts = [f"<w:rPr>{props}</w:rPr>" if props else ""]
    for i, line in enumerate(run.text.split("\n")):
        if i:
            parts.append("<w:br/>")
        if line:
            space = ' xml:space="preserve"' if line != line.strip() else ""
            parts.append(f"<w:t{space}>{xml_escape(line)}</w:t>")
    return "<w:r>" + "".join(parts) + "</w:r>"


def runs_xml(runs: list[Run], s: DocxSettings, size: float | None = None) -> str:
    return "".join(_run_xml(run, s, size) for run in runs if run.text)
