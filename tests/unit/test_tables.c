/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The findings and fields tables are well formed. */
#include <string.h>

#include <glib.h>

#include "sipdialog/analyzer.h"

/* Wireshark's ITEM_LABEL_LENGTH: longer expert texts are cut, in the tree
 * and in the summaries -z expert and the Expert Information dialog group by. */
enum { LABEL_LENGTH = 240 };

static void test_findings(void)
{
    for (int i = 0; i < SD_FINDING_COUNT; i++) {
        const sd_finding_info *f = &sd_findings[i];
        g_assert_nonnull(f->name);
        g_assert_true(g_str_has_prefix(f->rfc, "RFC "));
        g_assert_cmpuint(strlen(f->summary) + strlen(f->rfc) + 3, <, LABEL_LENGTH);
        for (int j = 0; j < i; j++)
            g_assert_cmpstr(sd_findings[j].name, !=, f->name);
    }
}

static void test_fields(void)
{
    for (int i = 0; i < SD_FIELD_COUNT; i++) {
        g_assert_nonnull(sd_fields[i].label);
        g_assert_nonnull(sd_fields[i].description);
        for (int j = 0; j < SD_FINDING_COUNT; j++)
            g_assert_cmpstr(sd_findings[j].name, !=, sd_fields[i].name);
        for (int j = 0; j < i; j++)
            g_assert_cmpstr(sd_fields[j].name, !=, sd_fields[i].name);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tables/findings", test_findings);
    g_test_add_func("/tables/fields", test_fields);
    return g_test_run();
}
