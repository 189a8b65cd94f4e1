/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of the SIP message text parser. */
#include <glib.h>
#include <string.h>

#include "sipdialog/parse.h"
#include "../fuzz/same_reading.h"
#include "sdp_words.h"

/* Parses `text` into *m; the scratch space is freed with the test. */
static bool parse(const char *text, sd_message *m)
{
    size_t len = strlen(text);
    char *scratch = g_malloc(SD_PARSE_SCRATCH(len));
    g_test_queue_free(scratch);
    memset(m, 0, sizeof *m);
    return sd_parse_message(text, len, m, scratch);
}

/* RFC 3665 §3.1, F1 with a second Via and credentials added. */
static void test_request(void)
{
    sd_message m;
    g_assert_true(parse("INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                        "Via: SIP/2.0/TCP ss1.example.com:5060;branch=z9hG4bK2d4790.1\r\n"
                        "Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9;received=192.0.2.101\r\n"
                        "Max-Forwards: 69\r\n"
                        "From: Alice <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
                        "To: Bob <sip:bob@biloxi.example.com>\r\n"
                        "Call-ID: 3848276298220188511@atlanta.example.com\r\n"
                        "CSeq: 1 INVITE\r\n"
                        "Proxy-Authorization: Digest username=\"alice\", nonce=\"x\"\r\n"
                        "Content-Length: 0\r\n"
                        "\r\n",
                        &m));
    g_assert_cmpstr(m.method, ==, "INVITE");
    g_assert_cmpuint(m.status, ==, 0);
    g_assert_cmpstr(m.request_uri, ==, "sip:bob@biloxi.example.com");
    g_assert_cmpstr(m.call_id, ==, "3848276298220188511@atlanta.example.com");
    g_assert_cmpstr(m.from_uri, ==, "sip:alice@atlanta.example.com");
    g_assert_cmpstr(m.from_tag, ==, "9fxced76sl");
    g_assert_cmpstr(m.to_uri, ==, "sip:bob@biloxi.example.com");
    g_assert_null(m.to_tag);
    g_assert_true(m.has_cseq);
    g_assert_cmpuint(m.cseq, ==, 1);
    g_assert_cmpstr(m.cseq_method, ==, "INVITE");
    g_assert_cmpuint(m.via_count, ==, 2);
    g_assert_cmpstr(m.top_via.branch, ==, "z9hG4bK2d4790.1");
    g_assert_cmpstr(m.top_via.sent_by, ==, "ss1.example.com:5060");
    g_assert_cmpstr(m.bottom_via.branch, ==, "z9hG4bK74bf9");
    g_assert_cmpstr(m.bottom_via.sent_by, ==, "client.atlanta.example.com:5060");
    g_assert_true(m.has_credentials);
    g_assert_false(m.has_retry_after);
}

static void test_response(void)
{
    sd_message m;
    g_assert_true(parse("SIP/2.0 486 Busy Here\r\n"
                        "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds8\r\n"
                        "From: <sip:a@b>;tag=1\r\n"
                        "To: sip:c@d;tag=2\r\n"
                        "Call-ID: x\r\n"
                        "CSeq: 4294967295 INVITE\r\n"
                        "Retry-After: 18000;duration=3600\r\n"
                        "\r\n",
                        &m));
    g_assert_null(m.method);
    g_assert_cmpuint(m.status, ==, 486);
    g_assert_cmpstr(m.to_uri, ==, "sip:c@d");
    g_assert_cmpstr(m.to_tag, ==, "2");
    g_assert_cmpuint(m.cseq, ==, 4294967295u);
    g_assert_cmpuint(m.via_count, ==, 1);
    g_assert_cmpstr(m.top_via.sent_by, ==, "192.0.2.4");
    g_assert_cmpstr(m.bottom_via.branch, ==, "z9hG4bKnashds8");
    g_assert_true(m.has_retry_after);
    g_assert_cmpuint(m.retry_after, ==, 18000);
}

/* §7.3.1 and §7.3.3: compact names, any case, folded lines, whitespace
 * around the separators, several Vias in one header, bare LF. */
static void test_compact_folded(void)
{
    sd_message m;
    g_assert_true(parse("sip/2.0 200 OK\n"
                        "v: SIP / 2.0 / UDP a.example.com ;branch=z9hG4bK1 , SIP/2.0/TCP\n"
                        "   b.example.com : 5070 ; BRANCH = z9hG4bK2\n"
                        "I: abc\n"
                        "  def@host\n"
                        "f: sip:x@y;tag=1\n"
                        "t:\n"
                        " <sip:z@w>\n"
                        "\t;tag=2\n"
                        "cseq:\n"
                        " 7\n"
                        "  INVITE\n"
                        "\n",
                        &m));
    g_assert_cmpuint(m.status, ==, 200);
    g_assert_cmpuint(m.via_count, ==, 2);
    g_assert_cmpstr(m.top_via.branch, ==, "z9hG4bK1");
    g_assert_cmpstr(m.top_via.sent_by, ==, "a.example.com");
    g_assert_cmpstr(m.bottom_via.branch, ==, "z9hG4bK2");
    g_assert_cmpstr(m.bottom_via.sent_by, ==, "b.example.com:5070");
    g_assert_cmpstr(m.call_id, ==, "abc def@host");
    g_assert_cmpstr(m.from_uri, ==, "sip:x@y");
    g_assert_cmpstr(m.from_tag, ==, "1");
    g_assert_cmpstr(m.to_uri, ==, "sip:z@w");
    g_assert_cmpstr(m.to_tag, ==, "2");
    g_assert_cmpuint(m.cseq, ==, 7);
    g_assert_cmpstr(m.cseq_method, ==, "INVITE");
}

/* Display names may hold '<', ';' and escaped quotes; URI parameters are
 * not header parameters; IPv6 references in Via. */
static void test_addresses(void)
{
    sd_message m;
    g_assert_true(parse("BYE sip:b@[2001:db8::2]:5060;transport=tcp SIP/2.0\r\n"
                        "Via: SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKv6;rport\r\n"
                        "From: \"A <b>; \\\"tag=no\\\"\" <sip:a@b;tag=uri>;tag=header\r\n"
                        "To: <sip:c@d>;foo;tag=t2;bar=\"x;y\"\r\n"
                        "Call-ID: c\r\n"
                        "CSeq: 2 BYE\r\n\r\n",
                        &m));
    g_assert_cmpstr(m.request_uri, ==, "sip:b@[2001:db8::2]:5060;transport=tcp");
    g_assert_cmpstr(m.top_via.sent_by, ==, "[2001:db8::1]:5061");
    g_assert_cmpstr(m.top_via.branch, ==, "z9hG4bKv6");
    g_assert_cmpstr(m.from_uri, ==, "sip:a@b;tag=uri");
    g_assert_cmpstr(m.from_tag, ==, "header");
    g_assert_cmpstr(m.to_tag, ==, "t2");
}

