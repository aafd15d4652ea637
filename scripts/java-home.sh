# Sourced by ./test, ./hookline and .ci/run: picks a JDK >= 21 when JAVA_HOME or the default java is older.
_hookline_java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'; }
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(_hookline_java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
  :
elif command -v java >/dev/null && [ "$(_hookline_java_major java)" -ge 21 ] 2>/dev/null; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
else
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(_hookline_java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "${JAVA_HOME:-}" ] || [ "$(_hookline_java_major "$JAVA_HOME/bin/java")" -lt 21 ] 2>/dev/null; then
  echo "Hookline needs JDK 21 or newer; none found. Install one (e.g. apt install openjdk-21-jdk) or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
# The user's own HOOKLINE_JAVA_OPTS come last, so they reach the JVM and win over ours; the value
# seen the first time this file is sourced is kept, so sourcing it twice adds nothing twice.
if [ -z "${_HOOKLINE_USER_JAVA_OPTS+set}" ]; then
  export _HOOKLINE_USER_JAVA_OPTS="${HOOKLINE_JAVA_OPTS:-}"
fi
# JDK 24+ warns when libraries (Maven's Guice, protobuf under CEL) use sun.misc.Unsafe; allow it quietly.
HOOKLINE_JAVA_OPTS="--enable-native-access=ALL-UNNAMED"
if [ "$(_hookline_java_major "$JAVA_HOME/bin/java")" -ge 24 ] 2>/dev/null; then
  HOOKLINE_JAVA_OPTS="$HOOKLINE_JAVA_OPTS --sun-misc-unsafe-memory-access=allow"
  case " ${MAVEN_OPTS:-} " in
    *" --sun-misc-unsafe-memory-access=allow "*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
HOOKLINE_JAVA_OPTS="$HOOKLINE_JAVA_OPTS${_HOOKLINE_USER_JAVA_OPTS:+ $_HOOKLINE_USER_JAVA_OPTS}"
export HOOKLINE_JAVA_OPTS
