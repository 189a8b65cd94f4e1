/* Forks: each To tag's answer to an INVITE (RFC 3261 §13.2.2.4). */
#ifndef SIPDIALOG_FORKS_H
#define SIPDIALOG_FORKS_H

#include "model.h"

/* The answer of `dialog` to `invite` (an origin), or NULL. */
sd_fork *sd_fork_find(const sd_dialog *dialog, const sd_txn *invite);

/* The same, created on its first response. */
sd_fork *sd_fork_get(sd_analyzer *a, sd_dialog *dialog, sd_txn *invite);

#endif
