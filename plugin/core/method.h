/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SIP request methods the rules need to tell apart. */
#ifndef SIPDIALOG_METHOD_H
#define SIPDIALOG_METHOD_H

#include <stdbool.h>

typedef enum {
    SD_METHOD_OTHER,
    SD_METHOD_INVITE,
    SD_METHOD_ACK,
    SD_METHOD_BYE,
    SD_METHOD_CANCEL,
    SD_METHOD_OPTIONS,
    SD_METHOD_REGISTER,
    SD_METHOD_PRACK,
    SD_METHOD_SUBSCRIBE,
    SD_METHOD_NOTIFY,
    SD_METHOD_PUBLISH,
    SD_METHOD_INFO,
    SD_METHOD_REFER,
    SD_METHOD_MESSAGE,
    SD_METHOD_UPDATE,
} sd_method;

/* Methods are case-sensitive (RFC 3261 §7.1); NULL gives SD_METHOD_OTHER. */
sd_method sd_method_parse(const char *name);

/* The name of a known method (a static string); NULL for SD_METHOD_OTHER. */
const char *sd_method_name(sd_method method);

/* INVITE, SUBSCRIBE and REFER create dialogs (RFC 3261 §12.1, RFC 6665
 * §4.1, RFC 3515 §2.4.4). */
bool sd_method_creates_dialog(sd_method method);

#endif
