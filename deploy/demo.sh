#!/usr/bin/env bash
# A local demo on one machine: four Baken nodes — the municipality of Utrecht (GM0344),
# a neighbourhood support point in Overvecht, the safety region Utrecht (VR09), and a second
# support point in Zuid that only a radio reaches — each with sample data, until Ctrl-C.
# Installs what is missing and builds first.
#
# Trust as in a real region (docs/trust.md): the demo makes a region root key, every node
# believes it, and each node gets a credential for its role and scope; the support point
# posts a need with restricted content sealed to the region and the municipality.
#
# The support point and the region each sync with the town hall over TCP on loopback; what
# one posts reaches the others. Support point Zuid has no LAN at all: a radio link (KISS, AX.25
# at 1200 bit/s, lawful mode) joins it to the town hall, the "radio" being a pseudo-terminal
# pair made by socat (docs/radio-link.md).
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
# Zuid has no peer: it syncs over its radio only.
nodes=("Gemeentehuis Utrecht|gemeente|7718|7717|"
       "Steunpunt Buurthuis De Linde|steunpunt|7728|7727|127.0.0.1:7717"
       "Veiligheidsregio Utrecht|regio|7738|7737|127.0.0.1:7717"
       "Steunpunt Zuid (alleen radio)|zuid|7748|7747|")
b() { "$bin/baken" "$@"; }
key_of() { sed -n 's/^Public key: *\([0-9a-f]\{64\}\)$/\1/p'; }

# Every run starts from a clean slate, so what the demo shows is fresh (ages of minutes, not
# days) and never a mix of an older demo's data with a newer one's keys.
rm -rf "$demo"

# The region root: on a real region's offline laptop; here beside the nodes, with a passphrase
# everybody can read in this script.
passphrase="demo-passphrase-not-for-real-use"
mkdir -p "$demo/credentials"
echo "$passphrase" | b region init --out "$demo/region-root.key" | key_of >"$demo/region-root.pub"
root_key=$(cat "$demo/region-root.pub")

pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    echo "demo: stopped"
}
trap cleanup EXIT INT TERM

# The radio between the town hall and Zuid: two pseudo-terminals joined by socat; each daemon
# opens its end as the serial port of a KISS TNC. N0CALL is the placeholder callsign (Dire
# Wolf's default): a real station puts its own callsign here.
socat "pty,raw,echo=0,link=$demo/radio-gemeente" "pty,raw,echo=0,link=$demo/radio-zuid" 2>>"$demo/socat.log" &
pids+=($!)
for _ in $(seq 50); do [ -e "$demo/radio-zuid" ] && break; sleep 0.1; done
[ -e "$demo/radio-zuid" ] || { echo "demo: socat made no pseudo-terminals; see $demo/socat.log"; exit 1; }
radio_section() {  # dir: the [[radio]] block of the town hall and of Zuid, nothing for others
    local ssid
    case "$1" in gemeente) ssid=1 ;; zuid) ssid=2 ;; *) return 0 ;; esac
    printf '[[radio]]\nname = "2m-dares"\ndevice = "%s"\nframing = "ax25"\ncallsign = "N0CALL-%s"\nbit_rate = 1200\n' \
        "$demo/radio-$1" "$ssid"
}

