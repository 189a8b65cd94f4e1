/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The two state machines alone: a transaction's (RFC 3261 §17, RFC 6026)
 * and a dialog's (RFC 5407 §2). */
#include <glib.h>

#include "dialog_fsm.h"
#include "txn_fsm.h"

typedef struct {
    sd_request request;
    sd_txn txn;
} hop;

static void hop_init(hop *h, sd_method method)
{
    *h = (hop){.request = {.method = method}};
    h->txn.request = &h->request;
    h->request.hop = &h->txn;
}

static void test_invite_answered(void)
{
    hop h;
    hop_init(&h, SD_METHOD_INVITE);
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_PROVISIONAL, 2, 100), ==, SD_TXN_EXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_PROCEEDING);
    g_assert_true(sd_txn_pending(&h.txn));
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_2XX, 3, 200), ==, SD_TXN_EXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_ACCEPTED);
    g_assert_cmpuint(h.txn.first_provisional_frame, ==, 2);
    g_assert_cmpuint(h.txn.final_frame, ==, 3);
    /* RFC 6026 §7.1: another fork's 2xx is expected; a failure is not. */
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_2XX, 4, 200), ==, SD_TXN_EXPECTED);
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_FAILURE, 5, 486), ==, SD_TXN_UNEXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_ACCEPTED);
    g_assert_cmpuint(h.txn.final_frame, ==, 3);
    g_assert_cmpuint(h.txn.final_status, ==, 200);
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_TIMEOUT, 0, 0), ==, SD_TXN_EXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_TERMINATED);
}

static void test_invite_rejected(void)
{
    hop h;
    hop_init(&h, SD_METHOD_INVITE);
    /* §9.1: no CANCEL before a provisional response; §17.1.1.3: no ACK
     * before a final one. */
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_CANCEL, 2, 0), ==, SD_TXN_UNEXPECTED);
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_ACK, 3, 0), ==, SD_TXN_UNEXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_CALLING);
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_FAILURE, 4, 487), ==, SD_TXN_EXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_COMPLETED);
    g_assert_false(sd_txn_pending(&h.txn));
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_2XX, 5, 200), ==, SD_TXN_UNEXPECTED);
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_ACK, 6, 0), ==, SD_TXN_EXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_CONFIRMED);
    g_assert_cmpuint(h.txn.final_status, ==, 487);
}

static void test_non_invite(void)
{
    hop h;
    hop_init(&h, SD_METHOD_BYE);
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_2XX, 2, 200), ==, SD_TXN_EXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_COMPLETED);
    /* §17.2.2: one final response. */
    g_assert_cmpint(sd_txn_fire(&h.txn, SD_TXN_EV_FAILURE, 3, 481), ==, SD_TXN_UNEXPECTED);
    g_assert_cmpint(h.txn.state, ==, SD_TXN_COMPLETED);
}

static void test_dialog(void)
{
    sd_dialog d = {.state = SD_DIALOG_PREPARATIVE};
    /* A challenged attempt fails, then its retry takes it up again. */
    sd_dialog_fire(&d, SD_DIALOG_EV_FAILURE);
    g_assert_cmpint(d.state, ==, SD_DIALOG_TERMINATED);
    sd_dialog_fire(&d, SD_DIALOG_EV_RETRY);
    g_assert_cmpint(d.state, ==, SD_DIALOG_PREPARATIVE);
    sd_dialog_fire(&d, SD_DIALOG_EV_PROVISIONAL);
    g_assert_cmpint(d.state, ==, SD_DIALOG_EARLY);
    sd_dialog_fire(&d, SD_DIALOG_EV_REVEALED);
    g_assert_cmpint(d.state, ==, SD_DIALOG_EARLY);
    sd_dialog_fire(&d, SD_DIALOG_EV_2XX);
    g_assert_cmpint(d.state, ==, SD_DIALOG_CONFIRMED);
    /* A confirmed dialog outlives a failure of a later request. */
    sd_dialog_fire(&d, SD_DIALOG_EV_FAILURE);
    g_assert_cmpint(d.state, ==, SD_DIALOG_CONFIRMED);
    sd_dialog_fire(&d, SD_DIALOG_EV_BYE);
    g_assert_cmpint(d.state, ==, SD_DIALOG_TERMINATED);
    /* Only an attempt without a To tag is retried; BYE ends it for good. */
    sd_dialog_fire(&d, SD_DIALOG_EV_PROVISIONAL);
    g_assert_cmpint(d.state, ==, SD_DIALOG_TERMINATED);
}

/* RFC 5057 §5.1: a response to a request inside the dialog that destroys
 * it ends an early or confirmed dialog for good; a dialog not yet early
 * has no request inside it to be answered. */
static void test_dialog_destroyed(void)
{
    sd_dialog_state from[] = {SD_DIALOG_PREPARATIVE, SD_DIALOG_EARLY, SD_DIALOG_CONFIRMED, SD_DIALOG_TERMINATED};
    sd_dialog_state to[] = {SD_DIALOG_PREPARATIVE, SD_DIALOG_TERMINATED, SD_DIALOG_TERMINATED, SD_DIALOG_TERMINATED};
    for (size_t i = 0; i < G_N_ELEMENTS(from); i++) {
        sd_dialog d = {.state = from[i]};
        sd_dialog_fire(&d, SD_DIALOG_EV_DESTROYED);
        g_assert_cmpint(d.state, ==, to[i]);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fsm/txn/invite-answered", test_invite_answered);
    g_test_add_func("/fsm/txn/invite-rejected", test_invite_rejected);
    g_test_add_func("/fsm/txn/non-invite", test_non_invite);
    g_test_add_func("/fsm/dialog", test_dialog);
    g_test_add_func("/fsm/dialog/destroyed", test_dialog_destroyed);
    return g_test_run();
}
