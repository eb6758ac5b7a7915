#!/usr/bin/env bash
# 构建轮子，装进检出目录以外的一个新虚拟环境，从那里校验并生成一份示例报告：
# 证明装好的包自带格式文件（schemas/）与模板（templates/），不依赖源代码目录。
# 临时目录用完即删。用法：.ci/check-wheel.sh（需要先运行 ./setup.sh）
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$(pwd)
PYTHON=${PYTHON:-python3}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "==> 构建轮子"
.venv/bin/python -m pip wheel . --no-deps --quiet --disable-pip-version-check -w "$work/dist"
wheel=$(ls "$work"/dist/gjjgen-*.whl)
listing=$("$PYTHON" -m zipfile -l "$wheel")
for resource in gjjgen/_resources/schemas/2021.yaml gjjgen/_resources/templates/base/report.html.j2; do
  if ! grep -q "$resource" <<<"$listing"; then
    echo "轮子里没有 $resource" >&2
    exit 1
  fi
done

echo "==> 装进新的虚拟环境（$work/venv）"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel"

echo "==> 在检出目录以外校验并生成示例"
cp "examples/葫芦岛市住房公积金管理中心-2023.yaml" "$work/示例.yaml"
cd "$work"
installed=$(venv/bin/python -c 'import gjjgen; print(gjjgen.__file__)')
case "$installed" in
  "$work"/venv/*) ;;
  *) echo "用到的不是装好的包：$installed（检出目录 $checkout）" >&2; exit 1 ;;
esac
venv/bin/gjjgen validate 示例.yaml
venv/bin/gjjgen render 示例.yaml -o out
for suffix in html docx pdf; do
  test -s "out/葫芦岛市住房公积金管理中心-2023年政府信息公开工作年度报告.$suffix"
done
echo "==> 从轮子安装的 gjjgen 可以校验、生成报告"
