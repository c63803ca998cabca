# Shared by ./stackd and scripts/*: find a JDK >= 21.
# Prints the JAVA_HOME of the first JDK >= 21: $JAVA_HOME, then /usr/lib/jvm/*.
stackd_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    # the JDK's release file says its version without starting a JVM (~0.1 s each); ask java when it has none
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$c/release" 2>/dev/null || true)
    [ -n "$v" ] || v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    v=${v%%.*}
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  return 1
}

stackd_require_jdk() {
  local jdk
  if ! jdk=$(stackd_find_jdk); then
    echo "stackd needs a JDK 21 or newer: none found in \$JAVA_HOME or /usr/lib/jvm." >&2
    echo "On Debian or Ubuntu: apt-get install openjdk-21-jdk (or any JDK >= 21), or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$jdk"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# The browser and driver the dashboard's browser tests use (Debian's chromium and chromium-driver).
stackd_has_chromium() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]
}

# A private dockerd (bench/lib/dockerd.py) deletes the host engine's docker0 when it starts again over its store, and
# puts it back once it answers; a run stopped in between leaves the host engine without its default bridge (builds
# and `docker run` fail with "could not find bridge docker0"). The wrappers' cleanup calls this: docker0 back with
# the addresses the run saw.
stackd_restore_docker0() {
  local saved=/run/stackd-host-docker0.addrs a
  ip link show docker0 >/dev/null 2>&1 && return 0
  [ -s "$saved" ] || return 0
  ip link add docker0 type bridge || return 0
  while read -r a; do [ -n "$a" ] && { ip addr add "$a" dev docker0 || true; }; done < "$saved"
  ip link set docker0 up || true
  echo "put the host engine's docker0 back ($(tr '\n' ' ' < "$saved"))" >&2
}
