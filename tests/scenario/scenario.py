# SPDX-License-Identifier: GPL-2.0-or-later
"""Readable SIP scenarios -> pcap files, and the expectations they state.

A scenario (tests/scenarios/*.scn) is a call flow written one message per
line; scn2pcap.py turns it into a capture and the integration tests read the
expected findings from the same file.  Format:

    title: one line saying what the capture shows
    about: free text (repeatable)
    host NAME IP[:PORT]            IPv4 or [IPv6]; port defaults to 5060
    call NAME [CALL-ID]            calls are chosen with call=NAME (default: first)

    TIME SRC>DST [tcp] MESSAGE [key=value ...] [! finding ...] [? field=value ...]
    + MESSAGE ...                  another SIP message in the same TCP segment
    TIME SRC>DST unseen MESSAGE    a message sent on a hop the capture does not show
                                   (so that later lines can forward or answer it)
    clock jumps                    times may go backwards (a capture whose clock jumped)

MESSAGE is one of
    METHOD CSEQ     a request: ft= From tag, tt= To tag, b= top Via branch
                    label (z9hG4bK-<label>; b=~x: literal x, no RFC 3261 cookie;
                    b=-: no branch), cm= CSeq method, auth (Proxy-Authorization),
                    auth=www (Authorization)
    fwd LABEL       the request whose top branch is LABEL, forwarded by SRC:
                    a Via for SRC with branch b= is pushed on top
    relay LABEL     the same request relayed by SRC as a B2BUA does it: the same
                    Call-ID, From, To and CSeq, but only SRC's Via (branch b=)
    STATUS          a response to the latest request with top branch b=
                    (m=CANCEL/ACK picks that method); tt= sets the To tag.
                    With cseq=N and a label no request used, a response to
                    a request the capture missed (m= method, ft= From tag).
                    What it fails to copy from its request: call=NAME (Call-ID),
                    ft= (From tag), to=USER (To URI), sentby=HOST (top Via)
    common keys:    h="Name: value" (repeatable), sdp, call=NAME, cseq=N
                    (override), to=USER (To user part), nocontact (no
                    Contact header)
                    frag="SIP/2.0 200 OK" (a request's message/sipfrag body, RFC 3420)
    sdp=OPTS        a session description other than the default one:
                    comma-separated vN (o= version, default 1), idN (o=
                    session id, default 1), pN (audio port, default 49170),
                    sendrecv/sendonly/recvonly/inactive (a direction
                    attribute), c0 (c= 0.0.0.0); e.g. sdp=v2,sendonly
`! a b` lists every finding expected on that message (names without the
"sipdialog." prefix); a message without `!` must have none.  `!! a b` lists
findings that only the rest of the capture reveals (a 2xx never ACKed):
expected once the whole capture has been read (two-pass mode), absent in a
single pass.  The label each frame gets in the Info column follows from
them: that of the most severe finding of its messages, else
"SIP retransmission" for a message whose very text went the same way
before.  `? f=v` checks a generated field in both passes (e.g.
`? cseq.previous_in=3`; `f=` means absent); `?? f=v` checks it once the
whole capture has been read (two-pass mode), for what only later messages
reveal.
"""

import ipaddress
import shlex
import struct

BASE_EPOCH = 1767225600  # 2026-01-01T00:00:00Z: fixed, so pcaps are reproducible

REASONS = {
    100: "Trying", 180: "Ringing", 181: "Call Is Being Forwarded", 183: "Session Progress",
    200: "OK", 202: "Accepted", 301: "Moved Permanently", 302: "Moved Temporarily",
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    407: "Proxy Authentication Required", 408: "Request Timeout", 481: "Call/Transaction Does Not Exist",
    482: "Loop Detected", 486: "Busy Here", 487: "Request Terminated", 488: "Not Acceptable Here",
    491: "Request Pending", 500: "Server Internal Error", 503: "Service Unavailable",
    603: "Decline",
}

SDP = ("v=0\r\no=- 1 1 IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {ip}\r\nt=0 0\r\n"
       "m=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")

