/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reliable provisional responses (RFC 3262) and Contact (RFC 3261 §12.1.1). */
#include "harness.h"

#define REL(status_, rseq_, to_, ...) \
    MSG(.status = status_, .cseq = 1, .from = "a", .to = to_, .branch = "z9hG4bK1", .rel = true, .rseq = rseq_, __VA_ARGS__)
#define PRACK(cseq_, to_, rseq_, branch_, ...) \
    MSG(.method = "PRACK", .cseq = cseq_, .from = "a", .to = to_, .branch = branch_, .rack_rseq = rseq_, .rack_cseq = 1, __VA_ARGS__)
#define INVITE(...) MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1", .supports = true, __VA_ARGS__)

/* A reliable 1xx sent again has the same RSeq: a retransmission, not a
 * new response; the next one with RSeq+1 is new (§3). */
static void test_retransmission_by_rseq(void)
{
    harness h;
    h_init(&h);
    INVITE();
    uint32_t first = REL(183, 100, "b");
    uint32_t again = REL(183, 100, "b");
    uint32_t prack = PRACK(2, "b", 100, "z9hG4bK2");
    MSG(.status = 200, .cseq = 2, .cseq_method = "PRACK", .from = "a", .to = "b", .branch = "z9hG4bK2");
    uint32_t next = REL(183, 101, "b");
    assert_clean(&h, first);
    g_assert_cmpint(h_field(&h, again, SD_FIELD_RETRANSMISSION_OF), ==, 2);
    g_assert_cmpint(h_field(&h, first, SD_FIELD_PRACK_PRACK_IN), ==, prack + 1);
    g_assert_cmpint(h_field(&h, prack, SD_FIELD_PRACK_PROVISIONAL_IN), ==, 2);
    assert_clean(&h, next);
    g_assert_cmpint(h_field(&h, next, SD_FIELD_RETRANSMISSION_OF), ==, -1);
    g_assert_cmpint(h_field(&h, next, SD_FIELD_PRACK_RSEQ), ==, 101);
    h_free(&h);
}

/* §7.1: RSeq 1 to 2^31-1; a 100 is never reliable. */
static void test_rseq_range_and_100(void)
{
    harness h;
    h_init(&h);
    INVITE();
    uint32_t trying = MSG(.status = 100, .cseq = 1, .from = "a", .branch = "z9hG4bK1", .rel = true, .rseq = 1);
    uint32_t again = MSG(.status = 100, .cseq = 1, .from = "a", .branch = "z9hG4bK1", .rel = true, .rseq = 1);
    uint32_t big = REL(180, 0x80000000u, "b");
    MSG(.status = 486, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    /* Said once; a 100 is no reliable response that a PRACK could miss. */
    assert_findings(&h, trying, F(PRACK_NOT_SUPPORTED));
    g_assert_cmpint(h_field(&h, again, SD_FIELD_RETRANSMISSION_OF), ==, 2);
    assert_findings(&h, big, F(PRACK_RSEQ_INVALID));
    h_free(&h);
}

/* §4: a PRACK belongs to the early dialog of its 1xx: one sent with the
 * other fork's To tag matches nothing and must get 481. */
static void test_prack_in_other_fork(void)
{
    harness h;
    h_init(&h);
    INVITE();
    REL(180, 5, "b1");
    uint32_t other = REL(180, 9, "b2");
    uint32_t wrong = PRACK(2, "b2", 5, "z9hG4bK2");
    uint32_t accepted = MSG(.status = 200, .cseq = 2, .cseq_method = "PRACK", .from = "a", .to = "b2", .branch = "z9hG4bK2");
    assert_findings(&h, other, F(FORK_EARLY_DIALOGS));
    assert_findings(&h, wrong, F(PRACK_RACK_UNMATCHED));
    assert_findings(&h, accepted, F(PRACK_WRONG_RESPONSE));
    h_free(&h);
}

/* §3: retransmitted for 64×T1 without PRACK while the capture went on. */
static void test_missing_after_timeout(void)
{
    harness h;
    h_init(&h);
    INVITE(.t = 1.0);
    uint32_t rel = REL(183, 1, "b", .t = 1.1);
    REL(183, 1, "b", .t = 1.6);
    g_assert_false(sd_finding_set_has(h_report(&h, rel).findings, F(PRACK_MISSING)));
    h_reach(&h, 40.0);
    assert_findings(&h, rel, F(PRACK_MISSING));
    h_free(&h);
}

/* §12.1.1, §13.3.1.4: the 2xx of a re-INVITE carries Contact too; a 1xx
 * to a re-INVITE creates no dialog. */
static void test_contact(void)
{
    harness h;
    h_init(&h);
    MSG(.method = "INVITE", .cseq = 1, .from = "a", .branch = "z9hG4bK1");
    MSG(.status = 200, .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK1");
    MSG(.method = "ACK", .cseq = 1, .from = "a", .to = "b", .branch = "z9hG4bK2", .no_contact = true);
    uint32_t reinvite = MSG(.method = "INVITE", .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .no_contact = true);
    uint32_t ringing = MSG(.status = 180, .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .no_contact = true);
    uint32_t ok = MSG(.status = 200, .cseq = 2, .from = "a", .to = "b", .branch = "z9hG4bK3", .no_contact = true);
    assert_clean(&h, reinvite);
    assert_clean(&h, ringing);
    assert_findings(&h, ok, F(DIALOG_CONTACT_MISSING));
    h_free(&h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/prack/retransmission_by_rseq", test_retransmission_by_rseq);
    g_test_add_func("/prack/rseq_range_and_100", test_rseq_range_and_100);
    g_test_add_func("/prack/prack_in_other_fork", test_prack_in_other_fork);
    g_test_add_func("/prack/missing_after_timeout", test_missing_after_timeout);
    g_test_add_func("/prack/contact", test_contact);
    return g_test_run();
}
