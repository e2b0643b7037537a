# Gateways (start --gateways G --behind N): a segment of target hosts that this machine's
# root namespace cannot reach, and G gateway hosts that can. Root only.
#
#   root ns ══client link k (/30, tbf)══ gateway ns k ──segment leg── segment ns: bridge br0
#   root ns ══direct leg (--direct, tbf)═══════════════════════════════╝  targets on its lo
#
# Addresses come from a slot S (0..31) claimed per lab, outside the 10.213-10.215 ranges
# the Swift namespace helpers use:
#   segment        10.(218+S/16).(S%16*16).0/20   (GW_SEGMENT); infrastructure on its .0.0/24:
#                  bridge .0.2, root's direct leg .0.1, gateway k's segment leg .0.(10+k);
#                  target i on .(1+i/250).(i%250+1), a /32 on the segment's lo (no ARP per target:
#                  the kernel's neighbour table is shared by all namespaces and holds ~1024)
#   client link k  10.216.S.(4k-4)/30: root .(4k-3), gateway .(4k-2)
# The slot is claimed by adding the root namespace's `unreachable` route for the segment
# (metric GW_ROUTE_METRIC): adding it fails if another lab holds the slot, so two labs
# starting at once never share one. A direct leg adds a metric-0 route for the segment
# that wins over it. Gateway namespaces forward nothing: only their sshd reaches targets.
# Names carry TAG = <this script's pid mod 100000>x<slot>; everything made is recorded
# under $dir/gateways as it is made, so stop (and a failed start) remove exactly that.
#
# --client-rate RATE shapes both directions of the client's links with tbf (root side
# egress = upload, gateway/segment side egress = download). Fairness between a direct
# run and a gateway run: the client's total is RATE in both. The direct leg gets RATE;
# each of the G client links gets RATE/G, which equals one NIC of RATE when the work is
# spread evenly over the gateways (as Chorus and clush spread it); a gateway idle while
# others work does not lend its share, which a real shared NIC would.

GW_CLIENT_NET=10.216
GW_ROUTE_METRIC=4242
GW_SLOTS=32
GW_MAX_GATEWAYS=64
GW_MAX_TARGETS=3750
GW_PORT=22

# Checks the gateway options together; dies with one line on a bad combination.
gw_check_options() {
    local gateways=$1 behind=$2 rate=$3 direct=$4
    if [ -z "$gateways" ]; then
        [ -z "$behind$rate" ] && [ "$direct" = no ] || die "start: --behind, --client-rate and --direct need --gateways"
        return 0
    fi
    [ -n "$behind" ] || die "start: --gateways needs --behind N (targets in the segment)"
    [ "$gateways" -le "$GW_MAX_GATEWAYS" ] || die "start: at most $GW_MAX_GATEWAYS gateways (asked for $gateways)"
    [ "$behind" -le "$GW_MAX_TARGETS" ] || die "start: at most $GW_MAX_TARGETS targets behind gateways (asked for $behind)"
    [ -z "$rate" ] || gw_rate_bits "$rate" >/dev/null
    is_root || die "start: --gateways needs root (network namespaces, veth, tc)"
    local tool
    for tool in ip tc; do command -v "$tool" >/dev/null 2>&1 || die "start: --gateways needs '$tool' (apt-get install -y iproute2)"; done
}

# RATE as tc writes it (bit kbit mbit gbit tbit, or bps kbps mbps gbps for bytes), in bits
# per second, so it can be divided among the gateways.
gw_rate_bits() {
    local rate=$1 number unit
    number=${rate%%[!0-9]*}
    unit=${rate#"$number"}
    [ -n "$number" ] && [ "$number" -gt 0 ] 2>/dev/null || die "--client-rate expects a rate like 1gbit or 100mbit, got '$rate'"
    number=$((10#$number))   # "010mbit" is ten, not octal eight
    case "$unit" in
        ''|bit) echo $((number)) ;;
        kbit) echo $((number * 1000)) ;;
        mbit) echo $((number * 1000000)) ;;
        gbit) echo $((number * 1000000000)) ;;
        tbit) echo $((number * 1000000000000)) ;;
        bps) echo $((number * 8)) ;;
        kbps) echo $((number * 8000)) ;;
        mbps) echo $((number * 8000000)) ;;
        gbps) echo $((number * 8000000000)) ;;
        *) die "--client-rate expects a rate like 1gbit or 100mbit, got '$rate'" ;;
    esac
}

