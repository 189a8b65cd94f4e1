/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The findings and fields tables are well formed. */
#include <stdarg.h>
#include <string.h>

#include <glib.h>

#include "sipdialog/analyzer.h"

/* Wireshark's ITEM_LABEL_LENGTH: longer expert texts are cut, in the tree
 * and in the summaries -z expert and the Expert Information dialog group by. */
enum { LABEL_LENGTH = 240 };
/* An Info label should leave room for the SIP summary in a packet list
 * column and in a flow graph arrow. */
enum { INFO_LABEL_LENGTH = 28 };

static void test_findings(void)
{
    for (int i = 0; i < SD_FINDING_COUNT; i++) {
        const sd_finding_info *f = &sd_findings[i];
        g_assert_nonnull(f->name);
        g_assert_true(g_str_has_prefix(f->rfc, "RFC "));
        g_assert_cmpuint(strlen(f->summary) + strlen(f->rfc) + 3, <, LABEL_LENGTH);
        /* A label is a few words in brackets in front of the Info column:
         * short, bracket-free, and telling the findings apart. */
        g_assert_cmpuint(strlen(f->label), >, 0);
        g_assert_cmpuint(strlen(f->label), <=, INFO_LABEL_LENGTH);
        g_assert_null(strpbrk(f->label, "[]"));
        for (int j = 0; j < i; j++) {
            g_assert_cmpstr(sd_findings[j].name, !=, f->name);
            g_assert_cmpstr(sd_findings[j].label, !=, f->label);
        }
    }
}

/* The set of the findings listed, up to SD_FINDING_COUNT. */
static sd_finding_set set_of(sd_finding first, ...)
{
    sd_finding_set set = {{0}};
    va_list ap;
    va_start(ap, first);
    for (sd_finding f = first; f != SD_FINDING_COUNT; f = va_arg(ap, sd_finding))
        sd_finding_set_add(&set, f);
    va_end(ap);
    return set;
}

static void test_most_severe(void)
{
    g_assert_cmpint(sd_findings_most_severe(set_of(SD_FINDING_COUNT)), ==, SD_FINDING_COUNT);
    g_assert_cmpint(sd_findings_most_severe(set_of(SD_FINDING_CSEQ_AUTH_RETRY, SD_FINDING_COUNT)), ==,
                    SD_FINDING_CSEQ_AUTH_RETRY);
    /* An Error beats a Chat wherever it stands in the table. */
    g_assert_cmpint(sd_findings_most_severe(set_of(SD_FINDING_GLARE_RESOLVED, SD_FINDING_ACK_MISSING,
                                                   SD_FINDING_FORK_MULTIPLE_2XX, SD_FINDING_COUNT)),
                    ==, SD_FINDING_ACK_MISSING);
    /* Among equals, the first in the table. */
    g_assert_cmpint(sd_findings_most_severe(set_of(SD_FINDING_GLARE_INVITE_PENDING, SD_FINDING_CSEQ_DECREASED,
                                                   SD_FINDING_COUNT)),
                    ==, SD_FINDING_CSEQ_DECREASED);
    /* Every finding alone is its own most severe. */
    for (sd_finding f = 0; f < SD_FINDING_COUNT; f++)
        g_assert_cmpint(sd_findings_most_severe(set_of(f, SD_FINDING_COUNT)), ==, f);
}

/* A set's findings are visited in table order, across its words, and
 * only those it has. */
static void test_foreach(void)
{
    sd_finding expected[] = {0, 63, 64, SD_FINDING_COUNT - 1};
    sd_finding_set set = set_of(expected[3], expected[1], expected[2], expected[0], SD_FINDING_COUNT);
    size_t n = 0;
    SD_FINDING_SET_FOREACH(f, set) {
        g_assert_cmpuint(n, <, G_N_ELEMENTS(expected));
        g_assert_cmpint(f, ==, expected[n++]);
    }
    g_assert_cmpuint(n, ==, G_N_ELEMENTS(expected));
    SD_FINDING_SET_FOREACH(f, set_of(SD_FINDING_COUNT))
        g_assert_not_reached();
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
    g_test_add_func("/tables/most_severe", test_most_severe);
    g_test_add_func("/tables/foreach", test_foreach);
    return g_test_run();
}
