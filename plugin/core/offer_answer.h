/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The offer/answer usage of a dialog (RFC 3264, RFC 3261 §13.2.1, RFC 3262
 * §5, RFC 3311 §5): which message carries an offer, which its answer, and
 * whether each session description follows its sender's previous one.
 */
#ifndef SIPDIALOG_OFFER_ANSWER_H
#define SIPDIALOG_OFFER_ANSWER_H

#include "model.h"

/* A new request in a dialog (INVITE, UPDATE, PRACK): after the glare and
 * PRACK rules, before it becomes its sender's latest. */
void sd_offer_answer_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m);

/* The first ACK of a fork's 2xx. */
void sd_offer_answer_ack(sd_analyzer *a, sd_record *rec, sd_fork *fork, const sd_message *m);

/* A response new end to end (not a retransmission, not a forwarded copy),
 * in dialog `d` (NULL if none). */
void sd_offer_answer_response(sd_analyzer *a, sd_record *rec, sd_txn *txn, sd_response *r, sd_dialog *d,
                              const sd_message *m);

/* A request's offer its sender still waits to have answered (RFC 3264 §4):
 * no 101-299 with a session description yet, and not rejected. */
bool sd_offer_unanswered(const sd_request *request);

#endif
