/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What is kept of every analysed message, and how a frame finds its own. */
#ifndef SIPDIALOG_RECORDS_H
#define SIPDIALOG_RECORDS_H

#include "model.h"

void sd_records_init(sd_analyzer *a);
void sd_records_free(sd_analyzer *a);

/*
 * The record of the message being analysed is built aside, with its
 * findings, and stored when the analysis of the message is done.  A stored
 * record keeps its findings among its annotations (one for each 32 bits of
 * the set that has one), not in a set of its own: most messages have none,
 * and a set is 16 bytes of every record.
 */

/* Begin the record of the next message in `rec`. */
void sd_record_begin(sd_analyzer *a, sd_record *rec, uint32_t frame, sd_record_kind kind);

/* Store the record begun in `rec`, its findings with it. */
void sd_record_store(sd_analyzer *a, sd_record *rec);

/* The stored record of message `message` (< a->record_count), as it
 * was built. */
sd_record sd_record_load(const sd_analyzer *a, uint32_t message);

/* The findings a stored record was flagged with while it was analysed. */
sd_finding_set sd_record_findings(const sd_analyzer *a, const sd_record *rec);

/* Set a generated field of the record being built. */
void sd_annotate(sd_analyzer *a, sd_record *rec, sd_field field, uint32_t value);

/* Set a STRING field of the record being built; `text` must live as long
 * as the analyzer (sd_store()); NULL sets nothing. */
void sd_annotate_string(sd_analyzer *a, sd_record *rec, sd_field field, const char *text);

/* The annotation `i` (of all records, in their order). */
static inline sd_annotation sd_annotation_at(const sd_analyzer *a, uint32_t i)
{
    return (sd_annotation){a->annotation_fields[i], a->annotation_values[i]};
}

/* The text of a STRING annotation's value. */
const char *sd_annotation_text(const sd_analyzer *a, uint32_t value);

/* Flag the record being built (always a draft's: sd_record_begin()). */
static inline void sd_flag(sd_record *rec, sd_finding finding)
{
    sd_finding_set_add(&rec->findings, finding);
}

static inline bool sd_flagged(const sd_record *rec, sd_finding finding)
{
    return sd_finding_set_has(rec->findings, finding);
}

#endif
