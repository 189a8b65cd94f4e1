/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A dialog's life as an observer sees it, after RFC 5407 §2, which adds the
 * Preparative state to RFC 3261 §12: the dialog exists from its creating
 * request, so that the request belongs to it.
 *
 *     creating request
 *           |
 *           v       1xx with To tag    +-------+
 *     +-------------+----------------->| EARLY |
 *     | PREPARATIVE |                  +-------+
 *     +-------------+                   |     |
 *       ^   |   |   2xx, or a request    | 2xx  | 3xx-6xx, BYE,
 *       |   |   |   with both tags       v     | destroyed
 *       |   |   +--------------->  +-----------+  |
 *       |   |                       | CONFIRMED |  |
 *       |   | 3xx-6xx, BYE          +-----------+  |
 *       |   v                          | BYE,      |
 *       |  +------------+<-------------+ destroyed |
 *       +--| TERMINATED |<-------------------------+
 * retry    +------------+
 *
 * A failure of the creating request ends the attempt and every early
 * dialog of its forks (RFC 3261 §13.2.2.4).  An attempt that never got a To
 * tag is taken up again by the UA's retry with credentials or to another
 * target (§8.1.3.5, §22.2): the one way back from TERMINATED.  A 2xx
 * confirms the dialog whatever came before it: the UAC acts on every 2xx
 * (§13.2.2.4), even one that follows a failure or crosses a BYE.  A request
 * with both tags reveals a dialog established out of the capture's view.
 * A response to a request inside the dialog that destroys it (RFC 5057
 * §5.1: 404, 481 to its only usage, ...) ends it as a BYE does.
 */
#include "dialog_fsm.h"

enum { STAY = SD_DIALOG_TERMINATED + 1 };

#define P SD_DIALOG_PREPARATIVE
#define E SD_DIALOG_EARLY
#define C SD_DIALOG_CONFIRMED
#define T SD_DIALOG_TERMINATED
#define S STAY

static const uint8_t table[SD_DIALOG_TERMINATED + 1][SD_DIALOG_EV_COUNT] = {
    /*                      retry revealed 1xx 2xx failure BYE destroyed */
    [SD_DIALOG_PREPARATIVE] = {S, C, E, C, T, T, S},
    [SD_DIALOG_EARLY]       = {S, S, S, C, T, T, T},
    [SD_DIALOG_CONFIRMED]   = {S, S, S, C, S, T, T},
    [SD_DIALOG_TERMINATED]  = {P, S, S, C, S, S, S},
};

#undef P
#undef E
#undef C
#undef T
#undef S

void sd_dialog_fire(sd_dialog *d, sd_dialog_event ev)
{
    uint8_t next = table[d->state][ev];
    if (next != STAY)
        d->state = (sd_dialog_state)next;
}
