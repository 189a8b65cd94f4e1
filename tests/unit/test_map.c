/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analyzer's lookup tables (map.c): values found by the key they hold,
 * through collisions, growth and sweeps that remove in place. */
#include <glib.h>

#include "map.h"

typedef struct {
    uint32_t key;
    uint32_t version;   /* tells a replacement from what it replaced */
    uint32_t visits;    /* by sweeps */
} item;

static bool same_key(const void *value, const void *probe)
{
    return ((const item *)value)->key == *(const uint32_t *)probe;
}

static item *find(const sd_map *map, uint32_t hash, uint32_t key)
{
    return sd_map_find(map, hash, same_key, &key);
}

static item *put(sd_map *map, uint32_t hash, item *value)
{
    return sd_map_put(map, hash, same_key, &value->key, value);
}

static bool odd_leaves(void *value, void *data)
{
    (void)data;
    item *it = value;
    it->visits++;
    return it->key % 2 == 1;
}

static bool all_but_hundred_leave(void *value, void *data)
{
    (void)data;
    return ((item *)value)->key >= 100;
}

/* A hash whose low bits are all the same: every key collides with all
 * the others in a table of up to 1,024 slots. */
static uint32_t colliding(uint32_t key)
{
    return key << 10 | 7;
}

static void test_put_find_replace(void)
{
    sd_map map;
    sd_map_init(&map);
    item items[100], again = {.key = 42, .version = 1};
    for (uint32_t i = 0; i < 100; i++) {
        items[i] = (item){.key = i};
        g_assert_null(put(&map, g_int_hash(&i), &items[i]));
    }
    g_assert_cmpuint(map.count, ==, 100);
    for (uint32_t i = 0; i < 100; i++)
        g_assert_true(find(&map, g_int_hash(&i), i) == &items[i]);
    uint32_t absent = 100;
    g_assert_null(find(&map, g_int_hash(&absent), absent));
    /* The same key again replaces the value: it is not a second entry. */
    uint32_t key = 42;
    g_assert_true(put(&map, g_int_hash(&key), &again) == &items[42]);
    g_assert_true(find(&map, g_int_hash(&key), 42) == &again);
    g_assert_cmpuint(map.count, ==, 100);
    sd_map_free(&map);
}

/* Keys with the same hash, or the same slot, are told apart by their value. */
static void test_collisions(void)
{
    sd_map map;
    sd_map_init(&map);
    item items[40];
    for (uint32_t i = 0; i < 40; i++) {
        items[i] = (item){.key = i};
        put(&map, i < 20 ? 99 : colliding(i), &items[i]);
    }
    for (uint32_t i = 0; i < 40; i++)
        g_assert_true(find(&map, i < 20 ? 99 : colliding(i), i) == &items[i]);
    g_assert_null(find(&map, 99, 20));
    g_assert_null(find(&map, colliding(40), 40));
    sd_map_free(&map);
}

/* The table doubles before it is more than half full, keeping what it
 * holds; a sweep shrinks it only below 1/8 full. */
static void test_growth(void)
{
    sd_map map;
    sd_map_init(&map);
    enum { N = 5000 };
    item *items = g_new0(item, N);
    for (uint32_t i = 0; i < N; i++) {
        items[i].key = i;
        put(&map, g_int_hash(&i), &items[i]);
        g_assert_cmpuint(map.count * 2, <=, map.mask + 1);
    }
    for (uint32_t i = 0; i < N; i++)
        g_assert_true(find(&map, g_int_hash(&i), i) == &items[i]);
    uint32_t slots = map.mask + 1;
    g_assert_cmpuint(slots & (slots - 1), ==, 0);
    sd_map_sweep(&map, odd_leaves, NULL);
    g_assert_cmpuint(map.count, ==, N / 2);
    g_assert_cmpuint(map.mask + 1, ==, slots);
    sd_map_sweep(&map, all_but_hundred_leave, NULL);
    g_assert_cmpuint(map.count, ==, 50);
    g_assert_cmpuint(map.count * 4, <, map.mask + 1);
    g_assert_cmpuint(map.count * 8, >=, map.mask + 1);
    for (uint32_t i = 0; i < 100; i += 2)
        g_assert_true(find(&map, g_int_hash(&i), i) == &items[i]);
    sd_map_free(&map);
    g_free(items);
}

