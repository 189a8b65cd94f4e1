/*
 * The SIP dissector adds one "sip" item per message (several per TCP
 * segment) and the header fields after it.  Fields are grouped into
 * messages by data source and start offset, never by array index: optional
 * headers make the per-field arrays ragged, and in an invisible tree the
 * "sip" items keep the length "to the end of the data".
 */
#include "extract.h"

#include <stddef.h>

#include <epan/ftypes/ftypes.h>
#include <epan/to_str.h>

#include "compat.h"

typedef enum {
    F_SIP,
    F_METHOD,
    F_REQUEST_URI,
    F_STATUS,
    F_CALL_ID,
    F_FROM_URI,
    F_TO_URI,
    F_FROM_TAG,
    F_TO_TAG,
    F_CSEQ_NUMBER,
    F_CSEQ_METHOD,
    F_VIA_TRANSPORT,   /* the first item of every Via entry: delimits them */
    F_VIA_BRANCH,
    F_VIA_ADDRESS,
    F_VIA_PORT,
    F_AUTHORIZATION,
    F_PROXY_AUTHORIZATION,
    F_RETRY_AFTER,
    F_SDP,             /* the SDP protocol item of a message's body */
    F_COUNT
} sip_field;

static const char *const field_names[F_COUNT] = {
    [F_SIP] = "sip",
    [F_METHOD] = "sip.Method",
    [F_REQUEST_URI] = "sip.r-uri",
    [F_STATUS] = "sip.Status-Code",
    [F_CALL_ID] = "sip.Call-ID",
    [F_FROM_URI] = "sip.from.addr",
    [F_TO_URI] = "sip.to.addr",
    [F_FROM_TAG] = "sip.from.tag",
    [F_TO_TAG] = "sip.to.tag",
    [F_CSEQ_NUMBER] = "sip.CSeq.seq",
    [F_CSEQ_METHOD] = "sip.CSeq.method",
    [F_VIA_TRANSPORT] = "sip.Via.transport",
    [F_VIA_BRANCH] = "sip.Via.branch",
    [F_VIA_ADDRESS] = "sip.Via.sent-by.address",
    [F_VIA_PORT] = "sip.Via.sent-by.port",
    [F_AUTHORIZATION] = "sip.Authorization",
    [F_PROXY_AUTHORIZATION] = "sip.Proxy-Authorization",
    [F_RETRY_AFTER] = "sip.Retry-After",
    [F_SDP] = "sdp",
};

static int hf[F_COUNT];

GArray *sd_extract_wanted_fields(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < F_COUNT; i++) {
        hf[i] = i == F_SIP || i == F_SDP ? proto_get_id_by_filter_name(field_names[i])
                                         : proto_registrar_get_id_byname(field_names[i]);
        if (hf[i] != -1)
            g_array_append_val(wanted, hf[i]);
    }
    return wanted;
}

/* One Via entry of a message, as far as it is needed. */
typedef struct {
    gint start;            /* offset of its transport; -1 when absent */
    const char *address;
    guint32 port;
    bool has_port;
} via_entry;

/* A message being assembled from the fields. */
typedef struct {
    tvbuff_t *tvb;
    gint start;
    gint second_via;       /* start of the second Via entry, or G_MAXINT */
    via_entry top, bottom;
} slot;

/* The message a field belongs to: the last one that starts at or before it
 * in the same data source. */
static int slot_of(const field_info *fi, const slot *slots, unsigned n)
{
    int found = -1;
    for (unsigned i = 0; i < n; i++)
        if (slots[i].tvb == fi->ds_tvb && slots[i].start <= fi->start)
            found = (int)i;
    return found;
}

static const char *field_string(field_info *fi)
{
    return FT_IS_STRING(fi->hfinfo->type) ? fvalue_get_string(SD_FVALUE(fi)) : NULL;
}

static bool field_uint(field_info *fi, guint32 *out)
{
    if (!FT_IS_UINT32(fi->hfinfo->type))
        return false;
    *out = fvalue_get_uinteger(SD_FVALUE(fi));
    return true;
}

static void first_string(const char **dst, field_info *fi)
{
    if (*dst == NULL)
        *dst = field_string(fi);
}

static void add_via(slot *s, sd_message *m, gint start)
{
    m->via_count++;
    if (s->top.start < 0 || start < s->top.start) {
        s->second_via = s->top.start < 0 ? G_MAXINT : s->top.start;
        s->top.start = start;
    } else if (start < s->second_via) {
        s->second_via = start;
    }
    if (start > s->bottom.start)
        s->bottom.start = start;
}

/* A Via parameter belongs to the top entry if it lies before the second
 * entry starts, to the bottom entry if it lies after the last one starts
 * (both when there is one entry).  All transports are read first. */
