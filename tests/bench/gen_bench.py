#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A large, realistic SIP capture for benchmarking sipdialog.

The capture is what a probe on the access side of a few outbound proxies
sees: every message between the local user agents (10.0.0.0/9) and their
proxy (172.16.0.x), one hop per call.  The callees sit beyond the proxy
(10.128.0.0/9) and appear only in SIP headers and SDP.  Calls arrive as a
Poisson process, so that a few thousand are in progress at any time, and
each follows an RFC 3261 call flow:

    plain      INVITE / 100 / 180 / 200 / ACK / BYE / 200 (either side hangs up)
    auth       INVITE 1 / 407 / ACK (same branch) / INVITE 2 with
               Proxy-Authorization / 100 / 180 / 200 / ACK / BYE 3 / 200
    reinvite   a plain call put on hold by a re-INVITE from either side
    cancel     INVITE / 100 / 180 / CANCEL / 200 (CANCEL) / 487 / ACK
    busy       INVITE / 100 / 486 / ACK
    fork       two forks answer 200 with different To tags; the caller ACKs
               both and sends BYE to the second

On UDP some calls race their retransmission timers (T1 = 500 ms): the INVITE
is retransmitted before the 100 arrives, or the 200 before the ACK.  About
10% of the calls run over TCP, one connection per call, with the proxy
sometimes packing two SIP messages into one segment.

    gen_bench.py -o bench.pcap                1,000,000+ messages, 130,000 calls
    gen_bench.py -o bench.pcap --scale 4      four times as many (a capture 4x as long)
    gen_bench.py -o small.pcap --calls 2000   a small one

Python 3 standard library only; about 12 s per million messages.
"""

import argparse
import heapq
import random
import struct
import sys
import time
from collections import Counter

CALLS_PER_SCALE = 130_000     # about 8 messages a call: over a million messages
CALLS_PER_SECOND = 40         # with ~90 s calls, about 3,500 in progress at once
LOCAL_UAS_PER_SCALE = 50_000
REMOTE_UAS = 50_000
PROXIES = ("172.16.0.1", "172.16.0.2", "172.16.0.3", "172.16.0.4")
DOMAIN = "example.com"

CALL_KINDS = {"plain": 50, "auth": 15, "reinvite": 12, "cancel": 10, "busy": 8, "fork": 5}
TCP_SHARE = 0.10
INVITE_RETRANSMITTED_SHARE = 0.03   # of UDP calls
OK_RETRANSMITTED_SHARE = 0.03       # of answered UDP calls

T1 = 0.5                      # RFC 3261 §17.1.1.1: first retransmission interval
MEAN_TALK_SECONDS = 90
MAX_TALK_SECONDS = 1800
FLUSH_LAG = 1.0               # a TCP call's handshake precedes its first message

BASE_EPOCH = 1767225600       # 2026-01-01T00:00:00Z, as the scenario captures

REASONS = {100: "Trying", 180: "Ringing", 200: "OK", 407: "Proxy Authentication Required",
           486: "Busy Here", 487: "Request Terminated"}
USER_AGENTS = ("Linphone/5.2.0 (belle-sip/5.2.0)", "Yealink SIP-T54W 96.86.0.70",
               "Grandstream GXP2170 1.0.11.23", "MicroSIP/3.21.3", "Zoiper rv2.10.19.2")
ALLOW = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, NOTIFY, REFER"
SUPPORTED = "Supported: replaces, timer"


# -- SIP messages ---------------------------------------------------------------

def render(start_line, headers, body=b""):
    """A SIP message; every body in this capture is SDP."""
    if body:
        headers = [*headers, "Content-Type: application/sdp"]
    head = "\r\n".join((start_line, *headers, f"Content-Length: {len(body)}"))
    return head.encode() + b"\r\n\r\n" + body


class Request:
    """What a response copies from its request (RFC 3261 §8.2.6.2), and the text."""
    __slots__ = ("method", "cseq", "vias", "from_h", "to_h", "call_id", "text")

    def __init__(self, method, ruri, vias, from_h, to_h, call_id, cseq, headers=(), body=b"", max_forwards=70):
        self.method, self.cseq, self.vias = method, cseq, vias
        self.from_h, self.to_h, self.call_id = from_h, to_h, call_id
        self.text = render(f"{method} {ruri} SIP/2.0",
                           [*(f"Via: {v}" for v in vias), f"Max-Forwards: {max_forwards}",
                            f"From: {from_h}", f"To: {to_h}", f"Call-ID: {call_id}", f"CSeq: {cseq} {method}",
                            *headers], body)


def response(req, status, to_tag=None, headers=(), body=b""):
    to_h = req.to_h if to_tag is None else f"{req.to_h};tag={to_tag}"
    return render(f"SIP/2.0 {status} {REASONS[status]}",
                  [*(f"Via: {v}" for v in req.vias), f"From: {req.from_h}", f"To: {to_h}",
                   f"Call-ID: {req.call_id}", f"CSeq: {req.cseq} {req.method}", *headers], body)


class Media:
    """One party's SDP session; each new offer or answer bumps its version."""

    def __init__(self, rng, user, ip):
        self.user, self.ip = user, ip
        self.session = rng.randrange(10**9, 10**10)
        self.version = self.session
        self.port = rng.randrange(16384, 32768, 2)

    def sdp(self, direction="sendrecv"):
        self.version += 1
        return (f"v=0\r\no={self.user} {self.session} {self.version} IN IP4 {self.ip}\r\ns=Talk\r\n"
                f"c=IN IP4 {self.ip}\r\nt=0 0\r\nm=audio {self.port} RTP/AVP 0 8 9 18 101\r\n"
                "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n"
                "a=rtpmap:18 G729/8000\r\na=fmtp:18 annexb=no\r\na=rtpmap:101 telephone-event/8000\r\n"
                f"a=fmtp:101 0-16\r\na=ptime:20\r\na={direction}\r\n").encode()


