/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Subscriptions (RFC 6665, RFC 3515 §2.4.4): the usages SUBSCRIBE and REFER
 * begin in a dialog, and their state machine. */
#ifndef SIPDIALOG_SUBSCRIPTIONS_H
#define SIPDIALOG_SUBSCRIPTIONS_H

#include "model.h"

void sd_subscriptions_init(sd_analyzer *a);
void sd_subscriptions_free(sd_analyzer *a);

/* A new subscription of `dialog`, begun by `creating` (NULL when the capture
 * missed it).  `event` and `id` must live as long as the analyzer. */
sd_subscription *sd_subscription_new(sd_analyzer *a, sd_dialog *dialog, sd_request *creating, const char *event,
                                     const char *id, bool refer, uint32_t frame);

/* The dialog's subscription a NOTIFY or a re-SUBSCRIBE with this Event
 * package and id belongs to (§4.1.2: package and id; a REFER's also by the
 * id its NOTIFYs copy from its CSeq), or NULL. */
sd_subscription *sd_subscription_find(const sd_dialog *dialog, const char *event, const char *id);

/* Whether a subscription's package and id are these. */
bool sd_subscription_matches(const sd_subscription *s, const char *event, const char *id);

/* The one function that changes a subscription's state. */
void sd_subscription_fire(sd_subscription *s, sd_sub_event ev, uint32_t frame, int64_t time_us);

/* The one function that changes how long a subscription lasts: the 2xx
 * to a SUBSCRIBE or a NOTIFY at time_us gave it `seconds` more (0: the
 * subscriber ended it, and only the final NOTIFY is still due). */
void sd_subscription_lasts(sd_subscription *s, uint32_t frame, int64_t time_us, uint32_t seconds);

/* The event a NOTIFY's Subscription-State stands for; SD_SUB_EV_COUNT for
 * none (absent, or an extension state). */
sd_sub_event sd_subscription_event_of(const sd_message *m);

/* The sipdialog.subscription.state code of a NOTIFY's Subscription-State
 * (tables.c names them); -1 if absent. */
int sd_subscription_state_code(const sd_message *m);

#endif
