"""Runs one command on every host of a TSV (name, address, port) with the ParallelSSH
library (libssh2-based, like chorus) and prints `NAME: LINE` for each output line.

Usage: parallelssh_run.py HOSTS_TSV USER KEY COMMAND [PROXY_ADDRESS PROXY_PORT]

With a proxy, every host is reached through that SSH host (same user and key), as with
OpenSSH's ProxyJump: the library's `proxy_host` arguments.
"""
import sys

from pssh.clients import ParallelSSHClient
from pssh.config import HostConfig


def main():
    hosts_tsv, user, key, command = sys.argv[1:5]
    proxy = {}
    if len(sys.argv) > 5:
        proxy = dict(proxy_host=sys.argv[5], proxy_port=int(sys.argv[6]), proxy_user=user, proxy_pkey=key)
    rows = [line.rstrip("\n").split("\t") for line in open(hosts_tsv) if line.strip()]
    addresses = [row[1] for row in rows]
    configs = [HostConfig(port=int(row[2]), user=user, private_key=key) for row in rows]
    names = {row[1]: row[0] for row in rows}
    client = ParallelSSHClient(addresses, host_config=configs, pool_size=len(rows), timeout=30, **proxy)
    output = client.run_command(command, stop_on_errors=False)
    client.join(output)
    for host_output in output:
        for line in host_output.stdout or []:
            print(f"{names[host_output.host]}: {line}")


main()
