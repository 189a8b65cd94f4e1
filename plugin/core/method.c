/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "method.h"

#include <string.h>

/* Each known method's name, at its value: the name of a method is read
 * from here for every response (its request's CSeq method). */
static const char *const names[] = {
    [SD_METHOD_INVITE] = "INVITE",       [SD_METHOD_ACK] = "ACK",
    [SD_METHOD_BYE] = "BYE",             [SD_METHOD_CANCEL] = "CANCEL",
    [SD_METHOD_OPTIONS] = "OPTIONS",     [SD_METHOD_REGISTER] = "REGISTER",
    [SD_METHOD_PRACK] = "PRACK",         [SD_METHOD_SUBSCRIBE] = "SUBSCRIBE",
    [SD_METHOD_NOTIFY] = "NOTIFY",       [SD_METHOD_PUBLISH] = "PUBLISH",
    [SD_METHOD_INFO] = "INFO",           [SD_METHOD_REFER] = "REFER",
    [SD_METHOD_MESSAGE] = "MESSAGE",     [SD_METHOD_UPDATE] = "UPDATE",
};

enum { METHODS = sizeof names / sizeof names[0] };

sd_method sd_method_parse(const char *name)
{
    if (name == NULL)
        return SD_METHOD_OTHER;
    /* It runs for every message, often twice: a first letter that differs
     * rules a name out without a call. */
    for (int method = SD_METHOD_INVITE; method < METHODS; method++)
        if (names[method] != NULL && names[method][0] == name[0] && strcmp(name, names[method]) == 0)
            return (sd_method)method;
    return SD_METHOD_OTHER;
}

const char *sd_method_name(sd_method method)
{
    return method > SD_METHOD_OTHER && (int)method < METHODS ? names[method] : NULL;
}

bool sd_method_creates_dialog(sd_method method)
{
    return method == SD_METHOD_INVITE || method == SD_METHOD_SUBSCRIBE || method == SD_METHOD_REFER;
}
