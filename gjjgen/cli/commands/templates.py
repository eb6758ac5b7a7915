"""``gjjgen templates``：有哪些模板、能覆盖哪些块、一条模板链合并后是什么样。

为什么要有：中心要改年报的一处，得先知道改哪里——哪个省份模板会被选用、块叫什么名字、
某一项设置现在取自哪个文件。这三个问题各一个子命令，答案都直接取自模板本身（块的说明
是全国通用模板里紧挨在块前的注释），不会与模板对不上。

- ``gjjgen templates list``：全国通用模板与各省份模板，各自继承的链、写了哪些设置、重写了哪些块；
- ``gjjgen templates blocks``：可以覆盖的块，每块一行说明；
- ``gjjgen templates show --province 上海 [--templates 目录]``：合并后的设置（每项取自哪个文件）
  与每个块来自哪个文件。

导入时只引入轻量模块；Jinja 在命令运行时才导入。
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ORDER = "用户模板目录 → 省份模板 → 全国通用模板"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "templates",
        help="列出模板、可覆盖的块与合并后的设置",
        description=f"报告模板分三层，按 {ORDER} 的顺序找块与设置。退出码：0 成功，1 模板有误，2 用法错误。",
    )
    sub = parser.add_subparsers(dest="templates_command", metavar="<子命令>", parser_class=type(parser))
    listing = sub.add_parser("list", help="全国通用模板与各省份模板，及各自继承的链")
    blocks = sub.add_parser("blocks", help="可以覆盖的块，每块一行说明")
    show = sub.add_parser("show", help="一条模板链合并后的设置（各取自哪个文件）与每个块来自哪个文件")
    for command in (listing, show):
        command.add_argument("--province", "--省份", default=None, metavar="省份", help="省份（如 上海），选用该省的省份模板")
        command.add_argument("--templates", default=None, metavar="目录", help="中心自己的模板目录")
    listing.set_defaults(run=run_list)
    blocks.set_defaults(run=run_blocks)
    show.set_defaults(run=run_show)
    parser.set_defaults(run=lambda args: _usage(parser))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def _shown(path: Path) -> str:
    """路径在当前目录之下时写相对路径，短一些。"""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _chain(args: argparse.Namespace) -> Any:
    """由命令行选项组成模板链；有问题时印出说明并返回 None。"""
    from ...render.layers import TemplateChain, TemplateProblem, pack_for

    if args.province and pack_for(args.province) is None:
        from ...render.layers import province_packs

        packs = "、".join(province_packs()) or "（无）"
        sys.stdout.write(f"注意：没有“{args.province}”的省份模板（有的是：{packs}），只用全国通用模板。\n")
    try:
        return TemplateChain.build(province=args.province, user=args.templates)
    except TemplateProblem as exc:
        sys.stdout.write(f"{exc}\n")
        return None


def _layer_summary(layer: Any, env: Any) -> list[str]:
    """一层写了哪些设置、重写了哪些块。"""
    import yaml

    from ...render.layers import ENTRY, outer_blocks

    lines = []
    settings = layer.file("settings.yaml")
    if settings.is_file():
        try:
            data = yaml.safe_load(settings.read_text(encoding="utf-8")) or {}
            keys = "、".join(map(str, data)) if isinstance(data, dict) else "（格式不对）"
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            keys = "（读不出来）"
        lines.append(f"设置：{keys or '（空）'}")
    template = layer.file(ENTRY)
    if template.is_file():
        try:
            tree = env.parse(template.read_text(encoding="utf-8"))
            names = "、".join(b.name for b in outer_blocks(tree)) or "（无）"
        except Exception:  # noqa: BLE001 - 这里只是列出；错误由 show 与 render 详细报告
            names = "（模板有误，见 gjjgen templates show）"
        lines.append(f"重写的块：{names}")
    return lines


def run_list(args: argparse.Namespace) -> int:
    from ...render.layers import BASE, TemplateChain, province_packs

    out = sys.stdout
    out.write(f"模板（生成时按 {ORDER} 的顺序找块与设置）：\n\n")
    base = TemplateChain.build()
    env = base.environment()
    out.write(f"{BASE}\t全国通用模板\t{_shown(base.base.directory)}\n")
    for pack in province_packs():
        chain = TemplateChain.build(province=pack)
        out.write(f"\n{pack}\t省份模板（元数据“省份: {pack}”时选用）\t{_shown(chain.layers[0].directory)}\n")
        out.write(f"\t继承：{' → '.join(layer.key for layer in chain.layers)}\n")
        for line in _layer_summary(chain.layers[0], env):
            out.write(f"\t{line}\n")
    if args.templates or args.province:
        chain = _chain(args)
        if chain is None:
            return 1
        if args.templates:
            top = chain.layers[0]
            out.write(f"\n{top.key}\t用户模板目录\t{_shown(top.directory)}\n")
            out.write(f"\t继承：{' → '.join(layer.key for layer in chain.layers)}\n")
            for line in _layer_summary(top, env):
                out.write(f"\t{line}\n")
    out.write("\n每个块的说明：gjjgen templates blocks；某条链合并后的样子：gjjgen templates show --province 省份\n")
    return 0


def run_blocks(args: argparse.Namespace) -> int:
    from ...render.layers import BASE, ENTRY, FIXED, TemplateChain

    chain = TemplateChain.build()
    blocks = chain.catalog()
    out = sys.stdout
    out.write(
        f"可以覆盖的块（全国通用模板 {_shown(chain.base.file(ENTRY))}）。覆盖时在模板目录的 {ENTRY} 里写\n"
        f'  {{% extends "!{ENTRY}" %}}\n'
        "  {% block 块名 %}新的内容，可用 {{ super() }} 保留原样{% endblock %}\n"
        "缩进的块在上一级块的里面；标 scoped 的块在循环里，块内可用循环变量（part、appendix、block）。\n"
        f"{FIXED}的块不能覆盖（它们只作用于网页与 PDF）。\n\n"
    )
    width = max(len(b.name) + 2 * b.depth for b in blocks) + 2
    for block in blocks:
        name = "  " * block.depth + block.name
        scoped = "scoped  " if block.scoped else " " * 8
        out.write(f"{name.ljust(width)}{scoped}{block.description or '（没有说明）'}\n")
    out.write(f"\n模板可用的数据：report（报告模型，见 {BASE}/{ENTRY} 开头的说明），如 report.meta.联系方式。\n")
    return 0


def _setting_items(settings: Any) -> list[tuple[str, Any]]:
    """合并后的设置，逐项（点号连接的键, 值），顺序同 settings.yaml。"""
    items: list[tuple[str, Any]] = []
    for group in ("fonts", "sizes", "page"):
        for key, value in getattr(settings, group).items():
            items.append((f"{group}.{key}", list(value) if isinstance(value, tuple) else value))
    if settings.section_titles:
        items += [(f"section_titles.{k}", v) for k, v in settings.section_titles.items()]
    else:
        items.append(("section_titles", {}))
    regulations = [{"名称": r.name, "简称": r.short} if r.short else r.name for r in settings.regulations]
    items += [
        ("regulations", regulations),
        ("regulation_joiner", settings.regulation_joiner),
        ("default_preamble", [list(p) for p in settings.default_preamble]),
        ("signature", settings.signature),
        ("draft_text", settings.draft_text),
        ("attachment_label", settings.attachment_label),
    ]
    return items


def _flow(value: Any) -> str:
    """值写成一行 YAML。"""
    import yaml

    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6).strip().removesuffix("\n...")


def run_show(args: argparse.Namespace) -> int:
    from ...render.layers import TemplateProblem
    from ...report.settings import SettingsError

    chain = _chain(args)
    if chain is None:
        return 1
    out = sys.stdout
    out.write(f"模板链（{ORDER}，先找上面的）：\n")
    for number, layer in enumerate(chain.layers, 1):
        out.write(f"  {number}. {layer.title}：{_shown(layer.directory)}\n")
    try:
        settings = chain.settings()
        env = chain.environment()
        chain.check(env)
        sources = chain.block_sources(env)
        catalog = chain.catalog(env)
    except SettingsError as exc:
        out.write(exc.report_line + "\n")
        return 1
    except TemplateProblem as exc:
        out.write(f"{exc}\n")
        return 1
    except Exception as exc:
        from ...render.layers import explain

        problem = explain(exc, env)
        if problem is None:
            raise
        out.write(f"{problem}\n")
        return 1

    out.write("\n各块来自：\n")
    width = max(len(b.name) for b in catalog) + 2
    for block in catalog:
        out.write(f"  {block.name.ljust(width)}{_shown(sources[block.name])}\n")

    out.write("\n合并后的设置（# 后是取自的文件）：\n")
    for key, value in _setting_items(settings):
        source = settings.provenance.get(key) or settings.provenance.get(key.split(".")[0])
        out.write(f"  {key}: {_flow(value)}  # {_shown(source) if source else '（默认）'}\n")
    return 0
