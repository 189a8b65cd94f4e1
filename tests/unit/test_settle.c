/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What has settled leaves the analyzer's tables; what may still change stays. */
#include "harness.h"
#include "model.h"

/* One call: INVITE, 200, ACK at `t`, BYE and its 200 a second later. */
static void call(harness *h, int i, double t)
{
    char id[32], b1[32], b2[32], b3[32];
    g_snprintf(id, sizeof id, "call-%d", i);
    g_snprintf(b1, sizeof b1, "z9hG4bK%d-1", i);
    g_snprintf(b2, sizeof b2, "z9hG4bK%d-2", i);
    g_snprintf(b3, sizeof b3, "z9hG4bK%d-3", i);
    h_add(h, (msg_spec){.method = "INVITE", .cseq = 1, .call_id = id, .from = "a", .branch = b1, .t = t});
    h_add(h, (msg_spec){.status = 200, .cseq = 1, .call_id = id, .from = "a", .to = "b", .branch = b1});
    h_add(h, (msg_spec){.method = "ACK", .cseq = 1, .call_id = id, .from = "a", .to = "b", .branch = b2});
    h_add(h, (msg_spec){.method = "BYE", .cseq = 2, .call_id = id, .from = "a", .to = "b", .branch = b3, .t = t + 1});
    h_add(h, (msg_spec){.status = 200, .cseq = 2, .call_id = id, .from = "a", .to = "b", .branch = b3});
}

/* 2,000 calls one second apart: the tables hold the transactions of the
 * last 64×T1 and the calls of the last ten minutes, not all of them. */
static void test_tables_hold_what_may_change(void)
{
    harness h;
    h_init(&h);
    for (int i = 0; i < 2000; i++)
        call(&h, i, i);
    sd_analyzer *a = h.a;
    g_assert_cmpuint(a->call_count, ==, 2000);
    /* transactions of two sweep periods of 32.1 s at most, 3 per call */
    g_assert_cmpuint(a->txns.count, <=, 3 * 66);
    g_assert_cmpuint(a->branches.count, <=, 3 * 66);
    /* calls and dialogs of 600 s and a sweep period of 300 s */
    g_assert_cmpuint(a->calls.count, <=, 902);
    g_assert_cmpuint(a->dialogs.count, <=, 902);
    g_assert_cmpuint(a->creators.count, <=, 902);
    /* The reports still have everything, settled or not. */
    g_assert_cmpint(h_field(&h, 1, SD_FIELD_ACK_IN), ==, 3);
    g_assert_cmpint(h_field(&h, 1, SD_FIELD_BYE_IN), ==, 4);
    h_free(&h);
}

/* A call goes on as long as its dialog is confirmed; a registration as long
 * as it lasts. */
static void test_what_may_change_stays(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .call_id = "long", .from = "a", .branch = "z9hG4bKl1", .t = 0);
    MSG(.status = 200, .cseq = 1, .call_id = "long", .from = "a", .to = "b", .branch = "z9hG4bKl1");
    MSG(.method = "ACK", .cseq = 1, .call_id = "long", .from = "a", .to = "b", .branch = "z9hG4bKl2");
    MSG(.method = "REGISTER", .cseq = 7, .call_id = "reg", .from = "r", .branch = "z9hG4bKr1", .t = 1);
    MSG(.status = 200, .cseq = 7, .call_id = "reg", .from = "r", .to = "x", .branch = "z9hG4bKr1",
        .cseq_method = "REGISTER");
    /* An hour later, other traffic moves the capture on. */
    call(&h, 1, 3600);
    call(&h, 2, 3700);
    /* The re-INVITE finds its dialog and its sender's CSeq space. */
    uint32_t reinvite = MSG(.method = "INVITE", .cseq = 2, .call_id = "long", .from = "a", .to = "b",
                            .branch = "z9hG4bKl3", .t = 3750);
    assert_clean(&h, reinvite);
    g_assert_cmpint(h_field(&h, reinvite, SD_FIELD_CALL), ==, 0);
    g_assert_cmpint(h_field(&h, reinvite, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, reinvite, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    /* The REGISTER refresh is checked against the previous one. */
    uint32_t refresh = MSG(.method = "REGISTER", .cseq = 7, .call_id = "reg", .from = "r", .branch = "z9hG4bKr2");
    assert_findings(&h, refresh, SD_FINDING_CSEQ_REGISTER_NOT_INCREMENTED);
    g_assert_cmpint(h_field(&h, refresh, SD_FIELD_CALL), ==, 1);
    h_free(&h);
}

/* A dialog ended long ago is forgotten: a request in it is in a dialog the
 * analysis does not know, as for the UA that ended it; a retry after a
 * challenge, a minute later, still finds its attempt. */
static void test_ended_dialog_is_forgotten(void)
{
    harness h;
    h_init(&h);
    call(&h, 0, 0);
    uint32_t soon = MSG(.method = "INFO", .cseq = 3, .call_id = "call-0", .from = "a", .to = "b",
                        .branch = "z9hG4bKs", .t = 5);
    assert_findings(&h, soon, SD_FINDING_DIALOG_REQUEST_AFTER_BYE);
    call(&h, 1, 700);
    uint32_t late = MSG(.method = "INFO", .cseq = 4, .call_id = "call-0", .from = "a", .to = "b",
                        .branch = "z9hG4bKt", .t = 800);
    assert_findings(&h, late, SD_FINDING_DIALOG_UNKNOWN);
    g_assert_cmpint(h_field(&h, late, SD_FIELD_CALL), ==, 2);   /* the Call-ID is new again */

    MSG(.method = "INVITE", .cseq = 1, .call_id = "auth", .from = "u", .branch = "z9hG4bKu1", .t = 1000);
    uint32_t challenge = MSG(.status = 407, .cseq = 1, .call_id = "auth", .from = "u", .to = "p", .branch = "z9hG4bKu1");
    MSG(.method = "ACK", .cseq = 1, .call_id = "auth", .from = "u", .to = "p", .branch = "z9hG4bKu1");
    call(&h, 3, 1030);   /* moves the capture past a sweep */
    uint32_t retry = MSG(.method = "INVITE", .cseq = 2, .call_id = "auth", .from = "u", .branch = "z9hG4bKu2",
                         .creds = true, .t = 1080);
    assert_findings(&h, retry, SD_FINDING_CSEQ_AUTH_RETRY);
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_AUTH_CHALLENGE_IN), ==, challenge + 1);   /* its frame */
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/settle/tables_hold_what_may_change", test_tables_hold_what_may_change);
    g_test_add_func("/settle/what_may_change_stays", test_what_may_change_stays);
    g_test_add_func("/settle/ended_dialog_is_forgotten", test_ended_dialog_is_forgotten);
    return g_test_run();
}
