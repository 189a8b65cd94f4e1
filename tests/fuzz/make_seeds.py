#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the fuzz target's seed corpus: a few call flows in its input format
(see fuzz_core.c), for the fuzzer to start from.

    make_seeds.py DIR
"""
import os
import sys

METHODS = ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "INFO",
           "REFER", "UPDATE", "MESSAGE", "FOO"]
STATUSES = [100, 180, 183, 200, 202, 302, 401, 407, 481, 486, 487, 491, 500, 603, 699, 1]


def msg(what, frm=1, to=0, cseq=1, top=1, bottom=0, vias=1, sent_by=0, same=False, step=7, flags=0, call=0):
    """One 10-byte record: `what` is a method name or a status code."""
    kind = METHODS.index(what) if isinstance(what, str) else 0x80 + STATUSES.index(what)
    return bytes([
        kind,
        call | frm << 2 | to << 5,
        cseq,
        top | bottom << 4,
        vias | sent_by << 3 | 1 << 5 | (0x80 if same else 0),
        step | 0x40,
        flags,
        0, 0, 0,
    ])


def call(top=1):
    return [msg("INVITE", top=top, flags=2), msg(100, top=top), msg(180, to=2, top=top),
            msg(200, to=2, top=top, flags=2), msg("ACK", to=2, top=top + 1)]


SEEDS = {
    "basic": call() + [msg("BYE", to=2, cseq=2, top=3, step=14), msg(200, to=2, cseq=2, top=3)],
    "auth": [msg("INVITE"), msg(407, to=3), msg("ACK", to=3), msg("INVITE", cseq=2, top=2, flags=1),
             msg(200, to=2, cseq=2, top=2), msg("ACK", to=2, cseq=2, top=3)],
    "forks": [msg("INVITE"), msg(180, to=2), msg(180, to=3), msg(200, to=2), msg(200, to=3),
              msg("ACK", to=2, top=2), msg("ACK", to=3, top=3), msg("BYE", to=3, cseq=2, top=4)],
    "glare": call() + [msg("INVITE", to=2, cseq=2, top=3, step=13), msg("INVITE", frm=2, to=1, cseq=5, top=4, sent_by=1, step=2),
                       msg(491, to=2, cseq=2, top=3), msg(491, frm=2, to=1, cseq=5, top=4, sent_by=1),
                       msg("INVITE", to=2, cseq=3, top=5, step=11)],
    "cancel": [msg("INVITE"), msg(180, to=2), msg("CANCEL", step=10), msg(200, to=2), msg(200, to=2, flags=0),
               msg("ACK", to=2, top=2), msg("BYE", to=2, cseq=2, top=3)],
    "proxy": [msg("INVITE", top=1), msg("INVITE", top=12, bottom=1, vias=2, sent_by=2), msg(200, to=2, top=12, bottom=1, vias=2, sent_by=2),
              msg(200, to=2, top=1), msg("ACK", to=2, top=2), msg("ACK", to=2, top=13, bottom=2, vias=2, sent_by=2)],
    "timeout": [msg("OPTIONS"), msg("OPTIONS", step=9), msg("INFO", call=1, top=2, step=25), msg(200, call=1, top=2)],
}


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, records in SEEDS.items():
        with open(os.path.join(sys.argv[1], name), "wb") as f:
            f.write(b"".join(records))


if __name__ == "__main__":
    main()
