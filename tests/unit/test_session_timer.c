/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session timers (RFC 4028). */
#include "harness.h"

#define INVITE(cseq_, branch_, ...) MSG(.method = "INVITE", .cseq = cseq_, .from = "a", .branch = branch_, __VA_ARGS__)

/* a calls b with timers; b answers 200 with a 90 s interval that a
 * refreshes; returns the 2xx. */
static uint32_t call(harness *h, sd_refresher_param refresher)
{
    h_add(h, (msg_spec){.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0,
                        .se = 1800, .supported_timer = true});
    uint32_t ok = h_add(h, (msg_spec){.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1",
                                      .t = 1.0, .se = 90, .refresher = refresher,
                                      .require_timer = refresher == SD_REFRESHER_UAC});
    h_add(h, (msg_spec){.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2", .t = 1.01});
    return ok;
}

/* The caller refreshes every half interval: silent; each refresh links the
 * one it renews. */
static void test_refreshed(void)
{
    harness h;
    h_init(&h);
    uint32_t ok = call(&h, SD_REFRESHER_UAC);
    REQ_A("UPDATE", 2, "z9hG4bK3", .t = 46.0, .se = 90, .refresher = SD_REFRESHER_UAC, .supported_timer = true);
    uint32_t r1 = TO_A(200, 2, "z9hG4bK3", .cseq_method = "UPDATE", .se = 90, .refresher = SD_REFRESHER_UAC, .require_timer = true);
    REQ_A("INVITE", 3, "z9hG4bK4", .t = 91.0, .se = 90, .supported_timer = true);
    uint32_t r2 = TO_A(200, 3, "z9hG4bK4", .se = 90, .refresher = SD_REFRESHER_UAC, .require_timer = true);
    REQ_A("ACK", 3, "z9hG4bK5");
    uint32_t bye = REQ_A("BYE", 4, "z9hG4bK6", .t = 120.0);
    TO_A(200, 4, "z9hG4bK6", .cseq_method = "BYE");
    h_reach(&h, 400.0);
    for (uint32_t id = 0; id <= bye + 1; id++)
        assert_clean(&h, id);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_TIMER_INTERVAL), ==, 90);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_TIMER_REFRESHER), ==, SD_SIDE_CALLER);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_TIMER_EXPIRES_AT), ==, 91000000);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_TIMER_REFRESH_OF), ==, -1);
    g_assert_cmpint(h_field(&h, r1, SD_FIELD_TIMER_REFRESH_OF), ==, ok + 1);
    g_assert_cmpint(h_field(&h, r2, SD_FIELD_TIMER_REFRESH_OF), ==, r1 + 1);
    g_assert_cmpint(h_field(&h, r2, SD_FIELD_TIMER_REFRESHER), ==, SD_SIDE_CALLER);
    h_free(&h);
}

/* The callee was to refresh and did not: the caller ends the call shortly
 * before the session expires (RFC 4028 §10). */
static void test_refresh_missing_then_bye(void)
{
    harness h;
    h_init(&h);
    uint32_t ok = call(&h, SD_REFRESHER_UAS);
    g_assert_cmpint(h_field(&h, ok, SD_FIELD_TIMER_REFRESHER), ==, SD_SIDE_CALLEE);
    uint32_t bye = REQ_A("BYE", 2, "z9hG4bK3", .t = 61.0);   /* 90 - min(32, 30) after the 2xx */
    TO_A(200, 2, "z9hG4bK3", .cseq_method = "BYE");
    assert_findings(&h, bye, F(TIMER_EXPIRED));
    assert_findings(&h, ok, F(TIMER_REFRESH_MISSING));
    h_free(&h);
}

/* No BYE: the interval elapsed while the capture went on; before then,
 * nothing is known. */
static void test_refresh_missing_no_bye(void)
{
    harness h;
    h_init(&h);
    uint32_t ok = call(&h, SD_REFRESHER_UAC);
    h_reach(&h, 90.5);
    assert_clean(&h, ok);
    h_reach(&h, 91.2);
    assert_findings(&h, ok, F(TIMER_REFRESH_MISSING));
    h_free(&h);
}

/* A BYE long before the session expires is an ordinary hang-up. */
static void test_early_bye_silent(void)
{
    harness h;
    h_init(&h);
    uint32_t ok = call(&h, SD_REFRESHER_UAC);
    uint32_t bye = REQ_B("BYE", 1, "z9hG4bKb1", .t = 20.0);
    TO_B(200, 1, "z9hG4bKb1", .cseq_method = "BYE");
    h_reach(&h, 500.0);
    assert_clean(&h, ok);
    assert_clean(&h, bye);
    h_free(&h);
}