class Ids:
    """Unique identifiers that look random: a fixed-width random part, then a serial number."""

    def __init__(self, rng):
        self.rng = rng
        self.serial = 0

    def _next(self, bits):
        self.serial += 1
        return f"{self.rng.getrandbits(bits):0{bits // 4}x}{self.serial:x}"

    def branch(self):
        return "z9hG4bK" + self._next(32)

    def tag(self):
        return self._next(32)

    def call_id(self, host):
        return f"{self._next(64)}@{host}"


class Network:
    """The UAs behind the probe, their proxies, and the remote UAs they call."""

    def __init__(self, rng, local_uas):
        self.local = self._addresses(rng, local_uas, 0)
        self.remote = self._addresses(rng, REMOTE_UAS, 128)

    @staticmethod
    def _addresses(rng, count, lowest_second_octet):
        """`count` distinct 10.x.y.z addresses, x in a /9 (128 values from `lowest_second_octet`)."""
        seen = set()
        while len(seen) < count:
            seen.add((rng.randrange(lowest_second_octet, lowest_second_octet + 128), rng.randrange(256),
                      rng.randrange(1, 255)))
        return [f"10.{b}.{c}.{d}" for b, c, d in sorted(seen)]

    def caller(self, rng):
        i = rng.randrange(len(self.local))
        return i, self.local[i], PROXIES[i % len(PROXIES)]

    def callee(self, rng):
        i = rng.randrange(len(self.remote))
        return i, self.remote[i]


# -- one call -------------------------------------------------------------------

class Fork:
    """A callee UA answering the call, and the caller's dialog with it."""

    def __init__(self, rng, ids, user, ip):
        self.ip, self.tag = ip, ids.tag()
        self.contact = f"<sip:{user}@{ip}:5060>"
        self.uri = f"sip:{user}@{ip}:5060"
        self.media = Media(rng, user, ip)
        self.caller_cseq = 0                                  # set when the dialog is established
        self.callee_cseq = rng.choice((0, 100, rng.randrange(1000, 30000)))   # §8.1.1.5: any start