# Methods whose requests and 2xx carry a Contact (RFC 3261 §8.1.1.8, §12.1.1).
CONTACT_METHODS = {"INVITE", "SUBSCRIBE", "REFER", "NOTIFY", "UPDATE", "REGISTER"}


class ScenarioError(Exception):
    pass


class Host:
    def __init__(self, name, ip, port):
        self.name, self.ip, self.port = name, ip, port
        self.v6 = ipaddress.ip_address(ip).version == 6

    def hostport(self):
        return f"[{self.ip}]:{self.port}" if self.v6 else f"{self.ip}:{self.port}"


class Message:
    """One SIP message: its text plus what the test expects of it."""

    def __init__(self, lineno):
        self.lineno = lineno
        self.text = b""
        self.findings = None   # set of expected finding names
        self.final_findings = set()  # more of them, once the whole capture has been read
        self.checks = {}       # field name -> expected value (as tshark shows it), in every pass
        self.final_checks = {} # the same, once the whole capture has been read
        self.request = None    # parsed request (dict) for later references
        self.retransmission = False  # the same text went the same way before, in the capture


class Frame:
    def __init__(self, time, src, dst, tcp):
        self.time, self.src, self.dst, self.tcp = time, src, dst, tcp
        self.messages = []


class Scenario:
    def __init__(self, path):
        self.path = path
        self.title = ""
        self.about = []
        self.hosts = {}
        self.calls = {}
        self.frames = []
        self._requests = []   # (top branch label, method, request dict), in order
        self.clock_jumps = False
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                try:
                    self._parse_line(line.rstrip("\n"), lineno)
                except ScenarioError as e:
                    raise ScenarioError(f"{path}:{lineno}: {e}") from None
        if not self.frames:
            raise ScenarioError(f"{path}: no messages")
        self._mark_retransmissions()

    def _mark_retransmissions(self):
        """A message is a retransmission when the capture showed its very text
        going the same way before (RFC 3261 §17: a retransmission is a copy)."""
        seen = set()
        for frame in self.frames:
            for msg in frame.messages:
                key = (frame.src.name, frame.dst.name, frame.tcp, msg.text)
                msg.retransmission = key in seen
                seen.add(key)

    # -- parsing -----------------------------------------------------------

    def _parse_line(self, line, lineno):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            return
        if stripped == "clock jumps":
            self.clock_jumps = True
            return
        if stripped.startswith("title:"):
            self.title = stripped[6:].strip()
            return
        if stripped.startswith("about:"):
            self.about.append(stripped[6:].strip())
            return
        words = shlex.split(stripped, comments=True)
        if words[0] == "host":
            self._parse_host(words)
        elif words[0] == "call":
            if len(words) not in (2, 3):
                raise ScenarioError("call NAME [CALL-ID]")
            stem = self.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            self.calls[words[1]] = words[2] if len(words) == 3 else f"{words[1]}-{stem}@example.test"
        elif words[0] == "+":
            if not self.frames or not self.frames[-1].tcp:
                raise ScenarioError("'+' continues a TCP frame")
            self._parse_message(self.frames[-1], words[1:], lineno)
        else:
            self._parse_frame(words, lineno)

    def _parse_host(self, words):
        if len(words) != 3:
            raise ScenarioError("host NAME IP[:PORT]")
        spec = words[2]
        if spec.startswith("["):
            ip, _, rest = spec[1:].partition("]")
            port = int(rest[1:]) if rest.startswith(":") else 5060
        elif spec.count(":") == 1:
            ip, port = spec.split(":")
            port = int(port)
        else:
            ip, port = spec, 5060
        self.hosts[words[1]] = Host(words[1], ip, port)

    def _host(self, name):
        if name not in self.hosts:
            raise ScenarioError(f"unknown host {name!r}")
        return self.hosts[name]

    def _parse_frame(self, words, lineno):
        try:
            time = float(words[0])
        except ValueError:
            raise ScenarioError(f"expected a time, got {words[0]!r}") from None
        if self.frames and time < self.frames[-1].time and not self.clock_jumps:
            raise ScenarioError("time goes backwards (without 'clock jumps')")
        if len(words) > 2 and words[2] == "unseen" and ("!" in words or "?" in words):
            raise ScenarioError("an unseen message has no expectations")
        if len(words) < 3 or ">" not in words[1]:
            raise ScenarioError("TIME SRC>DST MESSAGE ...")
        src, dst = words[1].split(">", 1)
        rest = words[2:]
        unseen = rest[0] == "unseen"
        if unseen:
            rest = rest[1:]
        tcp = rest[0] == "tcp"
        if tcp:
            rest = rest[1:]
        frame = Frame(time, self._host(src), self._host(dst), tcp)
        self._parse_message(frame, rest, lineno)
        if not unseen:
            self.frames.append(frame)

    def _parse_message(self, frame, words, lineno):
        msg = Message(lineno)
        head, opts, flags, extra = [], {}, set(), []
        mode = None
        for w in words:
            if w in ("!", "!!", "?", "??"):
                mode = w
            elif mode == "!":
                msg.findings = (msg.findings or set()) | {w}
            elif mode == "!!":
                msg.final_findings.add(w)
            elif mode in ("?", "??"):
                k, _, v = w.partition("=")
                (msg.checks if mode == "?" else msg.final_checks)[k] = v
            elif "=" in w:
                k, v = w.split("=", 1)
                if k == "h":
                    extra.append(v)
                elif k == "sdp" and head:
                    flags.add("sdp")
                    opts["sdp"] = v
                else:
                    opts[k] = v
            elif head and w in ("auth", "sdp", "nocontact"):
                flags.add(w)
            else:
                head.append(w)
        if msg.findings is None:
            msg.findings = set()
        if not head:
            raise ScenarioError("missing message")
        if "auth" in opts:
            flags.add("auth")
        transport = "TCP" if frame.tcp else "UDP"
        if head[0] in ("fwd", "relay"):
            req = self._forward(frame, head, opts, transport)
        elif head[0].isdigit():
            req = None
            msg.text = self._response(frame, head, opts, flags, extra)
        else:
            req = self._request(frame, head, opts, flags, extra, transport)
        if req is not None:
            req["extra"] = req.get("extra", []) + extra
            msg.request = req
            msg.text = render_request(req, frame.src)
            self._requests.append((req["label"], req["method"], req))
        frame.messages.append(msg)

    def _call_id(self, opts):
        if not self.calls:
            self.calls["c"] = f"c-{self.path.rsplit('/', 1)[-1].rsplit('.', 1)[0]}@example.test"
        name = opts.get("call", next(iter(self.calls)))
        if name not in self.calls:
            raise ScenarioError(f"unknown call {name!r}")
        return self.calls[name]

    def _request(self, frame, head, opts, flags, extra, transport):
        if len(head) != 2 or not head[1].isdigit():
            raise ScenarioError("request: METHOD CSEQ")
        method, cseq = head[0], int(head[1])
        label = opts.get("b", "")
        to_user = opts.get("to", frame.dst.name)
        req = {
            "method": method,
            "ruri": f"sip:{to_user}@{frame.dst.hostport()}",
            "vias": [via(transport, frame.src, label)],
            "label": label,
            "from": f"<sip:{frame.src.name}@example.test>" + tag(opts.get("ft")),
            "to": f"<sip:{to_user}@example.test>" + tag(opts.get("tt")),
            "call_id": self._call_id(opts),
            "cseq": f"{opts.get('cseq', cseq)} {opts.get('cm', method)}",
            "contact": f"<sip:{frame.src.name}@{frame.src.hostport()}>"
            if method in CONTACT_METHODS and "nocontact" not in flags else None,
            "auth": opts.get("auth", "proxy") if "auth" in flags else None,
            "sdp": "sdp" in flags,
            "sdp_spec": opts.get("sdp"),
            "frag": opts.get("frag"),
            "extra": [],
        }
        return req

    def _forward(self, frame, head, opts, transport):
        if len(head) != 2:
            raise ScenarioError("fwd LABEL")
        orig = self._find_request(head[1], "*")
        req = dict(orig)
        # A proxy retargets the request to the next hop (RFC 3261 §16.5, §16.6).
        user = orig["ruri"][len("sip:"):].split("@", 1)[0]
        req["ruri"] = f"sip:{user}@{frame.dst.hostport()}"
        label = opts.get("b", "")
        # A proxy pushes its Via (§16.6); a B2BUA sends the request anew with its own.
        req["vias"] = [via(transport, frame.src, label)] + (orig["vias"] if head[0] == "fwd" else [])
        req["label"] = label
        req["extra"] = list(orig["extra"])
        return req

    def _find_request(self, label, method):
        for lab, m, req in reversed(self._requests):
            if lab != label:
                continue
            if method is None and m in ("ACK", "CANCEL"):
                continue
            if method not in (None, "*") and m != method:
                continue
            return req
        raise ScenarioError(f"no request with branch label {label!r}" + (f" and method {method}" if method not in (None, "*") else ""))

    def _unseen_request(self, frame, opts):
        """What a response copies from a request the capture does not show."""
        method = opts.get("m", "INVITE")
        return {
            "method": method,
            "vias": [via("TCP" if frame.tcp else "UDP", frame.dst, opts.get("b", ""))],
            "from": f"<sip:{frame.dst.name}@example.test>" + tag(opts.get("ft")),
            "to": f"<sip:{frame.src.name}@example.test>",
            "call_id": self._call_id(opts),
            "cseq": f"{opts['cseq']} {method}",
        }

    def _response(self, frame, head, opts, flags, extra):
        status = int(head[0])
        reason = " ".join(head[1:]) or REASONS.get(status, "Unknown")
        label = opts.get("b", "")
        if "cseq" in opts and not any(lab == label for lab, _, _ in self._requests):
            req = self._unseen_request(frame, opts)
            opts = {k: v for k, v in opts.items() if k != "cseq"}
        else:
            req = self._find_request(label, opts.get("m"))
        to = req["to"]
        if "to" in opts:
            to = f"<sip:{opts['to']}@example.test>" + (";tag=" + to.split(";tag=", 1)[1] if ";tag=" in to else "")
        if "tt" in opts:
            to = to.split(";tag=", 1)[0] + tag(opts["tt"])
        from_ = req["from"]
        if "ft" in opts and "cseq" not in opts:
            from_ = from_.split(";tag=", 1)[0] + tag(opts["ft"])
        call_id = self._call_id(opts) if "call" in opts else req["call_id"]
        vias = list(req["vias"])
        if "sentby" in opts:
            top = vias[0].split(" ", 1)
            vias[0] = f"{top[0]} {self._host(opts['sentby']).hostport()}" + (
                ";" + top[1].split(";", 1)[1] if ";" in top[1] else "")
        cseq = req["cseq"]
        if "cseq" in opts or "cm" in opts:
            n, m = cseq.split(" ", 1)
            cseq = f"{opts.get('cseq', n)} {opts.get('cm', m)}"
        lines = [f"SIP/2.0 {status} {reason}"]
        lines += [f"Via: {v}" for v in vias]
        lines += [f"From: {from_}", f"To: {to}", f"Call-ID: {call_id}", f"CSeq: {cseq}"]
        method = req["method"]
        if 101 <= status < 300 and method in CONTACT_METHODS and method != "REGISTER" and "nocontact" not in flags:
            lines.append(f"Contact: <sip:{frame.src.name}@{frame.src.hostport()}>")
        if status in (401, 407):
            name = "WWW-Authenticate" if status == 401 else "Proxy-Authenticate"
            lines.append(f'{name}: Digest realm="example.test", nonce="a1b2c3d4", qop="auth"')
        lines += extra
        body = sdp_body(frame.src.ip, opts.get("sdp")) if "sdp" in flags else ""
        return finish(lines, body)


