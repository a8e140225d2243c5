#!/usr/bin/env bash
# The soak (not part of ./test.sh or CI): mixed traffic through the gateway for --minutes while a random
# service and a random broker node of a 3-node RabbitMQ cluster are killed with kill -9 every few minutes,
# then the marketplace's invariants are checked. Everything runs on ports of its own (never 8080 or 5672)
# and is stopped at the end, also on failure or Ctrl-C.
#
#   deploy/soak/soak.sh --minutes 2                      a short run (figures in artifacts/soak/results.md)
#   deploy/soak/soak.sh --minutes 30 --write-docs        the documented run (rewrites its section of docs/reliability.md)
#   deploy/soak/soak.sh --help                           every option (--chaos-every, --broker-down, --workers, --seed)
#
# Exit status 0 when every invariant held and no unexpected 5xx was seen.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then sed -n '2,12p' "$0"; exit 0; fi
command -v rabbitmq-server >/dev/null 2>&1 || [[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] \
  || { echo "rabbitmq-server is needed: sudo apt-get install -y rabbitmq-server" >&2; exit 1; }

echo "Building the soak and the six hosts (Release)..."
dotnet build tests/Soak/Soak.csproj -c Release --nologo -v quiet -clp:"ErrorsOnly;NoSummary"
# The program stops its processes and cluster nodes itself (also on an exception); Ctrl-C reaches it directly.
exec dotnet tests/Soak/bin/Release/net10.0/Soak.dll "$@"
