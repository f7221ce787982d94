#!/usr/bin/python3
"""Type a transcript's .in into a zbfwd telnet vty and print the screen.

Usage: vty-screen.py PORT FILE.in
The client refuses every telnet option (as telnetlib and Netmiko do), types
the lines with CR LF (a `?` at the end of a line keeps the line, as the
zbfw console's script mode does) once the first prompt is drawn, reads
until the daemon has been quiet for 1.5 s, and prints what a terminal shows with CR LF turned into LF, so
the screen can be compared with the transcript's .out."""
import socket
import sys
import time

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240


def main():
    port = int(sys.argv[1])
    with open(sys.argv[2], 'rb') as f:
        typed = f.read().replace(b'?\n', b'?').replace(b'\n', b'\r\n')
    s = socket.create_connection(('127.0.0.1', port), timeout=10)
    s.settimeout(0.2)
    screen = bytearray()
    sent = False
    quiet_since = time.time()
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            data = s.recv(65536)
        except socket.timeout:
            data = None
        if data == b'':
            break
        if data:
            quiet_since = time.time()
            i = 0
            while i < len(data):
                c = data[i]
                if c == IAC and i + 1 < len(data):
                    cmd = data[i + 1]
                    if cmd in (DO, DONT, WILL, WONT) and i + 2 < len(data):
                        if cmd == DO:
                            s.sendall(bytes([IAC, WONT, data[i + 2]]))
                        elif cmd == WILL:
                            s.sendall(bytes([IAC, DONT, data[i + 2]]))
                        i += 3
                        continue
                    if cmd == SB:
                        j = data.find(bytes([IAC, SE]), i)
                        i = len(data) if j < 0 else j + 2
                        continue
                    i += 2
                    continue
                screen.append(c)
                i += 1
        elif (not sent and screen.endswith((b'>', b'#')) and
              time.time() - quiet_since > 0.3):
            s.sendall(typed)
            sent = True
            quiet_since = time.time()
        elif sent and time.time() - quiet_since > 1.5:
            break
    sys.stdout.buffer.write(bytes(screen).replace(b'\r\n', b'\n'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
