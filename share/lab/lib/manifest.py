"""Writes lab.json: everything a test needs to know about a running lab.

Usage: manifest.py DIR IS_ROOT USER=PASSWORD...
"""
import glob
import json
import os
import sys


def read(path):
    with open(path) as f:
        return f.read().strip()


def hosts(lab):
    rows = []
    with open(os.path.join(lab, "hosts.tsv")) as f:
        for line in f:
            name, group, address, port, user, auth = line.rstrip("\n").split("\t")
            rows.append({"name": name, "group": group, "address": address,
                         "port": int(port), "user": user, "auth": auth})
    return rows


def main():
    lab, is_root, pairs = sys.argv[1], sys.argv[2] == "true", sys.argv[3:]
    users = [{"name": n, "password": p or None} for n, p in (x.split("=", 1) for x in pairs)]
    keys = os.path.join(lab, "keys")
    manifest = {
        "dir": lab,
        "root": is_root,
        "inventory": os.path.join(lab, "inventory"),
        "known_hosts": os.path.join(lab, "known_hosts"),
        "keys": {
            "ed25519": os.path.join(keys, "id_ed25519"),
            "ecdsa": os.path.join(keys, "id_ecdsa"),
            "ed25519_passphrase": os.path.join(keys, "id_ed25519_passphrase"),
            "passphrase": read(os.path.join(keys, "passphrase")),
        },
        "host_key_fingerprints_file": os.path.join(lab, "sshd", "host_ed25519_key.pub"),
        "users": users,
        # One /tmp per host for SFTP (start --private-tmp), else null.
        "hostfs": os.path.join(lab, "hostfs") if os.path.isdir(os.path.join(lab, "hostfs")) else None,
        "ports": [int(p) for p in read(os.path.join(lab, "ports")).split()],
        "hosts": hosts(lab),
        "sshd_pids": [int(read(p)) for p in sorted(glob.glob(os.path.join(lab, "sshd", "*.pid")))],
    }
    json.dump(manifest, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
