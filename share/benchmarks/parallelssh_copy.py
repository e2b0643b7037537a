"""Copies one local file to every host of a TSV (name, address, port) with the ParallelSSH
library's copy_file (native client: libssh2 through ssh2-python, over SFTP; it creates
missing remote directories). Prints one line per host that failed and exits 1 if any did.

Usage: parallelssh_copy.py HOSTS_TSV USER KEY LOCAL_FILE REMOTE_FILE
       parallelssh_copy.py --methods ADDRESS PORT   (key exchange, ciphers and MACs libssh2 negotiates)
"""
import socket
import sys

from gevent import joinall
from pssh.clients import ParallelSSHClient
from pssh.config import HostConfig


def copy(hosts_tsv, user, key, local_file, remote_file):
    rows = [line.rstrip("\n").split("\t") for line in open(hosts_tsv) if line.strip()]
    addresses = [row[1] for row in rows]
    configs = [HostConfig(port=int(row[2]), user=user, private_key=key) for row in rows]
    client = ParallelSSHClient(addresses, host_config=configs, pool_size=len(rows), timeout=30)
    greenlets = client.copy_file(local_file, remote_file)
    joinall(greenlets, raise_error=False)
    # copy_file returns one greenlet per host, in the order of the hosts.
    failed = [(row[0], g.exception) for row, g in zip(rows, greenlets) if g.exception is not None]
    for name, error in failed:
        print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
    return 1 if failed else 0


def methods(address, port):
    from ssh2.session import (LIBSSH2_METHOD_CRYPT_CS, LIBSSH2_METHOD_KEX,
                              LIBSSH2_METHOD_MAC_CS, Session)
    sock = socket.create_connection((address, int(port)), timeout=10)
    session = Session()
    session.handshake(sock)
    print(f"kex {session.methods(LIBSSH2_METHOD_KEX)}, cipher {session.methods(LIBSSH2_METHOD_CRYPT_CS)},"
          f" MAC {session.methods(LIBSSH2_METHOD_MAC_CS)}")
    sock.close()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--methods"]:
        sys.exit(methods(*sys.argv[2:4]))
    sys.exit(copy(*sys.argv[1:6]))
