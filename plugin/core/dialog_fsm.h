/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A dialog's state machine (RFC 5407 §2). */
#ifndef SIPDIALOG_DIALOG_FSM_H
#define SIPDIALOG_DIALOG_FSM_H

#include "model.h"

/* The one function that changes a dialog's state. */
void sd_dialog_fire(sd_dialog *dialog, sd_dialog_event ev);

#endif
