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


def gateway_lab(lab, all_hosts):
    """The gateway network (start --gateways), or None: see lib/gateways.sh."""
    folder = os.path.join(lab, "gateways")
    if not os.path.isdir(folder):
        return None
    state = dict(line.split("=", 1) for line in read(os.path.join(folder, "state")).splitlines())
    gateways = []
    with open(os.path.join(folder, "gateways.tsv")) as f:
        for line in f:
            name, namespace, address, root_device, root_address, segment_address = line.rstrip("\n").split("\t")
            gateways.append({"name": name, "namespace": namespace, "address": address, "port": 22,
                             "root_device": root_device, "root_address": root_address,
                             "gateway_device": "client", "segment_device": "segment",
                             "segment_address": segment_address,
                             "sshd_pid": int(read(os.path.join(lab, "sshd", name + ".pid")))})
    with open(os.path.join(folder, "split.tsv")) as f:
        split = dict(line.rstrip("\n").split("\t") for line in f)
    names = [g["name"] for g in gateways]
    targets = [{"name": h["name"], "address": h["address"], "port": h["port"], "gateways": names,
                "split_group": split[h["name"]]} for h in all_hosts if h["group"] == "behind"]
    direct_file = os.path.join(folder, "direct-device")
    rate = int(state["GW_RATE_BITS"]) if "GW_RATE_BITS" in state else None
    return {
        "tag": state["GW_TAG"],
        "segment": state["GW_SEGMENT"],
        "segment_namespace": state["GW_SEGMENT_NS"],
        "segment_bridge_address": state["GW_INFRA"] + ".2",
        "namespaces": read(os.path.join(folder, "namespaces")).split(),
        "route": {"type": "unreachable", "prefix": state["GW_SEGMENT"], "metric": 4242},
        # Bits per second: the client's total, and each gateway link's share of it.
        "client_rate_bits": rate,
        "gateway_link_rate_bits": int(state["GW_SHARE_BITS"]) if rate else None,
        "gateways": gateways,
        "targets": targets,
        "target_sshd_pids": [int(read(p)) for p in sorted(glob.glob(os.path.join(lab, "sshd", "t*.pid")))],
        # --direct: the root namespace's own leg on the segment bridge, else null.
        "direct": {"root_device": read(direct_file), "root_address": state["GW_INFRA"] + ".1",
                   "segment_device": "root", "inventory": os.path.join(lab, "inventory-direct")}
        if os.path.exists(direct_file) else None,
        "direct_inventory": os.path.join(lab, "inventory-direct"),
    }


def main():
    lab, is_root, pairs = sys.argv[1], sys.argv[2] == "true", sys.argv[3:]
    users = [{"name": n, "password": p or None} for n, p in (x.split("=", 1) for x in pairs)]
    keys = os.path.join(lab, "keys")
    all_hosts = hosts(lab)
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
        "hosts": all_hosts,
        "sshd_pids": [int(read(p)) for p in sorted(glob.glob(os.path.join(lab, "sshd", "*.pid")))],
        "gateway_lab": gateway_lab(lab, all_hosts),
    }
    json.dump(manifest, sys.stdout, indent=1)
    sys.stdout.write("\n")


main()
