/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading the SIP messages of a frame: where the SIP dissector found them,
 * what the core's parser reads in them. */
#ifndef SIPDIALOG_EXTRACT_H
#define SIPDIALOG_EXTRACT_H

#include <epan/packet.h>

#include "sipdialog/message.h"

/* At most this many SIP messages of one frame are analysed. */
#define SD_MAX_MESSAGES_PER_FRAME 64

/* Resolve the "sip" protocol item by name (once all protocols are
 * registered) and return it as the post-dissector's only wanted field
 * (caller owns the array). */
GArray *sd_extract_wanted_fields(void);

/* The capture time of the frame, in microseconds since the epoch. */
int64_t sd_frame_time_us(const packet_info *pinfo);

/* Fill `out` with the frame's SIP messages in order; returns how many.
 * Strings live in pinfo->pool: valid for this dissection. */
unsigned sd_extract_messages(proto_tree *tree, packet_info *pinfo, sd_message out[SD_MAX_MESSAGES_PER_FRAME]);

#endif
