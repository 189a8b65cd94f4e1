/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Calls, dialogs and sides; and the analyzer's contract on its input. */
#include "harness.h"

static void test_call_indices(void)
{
    harness h;
    h_init(&h);
    uint32_t a = MSG(.method = "OPTIONS", .cseq = 1, .call_id = "x", .from = "1", .branch = "z9hG4bK1");
    uint32_t b = MSG(.method = "OPTIONS", .cseq = 1, .call_id = "y", .from = "1", .branch = "z9hG4bK2");
    uint32_t c = MSG(.method = "OPTIONS", .cseq = 2, .call_id = "x", .from = "1", .branch = "z9hG4bK3");
    g_assert_cmpint(h_field(&h, a, SD_FIELD_CALL), ==, 0);
    g_assert_cmpint(h_field(&h, b, SD_FIELD_CALL), ==, 1);
    g_assert_cmpint(h_field(&h, c, SD_FIELD_CALL), ==, 0);
    /* Requests outside a dialog belong to none, but still show the
     * sender's previous request in the Call-ID. */
    g_assert_cmpint(h_field(&h, c, SD_FIELD_DIALOG), ==, -1);
    g_assert_cmpint(h_field(&h, c, SD_FIELD_CSEQ_PREVIOUS_IN), ==, 1);
    h_free(&h);
}

/* Each fork's early dialog gets its own index, in order of appearance. */
static void test_fork_indices(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t b = MSG(.status = 183, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t c = MSG(.status = 183, .cseq = 1, .from = "a", .to = "c", .branch = "z9hG4bK1");
    uint32_t b_ok = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t c_bye = MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "c", .branch = "z9hG4bK2");
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, b, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, c, SD_FIELD_DIALOG), ==, 1);
    g_assert_cmpint(h_field(&h, b_ok, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, c_bye, SD_FIELD_DIALOG), ==, 1);
    g_assert_cmpint(h_field(&h, c_bye, SD_FIELD_SIDE), ==, SD_SIDE_CALLER);
    h_free(&h);
}

/* A new INVITE with the same Call-ID and From tag after a call ended is a
 * new dialog; the CSeq history of the UA carries over. */
