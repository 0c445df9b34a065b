#!/usr/bin/env bash
# Are the answers of two checkouts byte-identical on L? `check --json`, `assert --json` and
# `diff --json` (the bench's edit, ICMP and TCP/22, both ways) of each, compared with cmp.
# A speed-up of the tracer, the intents or the diff must leave every one of them equal.
#   bench/compare-answers.sh BASE_CHECKOUT NEW_CHECKOUT [WORK_DIR]
# BASE_CHECKOUT can be made with: git archive main | tar -x -C DIR && ln -s "$PWD/node_modules" DIR/
set -euo pipefail
base=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
work=${3:-$(mktemp -d)}
mkdir -p "$work"
# The bench's L document (seed 1), its 120 intents and its diff edit (bench/sizeBench.ts).
(cd "$new" && npx tsx -e "
import { writeFileSync } from 'node:fs';
import { generateTopology } from './bench/generate';
import { seededRandom } from './cloud/apply/policy';
const d = generateTopology('L', 1);
const random = seededRandom(20);
const pick = (l) => l[Math.floor(random() * l.length)];
const intents = [];
for (let i = 0; i < 100; i++) intents.push({ from: pick(d.instances).instanceId, to: pick(d.instances).instanceId, expect: 'reachable', protocol: 'icmp' });
for (let i = 0; i < 20; i++) intents.push({ from: pick(d.vpcs).vpcId, to: pick(d.vpcs).vpcId, expect: 'unreachable', protocol: 'tcp', port: 22 });
for (let i = 0; i < 10; i++) intents.push({ from: pick(d.vSwitches).vSwitchId, to: i < 5 ? pick(d.vpcs).vpcId : pick(d.vSwitches).vSwitchId, expect: i % 2 ? 'reachable' : 'unreachable', protocol: i % 3 ? 'icmp' : 'tcp', ...(i % 3 ? {} : { port: 443 }) });
writeFileSync('$work/L.json', JSON.stringify({ ...d, intents }));
const edited = { ...d,
  securityGroups: d.securityGroups.map((g, i) => (i % 97 === 0 ? { ...g, permissions: g.permissions.slice(1) } : g)),
  routeTables: d.routeTables.map((t, i) => (i === 1 ? { ...t, routeEntries: [] } : t)) };
writeFileSync('$work/L-edit.json', JSON.stringify(edited));
const pairs = [];
for (let i = 0; i < 12; i++) pairs.push([pick(d.instances).instanceId, pick(d.instances).instanceId]);
writeFileSync('$work/pairs.txt', pairs.map((p) => p.join(' ')).join('\n') + '\n');
")
status=0
answer() { # NAME ARGS...: run both checkouts, compare stdout and exit code
  local name=$1
  shift
  (cd "$base" && node cli/vpclink.js "$@" >"$work/$name.base.json"; echo "exit $?" >>"$work/$name.base.json") || true
  (cd "$new" && node cli/vpclink.js "$@" >"$work/$name.new.json"; echo "exit $?" >>"$work/$name.new.json") || true
  if cmp -s "$work/$name.base.json" "$work/$name.new.json"; then
    echo "same     $name ($(wc -c <"$work/$name.new.json") bytes)"
  else
    echo "DIFFERS  $name"
    status=1
  fi
}
answer assert assert "$work/L.json" --json
answer diff-icmp diff "$work/L.json" "$work/L-edit.json" --json
answer diff-icmp-back diff "$work/L-edit.json" "$work/L.json" --json
answer diff-tcp22 diff "$work/L.json" "$work/L-edit.json" --json --protocol tcp --port 22
i=0
while read -r from to; do
  i=$((i + 1))
  answer "check-$i" check "$work/L.json" --from "$from" --to "$to" --json
  answer "check-$i-tcp" check "$work/L-edit.json" --from "$from" --to "$to" --protocol tcp --port 22 --json
done <"$work/pairs.txt"
exit $status
