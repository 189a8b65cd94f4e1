#include "records.h"

void sd_records_init(sd_analyzer *a)
{
    a->records = g_array_new(FALSE, FALSE, sizeof(sd_record));
    a->annotations = g_array_new(FALSE, FALSE, sizeof(sd_annotation));
}

void sd_records_free(sd_analyzer *a)
{
    g_array_free(a->records, TRUE);
    g_array_free(a->annotations, TRUE);
}

sd_record *sd_record_new(sd_analyzer *a, uint32_t frame, sd_record_kind kind)
{
    sd_record rec = {
        .frame = frame,
        .first_annotation = a->annotations->len,
        .kind = kind,
        .side = SD_SIDE_UNKNOWN,
    };
    g_array_append_val(a->records, rec);
    return &g_array_index(a->records, sd_record, a->records->len - 1);
}

void sd_annotate(sd_analyzer *a, sd_record *rec, sd_field field, uint32_t value)
{
    g_assert(rec->first_annotation + rec->annotation_count == a->annotations->len);
    if (rec->annotation_count == G_MAXUINT8)
        return;
    sd_annotation an = {field, value};
    g_array_append_val(a->annotations, an);
    rec->annotation_count++;
}

unsigned sd_analyzer_frame_messages(const sd_analyzer *a, uint32_t frame, uint32_t *first)
{
    /* Records are in capture order: binary search for the frame's first. */
    guint lo = 0, hi = a->records->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(a->records, sd_record, mid).frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    guint end = lo;
    while (end < a->records->len && g_array_index(a->records, sd_record, end).frame == frame)
        end++;
    *first = lo;
    return end - lo;
}
