#!/usr/bin/env bash
# Installs stackd as a systemd service: the jar to /opt/stackd/stackd.jar, the unit to
# /etc/systemd/system/stackd.service (with the path of a java >= 21 written into ExecStart),
# then `systemctl daemon-reload` and `systemctl enable --now stackd`. Idempotent: run it again to
# upgrade (the jar and unit are replaced, the service restarted; /var/lib/stackd is kept).
#
#   deploy/install.sh [--jar FILE] [--root DIR] [--java PATH]
#   deploy/install.sh --uninstall [--root DIR] [--purge]
#
#   --jar FILE    the jar to install (default: controller/target/stackd.jar, built if missing)
#   --root DIR    prefix for every path written; when DIR is not /, no systemctl call is made
#                 (for packaging and tests)
#   --java PATH   the java binary for ExecStart (default: the first JDK >= 21 found like ./stackd
#                 does: $JAVA_HOME, then /usr/lib/jvm/*)
#   --uninstall   stop and disable the service, remove the unit and /opt/stackd; the data dir
#                 /var/lib/stackd (store and token, 0700: stackd keeps it private) is kept unless --purge
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/scripts/lib.sh"

say() { echo "install.sh: $*"; }
die() { echo "install.sh: error: $*" >&2; exit 1; }

jar="" root="/" java="" mode=install purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) [ $# -ge 2 ] || die "--jar needs a file"; jar=$2; shift 2 ;;
    --root) [ $# -ge 2 ] || die "--root needs a directory"; root=$2; shift 2 ;;
    --java) [ $# -ge 2 ] || die "--java needs a path"; java=$2; shift 2 ;;
    --uninstall) mode=uninstall; shift ;;
    --purge) purge=1; shift ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
done

[ -d "$root" ] || die "--root $root: no such directory"
root=$(cd "$root" && pwd)
prefix=${root%/}                      # "" for /
use_systemctl=0
if [ "$root" = / ]; then
  [ "$(id -u)" = 0 ] || die "installing into / needs root (or use --root DIR)"
  command -v systemctl >/dev/null && [ -d /run/systemd/system ] && use_systemctl=1
  [ "$use_systemctl" = 1 ] || say "systemd is not running here: files are installed, the service is not started"
fi
opt_dir="$prefix/opt/stackd"
unit_dir="$prefix/etc/systemd/system"
unit="$unit_dir/stackd.service"
data_dir="$prefix/var/lib/stackd"

if [ "$mode" = uninstall ]; then
  if [ "$use_systemctl" = 1 ]; then
    systemctl disable --now stackd.service 2>/dev/null || true
  fi
  removed=0
  [ -e "$unit" ] && { rm -f "$unit"; say "removed $unit"; removed=1; }
  [ -e "$opt_dir" ] && { rm -rf "$opt_dir"; say "removed $opt_dir"; removed=1; }
  [ "$use_systemctl" = 1 ] && systemctl daemon-reload
  if [ "$root" != / ]; then
    # under a private root, also drop the (now empty) directories an install created
    for d in "$unit_dir" "$prefix/opt"; do
      [ -d "$d" ] && (cd "$root" && rmdir -p --ignore-fail-on-non-empty "${d#"$prefix"/}") || true
    done
  fi
  if [ -e "$data_dir" ]; then
    if [ "$purge" = 1 ]; then rm -rf "$data_dir"; say "removed $data_dir (--purge)"
    else say "kept $data_dir (the store and the token; --purge removes it)"; fi
  fi
  [ "$removed" = 1 ] || say "stackd was not installed under $root: nothing to remove"
  exit 0
fi

# the java for ExecStart
if [ -z "$java" ]; then
  jdk=$(stackd_find_jdk) || die "no JDK >= 21 found in \$JAVA_HOME or /usr/lib/jvm (Debian: apt-get install openjdk-21-jre-headless, or pass --java PATH)"
  java="$jdk/bin/java"
fi
[ -x "$java" ] || die "--java $java is not an executable"
v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
v=${v%%.*}
{ [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; } || die "$java is Java ${v:-?}: stackd needs 21 or newer"

# the jar
if [ -z "$jar" ]; then
  jar="$repo/controller/target/stackd.jar"
  if [ ! -f "$jar" ]; then
    say "building $jar (./stackd version builds it when missing)"
    "$repo/stackd" version >/dev/null || die "the build failed"
  fi
fi
[ -f "$jar" ] || die "jar $jar not found"

install -d -m 0755 "$opt_dir" "$unit_dir"
if [ -f "$opt_dir/stackd.jar" ] && cmp -s "$jar" "$opt_dir/stackd.jar"; then
  say "$opt_dir/stackd.jar is up to date"
else
  install -m 0644 "$jar" "$opt_dir/stackd.jar.new"
  mv -f "$opt_dir/stackd.jar.new" "$opt_dir/stackd.jar"   # atomic replace: a running JVM keeps the old inode
  rm -f "$data_dir/stackd.jsa"   # the class-data archive of the old jar: the service writes a new one
  say "installed $opt_dir/stackd.jar"
fi
if [ -f "$repo/docs/operations.md" ]; then
  install -d -m 0755 "$opt_dir/docs"
  install -m 0644 "$repo/docs/operations.md" "$opt_dir/docs/operations.md"
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
sed "s|@JAVA@|$java|" "$repo/deploy/stackd.service" >"$tmp"
if [ -f "$unit" ] && cmp -s "$tmp" "$unit"; then
  say "$unit is up to date (java: $java)"
else
  install -m 0644 "$tmp" "$unit"
  say "installed $unit (java: $java)"
fi

if [ "$use_systemctl" = 1 ]; then
  systemctl daemon-reload
  systemctl enable stackd.service >/dev/null
  systemctl restart stackd.service
  say "stackd is running: systemctl status stackd; the API token is in /var/lib/stackd/token (mode 0600: it is root on this host, see docs/operations.md)"
elif [ "$root" != / ]; then
  say "installed under $root (no systemctl calls for a --root other than /)"
fi
