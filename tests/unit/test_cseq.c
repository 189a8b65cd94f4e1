/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CSeq rules: each firing on its case, and silence on legal flows. */
#include "harness.h"

/* A basic call: INVITE 1, 180, 200, ACK, BYE 2 from the caller, 200. */
static void test_clean_call(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t ringing = MSG(.status = 180, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t ok = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t bye = MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    uint32_t bye_ok = MSG(.status = 200, .cseq = 2, .cseq_method = "BYE", .from = "a", .to = "b", .branch = "z9hG4bK3");
    for (uint32_t id = inv; id <= bye_ok; id++)
        assert_clean(&h, id);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, bye_ok, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_SIDE), ==, SD_SIDE_CALLER);
    g_assert_cmpint(h_field(&h, ringing, SD_FIELD_SIDE), ==, SD_SIDE_CALLEE);
    g_assert_cmpint(h_field(&h, inv, SD_FIELD_RESPONSE_IN), ==, 3);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_REQUEST_IN), ==, 1);
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_CSEQ_PREVIOUS_IN), ==, 1);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_CSEQ_PREVIOUS), ==, -1);
    h_free(&h);
}

/* RFC 3261 §12.2.1.1: a gateway's INFO 2 after its INVITE 101. */
static void test_decreased(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 101, .from = "gw", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 101, .from = "gw", .to = "pbx", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 101, .from = "gw", .to = "pbx", .branch = "z9hG4bK2");
    uint32_t info = MSG(.method = "INFO", .cseq = 2, .from = "gw", .to = "pbx", .branch = "z9hG4bK3");
    uint32_t rejected = MSG(.status = 500, .cseq = 2, .cseq_method = "INFO", .from = "gw", .to = "pbx",
                            .branch = "z9hG4bK3");
    assert_findings(&h, info, F(CSEQ_DECREASED));
    g_assert_cmpint(h_field(&h, info, SD_FIELD_CSEQ_PREVIOUS), ==, 101);
    g_assert_cmpint(h_field(&h, info, SD_FIELD_CSEQ_PREVIOUS_IN), ==, 1);
    assert_clean(&h, rejected);
    /* The next request is compared with 101, the highest so far. */
    uint32_t next = MSG(.method = "INFO", .cseq = 102, .from = "gw", .to = "pbx", .branch = "z9hG4bK4");
    assert_clean(&h, next);
    h_free(&h);
}

/* §12.2.2: the UAS must answer the out-of-order request with 500. */
static void test_out_of_order_accepted(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 101, .from = "gw", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 101, .from = "gw", .to = "pbx", .branch = "z9hG4bK1");
    MSG(.method = "INFO", .cseq = 2, .from = "gw", .to = "pbx", .branch = "z9hG4bK3");
    uint32_t trying = MSG(.status = 100, .cseq = 2, .cseq_method = "INFO", .from = "gw", .to = "pbx",
                          .branch = "z9hG4bK3");
    uint32_t accepted = MSG(.status = 200, .cseq = 2, .cseq_method = "INFO", .from = "gw", .to = "pbx",
                            .branch = "z9hG4bK3");
    uint32_t again = MSG(.status = 200, .cseq = 2, .cseq_method = "INFO", .from = "gw", .to = "pbx",
                         .branch = "z9hG4bK3");
    assert_clean(&h, trying);
    assert_findings(&h, accepted, F(CSEQ_OUT_OF_ORDER_ACCEPTED));
    assert_clean(&h, again);
    g_assert_cmpint(h_field(&h, again, SD_FIELD_RETRANSMISSION_OF), ==, 5);
    h_free(&h);
}

/* Each direction has its own CSeq space: the notifier's NOTIFY 1 after the
 * subscriber's SUBSCRIBE 1 is legal, and may even come before the 200 (a
 * Chat, RFC 6665 §4.1.2.4). */
