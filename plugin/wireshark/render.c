/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sipdialog subtree: one per SIP message, generated fields in the order
 * of fields.def, and the findings as expert information under
 * sipdialog.analysis.flags (as tcp.analysis.flags does).  Expert texts are
 * constant per kind so that Expert Information groups them; the numbers
 * and frames they refer to are the generated fields beside them.  A frame
 * with findings is labelled in the Info column, as TCP labels its
 * retransmissions.
 */
#include "render.h"

#include <epan/tap.h>

static int proto_sipdialog = -1;
static int hf_field[SD_FIELD_COUNT];
static int hf_flags = -1;
static int ett_sipdialog = -1;
static expert_field ei_finding[SD_FINDING_COUNT];

static void field_format(sd_field_type type, enum ftenum *ft, int *display, const void **strings)
{
    *display = BASE_NONE;
    *strings = NULL;
    switch (type) {
    case SD_FT_UINT:
        *ft = FT_UINT32;
        *display = BASE_DEC;
        break;
    case SD_FT_TEXT:
    case SD_FT_STRING:
        *ft = FT_STRING;
        break;
    case SD_FT_DURATION:
        *ft = FT_RELATIVE_TIME;
        break;
    case SD_FT_TIME:
        *ft = FT_ABSOLUTE_TIME;
        *display = ABSOLUTE_TIME_UTC;
        break;
    case SD_FT_FRAME:
        *ft = FT_FRAMENUM;
        break;
    case SD_FT_FRAME_REQUEST:
        *ft = FT_FRAMENUM;
        *strings = FRAMENUM_TYPE(FT_FRAMENUM_REQUEST);
        break;
    case SD_FT_FRAME_RESPONSE:
        *ft = FT_FRAMENUM;
        *strings = FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE);
        break;
    case SD_FT_FRAME_ACK:
        *ft = FT_FRAMENUM;
        *strings = FRAMENUM_TYPE(FT_FRAMENUM_ACK);
        break;
    case SD_FT_FRAME_RETRANS:
        *ft = FT_FRAMENUM;
        *strings = FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV);
        break;
    case SD_FT_FRAME_RETRANS_NEXT:
        *ft = FT_FRAMENUM;
        *strings = FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_NEXT);
        break;
    }
}

/* The filter names and expert texts, from the tables at compile time:
 * registration keeps pointers to them for as long as the plugin is loaded. */
static const char *const field_abbrev[SD_FIELD_COUNT] = {
#define SD_FIELD(id, name, label, type, description) [SD_FIELD_##id] = "sipdialog." name,
#include "sipdialog/fields.def"
#undef SD_FIELD
};

static const char *const finding_abbrev[SD_FINDING_COUNT] = {
#define SD_FINDING(id, name, severity, group, label, summary, rfc) [SD_FINDING_##id] = "sipdialog." name,
#include "sipdialog/findings.def"
#undef SD_FINDING
};

static const char *const finding_text[SD_FINDING_COUNT] = {
#define SD_FINDING(id, name, severity, group, label, summary, rfc) [SD_FINDING_##id] = summary " (" rfc ")",
#include "sipdialog/findings.def"
#undef SD_FINDING
};

static int expert_severity(sd_severity severity)
{
    static const int map[] = {PI_CHAT, PI_NOTE, PI_WARN, PI_ERROR};
    return map[severity];
}

void sd_render_register(int proto)
{
    /* Registration keeps pointers into these arrays for the process's life. */
    static hf_register_info hf[SD_FIELD_COUNT + 1];
    static ei_register_info ei[SD_FINDING_COUNT];
    static int *ett[] = {&ett_sipdialog};

    proto_sipdialog = proto;
    for (int i = 0; i < SD_FIELD_COUNT; i++) {
        enum ftenum ft = FT_NONE;
        int display;
        const void *strings;
        field_format(sd_fields[i].type, &ft, &display, &strings);
        hf_field[i] = -1;
        hf[i] = (hf_register_info){&hf_field[i],
                                   {sd_fields[i].label, field_abbrev[i], ft,
                                    display, strings, 0, sd_fields[i].description, HFILL}};
    }
    hf[SD_FIELD_COUNT] = (hf_register_info){
        &hf_flags, {"Findings", "sipdialog.analysis.flags", FT_NONE, BASE_NONE, NULL, 0,
                    "Present on every message with at least one finding; the expert entries hang under it", HFILL}};
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));

    for (int i = 0; i < SD_FINDING_COUNT; i++) {
        const sd_finding_info *f = &sd_findings[i];
        ei_finding[i] = (expert_field)EI_INIT;
        ei[i] = (ei_register_info){&ei_finding[i],
                                   {finding_abbrev[i], f->group == SD_GROUP_SEQUENCE ? PI_SEQUENCE : PI_PROTOCOL,
                                    expert_severity(f->severity), finding_text[i], EXPFILL}};
    }
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}

static void add_field(proto_tree *tree, tvbuff_t *tvb, sd_field field, const sd_report *report)
{
    proto_item *item;
    int64_t value = report->value[field];
    switch (sd_fields[field].type) {
    case SD_FT_TEXT:
        item = proto_tree_add_string(tree, hf_field[field], tvb, 0, 0, sd_field_text(field, value));
        break;
    case SD_FT_STRING:
        item = proto_tree_add_string(tree, hf_field[field], tvb, 0, 0, report->string[field]);
        break;
    case SD_FT_DURATION:
    case SD_FT_TIME: {
        nstime_t t = {(time_t)(value / 1000000), (int)(value % 1000000) * 1000};
        item = proto_tree_add_time(tree, hf_field[field], tvb, 0, 0, &t);
        break;
    }
    default:
        item = proto_tree_add_uint(tree, hf_field[field], tvb, 0, 0, (guint32)value);
        break;
    }
    proto_item_set_generated(item);
}