/* What a receiver reads once counts once: the first of a repeated
 * single-valued header; nothing after the blank line (the body). */
static void test_first_header_and_body(void)
{
    sd_message m;
    g_assert_true(parse("INFO sip:x@y SIP/2.0\r\n"
                        "Call-ID: first\r\n"
                        "Call-ID: second\r\n"
                        "CSeq: 3 INFO\r\n"
                        "CSeq: 9 INFO\r\n"
                        "\r\n"
                        "Via: SIP/2.0/UDP body;branch=z9hG4bKbody\r\n"
                        "Authorization: Digest\r\n",
                        &m));
    g_assert_cmpstr(m.call_id, ==, "first");
    g_assert_cmpuint(m.cseq, ==, 3);
    g_assert_cmpuint(m.via_count, ==, 0);
    g_assert_null(m.top_via.branch);
    g_assert_false(m.has_credentials);
}

/* Malformed parts are absent, and the rest is still read. */
static void test_malformed(void)
{
    sd_message m;
    g_assert_true(parse("OPTIONS sip:x SIP/2.0\r\n"
                        "Via: garbage, SIP/2.0/UDP h;branch=z9hG4bKok, SIP/2.0/UDP [::1;branch=z9hG4bKbad\r\n"
                        "CSeq: 36893488147419103232 OPTIONS\r\n"
                        "no colon here\r\n"
                        "From: <sip:unterminated;tag=1\r\n"
                        "To: ;tag=\r\n"
                        "Retry-After: soon\r\n"
                        "Call-ID: \r\n"
                        "Call-ID: kept",   /* truncated: no end of line */
                        &m));
    g_assert_cmpuint(m.via_count, ==, 1);
    g_assert_cmpstr(m.top_via.branch, ==, "z9hG4bKok");
    g_assert_true(m.has_cseq);   /* too large: read as 2^32-1, and out of range */
    g_assert_cmpuint(m.cseq, ==, UINT32_MAX);
    g_assert_null(m.from_uri);
    g_assert_null(m.from_tag);
    g_assert_null(m.to_uri);
    g_assert_null(m.to_tag);
    g_assert_false(m.has_retry_after);
    g_assert_cmpstr(m.call_id, ==, "kept");
}

static void test_not_sip(void)
{
    const char *texts[] = {
        "", "\r\n", "HTTP/1.1 200 OK\r\n\r\n", "INVITE sip:x\r\n\r\n", "INVITE sip:x HTTP/1.1\r\n",
        "SIP/2.0 99 Low\r\n", "SIP/2.0 2000 OK\r\n", "SIP/2.0\r\n", " sip:x SIP/2.0\r\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        sd_message m = {.frame = 7, .has_sdp = true};
        size_t len = strlen(texts[i]);
        char *scratch = g_malloc(SD_PARSE_SCRATCH(len));
        g_assert_false(sd_parse_message(texts[i], len, &m, scratch));
        g_assert_cmpuint(m.frame, ==, 7);   /* the capture part is kept */
        g_assert_false(m.has_sdp);          /* the SIP part is cleared */
        g_assert_null(m.method);
        g_assert_cmpuint(m.status, ==, 0);
        g_free(scratch);
    }
}

/* The text need not be NUL-terminated: nothing past `len` is read. */
static void test_length_bound(void)
{
    const char *text = "ACK sip:x SIP/2.0\r\nCall-ID: abcdef\r\n";
    size_t cut = strlen("ACK sip:x SIP/2.0\r\nCall-ID: abc");
    char *copy = g_memdup2(text, cut);   /* no NUL, for ASan to catch an overread */
    char scratch[SD_PARSE_SCRATCH(64)];
    sd_message m = {0};
    g_assert_true(sd_parse_message(copy, cut, &m, scratch));
    g_assert_cmpstr(m.call_id, ==, "abc");
    g_free(copy);
}

/* Whether `headers` followed by a blank line and `body` make a message
 * with a session description. */
static bool has_sdp(const char *headers, const char *body)
{
    char *text = g_strdup_printf("INVITE sip:b@h SIP/2.0\r\nCall-ID: x\r\n%s\r\n%s", headers, body);
    sd_message m;
    g_assert_true(parse(text, &m));
    g_assert_cmpstr(m.call_id, ==, "x");
    g_free(text);
    return m.has_sdp;
}

#define SDP_BODY "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n"

/* RFC 3261 §7.4, §20.14, §20.15: the body is a session description when
 * its Content-Type says so (any case, with parameters, compact form) and
 * it is not empty (Content-Length, else the end of the message). */
static void test_sdp_content_type(void)
{
    g_assert_true(has_sdp("Content-Type: application/sdp\r\nContent-Length: 3\r\n", "v=0"));
    g_assert_true(has_sdp("c: Application/SDP ; charset=utf-8\r\nl: 3\r\n", "v=0"));
    g_assert_true(has_sdp("content-type:application/sdp\r\n", SDP_BODY));   /* over UDP it may be left out */
    g_assert_true(has_sdp("CONTENT-TYPE:\r\n application/sdp\r\n", SDP_BODY));   /* folded */
    g_assert_true(has_sdp("Content-Length: 999\r\nContent-Type: application/sdp\r\n", "v=0"));   /* cut short */
    g_assert_false(has_sdp("Content-Type: application/sdp\r\nContent-Length: 0\r\n", ""));
    g_assert_false(has_sdp("Content-Type: application/sdp\r\nContent-Length: 0\r\n", SDP_BODY));
    g_assert_false(has_sdp("Content-Type: application/sdp\r\n", ""));
    g_assert_false(has_sdp("Content-Length: 3\r\n", "v=0"));
    g_assert_false(has_sdp("Content-Type: text/plain\r\nContent-Length: 3\r\n", "v=0"));
    g_assert_false(has_sdp("Content-Type: application/sdpx\r\n", SDP_BODY));
    /* The last Content-Type counts (as Wireshark reads it). */
    g_assert_false(has_sdp("Content-Type: application/sdp\r\nContent-Type: text/plain\r\n", SDP_BODY));
    g_assert_true(has_sdp("Content-Type: text/plain\r\nc: application/sdp\r\n", SDP_BODY));
}

/* The quirks of Wireshark's SIP dissector (4.0), so that has_sdp says what
 * its "sdp" item said: a header name followed by whitespace is not read,
 * nor a media type with trailing whitespace and no parameters; a
 * Content-Length that is not only digits reads as 0, one of 2^31 or more
 * as none or negative. */
