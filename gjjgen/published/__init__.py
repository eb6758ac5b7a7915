"""读入已发布的年度报告（网页、DOCX、PDF、纯文本）：得到数据文件与逐格的来历。

各阶段一个模块：``sniff``（看内容认种类与编码）→ ``extract_*``（段落与表格网格）→
``detect``（认格式版本）→ ``segment``（标题、各部分、表格归属、落款、网页附属文字）→
``mapping``（按行名列名对应到法定表的各格）→ ``emit``（写数据文件）→ ``trace``（旁注与结论）。
入口是 :func:`import_document`。
"""

from .pipeline import ImportResult, import_document

__all__ = ["ImportResult", "import_document"]