/* The forks of an INVITE: one link each, saying how it answered. */
static void add_forks(proto_tree *tree, tvbuff_t *tvb, const sd_report *report)
{
    for (unsigned i = 0; i < report->forks; i++) {
        if (report->fork[i].frame == 0)
            continue;
        proto_item *item = proto_tree_add_uint_format_value(
            tree, hf_field[SD_FIELD_FORK_RESPONSE_IN], tvb, 0, 0, report->fork[i].frame, "%u (fork %u: %u, %s)",
            report->fork[i].frame, i + 1, report->fork[i].status,
            sd_field_text(SD_FIELD_FORK_OUTCOME, report->fork[i].outcome));
        proto_item_set_generated(item);
    }
}

/* The fields of a report, in the order of fields.def (its present bits in
 * order), with the forks of an INVITE where FORK_RESPONSE_IN stands. */
static void add_fields(proto_tree *subtree, tvbuff_t *tvb, const sd_report *report)
{
    uint64_t words[2] = {report->present[0], report->present[1]};
    words[SD_FIELD_FORK_RESPONSE_IN / 64] |= (uint64_t)1 << (SD_FIELD_FORK_RESPONSE_IN % 64);
    for (unsigned w = 0; w < 2; w++)
        for (uint64_t bits = words[w]; bits != 0; bits &= bits - 1) {
            sd_field f = (sd_field)(w * 64 + (unsigned)__builtin_ctzll(bits));
            if (f == SD_FIELD_FORK_RESPONSE_IN)
                add_forks(subtree, tvb, report);
            else
                add_field(subtree, tvb, f, report);
        }
}

bool sd_render_fields_wanted(proto_tree *tree)
{
    /* In a tree nobody looks at, where no filter, column, tap or other
     * dissector asked for a sipdialog field (asking for one marks the
     * protocol as referenced), Wireshark would fake every field item. */
    return proto_field_is_referenced(tree, proto_sipdialog);
}

/* The findings as expert information under sipdialog.analysis.flags. */
static void add_findings(proto_tree *subtree, tvbuff_t *tvb, packet_info *pinfo, sd_finding_set findings)
{
    if (sd_finding_set_empty(findings))
        return;
    proto_item *flags = proto_tree_add_item(subtree, hf_flags, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(flags);
    SD_FINDING_SET_FOREACH(f, findings)
        expert_add_info(pinfo, flags, &ei_finding[f]);
}

/* The protocol item stays when no field is wanted (a protocol hierarchy
 * counts it), and so does the expert information, which reaches the
 * expert tap and the Expert column with or without a tree. */
static proto_item *add_top(proto_tree *tree, tvbuff_t *tvb)
{
    proto_item *top = proto_tree_add_item(tree, proto_sipdialog, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(top);
    return top;
}

void sd_render_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sd_report *report)
{
    proto_item *top = add_top(tree, tvb);
    proto_tree *subtree = proto_item_add_subtree(top, ett_sipdialog);
    if (sd_render_fields_wanted(tree)) {
        proto_item_append_text(top, ": call %u", (guint32)report->value[SD_FIELD_CALL]);
        if (sd_report_has(report, SD_FIELD_DIALOG))
            proto_item_append_text(top, ", dialog %u", (guint32)report->value[SD_FIELD_DIALOG]);
        if (sd_report_has(report, SD_FIELD_SIDE))
            proto_item_append_text(top, " (%s)", sd_field_text(SD_FIELD_SIDE, report->value[SD_FIELD_SIDE]));
        add_fields(subtree, tvb, report);
    }
    add_findings(subtree, tvb, pinfo, report->findings);
}

void sd_render_findings(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, sd_finding_set findings)
{
    /* Without findings, and with no tap reading the tree (a protocol
     * hierarchy does), the protocol item has no reader either: Wireshark
     * makes a real one even in a tree nobody reads, which costs more than
     * the rest of the rendering. */
    if (sd_finding_set_empty(findings) && !(union_of_tap_listener_flags() & TL_REQUIRES_PROTO_TREE))
        return;
    proto_item *top = add_top(tree, tvb);
    add_findings(proto_item_add_subtree(top, ett_sipdialog), tvb, pinfo, findings);
}

/* What the packet list shows before the SIP dissector's summary.  A
 * retransmission is no finding (RFC 3261 §17 makes it routine over UDP),
 * but like TCP's, it is what a reader of the list wants to tell apart. */
#define RETRANSMISSION_LABEL "SIP retransmission"

void sd_render_label(packet_info *pinfo, sd_finding_set findings, bool retransmission)
{
    sd_finding f = sd_findings_most_severe(findings);
    const char *label = f < SD_FINDING_COUNT ? sd_findings[f].label : retransmission ? RETRANSMISSION_LABEL : NULL;
    /* The fence keeps it in front of whatever is written to the column
     * later (TCP does the same). */
    if (label != NULL)
        col_prepend_fence_fstr(pinfo->cinfo, COL_INFO, "[%s] ", label);
}
