#!/usr/bin/env bash
# Runs every test of Cairn. On a fresh machine it first installs what the tests need and the
# machine lacks: the PostgreSQL server (storage tests start a throwaway cluster with initdb and
# pg_ctl) and Debian's Chromium (browser tests; Playwright cannot download its own browser here).
# Ends with one line totalling every test project: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"

need=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "test.sh: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# The Debian package starts its own cluster; the tests start theirs, so that one is not needed.
command -v pg_ctlcluster >/dev/null && (pg_lsclusters -h 2>/dev/null | awk '{print $1, $2}' | while read -r v c; do pg_ctlcluster "$v" "$c" stop 2>/dev/null || true; done)

log=$(mktemp)
status=0
dotnet test --solution Cairn.slnx -c Release 2>&1 | tee "$log" || status=$?

total=$(grep -E '^\s*total: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
failed=$(grep -E '^\s*failed: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
passed=$(grep -E '^\s*succeeded: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
skipped=$(grep -E '^\s*skipped: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${total:-0}" -eq 0 ] || [ "${failed:-0}" -ne 0 ]; then
  exit 1
fi
