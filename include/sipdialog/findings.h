/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The findings the analysis can raise, declared once in findings.def. */
#ifndef SIPDIALOG_FINDINGS_H
#define SIPDIALOG_FINDINGS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    SD_SEVERITY_CHAT,
    SD_SEVERITY_NOTE,
    SD_SEVERITY_WARNING,
    SD_SEVERITY_ERROR,
} sd_severity;

typedef enum {
    SD_GROUP_SEQUENCE,
    SD_GROUP_PROTOCOL,
} sd_group;

typedef enum {
#define SD_FINDING(id, name, severity, group, label, summary, rfc) SD_FINDING_##id,
#include "findings.def"
#undef SD_FINDING
    SD_FINDING_COUNT
} sd_finding;

typedef struct {
    const char *name;    /* below "sipdialog." */
    sd_severity severity;
    sd_group group;
    const char *label;   /* for the Info column, without brackets */
    const char *summary;
    const char *rfc;
} sd_finding_info;

extern const sd_finding_info sd_findings[SD_FINDING_COUNT];

const char *sd_severity_name(sd_severity severity);
const char *sd_group_name(sd_group group);

/* A set of findings on one message: a bit per finding. */
#define SD_FINDING_WORDS 2
typedef struct {
    uint64_t word[SD_FINDING_WORDS];
} sd_finding_set;
_Static_assert(SD_FINDING_COUNT <= 64 * SD_FINDING_WORDS, "sd_finding_set holds every finding");

static inline void sd_finding_set_add(sd_finding_set *s, sd_finding f)
{
    s->word[f / 64] |= (uint64_t)1 << (f % 64);
}

static inline bool sd_finding_set_has(sd_finding_set s, sd_finding f)
{
    return (s.word[f / 64] >> (f % 64)) & 1;
}

/* The first finding of `s` from `from` on, SD_FINDING_COUNT when there is
 * none; SD_FINDING_SET_FOREACH visits with it only the findings a set has
 * (most messages have none), in table order. */
static inline sd_finding sd_finding_set_next(sd_finding_set s, unsigned from)
{
    for (unsigned w = from / 64; w < SD_FINDING_WORDS; w++) {
        uint64_t bits = from / 64 == w ? s.word[w] & (~(uint64_t)0 << (from % 64)) : s.word[w];
        if (bits != 0)
            return (sd_finding)(w * 64 + (unsigned)__builtin_ctzll(bits));
    }
    return SD_FINDING_COUNT;
}

#define SD_FINDING_SET_FOREACH(f, s) \
    for (sd_finding f = sd_finding_set_next((s), 0); f < SD_FINDING_COUNT; f = sd_finding_set_next((s), f + 1))

static inline bool sd_finding_set_empty(sd_finding_set s)
{
    for (int i = 0; i < SD_FINDING_WORDS; i++)
        if (s.word[i] != 0)
            return false;
    return true;
}

static inline sd_finding_set sd_finding_set_union(sd_finding_set x, sd_finding_set y)
{
    for (int i = 0; i < SD_FINDING_WORDS; i++)
        x.word[i] |= y.word[i];
    return x;
}

static inline sd_finding_set sd_finding_set_minus(sd_finding_set x, sd_finding_set y)
{
    for (int i = 0; i < SD_FINDING_WORDS; i++)
        x.word[i] &= ~y.word[i];
    return x;
}

/* All findings of one severity (e.g. to hide the Chats). */
sd_finding_set sd_findings_of_severity(sd_severity severity);

/* The finding of a set that a one-line summary names: the most severe,
 * the first in the table among equals; SD_FINDING_COUNT for none. */
sd_finding sd_findings_most_severe(sd_finding_set set);

#endif
