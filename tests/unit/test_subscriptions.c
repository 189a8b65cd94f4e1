/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subscriptions and REFER (RFC 6665, RFC 3515), the CSeq space their usages
 * share with the INVITE's (RFC 5057), and RFC 4320's non-INVITE responses. */
#include "harness.h"
#include "model.h"
#include "subscriptions.h"

/* Subscriber s, notifier n in call-1. */
#define SUBSCRIBE(cseq_, branch_, ...)                                                                      \
    MSG(.method = "SUBSCRIBE", .cseq = cseq_, .from = "s", .branch = branch_, .event = "presence", __VA_ARGS__)
#define SUB_RESP(status_, cseq_, branch_, ...)                                                               \
    MSG(.status = status_, .cseq = cseq_, .cseq_method = "SUBSCRIBE", .from = "s", .to = "n", .branch = branch_, \
        __VA_ARGS__)
#define NOTIFY(cseq_, branch_, ...)                                                                          \
    MSG(.method = "NOTIFY", .cseq = cseq_, .from = "n", .to = "s", .branch = branch_, .sent_by = "10.0.0.2:5060", \
        .event = "presence", __VA_ARGS__)
#define NOTIFY_RESP(status_, cseq_, branch_, ...)                                                            \
    MSG(.status = status_, .cseq = cseq_, .cseq_method = "NOTIFY", .from = "n", .to = "s", .branch = branch_, \
        .sent_by = "10.0.0.2:5060", __VA_ARGS__)

/* The machine alone: each event from each state (RFC 6665 §4.1.2). */
static void test_machine(void)
{
    sd_subscription s = {.state = SD_SUB_REQUESTED};
    sd_subscription_fire(&s, SD_SUB_EV_2XX, 2, 10);
    g_assert_cmpint(s.state, ==, SD_SUB_ACCEPTED);
    g_assert_cmpuint(s.accepted_frame, ==, 2);
    sd_subscription_fire(&s, SD_SUB_EV_REJECTED, 3, 11);   /* a failed refresh changes nothing */
    g_assert_cmpint(s.state, ==, SD_SUB_ACCEPTED);
    sd_subscription_fire(&s, SD_SUB_EV_PENDING, 4, 12);
    g_assert_cmpint(s.state, ==, SD_SUB_PENDING);
    g_assert_cmpuint(s.first_notify_frame, ==, 4);
    sd_subscription_fire(&s, SD_SUB_EV_TIMER_N, 5, 13);    /* Timer N only without any NOTIFY */
    g_assert_cmpint(s.state, ==, SD_SUB_PENDING);
    sd_subscription_fire(&s, SD_SUB_EV_ACTIVE, 6, 14);
    g_assert_cmpint(s.state, ==, SD_SUB_ACTIVE);
    g_assert_cmpuint(s.first_notify_frame, ==, 4);
    sd_subscription_fire(&s, SD_SUB_EV_TERMINATED, 7, 15);
    g_assert_cmpint(s.state, ==, SD_SUB_TERMINATED);
    g_assert_cmpint(s.end, ==, SD_SUB_END_NOTIFY);
    sd_subscription_fire(&s, SD_SUB_EV_ACTIVE, 8, 16);     /* once over, over */
    g_assert_cmpint(s.state, ==, SD_SUB_TERMINATED);

    sd_subscription r = {.state = SD_SUB_REQUESTED};
    sd_subscription_fire(&r, SD_SUB_EV_REJECTED, 2, 10);
    g_assert_cmpint(r.state, ==, SD_SUB_TERMINATED);
    g_assert_cmpint(r.end, ==, SD_SUB_END_REJECTED);

    sd_subscription t = {.state = SD_SUB_REQUESTED};
    sd_subscription_fire(&t, SD_SUB_EV_2XX, 2, 10);
    sd_subscription_fire(&t, SD_SUB_EV_TIMER_N, 3, 11);
    g_assert_cmpint(t.end, ==, SD_SUB_END_TIMER_N);

    sd_subscription u = {.state = SD_SUB_ACTIVE};
    sd_subscription_fire(&u, SD_SUB_EV_481, 2, 10);
    g_assert_cmpint(u.end, ==, SD_SUB_END_481);
}

