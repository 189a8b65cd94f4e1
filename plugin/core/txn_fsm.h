/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A transaction's state machine at one hop (RFC 3261 §17, RFC 6026 §7.1). */
#ifndef SIPDIALOG_TXN_FSM_H
#define SIPDIALOG_TXN_FSM_H

#include "model.h"

/* How a transaction in its state takes an event. */
typedef enum {
    SD_TXN_EXPECTED,     /* what the state waits for, or harmless */
    SD_TXN_UNEXPECTED,   /* a message this state does not expect: a finding */
} sd_txn_verdict;

/*
 * The one function that changes a transaction's state: event `ev`, carried
 * by the message of `frame` (none for a timeout); a response's must be the
 * transaction's latest in `responses`, which keeps its time.  It also
 * keeps the frames that mark the transaction's progress (first provisional,
 * first final response, ACK) and returns whether the state expected the
 * event.
 */
sd_txn_verdict sd_txn_fire(sd_txn *txn, sd_txn_event ev, uint32_t frame, unsigned status);

/* The event a response status is. */
sd_txn_event sd_txn_event_of_status(unsigned status);

/* No final response yet: the request is still in progress on this hop. */
static inline bool sd_txn_pending(const sd_txn *t)
{
    return t->state == SD_TXN_CALLING || t->state == SD_TXN_PROCEEDING;
}

const char *sd_txn_state_name(sd_txn_state state);

#endif
