/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "non_invite.h"

#include "records.h"

void sd_non_invite_check_response(sd_record *rec, const sd_request *request, const sd_message *m, bool forwarded)
{
    sd_method method = request->method;
    if (forwarded || method == SD_METHOD_INVITE || method == SD_METHOD_ACK)
        return;
    /* RFC 4320 §4.1: a non-INVITE transaction gets no provisional response
     * but 100 (it only delays the client, whose timers do not stop). */
    if (m->status > 100 && m->status < 200)
        sd_flag(rec, SD_FINDING_TXN_PROVISIONAL_NON_INVITE);
    /* RFC 4320 §4.2: the client's Timer F has fired by then. */
    else if (m->status == 408)
        sd_flag(rec, SD_FINDING_TXN_408_NON_INVITE);
}
