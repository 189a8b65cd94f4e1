/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transactions, ACK, CANCEL and BYE (RFC 3261 §9, §13, §15, §17). */
#include "harness.h"

/* Tags a (caller) and b (callee) in call-1 unless said otherwise. */
#define INVITE(cseq_, branch_, ...) MSG(.method = "INVITE", .cseq = cseq_, .from = "a", .branch = branch_, __VA_ARGS__)
#define RESP(status_, cseq_, branch_, ...)                                                                   \
    MSG(.status = status_, .cseq = cseq_, .from = "a", .to = "b", .branch = branch_, __VA_ARGS__)

static void test_clean_call_links_and_states(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = INVITE(1, "z9hG4bK1", .t = 1.0);
    uint32_t trying = MSG(.status = 100, .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t ringing = RESP(180, 1, "z9hG4bK1");
    uint32_t ok = RESP(200, 1, "z9hG4bK1");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t bye = MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .t = 9.0);
    uint32_t bye_ok = RESP(200, 2, "z9hG4bK3", .cseq_method = "BYE");
    h_reach(&h, 200.0);
    for (uint32_t id = inv; id <= bye_ok; id++)
        assert_clean(&h, id);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_STATE), ==, SD_DIALOG_PREPARATIVE);
    g_assert_cmpint(h_field(&h, trying, SD_FIELD_STATE), ==, SD_DIALOG_PREPARATIVE);
    g_assert_cmpint(h_field(&h, ringing, SD_FIELD_STATE), ==, SD_DIALOG_EARLY);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_STATE), ==, SD_DIALOG_CONFIRMED);
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_STATE), ==, SD_DIALOG_TERMINATED);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_TRANSACTION), ==, h_field(&h, ok, SD_FIELD_TRANSACTION));
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_TRANSACTION), !=, h_field(&h, inv, SD_FIELD_TRANSACTION));
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_ACK_IN), ==, 5);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_ACK_TO), ==, 4);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_INVITE_IN), ==, 1);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_BYE_IN), ==, 6);
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_RESPONSE_IN), ==, 7);
    h_free(&h);
}

/* "The call drops after 32 seconds": the caller never ACKs the 2xx, the
 * callee retransmits it (T1, 2T1, ... capped at T2) and then hangs up. */
static void test_ack_missing(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1", .t = 0.0);
    RESP(180, 1, "z9hG4bK1", .t = 0.1);
    uint32_t ok = RESP(200, 1, "z9hG4bK1", .t = 1.0);
    double t = 1.0, interval = 0.5;
    uint32_t last = 0;
    while (t + interval < 33.0) {
        t += interval;
        last = RESP(200, 1, "z9hG4bK1", .t = t);
        interval = interval * 2 > 4.0 ? 4.0 : interval * 2;
    }
    /* Before the deadline: retransmitted, and not ACKed so far. */
    assert_findings(&h, ok, F(ACK_PENDING_AT_END));
    uint32_t bye = MSG(.method = "BYE", .cseq = 7, .from = "b", .to = "a", .branch = "z9hG4bKb", .t = 33.1);
    assert_findings(&h, ok, F(ACK_MISSING));
    assert_clean(&h, last);
    assert_clean(&h, bye); /* after Timer H the callee may end the call */
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_RETRANSMISSIONS), ==, 10);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_LAST_RETRANSMISSION_IN), ==, 13);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_BYE_IN), ==, 14);
    g_assert_cmpint(h_field(&h, last, SD_FIELD_RETRANSMISSION_OF), ==, 3);
    h_free(&h);
}

/* A real stack's Timer H fires a hair before 64×T1 (libre: 80 µs): its BYE
 * is the give-up BYE, not one before the ACK; and it proves the ACK missing
 * although the capture ends right after it. */
