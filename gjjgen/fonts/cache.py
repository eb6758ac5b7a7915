"""字体缓存：清单记下源字体指纹，源字体没变就直接用；变了（或格式版本变了）才重建。"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import sources
from .build import atomic_write_text, build_role, file_sha256, is_cff, source_fingerprint
from .model import (
    CACHE_ENV,
    FORMAT_VERSION,
    MANIFEST,
    ROLES,
    STALE_AFTER_S,
    FontFile,
    FontsMissingError,
    Job,
)
from .repertoire import PARTS
from .sources import check_fonts


def default_cache_dir() -> Path:
    """``$GJJGEN_FONT_CACHE``，否则 ``$XDG_CACHE_HOME/gjjgen/fonts``（默认 ~/.cache）。"""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gjjgen" / "fonts"


@contextlib.contextmanager
def _locked(cache_dir: Path) -> Iterator[None]:
    """同一缓存目录同时只让一个进程生成字体；其余进程等它完成后直接复用。"""
    cache_dir.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - 非 POSIX 系统靠原子改名兜底
        yield
        return
    with (cache_dir / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read_manifest(cache_dir: Path) -> dict | None:
    try:
        data = json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT_VERSION:
        return None
    return data


def manifest_is_fresh(cache_dir: Path, manifest: dict | None) -> bool:
    """只做 stat：源字体的大小、修改时间未变，生成的文件都在。"""
    if manifest is None:
        return False
    entries = manifest.get("roles", {})
    for role in ROLES:
        entry = entries.get(role.key)
        if (not entry or entry.get("family") != role.family
                or entry.get("face") != f"{role.face.family} {role.face.style}"):
            return False
        source = entry["source"]
        try:
            stat = os.stat(source["path"])
            if (stat.st_size, stat.st_mtime_ns) != (source["size"], source["mtime_ns"]):
                return False
            if not all((cache_dir / entry["parts"][part]["file"]).is_file() for part in PARTS):
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


@functools.lru_cache(maxsize=8)
def load_manifest(cache_dir: Path, stamp: tuple[int, int]) -> dict:
    """带内存缓存的清单（``stamp`` 是清单文件的 mtime 与大小，变了就重读）。"""
    manifest = _read_manifest(cache_dir)
    if manifest is None:
        raise FileNotFoundError(cache_dir / MANIFEST)
    return manifest


def current_manifest(cache_dir: Path) -> dict | None:
    """清单没变（mtime 与大小相同）时不再解析 JSON：热路径上只剩 stat。"""
    try:
        stat = (cache_dir / MANIFEST).stat()
        return load_manifest(cache_dir, (stat.st_mtime_ns, stat.st_size))
    except OSError:
        return None


def ready_manifest(cache_dir: Path) -> dict:
    stat = (cache_dir / MANIFEST).stat()
    return load_manifest(cache_dir, (stat.st_mtime_ns, stat.st_size))


def prepare_fonts(cache_dir: Path | str | None = None) -> Path:
    """生成（只在需要时）全部角色的预备字体，返回缓存目录。

    缓存热时只读清单、stat 源字体；源字体变了（大小或修改时间不同，且内容摘要不同）
    才重建。多个进程同时调用是安全的：加文件锁，文件都先写临时文件再原子改名。
    缺源字体时抛出 :class:`FontsMissingError`。
    """
    cache = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    if manifest_is_fresh(cache, current_manifest(cache)):
        return cache
    with _locked(cache):
        old = _read_manifest(cache)
        if manifest_is_fresh(cache, old):  # 等锁期间别的进程已经建好
            return cache
        _rebuild(cache, old)
    return cache


def _rebuild(cache: Path, old: dict | None) -> None:
    messages = check_fonts()
    if messages:
        raise FontsMissingError(messages)
    old_entries = (old or {}).get("roles", {})
    entries: dict[str, dict] = {}
    jobs = []
    for role in ROLES:
        file = sources.find_face(role.face)
        assert file is not None  # check_fonts 已确认
        source = source_fingerprint(file)
        previous = old_entries.get(role.key, {})
        prev_source = previous.get("source", {})
        same_file = (prev_source.get("path"), prev_source.get("index")) == (str(file.path), file.index)
        if same_file and (prev_source.get("size"), prev_source.get("mtime_ns")) == (
                source["size"], source["mtime_ns"]):
            source["sha256"] = prev_source.get("sha256") or file_sha256(file.path)
        else:
            source["sha256"] = file_sha256(file.path)
        key = hashlib.sha256(json.dumps(
            [FORMAT_VERSION, role.family, role.face.style, source["sha256"], file.index],
        ).encode()).hexdigest()[:16]
        style = "Bold" if role.weight >= 700 else "Regular"
        entry: dict[str, Any] = {"family": role.family, "weight": role.weight,
                 "face": f"{role.face.family} {role.face.style}", "source": source, "parts": {}}
        for part in PARTS:
            name = f"{role.key}-{part}-v{FORMAT_VERSION}-{key}.ttf"
            done = previous.get("parts", {}).get(part, {})
            if done.get("file") == name and (cache / name).is_file() and "coverage" in done:
                entry["parts"][part] = done
            else:
                entry["parts"][part] = {"file": name}
                jobs.append((role.key, part, str(file.path), file.index, role.family, style,
                             str(cache / name)))
        entries[role.key] = entry
    for key, part, coverage in _run_jobs(jobs):
        entries[key]["parts"][part]["coverage"] = coverage
    manifest = {"format": FORMAT_VERSION, "roles": entries}
    atomic_write_text(cache / MANIFEST, json.dumps(manifest, ensure_ascii=False))
    keep = {p["file"] for entry in entries.values() for p in entry["parts"].values()}
    _remove_stale(cache, keep)


def _remove_stale(cache: Path, keep: set[str]) -> None:
    """删掉本版本不再引用的字体；别的版本的文件与清单闲置一天后再删。"""
    now = time.time()
    mine = f"-v{FORMAT_VERSION}-"
    candidates = [*cache.glob("*.ttf"), *cache.glob("manifest*.json")]
    for path in candidates:
        if path.name in keep or path.name == MANIFEST:
            continue
        ours = path.suffix == ".ttf" and mine in path.name
        with contextlib.suppress(OSError):
            if ours or now - path.stat().st_mtime > STALE_AFTER_S:
                path.unlink()


def _run_jobs(jobs: list[Job]) -> list[tuple[str, str, str]]:
    """各角色互不相关，按 CPU 数并行生成（转换 CFF 轮廓是纯 Python 计算）。

    每个角色在一个 ``python -m gjjgen.fonts`` 子进程里生成。不用 multiprocessing：它的
    spawn 会在子进程里重新导入调用者的主脚本，脚本没有 ``if __name__ == "__main__"``
    保护时就会再次准备字体、卡在本进程持有的文件锁上。
    """
    if not jobs:
        return []
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers == 1 or not sys.executable:
        return [build_role(job) for job in jobs]
    # 慢的（CFF 源、字多的部分）先做，两核时总耗时最短。
    jobs = sorted(jobs, key=lambda job: (not is_cff(FontFile(Path(job[2]), job[3])),
                                         job[1] != "ext"))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_build_role_in_subprocess, jobs))


def _build_role_in_subprocess(job: Job) -> tuple[str, str, str]:
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "gjjgen.fonts", "--build-job", json.dumps(job)],
        capture_output=True, text=True, env=env, check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1:] or [f"退出码 {done.returncode}"]
        raise RuntimeError(f"生成字体 {job[0]} 失败：{detail[0]}")
    key, part, coverage = json.loads(done.stdout)
    return key, part, coverage