/* A refresh answered without Session-Expires turns the timer off (§7.4). */
static void test_refresh_without_timer(void)
{
    harness h;
    h_init(&h);
    uint32_t ok = call(&h, SD_REFRESHER_UAC);
    REQ_A("INVITE", 2, "z9hG4bK3", .t = 40.0);
    uint32_t r = TO_A(200, 2, "z9hG4bK3");
    REQ_A("ACK", 2, "z9hG4bK4");
    h_reach(&h, 500.0);
    assert_clean(&h, ok);
    assert_clean(&h, r);
    g_assert_cmpint(h_field(&h, r, SD_FIELD_TIMER_INTERVAL), ==, -1);
    h_free(&h);
}

/* §4, §5, §6: too small in the request, a 422 with Min-SE and a correct
 * retry; a 422 without Min-SE; a retry still too small. */
static void test_too_small(void)
{
    harness h;
    h_init(&h);
    uint32_t small = INVITE(1, "z9hG4bK1", .t = 0.0, .se = 60, .supported_timer = true);
    uint32_t r422 = MSG(.status = 422, .cseq = 1, .from = "a", .to = "x1", .branch = "z9hG4bK1", .min_se = 300);
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "x1", .branch = "z9hG4bK1");
    uint32_t still = INVITE(2, "z9hG4bK2", .se = 120, .min_se = 90, .supported_timer = true);
    uint32_t no_min = MSG(.status = 422, .cseq = 2, .from = "a", .to = "x2", .branch = "z9hG4bK2");
    MSG(.method = "ACK", .cseq = 2, .from = "a", .to = "x2", .branch = "z9hG4bK2");
    uint32_t retry = INVITE(3, "z9hG4bK3", .se = 300, .min_se = 300, .supported_timer = true);
    uint32_t ok = TO_A(200, 3, "z9hG4bK3", .se = 300, .refresher = SD_REFRESHER_UAS);
    assert_findings(&h, small, F(TIMER_TOO_SMALL));
    assert_clean(&h, r422);
    assert_findings(&h, still, F(TIMER_TOO_SMALL));
    assert_findings(&h, no_min, F(TIMER_TOO_SMALL));
    assert_clean(&h, retry);
    assert_clean(&h, ok);
    /* A refresh lowering the interval below the dialog's Min-SE. */
    REQ_A("UPDATE", 4, "z9hG4bK4", .t = 100.0, .se = 300);
    uint32_t lowered = TO_A(200, 4, "z9hG4bK4", .cseq_method = "UPDATE", .se = 200, .refresher = SD_REFRESHER_UAS);
    assert_findings(&h, lowered, F(TIMER_TOO_SMALL));
    h_free(&h);
}

/* §9: who refreshes, said to a UAC that supports timers; Require: timer
 * when it is the UAC. */
static void test_refresher_and_require(void)
{
    harness h;
    h_init(&h);
    INVITE(1, "z9hG4bK1", .t = 0.0, .se = 1800, .supported_timer = true);
    uint32_t no_refresher = TO_A(200, 1, "z9hG4bK1", .se = 1800);
    REQ_A("ACK", 1, "z9hG4bK2");
    REQ_A("UPDATE", 2, "z9hG4bK3", .se = 1800, .supported_timer = true);
    uint32_t no_require = TO_A(200, 2, "z9hG4bK3", .cseq_method = "UPDATE", .se = 1800, .refresher = SD_REFRESHER_UAC);
    /* Without Supported: timer in the request, the UAS alone refreshes and
     * may leave the parameter out. */
    REQ_A("UPDATE", 3, "z9hG4bK4", .se = 1800);
    uint32_t plain = TO_A(200, 3, "z9hG4bK4", .cseq_method = "UPDATE", .se = 1800);
    assert_findings(&h, no_refresher, F(TIMER_REFRESHER_MISSING));
    g_assert_cmpint(h_field(&h, no_refresher, SD_FIELD_TIMER_REFRESHER), ==, -1);
    assert_findings(&h, no_require, F(TIMER_REQUIRE_MISSING));
    assert_clean(&h, plain);
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/session_timer/refreshed", test_refreshed);
    g_test_add_func("/session_timer/refresh_missing_then_bye", test_refresh_missing_then_bye);
    g_test_add_func("/session_timer/refresh_missing_no_bye", test_refresh_missing_no_bye);
    g_test_add_func("/session_timer/early_bye_silent", test_early_bye_silent);
    g_test_add_func("/session_timer/refresh_without_timer", test_refresh_without_timer);
    g_test_add_func("/session_timer/too_small", test_too_small);
    g_test_add_func("/session_timer/refresher_and_require", test_refresher_and_require);
    return g_test_run();
}
