# Shared by the benchmarks (broadcast, transfer). Sourced from the repository root.
#
# What they share: installing the peers, building chorus in release, starting a lab that
# stops when the benchmark exits, and one view of the lab's hosts that every tool reads
# the same way: hosts b001..bN (in the lab's order), one login user, the lab's ed25519
# key, the lab's known_hosts, strict host-key checking.

command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

bench_say() { printf '%s: %s\n' "${BENCH_NAME:-bench}" "$*" >&2; }
bench_die() { bench_say "$*"; exit 1; }

# Installs what is missing of pdsh, clush, pssh, GNU time (apt) and the ParallelSSH and
# asyncssh libraries (pip), as root on Debian. Best effort: a tool still missing afterwards is the
# caller's to report.
install_peers() {
    local missing=() tool
    for tool in pdsh clush parallel-ssh parallel-scp /usr/bin/time; do
        command -v "$tool" >/dev/null || missing+=("$tool")
    done
    if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pdsh clustershell pssh time >/dev/null \
            || bench_say "apt-get could not install the peers (missing: ${missing[*]})"
    fi
    python3 -c "import pssh.clients" 2>/dev/null || pip install -q parallel-ssh \
        || bench_say "pip could not install parallel-ssh"
    python3 -c "import asyncssh" 2>/dev/null || pip install -q asyncssh \
        || bench_say "pip could not install asyncssh"
}

# Builds the given products in release and sets BENCH_BIN to their directory.
build_release() {
    local product
    for product in "$@"; do swift build -c release --product "$product" >&2; done
    BENCH_BIN=$(swift build -c release --show-bin-path)
}

# start_lab HOSTS [chorus-lab start options...]: starts a lab, exports its variables
# (CHORUS_LAB_DIR, ...) and stops it when the calling script exits. The watchdog
# (--owner-pid) stops it too if the script is killed before its trap runs.
start_lab() {
    local hosts=$1; shift
    eval "$(share/lab/chorus-lab start --hosts "$hosts" --ports 4 --owner-pid $$ "$@")"
    trap 'share/lab/chorus-lab stop --dir "$CHORUS_LAB_DIR" >/dev/null 2>&1' EXIT
}

# write_bench_hosts WORK: from the running lab ($CHORUS_LAB_DIR), writes
#   WORK/hosts.tsv            bNNN, address, port (the lab's order)
# and the configurations below (write_bench_configs), and sets BENCH_USER and BENCH_KEY.
# Every host logs in as the lab's first user with the lab's ed25519 key (the lab
# authorizes every client key for every lab user).
write_bench_hosts() {
    local work=$1
    BENCH_KEY="$CHORUS_LAB_DIR/keys/id_ed25519"
    BENCH_USER=$(awk -F'\t' 'NR == 1 { print $5 }' "$CHORUS_LAB_DIR/hosts.tsv")
    mkdir -p "$work"
    awk -F'\t' '{ printf "b%03d\t%s\t%s\n", NR, $3, $4 }' "$CHORUS_LAB_DIR/hosts.tsv" > "$work/hosts.tsv"
    write_bench_configs "$work" "$CHORUS_LAB_DIR/known_hosts"
}

# write_bench_configs WORK KNOWN_HOSTS: for the hosts of WORK/hosts.tsv, writes
#   WORK/inventory/bench.ini  the hosts for chorus
#   WORK/ssh_config.default   the same hosts for OpenSSH (its default key exchange)
#   WORK/ssh_config.curve     ... with KexAlgorithms curve25519-sha256 (libssh2's own first choice)
#   WORK/ssh_config.p256      ... with KexAlgorithms ecdh-sha2-nistp256 (what chorus offers first:
#                             cheaper for sshd 9.2 than curve25519, see SSHClient's KeyExchangeOrder)
# and sets BENCH_KNOWN_HOSTS.
write_bench_configs() {
    local work=$1 kex
    BENCH_KNOWN_HOSTS=$2
    mkdir -p "$work/inventory"
    {
        printf '[DEFAULT]\nusername = %s\nidentity_file = %s\n' "$BENCH_USER" "$BENCH_KEY"
        awk -F'\t' '{ printf "\n[%s]\nhostname = %s\nport = %s\n", $1, $2, $3 }' "$work/hosts.tsv"
    } > "$work/inventory/bench.ini"
    chmod 600 "$work/inventory/bench.ini"
    for kex in default curve p256; do
        {
            awk -F'\t' '{ printf "Host %s\n  HostName %s\n  Port %s\n", $1, $2, $3 }' "$work/hosts.tsv"
            printf 'Host *\n  User %s\n  IdentityFile %s\n  IdentitiesOnly yes\n' "$BENCH_USER" "$BENCH_KEY"
            printf '  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n  BatchMode yes\n' "$BENCH_KNOWN_HOSTS"
            [ "$kex" = curve ] && printf '  KexAlgorithms curve25519-sha256\n'
            [ "$kex" = p256 ] && printf '  KexAlgorithms ecdh-sha2-nistp256\n'
            true
        } > "$work/ssh_config.$kex"
    done
}