static void test_give_up_bye_at_timer_h(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1", .t = 0.0);
    uint32_t ok = RESP(200, 1, "z9hG4bK1", .t = 0.5);
    uint32_t bye = MSG(.method = "BYE", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb", .t = 32.49992);
    MSG(.status = 481, .cseq = 1, .cseq_method = "BYE", .from = "b", .to = "a", .branch = "z9hG4bKb", .t = 32.5);
    assert_clean(&h, bye);
    assert_findings(&h, ok, F(ACK_MISSING));
    h_free(&h);
}

/* A frame dated in the future does not make later deadlines look past:
 * the clock's step back is taken out, and said once. */
static void test_frame_from_the_future(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "OPTIONS", .cseq = 1, .from = "x", .branch = "z9hG4bK9", .call_id = "c0", .t = 5000.0);
    uint32_t options = MSG(.method = "OPTIONS", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 10.0);
    assert_findings(&h, options, F(CAPTURE_CLOCK_JUMP));
    uint32_t ok = RESP(200, 1, "z9hG4bK1", .cseq_method = "OPTIONS", .t = 10.1);
    assert_findings(&h, options, F(CAPTURE_CLOCK_JUMP));
    assert_clean(&h, ok);
    h_free(&h);
}

/* A capture that ends before the deadline says nothing. */
static void test_ack_missing_needs_the_deadline(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1", .t = 0.0);
    uint32_t ok = RESP(200, 1, "z9hG4bK1", .t = 1.0);
    h_reach(&h, 20.0);
    assert_clean(&h, ok);
    h_reach(&h, 33.2);
    assert_findings(&h, ok, F(ACK_MISSING));
    h_free(&h);
}

static void test_ack_of_non2xx(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = INVITE(1, "z9hG4bK1", .ruri = "sip:b@x");
    uint32_t busy = RESP(486, 1, "z9hG4bK1");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .ruri = "sip:b@x");
    uint32_t busy_again = RESP(486, 1, "z9hG4bK1", .t = 1.0);
    uint32_t ack_again = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .ruri = "sip:b@x");
    h_reach(&h, 100);
    for (uint32_t id = inv; id <= ack_again; id++)
        assert_clean(&h, id);
    g_assert_cmpint(h_field(&h, busy, SD_FIELD_ACK_IN), ==, 3);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_ACK_TO), ==, 2);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_INVITE_IN), ==, 1);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_TRANSACTION), ==, h_field(&h, inv, SD_FIELD_TRANSACTION));
    g_assert_cmpint(h_field(&h, busy_again, SD_FIELD_RETRANSMISSION_OF), ==, 2);
    g_assert_cmpint(h_field(&h, ack_again, SD_FIELD_RETRANSMISSION_OF), ==, 3);
    h_free(&h);
}

static void test_ack_branch_mismatch(void)
{
    harness h;
    h_init(&h);
    /* A new branch for the ACK of a 486. */
    INVITE(1, "z9hG4bK1");
    RESP(486, 1, "z9hG4bK1");
    uint32_t new_branch = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    assert_findings(&h, new_branch, F(ACK_BRANCH_MISMATCH));
    g_assert_cmpint(h_field(&h, new_branch, SD_FIELD_INVITE_IN), ==, 1);
    /* The right branch, but another To tag and Request-URI. */
    INVITE(1, "z9hG4bK5", .call_id = "c2", .ruri = "sip:b@x");
    RESP(603, 1, "z9hG4bK5", .call_id = "c2");
    uint32_t wrong_to = MSG(.method = "ACK", .cseq = 1, .call_id = "c2", .from = "a", .to = "zz", .branch = "z9hG4bK5",
                            .ruri = "sip:b@x");
    assert_findings(&h, wrong_to, F(ACK_BRANCH_MISMATCH));
    h_free(&h);
}

static void test_ack_branch_reused_and_unmatched(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    uint32_t ok = RESP(200, 1, "z9hG4bK1");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    assert_findings(&h, ack, F(ACK_BRANCH_REUSED));
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_ACK_IN), ==, 3);
    uint32_t stray = MSG(.method = "ACK", .cseq = 1, .call_id = "nowhere", .from = "a", .to = "b", .branch = "z9hG4bK9");
    assert_findings(&h, stray, F(ACK_UNMATCHED));
    h_reach(&h, 100);
    assert_clean(&h, ok);
    h_free(&h);
}

