/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Showing what the analysis says about a message: the sipdialog subtree
 * and its expert information. */
#ifndef SIPDIALOG_RENDER_H
#define SIPDIALOG_RENDER_H

#include <epan/expert.h>
#include <epan/packet.h>

#include "sipdialog/analyzer.h"

void sd_render_register(int proto);

/* Whether anyone reads the fields of the subtree: a visible tree, or a
 * filter, column, tap or dissector that asked for a sipdialog field. */
bool sd_render_fields_wanted(proto_tree *tree);

/* Add the subtree of one message (with or without a tree: expert
 * information reaches taps such as -z expert either way). */
void sd_render_message(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const sd_report *report);

/* The same when no field is wanted (sd_render_fields_wanted() is false):
 * the protocol item and the expert information of the findings alone. */
void sd_render_findings(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, sd_finding_set findings);

/* Label the frame in the Info column (packet list, summary lines, flow
 * graph) with the most severe of its messages' findings, or else as a
 * retransmission. */
void sd_render_label(packet_info *pinfo, sd_finding_set findings, bool retransmission);

#endif
