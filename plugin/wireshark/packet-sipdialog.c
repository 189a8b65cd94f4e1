/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sipdialog post-dissector: analyse each frame's SIP messages on the
 * first pass, render the stored analysis on every pass.
 *
 * The analysis lives exactly as long as the capture file: the init routine
 * (file open, redissection after a preference change) creates it and the
 * cleanup routine (file close) frees it, as file-scoped memory is.
 */
#include <epan/packet.h>
#include <epan/prefs.h>

#include "compat.h"
#include "extract.h"
#include "render.h"
#include "stats.h"
#include "sipdialog/analyzer.h"

void proto_register_sipdialog(void);
void proto_reg_handoff_sipdialog(void);

static int proto_sipdialog = -1;
static dissector_handle_t sipdialog_handle;

static sd_config config;
static sd_pref_bool show_chat = TRUE;
static sd_pref_bool info_labels = TRUE;

static sd_analyzer *analyzer;
static guint32 last_analysed_frame;

static void analyse_frame(proto_tree *tree, packet_info *pinfo)
{
    /* The GUI may dissect a frame again before the first pass is over. */
    if (pinfo->num <= last_analysed_frame)
        return;
    last_analysed_frame = pinfo->num;
    /* Every frame, SIP or not, shows how far the capture went on. */
    sd_analyzer_reach(analyzer, sd_frame_time_us(pinfo));
    sd_message messages[SD_MAX_MESSAGES_PER_FRAME];
    unsigned n = sd_extract_messages(tree, pinfo, messages);
    for (unsigned i = 0; i < n; i++)
        sd_analyzer_add(analyzer, &messages[i]);
}

/* The findings the preferences show. */
static sd_finding_set shown(sd_finding_set findings)
{
    return show_chat ? findings : sd_finding_set_minus(findings, sd_findings_of_severity(SD_SEVERITY_CHAT));
}

static int dissect_sipdialog(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (analyzer == NULL)
        return 0;
    if (!PINFO_FD_VISITED(pinfo))
        analyse_frame(tree, pinfo);
    guint32 first;
    unsigned n = sd_analyzer_frame_messages(analyzer, pinfo->num, &first);
    if (n == 0)
        return 0;
    sd_finding_set frame_findings = {{0}};
    bool retransmission = false;
    /* A whole report only when its fields are shown, filtered or
     * tabulated; otherwise its findings alone. */
    bool whole = sd_render_fields_wanted(tree) || sd_stats_wanted();
    for (unsigned i = 0; i < n; i++) {
        if (!whole) {
            bool retransmitted;
            sd_finding_set findings = shown(sd_analyzer_findings(analyzer, first + i, &retransmitted));
            sd_render_findings(tvb, pinfo, tree, findings);
            frame_findings = sd_finding_set_union(frame_findings, findings);
            retransmission |= retransmitted;
            continue;
        }
        sd_report report;
        sd_analyzer_report(analyzer, first + i, &report);
        report.findings = shown(report.findings);
        sd_render_message(tvb, pinfo, tree, &report);
        sd_stats_tap(pinfo, analyzer, &report);
        frame_findings = sd_finding_set_union(frame_findings, report.findings);
        retransmission |= sd_report_has(&report, SD_FIELD_RETRANSMISSION_OF);
    }
    if (info_labels)
        sd_render_label(pinfo, frame_findings, retransmission);
    return n > 0 ? (int)tvb_captured_length(tvb) : 0;
}

static void init_sipdialog(void)
{
    /* A disabled plugin costs nothing: no analysis, no fields wanted. */
    if (!proto_is_protocol_enabled(find_protocol_by_id(proto_sipdialog)))
        return;
    analyzer = sd_analyzer_new(&config);
    last_analysed_frame = 0;
    set_postdissector_wanted_hfids(sipdialog_handle, sd_extract_wanted_fields());
}

static void cleanup_sipdialog(void)
{
    sd_analyzer_free(analyzer);
    analyzer = NULL;
    set_postdissector_wanted_hfids(sipdialog_handle, NULL);
}

static void register_preferences(void)
{
    /* Wireshark re-dissects the capture when they change, which runs the
     * cleanup and init routines: the analysis starts over with them. */
    module_t *module = prefs_register_protocol(proto_sipdialog, NULL);
    prefs_register_uint_preference(module, "t1", "T1 (ms)",
                                   "RFC 3261 T1, the round-trip time estimate: deadlines are 64×T1 (Timers B, F, H)",
                                   10, &config.t1_ms);
    prefs_register_uint_preference(module, "t2", "T2 (ms)",
                                   "RFC 3261 T2, the longest retransmission interval of non-INVITE requests and "
                                   "INVITE responses",
                                   10, &config.t2_ms);
    prefs_register_uint_preference(module, "tolerance", "Tolerance for messages in flight (ms)",
                                   "How long a message may take between the capture point and its endpoint: checks "
                                   "of what an endpoint had already received, and deadlines, allow this much",
                                   10, &config.tolerance_ms);
    prefs_register_bool_preference(module, "show_chat", "Show Chat-level findings",
                                   "Chat findings explain what is legal but worth knowing (a retry after a 401/407 "
                                   "challenge, a fork's early dialog); hide them to see only problems",
                                   &show_chat);
    prefs_register_bool_preference(module, "info_labels", "Label findings in the Info column",
                                   "Put a short label in front of each frame's Info column, as TCP does: its most "
                                   "severe finding, or that it is a retransmission. It shows in the packet list, in "
                                   "tshark's summary lines and in the flow graph",
                                   &info_labels);
}

void proto_register_sipdialog(void)
{
    proto_sipdialog = proto_register_protocol("SIP Dialog Analysis", "SIPDIALOG", "sipdialog");
    sd_config_defaults(&config);
    sd_render_register(proto_sipdialog);
    register_preferences();
    sd_stats_register();
    sipdialog_handle = register_dissector("sipdialog", dissect_sipdialog, proto_sipdialog);
    register_init_routine(init_sipdialog);
    register_cleanup_routine(cleanup_sipdialog);
}

void proto_reg_handoff_sipdialog(void)
{
    register_postdissector(sipdialog_handle);
}
