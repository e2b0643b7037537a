# Sourced by share/package and share/install: which files make an installed Chorus and
# where each goes, kept in one place so the .deb and a plain install never drift apart.
# Needs CHORUS_TOP (the top of the clone). Bash only.

# The release build: the Swift runtime and Foundation linked in, so the binary needs only
# libssh2, libedit, libcrypto and the C/C++ runtime on the target; and no $ORIGIN run
# path, which would let a library dropped beside /usr/bin/chorus be loaded.
chorus_release_flags=(-c release --static-swift-stdlib --disable-local-rpath --product chorus)

# Builds the release binary (the only build the scripts ever start) and prints its path.
chorus_build_release() {
    command -v swift >/dev/null 2>&1 || PATH="$PATH:/opt/swift/usr/bin"
    (cd "$CHORUS_TOP" && swift build "${chorus_release_flags[@]}" >&2) || return 1
    printf '%s/chorus\n' "$(cd "$CHORUS_TOP" && swift build "${chorus_release_flags[@]}" --show-bin-path)"
}

# The version the binary reports: `chorus --version` prints "chorus X.Y.Z (libssh2 A.B.C)".
chorus_binary_version() {
    local line name version
    line=$("$1" --version) || return 1
    read -r name version _ <<<"$line"
    [ "$name" = chorus ] && [[ $version =~ ^[0-9][0-9A-Za-z.+~-]*$ ]] ||
        { echo "unexpected --version output: $line" >&2; return 1; }
    printf '%s\n' "$version"
}

# The file table, one line a file: KIND MODE SOURCE DESTINATION. KIND is bin (stripped),
# man (gzip -9n, ".gz" added to DESTINATION), conf (the operator's file: never
# overwritten by share/install) or file. DESTINATION uses the variables below, which the
# caller sets: bindir mandir bashdir zshdir fishdir docdir confdir.
chorus_file_table() {
    local example
    cat <<EOF
bin 0755 BINARY $bindir/chorus
man 0644 man/chorus.1 $mandir/man1/chorus.1
man 0644 man/chorus-inventory.5 $mandir/man5/chorus-inventory.5
man 0644 man/chorus.conf.5 $mandir/man5/chorus.conf.5
file 0644 share/completions/chorus.bash $bashdir/chorus
file 0644 share/completions/_chorus $zshdir/_chorus
file 0644 share/completions/chorus.fish $fishdir/chorus.fish
conf 0644 conf/chorus.conf $confdir/chorus.conf
file 0644 share/packaging/copyright $docdir/copyright
file 0644 README.md $docdir/README.md
file 0644 conf/inventory.ini $docdir/examples/inventory.ini
EOF
    for example in "$CHORUS_TOP"/conf/inventory.d/*.ini; do
        printf 'file 0644 %s %s\n' "conf/inventory.d/${example##*/}" "$docdir/examples/inventory.d/${example##*/}"
    done
    for example in "$CHORUS_TOP"/share/examples/*; do
        printf 'file 0644 %s %s\n' "share/examples/${example##*/}" "$docdir/examples/${example##*/}"
    done
}

# Copies one table line's file to ROOT/DESTINATION with its mode; prints the path written
# (without ROOT), for share/install's manifest. BINARY stands for the file given in $2.
chorus_place() {
    local root=$1 binary=$2 kind=$3 mode=$4 source=$5 destination=$6
    [ "$source" = BINARY ] && source=$binary || source=$CHORUS_TOP/$source
    mkdir -p "$root$(dirname "$destination")"
    case $kind in
        bin) install -m "$mode" "$source" "$root$destination"
             strip --strip-unneeded "$root$destination" ;;
        man) destination=$destination.gz
             gzip -9n -c "$source" >"$root$destination"
             chmod "$mode" "$root$destination" ;;
        *) install -m "$mode" "$source" "$root$destination" ;;
    esac
    printf '%s\n' "$destination"
}
