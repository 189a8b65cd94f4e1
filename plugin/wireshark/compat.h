/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Differences between the Wireshark releases the plugin builds against (4.0 to 4.6). */
#ifndef SIPDIALOG_COMPAT_H
#define SIPDIALOG_COMPAT_H

#include <stdbool.h>

#include <glib.h>
#include <ws_version.h>

#include <epan/stat_groups.h>

#define SD_WIRESHARK_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* The Telephony menu group was renamed after 4.0 (CMake tells). */
#ifdef SD_HAVE_TELEPHONY_GROUPS
#define SD_STAT_GROUP_TELEPHONY REGISTER_TELEPHONY_GROUP_UNSORTED
#else
#define SD_STAT_GROUP_TELEPHONY REGISTER_STAT_GROUP_TELEPHONY
#endif

/* Boolean preferences became bool after 4.0 (CMake tells). */
#ifdef SD_BOOL_PREFERENCES
typedef bool sd_pref_bool;
#else
typedef gboolean sd_pref_bool;
#endif

#endif
