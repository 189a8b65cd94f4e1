/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How each dialog ended (RFC 5057 §5.1, RFC 3326). */
#include "harness.h"


static void call(harness *h)
{
    h_add(h, (msg_spec){.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0});
    h_add(h, (msg_spec){.status = 180, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1"});
    h_add(h, (msg_spec){.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .t = 1.0});
    h_add(h, (msg_spec){.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2"});
}

static const char *string_of(harness *h, uint32_t id, sd_field f)
{
    sd_report r = h_report(h, id);
    return sd_report_has(&r, f) ? r.string[f] : NULL;
}

/* A BYE with Reason: Q.850;cause=16, and the cause named. */
static void test_bye_reason(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t bye = REQ_B("BYE", 1, "z9hG4bKb1", .t = 30.0, .reason_protocol = "Q.850", .reason_cause = 16);
    TO_B(200, 1, "z9hG4bKb1", .cseq_method = "BYE");
    for (uint32_t id = 0; id <= bye + 1; id++) {
        assert_clean(&h, id);
        g_assert_cmpstr(string_of(&h, id, SD_FIELD_END_KIND), ==, "answered, ended by BYE");
        g_assert_cmpint(h_field(&h, id, SD_FIELD_END_BY), ==, SD_END_BY_CALLEE);
        g_assert_cmpint(h_field(&h, id, SD_FIELD_END_FRAME), ==, bye + 1);
        g_assert_cmpstr(string_of(&h, id, SD_FIELD_END_REASON_PROTOCOL), ==, "Q.850");
        g_assert_cmpint(h_field(&h, id, SD_FIELD_END_REASON_CAUSE), ==, 16);
        g_assert_cmpstr(string_of(&h, id, SD_FIELD_END_REASON_TEXT), ==, "Normal call clearing");
    }
    h_free(&h);
}

/* Still up; rejected; cancelled with the CANCEL's Reason; no answer. */
static void test_kinds(void)
{
    harness h;
    h_init(&h);
    uint32_t up = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    g_assert_cmpstr(string_of(&h, up, SD_FIELD_END_KIND), ==, "still up when the capture ended");
    g_assert_cmpint(h_field(&h, up, SD_FIELD_END_FRAME), ==, -1);

    uint32_t busy_inv = MSG(.method = "INVITE", .call_id = "c2", .cseq = 1, .from = "a", .branch = "z9hG4bK3");
    MSG(.status = 486, .call_id = "c2", .cseq = 1, .from = "a", .to = "x", .branch = "z9hG4bK3", .phrase = "Busy Here",
        .reason_protocol = "SIP", .reason_cause = 486, .reason_text = "busy");
    g_assert_cmpstr(string_of(&h, busy_inv, SD_FIELD_END_KIND), ==, "rejected: 486 Busy Here");
    g_assert_cmpint(h_field(&h, busy_inv, SD_FIELD_END_BY), ==, SD_END_BY_CALLEE);
    g_assert_cmpstr(string_of(&h, busy_inv, SD_FIELD_END_REASON_TEXT), ==, "busy");

    uint32_t inv = MSG(.method = "INVITE", .call_id = "c3", .cseq = 1, .from = "a", .branch = "z9hG4bK4");
    MSG(.status = 180, .call_id = "c3", .cseq = 1, .from = "a", .to = "y", .branch = "z9hG4bK4");
    uint32_t cancel = MSG(.method = "CANCEL", .call_id = "c3", .cseq = 1, .from = "a", .branch = "z9hG4bK4",
                          .reason_protocol = "SIP", .reason_cause = 200, .reason_text = "Call completed elsewhere");
    MSG(.status = 200, .call_id = "c3", .cseq = 1, .cseq_method = "CANCEL", .from = "a", .to = "y", .branch = "z9hG4bK4");
    MSG(.status = 487, .call_id = "c3", .cseq = 1, .from = "a", .to = "y", .branch = "z9hG4bK4");
    g_assert_cmpstr(string_of(&h, inv, SD_FIELD_END_KIND), ==, "cancelled");
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_END_BY), ==, SD_END_BY_CALLER);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_END_FRAME), ==, cancel + 1);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_END_REASON_CAUSE), ==, 200);

    uint32_t lost = MSG(.method = "INVITE", .call_id = "c4", .cseq = 1, .from = "a", .branch = "z9hG4bK5", .t = 10.0);
    h_reach(&h, 20.0);
    g_assert_cmpstr(string_of(&h, lost, SD_FIELD_END_KIND), ==, "still up when the capture ended");
    h_reach(&h, 42.2);
    g_assert_cmpstr(string_of(&h, lost, SD_FIELD_END_KIND), ==, "no answer (timeout)");
    h_free(&h);
}

/* RFC 5057 §5.1: a 481 to a re-INVITE destroys the INVITE usage; a
 * re-INVITE after it is late, a BYE is not. */
static void test_481_destroys(void)
{
    harness h;
    h_init(&h);
    call(&h);
    REQ_A("INVITE", 2, "z9hG4bK3", .t = 10.0);
    uint32_t r481 = TO_A(481, 2, "z9hG4bK3", .phrase = "Call/Transaction Does Not Exist");
    REQ_A("ACK", 2, "z9hG4bK3");
    uint32_t late = REQ_A("UPDATE", 3, "z9hG4bK4");
    TO_A(481, 3, "z9hG4bK4", .cseq_method = "UPDATE");
    uint32_t bye = REQ_A("BYE", 4, "z9hG4bK5");
    TO_A(481, 4, "z9hG4bK5", .cseq_method = "BYE");
    assert_findings(&h, r481, F(DIALOG_ENDED_BY_RESPONSE));
    assert_findings(&h, late, F(DIALOG_REQUEST_AFTER_END));
    assert_clean(&h, bye);
    assert_clean(&h, bye + 1);
    g_assert_cmpstr(string_of(&h, 0, SD_FIELD_END_KIND), ==,
                    "INVITE usage destroyed by 481 Call/Transaction Does Not Exist");
    g_assert_cmpint(h_field(&h, 0, SD_FIELD_END_FRAME), ==, r481 + 1);
    g_assert_cmpint(h_field(&h, 0, SD_FIELD_END_BY), ==, SD_END_BY_CALLEE);
    h_free(&h);
}

