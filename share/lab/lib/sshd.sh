# sshd processes: one per 16 hosts (sshd listens on at most 16 sockets), each with the
# lab's own config, keys and logs under $dir/sshd. Never /etc/ssh.

SSHD=/usr/sbin/sshd
SOCKETS_PER_SSHD=16

start_sshds() {
    local dir=$1 chunk=0 lines=()
    mapfile -t lines < "$dir/hosts.tsv"
    local v4=() v6=() line
    for line in "${lines[@]}"; do
        case $(cut -f3 <<< "$line") in *:*) v6+=("$line") ;; *) v4+=("$line") ;; esac
    done
    local i
    for ((i = 0; i < ${#v4[@]}; i += SOCKETS_PER_SSHD)); do
        write_sshd_config "$dir" "$chunk" "${v4[@]:i:SOCKETS_PER_SSHD}"
        chunk=$((chunk + 1))
    done
    if [ ${#v6[@]} -gt 0 ]; then
        write_sshd_config "$dir" "$chunk" "${v6[@]}"
        sed -i 's/^AddressFamily inet$/AddressFamily inet6/' "$dir/sshd/$(printf '%02d' "$chunk").conf"
        chunk=$((chunk + 1))
    fi
    "$SSHD" -t -f "$dir/sshd/00.conf" || die "sshd rejects the lab config $dir/sshd/00.conf"
    for conf in "$dir"/sshd/*.conf; do
        "$SSHD" -f "$conf" -E "${conf%.conf}.log" || die "sshd failed to start: $(tail -n 3 "${conf%.conf}.log")"
    done
    wait_for_pid_files "$dir" "$chunk"
}

# sshd writes its PidFile after binding its sockets, so a PID file means "listening".
wait_for_pid_files() {
    local dir=$1 expected=$2 tries
    for ((tries = 0; tries < 200; tries++)); do   # bounded: 200 x 0.05 s = 10 s
        [ "$(ls "$dir"/sshd/*.pid 2>/dev/null | wc -l)" -lt "$expected" ] || return 0
        sleep 0.05
    done
    die "only $(ls "$dir"/sshd/*.pid 2>/dev/null | wc -l) of $expected sshd processes came up; see $dir/sshd/*.log"
}

# write_sshd_config DIR CHUNK TSV-LINE...
write_sshd_config() {
    local dir=$1 chunk name group address port rest
    printf -v chunk '%02d' "$2"
    shift 2
    {
        local line
        for line in "$@"; do
            IFS=$'\t' read -r name group address port rest <<< "$line"
            case $address in
                *:*) printf 'ListenAddress [%s]:%s\n' "$address" "$port" ;;
                *) printf 'ListenAddress %s:%s\n' "$address" "$port" ;;
            esac
        done
        sshd_settings "$dir" "$chunk"
    } > "$dir/sshd/$chunk.conf"
}

sshd_settings() {
    local dir=$1 chunk=$2
    cat <<CONF
AddressFamily inet
HostKey $dir/sshd/host_ed25519_key
HostKey $dir/sshd/host_ecdsa_key
PidFile $dir/sshd/$chunk.pid
AuthorizedKeysFile $dir/authkeys/%u
AllowUsers ${LAB_USERS[*]}
PermitRootLogin no
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication $PASSWORD_LOGINS
KbdInteractiveAuthentication no
# The default 10:30:100 drops connections from the 11th concurrent handshake on.
MaxStartups 1000:30:2000
MaxSessions 100
UseDNS no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
Subsystem sftp $(sftp_subsystem "$dir")
LogLevel VERBOSE
CONF
}

write_known_hosts() {
    local dir=$1 name group address port rest
    local ed ec
    ed=$(cut -d' ' -f1,2 "$dir/sshd/host_ed25519_key.pub")
    ec=$(cut -d' ' -f1,2 "$dir/sshd/host_ecdsa_key.pub")
    while IFS=$'\t' read -r name group address port rest; do
        printf '[%s]:%s %s\n[%s]:%s %s\n' "$address" "$port" "$ed" "$address" "$port" "$ec"
        # Port 22 is looked up by the bare address (OpenSSH and libssh2 alike).
        [ "$port" != 22 ] || printf '%s %s\n%s %s\n' "$address" "$ed" "$address" "$ec"
    done < "$dir/hosts.tsv" > "$dir/known_hosts"
}
