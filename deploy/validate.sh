#!/usr/bin/env bash
# Validates the deployment files without a container engine or a cluster (CI calls it from .ci/run):
#   1. Dockerfile: every project file it copies exists, and every host/library project is copied.
#   2. docker-compose.yml: `docker-compose config -q` with .env.example (empty secrets filled with
#      placeholders), that it REFUSES to render while a required secret is empty, and the policy:
#      only gateway/trace viewer/RabbitMQ UI published, Mongo everywhere, health-gated start order,
#      Auth__Authority == Identity__Issuer, build args naming real projects and assemblies.
#   3. deploy/k8s: `kubectl kustomize` (or `kustomize build`) of base, overlays/dev, overlays/prod and
#      base + components/matching-autoscale, then checks of the rendered objects: probes on
#      /health/ready and /health/live, requests/limits, non-root and read-only root filesystem,
#      every secretKeyRef/configMapRef/Service/HPA/PDB target resolves, no Secret is rendered; in prod,
#      RabbitMQ as a 3-node cluster and MongoDB as a 3-member replica set (replicas, anti-affinity, PDBs,
#      quorum settings, the services' node list and connection string).
#      Without a kustomize >= v4.1 it falls back to parsing every YAML file and checking the
#      kustomization references, and says so.
# On a fresh Debian machine, run as root, it installs docker-compose and python3-yaml with apt-get.
# Debian's own kubernetes-client (1.20, kustomize v2) is too old for these kustomizations, so it is
# not installed; put kubectl >= 1.21 or kustomize >= 4.1 on PATH for the full check.
#
#   deploy/validate.sh          exit status 0 when everything validates
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

FAILURES=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*" >&2; FAILURES=$((FAILURES + 1)); }
section() { echo; echo "== $*"; }

apt_install() {
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $* with apt-get..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@") >/dev/null
  else
    echo "Missing $*: install with  sudo apt-get install -y $*" >&2
    return 1
  fi
}

# Debian's python3 with PyYAML (the one docker-compose uses too), not whatever python3 is first on PATH.
PYTHON=/usr/bin/python3
[[ -x "$PYTHON" ]] || PYTHON="$(command -v python3 || true)"
if [[ -z "$PYTHON" ]] || ! "$PYTHON" -c 'import yaml' 2>/dev/null; then
  apt_install python3 python3-yaml
  PYTHON=/usr/bin/python3
fi
command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || apt_install docker-compose
if command -v docker-compose >/dev/null 2>&1; then COMPOSE=(docker-compose); else COMPOSE=(docker compose); fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------------------------------------------
section "Dockerfile (deploy/docker/Dockerfile)"
"$PYTHON" - <<'PY' || FAILURES=$((FAILURES + 1))
import glob, os, re, sys
text = open("deploy/docker/Dockerfile").read()
copied = set(re.findall(r"^COPY\s+(\S+\.csproj)\s", text, re.M))
ok = True
for path in sorted(copied):
    if not os.path.isfile(path):
        print(f"  FAIL  COPY {path}: no such project"); ok = False
projects = set(glob.glob("contracts/*/*.csproj") + glob.glob("services/*/*.csproj") + glob.glob("gateway/*.csproj"))
for path in sorted(projects - copied):
    print(f"  FAIL  {path} is not copied in the restore layer (add a COPY line)"); ok = False
for needle in ("FROM ${SDK_IMAGE} AS build", "FROM ${RUNTIME_IMAGE} AS runtime", "USER ${APP_UID}", "HEALTHCHECK", "dotnet restore", "--no-restore"):
    if needle not in text:
        print(f"  FAIL  Dockerfile lacks '{needle}'"); ok = False
if ok:
    print(f"  ok    {len(copied)} project files copied before restore, all exist; multi-stage, non-root, HEALTHCHECK")
sys.exit(0 if ok else 1)
PY

