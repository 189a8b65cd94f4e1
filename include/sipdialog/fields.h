/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The generated fields of the sipdialog subtree, declared once in fields.def. */
#ifndef SIPDIALOG_FIELDS_H
#define SIPDIALOG_FIELDS_H

typedef enum {
    SD_FT_UINT,
    SD_FT_TEXT,      /* a name from the core, coded in the value (sd_field_text) */
    SD_FT_STRING,    /* text from the messages (a URI, a reason phrase), in sd_report.string */
    SD_FT_DURATION,
    SD_FT_FRAME,
    SD_FT_FRAME_REQUEST,
    SD_FT_FRAME_RESPONSE,
    SD_FT_FRAME_ACK,
    SD_FT_FRAME_RETRANS,
    SD_FT_FRAME_RETRANS_NEXT,
    SD_FT_TIME,      /* a moment: microseconds since the epoch, in the capture's time */
} sd_field_type;

typedef enum {
#define SD_FIELD(id, name, label, type, description) SD_FIELD_##id,
#include "fields.def"
#undef SD_FIELD
    SD_FIELD_COUNT
} sd_field;

typedef struct {
    const char *name;    /* below "sipdialog." */
    const char *label;
    sd_field_type type;
    const char *description;
} sd_field_info;

extern const sd_field_info sd_fields[SD_FIELD_COUNT];

#endif
