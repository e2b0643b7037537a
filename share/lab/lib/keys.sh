# Keys: the lab's host keys (ed25519 and ecdsa, shared by its sshd processes) and the
# client keys the tests log in with.

make_keys() {
    local dir=$1
    mkdir -p "$dir/sshd" "$dir/keys" "$dir/authkeys"
    chmod 700 "$dir/sshd" "$dir/keys"
    chmod 755 "$dir/authkeys"
    keygen ed25519 "$dir/sshd/host_ed25519_key" ""
    keygen ecdsa "$dir/sshd/host_ecdsa_key" ""
    keygen ed25519 "$dir/keys/id_ed25519" ""
    keygen ecdsa "$dir/keys/id_ecdsa" ""
    (umask 077; head -c 12 /dev/urandom | base64 | tr -d '/+=' > "$dir/keys/passphrase")
    keygen ed25519 "$dir/keys/id_ed25519_passphrase" "$(cat "$dir/keys/passphrase")"
    authorize_keys "$dir"
}

keygen() {
    ssh-keygen -q -t "$1" -N "$3" -C "chorus-lab" -f "$2" </dev/null
}

# Every lab user accepts every lab client key; sshd reads these as the user, so 0644.
authorize_keys() {
    local dir=$1 user
    for user in "${LAB_USERS[@]}"; do
        cat "$dir"/keys/*.pub > "$dir/authkeys/$user"
        chmod 644 "$dir/authkeys/$user"
    done
}