class Call:
    """One call on the UA-proxy hop: the messages as they cross it, with their times."""

    def __init__(self, rng, ids, network, start, transport, stats):
        self.rng, self.ids, self.stats = rng, ids, stats
        self.transport = transport
        self.now = start
        self.messages = []   # (time, sent by the UA?, text, in the previous message's TCP segment?)
        self.invite_retransmitted = transport == "UDP" and rng.random() < INVITE_RETRANSMITTED_SHARE
        self.ok_retransmitted = transport == "UDP" and rng.random() < OK_RETRANSMITTED_SHARE

        ua_index, self.ua_ip, self.proxy_ip = network.caller(rng)
        self.user_agent = f"User-Agent: {USER_AGENTS[ua_index % len(USER_AGENTS)]}"
        self.user = user = f"49301{ua_index:06d}"
        tcp = ";transport=tcp" if transport == "TCP" else ""
        self.route = f"Route: <sip:{self.proxy_ip}{tcp};lr>"
        self.record_route = f"Record-Route: <sip:{self.proxy_ip}{tcp};lr>"
        self.contact = f"Contact: <sip:{user}@{self.ua_ip}:5060{tcp}>"
        self.caller_uri = f"sip:{user}@{self.ua_ip}:5060"
        self.from_h = f"<sip:{user}@{DOMAIN}>;tag={ids.tag()}"
        self.call_id = ids.call_id(self.ua_ip)
        self.media = Media(rng, user, self.ua_ip)

        callee_index, callee_ip = network.callee(rng)
        self.callee_user = f"49302{callee_index:06d}"
        self.to_h = f"<sip:{self.callee_user}@{DOMAIN}>"
        self.forks = [Fork(rng, ids, self.callee_user, callee_ip)]

    def add_fork(self, network):
        self.forks.append(Fork(self.rng, self.ids, self.callee_user, network.callee(self.rng)[1]))

    # -- time and the wire --

    def wait(self, low, high=None):
        self.now += low if high is None else self.rng.uniform(low, high)

    def proxy_delay(self):
        self.wait(0.002, 0.030)

    def ua_delay(self):
        self.wait(0.001, 0.015)

    def send(self, by_ua, text, label, same_segment=False):
        self.messages.append((self.now, by_ua, text, same_segment))
        self.stats.messages[label] += 1
        if same_segment and self.transport == "TCP":
            self.stats.shared_segments += 1

    def send_request(self, req, by_ua):
        self.send(by_ua, req.text, req.method)

    def send_response(self, req, status, by_ua, same_segment=False, **parts):
        self.send(by_ua, response(req, status, **parts), f"{status} {req.method}", same_segment)

    # -- the caller's requests, to its proxy --

    def _caller_request(self, method, cseq, ruri, to_h, via=None, headers=(), body=b""):
        via = via or f"SIP/2.0/{self.transport} {self.ua_ip}:5060;branch={self.ids.branch()}"
        req = Request(method, ruri, [via], self.from_h, to_h, self.call_id, cseq,
                      [self.route, *headers], body)
        self.send_request(req, by_ua=True)
        return req

    def invite(self, cseq, credentials=None):
        headers = [self.contact, ALLOW, SUPPORTED, self.user_agent]
        if credentials:
            headers.append(credentials)
        return self._caller_request("INVITE", cseq, f"sip:{self.callee_user}@{DOMAIN}", self.to_h,
                                    headers=headers, body=self.media.sdp())

    def ack_failure(self, invite, to_tag):
        """§17.1.1.3: the ACK of a non-2xx final response is part of the INVITE
        transaction: same Request-URI, CSeq number and top Via (branch)."""
        self._caller_request("ACK", invite.cseq, f"sip:{self.callee_user}@{DOMAIN}",
                             f"{self.to_h};tag={to_tag}", via=invite.vias[0])

    def cancel(self, invite):
        """§9.1: same Request-URI, Call-ID, To, From, CSeq number and top Via as the INVITE."""
        return self._caller_request("CANCEL", invite.cseq, f"sip:{self.callee_user}@{DOMAIN}", self.to_h,
                                    via=invite.vias[0])

    def in_dialog(self, method, fork, cseq=None, headers=(), body=b""):
        """A request in the dialog with `fork`: to its Contact, through the proxy (Record-Route)."""
        if cseq is None:
            fork.caller_cseq += 1
            cseq = fork.caller_cseq
        return self._caller_request(method, cseq, fork.uri, f"{self.to_h};tag={fork.tag}",
                                    headers=headers, body=body)

    # -- the callee's requests, forwarded by the proxy --

    def callee_request(self, method, fork, cseq=None, headers=(), body=b""):
        if cseq is None:
            fork.callee_cseq += 1
            cseq = fork.callee_cseq
        vias = [f"SIP/2.0/{self.transport} {self.proxy_ip}:5060;branch={self.ids.branch()}",
                f"SIP/2.0/UDP {fork.ip}:5060;branch={self.ids.branch()}"]
        req = Request(method, self.caller_uri, vias, f"{self.to_h};tag={fork.tag}", self.from_h,
                      self.call_id, cseq, headers, body, max_forwards=69)
        self.send_request(req, by_ua=False)
        return req


