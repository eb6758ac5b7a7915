"""一份接近真实的年度报告 HTML，供 PDF 基准使用。

正文取自上海市公积金管理中心 2020 年年报（公开发布的文本），三张统计表的合并单元格
与法定格式一致。HTML 只使用 ``gjjgen.render`` 文档里约定的词汇，页面按 GB/T 9704：
A4，上 37 mm、左 28 mm，版心 156 mm × 225 mm，正文 3 号（16 pt）。

字体族名由调用方给出：同一份 HTML 既可以用系统字体名（朴素路线），也可以用
``gjjgen.fonts`` 准备好的字体（快速路线），这样两条路线排的是同一份文档。
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

TITLE = ("2020年上海市公积金管理中心", "政府信息公开工作年度报告")

PREAMBLE = (
    "本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《上海市政府信息公开规定》"
    "（以下简称《规定》）要求，由上海市公积金管理中心（以下简称“市公积金中心”）编制。全文包括总体情况、"
    "主动公开政府信息情况、收到和处理政府信息公开申请情况、因政府信息公开工作被申请行政复议和提起行政诉讼"
    "情况、政府信息公开工作存在的主要问题及改进情况及其他需要报告的事项，并附统计表等。本年度报告的电子版"
    "可从上海住房公积金网（www.shgjj.com）下载。本年度报告中所列数据统计期限自2020年1月1日起至12月31日止。"
)

# (级别, 文本)：h2 / h3 / p / lead（随文标题 + 正文）。
BODY: tuple[tuple[str, str], ...] = (
    ("h2", "一、总体情况"),
    ("p", "2020年，市公积金中心坚持以习近平新时代中国特色社会主义思想为指导，坚持以人民为中心的发展思想，"
          "严格落实党中央、国务院和市委、市政府关于全面推进政务公开工作的部署，按照《条例》《规定》"
          "《2020年上海市政务公开工作要点》要求，围绕市公积金中心工作重点，聚焦缴存单位和个人需求，"
          "持续推进信息公开工作，提高住房公积金工作透明度，保障公众知情权、参与权和监督权。"),
    ("h3", "（一）深化信息主动公开，不断提升公众获得感"),
    ("p", "市公积金中心坚持“以公开为常态，不公开为例外”原则，重点做好缴存单位和职工关切信息的主动公开。"),
    ("lead", "一是及时公开住房公积金政策信息。|通过上海住房公积金网，及时公开市住房公积金管理委员会和"
             "市公积金中心的住房公积金相关政策共计192条。其中，公开市住房公积金管理委员会制定的住房公积金"
             "政策28条，主要涉及住房公积金缴存、使用等方面规定。公开市公积金中心制定的住房公积金政策164条，"
             "主要涉及住房公积金缴存、使用等的具体办理规定。2020年，新增公开市住房公积金管理委员会和市公积金"
             "中心的住房公积金政策14条。"),
    ("lead", "二是按时披露住房公积金管理运行信息。|根据住建部、财政部、人民银行联合印发的《关于健全住房公积金"
             "信息披露制度的通知》要求，2020年4月3日通过上海住房公积金网、“上海公积金”微信公众号和《劳动报》"
             "发布《上海市住房公积金2019年年度报告》，全面披露本市住房公积金运行情况，提升住房公积金管理透明度。"),
    ("p", "为便于公众理解年度报告，在微信公众号以图文并茂的形式详细解读了年度报告的各项数据，方便广大缴存单位"
          "和职工深入了解公积金各项业务和政策。"),
    ("lead", "三是主动公开住房公积金服务事项信息。|2020年初，按照中央、市委市政府关于新型冠状病毒感染的肺炎疫情"
             "防控工作的决策部署，为了在防疫期间做好对缴存单位和职工的服务和权益，通过上海住房公积金网、微信"
             "公众号等渠道及时公开应对新冠肺炎疫情实施的住房公积金阶段性支持政策、推行“网上办事、网上预约、"
             "网上维权、网上咨询”等服务新模式。根据住房公积金业务变化，实时更新住房公积金缴存、提取、贷款等"
             "各类业务办理范围、流程、要件和时限要求以及住房公积金业务各受理网点信息等。"),
    ("lead", "四是做好财政信息和人员招录信息公开。|根据市财政局、市住建委统一部署，通过市公积金中心官网和"
             "“中国上海”网站公开《上海市公积金管理中心2020年度财政支出项目绩效目标》、《上海市公积金管理中心"
             "2019年度项目绩效自评》、《上海市公积金管理中心2017—2020年度部门预算》和《上海市公积金管理中心"
             "2015—2019年度决算》。经上级部门审批同意，市公积金中心参加了上海市2020年事业单位工作人员公开招聘，"
             "按照招聘流程，招聘简章及拟录用人员名单均在相关网站上进行了信息公开。"),
    ("lead", "五是贴近公众关切加强政策解读。|2020年2月23日，市公积金中心主任参加市疾控中心举行第31场信息发布会，"
             "详细解读了企业缓缴住房公积金不影响职工权益、受疫情影响企业可申请缓缴住房公积金等住房公积金阶段性"
             "支持政策。2020年10月、12月市公积金中心相关处室负责人两次做客“长三角之声”电台，就异地贷款缴存证明"
             "等业务进行了解答。市公积金中心通过出席新闻发布会、媒体访谈活动，充分满足公众知情权。"),
    ("h3", "（二）强化依申请公开管理，不断提升办件规范性"),
    ("p", "市公积金中心严格按照《条例》、《规定》以及相关文件要求，及时更新住房公积金网站依申请公开页面"
          "《信息公开申请表》，完善依申请工作流程，强化依申请办理全链条管理，提升依申请公开办理质量。"),
    ("p", "2020年，市公积金中心收到信息公开申请共计10件，其中，8件已按要求答复申请人，2件目前正在处理中。"
          "从申请渠道看，当面申请4件，网络申请6件。从申请答复的性质来看，属于“予以公开”1件，占10%；属于"
          "“部分公开”2件，占20%；属于“无法提供”1件，占10%；属于“不予处理”1件，占10%；属于“其他处理”3件，"
          "占30%。其中“无法提供”为申请人未补正；“不予处理”为重复申请；“其他处理”皆为业务咨询类，均已便民"
          "告知申请人。"),
    ("h3", "（三）推行服务新举措，不断提升服务精准度"),
    ("p", "市公积金中心以“一网通办”改革为核心，完善线上线下平台服务功能，不断提升住房公积金服务水平。一是推进"
          "政务服务线上线下深度融合。同一服务事项的线上办事指南和线下窗口业务流程一致、办理标准一致。各对外"
          "服务窗口办理统一化、标准化。二是推进预约服务。开通统一预约服务功能，实现办理时段精准预约、在线预约"
          "优先办理，通过预约服务事先联系，实现业务申请精准受理。三是推进个人业务接入“一网通办”。租赁提取、"
          "离退休提取、大部分或完全丧劳提取、自愿缴存期满提取等个人住房公积金业务接入“一网通办”总门户，职工"
          "通过“一网通办”PC端或“随申办”移动端均可办理，进一步提升群众的办事便利度。通过多项服务公开举措，"
          "有效提升了单位和个人办事的体验度和满意度。"),
    ("h3", "（四）加强平台渠道建设，不断提升公开实效性"),
    ("p", "中心坚持以新媒体和传统媒体相结合的方式，双向发力加大对外宣传力度。2020年，市公积金中心通过住房"
          "公积金网站对外发布住房公积金信息1130条。在及时更新官网信息的同时严格落实《国务院办公厅政府信息与"
          "政务公开办公室关于规范政府信息公开平台有关事项的通知》要求，进一步规范政府信息公开专栏设置。按照"
          "“五公开”要求，在信息公开专栏增设“决策公开”、“执行公开”、“管理公开”、“服务公开”、“结果公开”五个"
          "子栏目。"),
    ("p", "在新媒体渠道方面，中心通过微信公众号推送消息68条，总阅读量2436万，关注人数突破583万，重点推送涉及"
          "群众切身利益、需要公众广泛知晓的内容，提高信息公开的及时性和广泛性。此外，中心重视线下公开渠道建设，"
          "在中心各区管理部设置公告栏，摆放业务宣传单页，张贴业务指南二维码并配备专门设备方便公众查阅信息，以"
          "线下定点、定向方式促进住房公积金服务事项的公开实效。"),
    ("h2", "二、主动公开政府信息情况"),
    ("table", "active"),
    ("h2", "三、收到和处理政府信息公开申请情况"),
    ("table", "requests"),
    ("h2", "四、政府信息公开行政复议、行政诉讼情况"),
    ("table", "review"),
    ("h2", "五、存在的主要问题及改进情况"),
    ("p", "2020年中心在加大政府信息主动公开力度，优化提升公开效能等方面取得了一定成效，但我们认识到，政务公开"
          "工作也还存在一些问题和不足：信息公开意识有待进一步提高，信息公开制度有待进一步完善。"),
    ("p", "2021年，中心将从以下两个方面着手：一是加强队伍建设，以主动公开、依申请公开、解读回应、标准化建设为"
          "重点内容进一步强化业务培训，确保信息公开准确、及时、规范；二是根据新《条例》和《规定》，结合中心"
          "实际，修订完善中心信息公开办法及配套制度，健全信息公开工作机制，拓展信息公开领域，加强信息公开力度，"
          "努力提升政府信息公开工作成效。"),
    ("lead", "（一）强化制度落实，增强信息公开及时性。|按照政务公开工作相关制度要求，分解任务，明确责任，按照信息"
             "公开时限标准，抓好主动公开信息的公开工作，不出现漏报、迟报，确保信息的时效性。加强信息采集工作，"
             "在内部下达任务指标，对各类政务信息及时形成材料，经中心审核后上报。"),
    ("lead", "（二）强化责任落实，增强信息公开主动性。|进一步明确中心各处室在信息公开工作中的职责，对形成的规范性"
             "文件，属于主动公开范围的，向中心政务公开工作办公室提出，通过政府网站和公积金网站对外公开，对调整的"
             "业务政策主动提出更新，对公积金各服务网点的展板及时提出更换，以保证信息的有效性。"),
    ("lead", "（三）强化监督考核，增强信息公开经常性。|继续把政务公开工作纳入《中心绩效考核目标责任书》，进行量化"
             "考核，发现问题及时指出，限期改正，把政务公开考核情况列入年度评选先进主要的指标之一，确保政务信息"
             "公开工作落到实处，抓出成效，向市委、市政府和人民群众交一份满意答卷。"),
    ("h2", "六、其他需要报告的事项"),
    ("p", "无其他需要报告的事项。本报告联系人：办公室王䶮，电话：021—12329。"),
)

SIGNATURE = ("上海市公积金管理中心", "2021年1月28日")

# 表二：第二十条第（一）（五）（六）（八）（九）项。
ACTIVE = (
    ("第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
     (("规章", "0", "0", "0"), ("规范性文件", "6", "6", "23"))),
    ("第二十条第（五）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政许可", "0", "0", "0"), ("其他对外管理服务事项", "4", "0", "0"))),
    ("第二十条第（六）项", ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
     (("行政处罚", "0", "0", "0"), ("行政强制", "0", "0", "0"))),
    ("第二十条第（八）项", ("信息内容", "上一年项目数量", "本年增/减", ""),
     (("行政事业性收费", "0", "0", ""),)),
    ("第二十条第（九）项", ("信息内容", "采购项目数量", "采购总金额", ""),
     (("政府集中采购", "24", "1888.8652万元", ""),)),
)

# 表三的行：(层级一, 层级二, 层级三, 自然人, 总计)；层级为空表示被上一行的 rowspan 覆盖。
REQUEST_ROWS = (
    ("一、本年新收政府信息公开申请数量", None, None, "10", "10"),
    ("二、上年结转政府信息公开申请数量", None, None, "0", "0"),
    ("三、本年度办理结果", "（一）予以公开", None, "1", "1"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, "2", "2"),
    ("", "（三）不予公开", "1.属于国家秘密", "0", "0"),
    ("", "", "2.其他法律行政法规禁止公开", "0", "0"),
    ("", "", "3.危及“三安全一稳定”", "0", "0"),
    ("", "", "4.保护第三方合法权益", "0", "0"),
    ("", "", "5.属于三类内部事务信息", "0", "0"),
    ("", "", "6.属于四类过程性信息", "0", "0"),
    ("", "", "7.属于行政执法案卷", "0", "0"),
    ("", "", "8.属于行政查询事项", "0", "0"),
    ("", "（四）无法提供", "1.本机关不掌握相关政府信息", "0", "0"),
    ("", "", "2.没有现成信息需要另行制作", "0", "0"),
    ("", "", "3.补正后申请内容仍不明确", "1", "1"),
    ("", "（五）不予处理", "1.信访举报投诉类申请", "0", "0"),
    ("", "", "2.重复申请", "1", "1"),
    ("", "", "3.要求提供公开出版物", "0", "0"),
    ("", "", "4.无正当理由大量反复申请", "0", "0"),
    ("", "", "5.要求行政机关确认或重新出具已获取信息", "0", "0"),
    ("", "（六）其他处理", None, "3", "3"),
    ("", "（七）总计", None, "8", "8"),
    ("四、结转下年度继续办理", None, None, "2", "2"),
)

# 与 templates/base/style.css 的版式一致（GB/T 9704：每面 22 行、每行 28 字）。
PAGE_CSS = """
@page {
  size: 210mm 297mm;
  margin: 37mm 26mm 35mm 28mm;
}
@page :right {
  @bottom-right {
    content: "— " counter(page) " —";
    font-family: %(song)s; font-size: 14pt; line-height: 4.94mm;
    vertical-align: top; text-align: right; padding-top: 4.53mm; padding-right: 1em;
  }
}
@page :left {
  @bottom-left {
    content: "— " counter(page) " —";
    font-family: %(song)s; font-size: 14pt; line-height: 4.94mm;
    vertical-align: top; text-align: left; padding-top: 4.53mm; padding-left: 1em;
  }
}
html { font-family: %(fangsong)s; font-size: 16pt; line-height: 28.95pt; color: #000; }
body { margin: 0; }
article.report { max-width: 156mm; margin: 0 auto; letter-spacing: -0.22pt; orphans: 2; widows: 2; }
p, h1, h2, h3, h4 { margin: 0; font-weight: normal; }
p, h2, h3, h4 { text-indent: 2em; text-align: justify; }
h2, h3, h4 { font-size: 16pt; break-after: avoid; break-inside: avoid; }
h1.title { font-family: %(title)s; font-weight: 700; font-size: 22pt; line-height: 28.95pt;
           text-align: center; text-indent: 0; margin-bottom: 28.95pt; break-after: avoid; }
h2 { font-family: %(heading)s; font-weight: 700; }
h3, .lead { font-family: %(kai)s; }
h4 { font-family: %(fangsong)s; }
p.noindent { text-indent: 0; }
div.signature { display: table; margin: 28.95pt 2em 0 auto; break-inside: avoid; }
div.signature p { text-indent: 0; text-align: left; white-space: nowrap; }
div.signature p.date { padding-left: 2em; }
div.page-break { break-after: page; height: 0; }
table.stat { width: 100%%; table-layout: fixed; border-collapse: collapse;
             font-family: %(fangsong)s; font-size: 10.5pt; line-height: 1.35; letter-spacing: 0;
             margin: 0.4em 0 28.95pt; }
table.stat thead { display: table-header-group; }
table.stat tr { break-inside: avoid; }
table.stat th, table.stat td { border: 0.5pt solid #000; padding: 2pt 3pt; font-weight: normal;
                               vertical-align: middle; text-align: center; text-indent: 0;
                               word-break: break-all; }
table.stat thead th, table.stat th.section { font-family: %(heading)s; font-weight: 700; }
table.stat th.corner { font-size: 0.9em; }
table.stat th.section, table.stat th.label { text-align: left; }
table.stat th.level-1 { padding-left: calc(3pt + 1em); }
table.stat th.level-2 { padding-left: calc(3pt + 2em); }
"""


def _table_active() -> str:
    rows = []
    for section, header, data in ACTIVE:
        rows.append(f'<tr class="keep"><th class="section" colspan="4">{escape(section)}</th></tr>')
        cells = "".join(f"<th>{escape(h)}</th>" for h in header)
        rows.append(f'<tr class="keep">{cells}</tr>')
        for label, *nums in data:
            tds = "".join(f'<td class="num">{escape(n)}</td>' for n in nums)
            rows.append(f'<tr class="keep"><th class="label level-1">{escape(label)}</th>{tds}</tr>')
    return (
        '<table class="stat stat-active">'
        '<colgroup><col style="width: 34%"><col style="width: 22%"><col style="width: 22%">'
        '<col style="width: 22%"></colgroup>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _table_requests() -> str:
    kinds = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    head = (
        '<tr><th colspan="3" rowspan="3" class="corner">（本列数据的勾稽关系为：第一项加第二项之和，'
        "等于第三项加第四项之和）</th>"
        '<th colspan="7">申请人情况</th></tr>'
        '<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr>'
        f"<tr>{''.join(f'<th>{k}</th>' for k in kinds)}</tr>"
    )
    # rowspan 按后续被覆盖的行数计算。
    body = []
    for i, (l1, l2, l3, person, total) in enumerate(REQUEST_ROWS):
        cells = []
        if l1:
            span1 = 1
            while i + span1 < len(REQUEST_ROWS) and REQUEST_ROWS[i + span1][0] == "":
                span1 += 1
            colspan = 3 if l2 is None else 1
            attrs = f' rowspan="{span1}"' if span1 > 1 else ""
            cells.append(f'<th class="label level-0" colspan="{colspan}"{attrs}>{escape(l1)}</th>')
        if l2:
            span2 = 1
            if l3 is not None:
                while i + span2 < len(REQUEST_ROWS) and REQUEST_ROWS[i + span2][1] == "":
                    span2 += 1
            colspan = 2 if l3 is None else 1
            attrs = f' rowspan="{span2}"' if span2 > 1 else ""
            cells.append(f'<th class="label level-1" colspan="{colspan}"{attrs}>{escape(l2)}</th>')
        if l3:
            cells.append(f'<th class="label level-2">{escape(l3)}</th>')
        cells.append(f'<td class="num">{person}</td>')
        cells.extend('<td class="num blank">—</td>' for _ in kinds)
        cells.append(f'<td class="num">{total}</td>')
        body.append(f'<tr class="keep">{"".join(cells)}</tr>')
    return (
        '<table class="stat stat-requests">'
        '<colgroup><col style="width: 9%"><col style="width: 14%"><col style="width: 25%">'
        + '<col style="width: 7.4%">' * 7
        + f"</colgroup><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
    )


def _table_review() -> str:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    head = (
        '<tr><th colspan="5" rowspan="2">行政复议</th><th colspan="10">行政诉讼</th></tr>'
        '<tr><th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>'
        f"<tr>{''.join(f'<th>{r}</th>' for r in results * 3)}</tr>"
    )
    data = "".join('<td class="num">0</td>' for _ in range(15))
    return (
        '<table class="stat stat-review">'
        f'<thead>{head}</thead><tbody><tr class="keep">{data}</tr></tbody></table>'
    )


TABLES = {"active": _table_active, "requests": _table_requests, "review": _table_review}


def report_html(families: Mapping[str, str], extra_css: str = "") -> str:
    """整份报告的 HTML；``families`` 按角色给出 CSS ``font-family`` 值。

    角色：title（小标宋）、fangsong（正文仿宋）、heading（黑体）、kai（楷体）、song（宋体页码）。
    """
    css = PAGE_CSS % dict(families)
    parts = [
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{escape(''.join(TITLE))}</title><style>{extra_css}{css}</style></head><body>",
        '<article class="report" lang="zh-CN">',
        f'<h1 class="title">{escape(TITLE[0])}<br>{escape(TITLE[1])}</h1>',
        f"<p>{escape(PREAMBLE)}</p>",
    ]
    for kind, text in BODY:
        if kind == "table":
            parts.append(TABLES[text]())
        elif kind == "lead":
            lead, rest = text.split("|", 1)
            parts.append(f'<p><span class="lead">{escape(lead)}</span>{escape(rest)}</p>')
        else:
            parts.append(f"<{kind}>{escape(text)}</{kind}>")
    agency, date = SIGNATURE
    parts.append(
        f'<div class="signature"><p class="agency">{escape(agency)}</p>'
        f'<p class="date">{escape(date)}</p></div>'
    )
    parts.append("</article></body></html>")
    return "".join(parts)

