/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics tables: sipdialog,stat (findings and totals) and
 * sipdialog,dialogs (one row per dialog), in tshark -z and the GUI. */
#ifndef SIPDIALOG_STATS_H
#define SIPDIALOG_STATS_H

#include <epan/packet.h>

#include "sipdialog/analyzer.h"

void sd_stats_register(void);

/* Whether any table listens (otherwise sd_stats_tap does nothing). */
bool sd_stats_wanted(void);

/* Hand one rendered message to the tables (when any listens). */
void sd_stats_tap(packet_info *pinfo, const sd_analyzer *analyzer, const sd_report *report);

#endif
