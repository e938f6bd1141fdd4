#!/usr/bin/env bash
# Runs the whole Gongzhi test suite: unit and integration tests on SQLite and PostgreSQL, and the browser tests.
# Installs what the tests need when it is missing (PostgreSQL 15, Chromium and a CJK font, from Debian packages)
# and starts a throw-away PostgreSQL cluster on 127.0.0.1.
#
# Two checkouts on one machine must not meet: unless GONGZHI_TEST_PG_PORT / GONGZHI_TEST_PG_DATA are given, the
# cluster gets a free port and lives, with the logs, in a private folder (mktemp). A cluster this script started is
# stopped when it exits, however it exits.
set -euo pipefail
cd "$(dirname "$0")/.."

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/gongzhi-test.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
PG_PORT=${GONGZHI_TEST_PG_PORT:-$(free_port)}
PG_DATA=${GONGZHI_TEST_PG_DATA:-$WORK_DIR/pgdata}
TEST_LOG="$WORK_DIR/tests.log"
BROWSER_LOG="$WORK_DIR/browser-tests.log"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "== installing PostgreSQL"
  apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Chromium"
  apt_install chromium
fi
if ! command -v zbarimg >/dev/null 2>&1; then
  echo "== installing zbar-tools (tests read printed QR codes back)"
  apt_install zbar-tools
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "== installing poppler-utils (tests read generated PDFs back with pdftotext)"
  apt_install poppler-utils
fi
if [ ! -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]; then
  echo "== installing fonts-droid-fallback (the single-face CJK .ttf that PDFs embed)"
  apt_install fonts-droid-fallback
fi
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "== installing fonts-dejavu-core (Latin letters and digits in PDFs; the CJK fallback font has none)"
  apt_install fonts-dejavu-core
fi
if ! fc-list 2>/dev/null | grep -qiE "wqy|noto sans cjk"; then
  echo "== installing a CJK font"
  apt_install fonts-wqy-microhei
fi

run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# As root the cluster runs as postgres, which must be able to enter the private folder.
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$WORK_DIR"
started_pg=""
cleanup() {
  if [ -n "$started_pg" ]; then
    run_pg "$pg_bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    # A cluster in the private folder is throw-away; one in a given GONGZHI_TEST_PG_DATA is kept for the next run.
    if [ -z "${GONGZHI_TEST_PG_DATA:-}" ]; then rm -rf "$PG_DATA"; fi
  fi
  echo "== logs in $WORK_DIR"
}
trap cleanup EXIT

if ! "$pg_bin/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; then
  echo "== starting PostgreSQL on 127.0.0.1:$PG_PORT (data in $PG_DATA)"
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA"
    install -d -m 700 "$PG_DATA"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DATA"
    run_pg "$pg_bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  started_pg=1
  run_pg "$pg_bin/pg_ctl" -D "$PG_DATA" -l "$WORK_DIR/postgres.log" -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -w start >/dev/null
else
  echo "== using the PostgreSQL server already listening on 127.0.0.1:$PG_PORT"
fi
export GONGZHI_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Include Error Detail=true"
export GONGZHI_TEST_CHROMIUM=$(command -v chromium)

echo "== building"
dotnet build Gongzhi.slnx -c Release -nologo -v quiet -clp:ErrorsOnly

status=0
echo "== unit and integration tests (SQLite and PostgreSQL)"
dotnet test tests/Gongzhi.Tests -c Release --no-build -nologo 2>&1 | tee "$TEST_LOG" || true
grep -qE "^(Passed!|Failed!)" "$TEST_LOG" || status=1
grep -q "^Failed!" "$TEST_LOG" && status=1
echo "== browser tests (Chromium)"
dotnet test tests/Gongzhi.BrowserTests -c Release --no-build -nologo 2>&1 | tee "$BROWSER_LOG" || true
grep -qE "^(Passed!|Failed!)" "$BROWSER_LOG" || status=1
grep -q "^Failed!" "$BROWSER_LOG" && status=1

# One summary line for CI: "N passed, N failed".
python3 - "$TEST_LOG" "$BROWSER_LOG" <<'PY' || true
import re, sys
passed = failed = skipped = 0
for log in sys.argv[1:]:
    for line in open(log, encoding="utf-8", errors="replace"):
        m = re.search(r"(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)", line)
        if m:
            failed += int(m.group(2)); passed += int(m.group(3)); skipped += int(m.group(4))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
