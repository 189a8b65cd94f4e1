/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dialogs.h"

#include <string.h>

#include "calls.h"
#include "details.h"
#include "dialog_fsm.h"
#include "text.h"

/* What a dialog is looked up by: its call and its parties' tags (a probe
 * this small, not a whole sd_dialog cleared for each lookup). */
typedef struct {
    const sd_call *call;
    const char *tag[2];
} dialog_key;

/* Dialogs are keyed by Call-ID and the unordered pair of tags: the same
 * dialog is found from a request sent by either side. */
static uint32_t dialog_hash(const sd_call *call, const char *tag1, const char *tag2)
{
    return (uint32_t)(uintptr_t)call ^ sd_hash(tag1) ^ sd_hash(tag2);
}

static bool same_dialog(const void *value, const void *probe)
{
    const sd_dialog *d = value;
    const dialog_key *k = probe;
    if (d->call != k->call)
        return false;
    return (sd_same(d->party[0].tag, k->tag[0]) && sd_same(d->party[1].tag, k->tag[1])) ||
           (sd_same(d->party[0].tag, k->tag[1]) && sd_same(d->party[1].tag, k->tag[0]));
}

/* The creators table is keyed by Call-ID and the caller's tag alone. */
static uint32_t creator_hash(const sd_call *call, const char *tag)
{
    return (uint32_t)(uintptr_t)call ^ sd_hash(tag);
}

static bool same_creator(const void *value, const void *probe)
{
    const sd_dialog *d = value;
    const dialog_key *k = probe;
    return d->call == k->call && sd_same(d->party[0].tag, k->tag[0]);
}

void sd_dialogs_init(sd_analyzer *a)
{
    sd_map_init(&a->dialogs);
    sd_map_init(&a->creators);
    a->all_dialogs = g_ptr_array_new();
}

void sd_dialogs_free(sd_analyzer *a)
{
    sd_map_free(&a->dialogs);
    sd_map_free(&a->creators);
    g_ptr_array_free(a->all_dialogs, TRUE);
}

/* Every entry in a table counts for its call, which stays in the calls
 * table as long as it has any (see settle.c). */
static void table_replace(sd_map *table, uint32_t hash, sd_map_same same, sd_dialog *d)
{
    const dialog_key key = {d->call, {d->party[0].tag, d->party[1].tag}};
    if (sd_map_put(table, hash, same, &key, d) == NULL)
        d->call->entries++;
}

static void enter_dialog(sd_analyzer *a, sd_dialog *d)
{
    table_replace(&a->dialogs, dialog_hash(d->call, d->party[0].tag, d->party[1].tag), same_dialog, d);
}

sd_dialog *sd_dialog_find(const sd_analyzer *a, sd_call *call, const char *tag1, const char *tag2)
{
    const dialog_key key = {call, {tag1, tag2}};
    return sd_map_find(&a->dialogs, dialog_hash(call, tag1, tag2), same_dialog, &key);
}

static sd_dialog *dialog_new(sd_analyzer *a, sd_call *call, bool roles_known, const char *tag0, const char *tag1)
{
    sd_dialog *d = sd_pool_new(&a->pool, sd_dialog);
    d->call = call;
    d->index = a->all_dialogs->len;
    d->roles_known = roles_known;
    d->party[0].tag = sd_call_string(a, call, tag0);
    d->party[1].tag = sd_call_string(a, call, tag1);
    g_ptr_array_add(a->all_dialogs, d);
    if (tag1 != NULL)
        enter_dialog(a, d);
    return d;
}

sd_dialog *sd_dialog_begun(const sd_analyzer *a, sd_call *call, const char *from_tag)
{
    const dialog_key key = {call, {from_tag, NULL}};
    return sd_map_find(&a->creators, creator_hash(call, from_tag), same_creator, &key);
}

sd_dialog *sd_dialog_begin(sd_analyzer *a, sd_call *call, const char *from_tag, sd_request *request,
                           sd_dialog *current)
{
    if (current != NULL && current->party[1].tag == NULL) {
        current->creating = request;
        sd_dialog_fire(current, SD_DIALOG_EV_RETRY);
        return current;
    }
    sd_dialog *d = dialog_new(a, call, true, from_tag, NULL);
    d->creating = request;
    /* The UA's CSeq space carries over to its next attempt in the same
     * Call-ID, so that a retry is compared with what it retries. */
    if (current != NULL)
        d->party[0].last_request = current->party[0].last_request;
    table_replace(&a->creators, creator_hash(call, d->party[0].tag), same_creator, d);
    return d;
}

/* Give `d` its callee tag, or find or open the fork dialog for it. */
static sd_dialog *bind(sd_analyzer *a, sd_dialog *d, const char *callee_tag, sd_request *creating)
{
    if (callee_tag == NULL)
        return d;
    if (d->party[1].tag == NULL) {
        d->party[1].tag = sd_call_string(a, d->call, callee_tag);
        enter_dialog(a, d);
        return d;
    }
    sd_dialog *fork = sd_dialog_find(a, d->call, d->party[0].tag, callee_tag);
    if (fork != NULL)
        return fork;
    fork = dialog_new(a, d->call, d->roles_known, d->party[0].tag, callee_tag);
    /* Every fork's dialog starts from the CSeq of the request that created
     * it (RFC 3261 §12.1.2), not from later requests in a sibling fork. */
    fork->creating = creating;
    fork->party[0].last_request = creating;
    if (creating != NULL && creating->method == SD_METHOD_INVITE)
        fork->party[0].last_invite = creating;
    return fork;
}

