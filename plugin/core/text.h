/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analyzer's strings: stored once, compared with NULL as a value. */
#ifndef SIPDIALOG_TEXT_H
#define SIPDIALOG_TEXT_H

#include "model.h"

/* Store a string for the lifetime of the analyzer; NULL stays NULL. */
const char *sd_store(sd_analyzer *a, const char *s);

/* Whether two stored or message strings are the same; NULL equals NULL. */
bool sd_same(const char *x, const char *y);

/* Whether two header values differ; an unknown one (absent, or the
 * dissector could not read it) differs from nothing. */
bool sd_differ(const char *x, const char *y);

#endif