# ---------------------------------------------------------------------------------------------------
section "docker-compose.yml ($("${COMPOSE[@]}" version --short 2>/dev/null || echo compose))"
# 1) .env.example as shipped leaves the secrets empty: compose must refuse to render.
if env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${COMPOSE[@]}" --env-file .env.example -f docker-compose.yml config -q \
     >"$WORK/compose-unset.log" 2>&1; then
  fail "compose rendered although .env.example leaves required secrets empty"
else
  pass "refuses to start without the secrets: $(grep -o 'set [A-Z_]* in .env' "$WORK/compose-unset.log" | tail -1)"
fi
# 2) With placeholders for exactly the empty required values, it must render.
placeholders=()
while IFS='=' read -r name value; do
  [[ -n "$name" && -z "$value" ]] && placeholders+=("$name=validate-placeholder-$name")
done < <(grep -E '^[A-Z_][A-Z0-9_]*=' .env.example)
if env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${placeholders[@]}" "${COMPOSE[@]}" --env-file .env.example -f docker-compose.yml config \
     >"$WORK/compose.yml" 2>"$WORK/compose.err"; then
  pass "docker-compose config -q with .env.example (+ placeholders for: ${placeholders[*]%%=*})"
  "$PYTHON" - "$WORK/compose.yml" <<'PY' || FAILURES=$((FAILURES + 1))
import os, re, sys, yaml
cfg = yaml.safe_load(open(sys.argv[1]))
services = cfg["services"]
ok = True
def bad(msg):
    global ok; ok = False; print(f"  FAIL  {msg}")
apps = {"identity": "Identity", "needs": "Needs", "pledges": "Pledges", "matching": "Matching", "flows": "Flows",
        "notifications": "Notifications", "gateway": "Gateway"}
expected = set(apps) | {"mongo", "rabbitmq", "trace-viewer", "smtp4dev"}
if set(services) != expected:
    bad(f"services {sorted(services)} != {sorted(expected)}")
# Only the gateway, the trace viewer UI and the RabbitMQ management UI may reach the host.
allowed = {"gateway": {8080}, "trace-viewer": {18888}, "rabbitmq": {15672}, "smtp4dev": {80}}
published = {n for n, s in services.items() if s.get("ports")}
for n, s in services.items():
    for p in s.get("ports") or []:
        target = int(p["target"]) if isinstance(p, dict) else int(str(p).split("/")[0].rsplit(":", 1)[-1])
        if target not in allowed.get(n, set()):
            bad(f"{n}: container port {target} is published to the host")
if "gateway" not in published:
    bad("the gateway is not published")
for name, s in services.items():
    if "healthcheck" not in s and name not in ("trace-viewer", "smtp4dev"):
        bad(f"{name}: no healthcheck")
    for dep, d in (s.get("depends_on") or {}).items():
        if dep != "trace-viewer" and d.get("condition") != "service_healthy":
            bad(f"{name}: depends_on {dep} is not condition service_healthy")
for name, assembly in apps.items():
    s = services.get(name, {}); env = s.get("environment", {})
    args = s.get("build", {}).get("args", {})
    project = args.get("SERVICE_PROJECT", "")
    if not os.path.isfile(project) or os.path.basename(project) != f"{assembly}.csproj" or args.get("SERVICE_DLL") != f"{assembly}.dll":
        bad(f"{name}: build args {args} do not name {assembly}.csproj / {assembly}.dll")
    if env.get("Auth__Authority") != env.get("Identity__Issuer"):
        bad(f"{name}: Auth__Authority != Identity__Issuer")
    if name != "gateway" and env.get("Storage__Provider") != "Mongo":
        bad(f"{name}: Storage__Provider is not Mongo")
    if "OTEL_EXPORTER_OTLP_ENDPOINT" not in env:
        bad(f"{name}: no OTEL_EXPORTER_OTLP_ENDPOINT")
    if not s.get("read_only"):
        bad(f"{name}: root filesystem not read-only")
