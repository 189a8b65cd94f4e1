/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Findings that need the future: deadlines of 64×T1 (RFC 3261 §17). */
#ifndef SIPDIALOG_DEADLINES_H
#define SIPDIALOG_DEADLINES_H

#include "model.h"

/* The findings of a message that wait for a deadline, decided against the
 * time the capture has reached. */
sd_finding_set sd_deadline_findings(const sd_analyzer *a, const sd_record *rec);

#endif