static void test_ack_missing_non2xx(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1", .t = 0.0);
    uint32_t udp = RESP(486, 1, "z9hG4bK1", .t = 0.5);
    INVITE(1, "z9hG4bK2", .call_id = "c2", .tcp = true);
    uint32_t tcp = RESP(486, 1, "z9hG4bK2", .call_id = "c2", .tcp = true);
    h_reach(&h, 20);
    assert_clean(&h, udp);
    h_reach(&h, 40);
    assert_findings(&h, udp, F(ACK_MISSING_NON2XX));
    assert_clean(&h, tcp);
    h_free(&h);
}

static void test_cancel(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = INVITE(1, "z9hG4bK1", .ruri = "sip:b@x", .t = 0.0);
    RESP(180, 1, "z9hG4bK1");
    uint32_t cancel = MSG(.method = "CANCEL", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .ruri = "sip:b@x", .t = 2.0);
    uint32_t cancel_ok = RESP(200, 1, "z9hG4bK1", .cseq_method = "CANCEL");
    uint32_t terminated = RESP(487, 1, "z9hG4bK1");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .ruri = "sip:b@x");
    h_reach(&h, 100);
    for (uint32_t id = inv; id <= ack; id++)
        assert_clean(&h, id);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_CANCEL_IN), ==, 3);
    g_assert_cmpint(h_field(&h, cancel, SD_FIELD_INVITE_IN), ==, 1);
    g_assert_cmpint(h_field(&h, cancel, SD_FIELD_RESPONSE_IN), ==, 4);
    g_assert_cmpint(h_field(&h, cancel_ok, SD_FIELD_REQUEST_IN), ==, 3);
    g_assert_cmpint(h_field(&h, terminated, SD_FIELD_STATE), ==, SD_DIALOG_TERMINATED);
    h_free(&h);
}

static void test_cancel_mismatches(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1", .ruri = "sip:b@x");
    RESP(180, 1, "z9hG4bK1");
    uint32_t other_branch = MSG(.method = "CANCEL", .cseq = 1, .from = "a", .branch = "z9hG4bK2", .ruri = "sip:b@x");
    uint32_t with_tag = MSG(.method = "CANCEL", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .ruri = "sip:b@x");
    assert_findings(&h, other_branch, F(CANCEL_BRANCH_MISMATCH));
    g_assert_cmpint(h_field(&h, other_branch, SD_FIELD_INVITE_IN), ==, 1);
    assert_findings(&h, with_tag, F(CANCEL_BRANCH_MISMATCH));
    INVITE(1, "z9hG4bK5", .call_id = "c2", .ruri = "sip:b@x");
    RESP(180, 1, "z9hG4bK5", .call_id = "c2");
    uint32_t other_uri = MSG(.method = "CANCEL", .cseq = 1, .call_id = "c2", .from = "a", .branch = "z9hG4bK5",
                             .ruri = "sip:c@x");
    assert_findings(&h, other_uri, F(CANCEL_BRANCH_MISMATCH));
    h_free(&h);
}

