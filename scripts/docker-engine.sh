#!/usr/bin/env bash
# Installs (Debian, as root) and starts the Docker Engine when absent. Idempotent; waits
# (bounded) until `docker info` answers.
set -euo pipefail

source "$(dirname "$0")/tools.sh"
command -v dockerd >/dev/null 2>&1 || install_missing docker.io iproute2
# cloud disks are loop devices formatted xfs (the default) or ext4, which nc makes only as root
# tenant networks (a network namespace per VPC, nftables, veths, tc): nftables, iproute2, conntrack, and
# iptables for the engine's DOCKER-USER chain
if [ "$(id -u)" = 0 ]; then
  need=()
  for pkg in xfsprogs nftables iproute2 conntrack iptables util-linux procps; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
  done
  install_missing "${need[@]}"
fi

if ! docker info >/dev/null 2>&1; then
  if [ -d /run/systemd/system ]; then
    systemctl start docker
  else
    echo "starting dockerd (log: /tmp/dockerd.log)..." >&2
    setsid dockerd >>/tmp/dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! docker info >/dev/null 2>&1; then
    echo "dockerd did not answer within 60 s; see /tmp/dockerd.log" >&2
    exit 1
  fi
fi
