/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "method.h"

#include <string.h>

static const struct {
    const char *name;
    sd_method method;
} methods[] = {
    {"INVITE", SD_METHOD_INVITE},     {"ACK", SD_METHOD_ACK},
    {"BYE", SD_METHOD_BYE},           {"CANCEL", SD_METHOD_CANCEL},
    {"OPTIONS", SD_METHOD_OPTIONS},   {"REGISTER", SD_METHOD_REGISTER},
    {"PRACK", SD_METHOD_PRACK},       {"SUBSCRIBE", SD_METHOD_SUBSCRIBE},
    {"NOTIFY", SD_METHOD_NOTIFY},     {"PUBLISH", SD_METHOD_PUBLISH},
    {"INFO", SD_METHOD_INFO},         {"REFER", SD_METHOD_REFER},
    {"MESSAGE", SD_METHOD_MESSAGE},   {"UPDATE", SD_METHOD_UPDATE},
};

sd_method sd_method_parse(const char *name)
{
    if (name == NULL)
        return SD_METHOD_OTHER;
    /* It runs for every message, often twice: a first letter that differs
     * rules a name out without a call. */
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (methods[i].name[0] == name[0] && strcmp(name, methods[i].name) == 0)
            return methods[i].method;
    return SD_METHOD_OTHER;
}

const char *sd_method_name(sd_method method)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (methods[i].method == method)
            return methods[i].name;
    return NULL;
}

bool sd_method_creates_dialog(sd_method method)
{
    return method == SD_METHOD_INVITE || method == SD_METHOD_SUBSCRIBE || method == SD_METHOD_REFER;
}
