#!/usr/bin/python3
"""How long the daemon's loop stalls while vty logins are checked: N
telnet clients each send a username and a wrong password at once (N type 9
checks, about 6 ms each) while a raw TCP client measures how late the loop
answers a telnet connect (the vty's first bytes), every 2 ms.

Usage: login_storm.py [N]   (ZBFW_BUILD picks the zbfwd; prints the worst
and the median answer time during the storm)."""
import os
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'interop'))
from zbdaemon import Daemon  # noqa: E402

CONFIG = """\
username admin secret 9 $9$Zb6fwTestSaltA$19pXhc2P5.LYazLglZSdNwpqWU.DypvRK7fZyjB7L.M
line vty 0 199
 login local
"""


def probe(port, stop, out):
    while not stop.is_set():
        t0 = time.monotonic()
        s = socket.create_connection(('127.0.0.1', port))
        s.recv(100)            # the telnet options come at once
        out.append(time.monotonic() - t0)
        s.close()
        time.sleep(0.002)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    with Daemon(CONFIG) as d:
        socks = [socket.create_connection(('127.0.0.1', d.port))
                 for _ in range(n)]
        time.sleep(0.3)
        stop, lat = threading.Event(), []
        th = threading.Thread(target=probe, args=(d.port, stop, lat))
        th.start()
        time.sleep(0.2)
        base = list(lat)
        del lat[:]
        t0 = time.monotonic()
        for s in socks:
            s.sendall(b'admin\r\nwrong\r\n')
        time.sleep(n * 0.008 + 0.3)
        stop.set()
        th.join()
        print('%d logins; loop answer before: median %.1f ms; during: '
              'median %.1f ms, worst %.1f ms (%d probes in %.2f s)'
              % (n, statistics.median(base) * 1e3,
                 statistics.median(lat) * 1e3, max(lat) * 1e3, len(lat),
                 time.monotonic() - t0))
        for s in socks:
            s.close()


if __name__ == '__main__':
    main()
