/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How dialogs end: BYE and what follows it (RFC 3261 §15, RFC 5407 §3.2). */
#ifndef SIPDIALOG_DIALOG_END_H
#define SIPDIALOG_DIALOG_END_H

#include "model.h"

/* A new request in a dialog, before the dialog takes it: a first BYE may
 * not come from the callee of an early dialog nor before its ACK; a second
 * BYE crossed the first, or came late; other requests after BYE are late. */
void sd_dialog_end_check_request(sd_analyzer *a, sd_record *rec, sd_request *request);

/* Whether two BYEs of a dialog, one from each UA's tag, were both sent
 * from one address and port: an element in the middle (a B2BUA, a proxy's dialog or
 * session timer module) ended both legs itself. */
bool sd_bye_from_middle(const sd_request *bye, const sd_request *other);

#endif
