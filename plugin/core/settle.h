/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ridding the analyzer's tables of what can no longer change. */
#ifndef SIPDIALOG_SETTLE_H
#define SIPDIALOG_SETTLE_H

#include "model.h"

/* Before each message: now and then, as the capture moves on, take out of
 * the tables the transactions, dialogs and calls that have settled (see
 * settle.c). */
void sd_settle(sd_analyzer *a);

#endif