static void test_new_attempt_after_confirmed(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t again = MSG(.method = "INVITE", .cseq = 2, .from = "a", .branch = "z9hG4bK2");
    g_assert_cmpint(h_field(&h, again, SD_FIELD_DIALOG), ==, 1);
    g_assert_cmpint(h_field(&h, again, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    assert_clean(&h, again);
    h_free(&h);
}

/* Several messages in one frame (SIP over TCP) are analysed one by one. */
static void test_messages_in_one_frame(void)
{
    harness h;
    h_init(&h);
    uint32_t x = MSG(.method = "OPTIONS", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t y = MSG(.method = "OPTIONS", .cseq = 2, .from = "a", .branch = "z9hG4bK2", .same_frame = true);
    uint32_t first;
    g_assert_cmpuint(sd_analyzer_frame_messages(h.a, 1, &first), ==, 2);
    g_assert_cmpuint(first, ==, x);
    g_assert_cmpuint(y, ==, x + 1);
    g_assert_cmpuint(sd_analyzer_frame_messages(h.a, 2, &first), ==, 0);
    h_free(&h);
}

/* Input out of capture order, or without a Call-ID, is ignored. */
static void test_input_contract(void)
{
    sd_analyzer *a = sd_analyzer_new(NULL);
    sd_message m = {.frame = 5, .method = "OPTIONS", .call_id = "x"};
    sd_analyzer_add(a, &m);
    m.frame = 3;
    sd_analyzer_add(a, &m);
    m.frame = 6;
    m.call_id = NULL;
    sd_analyzer_add(a, &m);
    uint32_t first;
    g_assert_cmpuint(sd_analyzer_frame_messages(a, 5, &first), ==, 1);
    g_assert_cmpuint(sd_analyzer_frame_messages(a, 3, &first), ==, 0);
    g_assert_cmpuint(sd_analyzer_frame_messages(a, 6, &first), ==, 0);
    sd_report r;
    sd_analyzer_report(a, 99, &r);
    g_assert_cmpuint(r.present[0] | r.present[1], ==, 0);
    sd_analyzer_free(a);
}

/* A CSeq method the dissector could not read (RFC 4475 §3.1.1.2 "intmeth")
 * is no mismatch. */
static void test_unknown_cseq_method(void)
{
    sd_analyzer *a = sd_analyzer_new(NULL);
    sd_message m = {.frame = 1, .method = "!interesting-Method", .call_id = "x", .has_cseq = true, .cseq = 1};
    sd_analyzer_add(a, &m);
    sd_report r;
    sd_analyzer_report(a, 0, &r);
    g_assert_true(sd_finding_set_empty(r.findings));
    sd_analyzer_free(a);
}

/* What the statistics tables show of each dialog. */
static void test_summaries(void)
{
    harness h;
    h_init(&h);
    /* A call answered after 2 s, ended 10 s later. */
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .from_uri = "sip:alice@x",
        .to_uri = "sip:bob@y", .t = 1.0);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .from_uri = "sip:alice@x",
        .to_uri = "sip:bob@y", .t = 3.0);
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2", .t = 3.1);
    MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .t = 13.0);
    /* A forked call: two dialogs of one INVITE, the second never ACKed. */
    MSG(.method = "INVITE", .cseq = 1, .call_id = "c2", .from = "a", .branch = "z9hG4bK4", .t = 20.0);
    MSG(.status = 200, .cseq = 1, .call_id = "c2", .from = "a", .to = "b", .branch = "z9hG4bK4", .t = 21.0);
    MSG(.status = 200, .cseq = 1, .call_id = "c2", .from = "a", .to = "c", .branch = "z9hG4bK4", .t = 21.5);
    MSG(.method = "ACK", .cseq = 1, .call_id = "c2", .from = "a", .to = "b", .branch = "z9hG4bK5", .t = 21.6);
    /* A call rejected. */
    MSG(.method = "INVITE", .cseq = 1, .call_id = "c3", .from = "a", .branch = "z9hG4bK6", .t = 30.0);
    MSG(.status = 486, .cseq = 1, .call_id = "c3", .from = "a", .to = "b", .branch = "z9hG4bK6", .t = 30.5);

    sd_dialog_summary s;
    g_assert_true(sd_analyzer_dialog(h.a, 0, &s));
    g_assert_cmpstr(s.call_id, ==, "call-1");
    g_assert_cmpstr(s.caller_uri, ==, "sip:alice@x");
    g_assert_cmpstr(s.callee_uri, ==, "sip:bob@y");
    g_assert_cmpuint(s.first_frame, ==, 1);
    g_assert_cmpint(s.state, ==, SD_DIALOG_TERMINATED);
    g_assert_true(s.answered && s.acked);
    g_assert_cmpuint(s.forks, ==, 1);
    g_assert_cmpint(s.setup_us, ==, 2000000);
    g_assert_cmpint(s.duration_us, ==, 10000000);

    sd_dialog_summary first, second;
    g_assert_true(sd_analyzer_dialog(h.a, 1, &first));
    g_assert_true(sd_analyzer_dialog(h.a, 2, &second));
    g_assert_cmpuint(first.call, ==, 1);
    g_assert_cmpuint(second.call, ==, 1);
    g_assert_cmpuint(first.forks, ==, 2);
    g_assert_cmpuint(first.invite, ==, second.invite);
    g_assert_true(first.acked);
    g_assert_true(second.answered && !second.acked);
    g_assert_cmpuint(second.first_frame, ==, 7);
    g_assert_cmpint(second.setup_us, ==, 1500000);   /* from the INVITE, not from its first response */

    g_assert_true(sd_analyzer_dialog(h.a, 3, &s));
    g_assert_false(s.answered);
    g_assert_cmpint(s.state, ==, SD_DIALOG_TERMINATED);
    g_assert_cmpint(s.setup_us, ==, 500000);
    g_assert_cmpint(s.duration_us, ==, -1);
    g_assert_false(sd_analyzer_dialog(h.a, 4, &s));
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/dialogs/call_indices", test_call_indices);
    g_test_add_func("/dialogs/fork_indices", test_fork_indices);
    g_test_add_func("/dialogs/new_attempt_after_confirmed", test_new_attempt_after_confirmed);
    g_test_add_func("/dialogs/messages_in_one_frame", test_messages_in_one_frame);
    g_test_add_func("/dialogs/input_contract", test_input_contract);
    g_test_add_func("/dialogs/unknown_cseq_method", test_unknown_cseq_method);
    g_test_add_func("/dialogs/summaries", test_summaries);
    return g_test_run();
}