static void add_via_parameter(slot *s, sd_message *m, sip_field f, field_info *fi)
{
    via_entry *entries[2] = {
        fi->start >= s->top.start && fi->start < s->second_via ? &s->top : NULL,
        s->bottom.start >= 0 && fi->start >= s->bottom.start ? &s->bottom : NULL,
    };
    for (int e = 0; e < 2; e++) {
        via_entry *v = entries[e];
        if (v == NULL)
            continue;
        if (f == F_VIA_BRANCH)
            first_string(v == &s->top ? &m->top_via.branch : &m->bottom_via.branch, fi);
        else if (f == F_VIA_ADDRESS)
            first_string(&v->address, fi);
        else if (f == F_VIA_PORT && !v->has_port)
            v->has_port = field_uint(fi, &v->port);
    }
}

static void assign(sip_field f, field_info *fi, slot *s, sd_message *m)
{
    switch (f) {
    case F_METHOD:
        first_string(&m->method, fi);
        break;
    case F_REQUEST_URI:
        first_string(&m->request_uri, fi);
        break;
    case F_STATUS:
        if (m->status == 0)
            field_uint(fi, &m->status);
        break;
    case F_CALL_ID:
        first_string(&m->call_id, fi);
        break;
    case F_FROM_URI:
        first_string(&m->from_uri, fi);
        break;
    case F_TO_URI:
        first_string(&m->to_uri, fi);
        break;
    case F_FROM_TAG:
        first_string(&m->from_tag, fi);
        break;
    case F_TO_TAG:
        first_string(&m->to_tag, fi);
        break;
    case F_CSEQ_NUMBER:
        if (!m->has_cseq)
            m->has_cseq = field_uint(fi, &m->cseq);
        break;
    case F_CSEQ_METHOD:
        first_string(&m->cseq_method, fi);
        break;
    case F_VIA_TRANSPORT:
        add_via(s, m, fi->start);
        break;
    case F_VIA_BRANCH:
    case F_VIA_ADDRESS:
    case F_VIA_PORT:
        add_via_parameter(s, m, f, fi);
        break;
    case F_AUTHORIZATION:
    case F_PROXY_AUTHORIZATION:
        m->has_credentials = true;
        break;
    case F_RETRY_AFTER:
        if (!m->has_retry_after)
            m->has_retry_after = field_uint(fi, &m->retry_after);
        break;
    case F_SDP:
        m->has_sdp = true;
        break;
    case F_SIP:
    case F_COUNT:
        break;
    }
}

static const char *sent_by(packet_info *pinfo, const via_entry *v)
{
    if (v->address == NULL)
        return NULL;
    return v->has_port ? wmem_strdup_printf(pinfo->pool, "%s:%u", v->address, v->port) : v->address;
}

static const char *endpoint(packet_info *pinfo, const address *addr, guint32 port)
{
    const char *text = address_to_str(pinfo->pool, addr);
    return addr->type == AT_IPv6 ? wmem_strdup_printf(pinfo->pool, "[%s]:%u", text, port)
                                 : wmem_strdup_printf(pinfo->pool, "%s:%u", text, port);
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

unsigned sd_extract_messages(proto_tree *tree, packet_info *pinfo, sd_message out[SD_MAX_MESSAGES_PER_FRAME])
{
    GPtrArray *sips = hf[F_SIP] == -1 ? NULL : proto_get_finfo_ptr_array(tree, hf[F_SIP]);
    if (sips == NULL || sips->len == 0)
        return 0;
    /* SIP quoted inside an ICMP error is not traffic of its own. */
    if (proto_is_frame_protocol(pinfo->layers, "icmp") || proto_is_frame_protocol(pinfo->layers, "icmpv6"))
        return 0;

    unsigned n = MIN(sips->len, SD_MAX_MESSAGES_PER_FRAME);
    slot slots[SD_MAX_MESSAGES_PER_FRAME];
    const sd_message common = {
        .frame = pinfo->num,
        .time_us = sd_frame_time_us(pinfo),
        .src = endpoint(pinfo, &pinfo->src, pinfo->srcport),
        .dst = endpoint(pinfo, &pinfo->dst, pinfo->destport),
        .transport = transport_of(pinfo),
    };
    for (unsigned i = 0; i < n; i++) {
        field_info *fi = g_ptr_array_index(sips, i);
        slots[i] = (slot){.tvb = fi->ds_tvb, .start = fi->start, .second_via = G_MAXINT,
                          .top = {.start = -1}, .bottom = {.start = -1}};
        out[i] = common;
    }

    /* In field order, so that every Via entry is known before its parameters. */
    for (sip_field f = F_METHOD; f < F_COUNT; f++) {
        GPtrArray *fields = hf[f] == -1 ? NULL : proto_get_finfo_ptr_array(tree, hf[f]);
        for (guint k = 0; fields != NULL && k < fields->len; k++) {
            field_info *fi = g_ptr_array_index(fields, k);
            int i = slot_of(fi, slots, n);
            if (i >= 0)
                assign(f, fi, &slots[i], &out[i]);
        }
    }

    for (unsigned i = 0; i < n; i++) {
        out[i].top_via.sent_by = sent_by(pinfo, &slots[i].top);
        out[i].bottom_via.sent_by = sent_by(pinfo, &slots[i].bottom);
        if (out[i].via_count <= 1)
            out[i].bottom_via = out[i].top_via;
        if (out[i].method != NULL)   /* a request has no status code */
            out[i].status = 0;
    }
    return n;
}
