#!/usr/bin/env bash
# Builds the benchmark jar (and the server it embeds) and runs the benchmarks; exits non-zero on any failure.
#   bash bench/run.sh               both: the secrets listing benchmark, then the container benchmark
#   bash bench/run.sh secrets       only the secrets listing benchmark (no Docker needed)
#   bash bench/run.sh containers    only the container benchmark (needs the Docker Engine, docker-registry, htpasswd)
#   bash bench/run.sh network       only the tenant network benchmark (as containers, plus iperf3)
#   bash bench/run.sh exec          only the exec benchmark (execCreate → first output byte vs docker exec; needs the same)
# Further arguments go to the JVM, e.g.: bash bench/run.sh secrets -Dbench.requests=5000 -Dbench.threads=1,4
set -euo pipefail
cd "$(dirname "$0")/.."

which=all
case "${1:-}" in
  all|secrets|containers|network|exec) which=$1; shift ;;
esac

# -DskipTests, not -Dmaven.test.skip: the server's tests are compiled (not run) because the
# container benchmark uses its test-jar (the nc.testing.Engine fixture: registry + test image).
if ! build_log=$(mvn -B -q -pl bench -am package -DskipTests 2>&1); then
  echo "$build_log"
  echo "bench/run.sh: build failed" >&2
  exit 1
fi

run() {
  java -Xms512m -Xmx512m \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -Dorg.slf4j.simpleLogger.log.nc.access=warn \
    "${@:2}" -cp bench/target/nc-bench-all.jar "$1"
}

status=0
if [[ $which == all || $which == secrets ]]; then
  run nc.bench.SecretsListingBenchmark "$@" || status=$?
fi
if [[ $which == all || $which == containers ]]; then
  code=0
  run nc.bench.ContainerBenchmark "$@" || code=$?
  if [[ $status -eq 0 ]]; then
    status=$code
  fi
fi
if [[ $which == all || $which == network ]]; then
  command -v iperf3 >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iperf3 >/dev/null; }
  code=0
  run nc.bench.NetworkBenchmark "$@" || code=$?
  if [[ $status -eq 0 ]]; then
    status=$code
  fi
fi
if [[ $which == all || $which == exec ]]; then
  code=0
  run nc.bench.ExecBenchmark "$@" || code=$?
  if [[ $status -eq 0 ]]; then
    status=$code
  fi
fi
exit "$status"
