"""编写辅助：``gjjgen init`` 的数据文件模板（``scaffold``）、从上年报告承接的内容（``carried``）、
编辑器用的 JSON Schema（``editor_schema``）。
"""
