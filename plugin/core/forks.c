/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "forks.h"

#include "details.h"
#include "records.h"

/* How many of a dialog's INVITEs are searched, newest first: an answer to
 * an older one than this is no longer plausible. */
enum { SEARCHED_INVITES = 8 };

sd_fork *sd_fork_find(const sd_dialog *dialog, const sd_request *invite)
{
    int searched = 0;
    for (sd_fork *f = dialog->invite.fork; f != NULL && searched < SEARCHED_INVITES; f = f->previous, searched++)
        if (f->invite == invite)
            return f;
    return NULL;
}

static sd_fork *fork_new(sd_analyzer *a, sd_dialog *dialog, sd_request *invite)
{
    sd_fork *f = sd_pool_new(&a->pool, sd_fork);
    f->invite = invite;
    f->dialog = dialog;
    f->previous = dialog->invite.fork;
    dialog->invite.fork = f;
    return f;
}

sd_fork *sd_fork_get(sd_analyzer *a, sd_dialog *dialog, sd_request *invite)
{
    sd_fork *f = sd_fork_find(dialog, invite);
    if (f != NULL)
        return f;
    f = fork_new(a, dialog, invite);
    sd_request_detail *detail = sd_request_detail_write(a, invite);
    f->index = detail->forks ? detail->forks->index + 1 : 1;
    f->next = detail->forks;
    detail->forks = f;
    return f;
}

sd_fork *sd_fork_alias(sd_analyzer *a, sd_dialog *dialog, sd_request *invite, sd_fork *original)
{
    sd_fork *f = fork_new(a, dialog, invite);
    f->alias_of = original->alias_of ? original->alias_of : original;
    f->index = f->alias_of->index;
    return f;
}

void sd_fork_on_response(sd_analyzer *a, sd_record *rec, sd_fork *fork, const sd_message *m)
{
    sd_request *invite = fork->invite;
    if (fork->first_response_frame == 0) {
        fork->first_response_frame = m->frame;
        /* §12.1: a new To tag in a provisional response is a new early dialog. */
        if (fork->index > 1 && m->status < 200 && fork->alias_of == NULL)
            sd_flag(rec, SD_FINDING_FORK_EARLY_DIALOGS);
    }
    if (!sd_is_2xx(fork->best_status) && (m->status >= 200 || fork->best_status < 200))
        fork->best_status = (uint16_t)MIN(m->status, G_MAXUINT16);
    if (!sd_is_2xx(m->status) || fork->first_2xx_frame != 0)
        return;

    fork->first_2xx_frame = m->frame;
    fork->first_2xx_time_us = m->time_us;
    if (fork->alias_of != NULL)
        return;
    const sd_fork *primary = sd_request_detail_read(invite)->primary;
    if (primary == NULL) {
        sd_request_detail_write(a, invite)->primary = fork;
        return;
    }
    /* §13.2.2.4: every further 2xx is a dialog of its own (a fork race);
     * RFC 6026 §7.2: the INVITE client transaction stops waiting for them
     * 64×T1 after the first (Timer M). */
    sd_flag(rec, SD_FINDING_FORK_MULTIPLE_2XX);
    if (m->time_us > primary->first_2xx_time_us + a->timeout_us)
        sd_flag(rec, SD_FINDING_FORK_LATE_2XX);
}

sd_fork_outcome sd_fork_outcome_of(const sd_fork *fork)
{
    bool ended = fork->dialog->invite.bye != NULL;
    if (fork->first_2xx_frame == 0)
        return fork->best_status >= 300 ? SD_FORK_REJECTED : SD_FORK_EARLY;
    if (fork->ack_frame == 0)
        return ended ? SD_FORK_NOT_ACKED_ENDED : SD_FORK_NOT_ACKED;
    return ended ? SD_FORK_ENDED : SD_FORK_KEPT;
}
