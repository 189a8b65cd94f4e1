/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The offer/answer usage of a dialog (RFC 3264, RFC 3261 §13.2.1, RFC 3311). */
#include "harness.h"

#define SDP(version, extra) "v=0\r\no=- 1 " #version " IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n" \
                            "m=audio 4000 RTP/AVP 0\r\n" extra
#define SDP_B(version, extra) "v=0\r\no=- 9 " #version " IN IP4 10.0.0.2\r\ns=-\r\nc=IN IP4 10.0.0.2\r\nt=0 0\r\n" \
                              "m=audio 5000 RTP/AVP 0\r\n" extra


/* A call from a to b with an offer and its answer, ACKed. */
static void call(harness *h)
{
    h_add(h, (msg_spec){.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .body = SDP(1, "")});
    h_add(h, (msg_spec){.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .body = SDP_B(1, "")});
    h_add(h, (msg_spec){.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2"});
}

/* Each fork answers the INVITE's offer on its own (RFC 3261 §13.2.2.4):
 * two 183s with different answers are no change of answer. */
static void test_forks_answer_each(void)
{
    harness h;
    h_init(&h);
    uint32_t invite = MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .body = SDP(1, ""));
    uint32_t b1 = MSG(.status = 183, .cseq = 1, .from = "a", .to = "b1", .branch = "z9hG4bK1", .body = SDP_B(1, ""));
    uint32_t b2 = MSG(.status = 183, .cseq = 1, .from = "a", .to = "b2", .branch = "z9hG4bK1", .body = SDP(7, "a=recvonly\r\n"));
    uint32_t ok = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b2", .branch = "z9hG4bK1", .body = SDP(7, "a=recvonly\r\n"));
    assert_clean(&h, invite);
    assert_clean(&h, b1);
    assert_findings(&h, b2, F(FORK_EARLY_DIALOGS));
    assert_clean(&h, ok);
    g_assert_cmpint(h_field(&h, b1, SD_FIELD_SDP_OFFER_IN), ==, 1);
    g_assert_cmpint(h_field(&h, b2, SD_FIELD_SDP_OFFER_IN), ==, 1);
    g_assert_cmpint(h_field(&h, b2, SD_FIELD_SDP_ROLE), ==, SD_SDP_ANSWER);
    g_assert_cmpint(h_field(&h, invite, SD_FIELD_SDP_ANSWER_IN), ==, 2);
    h_free(&h);
}

/* An offer rejected with 488 is withdrawn (RFC 6337 §3.3): the next offer
 * is judged against the sender's last description, and is no collision. */
static void test_rejected_offer_withdrawn(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t first = MSG(.method = "INVITE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .body = SDP(2, "a=sendonly\r\n"));
    TO_A(488, 2, "z9hG4bK3");
    MSG(.method = "ACK", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    uint32_t second = MSG(.method = "INVITE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK4", .body = SDP(3, "a=inactive\r\n"));
    uint32_t answer = TO_A(200, 3, "z9hG4bK4", .body = SDP_B(2, "a=inactive\r\n"));
    assert_clean(&h, first);
    assert_clean(&h, second);
    assert_clean(&h, answer);
    g_assert_cmpint(h_field(&h, first, SD_FIELD_SDP_CHANGE), ==, SD_SDP_HOLD);
    g_assert_cmpint(h_field(&h, answer, SD_FIELD_SDP_OFFER_IN), ==, second + 1);
    g_assert_cmpint(h_field(&h, answer, SD_FIELD_SDP_DIRECTION), ==, SD_DIRECTION_INACTIVE);
    h_free(&h);
}

/* RFC 3264 §8: the same description may keep its version; a lower
 * version is another origin. */
static void test_version_sequence(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t same = MSG(.method = "INVITE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .body = SDP(1, ""));
    uint32_t answer = TO_A(200, 2, "z9hG4bK3", .body = SDP_B(1, ""));
    MSG(.method = "ACK", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK5");
    uint32_t lower = MSG(.method = "UPDATE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK6", .body = SDP(0, ""));
    uint32_t changed = TO_A(200, 3, "z9hG4bK6", .cseq_method = "UPDATE", .body = SDP_B(1, "a=sendrecv\r\n"));
    assert_clean(&h, same);
    assert_clean(&h, answer);
    assert_findings(&h, lower, F(SDP_ORIGIN_CHANGED));
    assert_findings(&h, changed, F(SDP_VERSION_NOT_INCREMENTED));
    g_assert_cmpint(h_field(&h, lower, SD_FIELD_SDP_VERSION), ==, 0);
    h_free(&h);
}

/* RFC 3264 §6.1 for each stream; a rejected stream (port 0) is not judged. */
static void test_directions(void)
{
    harness h;
    h_init(&h);
    call(&h);
    MSG(.method = "INVITE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3",
        .body = SDP(2, "a=recvonly\r\nm=video 0 RTP/AVP 31\r\na=sendonly\r\n"));
    uint32_t fine = TO_A(200, 2, "z9hG4bK3", .body = SDP_B(2, "a=sendonly\r\nm=video 0 RTP/AVP 31\r\n"));
    MSG(.method = "ACK", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK5");
    MSG(.method = "INVITE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK6", .body = SDP(3, "a=inactive\r\n"));
    uint32_t wrong = TO_A(200, 3, "z9hG4bK6", .body = SDP_B(3, "a=recvonly\r\n"));
    assert_clean(&h, fine);
    assert_findings(&h, wrong, F(SDP_DIRECTION_MISMATCH));
    h_free(&h);
}

/* An UPDATE offer that collides with a pending one is glare's (one
 * entry); the pending offer is still answered by its own 200. */
static void test_collision_is_glare(void)
{
    harness h;
    h_init(&h);
    call(&h);
    uint32_t first = MSG(.method = "UPDATE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .body = SDP(2, ""));
    uint32_t second = MSG(.method = "UPDATE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK4", .body = SDP(3, ""));
    uint32_t rejected = TO_A(500, 3, "z9hG4bK4", .cseq_method = "UPDATE", .retry_after = 2);
    uint32_t answer = TO_A(200, 2, "z9hG4bK3", .cseq_method = "UPDATE", .body = SDP_B(1, ""));
    assert_clean(&h, first);
    assert_findings(&h, second, F(GLARE_UPDATE_PENDING));
    assert_clean(&h, rejected);
    assert_clean(&h, answer);
    g_assert_cmpint(h_field(&h, answer, SD_FIELD_SDP_OFFER_IN), ==, first + 1);
    h_free(&h);
}

/* The offer in a 2xx: the ACK answers it, or is flagged; an ACK with a
 * description after an answered INVITE offer is unexpected. */
static void test_ack(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t offer = MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1", .body = SDP_B(1, "a=sendonly\r\n"));
    uint32_t ack = MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2", .body = SDP(1, ""));
    assert_findings(&h, ack, F(SDP_DIRECTION_MISMATCH));
    g_assert_cmpint(h_field(&h, offer, SD_FIELD_SDP_ROLE), ==, SD_SDP_OFFER);
    g_assert_cmpint(h_field(&h, offer, SD_FIELD_SDP_ANSWER_IN), ==, ack + 1);
    g_assert_cmpint(h_field(&h, ack, SD_FIELD_SDP_ROLE), ==, SD_SDP_ANSWER);
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/offer_answer/forks_answer_each", test_forks_answer_each);
    g_test_add_func("/offer_answer/rejected_offer_withdrawn", test_rejected_offer_withdrawn);
    g_test_add_func("/offer_answer/version_sequence", test_version_sequence);
    g_test_add_func("/offer_answer/directions", test_directions);
    g_test_add_func("/offer_answer/collision_is_glare", test_collision_is_glare);
    g_test_add_func("/offer_answer/ack", test_ack);
    return g_test_run();
}
