/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How dialogs end: BYE and what follows it (RFC 3261 §15, RFC 5407 §3.2). */
#ifndef SIPDIALOG_BYES_H
#define SIPDIALOG_BYES_H

#include "model.h"

/* A new request in a dialog: a BYE ends it; other requests after a BYE
 * are late. */
void sd_check_dialog_end(sd_analyzer *a, sd_record *rec, sd_txn *txn);

#endif
