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

static void grow(sd_map *map)
{
    sd_map_entry *old = map->entries;
    uint32_t slots = map->mask + 1;
    map->entries = g_new0(sd_map_entry, 2 * (gsize)slots);
    map->mask = 2 * slots - 1;
    /* The keys are distinct: each goes in the first free slot from its home. */
    for (uint32_t i = 0; i < slots; i++) {
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
    /* At most 3/4 full: a miss stops at a free slot after a few entries. */
    if (++map->count > (map->mask + 1) / 4 * 3)
        grow(map);
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
    uint32_t start = 0;
    while (map->entries[start].value != NULL)
        start++;
    for (uint32_t n = 1; n <= map->mask; n++) {
        uint32_t i = (start + n) & map->mask;
        while (map->entries[i].value != NULL && leaves(map->entries[i].value, data))
            remove_at(map, i);
    }
}
