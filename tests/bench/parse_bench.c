/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP text parser, and with --analyze the analysis core, on the
 * messages of a capture, for profiling them without tshark
 * (tests/bench/README.md; built as BUILD/parse_bench):
 *
 *   valgrind --tool=callgrind --toggle-collect=sd_parse_message BUILD/parse_bench small.pcap
 *   valgrind --tool=callgrind --toggle-collect=sd_analyzer_add BUILD/parse_bench --analyze small.pcap
 *
 * Each UDP or TCP payload of an Ethernet/IPv4 pcap is parsed as one message
 * (a TCP segment with two messages counts as one), with the pcap record's
 * frame number and time and its addresses and ports as endpoints.  It
 * prints how many parsed and how many had a session description.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sipdialog/analyzer.h"
#include "sipdialog/parse.h"

static uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]; }
static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }

int main(int argc, char **argv)
{
    bool analyze = argc == 3 && strcmp(argv[1], "--analyze") == 0;
    if (argc != 2 && !analyze) {
        fprintf(stderr, "usage: parse_bench [--analyze] CAPTURE.pcap\n");
        return 2;
    }
    const char *path = argv[argc - 1];
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    unsigned char header[24], record[16];
    if (fread(header, 1, 24, f) != 24 || le32(header) != 0xa1b2c3d4) {
        fprintf(stderr, "%s: not a little-endian pcap\n", path);
        return 1;
    }
    static unsigned char frame[65536];
    static char scratch[SD_PARSE_SCRATCH(65536)];
    sd_config config;
    sd_config_defaults(&config);
    sd_analyzer *analyzer = analyze ? sd_analyzer_new(&config) : NULL;
    unsigned frames = 0, messages = 0, parsed = 0, with_sdp = 0;
    while (fread(record, 1, 16, f) == 16) {
        uint32_t length = le32(record + 8);
        if (length > sizeof frame || fread(frame, 1, length, f) != length)
            break;
        int64_t time_us = (int64_t)le32(record) * 1000000 + le32(record + 4);
        frames++;
        if (analyzer != NULL)
            sd_analyzer_reach(analyzer, time_us);
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
        messages++;
        sd_message m = {
            .frame = frames,
            .time_us = time_us,
            .transport = ip[9] == 17 ? SD_TRANSPORT_UDP : SD_TRANSPORT_TCP,
        };
        if (sd_parse_message((const char *)segment + payload_at, segment_length - payload_at, &m, scratch)) {
            /* After the parse, which clears all but the capture's clock,
             * frame and transport (as the plugin's glue sets them). */
            m.source = (uint64_t)be32(ip + 12) << 16 | be16(segment);
            m.destination = (uint64_t)be32(ip + 16) << 16 | be16(segment + 2);
            parsed++;
            with_sdp += m.has_sdp;
            if (analyzer != NULL)
                sd_analyzer_add(analyzer, &m);
        }
    }
    fclose(f);
    if (analyzer != NULL)
        sd_analyzer_free(analyzer);
    printf("%u payloads, %u SIP messages, %u with a session description\n", messages, parsed, with_sdp);
    return 0;
}