static void test_sdp_as_wireshark_reads_it(void)
{
    g_assert_false(has_sdp("Content-Type : application/sdp\r\n", SDP_BODY));
    g_assert_false(has_sdp("Content-Type: application/sdp \r\n", SDP_BODY));
    g_assert_true(has_sdp("Content-Type: application/sdp\r\nContent-Length : 0\r\n", SDP_BODY));
    g_assert_false(has_sdp("Content-Type: application/sdp\r\nContent-Length: 3 \r\n", "v=0"));
    g_assert_false(has_sdp("Content-Type: application/sdp\r\nContent-Length: -999\r\n", SDP_BODY));
    g_assert_false(has_sdp("Content-Type: application/sdp\r\nContent-Length: +3\r\n", SDP_BODY));
    g_assert_false(has_sdp("Content-Type: application/sdp\r\nContent-Length: 3000000000\r\n", SDP_BODY));
    g_assert_true(has_sdp("Content-Type: application/sdp\r\nContent-Length: 4294967295\r\n", SDP_BODY));
    g_assert_true(has_sdp("Content-Type: application/sdp\r\nContent-Length: 99999999999999999999999\r\n", SDP_BODY));
    g_assert_true(has_sdp("Content-Type: application/sdp\r\nContent-Length: 0\r\nContent-Length: 3\r\n", "v=0"));
}

/* RFC 2046 §5.1: a multipart body holds a session description when one of
 * its parts, closed by its delimiter, is application/sdp; multipart bodies
 * nest. */
static void test_sdp_multipart(void)
{
    const char *mixed = "Content-Type: multipart/mixed;boundary=unique-boundary-1\r\n";
    g_assert_true(has_sdp(mixed, "preamble\r\n"
                                 "--unique-boundary-1\r\n"
                                 "Content-Type: text/plain\r\n\r\nhello\r\n"
                                 "--unique-boundary-1\r\n"
                                 "Content-Type: Application/SDP; charset=x\r\n\r\n" SDP_BODY
                                 "\r\n--unique-boundary-1--\r\n"));
    g_assert_false(has_sdp(mixed, "--unique-boundary-1\r\n"
                                  "Content-Type: text/plain\r\n\r\nhello\r\n"
                                  "--unique-boundary-1--\r\n"));
    /* no closing delimiter: the part is not read */
    g_assert_false(has_sdp(mixed, "--unique-boundary-1\r\n"
                                  "Content-Type: application/sdp\r\n\r\n" SDP_BODY));
    /* after the close delimiter, nothing counts */
    g_assert_false(has_sdp(mixed, "--unique-boundary-1--\r\n"
                                  "--unique-boundary-1\r\n"
                                  "Content-Type: application/sdp\r\n\r\n" SDP_BODY
                                  "--unique-boundary-1--\r\n"));
    /* another boundary, or none */
    g_assert_false(has_sdp(mixed, "--other\r\nContent-Type: application/sdp\r\n\r\n" SDP_BODY "--other--\r\n"));
    g_assert_false(has_sdp("Content-Type: multipart/mixed\r\n",
                           "--b\r\nContent-Type: application/sdp\r\n\r\n" SDP_BODY "--b--\r\n"));
    /* quoted boundary, compact form, nested multipart */
    g_assert_true(has_sdp("c: multipart/related; type=\"x\" ; BOUNDARY=\"outer b\"\r\n",
                          "--outer b\r\n"
                          "c: multipart/alternative; boundary=inner\r\n\r\n"
                          "--inner\r\nContent-Type: application/sdp\r\n\r\n" SDP_BODY
                          "--inner--\r\n"
                          "--outer b--\r\n"));
    /* an unknown subtype is read as multipart/mixed (RFC 2046 §5.1.3) */
    g_assert_true(has_sdp("Content-Type: multipart/x-unknown; boundary=b\r\n",
                          "--b\r\nContent-Type: application/sdp\r\n\r\n" SDP_BODY "--b--\r\n"));
}

/* The body ends where the message ends: nothing past `len` is read. */
static void test_sdp_length_bound(void)
{
    const char *text = "SIP/2.0 200 OK\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n";
    size_t cut = strlen("SIP/2.0 200 OK\r\nContent-Type: application/sdp\r\n\r\n");
    char scratch[SD_PARSE_SCRATCH(128)];
    sd_message m = {0};
    char *copy = g_memdup2(text, cut);   /* no NUL, for ASan to catch an overread */
    g_assert_true(sd_parse_message(copy, cut, &m, scratch));
    g_assert_false(m.has_sdp);
    g_free(copy);
    copy = g_memdup2(text, cut + 1);
    g_assert_true(sd_parse_message(copy, cut + 1, &m, scratch));
    g_assert_true(m.has_sdp);
    g_free(copy);
}

/* RFC 4028 §4, §5: Session-Expires (compact x) and its refresher, Min-SE,
 * "timer" in Supported (compact k) or Require. */
static void test_session_timer(void)
{
    sd_message m;
    g_assert_true(parse("SIP/2.0 200 OK\r\n"
                        "x: 1800 ; Refresher=UAC\r\n"
                        "Min-SE: 90\r\n"
                        "k: 100rel,\r\n timer\r\n"
                        "Require: timer\r\n"
                        "\r\n",
                        &m));
    g_assert_cmpstr(m.reason_phrase, ==, "OK");
    g_assert_true(m.has_session_expires);
    g_assert_cmpuint(m.session_expires, ==, 1800);
    g_assert_cmpint(m.refresher, ==, SD_REFRESHER_UAC);
    g_assert_true(m.has_min_se);
    g_assert_cmpuint(m.min_se, ==, 90);
    g_assert_true(m.supports_timer);
    g_assert_true(m.requires_timer);

    g_assert_true(parse("INVITE sip:b@c SIP/2.0\r\n"
                        "Session-Expires: 90;refresher=uas\r\n"
                        "Supported: timers, replaces\r\n"
                        "Require: 100rel\r\n"
                        "\r\n",
                        &m));
    g_assert_cmpuint(m.session_expires, ==, 90);
    g_assert_cmpint(m.refresher, ==, SD_REFRESHER_UAS);
    g_assert_false(m.has_min_se);
    g_assert_false(m.supports_timer);
    g_assert_false(m.requires_timer);

    /* Malformed: absent. */
    g_assert_true(parse("INVITE sip:b@c SIP/2.0\r\nSession-Expires: soon\r\nMin-SE: ;x\r\n\r\n", &m));
    g_assert_false(m.has_session_expires);
    g_assert_false(m.has_min_se);
    g_assert_true(parse("INVITE sip:b@c SIP/2.0\r\nSession-Expires: 120;refresher\r\n\r\n", &m));
    g_assert_cmpint(m.refresher, ==, SD_REFRESHER_NONE);
}

/* RFC 3326 §2: the first Reason, unless a Q.850 one follows; the text
 * without its quotes. */
