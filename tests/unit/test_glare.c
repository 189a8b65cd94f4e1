/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Glare and overlapping requests (RFC 3261 §14, RFC 3311 §5, RFC 5407 §3). */
#include "harness.h"

/* A call from a (the Call-ID owner) to b, ACKed; the clock then is 1 s. */
static void call(harness *h)
{
    h_add(h, (msg_spec){.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.5});
    h_add(h, (msg_spec){.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1"});
    h_add(h, (msg_spec){.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2", .t = 1.0});
}

#define REINVITE_A(cseq_, branch_, ...) \
    MSG(.method = "INVITE", .cseq = cseq_, .from = "a", .to = "b", .branch = branch_, __VA_ARGS__)
#define REINVITE_B(cseq_, branch_, ...) \
    MSG(.method = "INVITE", .cseq = cseq_, .from = "b", .to = "a", .branch = branch_, .sent_by = "10.0.0.2:5060", __VA_ARGS__)

/* The B2BUA/SBC flow: the SBC answers 200 and re-INVITEs before the ACK;
 * the B2BUA answers 500, the SBC retries after the ACK. */
static void test_reinvite_before_ack(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0);
    uint32_t ok = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .t = 0.1);
    uint32_t early = REINVITE_B(1, "z9hG4bKb1", .t = 0.15);
    uint32_t race = TO_B(500, 1, "z9hG4bKb1", .retry_after = 2, .t = 0.16);
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2", .t = 0.3);
    MSG(.method = "ACK", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb1", .sent_by = "10.0.0.2:5060");
    uint32_t retry = REINVITE_B(2, "z9hG4bKb2", .t = 2.5);
    TO_B(200, 2, "z9hG4bKb2");
    MSG(.method = "ACK", .cseq = 2, .from = "b", .to = "a", .branch = "z9hG4bKb3", .sent_by = "10.0.0.2:5060");
    assert_findings(&h, early, F(GLARE_BEFORE_ACK));
    g_assert_cmpint(h_field(&h, early, SD_FIELD_GLARE_PENDING_IN), ==, 1);
    g_assert_cmpint(h_field(&h, early, SD_FIELD_GLARE_UNACKED_2XX_IN), ==, ok + 1);
    g_assert_cmpint(h_field(&h, early, SD_FIELD_GLARE_LATE_ACK_IN), ==, ack + 1);
    assert_clean(&h, race); /* 200, 491 or 500 are all fine in the moratorium */
    assert_findings(&h, retry, F(GLARE_RESOLVED));
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_GLARE_RETRY_OF), ==, early + 1);
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_GLARE_RETRY_DELAY), ==, 2340000);
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_GLARE_WINDOW), ==, -1);
    h_free(&h);
}

/* True glare: both re-INVITE, both get 491, the owner retries in 2.1-4 s. */
static void test_crossing_reinvites(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t first = REINVITE_A(2, "z9hG4bK3", .t = 10.0);
    uint32_t second = REINVITE_B(1, "z9hG4bKb1", .t = 10.05);
    uint32_t r1 = TO_A(491, 2, "z9hG4bK3", .t = 10.1);
    uint32_t r2 = TO_B(491, 1, "z9hG4bKb1", .t = 10.1);
    MSG(.method = "ACK", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    MSG(.method = "ACK", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb1", .sent_by = "10.0.0.2:5060");
    uint32_t retry = REINVITE_A(3, "z9hG4bK4", .t = 13.0);
    TO_A(200, 3, "z9hG4bK4");
    assert_clean(&h, first);
    assert_findings(&h, second, F(GLARE_CROSSED));
    g_assert_cmpint(h_field(&h, second, SD_FIELD_GLARE_PENDING_IN), ==, first + 1);
    assert_clean(&h, r1);
    assert_clean(&h, r2);
    assert_findings(&h, retry, F(GLARE_RESOLVED));
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_GLARE_WINDOW), ==, SD_WINDOW_OWNER);
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_GLARE_RETRY_OF), ==, first + 1);
    h_free(&h);
}