# -- call flows -------------------------------------------------------------------

def send_initial_invite(call, cseq=1, credentials=None):
    """The INVITE and the proxy's 100, with the retransmission race of some UDP calls."""
    invite = call.invite(cseq, credentials)
    if call.invite_retransmitted:
        call.wait(T1)
        call.send(True, invite.text, "INVITE (retransmission)")
    call.proxy_delay()
    call.send_response(invite, 100, by_ua=False)
    return invite


def ring(call, invite, fork):
    """The 180; over TCP the proxy sometimes packs it with the 100 into one segment."""
    if call.transport == "TCP" and call.rng.random() < 0.5:
        call.send_response(invite, 180, by_ua=False, same_segment=True,
                           to_tag=fork.tag, headers=[call.record_route, f"Contact: {fork.contact}"])
    else:
        call.wait(0.05, 2.0)
        call.send_response(invite, 180, by_ua=False, to_tag=fork.tag,
                           headers=[call.record_route, f"Contact: {fork.contact}"])


def answer(call, invite, fork, retransmittable=True):
    """The fork's 200 (retransmitted on some UDP calls) and the caller's ACK (§13.2.2.4)."""
    ok = response(invite, 200, to_tag=fork.tag,
                  headers=[call.record_route, f"Contact: {fork.contact}", ALLOW, SUPPORTED],
                  body=fork.media.sdp())
    call.send(False, ok, "200 INVITE")
    if retransmittable and call.ok_retransmitted:
        call.wait(T1)
        call.send(False, ok, "200 INVITE (retransmission)")
    call.ua_delay()
    fork.caller_cseq = invite.cseq
    call.in_dialog("ACK", fork, cseq=invite.cseq)


def ring_and_answer(call, invite, fork):
    ring(call, invite, fork)
    call.wait(2.0, 20.0)
    answer(call, invite, fork)


def talk(call, share=1.0):
    """The conversation (its media is not in the capture); `share` of a whole one."""
    call.wait(share * min(call.rng.expovariate(1 / MEAN_TALK_SECONDS) + 5, MAX_TALK_SECONDS))


def hang_up(call, fork, by_caller):
    if by_caller:
        bye = call.in_dialog("BYE", fork, headers=[call.user_agent])
        call.proxy_delay()
        call.send_response(bye, 200, by_ua=False)
    else:
        bye = call.callee_request("BYE", fork)
        call.ua_delay()
        call.send_response(bye, 200, by_ua=True)


def put_on_hold(call, fork, by_caller):
    """A re-INVITE with an offer to stop receiving media, and its answer."""
    if by_caller:
        reinvite = call.in_dialog("INVITE", fork, headers=[call.contact, call.user_agent],
                                  body=call.media.sdp("sendonly"))
        call.proxy_delay()
        call.send_response(reinvite, 100, by_ua=False)
        call.wait(0.02, 0.2)
        call.send_response(reinvite, 200, by_ua=False, headers=[f"Contact: {fork.contact}"],
                           body=fork.media.sdp("recvonly"))
        call.ua_delay()
        call.in_dialog("ACK", fork, cseq=reinvite.cseq)
    else:
        reinvite = call.callee_request("INVITE", fork, headers=[f"Contact: {fork.contact}"],
                                       body=fork.media.sdp("sendonly"))
        call.ua_delay()
        call.send_response(reinvite, 200, by_ua=True, headers=[call.contact], body=call.media.sdp("recvonly"))
        call.proxy_delay()
        call.callee_request("ACK", fork, cseq=reinvite.cseq)