static void test_reason(void)
{
    sd_message m;
    g_assert_true(parse("BYE sip:b@c SIP/2.0\r\n"
                        "Reason: Q.850 ;cause=16 ;text=\"Normal call clearing\"\r\n"
                        "\r\n",
                        &m));
    g_assert_cmpstr(m.reason_protocol, ==, "Q.850");
    g_assert_true(m.has_reason_cause);
    g_assert_cmpuint(m.reason_cause, ==, 16);
    g_assert_cmpstr(m.reason_text, ==, "Normal call clearing");

    g_assert_true(parse("CANCEL sip:b@c SIP/2.0\r\n"
                        "Reason: SIP;cause=200;text=\"Call completed elsewhere, ok\"\r\n"
                        "Reason: Q.850;cause=26\r\n"
                        "\r\n",
                        &m));
    g_assert_cmpstr(m.reason_protocol, ==, "Q.850");
    g_assert_cmpuint(m.reason_cause, ==, 26);
    g_assert_null(m.reason_text);

    g_assert_true(parse("SIP/2.0 503 Service  Unavailable\r\n"
                        "Reason: SIP;cause=503, Q.850;cause=41, Q.850;cause=34\r\n"
                        "\r\n",
                        &m));
    g_assert_cmpstr(m.reason_phrase, ==, "Service Unavailable");
    g_assert_cmpstr(m.reason_protocol, ==, "Q.850");
    g_assert_cmpuint(m.reason_cause, ==, 41);

    g_assert_true(parse("BYE sip:b@c SIP/2.0\r\nReason: SIP;text=\"x\"\r\nReason: preemption;cause=1\r\n\r\n", &m));
    g_assert_cmpstr(m.reason_protocol, ==, "SIP");
    g_assert_false(m.has_reason_cause);
    g_assert_cmpstr(m.reason_text, ==, "x");

    g_assert_true(parse("SIP/2.0 200\r\nReason: ;cause=3\r\n\r\n", &m));
    g_assert_null(m.reason_phrase);
    g_assert_null(m.reason_protocol);
}

/* RFC 3262 §7: Require/Supported 100rel, RSeq, RAck; Contact present. */
static void test_reliable_provisional_headers(void)
{
    sd_message m;
    g_assert_true(parse("SIP/2.0 183 Session Progress\r\n"
                        "Require: timer, 100REL\r\n"
                        "k: path\r\n"
                        "RSeq: 988789\r\n"
                        "m: <sip:b@h>\r\n"
                        "Call-ID: x\r\n\r\n",
                        &m));
    g_assert_true(m.require_100rel);
    g_assert_false(m.supported_100rel);
    g_assert_true(m.has_contact);
    g_assert_true(m.has_rseq);
    g_assert_cmpuint(m.rseq, ==, 988789);
    g_assert_false(m.has_rack);
    g_assert_true(parse("PRACK sip:b@h SIP/2.0\r\n"
                        "Supported: 100rel\r\n"
                        "RAck: 776656 1 INVITE\r\n"
                        "RSeq: 12 x\r\n"   /* malformed: absent */
                        "Call-ID: x\r\n\r\n",
                        &m));
    g_assert_true(m.supported_100rel);
    g_assert_false(m.require_100rel);
    g_assert_false(m.has_contact);
    g_assert_false(m.has_rseq);
    g_assert_true(m.has_rack);
    g_assert_cmpuint(m.rack_rseq, ==, 776656);
    g_assert_cmpuint(m.rack_cseq, ==, 1);
    g_assert_cmpstr(m.rack_method, ==, "INVITE");
    g_assert_true(parse("PRACK sip:b@h SIP/2.0\r\nRAck: 1 INVITE\r\nRequire: 100rel-x\r\n"
                        "Contact-X: a\r\n\r\n", &m));
    g_assert_false(m.has_rack);
    g_assert_false(m.require_100rel);
    g_assert_false(m.has_contact);
}

/* The summary of the first `len` bytes of `text`, copied to a buffer of
 * exactly that size (AddressSanitizer sees a read past it; a byte when
 * empty, as a body is never NULL), the same without SSE2. */
static sd_sdp_summary summary_of(const char *text, size_t len)
{
    char *body = g_malloc(len ? len : 1);
    memcpy(body, text, len);
    sd_sdp_summary s;
    g_assert_true(sd_sdp_summaries_agree(body, len, &s));
    g_free(body);
    return s;
}

static sd_sdp_summary summary(const char *body)
{
    return summary_of(body, strlen(body));
}

/* Whether two descriptions read the same: same lines but o= (the hash),
 * same origin and version. */
static bool same_summary(const char *a, const char *b)
{
    sd_sdp_summary x = summary(a), y = summary(b);
    return x.hash == y.hash && x.has_origin == y.has_origin && x.origin_hash == y.origin_hash &&
           x.version == y.version;
}

/* The SDP summary: origin, the hash without o=, c= 0.0.0.0, directions. */
static void test_sdp_summary(void)
{
    sd_sdp_summary a = summary("v=0\r\no=alice 2890844526 2890844526 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\n"
                               "t=0 0\r\na=recvonly\r\nm=video 0 RTP/AVP 31\r\nm=audio 49170 RTP/AVP 0\r\n"
                               "a=sendonly\r\nm=audio 49172 RTP/AVP 0\r\n");
    g_assert_true(a.has_origin);
    g_assert_cmpuint(a.version, ==, 2890844526u);
    g_assert_false(a.null_address);
    g_assert_cmpuint(a.streams, ==, 3);
    g_assert_cmpuint(a.audio, ==, 1);
    g_assert_cmpuint(a.rejected, ==, 1);
    g_assert_cmpuint(a.direction[0], ==, SD_DIRECTION_RECVONLY);   /* the session's */
    g_assert_cmpuint(a.direction[1], ==, SD_DIRECTION_SENDONLY);
    g_assert_cmpuint(a.direction[2], ==, SD_DIRECTION_RECVONLY);
    /* Another version, same lines: same hash and origin. */
    sd_sdp_summary b = summary("v=0\no=alice 2890844526 2890844527 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\n"
                               "t=0 0\na=recvonly\nm=video 0 RTP/AVP 31\nm=audio 49170 RTP/AVP 0\n"
                               "a=sendonly\nm=audio 49172 RTP/AVP 0\n");
    g_assert_cmpuint(b.version, ==, 2890844527u);
    g_assert_cmpuint(b.hash, ==, a.hash);
    g_assert_cmpuint(b.origin_hash, ==, a.origin_hash);
    sd_sdp_summary c = summary("v=0\r\no=alice 2890844527 1 IN IP4 h\r\nc=IN IP4 0.0.0.0/127\r\n"
                               "m=audio 49170 RTP/AVP 0\r\n");
    g_assert_cmpuint(c.origin_hash, !=, a.origin_hash);
    g_assert_cmpuint(c.hash, !=, a.hash);
    g_assert_true(c.null_address);
    g_assert_cmpuint(c.direction[0], ==, SD_DIRECTION_SENDRECV);
    sd_sdp_summary d = summary("v=0\r\no=alice x\r\nm=video 1 RTP/AVP 0\r\n");   /* malformed o= */
    g_assert_false(d.has_origin);
    g_assert_cmpuint(d.audio, ==, 1);   /* none */
    g_assert_false(summary("c=IN IP4 0.0.0.01\r\n").null_address);
}

