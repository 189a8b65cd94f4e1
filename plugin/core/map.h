/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analyzer's lookup tables.  Each value holds its own key (a
 * transaction's Via, a dialog's Call-ID and tags), so an entry is only the
 * key's hash and the value: sixteen bytes, four to a cache line, all in one
 * array.  Open addressing with linear probing: a lookup reads a run of
 * neighbouring entries and compares the stored hash before it looks at a
 * value, so a miss, and a hit but for its value, cost one or two lines of
 * the table (GHashTable keeps hashes, keys and values in three arrays and
 * calls its hash and equality through pointers: three misses per lookup
 * on a large capture).
 *
 * Removal shifts the entries after the removed one back into the gap
 * instead of leaving a tombstone, so that a sweep removes in place and
 * lookups never step over the dead.  The table grows at 1/2 full and
 * shrinks only when a sweep leaves it under 1/8 full (GHashTable shrinks
 * at every sweep that leaves it under 1/4 full and grows again with the
 * next messages).
 */
#ifndef SIPDIALOG_MAP_H
#define SIPDIALOG_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t hash;
    void *value;            /* NULL: a free slot */
} sd_map_entry;

typedef struct {
    sd_map_entry *entries;
    uint32_t mask;          /* the number of slots (a power of two) - 1 */
    uint32_t count;
} sd_map;

/* Whether `value` has the key `probe` describes.  Called only on values
 * stored with the probe's hash; inlined where the lookup is. */
typedef bool (*sd_map_same)(const void *value, const void *probe);

void sd_map_init(sd_map *map);
void sd_map_free(sd_map *map);

/* The entry holding the value with the probe's key, or else the free slot
 * where a value with that key goes. */
static inline sd_map_entry *sd_map_slot(const sd_map *map, uint32_t hash, sd_map_same same, const void *probe)
{
    for (uint32_t i = hash & map->mask;; i = (i + 1) & map->mask) {
        sd_map_entry *e = &map->entries[i];
        if (e->value == NULL || (e->hash == hash && same(e->value, probe)))
            return e;
    }
}

static inline void *sd_map_find(const sd_map *map, uint32_t hash, sd_map_same same, const void *probe)
{
    return sd_map_slot(map, hash, same, probe)->value;
}

/* Put `value` in the free slot sd_map_slot() gave for `hash`.  The table
 * may grow: the slot is not to be used again. */
void sd_map_fill(sd_map *map, sd_map_entry *slot, uint32_t hash, void *value);

/* Put `value` under its key (described by `probe`) in place of the value
 * there: returns that value, or NULL. */
static inline void *sd_map_put(sd_map *map, uint32_t hash, sd_map_same same, const void *probe, void *value)
{
    sd_map_entry *e = sd_map_slot(map, hash, same, probe);
    void *old = e->value;
    if (old != NULL)
        e->value = value;
    else
        sd_map_fill(map, e, hash, value);
    return old;
}

/* Remove every value `leaves` is true of, visiting each value once, then
 * sd_map_fit() the table. */
void sd_map_sweep(sd_map *map, bool (*leaves)(void *value, void *data), void *data);

/* Remove `value`, stored under `hash`, if it is there (values are compared
 * as pointers: no key is compared).  Returns whether it was. */
bool sd_map_remove(sd_map *map, uint32_t hash, const void *value);

/* Shrink a table left mostly empty by removals (see sd_map_sweep()). */
void sd_map_fit(sd_map *map);

#endif
