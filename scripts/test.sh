#!/usr/bin/env bash
# make test: every test, against the embedded H2 and a local PostgreSQL, with a real Docker
# Engine and a private registry for the container tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
# the web console's tests drive Debian's headless Chromium
browser_need=()
[ -x /usr/bin/chromium ] || browser_need+=(chromium)
[ -x /usr/bin/chromedriver ] || browser_need+=(chromium-driver)
install_missing "${browser_need[@]}"
bash scripts/test-docker.sh
NC_TEST_PG_URL=$(bash scripts/test-postgres.sh | tail -1)
case "$NC_TEST_PG_URL" in jdbc:postgresql:*) ;; *) echo "test-postgres.sh gave no JDBC URL: $NC_TEST_PG_URL" >&2; exit 1;; esac
export NC_TEST_PG_URL NC_REQUIRE_PG=1 NC_REQUIRE_DOCKER=1 NC_REQUIRE_BROWSER=1
mvn -B test
