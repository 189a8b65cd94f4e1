/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parts of requests and responses that only some of them have
 * (sd_request_detail, sd_response_detail in model.h): made in the
 * analyzer's pool when something is first written to them; read as all
 * zero before that.
 */
#ifndef SIPDIALOG_DETAILS_H
#define SIPDIALOG_DETAILS_H

#include "model.h"

/* What a request or response without a detail reads: nothing. */
extern const sd_request_detail sd_no_request_detail;
extern const sd_response_detail sd_no_response_detail;

/* For writing: the request's detail, made if it has none yet. */
static inline sd_request_detail *sd_request_detail_write(sd_analyzer *a, sd_request *request)
{
    if (request->detail == NULL)
        request->detail = sd_pool_new(&a->pool, sd_request_detail);
    return request->detail;
}

/* For reading: the request's detail, all zero if it has none. */
static inline const sd_request_detail *sd_request_detail_read(const sd_request *request)
{
    return request->detail != NULL ? request->detail : &sd_no_request_detail;
}

static inline sd_response_detail *sd_response_detail_write(sd_analyzer *a, sd_response *response)
{
    if (response->detail == NULL)
        response->detail = sd_pool_new(&a->pool, sd_response_detail);
    return response->detail;
}

static inline const sd_response_detail *sd_response_detail_read(const sd_response *response)
{
    return response->detail != NULL ? response->detail : &sd_no_response_detail;
}

#endif
