#!/usr/bin/env bash
# Installs (Debian, as root) and starts what the engine tests need: the Docker Engine, the CNCF
# registry, htpasswd and a static busybox (the test image is built from it). Idempotent.
# Nothing is pulled from Docker Hub.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "install ok installed" || need+=(busybox-static)
# cloud disks are loop devices formatted xfs (the default) or ext4
dpkg-query -W -f='${Status}' xfsprogs 2>/dev/null | grep -q "install ok installed" || need+=(xfsprogs)
# FRR: the EVPN speaker of the multi-host network test (one subnet across two "hosts")
[ -x /usr/lib/frr/bgpd ] || need+=(frr)
# the tenant networks' tools (nftables, conntrack, iproute2) are installed by docker-engine.sh, as for make run
source tools.sh
install_missing "${need[@]}"
bash docker-engine.sh
