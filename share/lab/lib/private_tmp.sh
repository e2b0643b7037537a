# --private-tmp: every host's SFTP sessions see a /tmp of their own.
#
# All lab hosts are this one machine, so without it a put of one file to 50 hosts writes
# one path 50 times: the copies overwrite each other and checking "every host" checks one
# file. With it, SFTP on host NAME runs in a private mount namespace (an unprivileged user
# namespace, `unshare -r -m`) where $dir/hostfs/NAME/tmp is bind-mounted over /tmp. From
# this machine, host NAME's /tmp is that directory. Only SFTP is affected (scp in its
# default SFTP mode too); shell commands still see the machine's /tmp. So under /tmp,
# what chorus does in a shell sees other files than its SFTP side: `put --checksum`
# (sha256sum) and replacing a file that exists (the final rename falls back to mv)
# fail there. The transfer benchmark writes fresh files, without --checksum.

PRIVATE_TMP=no
SFTP_SERVER=/usr/lib/openssh/sftp-server

# The Subsystem line's command for the sshd configs.
sftp_subsystem() {
    local dir=$1
    if [ "$PRIVATE_TMP" = yes ]; then echo "$dir/private-sftp"; else echo internal-sftp; fi
}

# Makes one private /tmp per host and the SFTP wrapper; fails early if this machine does
# not allow unprivileged user namespaces (the lab user must be able to run unshare -r -m).
make_private_tmp() {
    local dir=$1 name rest
    [ -x "$SFTP_SERVER" ] || die "--private-tmp needs $SFTP_SERVER (apt-get install -y openssh-sftp-server)"
    as_lab_user unshare --map-root-user --mount true \
        || die "--private-tmp needs unprivileged user namespaces (unshare -r -m failed for ${LAB_USERS[0]})"
    mkdir -p "$dir/hostfs"
    chmod 755 "$dir/hostfs"
    while IFS=$'\t' read -r name rest; do
        mkdir -p "$dir/hostfs/$name/tmp"
        chmod 1777 "$dir/hostfs/$name/tmp"   # like /tmp: any lab user writes, sticky
    done < "$dir/hosts.tsv"
    write_private_sftp "$dir"
}

as_lab_user() {
    if is_root; then runuser -u "${LAB_USERS[0]}" -- "$@"; else "$@"; fi
}

# sshd runs the subsystem as the logged-in user with SSH_CONNECTION set to
# "CLIENT_ADDR CLIENT_PORT SERVER_ADDR SERVER_PORT"; the server side names the host.
write_private_sftp() {
    local dir=$1
    cat > "$dir/private-sftp" <<SCRIPT
#!/bin/sh
# SFTP server for one chorus-lab host, with \$lab/hostfs/NAME/tmp as its /tmp.
set -eu
lab='$dir'
set -- \$SSH_CONNECTION
name=\$(awk -F'\t' -v a="\$3" -v p="\$4" '\$3 == a && \$4 == p { print \$1; exit }' "\$lab/hosts.tsv")
[ -n "\$name" ] || { echo "private-sftp: no lab host at \$3 port \$4" >&2; exit 1; }
exec unshare --map-root-user --mount /bin/sh -c 'mount --bind "\$1" /tmp && exec $SFTP_SERVER' \\
    private-sftp "\$lab/hostfs/\$name/tmp"
SCRIPT
    chmod 755 "$dir/private-sftp"
}
