/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "details.h"

const sd_request_detail sd_no_request_detail;
const sd_response_detail sd_no_response_detail;
const sd_request_verdict sd_no_verdict;
const sd_reason sd_no_reason;
const sd_txn_detail sd_no_txn_detail;
