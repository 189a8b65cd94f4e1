/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "request_detail.h"

const sd_request_detail sd_no_detail;
