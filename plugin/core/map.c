/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "map.h"

#include <glib.h>

enum { INITIAL_SLOTS = 16 };

void sd_map_init(sd_map *map)
{
    map->entries = g_new0(sd_map_entry, INITIAL_SLOTS);
    map->mask = INITIAL_SLOTS - 1;
    map->count = 0;
}

void sd_map_free(sd_map *map)
{
    g_clear_pointer(&map->entries, g_free);
}

/* Move the entries to a table of `slots` slots; the keys are distinct, so
 * each goes in the first free slot from its home. */
static void resize(sd_map *map, uint32_t slots)
{
    sd_map_entry *old = map->entries;
    uint32_t old_slots = map->mask + 1;
    map->entries = g_new0(sd_map_entry, slots);
    map->mask = slots - 1;
    for (uint32_t i = 0; i < old_slots; i++) {
        if (old[i].value == NULL)
            continue;
        uint32_t j = old[i].hash & map->mask;
        while (map->entries[j].value != NULL)
            j = (j + 1) & map->mask;
        map->entries[j] = old[i];
    }
    g_free(old);
}

void sd_map_fill(sd_map *map, sd_map_entry *slot, uint32_t hash, void *value)
{
    slot->hash = hash;
    slot->value = value;
    /* At most half full: a miss, as every lookup of a new request's key
     * is, stops at a free slot after 2.5 entries on average (8.5 at 3/4
     * full: Knuth's analysis of linear probing).  The slots are 16 bytes
     * for what is still in progress, not for every message. */
    if (++map->count > (map->mask + 1) / 2)
        resize(map, 2 * (map->mask + 1));
}

/* Empty slot `hole`, moving back into it the next entry of its run that may
 * be there (whose home is not after the hole), and so on from where that
 * entry was: every entry stays reachable from its home without tombstones. */
static void remove_at(sd_map *map, uint32_t hole)
{
    for (uint32_t i = (hole + 1) & map->mask; map->entries[i].value != NULL; i = (i + 1) & map->mask) {
        uint32_t home = map->entries[i].hash & map->mask;
        if (((i - home) & map->mask) >= ((i - hole) & map->mask)) {
            map->entries[hole] = map->entries[i];
            hole = i;
        }
    }
    map->entries[hole].value = NULL;
    map->count--;
}

void sd_map_sweep(sd_map *map, bool (*leaves)(void *value, void *data), void *data)
{
    /* From a free slot on, around the table: a removal moves later entries
     * of its run back, no further than the slot being visited (which is
     * visited again), and no run goes on past a free slot, so every entry
     * is visited once. */
    sd_map_entry *const entries = map->entries, *const last = &entries[map->mask];
    sd_map_entry *e = entries;
    while (e->value != NULL)
        e++;
    for (uint32_t unvisited = map->count; unvisited > 0;) {
        /* Most slots are free (a table is 1/8 to 1/2 full): stepping over
         * them is most of a sweep's work, kept to a pointer's increment. */
        do
            e = e == last ? entries : e + 1;
        while (e->value == NULL);
        for (;;) {
            unvisited--;
            if (!leaves(e->value, data))
                break;
            remove_at(map, (uint32_t)(e - entries));
            if (e->value == NULL)
                break;
        }
    }
    sd_map_fit(map);
}

bool sd_map_remove(sd_map *map, uint32_t hash, const void *value)
{
    for (uint32_t i = hash & map->mask; map->entries[i].value != NULL; i = (i + 1) & map->mask) {
        if (map->entries[i].value == value) {
            remove_at(map, i);
            return true;
        }
    }
    return false;
}

void sd_map_fit(sd_map *map)
{
    /* A sweep reads every slot: after the busy hour, a table as large as
     * it then was would cost more to sweep than its entries.  It shrinks
     * only below 1/8 full, to at most 1/4 full, far from growing again. */
    uint32_t slots = map->mask + 1;
    while (slots > INITIAL_SLOTS && map->count < slots / 8)
        slots /= 2;
    if (slots != map->mask + 1)
        resize(map, slots);
}
