"""Prints COUNT TCP ports that are free on every address given, one per line.

Usage: free_ports.py COUNT ADDRESS...
Candidates are drawn at random below Linux's ephemeral range (32768+), so outgoing
connections do not take them between this check and sshd's bind.
"""
import random
import socket
import sys


def free_on_all(port, addresses):
    sockets = []
    try:
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            s = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(s)
            s.bind((address, port))
        return True
    except OSError:
        return False
    finally:
        for s in sockets:
            s.close()


def main():
    count, addresses = int(sys.argv[1]), sys.argv[2:]
    chosen = []
    for _ in range(2000):  # bounded: give up rather than spin on a crowded machine
        port = random.randrange(20000, 32000)
        if port not in chosen and free_on_all(port, addresses):
            chosen.append(port)
            if len(chosen) == count:
                print("\n".join(map(str, chosen)))
                return
    sys.exit("no free ports found after 2000 tries")


main()
