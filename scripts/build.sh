#!/usr/bin/env bash
# Builds the server's runnable jar: server/target/nc-server-all.jar
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
mvn -q -B -pl server -am package -DskipTests