/* A NOTIFY after Timer N: the 2xx had none in time (known only later), and
 * the subscriber, which gave up, must answer the late one 481. */
static void test_timer_n(void)
{
    harness h;
    h_init(&h);
    uint32_t sub = SUBSCRIBE(1, "z9hG4bK1", .expires = 600, .t = 1.0);
    uint32_t ok = SUB_RESP(200, 1, "z9hG4bK1", .expires = 600);
    uint32_t notify = NOTIFY(1, "z9hG4bKn1", .sub_state = "active", .state_expires = 560, .t = 40.0);
    uint32_t accepted = NOTIFY_RESP(200, 1, "z9hG4bKn1");
    assert_clean(&h, sub);
    assert_findings(&h, ok, F(SUBSCRIPTION_NOTIFY_MISSING));
    assert_clean(&h, notify);
    assert_findings(&h, accepted, F(SUBSCRIPTION_UNKNOWN_ACCEPTED));
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_SUBSCRIPTION_NOTIFY_IN), ==, -1);
    h_free(&h);
}

/* Within Timer N: silent, and the 2xx links its NOTIFY. */
static void test_notify_in_time(void)
{
    harness h;
    h_init(&h);
    SUBSCRIBE(1, "z9hG4bK1", .expires = 600, .t = 1.0);
    uint32_t ok = SUB_RESP(200, 1, "z9hG4bK1", .expires = 300);
    uint32_t notify = NOTIFY(1, "z9hG4bKn1", .sub_state = "active", .state_expires = 300, .t = 30.0);
    NOTIFY_RESP(200, 1, "z9hG4bKn1");
    h_reach(&h, 100.0);
    for (uint32_t id = 0; id <= notify + 1; id++)
        assert_clean(&h, id);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_SUBSCRIPTION_NOTIFY_IN), ==, 3);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_SUBSCRIPTION_EXPIRES), ==, 300);
    g_assert_cmpint(h_field(&h, notify, SD_FIELD_SUBSCRIPTION_STATE), ==, SD_SUB_STATE_TEXT_ACTIVE);
    h_free(&h);
}

/* A 481 to a NOTIFY ends the subscription: a later NOTIFY is after it,
 * and answering it 481 again is right. */
static void test_481_ends_it(void)
{
    harness h;
    h_init(&h);
    SUBSCRIBE(1, "z9hG4bK1", .expires = 600);
    SUB_RESP(200, 1, "z9hG4bK1", .expires = 600);
    NOTIFY(1, "z9hG4bKn1", .sub_state = "active", .state_expires = 600);
    uint32_t refused = NOTIFY_RESP(481, 1, "z9hG4bKn1");
    uint32_t again = NOTIFY(2, "z9hG4bKn2", .sub_state = "active", .state_expires = 590);
    uint32_t refused_again = NOTIFY_RESP(481, 2, "z9hG4bKn2");
    assert_clean(&h, refused);
    assert_findings(&h, again, F(SUBSCRIPTION_AFTER_TERMINATED));
    assert_clean(&h, refused_again);
    h_free(&h);
}

/* How long it lasts changes only in sd_subscription_lasts(): each grant
 * moves the end, an Expires 0 leaves none, and once over nothing changes. */
static void test_lasts(void)
{
    sd_subscription s = {.state = SD_SUB_ACTIVE};
    sd_subscription_lasts(&s, 3, 1000000, 60);
    g_assert_cmpuint(s.expiry_frame, ==, 3);
    g_assert_cmpint(s.expires_at_us, ==, 61000000);
    sd_subscription_lasts(&s, 7, 50000000, 60);
    g_assert_cmpuint(s.expiry_frame, ==, 7);
    g_assert_cmpint(s.expires_at_us, ==, 110000000);
    sd_subscription_lasts(&s, 9, 80000000, 0);
    g_assert_cmpuint(s.expiry_frame, ==, 0);
    sd_subscription t = {.state = SD_SUB_TERMINATED};
    sd_subscription_lasts(&t, 3, 1000000, 60);
    g_assert_cmpuint(t.expiry_frame, ==, 0);
}

