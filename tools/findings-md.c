/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Print the README's reference tables from the one findings table and the
 * one fields table:  findings-md findings | findings-md fields
 */
#include <stdio.h>
#include <string.h>

#include "sipdialog/analyzer.h"

static const char *type_name(sd_field_type type)
{
    switch (type) {
    case SD_FT_UINT:
        return "number";
    case SD_FT_TEXT:
    case SD_FT_STRING:
        return "text";
    case SD_FT_DURATION:
        return "time";
    case SD_FT_TIME:
        return "timestamp";
    default:
        return "frame";
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "findings") == 0) {
        puts("| filter name | Info label | severity | group | what it means | RFC |");
        puts("|---|---|---|---|---|---|");
        for (int i = 0; i < SD_FINDING_COUNT; i++) {
            const sd_finding_info *f = &sd_findings[i];
            printf("| `sipdialog.%s` | [%s] | %s | %s | %s | %s |\n", f->name, f->label,
                   sd_severity_name(f->severity), sd_group_name(f->group), f->summary, f->rfc);
        }
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "fields") == 0) {
        puts("| field | type | meaning |");
        puts("|---|---|---|");
        for (int i = 0; i < SD_FIELD_COUNT; i++)
            printf("| `sipdialog.%s` | %s | %s |\n", sd_fields[i].name, type_name(sd_fields[i].type),
                   sd_fields[i].description);
        return 0;
    }
    fprintf(stderr, "usage: findings-md findings|fields\n");
    return 2;
}
