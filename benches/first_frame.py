#!/usr/bin/env python3
"""Time from starting a program in a pseudo-terminal to its first full frame.

usage: first_frame.py COLSxROWS MARKER QUIT -- COMMAND [ARGS...]

Starts COMMAND in a COLS x ROWS pseudo-terminal, reads its output until
MARKER (a string the finished frame contains) appears, prints the elapsed
milliseconds, then sends QUIT (e.g. q, or :q\\r for vim) and waits for the
program to end. Runs with the standard library only.
"""
import os
import pty
import select
import struct
import sys
import time
import fcntl
import termios


def main():
    size, marker, quit_keys = sys.argv[1], sys.argv[2].encode(), sys.argv[3]
    command = sys.argv[sys.argv.index("--") + 1:]
    cols, rows = (int(x) for x in size.split("x"))
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(command[0], command)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    seen = b""
    elapsed = None
    deadline = start + 30
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen = seen[-4096:] + chunk
        if marker in seen:
            elapsed = (time.perf_counter() - start) * 1e3
            break
    os.write(fd, quit_keys.encode().decode("unicode_escape").encode())
    end = time.perf_counter() + 5
    while time.perf_counter() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                if not os.read(fd, 65536):
                    break
            except OSError:
                break
        if os.waitpid(pid, os.WNOHANG)[0]:
            break
    else:
        os.kill(pid, 9)
    if elapsed is None:
        print("no frame", file=sys.stderr)
        sys.exit(1)
    print(f"{elapsed:.1f}")


if __name__ == "__main__":
    main()