/* §4.1.2.2, §4.2.2: never refreshed, and no NOTIFY ends it: expired, said
 * on the NOTIFY that gave the last duration, once 64×T1 more have passed;
 * not before, not once refreshed, not once a NOTIFY ended it. */
static void test_expired(void)
{
    for (int variant = 0; variant < 4; variant++) {
        harness h;
        h_init(&h);
        SUBSCRIBE(1, "z9hG4bK1", .expires = 60, .t = 1.0);
        uint32_t ok = SUB_RESP(200, 1, "z9hG4bK1", .expires = 60);
        uint32_t notify = NOTIFY(1, "z9hG4bKn1", .sub_state = "active", .state_expires = 60);
        NOTIFY_RESP(200, 1, "z9hG4bKn1");
        if (variant == 2) {
            SUBSCRIBE(2, "z9hG4bK2", .to = "n", .expires = 60, .t = 50.0);
            SUB_RESP(200, 2, "z9hG4bK2", .expires = 60);
        } else if (variant == 3) {
            NOTIFY(2, "z9hG4bKn2", .sub_state = "terminated", .reason = "timeout", .t = 61.0);
        }
        h_reach(&h, variant == 1 ? 80.0 : 100.0);
        assert_clean(&h, ok);
        if (variant == 0)
            assert_findings(&h, notify, F(SUBSCRIPTION_EXPIRED));
        else
            assert_clean(&h, notify);
        h_free(&h);
    }
}

/* A SUBSCRIBE challenged and re-sent with credentials is one subscription. */
static void test_auth_retry_same_subscription(void)
{
    harness h;
    h_init(&h);
    uint32_t sub = SUBSCRIBE(1, "z9hG4bK1", .expires = 600);
    MSG(.status = 401, .cseq = 1, .cseq_method = "SUBSCRIBE", .from = "s", .to = "x", .branch = "z9hG4bK1");
    uint32_t retry = SUBSCRIBE(2, "z9hG4bK2", .expires = 600, .creds = true);
    SUB_RESP(200, 2, "z9hG4bK2", .expires = 600);
    uint32_t notify = NOTIFY(1, "z9hG4bKn1", .sub_state = "active", .state_expires = 600);
    g_assert_cmpint(h_field(&h, retry, SD_FIELD_SUBSCRIPTION_INDEX), ==, h_field(&h, sub, SD_FIELD_SUBSCRIPTION_INDEX));
    g_assert_cmpint(h_field(&h, notify, SD_FIELD_SUBSCRIPTION_INDEX), ==, h_field(&h, sub, SD_FIELD_SUBSCRIPTION_INDEX));
    assert_clean(&h, notify);
    h_free(&h);
}

/* RFC 5057 §5: the INVITE, subscription and REFER usages of one dialog share
 * each UA's CSeq space. */
