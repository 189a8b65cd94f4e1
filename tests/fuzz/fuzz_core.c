/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the analysis core.  The input is read as a sequence
 * of SIP messages, 10 bytes each, drawn from a small vocabulary (a few
 * Call-IDs, tags, branches, hops, methods and statuses), so that the fuzzer
 * explores the dialog, transaction, fork and glare state machines rather
 * than string parsing; a flag bit replaces a tag or Call-ID by raw input
 * bytes.  Then every report is made, as rendering would.
 *
 * Byte  0: what (request method or response status, from the tables below)
 *       1: call (2 bits), from tag (3 bits), to tag (3 bits)
 *       2: CSeq: small number, or one of the edge values
 *       3: top branch (4 bits), bottom branch (3 bits), RFC 2543 key (1 bit)
 *       4: Via count (3 bits), sent-by (2 bits), transport (2 bits), same frame (1 bit)
 *       5: time step (6 bits: a power-of-two number of ms), capture goes on (1 bit), raw strings (1 bit)
 *       6: credentials, SDP, Retry-After, CSeq method mismatch, no CSeq, Request-URI variant (6 bits)
 *    7-9: Retry-After value, and raw bytes for strings when asked
 *       9: also the hop: source (2 bits), destination (2 bits), and a step
 *          back in time (1 bit), for relays and clock jumps
 *  6-9: also Require/Supported 100rel, RSeq, RAck, Contact and the SDP
 *          summary's origin, version, hash, c= 0.0.0.0, streams and
 *          directions (RFC 3262, RFC 3264)
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sipdialog/analyzer.h"

static const char *const methods[] = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK",
                                      "SUBSCRIBE", "NOTIFY", "INFO", "REFER", "UPDATE", "MESSAGE", "FOO"};
static const unsigned statuses[] = {100, 180, 183, 200, 202, 302, 401, 407, 481, 486, 487, 491, 500, 603, 699, 1};
static const char *const tags[] = {NULL, "a", "b", "c", "d", "e", "", "a"};
static const char *const call_ids[] = {"c0", "c1", "c2", ""};
static const char *const branches[] = {NULL,        "z9hG4bK1", "z9hG4bK2", "z9hG4bK3", "z9hG4bK4", "z9hG4bK5",
                                       "z9hG4bK6",  "z9hG4bK7", "z9hG4bK8", "z9hG4bK",  "1",        "2",
                                       "z9hG4bKp1", "z9hG4bKp2", "",        "z9hG4bK1"};
static const char *const sent_bys[] = {"10.0.0.1:5060", "10.0.0.2:5060", "10.0.0.5", NULL};
static const uint32_t edge_cseqs[] = {0, 1, 2147483647u, 2147483648u, 4294967295u, 4294967294u};
static const uint64_t endpoints[] = {0, 1u << 16 | 5060, 2u << 16 | 5060, 2u << 16 | 5062};

enum { RECORD = 10, RAW = 16 };

