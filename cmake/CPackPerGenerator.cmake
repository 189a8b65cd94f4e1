# SPDX-License-Identifier: GPL-2.0-or-later
# Read by CPack before each generator (CPACK_PROJECT_CONFIG_FILE): each
# package gets its own install component and layout (cmake/Package.cmake).
if(CPACK_GENERATOR STREQUAL "DEB")
  set(CPACK_COMPONENTS_ALL deb)
  set(CPACK_PACKAGING_INSTALL_PREFIX "${CPACK_SIPDIALOG_DEB_PREFIX}")
elseif(CPACK_GENERATOR STREQUAL "TGZ")
  set(CPACK_COMPONENTS_ALL tgz)
  set(CPACK_PACKAGING_INSTALL_PREFIX "/")
  set(CPACK_PACKAGE_FILE_NAME "${CPACK_SIPDIALOG_TGZ_NAME}")
  set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)   # one folder, named as the archive
endif()