def plain_call(call, network):
    fork = call.forks[0]
    invite = send_initial_invite(call)
    ring_and_answer(call, invite, fork)
    talk(call)
    hang_up(call, fork, by_caller=call.rng.random() < 0.5)


def auth_call(call, network):
    """§22.2: the retry carries credentials and a new CSeq; its ACK for the 407 reuses the branch."""
    fork = call.forks[0]
    challenged = call.invite(1)
    call.proxy_delay()
    proxy_tag, nonce = call.ids.tag(), f"{call.rng.getrandbits(128):032x}"
    call.send_response(challenged, 407, by_ua=False, to_tag=proxy_tag,
                       headers=[f'Proxy-Authenticate: Digest realm="{DOMAIN}", nonce="{nonce}", '
                                'algorithm=MD5, qop="auth"'])
    call.ua_delay()
    call.ack_failure(challenged, proxy_tag)
    call.ua_delay()
    credentials = (f'Proxy-Authorization: Digest username="{call.user}", realm="{DOMAIN}", nonce="{nonce}", '
                   f'uri="sip:{call.callee_user}@{DOMAIN}", response="{call.rng.getrandbits(128):032x}", '
                   f'algorithm=MD5, cnonce="{call.rng.getrandbits(32):08x}", qop=auth, nc=00000001')
    invite = send_initial_invite(call, cseq=2, credentials=credentials)
    ring_and_answer(call, invite, fork)
    talk(call)
    hang_up(call, fork, by_caller=True)


def reinvite_call(call, network):
    fork = call.forks[0]
    invite = send_initial_invite(call)
    ring_and_answer(call, invite, fork)
    talk(call, 0.5)
    put_on_hold(call, fork, by_caller=call.rng.random() < 0.5)
    talk(call, 0.5)
    hang_up(call, fork, by_caller=call.rng.random() < 0.5)


def cancel_call(call, network):
    """§9.1: the proxy answers the CANCEL, the callee the INVITE with 487; the ACK reuses the INVITE's branch."""
    fork = call.forks[0]
    invite = send_initial_invite(call)
    ring(call, invite, fork)
    call.wait(3.0, 25.0)
    cancel = call.cancel(invite)
    call.proxy_delay()
    call.send_response(cancel, 200, by_ua=False, to_tag=call.ids.tag())
    if call.transport == "UDP":
        call.proxy_delay()
    call.send_response(invite, 487, by_ua=False, same_segment=True, to_tag=fork.tag)
    call.ua_delay()
    call.ack_failure(invite, fork.tag)


def busy_call(call, network):
    fork = call.forks[0]
    invite = send_initial_invite(call)
    call.wait(0.1, 1.5)
    call.send_response(invite, 486, by_ua=False, to_tag=fork.tag)
    call.ua_delay()
    call.ack_failure(invite, fork.tag)


def fork_call(call, network):
    """§13.2.2.4: the caller ACKs every 2xx, then ends the dialogs it does not want with BYE."""
    call.add_fork(network)
    first, second = call.forks
    invite = send_initial_invite(call)
    ring(call, invite, first)
    call.wait(0.01, 0.3)
    call.send_response(invite, 180, by_ua=False, to_tag=second.tag,
                       headers=[call.record_route, f"Contact: {second.contact}"])
    call.wait(2.0, 20.0)
    answer(call, invite, first)
    call.wait(0.02, 0.5)
    answer(call, invite, second, retransmittable=False)
    call.ua_delay()
    hang_up(call, second, by_caller=True)
    talk(call)
    hang_up(call, first, by_caller=call.rng.random() < 0.5)


FLOWS = {"plain": plain_call, "auth": auth_call, "reinvite": reinvite_call,
         "cancel": cancel_call, "busy": busy_call, "fork": fork_call}


# -- frames ------------------------------------------------------------------------

UA_MAC = bytes.fromhex("020000000001")
PROXY_MAC = bytes.fromhex("020000000002")
UDP, TCP = 17, 6
SYN, FIN, PSH, ACK = 0x02, 0x01, 0x08, 0x10


