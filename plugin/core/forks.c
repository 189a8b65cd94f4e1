#include "forks.h"

/* How many of a dialog's INVITEs are searched, newest first: an answer to
 * an older one than this is no longer plausible. */
enum { SEARCHED_INVITES = 8 };

sd_fork *sd_fork_find(const sd_dialog *dialog, const sd_txn *invite)
{
    int searched = 0;
    for (sd_fork *f = dialog->fork; f != NULL && searched < SEARCHED_INVITES; f = f->previous, searched++)
        if (f->invite == invite)
            return f;
    return NULL;
}

sd_fork *sd_fork_get(sd_analyzer *a, sd_dialog *dialog, sd_txn *invite)
{
    sd_fork *f = sd_fork_find(dialog, invite);
    if (f != NULL)
        return f;
    f = g_new0(sd_fork, 1);
    f->invite = invite;
    f->dialog = dialog;
    f->index = invite->forks ? invite->forks->index + 1 : 1;
    f->next = invite->forks;
    invite->forks = f;
    f->previous = dialog->fork;
    dialog->fork = f;
    g_ptr_array_add(a->all_forks, f);
    return f;
}