def sdp_body(ip, spec):
    """The default session description, or one with the options of sdp=OPTS."""
    if not spec:
        return SDP.format(ip=ip)
    version, session, port, direction, address = 1, 1, 49170, None, ip
    for part in spec.split(","):
        if part in ("sendrecv", "sendonly", "recvonly", "inactive"):
            direction = part
        elif part == "c0":
            address = "0.0.0.0"
        elif part.startswith("id") and part[2:].isdigit():
            session = int(part[2:])
        elif part[:1] in ("v", "p") and part[1:].isdigit():
            if part[0] == "v":
                version = int(part[1:])
            else:
                port = int(part[1:])
        else:
            raise ScenarioError(f"sdp: unknown option {part!r}")
    body = (f"v=0\r\no=- {session} {version} IN IP4 {ip}\r\ns=-\r\nc=IN IP4 {address}\r\nt=0 0\r\n"
            f"m=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n")
    if direction:
        body += f"a={direction}\r\n"
    return body


def tag(value):
    return f";tag={value}" if value else ""


def via(transport, host, label):
    if label == "-":
        return f"SIP/2.0/{transport} {host.hostport()}"
    branch = label[1:] if label.startswith("~") else f"z9hG4bK-{label}"
    return f"SIP/2.0/{transport} {host.hostport()};branch={branch}"


