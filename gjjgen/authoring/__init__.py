"""编写辅助：``gjjgen init`` 的数据文件模板与上年承接（``scaffold``）、编辑器用的 JSON Schema（``editor_schema``）。
"""
