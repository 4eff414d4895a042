#!/usr/bin/env bash
# make run: build, make sure the Docker Engine runs, then start nc in the foreground.
# NC_PORT, NC_BIND, NC_DATA, NC_DB_URL... see README.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
bash scripts/docker-engine.sh
exec java ${NC_JAVA_OPTS:-} -jar server/target/nc-server-all.jar
