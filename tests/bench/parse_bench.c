/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP text parser alone, on the messages of a capture, for profiling
 * it without tshark (tests/bench/README.md):
 *
 *   cc -O2 -g -Iinclude tests/bench/parse_bench.c plugin/core/parse.c plugin/core/sdp.c -o build/parse_bench
 *   valgrind --tool=callgrind --toggle-collect=sd_parse_message build/parse_bench small.pcap
 *
 * Each UDP or TCP payload of an Ethernet/IPv4 pcap is parsed as one message
 * (a TCP segment with two messages counts as one).  It prints how many
 * parsed and how many had a session description.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipdialog/parse.h"

static uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: parse_bench CAPTURE.pcap\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    unsigned char header[24], record[16];
    if (fread(header, 1, 24, f) != 24 || le32(header) != 0xa1b2c3d4) {
        fprintf(stderr, "%s: not a little-endian pcap\n", argv[1]);
        return 1;
    }
    static unsigned char frame[65536];
    static char scratch[SD_PARSE_SCRATCH(65536)];
    unsigned messages = 0, parsed = 0, with_sdp = 0;
    while (fread(record, 1, 16, f) == 16) {
        uint32_t length = le32(record + 8);
        if (length > sizeof frame || fread(frame, 1, length, f) != length)
            break;
        if (length < 14 + 20 || frame[12] != 0x08 || frame[13] != 0x00)
            continue;
        const unsigned char *ip = frame + 14;
        size_t ip_header = (size_t)(ip[0] & 0x0f) * 4, ip_length = (size_t)(ip[2] << 8 | ip[3]);
        if (14 + ip_length > length || ip_length < ip_header)
            continue;
        const unsigned char *segment = ip + ip_header;
        size_t segment_length = ip_length - ip_header, payload_at;
        if (ip[9] == 17)
            payload_at = 8;
        else if (ip[9] == 6 && segment_length >= 20)
            payload_at = (size_t)(segment[12] >> 4) * 4;
        else
            continue;
        if (payload_at >= segment_length)
            continue;
        sd_message m = {.frame = ++messages};
        if (sd_parse_message((const char *)segment + payload_at, segment_length - payload_at, &m, scratch)) {
            parsed++;
            with_sdp += m.has_sdp;
        }
    }
    fclose(f);
    printf("%u payloads, %u SIP messages, %u with a session description\n", messages, parsed, with_sdp);
    return 0;
}