def internet_checksum(data):
    """RFC 1071, through big integers: a sum of 16-bit words modulo 0xFFFF, since 2**16 == 1 (mod 0xFFFF)."""
    if len(data) % 2:
        data += b"\0"
    value = int.from_bytes(data, "big")
    total = value % 0xFFFF or (0xFFFF if value else 0)
    return 0xFFFF - total


def ipv4_frame(src, dst, protocol, segment, checksum_at):
    """An Ethernet frame with `segment` (its checksum field zero) filled in; addresses packed."""
    pseudo = src + dst + struct.pack("!xBH", protocol, len(segment))
    checksum = internet_checksum(pseudo + segment)
    if protocol == UDP and checksum == 0:
        checksum = 0xFFFF   # RFC 768: zero means "no checksum"
    segment = segment[:checksum_at] + struct.pack("!H", checksum) + segment[checksum_at + 2:]
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(segment), 0, 0x4000, 64, protocol, 0, src, dst)
    header = header[:10] + struct.pack("!H", internet_checksum(header)) + header[12:]
    macs = PROXY_MAC + UA_MAC if dst[0] == 172 else UA_MAC + PROXY_MAC
    return macs + b"\x08\x00" + header + segment


def pack_ipv4(text):
    return bytes(int(part) for part in text.split("."))


class UdpHop:
    """Datagrams between the UA and its proxy, port 5060 on both sides."""

    def __init__(self, ua_ip, proxy_ip, rng):   # rng: the same signature as TcpHop
        self.ua, self.proxy = pack_ipv4(ua_ip), pack_ipv4(proxy_ip)

    def frames(self, messages):
        for t, by_ua, text, _ in messages:
            src, dst = (self.ua, self.proxy) if by_ua else (self.proxy, self.ua)
            yield t, ipv4_frame(src, dst, UDP, struct.pack("!HHHH", 5060, 5060, 8 + len(text), 0) + text, 6)


class TcpHop:
    """One TCP connection per call, from an ephemeral port of the UA to the proxy's 5060:
    handshake, the SIP messages (two in one segment when the flow says so), then FIN."""

    def __init__(self, ua_ip, proxy_ip, rng):
        self.ua, self.proxy = pack_ipv4(ua_ip), pack_ipv4(proxy_ip)
        self.ua_port = rng.randrange(32768, 61000)
        self.next_seq = {True: rng.getrandbits(32), False: rng.getrandbits(32)}   # by the UA?

    def _segment(self, t, by_ua, flags, payload=b""):
        seq, ack = self.next_seq[by_ua], self.next_seq[not by_ua]
        self.next_seq[by_ua] = (seq + len(payload) + (1 if flags & (SYN | FIN) else 0)) & 0xFFFFFFFF
        if flags & SYN and not by_ua:
            flags |= ACK
        ports = (self.ua_port, 5060) if by_ua else (5060, self.ua_port)
        src, dst = (self.ua, self.proxy) if by_ua else (self.proxy, self.ua)
        header = struct.pack("!HHIIBBHHH", *ports, seq, ack if flags & ACK else 0, 5 << 4, flags, 64240, 0, 0)
        return t, ipv4_frame(src, dst, TCP, header + payload, 16)

    def frames(self, messages):
        start = messages[0][0]
        yield self._segment(start - 0.0030, True, SYN)
        yield self._segment(start - 0.0020, False, SYN)
        yield self._segment(start - 0.0010, True, ACK)
        for t, by_ua, payload in self._coalesce(messages):
            yield self._segment(t, by_ua, PSH | ACK, payload)
        end = messages[-1][0] + 1.0
        yield self._segment(end, True, FIN | ACK)
        yield self._segment(end + 0.001, False, FIN | ACK)
        yield self._segment(end + 0.002, True, ACK)

    @staticmethod
    def _coalesce(messages):
        pending = None
        for t, by_ua, text, same_segment in messages:
            if pending and same_segment and pending[1] == by_ua:
                pending[2] += text
                continue
            if pending:
                yield pending
            pending = [t, by_ua, text]
        if pending:
            yield pending


