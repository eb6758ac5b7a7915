"""问题：校验发现的事实（:class:`~gjjgen.problems.findings.Finding`）与带行列号、中文说明、稳定代码的问题。

最底层：任何一层都可以用，它不依赖包内任何模块。
"""