# No secret value may be written in the compose file itself: secret-looking keys must interpolate.
raw = open("docker-compose.yml").read()
for m in re.finditer(r"^\s*([A-Za-z_]*(?:Secret|PASS|Password|ConnectionString)[A-Za-z_]*):\s*(.+)$", raw, re.M):
    if "${" not in m.group(2):
        bad(f"literal value for {m.group(1)} in docker-compose.yml")
if not cfg.get("volumes"):
    bad("no named volumes")
if ok:
    print(f"  ok    {len(services)} services; published: {', '.join(sorted(published))}; health-gated start; "
          f"Mongo storage; issuer consistent; no literal secrets; {len(cfg['volumes'])} named volumes")
sys.exit(0 if ok else 1)
PY
else
  fail "docker-compose config failed:"; sed 's/^/        /' "$WORK/compose.err" >&2
fi

# ---------------------------------------------------------------------------------------------------
KUSTOMIZE=()
if command -v kustomize >/dev/null 2>&1; then
  KUSTOMIZE=(kustomize build)
elif command -v kubectl >/dev/null 2>&1; then
  kv="$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\{0,1\}//p')"
  if [[ -n "$kv" ]] && "$PYTHON" -c 'import sys; v=[int(x) for x in sys.argv[1].split(".")[:2]]; sys.exit(0 if v >= [4, 1] else 1)' "$kv" 2>/dev/null; then
    KUSTOMIZE=(kubectl kustomize)
  else
    echo "kubectl's kustomize (${kv:-unknown}) is older than v4.1: using the fallback checks" >&2
  fi
fi

