#!/usr/bin/env python3
"""A TCP proxy that delays every byte by half a round trip each way, for benchmarks at a
given RTT on a machine whose kernel has no netem (tc's delay qdisc).

    delay_proxy.py RTT_MS < hosts.tsv > proxied.tsv

Reads "name<TAB>address<TAB>port" lines, listens for each on 127.0.0.1 at a free port,
prints "name<TAB>127.0.0.1<TAB>proxy-port" for each (then a line "ready"), and forwards
every connection to the host, each chunk sent RTT/2 after it arrived, in order, in
both directions (an end of stream too). Runs until killed. Loopback only.

This delays what the tools send, so round trips cost what they would on a network with
that RTT; it does not model loss, bandwidth or TCP's own slow start.
"""
import asyncio
import collections
import sys


class DelayedPipe:
    """Bytes from `reader` written to `writer` `delay` seconds after they arrived."""

    def __init__(self, reader, writer, delay):
        self.reader, self.writer, self.delay = reader, writer, delay
        self.queue = collections.deque()
        self.timer = None
        self.loop = asyncio.get_running_loop()

    async def run(self):
        while True:
            chunk = await self.reader.read(65536)
            self.push(chunk)  # b"" is the end of stream, delayed like the rest
            if not chunk:
                return

    def push(self, chunk):
        self.queue.append((self.loop.time() + self.delay, chunk))
        if self.timer is None:
            self.timer = self.loop.call_at(self.queue[0][0], self.release)

    def release(self):
        self.timer = None
        now = self.loop.time()
        while self.queue and self.queue[0][0] <= now:
            _, chunk = self.queue.popleft()
            if chunk:
                self.writer.write(chunk)
            elif self.writer.can_write_eof():
                self.writer.write_eof()
        if self.queue:
            self.timer = self.loop.call_at(self.queue[0][0], self.release)


async def serve(address, port, delay):
    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(address, port)
        except OSError:
            client_writer.close()
            return
        for sock in (client_writer, server_writer):
            sock.transport.get_extra_info("socket").setsockopt(6, 1, 1)  # TCP_NODELAY
        up = DelayedPipe(client_reader, server_writer, delay)
        down = DelayedPipe(server_reader, client_writer, delay)
        await asyncio.gather(up.run(), down.run(), return_exceptions=True)
        await asyncio.sleep(delay * 2)  # the last delayed bytes go out
        for writer in (client_writer, server_writer):
            writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)


async def main():
    delay = float(sys.argv[1]) / 2000
    servers = []
    for line in sys.stdin:
        name, address, port = line.rstrip("\n").split("\t")[:3]
        server = await serve(address, int(port), delay)
        servers.append(server)
        print(f"{name}\t127.0.0.1\t{server.sockets[0].getsockname()[1]}", flush=True)
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