/* Line ends: "\r\n" or "\n", a last line without one, a last "\r"
 * dropped, lines of fewer than two bytes or without '=' second not read. */
static void test_sdp_summary_lines(void)
{
    const char *crlf = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                       "m=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r\n";
    g_assert_true(same_summary(crlf, "v=0\no=- 1 1 IN IP4 h\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
                                     "m=audio 49170 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendonly\n"));
    g_assert_true(same_summary(crlf, "v=0\no=- 1 1 IN IP4 h\r\ns=-\nc=IN IP4 192.0.2.1\r\nt=0 0\n"
                                     "m=audio 49170 RTP/AVP 0\na=rtpmap:0 PCMU/8000\r\na=sendonly"));
    g_assert_true(same_summary(crlf, "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                                     "m=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendonly\r"));
    g_assert_true(same_summary(crlf, "\r\nv=0\r\n\r\no=- 1 1 IN IP4 h\r\nx\r\ns=-\r\n=\r\nc=IN IP4 192.0.2.1\r\n"
                                     "t=0 0\r\nwhat\r\nm=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                                     "a\r\na=sendonly\r\n\r\n\n"));
    g_assert_cmpuint(summary(crlf).direction[0], ==, SD_DIRECTION_SENDONLY);
    g_assert_cmpuint(summary("m=audio 1 RTP/AVP 0\r\na=sendonly").direction[0], ==, SD_DIRECTION_SENDONLY);
    g_assert_cmpuint(summary("m=audio 1 RTP/AVP 0\na=sendonly\r").direction[0], ==, SD_DIRECTION_SENDONLY);
    g_assert_cmpuint(summary("m=audio 1 RTP/AVP 0\na=sendonly\r\r\n").direction[0], ==, SD_DIRECTION_SENDRECV);
    /* A line's every byte counts, the "\r" of "\r\r\n" too, and its place. */
    g_assert_false(same_summary(crlf, "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                                      "m=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\r\na=sendonly\r\n"));
    g_assert_false(same_summary(crlf, "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                                      "m=audio 49170 RTP/AVP 0\r\na=rtpmap:0 PCMU/8001\r\na=sendonly\r\n"));
    g_assert_false(same_summary(crlf, "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                                      "m=audio 49170 RTP/AVP 0\r\na=sendonly\r\na=rtpmap:0 PCMU/8000\r\n"));
    g_assert_false(same_summary("a=x\r\na=y\r\n", "a=x a=y\r\n"));
    g_assert_false(same_summary("a=12345678\r\n", "a=1234567\r\n"));
    g_assert_false(same_summary("a=12345678\r\n", "a=12345678\r\na=\r\n"));
}

/* Lines across the 64-byte blocks that line ends are looked for in, and
 * descriptions too short for a whole word: the same reading. */
static void test_sdp_summary_lengths(void)
{
    GString *lf = g_string_new(NULL), *crlf = g_string_new(NULL);
    for (unsigned n = 0; n < 150; n++) {
        g_string_truncate(lf, 0);
        g_string_truncate(crlf, 0);
        for (unsigned line = 0; line < 3; line++) {
            g_string_append_printf(lf, "a=%u", line);
            g_string_append_printf(crlf, "a=%u", line);
            for (unsigned k = 0; k < n * (line + 1) % 71; k++) {
                g_string_append_c(lf, (char)('a' + (k + n) % 26));
                g_string_append_c(crlf, (char)('a' + (k + n) % 26));
            }
            g_string_append(lf, "\n");
            g_string_append(crlf, "\r\n");
        }
        g_string_append(lf, "a=sendonly");
        g_string_append(crlf, "a=sendonly\r\n");
        g_assert_true(same_summary(lf->str, crlf->str));
        sd_sdp_summary s = summary(crlf->str);
        g_assert_cmpuint(s.streams, ==, 0);
        sd_sdp_summary t = summary_of(crlf->str, crlf->len - 3);   /* "a=sendon" */
        g_assert_cmpuint(t.hash, !=, s.hash);
    }
    g_string_free(lf, TRUE);
    g_string_free(crlf, TRUE);
    g_assert_cmpuint(summary("").hash, ==, summary("\r\n").hash);
    g_assert_cmpuint(summary("a").hash, ==, summary("").hash);
    g_assert_cmpuint(summary("a=").hash, !=, summary("").hash);
    g_assert_cmpuint(summary("m=audio 0").rejected, ==, 1);
    g_assert_cmpuint(summary_of("m=audio 01", 9).rejected, ==, 1);   /* nothing past the end is read */
    g_assert_cmpuint(summary_of("m=audio 0 RTP", 8).rejected, ==, 0);
    g_assert_true(summary_of("c=IN IP4 0.0.0.0.1", 16).null_address);
    g_assert_false(summary_of("c=IN IP4 0.0.0.0", 15).null_address);
    g_assert_cmpuint(summary_of("a=sendonly", 9).direction[0], ==, SD_DIRECTION_SENDRECV);
}

/* Fields are separated by spaces, one or more; a tab is part of a field. */
static void test_sdp_summary_fields(void)
{
    g_assert_true(summary("c=IN IP4 0.0.0.0").null_address);
    g_assert_true(summary("c=IN IP4 0.0.0.0 \r\n").null_address);
    g_assert_true(summary("c=IN IP4 0.0.0.0/127\r\n").null_address);
    g_assert_true(summary("c=IN  IP4   0.0.0.0\r\n").null_address);
    g_assert_true(summary("c= IN IP4 0.0.0.0\r\n").null_address);
    g_assert_true(summary("c=IN IP6 0.0.0.0\r\n").null_address);
    g_assert_false(summary("c=IN IP4\t0.0.0.0\r\n").null_address);
    g_assert_false(summary("c=IN\tIP4 0.0.0.0\r\n").null_address);
    g_assert_false(summary("c=IN IP4 0.0.0.0\t\r\n").null_address);
    g_assert_false(summary("c=IN IP4 0.0.0.00\r\n").null_address);
    g_assert_false(summary("c=IN IP4 10.0.0.0\r\n").null_address);
    g_assert_false(summary("c=IN IP4 \r\n").null_address);

    sd_sdp_summary m = summary("m=audio  0 RTP/AVP 0\r\nm= audio 0\r\nm=audio\t0 RTP/AVP 0\r\n"
                               "m=audio 0\t RTP/AVP 0\r\n");
    g_assert_cmpuint(m.streams, ==, 4);
    g_assert_cmpuint(m.audio, ==, 0);
    g_assert_cmpuint(m.rejected, ==, 0x3);
    m = summary("m=video 0 RTP/AVP 31\r\nm=audio 00 RTP/AVP 0\r\nm=audio 1\r\n");
    g_assert_cmpuint(m.audio, ==, 1);
    g_assert_cmpuint(m.rejected, ==, 0x1);
    m = summary("m=audio\r\nm=audio \r\nm=audios 0\r\nm=audio 0\r\n");
    g_assert_cmpuint(m.audio, ==, 0);
    g_assert_cmpuint(m.rejected, ==, 0xc);
    m = summary("m=\taudio 0\r\nm=Audio 0\r\nm=audio 1\r\n");
    g_assert_cmpuint(m.audio, ==, 2);
    g_assert_cmpuint(m.rejected, ==, 0x3);

    /* The origin: username and sess-id whatever the spaces between them,
     * the rest after the version as written; o= lines read with 64 bytes
     * after them (the common case, at once) or fewer. */
    for (unsigned padded = 0; padded < 2; padded++) {
        const char *pad = padded ? "\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\n" : "";
        const char *same[][2] = {
            {"o=alice 2890844526 7 IN IP4 h", "o=alice  2890844526   7 IN IP4 h"},
            {"o=alice 2890844526 7 IN IP4 h", "o= alice 2890844526 7 IN IP4 h"},
            {"o=a 1 7", "o=a  1 7"},
            {"o=a 1 7", "o=a 1  8"},
            {"o=a 1 7 IN IP4 somewhere.far.away.example.com rest of a long line past 64 bytes",
             "o=a 1  8 IN IP4 somewhere.far.away.example.com rest of a long line past 64 bytes"},
        };
        const char *different[][2] = {
            {"o=alice 2890844526 7 IN IP4 h", "o=alice 2890844526 7  IN IP4 h"},
            {"o=alice 2890844526 7 IN IP4 h", "o=alice 2890844526 7 IN\tIP4 h"},
            {"o=alice 2890844526 7 IN IP4 h", "o=alice 2890844526 7 IN IP4 h "},
            {"o=alice 2890844526 7 IN IP4 h", "o=alic e2890844526 7 IN IP4 h"},
            {"o=a 12 7 IN IP4 h", "o=a1 2 7 IN IP4 h"},
            {"o=a 1 7", "o=a 1 7 "},
            {"o=a 1 7 IN IP4 somewhere.far.away.example.com rest of a long line past 64 bytes",
             "o=a 1 7 IN IP4 somewhere.far.away.example.com rest of a long line past 64 byte"},
        };
        for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
            g_autofree char *a = g_strconcat(same[i][0], pad, NULL), *b = g_strconcat(same[i][1], pad, NULL);
            sd_sdp_summary x = summary(a), y = summary(b);
            g_assert_true(x.has_origin && y.has_origin);
            g_assert_cmpuint(x.origin_hash, ==, y.origin_hash);
        }
        for (size_t i = 0; i < G_N_ELEMENTS(different); i++) {
            g_autofree char *a = g_strconcat(different[i][0], pad, NULL), *b = g_strconcat(different[i][1], pad, NULL);
            sd_sdp_summary x = summary(a), y = summary(b);
            g_assert_true(x.has_origin && y.has_origin);
            g_assert_cmpuint(x.origin_hash, !=, y.origin_hash);
        }
        const char *none[] = {"o=a 1\t7 IN IP4 h", "o=a 1 7x IN IP4 h", "o=a 1  ", "o=a 1 ", "o=a  1", "o=a",
                              "o=a 1 1234567x90 IN IP4 h", "o= ", "o=a 1 7\t",
                              "o=alice\t2890844526 7 IN IP4 h"};
        for (size_t i = 0; i < G_N_ELEMENTS(none); i++) {
            g_autofree char *a = g_strconcat(none[i], pad, NULL);
            g_assert_false(summary(a).has_origin);
        }
        g_autofree char *v = g_strconcat("o=a 1  2890844526 IN IP4 h", pad, NULL);
        g_assert_cmpuint(summary(v).version, ==, 2890844526u);
        g_autofree char *w = g_strconcat("o=user 53655765 2353687637", pad, NULL);
        g_assert_cmpuint(summary(w).version, ==, 2353687637u);
    }
    g_assert_cmpuint(summary("o=a 1 7").origin_hash, ==, summary("o=a 1 8\r\n").origin_hash);
    g_assert_cmpuint(summary("o=a 1 7\r\no=b 2 9\r\n").version, ==, 7);   /* the first o= */
    g_assert_cmpuint(summary("o=a 1 7\r\no=b 2 9\r\n").hash, ==, summary("").hash);
    g_assert_false(summary("o=a 1 1234/678 IN IP4 h\r\n").has_origin);
    g_assert_false(summary("o=a 1 1234:678 IN IP4 h\r\n").has_origin);
    g_assert_false(summary("o=a 1 12345678x IN IP4 h\r\n").has_origin);
    g_assert_cmpuint(summary("o=a 1 12345678 IN IP4 h\r\n").version, ==, 12345678);
    g_assert_cmpuint(summary("o=a 1 99999999").version, ==, 99999999);
    g_assert_cmpuint(summary("o=a 1 2890844526 IN IP4 h\r\n").version, ==, 2890844526u);
    g_assert_cmpuint(summary("o=a 1 9999999999999999999 IN IP4 h\r\n").version, ==, 9999999999999999999u);
    g_assert_cmpuint(summary("o=a 1 0000000000000000000000012 IN IP4 h\r\n").version, ==, 12);
    /* Past 19 digits the version saturates, as it did. */
    g_assert_cmpuint(summary("o=a 1 12345678901234567890 IN IP4 h\r\n").version, ==, UINT64_MAX / 16);
    g_assert_cmpuint(summary("o=a 1 123456789012345678901 IN IP4 h\r\n").version, ==, UINT64_MAX / 16 * 10 + 1);
}

/* Up to SD_SDP_STREAMS streams are summarised; the lines of the others
 * still count in the hash. */
static void test_sdp_summary_streams(void)
{
    const char *six = "a=recvonly\r\nm=video 1 RTP/AVP 31\r\nm=video 0 RTP/AVP 31\r\na=inactive\r\n"
                      "m=video 1 RTP/AVP 31\r\na=sendonly\r\nm=video 0 RTP/AVP 31\r\nm=audio 0 RTP/AVP 0\r\n"
                      "a=inactive\r\nm=audio 1 RTP/AVP 0\r\n";
    sd_sdp_summary s = summary(six);
    g_assert_cmpuint(s.streams, ==, SD_SDP_STREAMS);
    g_assert_cmpuint(s.audio, ==, SD_SDP_STREAMS);   /* none among the four */
    g_assert_cmpuint(s.rejected, ==, 0xa);
    g_assert_cmpuint(s.direction[0], ==, SD_DIRECTION_RECVONLY);
    g_assert_cmpuint(s.direction[1], ==, SD_DIRECTION_INACTIVE);
    g_assert_cmpuint(s.direction[2], ==, SD_DIRECTION_SENDONLY);
    g_assert_cmpuint(s.direction[3], ==, SD_DIRECTION_RECVONLY);
    g_assert_cmpuint(summary("m=audio 1 RTP/AVP 0\r\nm=audio 1 RTP/AVP 0\r\nm=audio 1 RTP/AVP 0\r\n"
                             "m=audio 1 RTP/AVP 0\r\nm=audio 1 RTP/AVP 0\r\n").hash,
                     !=, summary("m=audio 1 RTP/AVP 0\r\nm=audio 1 RTP/AVP 0\r\nm=audio 1 RTP/AVP 0\r\n"
                                 "m=audio 1 RTP/AVP 0\r\nm=audio 2 RTP/AVP 0\r\n").hash);
}

/* The summary is of the description part of a multipart body. */
static void test_sdp_summary_multipart(void)
{
    sd_message m;
    g_assert_true(parse("INVITE sip:b@h SIP/2.0\r\nContent-Type: multipart/mixed;boundary=b\r\n\r\n"
                        "--b\r\nContent-Type: text/plain\r\n\r\no=x 1 1 IN IP4 h\r\n"
                        "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\no=y 5 7 IN IP4 h\r\n"
                        "m=audio 1 RTP/AVP 0\r\na=inactive\r\n--b--\r\n",
                        &m));
    g_assert_true(m.has_sdp);
    g_assert_cmpuint(m.sdp.version, ==, 7);
    g_assert_cmpuint(m.sdp.direction[0], ==, SD_DIRECTION_INACTIVE);
}

/* RFC 6665 §8.2.1, §8.4, RFC 3515 §2.1: Event (compact o) with its id,
 * Subscription-State, Expires, Refer-To (compact r), Refer-Sub, and a
 * message/sipfrag body's status line (RFC 3420). */
static void test_subscription_headers(void)
{
    sd_message m;
    g_assert_true(parse("NOTIFY sip:alice@192.0.2.10 SIP/2.0\r\n"
                        "Via: SIP/2.0/UDP 192.0.2.20;branch=z9hG4bKn1\r\n"
                        "From: <sip:bob@b>;tag=b1\r\n"
                        "To: <sip:alice@a>;tag=a1\r\n"
                        "Call-ID: x\r\n"
                        "CSeq: 2 NOTIFY\r\n"
                        "o: Refer ;id=93809824\r\n"
                        "Subscription-State : active ; expires = 60 ;retry-after=5; foo=\"bar\"\r\n"
                        "Content-Type: message/sipfrag;version=2.0\r\n"
                        "Content-Length: 20\r\n"
                        "\r\n"
                        "SIP/2.0 180 Ringing\r\n",
                        &m));
    g_assert_cmpstr(m.event, ==, "Refer");
    g_assert_cmpstr(m.event_id, ==, "93809824");
    g_assert_true(m.has_subscription_state);
    g_assert_true(m.subscription_state_valid);
    g_assert_cmpstr(m.subscription_state, ==, "active");
    g_assert_true(m.has_state_expires);
    g_assert_cmpuint(m.state_expires, ==, 60);
    g_assert_null(m.subscription_reason);
    g_assert_cmpuint(m.sipfrag_status, ==, 180);
    g_assert_cmpstr(m.sipfrag, ==, "SIP/2.0 180 Ringing");
    g_assert_false(m.has_sdp);

    g_assert_true(parse("REFER sip:alice@a SIP/2.0\r\n"
                        "Call-ID: x\r\n"
                        "r: \"Carol\" <sip:carol@c?Replaces=y%3Bto-tag%3D1>;foo=bar\r\n"
                        "Refer-Sub: false\r\n"
                        "Expires: 120\r\n"
                        "Event: presence.winfo\r\n"
                        "\r\n",
                        &m));
    g_assert_cmpstr(m.refer_to, ==, "sip:carol@c?Replaces=y%3Bto-tag%3D1");
    g_assert_true(m.refer_sub_false);
    g_assert_true(m.has_expires);
    g_assert_cmpuint(m.expires, ==, 120);
    g_assert_cmpstr(m.event, ==, "presence.winfo");
    g_assert_null(m.event_id);
    g_assert_false(m.has_subscription_state);
    g_assert_cmpuint(m.sipfrag_status, ==, 0);
}

/* RFC 6665 §8.4: what the grammar allows and what it does not. */
static void test_subscription_state_grammar(void)
{
    static const struct {
        const char *value;
        bool valid;
        const char *reason;
    } cases[] = {
        {"terminated;reason=noresource", true, "noresource"},
        {"terminated; reason=timeout; retry-after=10", true, "timeout"},
        {"pending;expires=30", true, NULL},
        {"terminated;reason=reason=noresource", false, "reason"},   /* a real softphone's */
        {"active;expires=soon", false, NULL},
        {"active;;expires=30", false, NULL},
        {"active expires=30", false, NULL},
        {";expires=30", false, NULL},
        {"terminated;reason=\"noresource\"", false, NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strdup_printf("NOTIFY sip:a@b SIP/2.0\r\nSubscription-State: %s\r\n\r\n", cases[i].value);
        sd_message m;
        g_assert_true(parse(text, &m));
        g_assert_true(m.has_subscription_state);
        if (m.subscription_state_valid != cases[i].valid)
            g_error("\"%s\": expected %s", cases[i].value, cases[i].valid ? "valid" : "invalid");
        g_assert_cmpstr(m.subscription_reason, ==, cases[i].reason);
        g_free(text);
    }
}

/* The fast paths for the common forms of Via, From and To read what the
 * general reading reads, on those forms and on the forms just beside
 * them (fuzz_parse compares the two on every input it makes). */
static void test_fast_paths(void)
{
    static const char *const vias[] = {
        "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1",
        "sip/2.0/udp host;branch=z9hG4bK1;rport",
        "SIP/2.0/TCP h:5060;rport;BRANCH=z9hG4bK2;received=1.2.3.4",
        "SIP/2.0/UDP h:5060;branch=",
        "SIP/2.0/UDP h:5060;branch= z9hG4bK1",
        "SIP/2.0/UDP h:5060;branch= ",
        "SIP/2.0/UDP h:5060;branch",
        "SIP/2.0/UDP h:5060",
        "SIP/2.0/UDP h",
        "SIP/2.0/UDP h:",
        "SIP/2.0/UDP h:50x;branch=z9hG4bK1",
        "SIP/2.0/UDP h:5060;branch=z9hG4bK1, SIP/2.0/UDP g;branch=z9hG4bK2",
        "SIP/2.0/UDP h:5060;branch=\"z9hG4bK1\"",
        "SIP/2.0/UDP h:5060;branch=z9\"hG4bK1",
        "SIP/2.0/UDP h:5060;x=\"a,b\";branch=z9hG4bK1",
        "SIP/2.0/UDP  h:5060;branch=z9hG4bK1",
        "SIP/2.0/UDP h : 5060 ; branch = z9hG4bK1 ",
        "SIP/2.0/UDP h:5060;branch=z9hG4bK1 ",
        "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1",
        "SIP/2.0/UDP",
        "SIP/2.0/ h;branch=z9hG4bK1",
        "SIP/2.1/UDP h;branch=z9hG4bK1",
        "S\x01P/2.0/UDP h;branch=z9hG4bK1",
        "SIP/2.0/U\"DP h;branch=z9hG4bK1",
        "SIP/2.0/UDP h\"x;branch=z9hG4bK1",
    };
    static const char *const addresses[] = {
        "<sip:a@b>",
        "<sip:a@b>;tag=1",
        "<sip:a@b;tag=uri>;TAG=x",
        " <sip:a@b>;tag=",
        "<sip:a@b>;tag",
        "<sip:a@b>;tag=1;x=2",
        "<sip:a@b>;x=2;tag=1",
        "<sip:a@b>;tag=1 ",
        "<sip:a@b>;tag=\"1\"",
        "<sip:a@b>;tag=1\"",
        "<sip:\"a\"@b>;tag=1",
        "<sip:a@b>;tag=1,<sip:c@d>;tag=2",
        "<sip:a @b>;tag=1",
        "<sip:a@b",
        "<>",
        "\"A\" <sip:a@b>;tag=1",
        "\"Bell, Alexander\" <sip:a.g.bell@example.com>;tag=433423",
        "\"A \\\"B\\\" <c>\" <sip:a@b>;tag=1",
        "\"A\"<sip:a@b>;tag=1",
        "\"A\" x <sip:a@b>;tag=1",
        "\"A <sip:a@b>;tag=1",
        "Alice Smith <sip:a@b>;tag=1",
        "Alice <sip:a@b;x=\"q\">;tag=1",
        "Al\"ice <sip:a@b>;tag=1",
        "Alice, Bob <sip:a@b>;tag=1",
        "Alice sip:a@b;tag=1",
        "sip:a@b;tag=1",
        "<sip:a@b> ;tag=1",
        "<sip:a@b>;\024ag=1",
        /* the URI's '>' and whitespace, found eight bytes at a time: at
         * each edge of a word, and bytes that only look like them */
        "<sip:123>;tag=1",
        "<sip:1234>;tag=1",
        "<sip:12345678901>;tag=1",
        "<sip:123456789012>;tag=1",
        "<sip:alice@ex ample.com>;tag=1",
        "<sip:alice@example.com\t>;tag=1",
        "<sip:alice@example.com >;tag=1",
        "< sip:alice@example.com>;tag=1",
        "<sip:al\001ice@example.com>;tag=1",
        "<sip:\303\251t\303\251@example.com>;tag=1",
        "<sip:alice@example.com\276>;tag=1",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(vias) + G_N_ELEMENTS(addresses); i++) {
        bool via = i < G_N_ELEMENTS(vias);
        const char *value = via ? vias[i] : addresses[i - G_N_ELEMENTS(vias)];
        char *text = via ? g_strdup_printf("BYE sip:b@c SIP/2.0\r\nVia: %s\r\nCall-ID: c\r\n\r\n", value)
                         : g_strdup_printf("BYE sip:b@c SIP/2.0\r\nFrom: %s\r\nTo: %s\r\nRefer-To: %s\r\n\r\n",
                                           value, value, value);
        g_test_queue_free(text);
        sd_message fast, general;
        sd_parse_fast_paths = false;
        bool general_ok = parse(text, &general);
        sd_parse_fast_paths = true;
        g_assert_true(parse(text, &fast) && general_ok);
        if (!sd_same_reading(&fast, &general))
            g_error("the fast path reads \"%s\" otherwise", value);
    }
    sd_message m;
    g_assert_true(parse("BYE sip:b@c SIP/2.0\r\nVia: SIP/2.0/TCP h:5060;rport;BRANCH=z9hG4bK2\r\n"
                        "From: <sip:a@b;tag=uri>;TAG=x\r\n\r\n",
                        &m));
    g_assert_cmpstr(m.top_via.branch, ==, "z9hG4bK2");
    g_assert_cmpstr(m.top_via.sent_by, ==, "h:5060");
    g_assert_cmpstr(m.from_uri, ==, "sip:a@b;tag=uri");
    g_assert_cmpstr(m.from_tag, ==, "x");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/parse/request", test_request);
    g_test_add_func("/parse/response", test_response);
    g_test_add_func("/parse/compact_folded", test_compact_folded);
    g_test_add_func("/parse/addresses", test_addresses);
    g_test_add_func("/parse/fast_paths", test_fast_paths);
    g_test_add_func("/parse/first_header_and_body", test_first_header_and_body);
    g_test_add_func("/parse/malformed", test_malformed);
    g_test_add_func("/parse/not_sip", test_not_sip);
    g_test_add_func("/parse/length_bound", test_length_bound);
    g_test_add_func("/parse/sdp/content_type", test_sdp_content_type);
    g_test_add_func("/parse/sdp/as_wireshark_reads_it", test_sdp_as_wireshark_reads_it);
    g_test_add_func("/parse/sdp/multipart", test_sdp_multipart);
    g_test_add_func("/parse/sdp/length_bound", test_sdp_length_bound);
    g_test_add_func("/parse/session_timer", test_session_timer);
    g_test_add_func("/parse/reason", test_reason);
    g_test_add_func("/parse/reliable_provisional_headers", test_reliable_provisional_headers);
    g_test_add_func("/parse/sdp/summary", test_sdp_summary);
    g_test_add_func("/parse/sdp/summary_lines", test_sdp_summary_lines);
    g_test_add_func("/parse/sdp/summary_lengths", test_sdp_summary_lengths);
    g_test_add_func("/parse/sdp/summary_fields", test_sdp_summary_fields);
    g_test_add_func("/parse/sdp/summary_streams", test_sdp_summary_streams);
    g_test_add_func("/parse/sdp/summary_multipart", test_sdp_summary_multipart);
    g_test_add_func("/parse/subscription/headers", test_subscription_headers);
    g_test_add_func("/parse/subscription/state_grammar", test_subscription_state_grammar);
    return g_test_run();
}
