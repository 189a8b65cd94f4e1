/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP dissector adds one "sip" item per message (several per TCP
 * segment): it says which bytes of which data source (the frame, a
 * reassembled or decrypted buffer) are a SIP message.  The core's parser
 * reads the header fields from those bytes.  Asking Wireshark for the SIP
 * dissector's own header fields instead would cost more than the whole
 * analysis: every wanted field is a real item in every frame's tree
 * (tests/bench/README.md).
 *
 * Whether a message carries a session description, the parser reads from
 * its Content-Type and Content-Length: asking for the "sdp" item too would
 * make the SDP dissector's item real in every frame's tree for nothing.
 *
 * Items are matched to messages by data source and offset, never by array
 * index.  A message ends where the next one starts, or where its item ends:
 * in an invisible tree a "sip" item's length runs to the end of the data
 * the SIP dissector was given, in a visible one to the end of the message.
 */
#include "extract.h"

#include <string.h>

#include "sipdialog/parse.h"

static int hf_sip = -1;
static int proto_icmp = -1, proto_icmpv6 = -1;

GArray *sd_extract_wanted_fields(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, sizeof(int));
    hf_sip = proto_get_id_by_filter_name("sip");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    if (hf_sip != -1)
        g_array_append_val(wanted, hf_sip);
    return wanted;
}

int64_t sd_frame_time_us(const packet_info *pinfo)
{
    return (int64_t)pinfo->abs_ts.secs * 1000000 + pinfo->abs_ts.nsecs / 1000;
}

static sd_transport transport_of(const packet_info *pinfo)
{
    switch (pinfo->ptype) {
    case PT_UDP:
        return SD_TRANSPORT_UDP;
    case PT_TCP:
        return SD_TRANSPORT_TCP;
    case PT_SCTP:
        return SD_TRANSPORT_SCTP;
    default:
        return SD_TRANSPORT_OTHER;
    }
}

/* An address and port as the core's opaque endpoint (message.h), never 0:
 * an IPv4 address itself with its type above it, any other address
 * hashed (FNV-1a) with the top bit set, and the port below. */
static uint64_t endpoint_of(const address *addr, guint32 port)
{
    uint64_t id;
    if (addr->type == AT_IPv4 && addr->len == 4) {
        guint32 v4;
        memcpy(&v4, addr->data, 4);
        id = (uint64_t)AT_IPv4 << 32 | v4;
    } else {
        id = 1469598103934665603u;
        const guint8 *data = addr->data;
        for (int i = 0; i < addr->len; i++)
            id = (id ^ data[i]) * 1099511628211u;
        id = ((id ^ (guint8)addr->type) * 1099511628211u) | (uint64_t)1 << 47;
    }
    return id << 16 | (port & 0xffff);
}

/* Whether the frame is an ICMP or ICMPv6 message (by protocol id:
 * proto_is_frame_protocol() looks each name up again). */
static bool in_icmp(const packet_info *pinfo)
{
    return (proto_icmp != -1 && wmem_list_find(pinfo->layers, GINT_TO_POINTER(proto_icmp)) != NULL) ||
           (proto_icmpv6 != -1 && wmem_list_find(pinfo->layers, GINT_TO_POINTER(proto_icmpv6)) != NULL);
}

/* Where a message lies. */
typedef struct {
    tvbuff_t *tvb;
    gint start, end;
} extent;

unsigned sd_extract_messages(proto_tree *tree, packet_info *pinfo, sd_message out[SD_MAX_MESSAGES_PER_FRAME])
{
    GPtrArray *sips = hf_sip == -1 ? NULL : proto_get_finfo_ptr_array(tree, hf_sip);
    if (sips == NULL || sips->len == 0)
        return 0;
    /* SIP quoted inside an ICMP error is not traffic of its own. */
    if (in_icmp(pinfo))
        return 0;

    extent extents[SD_MAX_MESSAGES_PER_FRAME];
    unsigned n = 0;
    for (guint i = 0; i < sips->len && n < SD_MAX_MESSAGES_PER_FRAME; i++) {
        const field_info *fi = g_ptr_array_index(sips, i);
        gint available = fi->ds_tvb ? tvb_captured_length_remaining(fi->ds_tvb, fi->start) : -1;
        if (available <= 0)
            continue;
        extent e = {fi->ds_tvb, fi->start, fi->start + (fi->length > 0 && fi->length < available ? fi->length : available)};
        for (guint j = 0; j < sips->len; j++) {
            const field_info *next = g_ptr_array_index(sips, j);
            if (next->ds_tvb == e.tvb && next->start > e.start && next->start < e.end)
                e.end = next->start;
        }
        extents[n++] = e;
    }

    /* One scratch space for the frame's messages: their strings must live
     * until the last one is analysed. */
    gsize scratch_size = 0;
    for (unsigned i = 0; i < n; i++)
        scratch_size += SD_PARSE_SCRATCH((gsize)(extents[i].end - extents[i].start));
    char *scratch = wmem_alloc(pinfo->pool, scratch_size);
    uint64_t source = endpoint_of(&pinfo->src, pinfo->srcport);
    uint64_t destination = endpoint_of(&pinfo->dst, pinfo->destport);
    unsigned parsed = 0;
    for (unsigned i = 0; i < n; i++) {
        guint len = (guint)(extents[i].end - extents[i].start);
        /* The capture part; the parser clears the rest. */
        sd_message *m = &out[parsed];
        m->frame = pinfo->num;
        m->time_us = sd_frame_time_us(pinfo);
        m->transport = transport_of(pinfo);
        const char *text = (const char *)tvb_get_ptr(extents[i].tvb, extents[i].start, (gint)len);
        bool ok = sd_parse_message(text, len, m, scratch);
        scratch += SD_PARSE_SCRATCH(len);
        if (!ok)
            continue;
        m->source = source;
        m->destination = destination;
        parsed++;
    }
    return parsed;
}
