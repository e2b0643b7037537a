"""Runs one command on every host of a TSV (name, address, port) with asyncssh and
prints `NAME: LINE` for each output line: the fastest Python peer, for
share/benchmarks/broadcast.

Usage: asyncssh_run.py HOSTS_TSV USER KEY KNOWN_HOSTS COMMAND [--kept] [--kex NAME]

--kex: the key exchange to ask for (default curve25519-sha256).

--kept: connects and runs COMMAND once (its output dropped), then runs it again on the
open connections and prints that run's lines, and `kept WALL CPU` on standard error:
the seconds of wall and process CPU the second command took (asyncssh's warm run, as
chorus-bench's kept-session row is chorus's).
"""
import asyncio
import sys
import time

import asyncssh


async def connect(row, user, key, known_hosts, kex):
    return await asyncssh.connect(row[1], port=int(row[2]), username=user, client_keys=[key],
                                  known_hosts=known_hosts, kex_algs=[kex])


async def run_all(connections, names, command):
    results = await asyncio.gather(*(c.run(command, check=False) for c in connections), return_exceptions=True)
    lines = []
    for name, result in zip(names, results):
        if isinstance(result, Exception):
            print(f"{name}: error: {result}", file=sys.stderr)
            continue
        lines += [f"{name}: {line}" for line in (result.stdout or "").splitlines()]
    return lines


async def main():
    hosts_tsv, user, key, known_hosts, command = sys.argv[1:6]
    options = sys.argv[6:]
    kept = "--kept" in options
    kex = options[options.index("--kex") + 1] if "--kex" in options else "curve25519-sha256"
    rows = [line.rstrip("\n").split("\t") for line in open(hosts_tsv) if line.strip()]
    names = [row[0] for row in rows]
    # Read once: given a path, asyncssh reads the file again for every connection.
    trusted = asyncssh.read_known_hosts(known_hosts)
    connections = await asyncio.gather(*(connect(row, user, key, trusted, kex) for row in rows))
    lines = await run_all(connections, names, command)
    if kept:
        wall, cpu = time.monotonic(), time.process_time()
        lines = await run_all(connections, names, command)
        print(f"kept {time.monotonic() - wall:.3f} {time.process_time() - cpu:.3f}", file=sys.stderr)
    print("\n".join(lines))
    for connection in connections:
        connection.close()


asyncio.run(main())