static void test_retry_windows(void)
{
    harness h;
    h_init(&h);
    call(&h);
    REINVITE_A(2, "z9hG4bK3", .t = 10.0);
    REINVITE_B(1, "z9hG4bKb1", .t = 10.05);
    TO_A(491, 2, "z9hG4bK3", .t = 10.1);
    TO_B(491, 1, "z9hG4bKb1", .t = 10.1);
    /* The owner retries after 0.5 s: too early, it may collide again. */
    uint32_t owner = REINVITE_A(3, "z9hG4bK4", .t = 10.6);
    TO_A(200, 3, "z9hG4bK4");
    MSG(.method = "ACK", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK5");
    assert_findings(&h, owner, F(GLARE_RETRY_OUTSIDE_WINDOW));
    /* The other side retries after 3 s: too late. */
    uint32_t other = REINVITE_B(2, "z9hG4bKb2", .t = 13.1);
    TO_B(200, 2, "z9hG4bKb2");
    assert_findings(&h, other, F(GLARE_RETRY_OUTSIDE_WINDOW));
    g_assert_cmpint(h_field(&h, other, SD_FIELD_GLARE_WINDOW), ==, SD_WINDOW_OTHER);
    h_free(&h);
}

/* A re-INVITE long after a 491 is a new one, not its retry. */
static void test_new_request_is_no_retry(void)
{
    harness h;
    h_init(&h);
    call(&h);
    REINVITE_A(2, "z9hG4bK3", .t = 10.0);
    REINVITE_B(1, "z9hG4bKb1", .t = 10.05);
    TO_A(491, 2, "z9hG4bK3", .t = 10.1);
    TO_B(491, 1, "z9hG4bKb1", .t = 10.1);
    uint32_t later = REINVITE_A(3, "z9hG4bK4", .t = 40.0);
    assert_clean(&h, later);
    g_assert_cmpint(h_field(&h, later, SD_FIELD_GLARE_RETRY_OF), ==, -1);
    h_free(&h);
}

/* §14.1: no second INVITE while the first is in progress; §14.2: the
 * receiver answers 500 with Retry-After 0-10 s. */
static void test_second_reinvite_while_first_pending(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t first = REINVITE_A(2, "z9hG4bK3", .t = 10.0);
    uint32_t second = REINVITE_A(3, "z9hG4bK4", .t = 10.5);
    uint32_t right = TO_A(500, 3, "z9hG4bK4", .retry_after = 5);
    assert_findings(&h, second, F(GLARE_INVITE_PENDING));
    g_assert_cmpint(h_field(&h, second, SD_FIELD_GLARE_PENDING_IN), ==, first + 1);
    assert_clean(&h, right);

    REINVITE_A(2, "z9hG4bK5", .call_id = "c2", .t = 20.0);
    REINVITE_A(3, "z9hG4bK6", .call_id = "c2", .t = 20.5);
    uint32_t busy = TO_A(486, 3, "z9hG4bK6", .call_id = "c2");
    REINVITE_A(2, "z9hG4bK7", .call_id = "c3", .t = 30.0);
    REINVITE_A(3, "z9hG4bK8", .call_id = "c3", .t = 30.5);
    uint32_t no_retry_after = TO_A(500, 3, "z9hG4bK8", .call_id = "c3");
    assert_findings(&h, busy, F(GLARE_WRONG_RESPONSE));
    assert_findings(&h, no_retry_after, F(GLARE_WRONG_RESPONSE));
    h_free(&h);
}

/* A UA that answers a crossing re-INVITE with 200 while its own is still
 * pending; and one whose own INVITE completed first, which may. */
static void test_crossing_answered_otherwise(void)
{
    harness h;
    h_init(&h);
    call(&h);
    REINVITE_A(2, "z9hG4bK3", .t = 10.0);
    REINVITE_B(1, "z9hG4bKb1", .t = 10.05);
    uint32_t accepted = TO_A(200, 2, "z9hG4bK3", .t = 10.1);
    assert_findings(&h, accepted, F(GLARE_WRONG_RESPONSE));
    uint32_t after_own = TO_B(200, 1, "z9hG4bKb1", .t = 10.2);
    assert_clean(&h, after_own);
    h_free(&h);
}

/* RFC 5407 §3.3.2: an UPDATE with an offer crossing a re-INVITE is glare;
 * without one, both succeed. */
static void test_update_crossing_reinvite(void)
{
    harness h;
    h_init(&h);
    call(&h);
    REINVITE_A(2, "z9hG4bK3", .t = 10.0, .sdp = true);
    uint32_t with_offer = MSG(.method = "UPDATE", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb1",
                              .sent_by = "10.0.0.2:5060", .sdp = true, .t = 10.05);
    uint32_t r1 = TO_A(491, 2, "z9hG4bK3");
    uint32_t r2 = TO_B(491, 1, "z9hG4bKb1", .cseq_method = "UPDATE");
    assert_findings(&h, with_offer, F(GLARE_CROSSED));
    assert_clean(&h, r1);
    assert_clean(&h, r2);

    REINVITE_A(3, "z9hG4bK4", .t = 20.0, .sdp = true);
    uint32_t no_offer = MSG(.method = "UPDATE", .cseq = 2, .from = "b", .to = "a", .branch = "z9hG4bKb2",
                            .sent_by = "10.0.0.2:5060", .t = 20.05);
    uint32_t ok1 = TO_B(200, 2, "z9hG4bKb2", .cseq_method = "UPDATE");
    uint32_t ok2 = TO_A(200, 3, "z9hG4bK4", .sdp = true);
    assert_clean(&h, no_offer);
    assert_clean(&h, ok1);
    assert_clean(&h, ok2);
    h_free(&h);
}

/* RFC 3311 §5.1: no new offer while the previous one is unanswered. */
static void test_update_pending(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t first = MSG(.method = "UPDATE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .sdp = true, .t = 5.0);
    uint32_t second = MSG(.method = "UPDATE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK4", .sdp = true);
    uint32_t answer = TO_A(500, 3, "z9hG4bK4", .cseq_method = "UPDATE", .retry_after = 3);
    assert_findings(&h, second, F(GLARE_UPDATE_PENDING));
    g_assert_cmpint(h_field(&h, second, SD_FIELD_GLARE_PENDING_IN), ==, first + 1);
    assert_clean(&h, answer);
    h_free(&h);
}

/* Hold and resume, and a session refresh: nothing to say. */
static void test_clean_reinvites(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t hold = REINVITE_A(2, "z9hG4bK3", .t = 10.0, .sdp = true);
    TO_A(200, 2, "z9hG4bK3", .sdp = true);
    MSG(.method = "ACK", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK4");
    uint32_t resume = REINVITE_A(3, "z9hG4bK5", .t = 20.0, .sdp = true);
    TO_A(200, 3, "z9hG4bK5", .sdp = true);
    MSG(.method = "ACK", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK6");
    uint32_t refresh = REINVITE_B(1, "z9hG4bKb1", .t = 900.0);
    uint32_t last = TO_B(200, 1, "z9hG4bKb1", .sdp = true);
    for (uint32_t id = hold; id <= last; id++)
        assert_clean(&h, id);
    g_assert_cmpint(h_field(&h, refresh, SD_FIELD_GLARE_PENDING_IN), ==, -1);
    g_assert_cmpint(h_field(&h, resume, SD_FIELD_GLARE_RETRY_OF), ==, -1);
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/glare/reinvite_before_ack", test_reinvite_before_ack);
    g_test_add_func("/glare/crossing_reinvites", test_crossing_reinvites);
    g_test_add_func("/glare/retry_windows", test_retry_windows);
    g_test_add_func("/glare/new_request_is_no_retry", test_new_request_is_no_retry);
    g_test_add_func("/glare/second_reinvite_while_first_pending", test_second_reinvite_while_first_pending);
    g_test_add_func("/glare/crossing_answered_otherwise", test_crossing_answered_otherwise);
    g_test_add_func("/glare/update_crossing_reinvite", test_update_crossing_reinvite);
    g_test_add_func("/glare/update_pending", test_update_pending);
    g_test_add_func("/glare/clean_reinvites", test_clean_reinvites);
    return g_test_run();
}
