/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The symbols Wireshark's plugin loader looks for. */
#define WS_BUILD_DLL
#include <wireshark.h>

#include <epan/proto.h>

#include "compat.h"

#if SD_WIRESHARK_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#define SD_HAVE_PLUGIN_DESCRIBE 1
#endif

void proto_register_sipdialog(void);
void proto_reg_handoff_sipdialog(void);

WS_DLL_PUBLIC_DEF const char plugin_version[] = SIPDIALOG_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static proto_plugin plugin;
    plugin.register_protoinfo = proto_register_sipdialog;
    plugin.register_handoff = proto_reg_handoff_sipdialog;
    proto_register_plugin(&plugin);
}

#ifdef SD_HAVE_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe(void);

uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR;
}
#endif
