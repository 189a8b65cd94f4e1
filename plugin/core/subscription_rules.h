/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rules of subscriptions (RFC 6665) and REFER (RFC 3515): what a NOTIFY
 * must carry, what a notifier may grant, what ends them. */
#ifndef SIPDIALOG_SUBSCRIPTION_RULES_H
#define SIPDIALOG_SUBSCRIPTION_RULES_H

#include "model.h"

/* A NOTIFY in a dialog, before its subscription takes it: its headers, the
 * duration it grants, whether the subscription was still there for it. */
void sd_subscription_check_notify(sd_analyzer *a, sd_record *rec, sd_request *notify, const sd_message *m,
                                  const sd_subscription *s);

/* A re-SUBSCRIBE in an ended subscription. */
void sd_subscription_check_refresh(sd_record *rec, const sd_subscription *s);

/* A BYE: from the transferor before the result of its REFER. */
void sd_subscription_check_bye(sd_record *rec, const sd_request *bye);

/* A response to SUBSCRIBE, REFER or NOTIFY, new on its hop; `first_final`:
 * the first final response to the request on any hop. */
void sd_subscription_check_response(sd_record *rec, const sd_request *request, const sd_message *m,
                                    bool first_final, bool forwarded);

/* Whether Timer N ran out on the subscription by `now_us` (§4.1.2.4). */
bool sd_subscription_timer_n_expired(const sd_analyzer *a, const sd_subscription *s, int64_t now_us);

#endif
