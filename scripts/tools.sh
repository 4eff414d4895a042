#!/usr/bin/env bash
# Sourced by the other scripts. install_missing PACKAGE...: apt-get installs those given (Debian,
# as root); callers pass only the ones they found missing. Then the JDK and Maven are ensured.
install_missing() {
  [ $# -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing: $*; run as root or install them" >&2
    exit 1
  fi
  echo "installing $*..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

jdk_need=()
command -v javac >/dev/null 2>&1 || jdk_need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || jdk_need+=(maven)
install_missing "${jdk_need[@]}"
