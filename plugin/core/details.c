/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "details.h"

const sd_request_detail sd_no_request_detail;
const sd_response_detail sd_no_response_detail;
const sd_request_verdict sd_no_verdict;
const sd_reason sd_no_reason;
const sd_txn_detail sd_no_txn_detail;

sd_response_detail *sd_response_detail_write(sd_analyzer *a, sd_response *response)
{
    if (response->has_detail)
        return g_hash_table_lookup(a->response_details, response);
    if (a->response_details == NULL)
        a->response_details = g_hash_table_new(NULL, NULL);
    sd_response_detail *detail = sd_pool_new(&a->pool, sd_response_detail);
    g_hash_table_insert(a->response_details, response, detail);
    response->has_detail = true;
    return detail;
}
