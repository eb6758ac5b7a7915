"""渲染：报告模型 → 模板 → HTML，再由 HTML 派生 PDF 与 DOCX。

为什么这样分：省份、中心可以覆盖模板里的一个块（见 ``templates/``），这一改动必须在
三种格式里一模一样地出现。所以只有 HTML 由 Jinja 模板生成；PDF 由 WeasyPrint 排 HTML，
DOCX 由 ``docx`` 模块把同一份 HTML 读成类型化的块（``model``：段落带角色，表格是带跨度的
网格，层级、列宽是数）再写成 Word 文档。模板输出的 HTML 只使用下面这套受限的“语义词汇”；
每个角色在 HTML、DOCX、样式表里的样子写在 ``vocabulary`` 的角色表里，只写一处。

模板的输出整份按角色表核对（``htmlcheck``）：词汇以外的元素、类名都不行；属性只能是
``class``（``th``、``td`` 另可写 ``colspan``、``rowspan``，``col`` 只可写 ``style="width: N%"``），
事件属性（``onclick`` 之类）、``style``、``id`` 都不行；``meta``、``style``、``title`` 只在全国
通用模板固定的文档头里。覆盖模板不能用 ``|safe``、``{% autoescape %}``：数据总是转义后输出。

文档骨架::

    <article class="report" lang="zh-CN">  ...  </article>

块级元素（按出现顺序排版；未列出的元素与类名 DOCX 转换器会按普通段落处理）：

- ``<h1 class="title">第一行<br>第二行</h1>``：标题，2号小标宋，居中。
- ``<p class="subtitle">（2018年2月26日）</p>``：标题下的副题/日期行，居中，3号楷体。
- ``<h2>一、总体情况</h2>``：一级标题，黑体，首行缩进二字。
- ``<h3>（一）主动公开情况</h3>``：二级标题，楷体，首行缩进二字。
- ``<h4>1.xxx</h4>``：三级标题，仿宋，首行缩进二字。
- ``<p>正文</p>``：正文段落，3号仿宋，首行缩进二字。
- ``<p><span class="lead">（一）健全组织领导机制，落实工作责任。</span>正文…</p>``：
  段首的“随文标题”，楷体（与二级标题同字体），同一段内接正文。
- ``<p class="noindent">…</p>``：不缩进的段落（如附件说明续行、表格说明）。
- ``<p class="attachment">附件：政府信息公开情况统计表</p>``：附件说明，首行缩进二字。
- ``<div class="signature"><p class="agency">署名</p><p class="date">2024年1月5日</p></div>``：
  落款，右对齐（GB/T 9704 7.3.5.2：署名右空二字，日期首字比署名首字右移二字）。
- ``<div class="page-break"></div>``：分页（附件统计表另起一页）。
- ``<h2 class="appendix-title">政府信息公开情况统计表</h2>``：附件表格标题，居中，小标宋。
- ``<p class="table-caption">（2017年度）</p>``、``<p class="table-note">…</p>``：表题下的说明行、
  表后注释，居中/左对齐，小号字。
- ``<p class="footer-line">单位负责人：… 审核人：…</p>``：表后填报信息行，不缩进。
- ``<p class="noindent appendix-label">附件</p>``：附件页左上角的附件标识，黑体（三种格式都是）。
- ``<p class="noindent unit-line">填报单位：…</p>``：统计表上方的填报单位行，小号字（与表后
  填报信息行同样）。

标题、副题、各级标题、附件标识、附件表题、表题下的说明行、填报单位行与署名都“与下文同页”：
DOCX 写“与下段同页”，样式表写 ``break-after: avoid``，标题不会孤零零地留在页脚。
- ``<div class="draft-mark">草稿</div>``：草稿水印（只在 ``--draft`` 时出现）。

表格（统计表）::

    <table class="stat stat-<表的类型>">
      <colgroup><col style="width: 12%"> …</colgroup>
      <thead>           表头行：每页重复
        <tr><th colspan="2" rowspan="3" class="corner">…</th> <th colspan="7">申请人情况</th></tr>
      </thead>
      <tbody>
        <tr><th class="section" colspan="4">第二十条第（一）项</th></tr>   节标题行（横跨全宽）
        <tr><th class="label level-2">1.属于国家秘密</th> <td class="num">0</td></tr>
      </tbody>
    </table>

- 合并单元格只用 ``colspan``/``rowspan``（HTML 习惯：被覆盖的位置不再写单元格）。
- ``th`` 是表头或行标签，``td`` 是数据格；``td.num`` 右对齐/居中的数字；``td.blank`` 是
  未填写的格（原样留空或显示“—”，由模型决定的文本照抄）。
- 行标签的缩进层级用 ``level-0`` … ``level-3`` 类名表示（统计表“统计指标”列）。
- ``tr.keep`` 的行不跨页拆分（所有数据行都带 ``keep``）；``tr.keep-with-next`` 的行（表体里的
  节标题行与节表头行）还要与下一行排在同一页，``thead`` 的行也是（DOCX 在这些行每一格的段落上
  写“与下段同页”，表前的标题就带着表头与第一行数据一起换页）。
- 表体里的表头格写作 ``th.header``（如表二每节的“信息内容”一行），表头区的格可以同样带
  ``header``；统计表的单位格是 ``td.unit``。
"""
