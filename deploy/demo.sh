#!/usr/bin/env bash
# A local demo on one machine: three Baken nodes — the municipality of Utrecht (GM0344),
# a neighbourhood support point in Overvecht, and the safety region Utrecht (VR09) — each
# with sample data, until Ctrl-C. Installs what is missing and builds first.
#
# The support point and the region each sync with the town hall over TCP on loopback; what
# one posts reaches the others. The web UI arrives with the picture issue; until then look
# through `baken` and the JSON API.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build/demo
demo=${BAKEN_DEMO_DIR:-$build/nodes}

deploy/scripts/install-deps.sh
echo "demo: building (Release)…"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBAKEN_TESTS=OFF -DBAKEN_BENCHMARKS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target bakend baken
bin=$build/bin

# name, data dir, API port, sync port, the peer it dials: the support point and the region
# both reach the town hall, never each other directly, so the region hears the support point
# through the town hall (store and forward).
nodes=("Gemeentehuis Utrecht|gemeente|7718|7717|"
       "Steunpunt Buurthuis De Linde|steunpunt|7728|7727|127.0.0.1:7717"
       "Veiligheidsregio Utrecht|regio|7738|7737|127.0.0.1:7717")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    echo "demo: stopped"
}
trap cleanup EXIT INT TERM

for spec in "${nodes[@]}"; do
    IFS='|' read -r name dir port sync_port peer <<<"$spec"
    mkdir -p "$demo/$dir"
    peers=""
    [ -n "$peer" ] && peers="\"$peer\""
    # All on loopback: LAN discovery has nothing to find here, so it is off.
    printf '[node]\nname = "%s"\n[api]\nlisten = "127.0.0.1:%s"\n[sync]\nlisten = "127.0.0.1:%s"\npeers = [%s]\n[discovery]\nenabled = false\n' \
        "$name" "$port" "$sync_port" "$peers" >"$demo/$dir/bakend.toml"
    rm -f "$demo/$dir/api.address"
    "$bin/bakend" --config "$demo/$dir/bakend.toml" --data "$demo/$dir" 2>>"$demo/$dir.log" &
    pids+=($!)
done
for spec in "${nodes[@]}"; do
    IFS='|' read -r _ dir _ _ _ <<<"$spec"
    for _ in $(seq 100); do [ -f "$demo/$dir/api.address" ] && break; sleep 0.1; done
    [ -f "$demo/$dir/api.address" ] || { echo "demo: node $dir did not start; see $demo/$dir.log"; exit 1; }
done

baken() { "$bin/baken" --data "$demo/$1" "${@:2}" >/dev/null; }
if [ ! -f "$demo/.seeded" ]; then
    baken gemeente post sitrep --municipality GM0344 --area Overvecht --phase warm-under-72h \
        --pillar vital-services --topic power --severity failed --precedence flash \
        --text "Stroomstoring in Overvecht en Noordoost sinds 06:40; netbeheerder verwacht herstel niet binnen 24 uur." \
        --count "huishoudens zonder stroom=12000"
    baken gemeente post sitrep --municipality GM0344 --area "hele gemeente" --phase warm-under-72h \
        --pillar crisis-organisation --topic gbt --severity degraded --precedence priority \
        --text "GBT komt om 14:00 bijeen in het stadhuis; telefonie via noodnet."
    baken gemeente post announcement --area GM0344 --headline "Drinkwaterpunt open bij Buurthuis De Linde" \
        --headline-en "Drinking water point open at Buurthuis De Linde" \
        --text "U kunt daar van 08:00 tot 20:00 drinkwater halen. Neem een jerrycan of flessen mee." \
        --category infra --urgency expected --severity moderate --certainty observed --precedence immediate
    baken steunpunt post status --point GM0344-SP07 --municipality GM0344 --name "Buurthuis De Linde" \
        --openness open --power generator --fuel-hours 18 --water scarce --visitors 42 --comms "radio, LAN" \
        --lat 52.1090 --lon 5.1080
    baken steunpunt post need --point GM0344-SP07 --municipality GM0344 --category drinking-water \
        --quantity 500 --unit liter --urgency within-hours --text "Drinkwater voor ongeveer 120 bezoekers" \
        --precedence immediate
    baken regio post sitrep --municipality GM0344 --phase warm-under-72h --pillar society \
        --topic public-health --severity degraded --text "Huisartsenposten Utrecht-Noord op noodstroom."
    touch "$demo/.seeded"
fi

cat <<TEXT

Baken demo is running: three nodes on this machine.

  node                            data directory            API
  Gemeentehuis Utrecht            $demo/gemeente   http://127.0.0.1:7718
  Steunpunt Buurthuis De Linde    $demo/steunpunt  http://127.0.0.1:7728
  Veiligheidsregio Utrecht        $demo/regio      http://127.0.0.1:7738

Look at a node's messages:
  $bin/baken --data $demo/gemeente list
  $bin/baken --data $demo/steunpunt status
Post one:
  $bin/baken --data $demo/gemeente post sitrep      (asks for the fields)
The JSON API (docs/api.md) needs the node's token:
  curl -H "Authorization: Bearer \$(cat $demo/gemeente/api.token)" http://127.0.0.1:7718/api/v1/messages

The nodes sync: the support point and the region each keep a session with the town hall,
so a need posted at the support point reaches the region through it. See who is connected:
  $bin/baken --data $demo/regio peers
Not yet in this demo: the web UI, which comes with the operational picture. Logs: $demo/*.log

Press Ctrl-C to stop.
TEXT
wait