# The first two octets and the third of slot S's /20, as "10.X Y".
gw_segment_parts() { printf '10.%d %d\n' $((218 + $1 / 16)) $(($1 % 16 * 16)); }

# gw_start DIR G N RATE DIRECT: the whole gateway part of `start`.
gw_start() {
    local dir=$1 gateways=$2 behind=$3 rate=$4 direct=$5
    mkdir -p "$dir/gateways"
    gw_claim_slot "$dir"
    # shellcheck source=/dev/null
    source "$dir/gateways/state"
    gw_plan "$dir" "$gateways" "$behind"
    gw_make_segment "$dir" "$behind"
    local k
    for ((k = 1; k <= gateways; k++)); do gw_make_gateway "$dir" "$k"; done
    [ "$direct" = no ] || gw_make_direct_leg "$dir"
    [ -z "$rate" ] || gw_shape "$dir" "$rate" "$gateways" "$direct"
    gw_start_sshds "$dir" "$gateways"
}

# Claims a free slot (see the top of this file) and records it in $dir/gateways/state.
gw_claim_slot() {
    local dir=$1 tries slot net third in_use
    in_use=$(ip -4 -o addr show)
    for ((tries = 0; tries < 4 * GW_SLOTS; tries++)); do   # bounded
        slot=$((RANDOM % GW_SLOTS))
        read -r net third <<< "$(gw_segment_parts "$slot")"
        case "$in_use" in *" $GW_CLIENT_NET.$slot."*|*" $net.$third."*) continue ;; esac
        ip route add unreachable "$net.$third.0/20" metric "$GW_ROUTE_METRIC" 2>/dev/null || continue
        cat > "$dir/gateways/state" <<STATE
GW_SLOT=$slot
GW_TAG=$(($$ % 100000))x$slot
GW_NET=$net
GW_THIRD=$third
GW_SEGMENT=$net.$third.0/20
GW_INFRA=$net.$third
GW_SEGMENT_NS=chorus-g$(($$ % 100000))x$slot-seg
STATE
        echo "$net.$third.0/20" > "$dir/gateways/route"
        return 0
    done
    die "no free gateway-lab slot: all $GW_SLOTS segments in 10.218.0.0/15 are taken or in use"
}