static void test_cancel_before_provisional(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    uint32_t cancel = MSG(.method = "CANCEL", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    assert_findings(&h, cancel, F(CANCEL_BEFORE_PROVISIONAL));
    h_free(&h);
}

static void test_cancel_no_final(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = INVITE(1, "z9hG4bK1", .t = 0.0);
    RESP(180, 1, "z9hG4bK1");
    MSG(.method = "CANCEL", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 1.0);
    uint32_t cancel_ok = RESP(200, 1, "z9hG4bK1", .cseq_method = "CANCEL");
    h_reach(&h, 30);
    assert_clean(&h, cancel_ok);
    h_reach(&h, 40);
    assert_findings(&h, cancel_ok, F(CANCEL_NO_FINAL));
    /* The INVITE had a provisional: Timer B no longer applies to it. */
    assert_clean(&h, inv);
    h_free(&h);
}

/* RFC 5407 §3.1.2: the callee answers while the CANCEL is on its way. */
static void test_cancel_2xx_race(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    RESP(180, 1, "z9hG4bK1");
    uint32_t cancel = MSG(.method = "CANCEL", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t ok = RESP(200, 1, "z9hG4bK1");
    uint32_t cancel_ok = RESP(200, 1, "z9hG4bK1", .cseq_method = "CANCEL");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t bye = MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    RESP(200, 2, "z9hG4bK3", .cseq_method = "BYE");
    h_reach(&h, 100);
    assert_clean(&h, cancel);
    assert_findings(&h, ok, F(CANCEL_2XX_RACE));
    assert_clean(&h, cancel_ok);
    assert_clean(&h, ack);
    assert_clean(&h, bye);
    h_free(&h);
}

static void test_unmatched_response(void)
{
    harness h;
    h_init(&h);
    uint32_t stray = MSG(.status = 200, .cseq = 3, .cseq_method = "BYE", .from = "x", .to = "y", .branch = "z9hG4bKz");
    uint32_t again = MSG(.status = 200, .cseq = 3, .cseq_method = "BYE", .from = "x", .to = "y", .branch = "z9hG4bKz");
    assert_findings(&h, stray, F(TXN_RESPONSE_UNMATCHED));
    assert_clean(&h, again);
    g_assert_cmpint(h_field(&h, again, SD_FIELD_RETRANSMISSION_OF), ==, 1);
    g_assert_cmpint(h_field(&h, stray, SD_FIELD_REQUEST_IN), ==, -1);
    /* Nor is a 2xx whose INVITE was not captured judged for its ACK. */
    uint32_t ok = MSG(.status = 200, .cseq = 1, .call_id = "c2", .from = "x", .to = "y", .branch = "z9hG4bKw");
    h_reach(&h, 100);
    assert_findings(&h, ok, F(TXN_RESPONSE_UNMATCHED));
    h_free(&h);
}

static void test_final_after_final(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    RESP(486, 1, "z9hG4bK1");
    uint32_t late = RESP(200, 1, "z9hG4bK1");
    assert_findings(&h, late, F(TXN_FINAL_AFTER_FINAL));
    h_free(&h);
}

static void test_to_tag_missing(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    uint32_t trying = MSG(.status = 100, .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t ringing = MSG(.status = 180, .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    assert_clean(&h, trying);
    assert_findings(&h, ringing, F(TXN_TO_TAG_MISSING));
    /* Outside dialog-creating requests it is not this rule's business. */
    MSG(.method = "OPTIONS", .cseq = 1, .call_id = "c2", .from = "a", .branch = "z9hG4bK2");
    uint32_t options_ok = MSG(.status = 200, .cseq = 1, .cseq_method = "OPTIONS", .call_id = "c2", .from = "a",
                              .branch = "z9hG4bK2");
    assert_clean(&h, options_ok);
    h_free(&h);
}

static void test_branch_reused(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "OPTIONS", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t reuse = MSG(.method = "OPTIONS", .cseq = 2, .from = "a", .branch = "z9hG4bK1");
    uint32_t other = MSG(.method = "MESSAGE", .cseq = 3, .from = "a", .branch = "z9hG4bK1");
    uint32_t old_style = MSG(.method = "OPTIONS", .cseq = 1, .call_id = "c2", .from = "a", .branch = "1");
    uint32_t old_again = MSG(.method = "OPTIONS", .cseq = 2, .call_id = "c2", .from = "a", .branch = "1");
    assert_findings(&h, reuse, F(TXN_BRANCH_REUSED));
    assert_findings(&h, other, F(TXN_BRANCH_REUSED));
    assert_clean(&h, old_style);
    assert_clean(&h, old_again);
    h_free(&h);
}

static void test_no_final_response(void)
{
    harness h;
    h_init(&h);
    uint32_t options = MSG(.method = "OPTIONS", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0);
    uint32_t invite = MSG(.method = "INVITE", .cseq = 1, .call_id = "c2", .from = "a", .branch = "z9hG4bK2");
    uint32_t proceeding = MSG(.method = "INVITE", .cseq = 1, .call_id = "c3", .from = "a", .branch = "z9hG4bK3");
    MSG(.status = 100, .cseq = 1, .call_id = "c3", .from = "a", .branch = "z9hG4bK3");
    uint32_t retrans = MSG(.method = "OPTIONS", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.5);
    h_reach(&h, 30);
    assert_clean(&h, options);
    h_reach(&h, 33);
    assert_findings(&h, options, F(TXN_NO_FINAL_RESPONSE));
    assert_clean(&h, retrans);
    assert_findings(&h, invite, F(TXN_NO_FINAL_RESPONSE));
    assert_clean(&h, proceeding);
    g_assert_cmpint(h_field(&h, options, SD_FIELD_RETRANSMISSIONS), ==, 1);
    h_free(&h);
}

/* A lossy capture: the caller's BYE uses a To tag no captured response
 * carried, so the INVITE did get responses the capture missed. */
static void test_responses_the_capture_missed(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = INVITE(1, "z9hG4bK1", .t = 0.0);
    MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK2");
    RESP(200, 2, "z9hG4bK2", .cseq_method = "BYE");
    h_reach(&h, 100);
    assert_clean(&h, inv);
    h_free(&h);
}

static void test_bye_by_callee(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    RESP(180, 1, "z9hG4bK1");
    uint32_t early = MSG(.method = "BYE", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb1");
    assert_findings(&h, early, F(BYE_EARLY_DIALOG_BY_CALLEE));

    INVITE(1, "z9hG4bK2", .call_id = "c2", .t = 10.0);
    RESP(200, 1, "z9hG4bK2", .call_id = "c2");
    uint32_t before_ack = MSG(.method = "BYE", .cseq = 1, .call_id = "c2", .from = "b", .to = "a", .branch = "z9hG4bKb2");
    assert_findings(&h, before_ack, F(BYE_BEFORE_ACK));

    /* The caller may leave an early dialog; and after the ACK all is well. */
    INVITE(1, "z9hG4bK3", .call_id = "c3");
    RESP(180, 1, "z9hG4bK3", .call_id = "c3");
    uint32_t caller_early = MSG(.method = "BYE", .cseq = 2, .call_id = "c3", .from = "a", .to = "b", .branch = "z9hG4bK4");
    assert_clean(&h, caller_early);
    INVITE(1, "z9hG4bK5", .call_id = "c4");
    RESP(200, 1, "z9hG4bK5", .call_id = "c4");
    MSG(.method = "ACK", .cseq = 1, .call_id = "c4", .from = "a", .to = "b", .branch = "z9hG4bK6");
    uint32_t normal = MSG(.method = "BYE", .cseq = 1, .call_id = "c4", .from = "b", .to = "a", .branch = "z9hG4bKb4");
    assert_clean(&h, normal);
    h_free(&h);
}

static void test_bye_crossed_and_requests_after_bye(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    RESP(200, 1, "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t bye_a = MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    uint32_t bye_b = MSG(.method = "BYE", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb1");
    assert_clean(&h, bye_a);
    assert_findings(&h, bye_b, F(BYE_CROSSED));
    RESP(200, 2, "z9hG4bK3", .cseq_method = "BYE");
    uint32_t info = MSG(.method = "INFO", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK4");
    uint32_t accepted = RESP(200, 3, "z9hG4bK4", .cseq_method = "INFO");
    uint32_t reinvite = MSG(.method = "INVITE", .cseq = 2, .from = "b", .to = "a", .branch = "z9hG4bKb2");
    uint32_t rejected = MSG(.status = 481, .cseq = 2, .from = "b", .to = "a", .branch = "z9hG4bKb2");
    assert_findings(&h, info, F(DIALOG_REQUEST_AFTER_BYE));
    assert_findings(&h, accepted, F(DIALOG_REQUEST_AFTER_BYE_ACCEPTED));
    assert_findings(&h, reinvite, F(DIALOG_REQUEST_AFTER_BYE));
    assert_clean(&h, rejected);
    h_free(&h);
}

/* A subscription usage keeps NOTIFYs legal after the BYE (RFC 5057 §5.5). */
static void test_notify_after_bye_with_subscription(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1");
    RESP(200, 1, "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    MSG(.method = "REFER", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .refer_to = "sip:c@x");
    MSG(.status = 202, .cseq = 2, .cseq_method = "REFER", .from = "a", .to = "b", .branch = "z9hG4bK3");
    uint32_t bye = MSG(.method = "BYE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK4");
    uint32_t notify = MSG(.method = "NOTIFY", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb1",
                          .event = "refer", .sub_state = "terminated", .reason = "noresource",
                          .sipfrag = "SIP/2.0 200 OK");
    assert_clean(&h, notify);
    /* RFC 3515 §2.4.5: the transferor hung up before the transfer's result. */
    assert_findings(&h, bye, F(REFER_BYE_BEFORE_FINAL_NOTIFY));
    h_free(&h);
}

/* Through a proxy that does not Record-Route, the caller's ACK goes straight
 * to the callee's Contact: matched through the dialog all the same. */
static void test_ack_bypassing_the_proxy(void)
{
    harness h;
    h_init(&h);
    const char *ua = "10.0.0.1:5060", *proxy = "10.0.0.5:5060";
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKa1", .sent_by = ua, .t = 0.0);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp1", .sent_by = proxy,
        .origin_branch = "z9hG4bKa1", .origin_sent_by = ua);
    uint32_t ok2 = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bKp1", .sent_by = proxy,
                       .origin_branch = "z9hG4bKa1", .origin_sent_by = ua);
    uint32_t ok1 = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bKa1", .sent_by = ua);
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bKa2", .sent_by = ua);
    h_reach(&h, 100);
    assert_clean(&h, ok2);
    assert_clean(&h, ok1);
    assert_clean(&h, ack);
    g_assert_cmpint(h_field(&h, ok2, SD_FIELD_ACK_IN), ==, 5);
    g_assert_cmpint(h_field(&h, ok1, SD_FIELD_ACK_IN), ==, 5);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_ACK_TO), ==, 3);
    h_free(&h);
}

/* Over TCP requests are not retransmitted, but a 2xx is, until its ACK. */
static void test_tcp_2xx_retransmission(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1", .tcp = true, .t = 0.0);
    uint32_t ok = RESP(200, 1, "z9hG4bK1", .tcp = true, .t = 0.1);
    uint32_t again = RESP(200, 1, "z9hG4bK1", .tcp = true, .t = 0.6);
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2", .tcp = true);
    h_reach(&h, 100);
    assert_clean(&h, ok);
    assert_clean(&h, again);
    assert_clean(&h, ack);
    g_assert_cmpint(h_field(&h, again, SD_FIELD_RETRANSMISSION_OF), ==, 2);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_RETRANSMISSIONS), ==, 1);
    h_free(&h);
}

/* RFC 3261 §17.1.3: a client matches a response by branch and CSeq
 * method; one whose Via sent-by or From differs still answers its request,
 * and says what it did not copy (§8.2.6.2). */
static void test_response_not_copied(void)
{
    harness h;
    h_init(&h);
    uint32_t options = MSG(.method = "OPTIONS", .cseq = 1, .from = "a", .from_uri = "sip:a@x", .to_uri = "sip:b@y",
                           .branch = "z9hG4bK1");
    uint32_t ok = MSG(.status = 200, .cseq = 1, .cseq_method = "OPTIONS", .from = "a", .from_uri = "sip:A@X",
                      .to_uri = "sip:b@y:5060", .branch = "z9hG4bK1", .sent_by = "10.0.0.1:5062");
    h_reach(&h, 100);
    assert_clean(&h, options);
    assert_findings(&h, ok, F(TXN_RESPONSE_MISMATCH));
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_REQUEST_IN), ==, 1);
    g_assert_cmpstr(sd_field_text(SD_FIELD_TXN_MISMATCH, h_field(&h, ok, SD_FIELD_TXN_MISMATCH)), ==, "Via, To");
    h_free(&h);
}