if ((${#KUSTOMIZE[@]})); then
  section "Kubernetes manifests (${KUSTOMIZE[*]}, $(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: //p' || true))"
  # The optional component is validated through a throwaway overlay on top of the base (kustomize
  # wants relative paths).
  mkdir -p "$WORK/matching-autoscale"
  rel="$("$PYTHON" -c 'import os, sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$ROOT/deploy/k8s" "$WORK/matching-autoscale")"
  cat >"$WORK/matching-autoscale/kustomization.yaml" <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: ["$rel/base"]
components: ["$rel/components/matching-autoscale"]
EOF
  for target in deploy/k8s/base deploy/k8s/overlays/dev deploy/k8s/overlays/prod "$WORK/matching-autoscale"; do
    label="${target#"$WORK/"}"; [[ "$label" == matching-autoscale ]] && label="base + components/matching-autoscale"
    out="$WORK/$(echo "$label" | tr '/ +' '___').yaml"
    if "${KUSTOMIZE[@]}" "$target" >"$out" 2>"$out.err"; then
      "$PYTHON" - "$out" "$label" <<'PY' || FAILURES=$((FAILURES + 1))
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
label = sys.argv[2]
ok = True
def bad(msg):
    global ok; ok = False; print(f"  FAIL  {label}: {msg}")
examples = {}
for d in yaml.safe_load_all(open("deploy/k8s/base/secret.example.yaml")):
    examples[d["metadata"]["name"]] = set(d.get("stringData", {}))
kinds = {}
for d in docs:
    kinds.setdefault(d["kind"], []).append(d)
names = lambda kind: {d["metadata"]["name"] for d in kinds.get(kind, [])}
if "Secret" in kinds:
    bad("renders a Secret: secrets are referenced, never committed")
apps = {"identity", "needs", "pledges", "matching", "flows", "notifications", "gateway"}
workloads = kinds.get("Deployment", []) + kinds.get("StatefulSet", [])
if not apps <= {d["metadata"]["name"] for d in workloads}:
    bad(f"missing Deployments: {sorted(apps - names('Deployment'))}")
pod_labels = []
for w in workloads:
    name = w["metadata"]["name"]; pod = w["spec"]["template"]["spec"]
    pod_labels.append(w["spec"]["template"]["metadata"].get("labels", {}))
    sel = w["spec"]["selector"]["matchLabels"]
    if any(pod_labels[-1].get(k) != v for k, v in sel.items()):
        bad(f"{name}: selector does not match its pod labels")
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        bad(f"{name}: pod does not set runAsNonRoot")
    for c in pod["containers"]:
        for probe in ("readinessProbe", "livenessProbe"):
            if probe not in c:
                bad(f"{name}/{c['name']}: no {probe}")
        res = c.get("resources", {})
        if not res.get("requests") or not res.get("limits"):
            bad(f"{name}/{c['name']}: resources need requests and limits")
        if name in apps:
            if c["readinessProbe"].get("httpGet", {}).get("path") != "/health/ready":
                bad(f"{name}: readinessProbe is not /health/ready")
            if c["livenessProbe"].get("httpGet", {}).get("path") != "/health/live":
                bad(f"{name}: livenessProbe is not /health/live")
            sc = c.get("securityContext", {})
            if not sc.get("readOnlyRootFilesystem") or sc.get("allowPrivilegeEscalation") is not False:
                bad(f"{name}: needs readOnlyRootFilesystem and allowPrivilegeEscalation=false")
            envs = {e["name"]: e for e in c.get("env", [])}
            if name != "gateway" and name != "identity" and "Storage__ConnectionString" not in envs:
                bad(f"{name}: no Storage__ConnectionString")
        for e in c.get("env", []):
            ref = e.get("valueFrom", {}).get("secretKeyRef")
            if ref and ref["key"] not in examples.get(ref["name"], set()):
                bad(f"{name}: secretKeyRef {ref['name']}/{ref['key']} is not described in secret.example.yaml")
        for src in c.get("envFrom", []):
            cm = src.get("configMapRef", {}).get("name")
            if cm and cm not in names("ConfigMap"):
                bad(f"{name}: configMapRef {cm} does not resolve")
    for v in pod.get("volumes", []):
        if "secret" in v and v["secret"]["secretName"] not in examples:
            bad(f"{name}: secret volume {v['secret']['secretName']} is not described in secret.example.yaml")
    replicas = w["spec"].get("replicas")
    if name == "matching" and replicas not in (None, 1):
        bad("matching must run one replica (single solver) unless the autoscale component is used")
def selects(selector):
    return any(all(l.get(k) == v for k, v in selector.items()) for l in pod_labels)
for s in kinds.get("Service", []):
    if not selects(s["spec"].get("selector", {})):
        bad(f"Service {s['metadata']['name']} selects no pod")
for p in kinds.get("PodDisruptionBudget", []):
    if not selects(p["spec"]["selector"]["matchLabels"]):
        bad(f"PodDisruptionBudget {p['metadata']['name']} selects no pod")
for h in kinds.get("HorizontalPodAutoscaler", []):
    t = h["spec"]["scaleTargetRef"]
    if t["name"] not in names(t["kind"]):
        bad(f"HPA {h['metadata']['name']} targets missing {t['kind']} {t['name']}")
    if h["spec"]["minReplicas"] > h["spec"]["maxReplicas"]:
        bad(f"HPA {h['metadata']['name']}: minReplicas > maxReplicas")
for i in kinds.get("Ingress", []):
    for rule in i["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            if path["backend"]["service"]["name"] not in names("Service"):
                bad(f"Ingress {i['metadata']['name']} routes to a missing Service")
    if {p["backend"]["service"]["name"] for r in i["spec"]["rules"] for p in r["http"]["paths"]} != {"gateway"}:
        bad("an Ingress exposes something other than the gateway")
policies = kinds.get("NetworkPolicy", [])
if not any(p["spec"]["podSelector"] == {} and "Ingress" in p["spec"].get("policyTypes", []) and not p["spec"].get("ingress") for p in policies):
    bad("no default-deny ingress NetworkPolicy")
if "gateway" not in names("HorizontalPodAutoscaler"):
    bad("no HorizontalPodAutoscaler for the gateway")
if ok:
    summary = ", ".join(f"{len(v)} {k}" for k, v in sorted(kinds.items()))
    print(f"  ok    {label}: {summary}")
sys.exit(0 if ok else 1)
PY
      if [[ "$label" == deploy/k8s/overlays/prod ]]; then
        "$PYTHON" - "$out" <<'PY' || FAILURES=$((FAILURES + 1))
# Prod's own RabbitMQ cluster and MongoDB replica set: 3 replicas spread one per node, a PDB that keeps a
# majority, quorum settings, and services that list every node / member.
import re, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
ok = True
def bad(msg):
    global ok; ok = False; print(f"  FAIL  overlays/prod: {msg}")
def find(kind, name):
    return next((d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name), None)
config = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("marketplace-config"))["data"]
for name in ("rabbitmq", "mongo"):
    sts = find("StatefulSet", name)
    if sts is None:
        bad(f"no StatefulSet {name}"); continue
    spec = sts["spec"]; pod = spec["template"]["spec"]
    if spec.get("replicas") != 3:
        bad(f"{name}: {spec.get('replicas')} replicas, expected 3")
    terms = pod.get("affinity", {}).get("podAntiAffinity", {}).get("requiredDuringSchedulingIgnoredDuringExecution", [])
    if not any(t.get("topologyKey") == "kubernetes.io/hostname" and t["labelSelector"]["matchLabels"] == spec["selector"]["matchLabels"] for t in terms):
        bad(f"{name}: no required pod anti-affinity on kubernetes.io/hostname")
    pdbs = [d for d in docs if d["kind"] == "PodDisruptionBudget" and d["spec"]["selector"]["matchLabels"] == spec["selector"]["matchLabels"]]
    if not pdbs or not all(p["spec"].get("maxUnavailable") == 1 or p["spec"].get("minAvailable") == 2 for p in pdbs):
        bad(f"{name}: needs a PodDisruptionBudget keeping 2 of 3 up")
    service = find("Service", spec["serviceName"])
    if service is None or service["spec"].get("clusterIP") != "None" or not service["spec"].get("publishNotReadyAddresses"):
        bad(f"{name}: serviceName {spec['serviceName']} must be a headless Service publishing not-ready addresses")
    if not spec.get("volumeClaimTemplates"):
        bad(f"{name}: no persistent volume claim template")
rabbit = find("StatefulSet", "rabbitmq")
conf = (find("ConfigMap", "rabbitmq-config") or {}).get("data", {}).get("rabbitmq.conf", "")
for setting in ("cluster_formation.peer_discovery_backend = k8s", "cluster_partition_handling = pause_minority",
                "queue_leader_locator = balanced", "cluster_formation.k8s.service_name = rabbitmq-nodes"):
    if setting not in conf:
        bad(f"rabbitmq.conf lacks '{setting}'")
# An unknown key stops a RabbitMQ node at boot: check every key against the installed broker's config schemas
# (rabbit and plugins), when rabbitmq-server is installed here (CI installs it).
import glob
schemas = glob.glob("/usr/lib/rabbitmq/lib/*/plugins/*/priv/schema/*.schema")
if schemas:
    patterns = []
    for path in schemas:
        for key in re.findall(r'\{mapping,\s*"([^"]+)"', open(path, encoding="utf-8", errors="replace").read()):
            patterns.append(re.compile("^" + re.sub(r"\\\$[a-z_]+", r"[^.]+", re.escape(key)) + "$"))
    for line in conf.splitlines():
        key = line.split("=", 1)[0].strip()
        if key and not key.startswith("#") and not any(p.match(key) for p in patterns):
            bad(f"rabbitmq.conf key '{key}' is not in the RabbitMQ config schema")
quorum_setting_keys = len([l for l in conf.splitlines() if l.strip() and not l.strip().startswith("#")])
if "rabbitmq_peer_discovery_k8s" not in (find("ConfigMap", "rabbitmq-config") or {}).get("data", {}).get("enabled_plugins", ""):
    bad("rabbitmq: the peer discovery plugin is not enabled")
if rabbit:
    stop = rabbit["spec"]["template"]["spec"]["containers"][0].get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
    if "await_online_quorum_plus_one" not in " ".join(stop):
        bad("rabbitmq: preStop does not wait for quorum queues to keep their majority")
    nodes = sorted(v for k, v in config.items() if k.startswith("RabbitMq__ClusterNodes__"))
    expected = sorted(f"rabbitmq-{i}.{rabbit['spec']['serviceName']}:5672" for i in range(rabbit["spec"]["replicas"]))
    if nodes != expected:
        bad(f"RabbitMq__ClusterNodes {nodes} != the StatefulSet's nodes {expected}")
script = (find("ConfigMap", "mongo-init") or {}).get("data", {}).get("mongo-init.sh", "")
members = sorted(set(re.findall(r"mongo-\d\.mongo:27017", script)))
if members != [f"mongo-{i}.mongo:27017" for i in range(3)] or 'rs.initiate' not in script:
    bad(f"mongo-init.sh must initiate rs0 with the 3 members (found {members})")
example = next(d for d in yaml.safe_load_all(open("deploy/k8s/base/secret.example.yaml")) if d["metadata"]["name"] == "marketplace-secrets")
uri = example["stringData"]["mongo-connection-string"]
if not all(m in uri for m in members) or "replicaSet=rs0" not in uri or "w=majority" not in uri:
    bad("secret.example.yaml's mongo-connection-string must list the 3 members with replicaSet=rs0 and w=majority")
if ok:
    print(f"  ok    overlays/prod: RabbitMQ 3-node cluster (k8s peer discovery, pause_minority, balanced leaders, quorum-aware preStop; "
          f"{quorum_setting_keys} rabbitmq.conf keys {'checked against the installed schema' if schemas else 'NOT schema-checked: no rabbitmq-server here'}) and "
          "MongoDB 3-member rs0, each one per node with a PDB (maxUnavailable 1); services list the 3 RabbitMQ nodes")
sys.exit(0 if ok else 1)
PY
      fi
    else
      fail "$label does not build:"; sed 's/^/        /' "$out.err" >&2
    fi
  done
else
  section "Kubernetes manifests (FALLBACK: no kustomize >= v4.1 available; YAML parsing and references only)"
  "$PYTHON" - <<'PY' || FAILURES=$((FAILURES + 1))
import glob, os, sys, yaml
ok = True
files = sorted(glob.glob("deploy/k8s/**/*.yaml", recursive=True))
for f in files:
    try:
        list(yaml.safe_load_all(open(f)))
    except yaml.YAMLError as e:
        ok = False; print(f"  FAIL  {f}: {e}")
for k in [f for f in files if os.path.basename(f) == "kustomization.yaml"]:
    base = os.path.dirname(k); spec = yaml.safe_load(open(k))
    refs = list(spec.get("resources", [])) + list(spec.get("components", []))
    refs += [p["path"] for p in spec.get("patches", []) if "path" in p]
    for ref in refs:
        if not os.path.exists(os.path.join(base, ref)):
            ok = False; print(f"  FAIL  {k}: reference {ref} does not exist")
    if any("secret.example" in r for r in refs):
        ok = False; print(f"  FAIL  {k}: secret.example.yaml must not be in a kustomization")
if ok:
    print(f"  ok    {len(files)} YAML files parse; every kustomization reference exists (NOT rendered: kubectl/kustomize missing)")
sys.exit(0 if ok else 1)
PY
fi

echo
if ((FAILURES)); then
  echo "deploy/validate.sh: $FAILURES check(s) failed" >&2
  exit 1
fi
echo "deploy/validate.sh: all deployment checks passed"
