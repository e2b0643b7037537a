# Shared helpers for chorus-lab. Sourced, not run.

say() { printf 'chorus-lab: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# A whole number >= 1, or a clear error naming the option.
need_count() {
    case "$2" in
        ''|*[!0-9]*|0) die "$1 expects a whole number of at least 1, got '${2}'" ;;
    esac
    printf '%s\n' "$2"
}

check_tools() {
    local missing=()
    for tool in /usr/sbin/sshd ssh-keygen python3 flock; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]} (apt-get install -y openssh-server openssh-client python3 util-linux)"
}

# The lab directory: given, or fresh under $TMPDIR. World-traversable, because sshd
# reads authorized keys as the lab user; secrets inside live in 0700 folders.
make_lab_dir() {
    local dir=$1
    if [ -z "$dir" ]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/chorus-lab.XXXXXX")
    else
        [ ! -e "$dir/lab.env" ] || die "a lab already lives in $dir (stop it first: chorus-lab stop --dir $dir)"
        # The lab owns its directory (stop and a failed start remove it), so it must be new.
        [ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || die "--dir $dir is not empty; give a new or empty directory"
        mkdir -p "$dir"
    fi
    dir=$(cd "$dir" && pwd)
    chmod 755 "$dir"
    printf '%s\n' "$dir"
}

# A random 127.X subnet, so two labs on one machine rarely share addresses; ports are
# checked free anyway.
pick_subnet() {
    printf '127.%d\n' $((RANDOM % 200 + 40))
}

# Resolves the lab directory for stop/status: --dir, else $CHORUS_LAB_DIR.
find_lab_dir() {
    local dir=${1:-${CHORUS_LAB_DIR:-}}
    [ -n "$dir" ] || die "which lab? give --dir DIR or set CHORUS_LAB_DIR"
    [ -f "$dir/lab.env" ] || [ -d "$dir/sshd" ] || die "no lab in '$dir'"
    printf '%s\n' "$dir"
}
