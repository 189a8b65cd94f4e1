# SPDX-License-Identifier: GPL-2.0-or-later
# Packages of the plugin for the Wireshark it was built against
# (cmake --build BUILD --target package):
#   a .deb that installs sipdialog.so into that Wireshark's system plugin
#     folder and depends on its libwireshark package, major.minor included
#     (a plugin loads only in the release it was built for);
#   a .tar.gz with sipdialog.so, the README and the licence.
# Both name the Wireshark release.  Each has its own install component, kept
# out of a plain `cmake --install` (which installs for the installing user).

set(_ws "${Wireshark_MAJOR_VERSION}.${Wireshark_MINOR_VERSION}")
set(_deb_name wireshark-plugin-sipdialog)

# The libwireshark package: the one that owns the library the plugin links,
# by dpkg; from its soname (Debian's naming) when dpkg does not know it.
get_target_property(_epan_so epan IMPORTED_SONAME_NONE)
if(NOT _epan_so)
  get_target_property(_epan_so epan IMPORTED_SONAME_RELWITHDEBINFO)
endif()
get_target_property(_epan_lib epan IMPORTED_LOCATION_NONE)
if(NOT _epan_lib)
  get_target_property(_epan_lib epan IMPORTED_LOCATION_RELWITHDEBINFO)
endif()
set(_libwireshark "")
if(_epan_lib)
  get_filename_component(_epan_lib "${_epan_lib}" REALPATH)
  execute_process(COMMAND dpkg-query -S "${_epan_lib}" OUTPUT_VARIABLE _owner ERROR_QUIET
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX REPLACE "^([^:]+):.*$" "\\1" _libwireshark "${_owner}")
endif()
if(NOT _libwireshark AND _epan_so MATCHES "^libwireshark\\.so\\.([0-9]+)$")
  set(_libwireshark "libwireshark${CMAKE_MATCH_1}")
endif()
if(NOT _libwireshark)
  message(FATAL_ERROR "Cannot tell the libwireshark package of ${_epan_lib}")
endif()
math(EXPR _ws_next_minor "${Wireshark_MINOR_VERSION} + 1")
message(STATUS "Packages for Wireshark ${_ws}: the .deb depends on ${_libwireshark}")

# The .deb: the system plugin folder, the one tshark and Wireshark read
# whoever runs them (root included).
install(TARGETS sipdialog LIBRARY DESTINATION "${Wireshark_PLUGIN_LIBDIR}/epan" COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES README.md DESTINATION "share/doc/${_deb_name}" COMPONENT deb EXCLUDE_FROM_ALL)
install(FILES LICENSE DESTINATION "share/doc/${_deb_name}" RENAME copyright COMPONENT deb EXCLUDE_FROM_ALL)
# The .tar.gz: the files side by side, for whoever installs them by hand.
install(TARGETS sipdialog LIBRARY DESTINATION . COMPONENT tgz EXCLUDE_FROM_ALL)
install(FILES README.md LICENSE DESTINATION . COMPONENT tgz EXCLUDE_FROM_ALL)

set(CPACK_GENERATOR DEB TGZ)
set(CPACK_PACKAGE_NAME sipdialog)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Wireshark ${_ws} plugin: SIP dialog and transaction analysis")
set(CPACK_PACKAGE_CONTACT "sipdialog developers")
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME "${_deb_name}")
set(CPACK_DEBIAN_PACKAGE_VERSION "${PROJECT_VERSION}+wireshark${_ws}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_PACKAGE_DESCRIPTION
    "sipdialog follows SIP dialogs and transactions on top of Wireshark's SIP
dissector and reports what went wrong with them (CSeq, ACK, CANCEL, BYE,
forks, glare) as expert information, labels in the packet list and
statistics tables. Built for Wireshark ${_ws}, it loads only in ${_ws}.")
# dpkg-shlibdeps adds libc and GLib; the libwireshark dependency pins the
# release, which the soname alone does not always do.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${_libwireshark} (>= ${_ws}), ${_libwireshark} (<< ${Wireshark_MAJOR_VERSION}.${_ws_next_minor}~)")
set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")

# Each generator packages its own component (chosen when CPack runs it), as
# one package.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
# CPack writes only CPACK_ variables into its configuration.
set(CPACK_SIPDIALOG_DEB_PREFIX "${Wireshark_INSTALL_PREFIX}")
set(CPACK_SIPDIALOG_TGZ_NAME "sipdialog-${PROJECT_VERSION}-wireshark${_ws}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
string(TOLOWER "${CPACK_SIPDIALOG_TGZ_NAME}" CPACK_SIPDIALOG_TGZ_NAME)
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/cmake/CPackPerGenerator.cmake")
include(CPack)