static void test_subscribe_notify(void)
{
    harness h;
    h_init(&h);
    uint32_t sub = MSG(.method = "SUBSCRIBE", .cseq = 1, .from = "s", .branch = "z9hG4bK1", .event = "presence");
    uint32_t notify = MSG(.method = "NOTIFY", .cseq = 1, .from = "n", .to = "s", .branch = "z9hG4bKn1",
                          .sent_by = "10.0.0.2:5060", .event = "presence", .sub_state = "active",
                          .state_expires = 600);
    uint32_t notify_ok = MSG(.status = 200, .cseq = 1, .cseq_method = "NOTIFY", .from = "n", .to = "s",
                             .branch = "z9hG4bKn1", .sent_by = "10.0.0.2:5060");
    uint32_t sub_ok = MSG(.status = 200, .cseq = 1, .cseq_method = "SUBSCRIBE", .from = "s", .to = "n",
                          .branch = "z9hG4bK1");
    uint32_t notify2 = MSG(.method = "NOTIFY", .cseq = 2, .from = "n", .to = "s", .branch = "z9hG4bKn2",
                           .sent_by = "10.0.0.2:5060", .event = "presence", .sub_state = "active",
                           .state_expires = 600);
    uint32_t resub = MSG(.method = "SUBSCRIBE", .cseq = 2, .from = "s", .to = "n", .branch = "z9hG4bK2",
                         .event = "presence");
    for (uint32_t id = sub; id <= resub; id++)
        if (id != notify)
            assert_clean(&h, id);
    assert_findings(&h, notify, F(SUBSCRIPTION_NOTIFY_BEFORE_2XX));
    g_assert_cmpint(h_field(&h, notify, SD_FIELD_DIALOG), ==, h_field(&h, sub, SD_FIELD_DIALOG));
    g_assert_cmpint(h_field(&h, notify, SD_FIELD_SIDE), ==, SD_SIDE_CALLEE);
    g_assert_cmpint(h_field(&h, notify_ok, SD_FIELD_SIDE), ==, SD_SIDE_CALLER);
    g_assert_cmpint(h_field(&h, sub_ok, SD_FIELD_DIALOG), ==, h_field(&h, sub, SD_FIELD_DIALOG));
    g_assert_cmpint(h_field(&h, notify2, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    g_assert_cmpint(h_field(&h, resub, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    h_free(&h);
}

static void confirmed_dialog(harness *h)
{
    h_add(h, (msg_spec){.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1"});
    h_add(h, (msg_spec){.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1"});
    h_add(h, (msg_spec){.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2"});
}

/* A retransmission (same branch) is no new request; the same CSeq on a new
 * branch, or on another method, is a reuse. */
static void test_retransmission_vs_reuse(void)
{
    harness h;
    h_init(&h);
    confirmed_dialog(&h);
    uint32_t info = MSG(.method = "INFO", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    uint32_t retrans = MSG(.method = "INFO", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .t = 1.0);
    uint32_t reuse = MSG(.method = "INFO", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK4");
    uint32_t other = MSG(.method = "MESSAGE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK5");
    assert_clean(&h, info);
    assert_clean(&h, retrans);
    g_assert_cmpint(h_field(&h, retrans, SD_FIELD_RETRANSMISSION_OF), ==, 4);
    g_assert_cmpint(h_field(&h, retrans, SD_FIELD_CSEQ_PREVIOUS), ==, -1);
    assert_findings(&h, reuse, F(CSEQ_REUSED));
    g_assert_cmpint(h_field(&h, reuse, SD_FIELD_CSEQ_PREVIOUS_IN), ==, 4);
    assert_findings(&h, other, F(CSEQ_REUSED));
    h_free(&h);
}

static void test_gap(void)
{
    harness h;
    h_init(&h);
    confirmed_dialog(&h);
    /* The callee's first request may start anywhere (§12.1.1). */
    uint32_t callee = MSG(.method = "INFO", .cseq = 7000, .from = "b", .to = "a", .branch = "z9hG4bKb");
    assert_clean(&h, callee);
    uint32_t bye = MSG(.method = "BYE", .cseq = 5, .from = "a", .to = "b", .branch = "z9hG4bK3");
    assert_findings(&h, bye, F(CSEQ_GAP));
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    h_free(&h);
}

/* "Why is there a CSeq 2 INVITE after CSeq 1?": a retry after 407. */
static void test_auth_retry(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t challenge = MSG(.status = 407, .cseq = 1, .from = "a", .to = "p", .branch = "z9hG4bK1");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "p", .branch = "z9hG4bK1");
    uint32_t retry = MSG(.method = "INVITE", .cseq = 2, .from = "a", .branch = "z9hG4bK2", .creds = true);
    uint32_t ok = MSG(.status = 200, .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t bye = MSG(.method = "BYE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK3");
    assert_clean(&h, challenge);
    assert_clean(&h, ack);
    assert_findings(&h, retry, F(CSEQ_AUTH_RETRY));
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_AUTH_CHALLENGE_IN), ==, 2);
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    assert_clean(&h, ok);
    assert_clean(&h, bye);
    /* The 407's To tag made no dialog: the attempt and the call are one. */
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_DIALOG), ==, h_field(&h, retry, SD_FIELD_DIALOG));
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_DIALOG), ==, h_field(&h, challenge, SD_FIELD_DIALOG));
    h_free(&h);
}

static void test_auth_retry_not_incremented(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 401, .cseq = 1, .from = "a", .to = "p", .branch = "z9hG4bK1");
    uint32_t retry = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK2", .creds = true);
    assert_findings(&h, retry, F(CSEQ_AUTH_RETRY_NOT_INCREMENTED));
    /* A new INVITE without credentials is not a retry. */
    uint32_t fresh = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK3");
    assert_clean(&h, fresh);
    h_free(&h);
}

/* §10.2: REGISTER CSeq +1 per request in the Call-ID, auth retries too. */
static void test_register(void)
{
    harness h;
    h_init(&h);
    uint32_t reg = MSG(.method = "REGISTER", .cseq = 1, .from = "r", .branch = "z9hG4bK1");
    MSG(.status = 401, .cseq = 1, .cseq_method = "REGISTER", .from = "r", .to = "x", .branch = "z9hG4bK1");
    uint32_t retry = MSG(.method = "REGISTER", .cseq = 2, .from = "r", .branch = "z9hG4bK2", .creds = true);
    MSG(.status = 200, .cseq = 2, .cseq_method = "REGISTER", .from = "r", .to = "x", .branch = "z9hG4bK2");
    uint32_t refresh = MSG(.method = "REGISTER", .cseq = 3, .from = "r2", .branch = "z9hG4bK3", .creds = true);
    uint32_t skipped = MSG(.method = "REGISTER", .cseq = 5, .from = "r3", .branch = "z9hG4bK4", .creds = true);
    uint32_t same = MSG(.method = "REGISTER", .cseq = 5, .from = "r4", .branch = "z9hG4bK5");
    assert_clean(&h, reg);
    assert_findings(&h, retry, F(CSEQ_AUTH_RETRY));
    assert_clean(&h, refresh);
    assert_findings(&h, skipped, F(CSEQ_REGISTER_NOT_INCREMENTED));
    assert_findings(&h, same, F(CSEQ_REGISTER_NOT_INCREMENTED));
    g_assert_cmpint(h_field(&h, reg, SD_FIELD_DIALOG), ==, -1);

    MSG(.status = 401, .cseq = 5, .cseq_method = "REGISTER", .from = "r4", .to = "x", .branch = "z9hG4bK5");
    uint32_t kept = MSG(.method = "REGISTER", .cseq = 5, .from = "r4", .branch = "z9hG4bK6", .creds = true);
    assert_findings(&h, kept, F(CSEQ_AUTH_RETRY_NOT_INCREMENTED));
    h_free(&h);
}

static void test_method_mismatch(void)
{
    harness h;
    h_init(&h);
    uint32_t req = MSG(.method = "OPTIONS", .cseq = 1, .cseq_method = "INVITE", .from = "a", .branch = "z9hG4bK1");
    assert_findings(&h, req, F(CSEQ_METHOD_MISMATCH));
    uint32_t inv = MSG(.method = "INVITE", .cseq = 7, .from = "a", .branch = "z9hG4bK2");
    uint32_t resp = MSG(.status = 180, .cseq = 8, .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t resp2 = MSG(.status = 200, .cseq = 7, .cseq_method = "BYE", .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t good = MSG(.status = 200, .cseq = 7, .from = "a", .to = "b", .branch = "z9hG4bK2", .t = 0.5);
    assert_clean(&h, inv);
    assert_findings(&h, resp, F(CSEQ_METHOD_MISMATCH));
    assert_findings(&h, resp2, F(CSEQ_METHOD_MISMATCH));
    g_assert_cmpint(h_field(&h, good, SD_FIELD_RETRANSMISSION_OF), ==, -1);
    h_free(&h);
}

static void test_out_of_range(void)
{
    harness h;
    h_init(&h);
    uint32_t high = MSG(.method = "INVITE", .cseq = 2147483648u, .from = "a", .branch = "z9hG4bK1");
    uint32_t below = MSG(.method = "OPTIONS", .cseq = 2147483647u, .from = "c", .branch = "z9hG4bK2");
    uint32_t top = MSG(.method = "OPTIONS", .cseq = 4294967295u, .from = "d", .branch = "z9hG4bK3");
    assert_findings(&h, high, F(CSEQ_OUT_OF_RANGE));
    assert_clean(&h, below);
    assert_findings(&h, top, F(CSEQ_OUT_OF_RANGE));
    h_free(&h);
}

static void test_ack_cseq(void)
{
    harness h;
    h_init(&h);
    /* ACK of a non-2xx: same branch as the INVITE. */
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 486, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t bad = MSG(.method = "ACK", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK1");
    assert_findings(&h, bad, F(ACK_CSEQ_MISMATCH));
    /* ACK of a 2xx: a new branch, matched in the dialog. */
    MSG(.method = "INVITE", .cseq = 1, .call_id = "c2", .from = "a", .branch = "z9hG4bK5");
    MSG(.status = 200, .cseq = 1, .call_id = "c2", .from = "a", .to = "b", .branch = "z9hG4bK5");
    uint32_t wrong = MSG(.method = "ACK", .cseq = 3, .call_id = "c2", .from = "a", .to = "b", .branch = "z9hG4bK6");
    uint32_t right = MSG(.method = "ACK", .cseq = 1, .call_id = "c2", .from = "a", .to = "b", .branch = "z9hG4bK7");
    assert_findings(&h, wrong, F(ACK_CSEQ_MISMATCH));
    assert_clean(&h, right);
    h_free(&h);
}

/* RFC 5407 §3.1.4: the callee's re-INVITE overtakes the caller's ACK (a
 * glare race); the late ACK carries the older INVITE's CSeq and is no CSeq
 * problem. */
static void test_late_ack(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t reinvite = MSG(.method = "INVITE", .cseq = 50, .from = "b", .to = "a", .branch = "z9hG4bKb1");
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    assert_findings(&h, reinvite, F(GLARE_BEFORE_ACK));
    assert_clean(&h, ack);
    h_free(&h);
}

static void test_cancel_cseq(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 4, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 180, .cseq = 4, .from = "a", .to = "b", .branch = "z9hG4bK1");
    uint32_t cancel = MSG(.method = "CANCEL", .cseq = 5, .from = "a", .branch = "z9hG4bK1");
    assert_findings(&h, cancel, F(CANCEL_CSEQ_MISMATCH));
    /* The CANCEL of an INVITE the capture missed says nothing. */
    uint32_t unseen = MSG(.method = "CANCEL", .cseq = 4, .call_id = "c2", .from = "x", .branch = "z9hG4bK9");
    assert_clean(&h, unseen);
    h_free(&h);
}

/* A call through a proxy captured on both hops: the forwarded copies carry
 * the same CSeq and must not look like reuses or regressions. */
static void test_proxy_copies(void)
{
    harness h;
    h_init(&h);
    const char *ua = "10.0.0.1:5060", *proxy = "10.0.0.5:5060", *callee = "10.0.0.2:5060";
    uint32_t first = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKa1", .sent_by = ua);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp1", .sent_by = proxy, .origin_branch = "z9hG4bKa1",
        .origin_sent_by = ua);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bKp1", .sent_by = proxy,
        .origin_branch = "z9hG4bKa1", .origin_sent_by = ua);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bKa1", .sent_by = ua);
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bKa2", .sent_by = ua);
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bKp2", .sent_by = proxy,
        .origin_branch = "z9hG4bKa2", .origin_sent_by = ua);
    /* Two INFOs overtake each other at the proxy. */
    MSG(.method = "INFO", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bKa3", .sent_by = ua);
    MSG(.method = "INFO", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bKa4", .sent_by = ua);
    MSG(.method = "INFO", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bKp4", .sent_by = proxy,
        .origin_branch = "z9hG4bKa4", .origin_sent_by = ua);
    MSG(.method = "INFO", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bKp3", .sent_by = proxy,
        .origin_branch = "z9hG4bKa3", .origin_sent_by = ua);
    /* The callee's BYE, on both hops. */
    MSG(.method = "BYE", .cseq = 9, .from = "b", .to = "a", .branch = "z9hG4bKb1", .sent_by = callee);
    uint32_t last = MSG(.method = "BYE", .cseq = 9, .from = "b", .to = "a", .branch = "z9hG4bKp5", .sent_by = proxy,
                        .origin_branch = "z9hG4bKb1", .origin_sent_by = callee);
    for (uint32_t id = first; id <= last; id++) {
        assert_clean(&h, id);
        g_assert_cmpint(h_field(&h, id, SD_FIELD_DIALOG), ==, 0);
    }
    g_assert_cmpint(h_field(&h, last, SD_FIELD_SIDE), ==, SD_SIDE_CALLEE);
    /* A copy is not a retransmission. */
    g_assert_cmpint(h_field(&h, first + 1, SD_FIELD_RETRANSMISSION_OF), ==, -1);
    h_free(&h);
}

/* A proxy forks; each fork's dialog starts from the INVITE's CSeq even if
 * the caller's numbering advanced in a sibling fork (RFC 3261 §12.1.2). */
static void test_forks_have_their_own_spaces(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = MSG(.method = "INVITE", .cseq = 10, .from = "a", .branch = "z9hG4bK1", .supports = true);
    uint32_t r1 = MSG(.status = 180, .cseq = 10, .from = "a", .to = "b1", .branch = "z9hG4bK1", .rel = true, .rseq = 7);
    uint32_t prack1 = MSG(.method = "PRACK", .cseq = 11, .from = "a", .to = "b1", .branch = "z9hG4bK2",
                          .rack_rseq = 7, .rack_cseq = 10);
    uint32_t r2 = MSG(.status = 180, .cseq = 10, .from = "a", .to = "b2", .branch = "z9hG4bK1", .rel = true, .rseq = 9);
    uint32_t prack2 = MSG(.method = "PRACK", .cseq = 11, .from = "a", .to = "b2", .branch = "z9hG4bK3",
                          .rack_rseq = 9, .rack_cseq = 10);
    for (uint32_t id = inv; id <= prack2; id++)
        if (id != r2)
            assert_clean(&h, id);
    assert_findings(&h, r2, F(FORK_EARLY_DIALOGS));
    g_assert_cmpint(h_field(&h, r1, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, prack1, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, r2, SD_FIELD_DIALOG), ==, 1);
    g_assert_cmpint(h_field(&h, prack2, SD_FIELD_DIALOG), ==, 1);
    g_assert_cmpint(h_field(&h, prack2, SD_FIELD_CSEQ_PREVIOUS), ==, 10);
    h_free(&h);
}

/* The capture starts mid-dialog: no side, no previous request, no CSeq
 * finding; only the note that the dialog was not seen. */
static void test_mid_dialog_start(void)
{
    harness h;
    h_init(&h);
    uint32_t bye = MSG(.method = "BYE", .cseq = 17, .from = "x", .to = "y", .branch = "z9hG4bK1");
    uint32_t ok = MSG(.status = 200, .cseq = 17, .cseq_method = "BYE", .from = "x", .to = "y", .branch = "z9hG4bK1");
    assert_findings(&h, bye, F(DIALOG_UNKNOWN));
    assert_clean(&h, ok);
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_SIDE), ==, -1);
    g_assert_cmpint(h_field(&h, bye, SD_FIELD_DIALOG), ==, 0);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_DIALOG), ==, 0);
    h_free(&h);
}

/* Branches without the RFC 3261 cookie are matched the RFC 2543 way. */
static void test_rfc2543_matching(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = NULL);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = NULL);
    uint32_t again = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = NULL);
    uint32_t bye = MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "old-style");
    uint32_t bye_again = MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "b", .branch = "old-style");
    g_assert_cmpint(h_field(&h, again, SD_FIELD_RETRANSMISSION_OF), ==, 2);
    assert_clean(&h, bye);
    assert_clean(&h, bye_again);
    g_assert_cmpint(h_field(&h, bye_again, SD_FIELD_RETRANSMISSION_OF), ==, 4);
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cseq/clean_call", test_clean_call);
    g_test_add_func("/cseq/decreased", test_decreased);
    g_test_add_func("/cseq/out_of_order_accepted", test_out_of_order_accepted);
    g_test_add_func("/cseq/subscribe_notify", test_subscribe_notify);
    g_test_add_func("/cseq/retransmission_vs_reuse", test_retransmission_vs_reuse);
    g_test_add_func("/cseq/gap", test_gap);
    g_test_add_func("/cseq/auth_retry", test_auth_retry);
    g_test_add_func("/cseq/auth_retry_not_incremented", test_auth_retry_not_incremented);
    g_test_add_func("/cseq/register", test_register);
    g_test_add_func("/cseq/method_mismatch", test_method_mismatch);
    g_test_add_func("/cseq/out_of_range", test_out_of_range);
    g_test_add_func("/cseq/ack_cseq", test_ack_cseq);
    g_test_add_func("/cseq/late_ack", test_late_ack);
    g_test_add_func("/cseq/cancel_cseq", test_cancel_cseq);
    g_test_add_func("/cseq/proxy_copies", test_proxy_copies);
    g_test_add_func("/cseq/forks_have_their_own_spaces", test_forks_have_their_own_spaces);
    g_test_add_func("/cseq/mid_dialog_start", test_mid_dialog_start);
    g_test_add_func("/cseq/rfc2543_matching", test_rfc2543_matching);
    return g_test_run();
}