static void test_usages_share_cseq(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t sub = MSG(.method = "SUBSCRIBE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3",
                       .event = "dialog", .expires = 600);
    MSG(.status = 200, .cseq = 2, .cseq_method = "SUBSCRIBE", .from = "a", .to = "b", .branch = "z9hG4bK3",
        .expires = 600);
    uint32_t notify = MSG(.method = "NOTIFY", .cseq = 1, .from = "b", .to = "a", .branch = "z9hG4bKb1",
                          .event = "dialog", .sub_state = "active", .state_expires = 600);
    uint32_t refer = MSG(.method = "REFER", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK4",
                         .refer_to = "sip:c@x");
    uint32_t reused = MSG(.method = "INFO", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK5");
    uint32_t refer_notify = MSG(.method = "NOTIFY", .cseq = 2, .from = "b", .to = "a", .branch = "z9hG4bKb2",
                                .event = "refer", .sub_state = "active", .state_expires = 60,
                                .sipfrag = "SIP/2.0 100 Trying");
    assert_clean(&h, sub);
    assert_clean(&h, notify);
    assert_clean(&h, refer);
    assert_findings(&h, reused, F(CSEQ_REUSED));
    /* No 202 to the REFER was seen before it. */
    assert_findings(&h, refer_notify, F(SUBSCRIPTION_NOTIFY_BEFORE_2XX));
    g_assert_cmpint(h_field(&h, sub, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    g_assert_cmpint(h_field(&h, refer, SD_FIELD_CSEQ_PREVIOUS), ==, 2);
    g_assert_cmpint(h_field(&h, refer_notify, SD_FIELD_CSEQ_PREVIOUS), ==, 1);
    g_assert_cmpint(h_field(&h, refer_notify, SD_FIELD_SUBSCRIPTION_INDEX), ==,
                    h_field(&h, refer, SD_FIELD_SUBSCRIPTION_INDEX));
    g_assert_cmpint(h_field(&h, notify, SD_FIELD_SUBSCRIPTION_INDEX), ==, h_field(&h, sub, SD_FIELD_SUBSCRIPTION_INDEX));
    g_assert_cmpint(h_field(&h, refer, SD_FIELD_SUBSCRIPTION_INDEX), !=, h_field(&h, sub, SD_FIELD_SUBSCRIPTION_INDEX));
    h_free(&h);
}

/* RFC 4488: REFER with Refer-Sub: false asks for no NOTIFY at all. */
static void test_refer_sub_false(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    MSG(.method = "REFER", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .refer_to = "sip:c@x",
        .refer_sub_false = true);
    uint32_t accepted = MSG(.status = 200, .cseq = 2, .cseq_method = "REFER", .from = "a", .to = "b",
                            .branch = "z9hG4bK3", .refer_sub_false = true);
    uint32_t bye = MSG(.method = "BYE", .cseq = 3, .from = "a", .to = "b", .branch = "z9hG4bK4");
    MSG(.status = 200, .cseq = 3, .cseq_method = "BYE", .from = "a", .to = "b", .branch = "z9hG4bK4");
    h_reach(&h, 100.0);
    assert_clean(&h, accepted);
    assert_clean(&h, bye);
    h_free(&h);
}

/* RFC 4320 §4.1, §4.2: 100 is the only provisional response a non-INVITE
 * request may get; 408 only an INVITE. */
static void test_non_invite_responses(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "OPTIONS", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    uint32_t trying = MSG(.status = 100, .cseq = 1, .cseq_method = "OPTIONS", .from = "a", .branch = "z9hG4bK1");
    uint32_t progress = MSG(.status = 183, .cseq = 1, .cseq_method = "OPTIONS", .from = "a", .to = "b",
                            .branch = "z9hG4bK1");
    uint32_t timeout = MSG(.status = 408, .cseq = 1, .cseq_method = "OPTIONS", .from = "a", .to = "b",
                           .branch = "z9hG4bK1");
    MSG(.method = "INVITE", .cseq = 1, .from = "c", .branch = "z9hG4bK2", .call_id = "call-2");
    uint32_t ringing = MSG(.status = 180, .cseq = 1, .from = "c", .to = "d", .branch = "z9hG4bK2", .call_id = "call-2");
    uint32_t invite_timeout = MSG(.status = 408, .cseq = 1, .from = "c", .to = "d", .branch = "z9hG4bK2",
                                  .call_id = "call-2");
    assert_clean(&h, trying);
    assert_findings(&h, progress, F(TXN_PROVISIONAL_NON_INVITE));
    assert_findings(&h, timeout, F(TXN_408_NON_INVITE));
    assert_clean(&h, ringing);
    assert_clean(&h, invite_timeout);
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/subscription/machine", test_machine);
    g_test_add_func("/subscription/timer_n", test_timer_n);
    g_test_add_func("/subscription/notify_in_time", test_notify_in_time);
    g_test_add_func("/subscription/481_ends_it", test_481_ends_it);
    g_test_add_func("/subscription/lasts", test_lasts);
    g_test_add_func("/subscription/expired", test_expired);
    g_test_add_func("/subscription/auth_retry_same_subscription", test_auth_retry_same_subscription);
    g_test_add_func("/subscription/usages_share_cseq", test_usages_share_cseq);
    g_test_add_func("/subscription/refer_sub_false", test_refer_sub_false);
    g_test_add_func("/txn/non_invite_responses", test_non_invite_responses);
    return g_test_run();
}
