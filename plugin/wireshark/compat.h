/* Differences between the Wireshark releases the plugin builds against (4.0 to 4.4). */
#ifndef SIPDIALOG_COMPAT_H
#define SIPDIALOG_COMPAT_H

#include <ws_version.h>

#include <epan/ftypes/ftypes.h>
#include <epan/proto.h>
#include <epan/stat_groups.h>

#define SD_WIRESHARK_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* field_info.value is embedded in 4.0 and a pointer from 4.2 on; CMake
 * tells which (SD_FIELD_VALUE_IS_POINTER). */
#ifdef SD_FIELD_VALUE_IS_POINTER
#define SD_FVALUE(fi) ((fi)->value)
#else
#define SD_FVALUE(fi) (&(fi)->value)
#endif

/* The field type tests were renamed FT_IS_* after 4.0. */
#ifndef FT_IS_STRING
#define FT_IS_STRING(ft) IS_FT_STRING(ft)
#define FT_IS_UINT32(ft) IS_FT_UINT32(ft)
#endif

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