/* Homes of the sweep test's values in a table of 16 slots: 0-5 fill
 * slots 14, 15 and 0-3, 6 (home 1) goes after them, 7 alone. */
static uint32_t hash_of(uint32_t key)
{
    return key < 6 ? 14 + key % 2 : key == 6 ? 1 : 9;
}

/* A sweep visits every value once, even as removals move the others back
 * (across the end of the array too), and leaves the rest findable. */
static void test_sweep(void)
{
    sd_map map;
    sd_map_init(&map);
    item items[8];   /* as many as 16 slots hold without growing */
    /* A run from the last slots wrapping around to the first ones, values
     * whose home is inside it, and values sharing one home. */
    for (uint32_t i = 0; i < 8; i++) {
        items[i] = (item){.key = i};
        put(&map, hash_of(i), &items[i]);
    }
    g_assert_cmpuint(map.mask, ==, 15);
    sd_map_sweep(&map, odd_leaves, NULL);
    g_assert_cmpuint(map.count, ==, 4);
    for (uint32_t i = 0; i < 8; i++) {
        g_assert_cmpuint(items[i].visits, ==, 1);
        if (i % 2 == 1)
            g_assert_null(find(&map, hash_of(i), i));
        else
            g_assert_true(find(&map, hash_of(i), i) == &items[i]);
    }
    sd_map_free(&map);
}

/* A value is removed by its hash and its pointer alone, through a run
 * wrapping around the end of the array; another value with its key (a
 * replacement) or its hash is not, and the rest stay findable. */
static void test_remove(void)
{
    sd_map map;
    sd_map_init(&map);
    item items[8], stranger = {.key = 0};
    for (uint32_t i = 0; i < 8; i++) {
        items[i] = (item){.key = i};
        put(&map, hash_of(i), &items[i]);
    }
    g_assert_false(sd_map_remove(&map, hash_of(0), &stranger));
    for (uint32_t i = 1; i < 8; i += 2)
        g_assert_true(sd_map_remove(&map, hash_of(i), &items[i]));
    g_assert_false(sd_map_remove(&map, hash_of(1), &items[1]));
    g_assert_cmpuint(map.count, ==, 4);
    for (uint32_t i = 0; i < 8; i++) {
        if (i % 2 == 1)
            g_assert_null(find(&map, hash_of(i), i));
        else
            g_assert_true(find(&map, hash_of(i), i) == &items[i]);
    }
    sd_map_free(&map);
}

/* Random puts, replacements and sweeps agree with a GHashTable. */
static void test_against_ghashtable(void)
{
    GRand *rand = g_rand_new_with_seed(17);
    sd_map map;
    sd_map_init(&map);
    GHashTable *expected = g_hash_table_new(g_direct_hash, g_direct_equal);
    enum { KEYS = 600, STEPS = 20000 };
    item *items = g_new0(item, STEPS);
    for (uint32_t step = 0; step < STEPS; step++) {
        item *it = &items[step];
        it->key = g_rand_int_range(rand, 0, KEYS);
        uint32_t hash = it->key * 2654435761u;
        item *before = g_hash_table_lookup(expected, GUINT_TO_POINTER(it->key + 1));
        g_assert_true(put(&map, hash, it) == before);
        g_hash_table_insert(expected, GUINT_TO_POINTER(it->key + 1), it);
        if (step % 1000 == 999) {
            sd_map_sweep(&map, odd_leaves, NULL);
            for (uint32_t k = 1; k < KEYS; k += 2)
                g_hash_table_remove(expected, GUINT_TO_POINTER(k + 1));
            /* Before new values fill the slots a sweep freed, which would
             * hide a value it left out of reach. */
            for (uint32_t k = 0; k < KEYS; k++)
                g_assert_true(find(&map, k * 2654435761u, k) ==
                              g_hash_table_lookup(expected, GUINT_TO_POINTER(k + 1)));
        }
        g_assert_cmpuint(map.count, ==, g_hash_table_size(expected));
    }
    g_free(items);
    g_hash_table_destroy(expected);
    sd_map_free(&map);
    g_rand_free(rand);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/map/put_find_replace", test_put_find_replace);
    g_test_add_func("/map/collisions", test_collisions);
    g_test_add_func("/map/growth", test_growth);
    g_test_add_func("/map/sweep", test_sweep);
    g_test_add_func("/map/remove", test_remove);
    g_test_add_func("/map/against_ghashtable", test_against_ghashtable);
    return g_test_run();
}
