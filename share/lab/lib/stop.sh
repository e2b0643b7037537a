# Stopping: exactly the processes this lab started, found by the PIDs it recorded
# (each checked against its command line, so a reused PID is never hit), together
# with their descendants (the per-connection sshd children and the commands they run).

lab_stop() {
    local dir="" keep=no
    while [ $# -gt 0 ]; do
        case "$1" in
            --dir) dir=${2:?--dir needs a path}; shift 2 ;;
            --keep) keep=yes; shift ;;
            *) die "stop: unknown option '$1'" ;;
        esac
    done
    dir=$(find_lab_dir "$dir")
    stop_watchdog "$dir"
    stop_processes "$dir"
    gw_stop_network "$dir"
    if [ "$keep" = yes ]; then say "stopped; kept $dir"; else rm -rf "$dir"; say "stopped and removed $dir"; fi
}

lab_status() {
    local dir
    [ "${1:-}" != --dir ] || dir=${2:-}
    dir=$(find_lab_dir "${dir:-}")
    local up=0 down=0 pidfile
    for pidfile in "$dir"/sshd/*.pid; do
        [ -e "$pidfile" ] || continue
        if recorded_pid_alive "$dir" "$(cat "$pidfile")"; then up=$((up + 1)); else down=$((down + 1)); fi
    done
    printf '%s: %d hosts, %d sshd up, %d down\n' "$dir" "$(wc -l < "$dir/hosts.tsv")" "$up" "$down"
    local network=0
    gw_status "$dir" || network=1
    [ "$down" -eq 0 ] && [ "$up" -gt 0 ] && [ "$network" -eq 0 ]
}

# True if PID is alive and is one of this lab's sshd processes (not a reused PID).
recorded_pid_alive() {
    local dir=$1 pid=$2
    [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$dir/sshd/"
}

stop_processes() {
    local dir=$1 pidfile pid targets=()
    for pidfile in "$dir"/sshd/*.pid; do
        [ -e "$pidfile" ] || continue
        pid=$(cat "$pidfile")
        ! recorded_pid_alive "$dir" "$pid" || targets+=("$pid")
        rm -f "$pidfile"
    done
    [ ${#targets[@]} -gt 0 ] || return 0
    # One process listing for all of them: a gateway lab has ~70 sshds.
    targets+=($(descendants_of "${targets[@]}"))
    kill -TERM "${targets[@]}" 2>/dev/null || true
    local tries
    for ((tries = 0; tries < 60; tries++)); do   # bounded: 3 s, then SIGKILL
        any_alive "${targets[@]}" || return 0
        sleep 0.05
    done
    kill -KILL "${targets[@]}" 2>/dev/null || true
}

any_alive() {
    local pid
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
    return 1
}

# Every descendant PID of the PIDs given (children first found, breadth first).
descendants_of() {
    ps -e -o pid=,ppid= | awk -v roots="$*" '
        { parent[$1] = $2 }
        END {
            n = split(roots, root, " ")
            for (i = 1; i <= n; i++) found[root[i]] = 1
            changed = 1
            while (changed) {
                changed = 0
                for (p in parent) if (!(p in found) && (parent[p] in found)) { found[p] = 1; changed = 1; print p }
            }
        }'
}

# The watchdog stops the lab when its owner (a test run) dies or its lifetime ends,
# so a crashed test run cannot leave sshd processes behind.
start_watchdog() {
    local dir=$1 owner=$2 lifetime=$3
    setsid "$LAB_HOME/chorus-lab" watch --dir "$dir" --owner-pid "$owner" --max-lifetime "$lifetime" \
        </dev/null >/dev/null 2>>"$dir/watchdog.log" &
    echo $! > "$dir/watchdog.pid"
}

lab_watch() {
    local dir=$2 owner=$4 lifetime=$6 waited=0
    while kill -0 "$owner" 2>/dev/null && [ "$waited" -lt "$lifetime" ]; do   # bounded by lifetime
        sleep 1
        waited=$((waited + 1))
    done
    [ -d "$dir" ] || exit 0
    rm -f "$dir/watchdog.pid"
    stop_processes "$dir"
    gw_stop_network "$dir"
    rm -rf "$dir"
}

stop_watchdog() {
    local dir=$1 pid
    [ -f "$dir/watchdog.pid" ] || return 0
    pid=$(cat "$dir/watchdog.pid")
    rm -f "$dir/watchdog.pid"
    if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "watch --dir $dir"; then
        kill -TERM "$pid" 2>/dev/null || true
    fi
}
