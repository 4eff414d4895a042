#!/usr/bin/env bash
# A Docker Engine whose storage driver takes a size per container (btrfs, on a sparse file mounted
# through a loop device), next to the host's own engine. nc detects the driver: containers made
# on it get a root filesystem limited to their rootVolume's diskSizeGB (writes past it fail with
# "Disk quota exceeded"). It runs without iptables rules of its own (--iptables=false) and with a
# default bridge of its own (nc-btrfs0), so as not to disturb the host's engine (a second engine
# with --bridge=none would delete the first one's docker0); nc's own firewall still applies.
#   bash scripts/btrfs-engine.sh start   # prints its address, e.g. unix:///run/nc-btrfs-engine/docker.sock
#   bash scripts/btrfs-engine.sh stop    # stops it and unmounts its filesystem (the file is kept)
#   NC_DOCKER_HOST=$(bash scripts/btrfs-engine.sh start) make run
# NC_BTRFS_DIR (default /var/lib/nc-btrfs-engine) holds the file, NC_BTRFS_SIZE (default 200G) its size.
set -euo pipefail
# only the address goes to stdout (callers capture it); the rest goes to stderr, and the engine
# started here keeps neither (it would hold the caller's pipe open)
dir=${NC_BTRFS_DIR:-/var/lib/nc-btrfs-engine}
run=/run/nc-btrfs-engine
sock=unix://$run/docker.sock
bridge=nc-btrfs0
answers() { docker -H "$sock" info >/dev/null 2>&1; }

start() {
    source "$(dirname "$0")/tools.sh"
    need=()
    command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
    command -v mkfs.btrfs >/dev/null 2>&1 || need+=(btrfs-progs)
    install_missing "${need[@]}"
    grep -qw btrfs /proc/filesystems || modprobe btrfs 2>/dev/null || { echo "this kernel has no btrfs" >&2; exit 1; }
    mkdir -p "$dir/mnt" "$run"
    [ -f "$dir/fs.img" ] || truncate -s "${NC_BTRFS_SIZE:-200G}" "$dir/fs.img"
    blkid -s TYPE -o value "$dir/fs.img" 2>/dev/null | grep -qx btrfs || mkfs.btrfs -q "$dir/fs.img" >/dev/null
    mountpoint -q "$dir/mnt" || mount -o loop "$dir/fs.img" "$dir/mnt"
    if ! ip link show "$bridge" >/dev/null 2>&1; then
      ip link add "$bridge" type bridge
      ip addr add "${NC_BTRFS_BRIDGE_CIDR:-169.254.252.1/24}" dev "$bridge"
      ip link set "$bridge" up
    fi
    if ! answers; then
      setsid dockerd --data-root "$dir/mnt/docker" --exec-root "$run" --pidfile "$run/dockerd.pid" -H "$sock" \
        --storage-driver btrfs --bridge "$bridge" --iptables=false --ip-masq=false >>"$dir/dockerd.log" 2>&1 </dev/null &
      for _ in $(seq 1 120); do answers && break; sleep 0.5; done
      answers || { echo "the btrfs engine did not answer within 60 s; see $dir/dockerd.log" >&2; tail -5 "$dir/dockerd.log" >&2; exit 1; }
    fi
}

stop() {
    if [ -f "$run/dockerd.pid" ]; then
      pid=$(cat "$run/dockerd.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    if mountpoint -q "$dir/mnt"; then umount -R "$dir/mnt"; fi
    if ip link show "$bridge" >/dev/null 2>&1; then ip link del "$bridge"; fi
}

case "${1:-start}" in
  start) start >&2; echo "$sock" ;;
  stop) stop >&2 ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
