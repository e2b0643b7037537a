# Lab users. As root: two local users made once per machine, with random passwords
# kept in /var/lib/chorus-lab (0600) and reused by every lab, so concurrent labs agree.
# They are sudoers, as on real estates (when sudo is installed): chorus-lab with its
# password, chorus-lab2 with NOPASSWD (/etc/sudoers.d/chorus-lab). This is a lab for a
# disposable test machine: those accounts can become root.
# Not root: the invoking user, key logins only.

LAB_STATE=/var/lib/chorus-lab
declare -a LAB_USERS=()
declare -A LAB_PASSWORD=()
PASSWORD_LOGINS=yes

prepare_users() {
    if ! is_root; then
        LAB_USERS=("$(id -un)")
        PASSWORD_LOGINS=no
        say "not root: every host logs in as '$(id -un)' by key only; password logins," \
            "the separate lab users and the sshd privilege separation need root"
        return
    fi
    mkdir -p "$LAB_STATE" /run/sshd
    chmod 755 "$LAB_STATE" /run/sshd
    LAB_USERS=(chorus-lab chorus-lab2)
    local user
    (
        flock 9
        for user in "${LAB_USERS[@]}"; do ensure_user "$user"; done
        ensure_sudoers
    ) 9>"$LAB_STATE/.lock"
    for user in "${LAB_USERS[@]}"; do
        LAB_PASSWORD[$user]=$(cat "$LAB_STATE/$user.password")
    done
}

# Creates USER with a fast non-interactive shell start-up and a stored random password.
ensure_user() {
    local user=$1 home="$LAB_STATE/home/$1" secret="$LAB_STATE/$1.password"
    if ! id "$user" >/dev/null 2>&1; then
        mkdir -p "$LAB_STATE/home"
        useradd --home-dir "$home" --create-home --shell /bin/bash --user-group "$user"
    fi
    # Logins must not wait on shell start-up: return at once unless interactive.
    printf '%s\n' 'case $- in *i*) ;; *) return ;; esac' > "$home/.bashrc"
    chown "$user:" "$home/.bashrc"
    if [ ! -s "$secret" ]; then
        (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$secret")
        printf '%s:%s\n' "$user" "$(cat "$secret")" | chpasswd
    fi
}

# /etc/sudoers.d/chorus-lab: chorus-lab asks for its password, chorus-lab2 does not.
# Checked with visudo before it is put in place; skipped when sudo is not installed.
ensure_sudoers() {
    command -v visudo >/dev/null 2>&1 || return 0
    local target=/etc/sudoers.d/chorus-lab staged
    staged=$(mktemp)
    printf '%s\n' '# The chorus test lab (share/lab/lib/users.sh).' \
        'chorus-lab ALL=(ALL:ALL) ALL' 'chorus-lab2 ALL=(ALL:ALL) NOPASSWD: ALL' > "$staged"
    if visudo -cqf "$staged"; then
        install -m 0440 -o root -g root "$staged" "$target"
    else
        say "visudo rejects the lab's sudoers rules; sudo tests will fail"
    fi
    rm -f "$staged"
}
