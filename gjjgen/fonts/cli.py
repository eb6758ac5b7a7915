"""命令行 ``python -m gjjgen.fonts``：准备字体缓存并打印位置（安装脚本调用）。"""

from __future__ import annotations

import argparse
import errno
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .build import build_role
from .cache import (
    current_manifest,
    default_cache_dir,
    manifest_is_fresh,
    prepare_fonts,
    ready_manifest,
)
from .model import CACHE_ENV, ROLES, FontsMissingError
from .repertoire import PARTS, unpack_codepoints
from .sources import check_fonts

_OS_ERRORS = {
    errno.EACCES: "没有写权限",
    errno.EPERM: "没有写权限",
    errno.ENOENT: "目录不存在且无法创建",
    errno.ENOTDIR: "路径中有同名文件而不是目录",
    errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m gjjgen.fonts``：准备字体缓存（供安装脚本调用）。"""
    parser = argparse.ArgumentParser(
        prog="python -m gjjgen.fonts",
        description="准备报告 PDF 用的中文字体缓存。")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"缓存目录（默认取环境变量 {CACHE_ENV}，否则 ~/.cache/gjjgen/fonts）")
    parser.add_argument("--check", action="store_true", help="只检查系统字体，不生成缓存")
    parser.add_argument("--build-job", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_job:  # 由 _run_jobs 在子进程里调用
        key, part, path, index, family, style, dest, exclude = json.loads(args.build_job)
        print(json.dumps(build_role((key, part, path, index, family, style, dest, exclude))))
        return 0

    messages = check_fonts()
    if messages:
        for message in messages:
            print(f"错误：{message}", file=sys.stderr)
        return 1
    if args.check:
        print("系统字体齐全。")
        return 0
    target = Path(args.cache_dir).expanduser() if args.cache_dir else default_cache_dir()
    if not manifest_is_fresh(target, current_manifest(target)):
        print(f"正在准备字体（只在首次或系统字体变化后进行，约需一两分钟）：{target}", flush=True)
    try:
        cache = prepare_fonts(args.cache_dir)
    except FontsMissingError as error:
        for message in error.messages:
            print(f"错误：{message}", file=sys.stderr)
        return 1
    except OSError as error:
        where = error.filename or args.cache_dir or default_cache_dir()
        reason = _OS_ERRORS.get(error.errno or 0, f"系统错误（errno {error.errno}）")
        print(f"错误：无法写入字体缓存 {where}：{reason}；"
              f"可用 --cache-dir 或环境变量 {CACHE_ENV} 指定别的目录。", file=sys.stderr)
        return 1
    manifest = ready_manifest(cache)
    print(f"字体已就绪：{cache}")
    for role in ROLES:
        entry = manifest["roles"][role.key]
        files = "、".join(entry["parts"][part]["file"] for part in PARTS)
        print(f"  {role.label}：{files}（取自 {entry['face']}，{entry['source']['path']}）")
        if role.fills:
            print(f"    {_fill_note(manifest, role.fills, entry)}")
    return 0


def _fill_note(manifest: dict, primary_key: str, entry: dict) -> str:
    """补缺角色的说明：主字面缺多少汉字（常用部分即 GB 2312 的、GBK 扩展的各多少），由哪个字面补上。"""
    primary = manifest["roles"][primary_key]["face"]
    counts = [sum(1 for code in unpack_codepoints(entry["parts"][part]["coverage"])
                  if unicodedata.name(chr(code), "").startswith("CJK"))
              for part in PARTS]
    return (f"注意：{primary} 缺 {sum(counts)} 个汉字（常用字 {counts[0]} 个，GBK 扩展 {counts[1]} 个），"
            f"正文遇到它们时改用 {entry['face']}")