/* A branch match in another call is a reused branch, not the response. */
static void test_response_of_another_call(void)
{
    harness h;
    h_init(&h);
    uint32_t invite = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKfixed");
    uint32_t other = MSG(.status = 403, .cseq = 1, .call_id = "call-2", .from = "s", .to = "p",
                         .branch = "z9hG4bKfixed");
    uint32_t again = MSG(.status = 403, .cseq = 1, .call_id = "call-2", .from = "s", .to = "p",
                         .branch = "z9hG4bKfixed");
    assert_findings(&h, other, F(TXN_BRANCH_REUSED), F(TXN_RESPONSE_UNMATCHED));
    assert_clean(&h, again);
    g_assert_cmpint(h_field(&h, again, SD_FIELD_RETRANSMISSION_OF), ==, 2);
    g_assert_cmpint(h_field(&h, invite, SD_FIELD_RESPONSE_IN), ==, -1);
    h_free(&h);
}

/* A B2BUA relays a REGISTER with its own Via, the Call-ID, From tag and
 * CSeq kept: the same request on another hop, not a new REGISTER. */
static void test_relayed_register(void)
{
    harness h;
    h_init(&h);
    const uint64_t phone = 1u << 16 | 5060, sbc = 2u << 16 | 5060, registrar = 3u << 16 | 5060;
    MSG(.method = "REGISTER", .cseq = 7, .from = "a", .branch = "z9hG4bK1", .source = phone, .destination = sbc);
    uint32_t relay = MSG(.method = "REGISTER", .cseq = 7, .from = "a", .branch = "z9hG4bKr", .sent_by = "10.0.0.2",
                         .source = sbc, .destination = registrar);
    /* The same again on the phone's hop with another branch is no relay. */
    uint32_t again = MSG(.method = "REGISTER", .cseq = 7, .from = "a", .branch = "z9hG4bK2", .source = phone,
                         .destination = sbc);
    assert_clean(&h, relay);
    g_assert_cmpint(h_field(&h, relay, SD_FIELD_COPY_OF), ==, 1);
    assert_findings(&h, again, F(CSEQ_REGISTER_NOT_INCREMENTED));
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/txn/clean_call_links_and_states", test_clean_call_links_and_states);
    g_test_add_func("/txn/ack_missing", test_ack_missing);
    g_test_add_func("/txn/ack_missing_needs_the_deadline", test_ack_missing_needs_the_deadline);
    g_test_add_func("/txn/give_up_bye_at_timer_h", test_give_up_bye_at_timer_h);
    g_test_add_func("/txn/frame_from_the_future", test_frame_from_the_future);
    g_test_add_func("/txn/ack_of_non2xx", test_ack_of_non2xx);
    g_test_add_func("/txn/ack_branch_mismatch", test_ack_branch_mismatch);
    g_test_add_func("/txn/ack_branch_reused_and_unmatched", test_ack_branch_reused_and_unmatched);
    g_test_add_func("/txn/ack_missing_non2xx", test_ack_missing_non2xx);
    g_test_add_func("/txn/cancel", test_cancel);
    g_test_add_func("/txn/cancel_mismatches", test_cancel_mismatches);
    g_test_add_func("/txn/cancel_before_provisional", test_cancel_before_provisional);
    g_test_add_func("/txn/cancel_no_final", test_cancel_no_final);
    g_test_add_func("/txn/cancel_2xx_race", test_cancel_2xx_race);
    g_test_add_func("/txn/unmatched_response", test_unmatched_response);
    g_test_add_func("/txn/final_after_final", test_final_after_final);
    g_test_add_func("/txn/to_tag_missing", test_to_tag_missing);
    g_test_add_func("/txn/branch_reused", test_branch_reused);
    g_test_add_func("/txn/no_final_response", test_no_final_response);
    g_test_add_func("/txn/responses_the_capture_missed", test_responses_the_capture_missed);
    g_test_add_func("/txn/bye_by_callee", test_bye_by_callee);
    g_test_add_func("/txn/bye_crossed_and_requests_after_bye", test_bye_crossed_and_requests_after_bye);
    g_test_add_func("/txn/notify_after_bye_with_subscription", test_notify_after_bye_with_subscription);
    g_test_add_func("/txn/ack_bypassing_the_proxy", test_ack_bypassing_the_proxy);
    g_test_add_func("/txn/tcp_2xx_retransmission", test_tcp_2xx_retransmission);
    g_test_add_func("/txn/response_not_copied", test_response_not_copied);
    g_test_add_func("/txn/response_of_another_call", test_response_of_another_call);
    g_test_add_func("/txn/relayed_register", test_relayed_register);
    return g_test_run();
}