# Appends gateways and targets to hosts.tsv (the split group of each target, behind_gwK,
# goes to gateways/split.tsv) and writes gateways/gateways.tsv:
# name namespace address root_device root_address segment_address.
gw_plan() {
    local dir=$1 gateways=$2 behind=$3 k i user=${LAB_USERS[0]}
    for ((k = 1; k <= gateways; k++)); do
        local client=$GW_CLIENT_NET.$GW_SLOT.$((4 * k - 4))
        printf 'gw%d\tgateways\t%s.%d\t%d\t%s\tkey\n' "$k" "${client%.*}" $((4 * k - 2)) "$GW_PORT" "$user"
    done >> "$dir/hosts.tsv"
    for ((k = 1; k <= gateways; k++)); do
        printf 'gw%d\tchorus-g%s-gw%d\t%s.%d\tcg%sg%d\t%s.%d\t%s.%d\n' "$k" "$GW_TAG" "$k" \
            "$GW_CLIENT_NET.$GW_SLOT" $((4 * k - 2)) "$GW_TAG" "$k" "$GW_CLIENT_NET.$GW_SLOT" $((4 * k - 3)) \
            "$GW_INFRA" $((10 + k))
    done > "$dir/gateways/gateways.tsv"
    local width=$(( ${#behind} < 4 ? 4 : ${#behind} ))
    : > "$dir/gateways/split.tsv"
    for ((i = 0; i < behind; i++)); do
        printf 's%0*d\tbehind\t%s.%d.%d\t%d\t%s\tkey\n' "$width" $((i + 1)) "$GW_NET" \
            $((GW_THIRD + 1 + i / 250)) $((i % 250 + 1)) "$GW_PORT" "$user" >> "$dir/hosts.tsv"
        printf 's%0*d\tbehind_gw%d\n' "$width" $((i + 1)) $((i % gateways + 1)) >> "$dir/gateways/split.tsv"
    done
}

# Records a namespace before making it, so a failure half-way still removes it.
gw_add_namespace() {
    echo "$2" >> "$1/gateways/namespaces"
    ip netns add "$2"
}

# Records a root-namespace device (a veth end) after making it.
gw_record_device() { echo "$2" >> "$1/gateways/root-devices"; }

# The segment: bridge br0 (.0.2) for the gateways' legs, every target a /32 on the
# namespace's lo (this kernel has no dummy links). One `ip -batch` for all of it: 1000 addresses take ~0.1 s.
gw_make_segment() {
    local dir=$1 address
    gw_add_namespace "$dir" "$GW_SEGMENT_NS"
    {
        echo "link set lo up"
        echo "link add br0 type bridge"
        echo "addr add $GW_INFRA.2/24 dev br0"
        echo "link set br0 up"
        awk -F'\t' '$2 == "behind" { print "addr add " $3 "/32 dev lo" }' "$dir/hosts.tsv"
    } > "$dir/gateways/segment.batch"
    ip -n "$GW_SEGMENT_NS" -batch "$dir/gateways/segment.batch" || die "could not build the segment namespace $GW_SEGMENT_NS"
}

# Gateway K: its namespace, the client link from root (/30) and a leg on the segment's
# bridge, a route to the segment through that leg, and no forwarding.
gw_make_gateway() {
    local dir=$1 k=$2 name ns address root_device root_address segment_address
    IFS=$'\t' read -r name ns address root_device root_address segment_address \
        <<< "$(sed -n "${k}p" "$dir/gateways/gateways.tsv")"
    gw_add_namespace "$dir" "$ns"
    ip link add "$root_device" type veth peer name client netns "$ns" || die "could not make the client link of $name"
    gw_record_device "$dir" "$root_device"
    ip addr add "$root_address/30" dev "$root_device"
    ip link set "$root_device" up
    ip -n "$ns" -batch - <<BATCH || die "could not set up gateway namespace $ns"
link set lo up
addr add $address/30 dev client
link set client up
link add segment type veth peer name gw$k netns $GW_SEGMENT_NS
addr add $segment_address/24 dev segment
link set segment up
route add $GW_SEGMENT via $GW_INFRA.2 dev segment
BATCH
    ip -n "$GW_SEGMENT_NS" link set "gw$k" master br0 up || die "could not attach $name to the segment bridge"
    ip netns exec "$ns" sh -c 'echo 0 > /proc/sys/net/ipv4/ip_forward' || die "could not turn forwarding off in $ns"
}

# --direct: the root namespace's own leg on the segment bridge, and a route through it
# that wins over the lab's `unreachable` route.
gw_make_direct_leg() {
    local dir=$1 device="cg${GW_TAG}d"
    ip link add "$device" type veth peer name root netns "$GW_SEGMENT_NS" || die "could not make the direct leg"
    gw_record_device "$dir" "$device"
    ip addr add "$GW_INFRA.1/24" dev "$device"
    ip link set "$device" up
    ip -n "$GW_SEGMENT_NS" link set root master br0 up || die "could not attach the direct leg to the segment bridge"
    ip route add "$GW_SEGMENT" via "$GW_INFRA.2" dev "$device" metric 0 || die "could not route the segment through the direct leg"
    echo "$device" > "$dir/gateways/direct-device"
}

# tbf on both ends of every client link: RATE/G per gateway link, RATE on the direct leg
# (see the top of this file for why).
gw_shape() {
    local dir=$1 rate=$2 gateways=$3 direct=$4 bits name ns address root_device rest
    bits=$(gw_rate_bits "$rate")
    local share=$((bits / gateways))
    while IFS=$'\t' read -r name ns address root_device rest; do
        gw_tbf "$share" "" "$root_device"
        gw_tbf "$share" "$ns" client
    done < "$dir/gateways/gateways.tsv"
    if [ "$direct" = yes ]; then
        gw_tbf "$bits" "" "$(cat "$dir/gateways/direct-device")"
        gw_tbf "$bits" "$GW_SEGMENT_NS" root
    fi
    printf 'GW_RATE_BITS=%s\nGW_SHARE_BITS=%s\n' "$bits" "$share" >> "$dir/gateways/state"
}

# gw_tbf BITS NAMESPACE DEVICE (NAMESPACE empty: root). The bucket holds 4 ms at the rate
# (at least 64 KiB, one GSO packet), the queue 20 ms.
gw_tbf() {
    local bits=$1 ns=$2 device=$3 burst
    burst=$((bits / 8 / 250))
    [ "$burst" -ge 65536 ] || burst=65536
    tc ${ns:+-n "$ns"} qdisc add dev "$device" root tbf rate "${bits}bit" burst "$burst" latency 20ms \
        || die "could not shape $device${ns:+ in $ns} at ${bits}bit (tc tbf)"
}

# One sshd per gateway (forwarding allowed, for ProxyJump comparisons) and one per 16
# targets, each started in its namespace; all recorded as $dir/sshd/*.pid like the
# loopback hosts', so the lab's own stop ends them by PID.
gw_start_sshds() {
    local dir=$1 gateways=$2 name ns address rest names=() chunk=0
    while IFS=$'\t' read -r name ns address rest; do
        gw_sshd_config "$dir" "$name" "AllowTcpForwarding yes" "$address" > "$dir/sshd/$name.conf"
        names+=("$name:$ns")
    done < "$dir/gateways/gateways.tsv"
    local targets=()
    mapfile -t targets < <(awk -F'\t' '$2 == "behind" { print $3 }' "$dir/hosts.tsv")
    local i
    for ((i = 0; i < ${#targets[@]}; i += SOCKETS_PER_SSHD)); do
        printf -v name 't%03d' "$chunk"
        gw_sshd_config "$dir" "$name" "" "${targets[@]:i:SOCKETS_PER_SSHD}" > "$dir/sshd/$name.conf"
        names+=("$name:$GW_SEGMENT_NS")
        chunk=$((chunk + 1))
    done
    "$SSHD" -t -f "$dir/sshd/gw1.conf" || die "sshd rejects the gateway config $dir/sshd/gw1.conf"
    gw_launch "$dir" "${names[@]}"
}

# gw_sshd_config DIR NAME EXTRA ADDRESS...: listen lines, EXTRA, then the lab's settings
# (sshd keeps the first value it reads for a keyword).
gw_sshd_config() {
    local dir=$1 name=$2 extra=$3 address
    shift 3
    for address in "$@"; do printf 'ListenAddress %s:%d\n' "$address" "$GW_PORT"; done
    [ -z "$extra" ] || printf '%s\n' "$extra"
    sshd_settings "$dir" "$name"
}

# Starts NAME:NAMESPACE sshds, 8 at a time, and waits (20 s at most) for every PID file.
gw_launch() {
    local dir=$1 entry name ns started=0
    shift
    for entry in "$@"; do
        name=${entry%%:*} ns=${entry#*:}
        ip netns exec "$ns" "$SSHD" -f "$dir/sshd/$name.conf" -E "$dir/sshd/$name.log" &
        started=$((started + 1))
        [ $((started % 8)) -ne 0 ] || wait
    done
    wait
    local tries missing
    for ((tries = 0; tries < 400; tries++)); do   # bounded: 400 x 0.05 s = 20 s
        missing=0
        for entry in "$@"; do [ -s "$dir/sshd/${entry%%:*}.pid" ] || missing=$((missing + 1)); done
        [ "$missing" -gt 0 ] || return 0
        sleep 0.05
    done
    die "$missing of $# gateway-lab sshd processes did not come up; see $dir/sshd/*.log"
}

# After write_inventory: behind.ini again, each target with `gateway = gw1,...,gwG` (all
# the gateways) and `groups = behind_gwK` (the split a run may assign to gateway K), and
# inventory-direct/behind.ini: the same targets without gateways, for --direct runs.
gw_write_inventory() {
    local dir=$1 gateways
    gateways=$(cut -f1 "$dir/gateways/gateways.tsv" | paste -sd, -)
    (umask 077
     gw_behind_ini "$dir" "$gateways" > "$dir/inventory/behind.ini"
     mkdir -p "$dir/inventory-direct"
     gw_behind_ini "$dir" "" > "$dir/inventory-direct/behind.ini")
}

# gw_behind_ini DIR GATEWAYS (empty: no gateway key).
gw_behind_ini() {
    local dir=$1 gateways=$2
    printf '# Chorus lab, group behind: targets in segment %s, generated by chorus-lab.\n' "$GW_SEGMENT"
    awk -F'\t' -v key="$dir/keys/id_ed25519" -v gateways="$gateways" '
        FNR == NR { split_group[$1] = $2; next }
        $2 == "behind" {
            printf "\n[%s]\nhostname = %s\nport = %s\nusername = %s\nidentity_file = %s\n", $1, $3, $4, $5, key
            if (gateways != "") printf "gateway = %s\n", gateways
            printf "groups = %s\n", split_group[$1]
        }' "$dir/gateways/split.tsv" "$dir/hosts.tsv"
}

# Removes what gw_start made, from its records: root devices (with their qdiscs; the
# veth peers go with them), namespaces, then the route. Run after the lab's processes
# are stopped, so no process holds a namespace. Quiet about what is already gone.
gw_stop_network() {
    local dir=$1 device ns
    [ -d "$dir/gateways" ] || return 0
    if [ -f "$dir/gateways/root-devices" ]; then
        while read -r device; do
            tc qdisc del dev "$device" root 2>/dev/null || true
            ip link del "$device" 2>/dev/null || true
        done < "$dir/gateways/root-devices"
    fi
    if [ -f "$dir/gateways/namespaces" ]; then
        while read -r ns; do ip netns del "$ns" 2>/dev/null || true; done < "$dir/gateways/namespaces"
    fi
    if [ -f "$dir/gateways/route" ]; then
        ip route del unreachable "$(cat "$dir/gateways/route")" metric "$GW_ROUTE_METRIC" 2>/dev/null || true
    fi
    rm -f "$dir/gateways/root-devices" "$dir/gateways/namespaces" "$dir/gateways/route"
}

# For `status`: what of the gateway network is still there.
gw_status() {
    local dir=$1 ns device present=0 recorded=0
    [ -d "$dir/gateways" ] || return 0
    if [ -f "$dir/gateways/namespaces" ]; then
        while read -r ns; do
            recorded=$((recorded + 1))
            [ ! -e "/run/netns/$ns" ] || present=$((present + 1))
        done < "$dir/gateways/namespaces"
    fi
    printf 'gateway network: %d of %d namespaces present' "$present" "$recorded"
    if [ -f "$dir/gateways/route" ]; then
        printf ', route %s' "$(ip route show type unreachable "$(cat "$dir/gateways/route")" | grep -q . && echo present || echo missing)"
    fi
    printf '\n'
    if [ -f "$dir/gateways/root-devices" ]; then
        while read -r device; do
            printf '  %s: %s\n' "$device" "$(tc qdisc show dev "$device" root 2>/dev/null | head -n 1 || echo missing)"
        done < "$dir/gateways/root-devices"
    fi
    [ "$present" -eq "$recorded" ]
}
