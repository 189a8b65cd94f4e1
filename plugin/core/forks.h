/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Forks: each To tag's answer to an INVITE (RFC 3261 §13.2.2.4). */
#ifndef SIPDIALOG_FORKS_H
#define SIPDIALOG_FORKS_H

#include "model.h"

/* The answer of `dialog` to `invite`, or NULL. */
sd_fork *sd_fork_find(const sd_dialog *dialog, const sd_request *invite);

/* The same, created on its first response. */
sd_fork *sd_fork_get(sd_analyzer *a, sd_dialog *dialog, sd_request *invite);

/* The fork of the To tag that an element in the middle gave `original`'s
 * answer when it forwarded it (a B2BUA, topology hiding): the caller's
 * dialog, but no fork of its own (not among the INVITE's forks). */
sd_fork *sd_fork_alias(sd_analyzer *a, sd_dialog *dialog, sd_request *invite, sd_fork *original);

/* A response of the fork, first seen on some hop: its answer, and the
 * findings about forking it reveals. */
void sd_fork_on_response(sd_analyzer *a, sd_record *rec, sd_fork *fork, const sd_message *m);

/* What became of the fork, as far as the capture shows. */
sd_fork_outcome sd_fork_outcome_of(const sd_fork *fork);

#endif
