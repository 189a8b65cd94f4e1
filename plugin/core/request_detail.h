/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The part of a request that only some requests have (sd_request_detail
 * in model.h): made in the analyzer's pool when something is first written
 * to it; read as all zero before that.
 */
#ifndef SIPDIALOG_REQUEST_DETAIL_H
#define SIPDIALOG_REQUEST_DETAIL_H

#include "model.h"

/* What a request without a detail reads: nothing. */
extern const sd_request_detail sd_no_detail;

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
    return request->detail != NULL ? request->detail : &sd_no_detail;
}

#endif