def render_request(req, src):
    lines = [f"{req['method']} {req['ruri']} SIP/2.0"]
    lines += [f"Via: {v}" for v in req["vias"]]
    lines += ["Max-Forwards: 70", f"From: {req['from']}", f"To: {req['to']}",
              f"Call-ID: {req['call_id']}", f"CSeq: {req['cseq']}"]
    if req["contact"]:
        lines.append(f"Contact: {req['contact']}")
    if req["auth"]:
        name = "Authorization" if req["auth"] == "www" else "Proxy-Authorization"
        lines.append(f'{name}: Digest username="user", realm="example.test", nonce="a1b2c3d4", '
                     f'uri="{req["ruri"]}", response="00112233445566778899aabbccddeeff"')
    lines += req["extra"]
    if req.get("frag"):
        return finish(lines, req["frag"] + "\r\n", "message/sipfrag")
    body = sdp_body(src.ip, req.get("sdp_spec")) if req["sdp"] else ""
    return finish(lines, body)


def finish(lines, body, content_type="application/sdp"):
    if body:
        lines.append(f"Content-Type: {content_type}")
    lines.append(f"Content-Length: {len(body.encode())}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


# -- pcap writing ------------------------------------------------------------

def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip_packet(src, dst, proto, payload):
    """An Ethernet frame carrying `payload` (a UDP/TCP segment without checksum)."""
    sa = ipaddress.ip_address(src.ip).packed
    da = ipaddress.ip_address(dst.ip).packed
    if src.v6:
        pseudo = sa + da + struct.pack("!I3xB", len(payload), proto)
    else:
        pseudo = sa + da + struct.pack("!xBH", proto, len(payload))
    csum_at = 6 if proto == 17 else 16
    csum = checksum(pseudo + payload) or 0xFFFF
    payload = payload[:csum_at] + struct.pack("!H", csum) + payload[csum_at + 2:]
    if src.v6:
        ip = struct.pack("!IHBB", 0x60000000, len(payload), proto, 64) + sa + da
        ethertype = 0x86DD
    else:
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, sa, da)
        ip = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
        ethertype = 0x0800
    eth = bytes.fromhex("020000000002") + bytes.fromhex("020000000001") + struct.pack("!H", ethertype)
    return eth + ip + payload


def write_pcap(scenario, out):
    """Write the scenario's frames to `out` (a binary file) as a pcap."""
    out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    tcp_seq = {}
    for frame in scenario.frames:
        payload = b"".join(m.text for m in frame.messages)
        if frame.tcp:
            key = (frame.src.name, frame.dst.name)
            seq = tcp_seq.get(key, 1000)
            ack = tcp_seq.get((key[1], key[0]), 1000)
            tcp_seq[key] = seq + len(payload)
            segment = struct.pack("!HHIIBBHHH", frame.src.port, frame.dst.port, seq, ack,
                                  5 << 4, 0x18, 65535, 0, 0) + payload
            packet = ip_packet(frame.src, frame.dst, 6, segment)
        else:
            segment = struct.pack("!HHHH", frame.src.port, frame.dst.port, 8 + len(payload), 0) + payload
            packet = ip_packet(frame.src, frame.dst, 17, segment)
        usec = round(frame.time * 1e6)
        out.write(struct.pack("<IIII", BASE_EPOCH + usec // 1000000, usec % 1000000, len(packet), len(packet)))
        out.write(packet)
