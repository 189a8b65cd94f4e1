/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "harness.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sipdialog/parse.h"

void h_init(harness *h)
{
    h->a = sd_analyzer_new(NULL);
    h->frame = 0;
    h->t = 0;
}

void h_free(harness *h)
{
    sd_analyzer_free(h->a);
}

uint32_t h_add(harness *h, msg_spec s)
{
    if (!s.same_frame)
        h->frame++;
    h->t = s.t > 0 ? s.t : h->t + 0.010;
    sd_message m = {
        .frame = h->frame,
        .time_us = (int64_t)(h->t * 1e6),
        .transport = s.tcp ? SD_TRANSPORT_TCP : SD_TRANSPORT_UDP,
        .method = s.method,
        .status = s.method ? 0 : s.status,
        .request_uri = s.ruri,
        .call_id = s.call_id ? s.call_id : "call-1",
        .from_tag = s.from,
        .to_tag = s.to,
        .from_uri = s.from_uri,
        .to_uri = s.to_uri,
        .has_cseq = !s.no_cseq,
        .cseq = s.cseq,
        .cseq_method = s.cseq_method ? s.cseq_method : s.method ? s.method : "INVITE",
        .top_via = {s.branch, s.sent_by ? s.sent_by : "10.0.0.1:5060"},
        .via_count = s.vias ? s.vias : s.origin_branch ? 2 : 1,
        .has_credentials = s.creds,
        .has_sdp = s.sdp,
        .has_retry_after = s.retry_after > 0,
        .retry_after = s.retry_after,
        .source = s.source,
        .destination = s.destination,
        .has_session_expires = s.se > 0,
        .session_expires = s.se,
        .refresher = s.refresher,
        .has_min_se = s.min_se > 0,
        .min_se = s.min_se,
        .supports_timer = s.supported_timer,
        .requires_timer = s.require_timer,
        .reason_phrase = s.phrase,
        .reason_protocol = s.reason_protocol,
        .has_reason_cause = s.reason_cause > 0,
        .reason_cause = (uint32_t)s.reason_cause,
        .reason_text = s.reason_text,
        .has_contact = !s.no_contact,
        .require_100rel = s.rel,
        .supported_100rel = s.supports,
        .has_rseq = s.rseq > 0,
        .rseq = s.rseq,
        .has_rack = s.rack_rseq > 0,
        .rack_rseq = s.rack_rseq,
        .rack_cseq = s.rack_cseq,
        .rack_method = s.rack_method ? s.rack_method : "INVITE",
        .event = s.event,
        .event_id = s.event_id,
        .has_subscription_state = s.sub_state != NULL,
        .subscription_state_valid = s.sub_state != NULL && !s.bad_state,
        .subscription_state = s.sub_state,
        .subscription_reason = s.reason,
        .has_state_expires = s.state_expires > 0,
        .state_expires = s.state_expires,
        .has_expires = s.expires > 0 || s.expires0,
        .expires = s.expires,
        .refer_to = s.refer_to,
        .refer_sub_false = s.refer_sub_false,
        .sipfrag = s.sipfrag,
        .sipfrag_status = s.sipfrag && strlen(s.sipfrag) >= 11 ? (unsigned)atoi(s.sipfrag + 8) : 0,
    };
    if (s.body != NULL) {
        m.has_sdp = true;
        sd_sdp_summarize(s.body, strlen(s.body), &m.sdp);
    }
    m.bottom_via = s.origin_branch ? (sd_via){s.origin_branch, s.origin_sent_by ? s.origin_sent_by : "10.0.0.9:5060"}
                                   : m.top_via;
    uint32_t first;
    unsigned before = sd_analyzer_frame_messages(h->a, h->frame, &first);
    sd_analyzer_add(h->a, &m);
    unsigned after = sd_analyzer_frame_messages(h->a, h->frame, &first);
    g_assert_cmpuint(after, ==, before + 1);
    return first + before;
}

void h_reach(harness *h, double t)
{
    h->t = t;
    sd_analyzer_reach(h->a, (int64_t)(t * 1e6));
}

sd_report h_report(harness *h, uint32_t id)
{
    sd_report r;
    sd_analyzer_report(h->a, id, &r);
    /* What the plugin asks instead when no field is wanted says the same. */
    bool retransmission;
    sd_finding_set findings = sd_analyzer_findings(h->a, id, &retransmission);
    g_assert_true(memcmp(&findings, &r.findings, sizeof findings) == 0);
    g_assert_cmpint(retransmission, ==, sd_report_has(&r, SD_FIELD_RETRANSMISSION_OF));
    return r;
}

int64_t h_field(harness *h, uint32_t id, sd_field field)
{
    sd_report r = h_report(h, id);
    return sd_report_has(&r, field) ? r.value[field] : -1;
}

static GString *describe(sd_finding_set set)
{
    GString *s = g_string_new("{");
    for (int f = 0; f < SD_FINDING_COUNT; f++)
        if (sd_finding_set_has(set, f))
            g_string_append_printf(s, " %s", sd_findings[f].name);
    g_string_append(s, " }");
    return s;
}

void h_assert_findings(harness *h, uint32_t id, const char *file, int line, ...)
{
    sd_finding_set expected = {{0}};
    va_list ap;
    va_start(ap, line);
    for (int f = va_arg(ap, int); f >= 0; f = va_arg(ap, int))
        sd_finding_set_add(&expected, f);
    va_end(ap);
    sd_finding_set actual = h_report(h, id).findings;
    if (memcmp(&actual, &expected, sizeof actual) != 0) {
        GString *e = describe(expected), *a = describe(actual);
        g_error("%s:%d: message %u: expected findings %s, got %s", file, line, id, e->str, a->str);
    }
}