/* A dialog revealed by an in-dialog request is established. */
static sd_dialog *confirmed(sd_dialog *d)
{
    sd_dialog_fire(d, SD_DIALOG_EV_REVEALED);
    return d;
}

sd_dialog *sd_dialog_for_request(sd_analyzer *a, sd_call *call, const char *from_tag, const char *to_tag,
                                 bool *unknown)
{
    sd_dialog *d = sd_dialog_find(a, call, from_tag, to_tag);
    return d != NULL ? d : sd_dialog_reveal(a, call, from_tag, to_tag, unknown);
}

sd_dialog *sd_dialog_reveal(sd_analyzer *a, sd_call *call, const char *from_tag, const char *to_tag, bool *unknown)
{
    /* The callee's request (a NOTIFY creating the subscription, RFC 6665
     * §4.4.1, or a BYE whose dialog's responses were not captured), or the
     * caller's request to a callee tag no captured response carried. */
    sd_dialog *begun = sd_dialog_begun(a, call, to_tag);
    if (begun != NULL)
        return confirmed(bind(a, begun, from_tag, begun->creating));
    begun = sd_dialog_begun(a, call, from_tag);
    if (begun != NULL) {
        /* The caller learnt this tag from a response to its request that
         * the capture does not show (a lossy capture, another path). */
        if (begun->creating != NULL)
            begun->creating->responses_unseen = true;
        return confirmed(bind(a, begun, to_tag, begun->creating));
    }
    if (unknown != NULL)
        *unknown = true;
    return confirmed(dialog_new(a, call, false, from_tag, to_tag));
}

/* §13.2.2.4, RFC 5407 §2: a final failure of the dialog-creating INVITE
 * ends all its early dialogs (and an attempt that never got a To tag). */
static void end_early_dialogs(sd_dialog *attempt, const sd_request *request)
{
    sd_dialog_fire(attempt, SD_DIALOG_EV_FAILURE);
    for (sd_fork *f = sd_request_detail_read(request)->forks; f != NULL; f = f->next)
        sd_dialog_fire(f->dialog, SD_DIALOG_EV_FAILURE);
}

sd_dialog *sd_dialog_on_response(sd_analyzer *a, sd_dialog *dialog, sd_request *request, const char *to_tag,
                                 unsigned status)
{
    if (status >= 300) {
        /* A failure belongs to the fork it comes from; it creates none (a
         * 401/407 leaves the attempt to be retried). */
        sd_dialog *d = to_tag ? sd_dialog_find(a, dialog->call, dialog->party[0].tag, to_tag) : NULL;
        end_early_dialogs(dialog, request);
        return d ? d : dialog;
    }
    if (status <= 100 || to_tag == NULL)
        return dialog;
    sd_dialog *d = bind(a, dialog, to_tag, request);
    sd_dialog_fire(d, status >= 200 ? SD_DIALOG_EV_2XX : SD_DIALOG_EV_PROVISIONAL);
    return d;
}

sd_party *sd_dialog_party(sd_dialog *dialog, const char *tag)
{
    for (int i = 0; i < 2; i++)
        if (dialog->party[i].tag != NULL && sd_same(dialog->party[i].tag, tag))
            return &dialog->party[i];
    return NULL;
}

sd_side sd_party_side(const sd_dialog *dialog, const sd_party *party)
{
    if (!dialog->roles_known || party == NULL)
        return SD_SIDE_UNKNOWN;
    return party == &dialog->party[0] ? SD_SIDE_CALLER : SD_SIDE_CALLEE;
}

sd_side sd_dialog_side(const sd_dialog *dialog, const char *tag)
{
    if (!dialog->roles_known || tag == NULL)
        return SD_SIDE_UNKNOWN;
    if (sd_same(dialog->party[0].tag, tag))
        return SD_SIDE_CALLER;
    if (sd_same(dialog->party[1].tag, tag))
        return SD_SIDE_CALLEE;
    return SD_SIDE_UNKNOWN;
}

sd_party *sd_dialog_peer(sd_dialog *dialog, const sd_party *party)
{
    return party == &dialog->party[0] ? &dialog->party[1] : &dialog->party[0];
}

/* The callee's URI: most often the Request-URI of the INVITE that began
 * the dialog (RFC 3261 §8.1.1.1: To and Request-URI are set alike), kept
 * for its CANCEL and ACK already, and then not kept again. */
static const char *stored_uri(sd_analyzer *a, const sd_dialog *dialog, const char *uri)
{
    const char *request_uri = dialog->creating != NULL ? dialog->creating->hop->request_uri : NULL;
    return request_uri != NULL && uri != NULL && strcmp(request_uri, uri) == 0 ? request_uri : sd_store(a, uri);
}

void sd_dialog_saw(sd_analyzer *a, sd_dialog *dialog, const sd_message *m)
{
    if (dialog->first_frame == 0) {
        /* From and To name the caller and the callee in every message of
         * the dialog-creating transaction, and the sender and the receiver
         * in a request of a dialog first seen in the middle. */
        dialog->first_frame = m->frame;
        dialog->first_us = m->time_us;
        dialog->caller_uri = sd_store(a, m->from_uri);
        dialog->callee_uri = stored_uri(a, dialog, m->to_uri);
    }
    dialog->last_us = m->time_us;
}
