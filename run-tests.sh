#!/usr/bin/env bash
# Installs what the tests need (Debian packages; run as root) and runs every test.
# Results land in TestResults/ as TRX files; .ci/run counts them.
set -euo pipefail
cd "$(dirname "$0")"

# The real peers the integration tests start: python3-grpcio (gRPC interop) and protoc (its message modules),
# influxd and victoria-metrics (backends), mosquitto (MQTT), dbus-daemon + python3-dbus/-gi (BlueZ simulator),
# socat (serial pty pairs), chromium (dashboard browser tests).
packages=(python3-grpcio python3-protobuf protobuf-compiler influxdb victoria-metrics
  mosquitto mosquitto-clients dbus-daemon python3-dbus python3-gi python3-dbusmock socat chromium
  fonts-wqy-zenhei)  # Chinese labels in the dashboard's screenshots (TestResults/Dashboard)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test peers: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

rm -rf TestResults
# TG_SOAK=short (the default) keeps soak and crash loops to their short form; TG_SOAK=long runs them in full.
export TG_SOAK="${TG_SOAK:-short}"
# One test assembly at a time: the suites start real servers and time real processes on 2 cores.
dotnet test TelemetryGateway.sln --configuration Release -m:1 \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory TestResults "$@"
