# The lab's hosts: names, groups, addresses, ports and credentials.
#
# Groups: web (half), db and cache (a quarter each; at least one host each from 2 and
# 3 hosts). Host i gets address 127.X.(i/250).(i%250+1) and port number i mod K of the
# chosen ports, so every group spans several ports. Credentials differ by group:
#   web    first lab user, ed25519 key
#   db     second lab user, password   (key when not root)
#   cache  first lab user, password    (key when not root)
# Result: $dir/hosts.tsv (name group address port user auth) and $dir/ports.

plan_hosts() {
    local dir=$1 count=$2 nports=$3 subnet=$4
    local addresses=() i
    for ((i = 0; i < count; i++)); do addresses+=("$(host_address "$subnet" "$i")"); done
    python3 "$LAB_HOME/lib/free_ports.py" "$nports" "${addresses[@]}" > "$dir/ports" \
        || die "could not find $nports free ports on $subnet.*"
    local ports
    mapfile -t ports < "$dir/ports"
    local n_db n_cache
    n_db=$(( count >= 2 && count / 4 < 1 ? 1 : count / 4 ))
    n_cache=$(( count >= 3 && count / 4 < 1 ? 1 : count / 4 ))
    local n_web=$(( count - n_db - n_cache ))
    {
        emit_group web 0 "$n_web"
        emit_group db "$n_web" "$n_db"
        emit_group cache $((n_web + n_db)) "$n_cache"
    } > "$dir/hosts.tsv"
}

host_address() {
    printf '%s.%d.%d\n' "$1" $(($2 / 250)) $(($2 % 250 + 1))
}

# emit_group NAME FIRST_INDEX COUNT: one TSV line per host (uses addresses, ports).
emit_group() {
    local group=$1 first=$2 n=$3 k width
    width=$(( ${#n} < 2 ? 2 : ${#n} ))
    for ((k = 0; k < n; k++)); do
        local i=$((first + k))
        printf '%s%0*d\t%s\t%s\t%s\t%s\t%s\n' "$group" "$width" $((k + 1)) "$group" \
            "${addresses[$i]}" "${ports[$((i % ${#ports[@]}))]}" $(group_credentials "$group")
    done
}

# "USER AUTH" for a group (AUTH: key or password).
group_credentials() {
    local first=${LAB_USERS[0]} second=${LAB_USERS[1]:-${LAB_USERS[0]}}
    local password=password
    [ "$PASSWORD_LOGINS" = yes ] || password=key
    case "$1" in
        web) echo "$first key" ;;
        db) echo "$second $password" ;;
        cache) echo "$first $password" ;;
    esac
}

# One more host on the IPv6 loopback address (a sshd of its own: the others are IPv4).
plan_ipv6_host() {
    local dir=$1 port
    port=$(python3 "$LAB_HOME/lib/free_ports.py" 1 ::1) || die "no free port on [::1] (is IPv6 enabled?)"
    local credentials
    read -r -a credentials <<< "$(group_credentials web)"
    printf 'ipv6-01\tipv6\t::1\t%s\t%s\t%s\n' "$port" "${credentials[0]}" "${credentials[1]}" >> "$dir/hosts.tsv"
}