/* The kind's text: status and phrase, without trailing white space, cut
 * at 159 bytes (as it was by snprintf). */
static void test_kind_text(void)
{
    harness h;
    h_init(&h);
    char long_phrase[201], spaced[201];
    memset(long_phrase, 'x', 200);
    long_phrase[200] = '\0';
    /* "rejected: 603 " is 14 bytes: the cut falls among the spaces. */
    memset(spaced, 'x', 140);
    memset(spaced + 140, ' ', 10);
    memset(spaced + 150, 'y', 50);
    spaced[200] = '\0';
    const char *phrases[] = {NULL, long_phrase, spaced};
    uint32_t invites[3];
    for (int i = 0; i < 3; i++) {
        char call_id[8], branch[16];
        g_snprintf(call_id, sizeof call_id, "k%d", i);
        g_snprintf(branch, sizeof branch, "z9hG4bKk%d", i);
        invites[i] = MSG(.method = "INVITE", .call_id = call_id, .cseq = 1, .from = "a", .branch = branch);
        MSG(.status = 603, .call_id = call_id, .cseq = 1, .from = "a", .to = "x", .branch = branch,
            .phrase = phrases[i]);
    }
    g_assert_cmpstr(string_of(&h, invites[0], SD_FIELD_END_KIND), ==, "rejected: 603");
    char expected[160];
    g_snprintf(expected, sizeof expected, "rejected: 603 %.145s", long_phrase);
    g_assert_cmpuint(strlen(expected), ==, 159);
    g_assert_cmpstr(string_of(&h, invites[1], SD_FIELD_END_KIND), ==, expected);
    g_snprintf(expected, sizeof expected, "rejected: 603 %.140s", spaced);
    g_assert_cmpstr(string_of(&h, invites[2], SD_FIELD_END_KIND), ==, expected);
    h_free(&h);
}

/* A 404 to an INFO destroys the dialog (Table 1); a 486 to a re-INVITE
 * leaves it alone. */
static void test_dialog_destroyed_and_not(void)
{
    harness h;
    h_init(&h);
    call(&h);
    REQ_A("INVITE", 2, "z9hG4bK3", .t = 10.0);
    uint32_t busy = TO_A(486, 2, "z9hG4bK3");
    REQ_A("ACK", 2, "z9hG4bK3");
    REQ_B("INFO", 1, "z9hG4bKb1");
    uint32_t gone = TO_B(404, 1, "z9hG4bKb1", .cseq_method = "INFO", .phrase = "Not Found");
    assert_clean(&h, busy);
    assert_findings(&h, gone, F(DIALOG_ENDED_BY_RESPONSE));
    g_assert_cmpstr(string_of(&h, 0, SD_FIELD_END_KIND), ==, "destroyed by 404 Not Found");
    g_assert_cmpint(h_field(&h, 0, SD_FIELD_END_BY), ==, SD_END_BY_CALLER);
    h_free(&h);
}

/* A proxy ending both legs itself: two BYEs from one address and port,
 * one end by the middle, no crossing; two UAs' BYEs crossing stay so. */
static void test_bye_from_middle(void)
{
    const uint64_t proxy = (1u << 16) | 5060, a = (2u << 16) | 5060, b = (3u << 16) | 5060;
    harness h;
    h_init(&h);
    call(&h);
    uint32_t to_a = REQ_B("BYE", 1, "z9hG4bKm1", .t = 30.0, .source = proxy, .destination = a);
    uint32_t to_b = REQ_A("BYE", 2, "z9hG4bKm2", .sent_by = "10.0.0.1:5060", .source = proxy, .destination = b);
    assert_clean(&h, to_a);
    assert_clean(&h, to_b);
    g_assert_cmpint(h_field(&h, 0, SD_FIELD_END_BY), ==, SD_END_BY_MIDDLE);
    g_assert_cmpint(h_field(&h, 0, SD_FIELD_END_FRAME), ==, to_a + 1);
    h_free(&h);

    h_init(&h);
    call(&h);
    REQ_B("BYE", 1, "z9hG4bKb1", .t = 30.0, .source = b, .destination = a);
    uint32_t crossing = REQ_A("BYE", 2, "z9hG4bK9", .source = a, .destination = b);
    assert_findings(&h, crossing, F(BYE_CROSSED));
    g_assert_cmpint(h_field(&h, 0, SD_FIELD_END_BY), ==, SD_END_BY_CALLEE);
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/outcome/bye_reason", test_bye_reason);
    g_test_add_func("/outcome/kinds", test_kinds);
    g_test_add_func("/outcome/kind_text", test_kind_text);
    g_test_add_func("/outcome/481_destroys", test_481_destroys);
    g_test_add_func("/outcome/dialog_destroyed_and_not", test_dialog_destroyed_and_not);
    g_test_add_func("/outcome/bye_from_middle", test_bye_from_middle);
    return g_test_run();
}
