/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Forked INVITEs (RFC 3261 §12.1, §13.2.2.4, §16.7). */
#include "harness.h"

static const char *UA = "10.0.0.1:5060", *PROXY = "10.0.0.5:5060";

/* The caller's INVITE (a1) as the proxy forwards it on branch `branch`. */
#define DOWN(...) MSG(.sent_by = PROXY, .origin_branch = "z9hG4bKa1", .origin_sent_by = UA, __VA_ARGS__)
#define UP(...) MSG(.branch = "z9hG4bKa1", .sent_by = UA, __VA_ARGS__)

/* Two phones answer a forked INVITE; the caller ACKs both and BYEs the
 * second, as §13.2.2.4 asks. Captured at the proxy. */
static void test_two_forks_answer(void)
{
    harness h;
    h_init(&h);
    uint32_t inv = UP(.method = "INVITE", .cseq = 1, .from = "a", .t = 0.0);
    uint32_t inv1 = DOWN(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp1");
    DOWN(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp2");
    uint32_t ring1 = DOWN(.status = 180, .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bKp1");
    uint32_t ring2 = DOWN(.status = 180, .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bKp2");
    uint32_t ok1 = DOWN(.status = 200, .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bKp1", .t = 1.0);
    uint32_t ok1_up = UP(.status = 200, .cseq = 1, .from = "a", .to = "t1");
    uint32_t ok2 = DOWN(.status = 200, .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bKp2");
    uint32_t ok2_up = UP(.status = 200, .cseq = 1, .from = "a", .to = "t2");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bKa2", .sent_by = UA);
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bKa3", .sent_by = UA);
    MSG(.method = "BYE", .cseq = 2, .from = "a", .to = "t2", .branch = "z9hG4bKa4", .sent_by = UA);
    MSG(.status = 200, .cseq = 2, .cseq_method = "BYE", .from = "a", .to = "t2", .branch = "z9hG4bKa4", .sent_by = UA);
    h_reach(&h, 100);

    assert_findings(&h, ring2, F(FORK_EARLY_DIALOGS));
    assert_findings(&h, ok2, F(FORK_MULTIPLE_2XX));
    assert_clean(&h, ok2_up); /* the same 2xx on the upstream hop: counted once */
    assert_clean(&h, ok1);
    assert_clean(&h, ring1);
    g_assert_cmpint(h_field(&h, ok2, SD_FIELD_FORK_INDEX), ==, 2);
    g_assert_cmpint(h_field(&h, ok2, SD_FIELD_FORK_FIRST_2XX_IN), ==, 6);
    g_assert_cmpint(h_field(&h, ok2, SD_FIELD_FORK_UPSTREAM_IN), ==, 9);
    g_assert_cmpint(h_field(&h, ok2_up, SD_FIELD_FORK_DOWNSTREAM_IN), ==, 8);
    g_assert_cmpint(h_field(&h, ok1_up, SD_FIELD_FORK_DOWNSTREAM_IN), ==, 6);
    g_assert_cmpint(h_field(&h, ok1, SD_FIELD_FORK_FIRST_2XX_IN), ==, -1);
    g_assert_cmpint(h_field(&h, ok2, SD_FIELD_FORK_OUTCOME), ==, SD_FORK_ENDED);
    g_assert_cmpint(h_field(&h, ok1, SD_FIELD_FORK_OUTCOME), ==, SD_FORK_KEPT);
    g_assert_cmpint(h_field(&h, ok2, SD_FIELD_DIALOG), !=, h_field(&h, ok1, SD_FIELD_DIALOG));

    sd_report r = h_report(&h, inv);
    g_assert_cmpint(r.value[SD_FIELD_FORK_COUNT], ==, 2);
    g_assert_cmpuint(r.forks, ==, 2);
    g_assert_cmpuint(r.fork[0].frame, ==, 4);
    g_assert_cmpuint(r.fork[1].frame, ==, 5);
    g_assert_cmpuint(r.fork[1].status, ==, 200);
    g_assert_cmpuint(r.fork[1].outcome, ==, SD_FORK_ENDED);
    g_assert_cmpint(h_field(&h, inv1, SD_FIELD_FORK_COUNT), ==, 2);
    h_free(&h);
}

/* The caller ACKs only the first 2xx; the second fork's dialog is never
 * confirmed and its UAS gives up after 64×T1. */
static void test_second_fork_never_acked(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bK1", .t = 1.0);
    uint32_t ok2 = MSG(.status = 200, .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bK2");
    h_reach(&h, 40);
    assert_findings(&h, ok2, F(FORK_MULTIPLE_2XX), F(ACK_MISSING));
    g_assert_cmpint(h_field(&h, ok2, SD_FIELD_FORK_OUTCOME), ==, SD_FORK_NOT_ACKED);
    h_free(&h);
}

static void test_extra_dialog_kept(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bK1", .t = 1.0);
    uint32_t ok2 = MSG(.status = 200, .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bK2");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bK3");
    h_reach(&h, 20);
    assert_findings(&h, ok2, F(FORK_MULTIPLE_2XX));
    h_reach(&h, 40);
    assert_findings(&h, ok2, F(FORK_MULTIPLE_2XX), F(FORK_EXTRA_DIALOG_KEPT));
    /* A dialog in use (here a re-INVITE) is kept on purpose. */
    MSG(.method = "INVITE", .cseq = 2, .from = "a", .to = "t2", .branch = "z9hG4bK4");
    assert_findings(&h, ok2, F(FORK_MULTIPLE_2XX));
    h_free(&h);
}

static void test_late_2xx(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .t = 0.0);
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bK1", .t = 1.0);
    uint32_t late = MSG(.status = 200, .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bK1", .t = 40.0);
    assert_findings(&h, late, F(FORK_MULTIPLE_2XX), F(FORK_LATE_2XX));
    h_free(&h);
}

/* §14.1: a re-INVITE never forks. */
static void test_reinvite_forked(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2");
    MSG(.method = "INVITE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    uint32_t right = MSG(.status = 200, .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3");
    uint32_t other = MSG(.status = 200, .cseq = 2, .from = "a", .to = "x", .branch = "z9hG4bK3");
    assert_clean(&h, right);
    assert_findings(&h, other, F(FORK_REINVITE_FORKED));
    h_free(&h);
}

/* A proxy that does not forward the second fork's 2xx, and leaves a branch
 * pending after it forwarded a 2xx. */
static void test_proxy_duties(void)
{
    harness h;
    h_init(&h);
    UP(.method = "INVITE", .cseq = 1, .from = "a", .t = 0.0);
    uint32_t branch1 = DOWN(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp1");
    uint32_t branch2 = DOWN(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp2");
    uint32_t branch3 = DOWN(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp3");
    DOWN(.status = 180, .cseq = 1, .from = "a", .to = "t3", .branch = "z9hG4bKp3");
    uint32_t ok1 = DOWN(.status = 200, .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bKp1", .t = 1.0);
    UP(.status = 200, .cseq = 1, .from = "a", .to = "t1");
    uint32_t dropped = DOWN(.status = 200, .cseq = 1, .from = "a", .to = "t2", .branch = "z9hG4bKp2");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bKa2", .sent_by = UA);
    h_reach(&h, 40);
    assert_clean(&h, ok1);
    assert_findings(&h, dropped, F(FORK_MULTIPLE_2XX), F(FORK_2XX_NOT_FORWARDED), F(ACK_MISSING));
    g_assert_cmpint(h_field(&h, dropped, SD_FIELD_FORK_UPSTREAM_IN), ==, -1);
    /* Branch 3 kept ringing without a CANCEL; branches 1 and 2 answered. */
    assert_clean(&h, branch1);
    assert_clean(&h, branch2);
    assert_findings(&h, branch3, F(FORK_BRANCHES_NOT_CANCELLED));
    h_free(&h);
}

/* When the capture ends soon after, nothing can be said of what the proxy
 * did not do. */
static void test_proxy_duties_need_the_future(void)
{
    harness h;
    h_init(&h);
    UP(.method = "INVITE", .cseq = 1, .from = "a", .t = 0.0);
    DOWN(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp1");
    uint32_t branch2 = DOWN(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bKp2");
    uint32_t ok1 = DOWN(.status = 200, .cseq = 1, .from = "a", .to = "t1", .branch = "z9hG4bKp1", .t = 1.0);
    h_reach(&h, 5);
    assert_clean(&h, ok1);
    assert_clean(&h, branch2);
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/forks/two_forks_answer", test_two_forks_answer);
    g_test_add_func("/forks/second_fork_never_acked", test_second_fork_never_acked);
    g_test_add_func("/forks/extra_dialog_kept", test_extra_dialog_kept);
    g_test_add_func("/forks/late_2xx", test_late_2xx);
    g_test_add_func("/forks/reinvite_forked", test_reinvite_forked);
    g_test_add_func("/forks/proxy_duties", test_proxy_duties);
    g_test_add_func("/forks/proxy_duties_need_the_future", test_proxy_duties_need_the_future);
    return g_test_run();
}
