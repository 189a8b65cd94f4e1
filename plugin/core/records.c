/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "records.h"

void sd_records_init(sd_analyzer *a)
{
    a->texts = g_ptr_array_new();
}

void sd_records_free(sd_analyzer *a)
{
    g_free(a->records);
    g_free(a->annotation_fields);
    g_free(a->annotation_values);
    g_ptr_array_free(a->texts, TRUE);
}

/* The annotations of a stored record's findings: the field after the
 * last of fields.def for the set's first 32 bits, and so on. */
#define FINDINGS_FIELD SD_FIELD_COUNT
#define FINDINGS_PARTS (SD_FINDING_WORDS * 2)
_Static_assert(FINDINGS_FIELD + FINDINGS_PARTS <= 256, "an annotation's field is a byte");

void sd_record_begin(sd_analyzer *a, sd_record *rec, uint32_t frame, sd_record_kind kind)
{
    *rec = (sd_record){
        .frame = frame,
        .first_annotation = a->annotations,
        .kind = kind,
        .side = SD_SIDE_UNKNOWN,
    };
}

static void append(sd_analyzer *a, sd_record *rec, uint32_t field, uint32_t value)
{
    if (rec->annotation_count == G_MAXUINT8)
        return;
    if (a->annotations == a->annotations_allocated) {
        a->annotations_allocated = MAX(1024, a->annotations_allocated * 2);
        a->annotation_fields = g_renew(uint8_t, a->annotation_fields, a->annotations_allocated);
        a->annotation_values = g_renew(uint32_t, a->annotation_values, a->annotations_allocated);
    }
    a->annotation_fields[a->annotations] = (uint8_t)field;
    a->annotation_values[a->annotations++] = value;
    rec->annotation_count++;
}

void sd_record_store(sd_analyzer *a, sd_record *rec)
{
    for (unsigned word = 0; word < SD_FINDING_WORDS; word++) {
        uint64_t set = rec->findings.word[word];
        if (set == 0)
            continue;   /* most messages have no findings */
        for (unsigned half = 0; half < 2; half++) {
            uint32_t bits = (uint32_t)(set >> (half * 32));
            if (bits != 0)
                append(a, rec, FINDINGS_FIELD + word * 2 + half, bits);
        }
    }
    if (a->record_count == a->records_allocated) {
        a->records_allocated = MAX(1024, a->records_allocated * 2);
        a->records = g_renew(sd_stored_record, a->records, a->records_allocated);
    }
    a->records[a->record_count++] = (sd_stored_record){
        .frame = rec->frame,
        .first_annotation = rec->first_annotation,
        .call_index = rec->call_index,
        .dialog = rec->dialog,
        .response = rec->response,
        .annotation_count = rec->annotation_count,
        .kind = rec->kind,
        .side = rec->side,
        .state = rec->state,
        .txn = rec->txn,
    };
}

sd_record sd_record_load(const sd_analyzer *a, uint32_t message)
{
    const sd_stored_record *s = &a->records[message];
    return (sd_record){
        .frame = s->frame,
        .first_annotation = s->first_annotation,
        .call_index = s->call_index,
        .annotation_count = s->annotation_count,
        .kind = s->kind,
        .side = s->side,
        .state = s->state,
        .dialog = s->dialog,
        .txn = s->txn,
        .response = s->response,
    };
}

sd_finding_set sd_record_findings(const sd_analyzer *a, const sd_record *rec)
{
    sd_finding_set set = {{0}};
    for (uint32_t i = 0; i < rec->annotation_count; i++) {
        sd_annotation an = sd_annotation_at(a, rec->first_annotation + i);
        if (an.field >= FINDINGS_FIELD) {
            unsigned part = an.field - FINDINGS_FIELD;
            set.word[part / 2] |= (uint64_t)an.value << (part % 2 * 32);
        }
    }
    return set;
}

void sd_annotate(sd_analyzer *a, sd_record *rec, sd_field field, uint32_t value)
{
    append(a, rec, field, value);
}

void sd_annotate_string(sd_analyzer *a, sd_record *rec, sd_field field, const char *text)
{
    if (text == NULL)
        return;
    g_ptr_array_add(a->texts, (gpointer)text);
    sd_annotate(a, rec, field, a->texts->len - 1);
}

const char *sd_annotation_text(const sd_analyzer *a, uint32_t value)
{
    return value < a->texts->len ? g_ptr_array_index(a->texts, value) : NULL;
}

/* The first record of `frame` or after it: records are in capture order. */
static guint first_record_from(const sd_analyzer *a, uint32_t frame)
{
    guint lo = 0, hi = a->record_count;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (a->records[mid].frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static uint32_t frame_of(const sd_analyzer *a, guint record)
{
    return record < a->record_count ? a->records[record].frame : G_MAXUINT32;
}

unsigned sd_analyzer_frame_messages(sd_analyzer *a, uint32_t frame, uint32_t *first)
{
    /* In a pass over the capture the next SIP frame's records start where
     * the last frame's ended: no search. */
    guint hint = a->frame_hint;
    bool hit = frame_of(a, hint) >= frame && (hint == 0 || frame_of(a, hint - 1) < frame);
    guint start = hit ? hint : first_record_from(a, frame);
    guint end = start;
    while (end < a->record_count && a->records[end].frame == frame)
        end++;
    a->frame_hint = end;
    *first = start;
    return end - start;
}
