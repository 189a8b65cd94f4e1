/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Dialogs: Call-ID and both tags (RFC 3261 §12), one per fork. */
#ifndef SIPDIALOG_DIALOGS_H
#define SIPDIALOG_DIALOGS_H

#include "model.h"

void sd_dialogs_init(sd_analyzer *a);
void sd_dialogs_free(sd_analyzer *a);

/* The dialog with these two tags (in either order), or NULL. */
sd_dialog *sd_dialog_find(const sd_analyzer *a, sd_call *call, const char *tag1, const char *tag2);

/* The dialog a new dialog-creating request without To tag belongs to: the
 * UA's current attempt while no To tag has answered it (a retry after a
 * 401/407 or a redirect takes it up again), otherwise a new dialog.
 * `current` is what sd_dialog_begun() returns for the From tag. */
sd_dialog *sd_dialog_begin(sd_analyzer *a, sd_call *call, const char *from_tag, sd_request *request,
                           sd_dialog *current);

/* The latest dialog the UA with this tag began in the Call-ID, or NULL. */
sd_dialog *sd_dialog_begun(const sd_analyzer *a, sd_call *call, const char *from_tag);

/* The dialog of a request carrying both tags.  When the capture never
 * showed its tagged responses, the tags bind the dialog its Call-ID and
 * From or To tag began; when it never showed the dialog at all (capture
 * started mid-dialog), a dialog with unknown roles is created and
 * *unknown (if given) is set. */
sd_dialog *sd_dialog_for_request(sd_analyzer *a, sd_call *call, const char *from_tag, const char *to_tag,
                                 bool *unknown);

/* The same, for tags sd_dialog_find() has already not found. */
sd_dialog *sd_dialog_reveal(sd_analyzer *a, sd_call *call, const char *from_tag, const char *to_tag, bool *unknown);

/* A response carrying `to_tag` to the request that created `dialog`: the
 * dialog it belongs to, after the state change it causes.  The first To tag
 * binds the dialog; another To tag is another fork with its own dialog; a
 * final failure ends every early dialog of the request. */
sd_dialog *sd_dialog_on_response(sd_analyzer *a, sd_dialog *dialog, sd_request *request, const char *to_tag,
                                 unsigned status);

/* The party that uses `tag`, or NULL. */
sd_party *sd_dialog_party(sd_dialog *dialog, const char *tag);

sd_side sd_dialog_side(const sd_dialog *dialog, const char *tag);

/* The same, of a party sd_dialog_party() found (the tag not compared again). */
sd_side sd_party_side(const sd_dialog *dialog, const sd_party *party);

/* Message `m` belongs to `dialog`: the first one gives it its URIs. */
void sd_dialog_saw(sd_analyzer *a, sd_dialog *dialog, const sd_message *m);

/* The other party of the dialog. */
sd_party *sd_dialog_peer(sd_dialog *dialog, const sd_party *party);

#endif
