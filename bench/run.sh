#!/usr/bin/env bash
# Builds the benchmark jar (and the server it embeds) and runs it once; exits non-zero on any failure.
# Extra arguments go to the JVM, e.g.: bash bench/run.sh -Dbench.requests=5000 -Dbench.threads=1,4
set -euo pipefail
cd "$(dirname "$0")/.."

# maven.test.skip: the benchmark needs the server's main code only, not its tests compiled.
if ! build_log=$(mvn -B -q -pl bench -am package -Dmaven.test.skip=true 2>&1); then
  echo "$build_log"
  echo "bench/run.sh: build failed" >&2
  exit 1
fi

exec java -Xms512m -Xmx512m \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.nc.access=warn \
  "$@" -jar bench/target/nc-bench-all.jar
