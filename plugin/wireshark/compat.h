/* Differences between the Wireshark releases the plugin builds against (4.0 to 4.4). */
#ifndef SIPDIALOG_COMPAT_H
#define SIPDIALOG_COMPAT_H

#include <epan/ftypes/ftypes.h>
#include <epan/proto.h>

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

#endif
