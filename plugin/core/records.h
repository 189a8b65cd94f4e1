/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What is kept of every analysed message, and how a frame finds its own. */
#ifndef SIPDIALOG_RECORDS_H
#define SIPDIALOG_RECORDS_H

#include "model.h"

void sd_records_init(sd_analyzer *a);
void sd_records_free(sd_analyzer *a);

/* Append the record of the next message; valid until the next append. */
sd_record *sd_record_new(sd_analyzer *a, uint32_t frame, sd_record_kind kind);

/* Set a generated field of the record being built (the last one). */
void sd_annotate(sd_analyzer *a, sd_record *rec, sd_field field, uint32_t value);

/* Set a STRING field of the record being built; `text` must live as long
 * as the analyzer (sd_store()); NULL sets nothing. */
void sd_annotate_string(sd_analyzer *a, sd_record *rec, sd_field field, const char *text);

/* The text of a STRING annotation's value. */
const char *sd_annotation_text(const sd_analyzer *a, uint32_t value);

static inline void sd_flag(sd_record *rec, sd_finding finding)
{
    sd_finding_set_add(&rec->findings, finding);
}

#endif
