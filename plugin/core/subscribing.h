/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SUBSCRIBE, REFER, NOTIFY and their responses in the subscription usages
 * of their dialog (RFC 6665, RFC 3515, RFC 5057). */
#ifndef SIPDIALOG_SUBSCRIBING_H
#define SIPDIALOG_SUBSCRIBING_H

#include "model.h"

/* A new request in a dialog, after the dialog took it. */
void sd_subscriptions_on_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m);

/* A response new on its hop; `first_final`: the request's first final
 * response on any hop; `forwarded`: the hop it came from showed it. */
void sd_subscriptions_on_response(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m,
                                  bool first_final, bool forwarded);

#endif