for spec in "${nodes[@]}"; do
    IFS='|' read -r name dir port sync_port peer <<<"$spec"
    mkdir -p "$demo/$dir"
    peers=""
    [ -n "$peer" ] && peers="\"$peer\""
    # All on loopback: LAN discovery has nothing to find here, so it is off. Each node looks
    # for USB sticks in a folder of its own ("plugging in" = making a folder there).
    mkdir -p "$demo/media-$dir"
    printf '[node]\nname = "%s"\n[api]\nlisten = "127.0.0.1:%s"\n[sync]\nlisten = "127.0.0.1:%s"\npeers = [%s]\n[discovery]\nenabled = false\n[trust]\nroots = ["%s"]\n[sticks]\nwatch = ["%s"]\n' \
        "$name" "$port" "$sync_port" "$peers" "$root_key" "$demo/media-$dir" >"$demo/$dir/bakend.toml"
    radio_section "$dir" >>"$demo/$dir/bakend.toml"
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
# Credentials, issued by the region and imported at each node; the mesh carries them on.
credential() {  # node, role, scope
    local key
    key=$(b --data "$demo/$1" init | key_of)
    echo "$passphrase" | b region issue --root "$demo/region-root.key" --subject "$key" \
        --role "$2" --scope "$3" --valid 30d --name "$1" \
        --out "$demo/credentials/$1.baken" --qr "$demo/credentials/$1.svg" >/dev/null
    b --data "$demo/$1" credential import "$demo/credentials/$1.baken" >/dev/null
}
credentials_known() {  # node: how many credentials it holds
    b --data "$demo/$1" list --kind credential --json | grep -c '"kind": *"credential"' || true
}
{
    credential gemeente municipal-staff GM0344
    credential steunpunt support-point-operator GM0344-SP07
    credential regio region-staff VR09
    credential zuid support-point-operator GM0344-SP12
    # Restricted content is sealed to the region's and the municipality's staff: the support
    # point must know their credentials first (they come through the town hall).
    for _ in $(seq 100); do [ "$(credentials_known steunpunt)" -ge 3 ] && break; sleep 0.1; done
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
    baken steunpunt post need --point GM0344-SP07 --municipality GM0344 --category medical \
        --urgency within-hours --text "Bewoner met zuurstofapparaat heeft stroom nodig" \
        --restricted "Mevr. A. de Jong (87), Kastanjelaan 4: zuurstofconcentrator, accu nog 3 uur" \
        --precedence flash
    baken regio post sitrep --municipality GM0344 --phase warm-under-72h --pillar society \
        --topic public-health --severity degraded --text "Huisartsenposten Utrecht-Noord op noodstroom."
    # Immediate: pushed over the radio at once (about four seconds of airtime at 1200 bit/s).
    baken zuid post status --point GM0344-SP12 --municipality GM0344 --name "Wijkcentrum Zuid" \
        --openness open --power battery --water available --visitors 15 --comms "radio (2 m)" \
        --lat 52.0700 --lon 5.1100 --precedence immediate
}

cat <<TEXT

Baken demo is running: four nodes on this machine. Open a node's web UI in a browser on
this machine (it signs you in by itself on loopback):

  node                            web UI and API            data directory
  Gemeentehuis Utrecht            http://127.0.0.1:7718/    $demo/gemeente
  Steunpunt Buurthuis De Linde    http://127.0.0.1:7728/    $demo/steunpunt
  Veiligheidsregio Utrecht        http://127.0.0.1:7738/    $demo/regio
  Steunpunt Zuid (alleen radio)   http://127.0.0.1:7748/    $demo/zuid

Try: at the support point (7728) report a need; watch it appear on the town hall's overview
(7718) without reloading; acknowledge it there; see the support point's page follow.
The notice board for the support point's door: http://127.0.0.1:7728/notice/GM0344-SP07
The picture in a terminal, and the region's exports:
  $bin/baken --data $demo/regio cop
  $bin/baken --data $demo/regio export geojson
  $bin/baken --data $demo/regio export csv --table needs
  $bin/baken --data $demo/regio export cap --out /tmp/baken-cap    (CAP 1.2 alerts)

Look at a node's messages:
  $bin/baken --data $demo/gemeente list
  $bin/baken --data $demo/steunpunt status
Post one:
  $bin/baken --data $demo/gemeente post sitrep      (asks for the fields)
The JSON API (docs/api.md) needs the node's token:
  curl -H "Authorization: Bearer \$(cat $demo/gemeente/api.token)" http://127.0.0.1:7718/api/v1/messages

A USB stick, without the sticks: "plug" one into the support point by making a folder, watch
its Mesh page (http://127.0.0.1:7728/#/mesh) say when it may be pulled, read the receipt,
then "carry" it to the region (which synced it all already: its receipt says so):
  mkdir -p $demo/media-steunpunt/STICK/baken
  cat $demo/media-steunpunt/STICK/baken/receipts/*.txt
  mv $demo/media-steunpunt/STICK $demo/media-regio/
  $bin/baken bundle verify $demo/media-regio/STICK/baken/bundles/*.bkn
On paper:  $bin/baken --data $demo/steunpunt paper export ID -o /tmp/page.html

The nodes sync: the support point and the region each keep a session with the town hall,
so a need posted at the support point reaches the region through it. See who is connected:
  $bin/baken --data $demo/regio peers
Support point Zuid reaches the town hall by radio only (1200 bit/s, AX.25, lawful mode: the
sealed medical need never goes on air). Its status reaches the region through the town hall;
what travels, and the airtime used against the budget:
  $bin/baken --data $demo/zuid links
  $bin/baken --data $demo/gemeente links     (also on the Mesh page: http://127.0.0.1:7718/#/mesh)

Trust: every node believes the demo region root ($demo/region-root.key) and holds a credential
for its role (files and printable QR codes in $demo/credentials/). The support point's flash
need carries restricted content sealed to the region and the municipality: the region reads it
with  $bin/baken --data $demo/regio show ID  (take the ID from \`list --kind need\`); the
support point itself, and any relay, only sees that it exists.
Logs: $demo/*.log

Press Ctrl-C to stop.
TEXT
wait