class PcapWriter:
    """Merges the calls' frames into time order: a call's frames are all known
    when it starts, and none comes before its start (less FLUSH_LAG)."""

    def __init__(self, out):
        self.out = out
        self.pending = []
        self.order = 0
        self.frames = 0
        self.bytes = 0
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))   # Ethernet

    def add(self, frames):
        for t, frame in frames:
            self.order += 1
            heapq.heappush(self.pending, (round(t * 1e6), self.order, frame))

    def flush(self, until=None):
        pending, write = self.pending, self.out.write
        limit = None if until is None else round(until * 1e6)
        while pending and (limit is None or pending[0][0] <= limit):
            usec, _, frame = heapq.heappop(pending)
            write(struct.pack("<IIII", BASE_EPOCH + usec // 1000000, usec % 1000000, len(frame), len(frame)))
            write(frame)
            self.frames += 1
            self.bytes += 16 + len(frame)


# -- the capture ---------------------------------------------------------------------

class Stats:
    """What the summary tells of the capture."""

    def __init__(self):
        self.calls = Counter()      # by kind
        self.transports = Counter()
        self.messages = Counter()   # by method, or status and method
        self.shared_segments = 0    # TCP segments carrying two SIP messages
        self.duration = 0.0
        self.peak_in_progress = 0
        self._call_ends = []        # a heap of the end times of the calls in progress

    def add_call(self, call, kind, start):
        """Count a call; `start` is the latest start so far, all calls ending before it are over."""
        self.calls[f"{kind} calls"] += 1
        self.transports[f"{call.transport} calls"] += 1
        self.duration = max(self.duration, call.now)
        heapq.heappush(self._call_ends, call.now)
        while self._call_ends[0] < start:
            heapq.heappop(self._call_ends)
        self.peak_in_progress = max(self.peak_in_progress, len(self._call_ends))


def generate(out, calls, seed, local_uas):
    rng = random.Random(seed)
    ids = Ids(rng)
    network = Network(rng, local_uas)
    kinds, weights = list(CALL_KINDS), list(CALL_KINDS.values())
    stats = Stats()
    writer = PcapWriter(out)
    start = 0.0
    for _ in range(calls):
        start += rng.expovariate(CALLS_PER_SECOND)
        kind = rng.choices(kinds, weights)[0]
        transport = "TCP" if rng.random() < TCP_SHARE else "UDP"
        call = Call(rng, ids, network, start, transport, stats)
        FLOWS[kind](call, network)
        hop = (TcpHop if transport == "TCP" else UdpHop)(call.ua_ip, call.proxy_ip, rng)
        writer.add(hop.frames(call.messages))
        writer.flush(until=start - FLUSH_LAG)
        stats.add_call(call, kind, start)
    writer.flush()
    return stats, writer


def print_summary(stats, writer, elapsed):
    messages = sum(stats.messages.values())
    print(f"{messages:,} SIP messages in {sum(stats.calls.values()):,} calls: "
          f"{writer.frames:,} frames, {writer.bytes:,} bytes")
    print(f"{stats.duration:,.0f} s of traffic, up to {stats.peak_in_progress:,} calls in progress at once; "
          f"generated in {elapsed:.1f} s")
    print(f"{stats.shared_segments:,} TCP segments carry two SIP messages")
    for counter in (stats.transports, stats.calls, stats.messages):
        for label, n in sorted(counter.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {n:>10,}  {label}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True, help="the pcap to write")
    ap.add_argument("--scale", type=float, default=1.0, help=f"calls = scale x {CALLS_PER_SCALE:,} (default 1)")
    ap.add_argument("--calls", type=int, help="the number of calls (overrides --scale)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1): same arguments, same capture")
    args = ap.parse_args()
    calls = args.calls if args.calls is not None else round(args.scale * CALLS_PER_SCALE)
    # More calls, more UAs: a longer capture of a proportionally larger population.
    local_uas = max(100, min(round(args.scale * LOCAL_UAS_PER_SCALE), calls))
    began = time.monotonic()
    with open(args.output, "wb", buffering=1 << 20) as out:
        stats, writer = generate(out, calls, args.seed, local_uas)
    print_summary(stats, writer, time.monotonic() - began)


if __name__ == "__main__":
    sys.exit(main())
