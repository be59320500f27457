#!/usr/bin/env sh
# Builds Roster and the benchmarks, then runs every benchmark row of issue 8 and writes
# benchmarks/results/latest.json, latest.md and row*.svg. Run from anywhere in a clone:
#   benchmarks/run.sh            short settings (a few minutes on 2 cores)
#   benchmarks/run.sh --long     careful settings
# Other options: --only 1,3   --out DIR   --server-jar JAR   --replot (redraw the plots of latest.json)
# Needs: JDK 17+, Maven, PostgreSQL (ROSTER_BENCH_POSTGRES_URL, default
# jdbc:postgresql://127.0.0.1:5432/test?user=postgres), wrk for row 5 (installed here if missing and run as root).
set -eu
cd "$(dirname "$0")/.."
modules=benchmarks
if [ -d adapters-http/src ]; then
  modules=benchmarks,adapters-http
fi
# Row 5's load generator; a fresh Debian machine lacks it, and root can fetch it from Debian's packages.
if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; } || true
fi
# Row 6 holds 10k sockets in each of two JVMs (server and clients): lift the soft limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
mvn -B -q -Pbench -DskipTests package -pl "$modules" -am
exec java -Xmx4g -jar benchmarks/target/benchmarks.jar "$@"
