"""Starts localstripe for shopctl's tests: on 127.0.0.1 only, on a free port, with its state in
a temporary pickle (its stock launcher listens on every interface and keeps its state in a
fixed /tmp/localstripe.pickle, shared by every run on the machine).

Prints "PORT <n>" on stdout once listening; runs until killed or stdin closes (so it dies
with the test process that started it).
"""

import asyncio
import os
import pickle
import socket
import sys
import tempfile
import threading

from aiohttp import web

import localstripe.resources as resources
from localstripe.server import app

STATE = os.path.join(tempfile.mkdtemp(prefix="localstripe-"), "state.pickle")


def _load(self):
    try:
        with open(STATE, "rb") as f:
            old = pickle.load(f)
            self.clear()
            self.update(old)
    except FileNotFoundError:
        pass


def _dump(self):
    with open(STATE, "wb") as f:
        pickle.dump(self, f, protocol=pickle.HIGHEST_PROTOCOL)


resources.Store.try_load_from_disk = _load
resources.Store.dump_to_disk = _dump


def _exit_when_stdin_closes():
    sys.stdin.read()
    os._exit(0)


async def serve(sock):
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    # Only now is it accepting connections: tell the test.
    print("PORT %d" % sock.getsockname()[1], flush=True)
    await asyncio.Event().wait()


def main():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    asyncio.run(serve(sock))


if __name__ == "__main__":
    main()
