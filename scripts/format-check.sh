#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The formatting check that CI runs (scripts/test.sh): every tracked C++ file must be as
# clang-format formats it with the repository's .clang-format. Prints the files that are not and
# exits 1; `scripts/format-check.sh --fix` formats them in place.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || {
  echo "format-check: clang-format is not installed (scripts/deps.sh --test installs it)" >&2
  exit 2
}
mapfile -t files < <(git ls-files -- '*.cpp' '*.h')
if [ "${1:-}" = --fix ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
# One run over all files; its diagnostics start with the file name.
mapfile -t bad < <(clang-format --dry-run "${files[@]}" 2>&1 | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: .*-Wclang-format-violations.*/\1/p' | sort -u)
if [ ${#bad[@]} -gt 0 ]; then
  echo "format-check: ${#bad[@]} file(s) differ from clang-format ($(clang-format --version | head -1)):" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "format-check: run scripts/format-check.sh --fix" >&2
  exit 1
fi
echo "format-check: ${#files[@]} C++ files formatted"