# start_delay_proxy WORK RTT_MS: puts every host of WORK/hosts.tsv behind
# delay_proxy.py (each byte RTT/2 late each way), rewrites hosts.tsv and the
# configurations to go through it, with a known_hosts naming the proxy's addresses
# (WORK/known_hosts.proxied, the lab's keys). Sets BENCH_PROXY_PID.
start_delay_proxy() {
    local work=$1 rtt=$2 i
    python3 share/benchmarks/delay_proxy.py "$rtt" < "$work/hosts.tsv" > "$work/hosts.proxied.tsv" 2> "$work/proxy.err" &
    BENCH_PROXY_PID=$!
    trap 'kill "$BENCH_PROXY_PID" 2> /dev/null; share/lab/chorus-lab stop --dir "$CHORUS_LAB_DIR" >/dev/null 2>&1' EXIT
    for ((i = 0; i < 300; i++)); do  # up to 30 s
        grep -qx ready "$work/hosts.proxied.tsv" 2> /dev/null && break
        kill -0 "$BENCH_PROXY_PID" 2> /dev/null || bench_die "delay proxy: $(cat "$work/proxy.err")"
        sleep 0.1
    done
    grep -qx ready "$work/hosts.proxied.tsv" || bench_die "the delay proxy did not start in 30 s"
    # known_hosts lines for the proxy's addresses: the lab's line for each host, renamed.
    paste "$work/hosts.tsv" <(grep -vx ready "$work/hosts.proxied.tsv") | awk -F'\t' -v lab="$BENCH_KNOWN_HOSTS" '
        BEGIN { while ((getline line < lab) > 0) { split(line, f, " "); keys[f[1]] = keys[f[1]] f[2] " " f[3] "\n" } }
        { name = ($3 == 22 ? $2 : "[" $2 "]:" $3); alias = "[" $5 "]:" $6
          n = split(keys[name], lines, "\n"); for (i = 1; i < n; i++) print alias " " lines[i] }' > "$work/known_hosts.proxied"
    [ -s "$work/known_hosts.proxied" ] || bench_die "no known_hosts lines for the proxied hosts"
    grep -vx ready "$work/hosts.proxied.tsv" > "$work/hosts.tsv"
    write_bench_configs "$work" "$work/known_hosts.proxied"
}

# bench_pattern N: the chorus/clush/pdsh host pattern for b001..bN.
# Names past b999 have four digits, which a zero-padded range cannot span.
bench_pattern() {
    if [ "$1" -le 999 ]; then printf 'b[001-%03d]' "$1"; else printf 'b[001-999],b[1000-%d]' "$1"; fi
}

# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# sshd_cpu_ticks: CPU (clock ticks, user + system) the lab's sshd processes have spent so
# far: the listeners and every live process under them (a kept session's sshd included),
# each with the CPU of the children it has reaped (fields 14-17 of /proc/PID/stat), so an
# exited per-connection sshd is counted once, in its parent's.
sshd_cpu_ticks() {
    local file line
    for file in /proc/[0-9]*/stat; do
        { read -r line < "$file" && printf '%s\n' "$line"; } 2> /dev/null || true  # a process may be gone by now
    done | awk -v roots="$(cat "$CHORUS_LAB_DIR"/sshd/*.pid)" '
        BEGIN { split(roots, list); for (i in list) root[list[i]] = 1 }
        {
            pid = $1; line = $0; sub(/.*\) /, "", line); split(line, f, " ")
            parent[pid] = f[2]; ticks[pid] = f[12] + f[13] + f[14] + f[15]
        }
        END {
            for (pid in ticks) {
                for (p = pid; p in parent && !(p in root); p = parent[p]) { if (++steps > 1000000) break }
                if (p in root) total += ticks[pid]
            }
            print total + 0
        }'
}

# peak_rss_kib CMD...: runs CMD (its output to /dev/null) and prints the peak of the
# summed resident memory (KiB) of it and its children, sampled every 50 ms (at most 10 min).
peak_rss_kib() {
    "$@" > /dev/null 2>&1 &
    local pid=$! peak=0 sum tries
    for ((tries = 0; tries < 12000; tries++)); do
        kill -0 "$pid" 2>/dev/null || break
        sum=$(for p in $pid $(pgrep -P "$pid"); do awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null; done \
            | awk '{ s += $1 } END { print s + 0 }')
        [ "$sum" -gt "$peak" ] && peak=$sum
        sleep 0.05
    done
    wait "$pid" || true
    echo "$peak"
}
