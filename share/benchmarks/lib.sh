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
#   WORK/inventory/bench.ini  the same hosts for chorus
#   WORK/ssh_config.default   the same hosts for OpenSSH (its default key exchange)
#   WORK/ssh_config.curve     ... with KexAlgorithms curve25519-sha256 (libssh2's own first choice)
#   WORK/ssh_config.p256      ... with KexAlgorithms ecdh-sha2-nistp256 (what chorus offers first:
#                             cheaper for sshd 9.2 than curve25519, see SSHClient's KeyExchangeOrder)
# and sets BENCH_USER and BENCH_KEY. Every host logs in as the lab's first user with the
# lab's ed25519 key (the lab authorizes every client key for every lab user).
write_bench_hosts() {
    local work=$1 kex
    BENCH_KEY="$CHORUS_LAB_DIR/keys/id_ed25519"
    BENCH_USER=$(awk -F'\t' 'NR == 1 { print $5 }' "$CHORUS_LAB_DIR/hosts.tsv")
    mkdir -p "$work/inventory"
    awk -F'\t' '{ printf "b%03d\t%s\t%s\n", NR, $3, $4 }' "$CHORUS_LAB_DIR/hosts.tsv" > "$work/hosts.tsv"
    {
        printf '[DEFAULT]\nusername = %s\nidentity_file = %s\n' "$BENCH_USER" "$BENCH_KEY"
        awk -F'\t' '{ printf "\n[%s]\nhostname = %s\nport = %s\n", $1, $2, $3 }' "$work/hosts.tsv"
    } > "$work/inventory/bench.ini"
    chmod 600 "$work/inventory/bench.ini"
    for kex in default curve p256; do
        {
            awk -F'\t' '{ printf "Host %s\n  HostName %s\n  Port %s\n", $1, $2, $3 }' "$work/hosts.tsv"
            printf 'Host *\n  User %s\n  IdentityFile %s\n  IdentitiesOnly yes\n' "$BENCH_USER" "$BENCH_KEY"
            printf '  UserKnownHostsFile %s\n  StrictHostKeyChecking yes\n  BatchMode yes\n' "$CHORUS_LAB_DIR/known_hosts"
            [ "$kex" = curve ] && printf '  KexAlgorithms curve25519-sha256\n'
            [ "$kex" = p256 ] && printf '  KexAlgorithms ecdh-sha2-nistp256\n'
            true
        } > "$work/ssh_config.$kex"
    done
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
