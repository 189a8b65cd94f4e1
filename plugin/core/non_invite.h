/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Responses to non-INVITE requests (RFC 4320, RFC 3261 §8.2.6.1, §17.2.2). */
#ifndef SIPDIALOG_NON_INVITE_H
#define SIPDIALOG_NON_INVITE_H

#include "model.h"

/* A response new on its hop; said once, where it is first seen. */
void sd_non_invite_check_response(sd_record *rec, const sd_request *request, const sd_message *m, bool forwarded);

#endif
