#!/usr/bin/env bash
# Runs Ember's benchmarks against its peers and prints a Markdown table.
#
#   benchmarks/run.sh [quick|full] [extra JMH arguments...]
#
#   quick  one fork, short warmup and measurement, findById at in-flight 1 and 32 (under 10 minutes)
#   full   more and longer iterations, findById at in-flight 1, 8 and 32 (about 15 minutes)
#   profile  JFR of Ember and the raw driver on findById (in-flight 32), find and include, summarised by layer
#   sweep  the findById concurrency sweep (in flight 1, 8, 32, 128, 512; Ember with coalescing off and on, raw,
#          Spring Data, JDBC, Vert.x) and the web-request scenario, BENCH_FORKS rounds (default 2) of one fork
#          each, so the libraries' forks interleave; prints the median and spread over forks and draws
#          benchmarks/sweep.png (throughput and client CPU per lookup against in-flight). About 13 minutes a round.
#
# The database comes from the project's rule, applied in every benchmark JVM (TestDatabase):
# EMBER_DB_URL or POSTGRES_* (external server), else Testcontainers if Docker is reachable,
# else an embedded PostgreSQL. Needs only a JDK 17+ and Maven; builds the shaded jar first
# (BENCH_SKIP_BUILD=1 skips that; MVN_ARGS adds Maven options, e.g. -o).
#
# Extra arguments go to JMH, e.g. a benchmark regex ('FindById') or
# -jvmArgsAppend -Dbench.forceBinary=true (see io.ember.benchmarks.Tuning). Results (JSON, log,
# table) are written to benchmarks/target/results/.
set -euo pipefail

mode="${1:-quick}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/benchmarks/target/benchmarks.jar"
out="$root/benchmarks/target/results"
mkdir -p "$out"

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
  echo "Building benchmarks (mvn package -pl benchmarks -am)..." >&2
  (cd "$root" && mvn -q -B ${MVN_ARGS:-} package -DskipTests -pl benchmarks -am)
fi

case "$mode" in
  quick)
    timing=(-f 1 -wi 4 -w 1s -i 3 -r 1s)
    in_flight="1,32"
    ;;
  full)
    timing=(-f "${BENCH_FORKS:-1}" -wi 5 -w 2s -i 5 -r 2s)
    in_flight="1,8,32"
    ;;
  profile)
    timing=(-f 1 -wi 5 -w 2s -i 5 -r 3s)
    in_flight="32"
    ;;
  sweep)
    timing=(-f 1)   # one fork per round; warmup and measurement as the classes declare them
    in_flight=""
    ;;
  *)
    echo "usage: $0 [quick|full|profile|sweep] [extra JMH arguments...]" >&2
    exit 2
    ;;
esac

stamp="$(date +%Y%m%d-%H%M%S)"
log="$out/$mode-$stamp.log"
jsons=()
common=("${timing[@]}" -jvmArgsAppend "-Xms2g -Xmx2g" -prof gc -prof io.ember.benchmarks.CpuProfiler
        -prof io.ember.benchmarks.ServerCpuProfiler)

run_jmh() { # name, JMH arguments...
  local json="$out/$mode-$stamp-$1.json"
  shift
  echo "JMH $*" >>"$log"
  java -jar "$jar" "$@" "${common[@]}" -rf json -rff "$json" >>"$log" 2>&1 || {
    echo "JMH failed; the last lines of $log:" >&2
    tail -40 "$log" >&2
    exit 1
  }
  jsons+=("$json")
}

echo "Running $mode benchmarks; log: $log" >&2
if [[ "$mode" == profile ]]; then
  jfr_dir="$out/jfr-$stamp"
  # JDK's "profile" settings with Java method sampling every 1 ms instead of 10 ms (more samples) and
  # the TLAB allocation events on (JfrSummary weighs them by TLAB and object size).
  jfc="$out/profile-1ms.jfc"
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  sed -e 's#<setting name="period" control="method-sampling-java-interval">[0-9]* ms</setting>#<setting name="period" control="method-sampling-java-interval">1 ms</setting>#' \
    -e '/jdk.ObjectAllocation\(InNewTLAB\|OutsideTLAB\)/,/<\/event>/s#<setting name="enabled" control="gc-enabled-high">false</setting>#<setting name="enabled" control="gc-enabled-high">true</setting>#' \
    "$java_home/lib/jfr/profile.jfc" >"$jfc"
  libraries="${BENCH_LIBRARIES:-ember,raw}"
  run_jmh profile-lookups 'io.ember.benchmarks.FindByIdBenchmark' -p library="$libraries" -p inFlight="$in_flight" \
    -prof "jfr:dir=$jfr_dir;configName=$jfc" "$@"
  run_jmh profile-find 'io.ember.benchmarks.FindBenchmark' -p library="$libraries" \
    -prof "jfr:dir=$jfr_dir;configName=$jfc" "$@"
  run_jmh profile-include 'io.ember.benchmarks.IncludeBenchmark' -p library="$libraries" \
    -prof "jfr:dir=$jfr_dir;configName=$jfc" "$@"
  find "$jfr_dir" -name '*.jfr' | sort | while read -r f; do
    echo
    echo "### $(basename "$(dirname "$f")")"
    echo
    java -cp "$jar" io.ember.benchmarks.report.JfrSummary "$f" 20
  done | tee "$out/profile-$stamp-layers.md"
  echo
fi
if [[ "$mode" == sweep ]]; then
  for round in $(seq 1 "${BENCH_FORKS:-2}"); do
    echo "Sweep round $round of ${BENCH_FORKS:-2}" >&2
    run_jmh "sweep-$round" 'io.ember.benchmarks.FindByIdSweepBenchmark' "$@"
    run_jmh "web-$round" 'io.ember.benchmarks.WebRequestBenchmark' "$@"
  done
  {
    echo "## Ember concurrency sweep and web requests ($(date -u +%Y-%m-%dT%H:%MZ), ${BENCH_FORKS:-2} interleaved forks)"
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(grep -m1 '# bench postgres' "$log" | sed 's/# bench postgres: //' || true); database: $(grep -m1 'Ember database' "$log" | sed 's/.*Ember database: //' || true)"
    echo
    java -cp "$jar" io.ember.benchmarks.report.SweepReport "$root/benchmarks/sweep.png" "${jsons[@]}"
  } | tee "$out/$mode-$stamp.md"
  exit 0
elif [[ "$mode" == profile ]]; then
  :
elif [[ $# -gt 0 && "$1" != -* ]]; then
  # A benchmark regex given: run just that, with the classes' own parameters unless overridden.
  run_jmh custom "$@"
else
  run_jmh lookups 'io.ember.benchmarks.FindByIdBenchmark' -p inFlight="$in_flight" "$@"
  run_jmh others 'io.ember.benchmarks.(Find|Count|Create|CreateAll|Include)Benchmark\.' "$@"
fi

{
  echo "## Ember benchmarks ($mode, $(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $(grep -m1 '# bench postgres' "$log" | sed 's/# bench postgres: //' || true); database: $(grep -m1 'Ember database' "$log" | sed 's/.*Ember database: //' || true)"
  echo "Variant: $(grep -m1 '# bench variant' "$log" | sed 's/# bench variant: //' || true)"
  echo
  java -cp "$jar" io.ember.benchmarks.report.ResultsTable "${jsons[@]}"
} | tee "$out/$mode-$stamp.md"
