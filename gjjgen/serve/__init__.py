"""实时预览（``gjjgen serve``）：书记员在编辑器里改数据文件，浏览器里的报告随即更新。

- :mod:`.build`：一次预览——校验、生成将要发布的 HTML、把问题对应到报告里的位置；
- :mod:`.places`：在 HTML 里给能对应到数据文件的元素加 ``data-gj`` 标记（其余字节不变）；
- :mod:`.session`：监视文件、保存最新的一版、让等着的页面拿到它；
- :mod:`.server`：只在本机、只给预览页面与 ``assets/`` 里几个文件的 HTTP 服务。

页面本身（``assets/``）是普通的 HTML、CSS、JavaScript，不连任何外部地址。
"""