/* A NUL-terminated copy of up to RAW input bytes. */
static const char *raw(char *buf, const uint8_t *data, size_t size)
{
    size_t n = size < RAW ? size : RAW;
    memcpy(buf, data, n);
    buf[n] = '\0';
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sd_config config;
    sd_config_defaults(&config);
    sd_analyzer *a = sd_analyzer_new(&config);
    uint32_t frame = 0;
    int64_t now = 1000000;
    char raw_call[RAW + 1], raw_tag[RAW + 1];

    for (size_t at = 0; at + RECORD <= size; at += RECORD) {
        const uint8_t *b = data + at;
        if (!(b[4] & 0x80) || frame == 0)
            frame++;
        now += (int64_t)1000 << (b[5] & 0x3f) % 26;
        if (b[9] & 0x80)
            now -= (int64_t)3000 << (b[5] & 0x3f) % 26;
        if (b[5] & 0x40)
            sd_analyzer_reach(a, now);

        bool request = b[0] < 0x80;
        sd_message m = {
            .frame = frame,
            .time_us = now,
            .transport = (sd_transport)((b[4] >> 5) & 3),
            .method = request ? methods[b[0] % (sizeof methods / sizeof *methods)] : NULL,
            .status = request ? 0 : statuses[b[0] % (sizeof statuses / sizeof *statuses)],
            .request_uri = (b[6] & 0x20) ? "sip:x@y" : "sip:b@z",
            .call_id = call_ids[b[1] & 3],
            .from_tag = tags[(b[1] >> 2) & 7],
            .to_tag = tags[(b[1] >> 5) & 7],
            .from_uri = (b[6] & 0x40) ? "sip:a@x" : NULL,
            .to_uri = (b[6] & 0x40) ? "sip:b@y" : NULL,
            .has_cseq = !(b[6] & 0x10),
            .cseq = b[2] < 0xf0 ? b[2] % 16 : edge_cseqs[(b[2] - 0xf0) % 6],
            .top_via = {branches[b[3] & 15], sent_bys[(b[4] >> 3) & 3]},
            .via_count = b[4] & 7,
            .has_credentials = b[6] & 1,
            .has_sdp = b[6] & 2,
            .has_retry_after = b[6] & 4,
            .retry_after = b[7] % 16,
            .source = endpoints[b[9] & 3],
            .destination = endpoints[(b[9] >> 2) & 3],
        };
        m.cseq_method = (b[6] & 8) ? "INVITE" : m.method ? m.method : methods[b[7] % 4];
        m.bottom_via = m.via_count > 1 ? (sd_via){branches[(b[3] >> 4) & 7], sent_bys[b[8] & 3]} : m.top_via;
        /* Reliable provisional responses, Contact and the session
         * description (RFC 3262, RFC 3264), from bits the rest leaves. */
        m.require_100rel = b[6] & 0x80;
        m.supported_100rel = b[8] & 4;
        m.has_contact = !(b[8] & 8);
        m.has_rseq = (b[7] & 3) != 0;
        m.rseq = (b[7] & 3) == 3 ? 0x80000000u : b[7] & 3;
        m.has_rack = (b[7] & 0x0c) != 0;
        m.rack_rseq = (b[7] >> 2) & 3;
        m.rack_cseq = b[2] % 16;
        m.rack_method = (b[7] & 0x10) ? "INVITE" : "BYE";
        if (m.has_sdp) {
            m.sdp.has_origin = !(b[7] & 0x20);
            m.sdp.origin_hash = (b[7] >> 6) & 1;
            m.sdp.version = (b[8] >> 4) & 3;
            m.sdp.hash = (b[8] >> 5) & 3;
            m.sdp.null_address = b[7] & 0x80;
            m.sdp.streams = (b[9] >> 4) & 3;
            m.sdp.audio = 0;
            m.sdp.rejected = (b[9] >> 6) & 3;
            for (int i = 0; i < SD_SDP_STREAMS; i++)
                m.sdp.direction[i] = (uint8_t)((b[8] >> (i % 4 * 2)) & 3);
        }
        if (b[5] & 0x80) {
            m.call_id = raw(raw_call, data + at + RECORD, size - at - RECORD);
            m.to_tag = raw(raw_tag, b + 8, 2);
        }
        sd_analyzer_add(a, &m);
    }

    /* Everything a rendering pass asks, in frame order and out of it. */
    for (uint32_t f = frame + 1; f > 0; f--) {
        uint32_t first;
        unsigned n = sd_analyzer_frame_messages(a, f, &first);
        for (unsigned i = 0; i < n; i++) {
            sd_report r;
            sd_analyzer_report(a, first + i, &r);
            for (int field = 0; field < SD_FIELD_COUNT; field++)
                if (sd_report_has(&r, field) && sd_fields[field].type == SD_FT_TEXT && sd_field_text(field, r.value[field]) == NULL)
                    __builtin_trap();
            /* The statistics tables summarize every dialog a message names. */
            sd_dialog_summary s;
            if (sd_report_has(&r, SD_FIELD_DIALOG) &&
                (!sd_analyzer_dialog(a, (uint32_t)r.value[SD_FIELD_DIALOG], &s) || s.call_id == NULL))
                __builtin_trap();
        }
    }
    sd_analyzer_free(a);
    return 0;
}
