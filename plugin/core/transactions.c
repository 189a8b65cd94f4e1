/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "transactions.h"

#include <string.h>

#include "calls.h"
#include "details.h"
#include "text.h"

#define MAGIC_COOKIE "z9hG4bK"

/* Responses kept per transaction for retransmission detection; a
 * transaction with more distinct responses than this (a hostile capture)
 * no longer recognises retransmissions of the oldest ones. */
enum { MAX_RESPONSES_SCANNED = 16 };

/* How many copies of a request are searched for its upstream hop. */
enum { SEARCHED_COPIES = 32 };

/* The keys carry the hashes of their strings, computed once per message
 * (sd_txn_key_make) for all the tables it is looked up in. */
static uint32_t key_hash(const sd_txn_key *k)
{
    return k->branch_hash * 31 + k->sent_by_hash + k->cancel;
}

/* Two branches are the same when both or neither began with the magic
 * cookie and the rest is the same. */
static bool same_branch(const sd_txn_key *k, const sd_txn_key *l)
{
    return k->cookie == l->cookie && strcmp(k->branch, l->branch) == 0;
}

static bool key_equal(const sd_txn_key *k, const sd_txn_key *l)
{
    return k->cancel == l->cancel && same_branch(k, l) && strcmp(k->sent_by, l->sent_by) == 0;
}

static bool txn_has_key(const void *txn, const void *key)
{
    return key_equal(&((const sd_txn *)txn)->key, key);
}

static bool request_has_key(const void *request, const void *key)
{
    return key_equal(sd_request_origin(request), key);
}

/* A client matches a response by branch and CSeq method alone (§17.1.3). */
static uint32_t branch_hash(const sd_txn_key *k)
{
    return k->branch_hash + k->cancel;
}

static bool txn_has_branch(const void *txn, const void *key)
{
    const sd_txn_key *k = &((const sd_txn *)txn)->key, *l = key;
    return k->cancel == l->cancel && same_branch(k, l);
}

void sd_transactions_init(sd_analyzer *a)
{
    sd_map_init(&a->txns);
    sd_map_init(&a->branches);
    sd_map_init(&a->origins);
    a->method_names = g_hash_table_new(NULL, NULL);
    a->cseq_methods = g_hash_table_new(NULL, NULL);
}

void sd_txn_leave_branches(sd_analyzer *a, sd_txn *t)
{
    if (!t->key.rfc2543 && sd_map_remove(&a->branches, branch_hash(&t->key), t))
        t->request->call->entries--;
}

void sd_transactions_free(sd_analyzer *a)
{
    sd_map_free(&a->txns);
    sd_map_free(&a->branches);
    sd_map_free(&a->origins);
    g_hash_table_destroy(a->method_names);
    g_hash_table_destroy(a->cseq_methods);
}

/* Enter a hop or a request under its key, instead of what was there,
 * which is returned: each entry counts for its call (see settle.c). */
static gpointer enter(sd_map *table, uint32_t hash, sd_map_same same, const sd_txn_key *key, gpointer value,
                      sd_call *call, sd_call *(*call_of)(gpointer))
{
    gpointer old = sd_map_put(table, hash, same, key, value);
    if (old != NULL)
        call_of(old)->entries--;
    call->entries++;
    return old;
}

static sd_call *call_of_txn(gpointer txn)
{
    return ((sd_txn *)txn)->request->call;
}

static sd_call *call_of_request(gpointer request)
{
    return ((sd_request *)request)->call;
}

/* The key's branch `s` of `n` bytes, kept from after the magic cookie when
 * it begins with it. */
static void set_branch(sd_txn_key *key, const char *s, size_t n, bool cookie)
{
    size_t skipped = cookie ? strlen(MAGIC_COOKIE) : 0;
    key->cookie = cookie;
    key->branch = s + skipped;
    key->branch_hash = sd_hash_bytes(key->branch, n - skipped, false);
}

void sd_txn_key_make(sd_txn_key *key, GString *buf, const sd_message *m, const sd_via *via, bool cancel)
{
    key->cancel = cancel;
    key->sent_by = via->sent_by ? via->sent_by : "";
    key->sent_by_hash = sd_hash(key->sent_by);
    /* The branch's length, needed for its hash, tells first whether it can
     * begin with the cookie (a memcmp of known length, not a strncmp). */
    size_t n = via->branch ? strlen(via->branch) : 0;
    key->rfc2543 = n < strlen(MAGIC_COOKIE) || memcmp(via->branch, MAGIC_COOKIE, strlen(MAGIC_COOKIE)) != 0;
    if (!key->rfc2543) {
        set_branch(key, via->branch, n, true);
        return;
    }
    /* RFC 2543 peers: the request is identified by Call-ID, From tag and
     * CSeq number (ACK and CANCEL share the INVITE's); a leading unit
     * separator keeps these keys apart from real branches. */
    g_string_printf(buf, "\x1f%s\x1f%s\x1f%u\x1f%s", m->call_id ? m->call_id : "", m->from_tag ? m->from_tag : "",
                    m->has_cseq ? m->cseq : 0, via->branch ? via->branch : "");
    set_branch(key, buf->str, buf->len, false);   /* it begins with the separator */
}

sd_txn *sd_txn_find(const sd_analyzer *a, const sd_txn_key *key)
{
    return sd_map_find(&a->txns, key_hash(key), txn_has_key, key);
}

sd_txn *sd_txn_find_for_response(sd_analyzer *a, sd_txn_key *key, const sd_message *m, sd_call *call,
                                 sd_response_match *match)
{
    *match = SD_MATCH_EXACT;
    sd_txn *t = sd_txn_find(a, key);
    if (t == NULL && !key->rfc2543 && (t = sd_map_find(&a->branches, branch_hash(key), txn_has_branch, key)) != NULL)
        *match = SD_MATCH_VIA_DIFFERS;
    if (t == NULL || t->request->call == call)
        return t;
    /* The branch of a request in another call: not this response's
     * request (§8.1.1.7).  Responses to the request the capture missed
     * get a key of their own, with their Call-ID. */
    *match = SD_MATCH_BRANCH_REUSED;
    g_string_printf(a->key_buf[1], "%s\x1f%s", key->branch, m->call_id);
    key->branch = a->key_buf[1]->str;   /* the cookie, if any, stays said by key->cookie */
    key->branch_hash = sd_hash(key->branch);
    key->rfc2543 = true;
    return sd_txn_find(a, key);
}

static void key_store(sd_analyzer *a, sd_call *call, sd_txn_key *dst, const sd_txn_key *src)
{
    dst->branch = sd_store(a, src->branch);
    dst->sent_by = sd_call_string(a, call, src->sent_by);
    dst->branch_hash = src->branch_hash;
    dst->sent_by_hash = src->sent_by_hash;
    dst->cancel = src->cancel;
    dst->rfc2543 = src->rfc2543;
    dst->cookie = src->cookie;
}

/* A method's name: static for the known ones. */
static const char *method_text(sd_analyzer *a, const char *name)
{
    const char *known = sd_method_name(sd_method_parse(name));
    return known ? known : sd_store(a, name);
}

static sd_txn *txn_new(sd_analyzer *a, const sd_txn_key *key, const sd_message *m, sd_method method, sd_call *call)
{
    sd_request *r = sd_pool_new(&a->pool, sd_request);
    r->call = call;
    r->from_tag = sd_call_string(a, call, m->from_tag);
    r->method = method;
    r->has_cseq = m->has_cseq;
    r->cseq = m->cseq;

    sd_txn *t = sd_pool_new(&a->pool, sd_txn);
    key_store(a, call, &t->key, key);
    t->request = r;
    r->hop = t;
    t->state = SD_TXN_CALLING;
    t->transport = m->transport;
    t->index = a->txn_count++;
    sd_txn *replaced = enter(&a->txns, key_hash(&t->key), txn_has_key, &t->key, t, call, call_of_txn);
    /* The hop replaced leaves the branch index with the table (see
     * sd_txn_leave_branches()): a new hop with its branch takes its place
     * there, but a key of a reused branch (sd_txn_find_for_response()) is
     * not entered there and may equal a branch written with its ending. */
    if (replaced != NULL && key->rfc2543)
        sd_txn_leave_branches(a, replaced);
    if (!key->rfc2543)
        enter(&a->branches, branch_hash(&t->key), txn_has_branch, &t->key, t, call, call_of_txn);
    return t;
}

sd_txn *sd_txn_new(sd_analyzer *a, const sd_txn_key *key, const sd_message *m, sd_method method, sd_call *call)
{
    sd_txn *t = txn_new(a, key, m, method, call);
    sd_request *r = t->request;
    if (method == SD_METHOD_OTHER && m->method != NULL)
        g_hash_table_insert(a->method_names, r, (gpointer)sd_store(a, m->method));
    /* The CSeq's method is kept apart only when it is not the request's
     * own: almost never (cseq.method_mismatch). */
    if (g_strcmp0(m->cseq_method, m->method) != 0) {
        r->cseq_method_other = true;
        if (m->cseq_method != NULL)
            g_hash_table_insert(a->cseq_methods, r, (gpointer)method_text(a, m->cseq_method));
    }
    r->in_dialog = m->to_tag != NULL;
    r->has_credentials = m->has_credentials;
    r->has_sdp = m->has_sdp;
    r->to_tag = sd_call_string(a, call, m->to_tag);
    r->reached_us = m->time_us;
    t->request_frame = m->frame;
    t->request_time_us = m->time_us;
    t->via_count = (uint16_t)MIN(m->via_count, G_MAXUINT16);
    t->source = m->source;
    t->destination = m->destination;
    t->from_hash = sd_from_hash(m);
    t->to_hash = sd_to_hash(m);
    if (method == SD_METHOD_INVITE)
        t->request_uri = sd_store(a, m->request_uri);
    return t;
}

sd_txn *sd_txn_new_unseen(sd_analyzer *a, const sd_txn_key *key, const sd_message *m, sd_call *call)
{
    sd_txn *t = txn_new(a, key, m, sd_method_parse(m->cseq_method), call);
    if (t->request->method == SD_METHOD_OTHER && m->cseq_method != NULL)
        g_hash_table_insert(a->method_names, t->request, (gpointer)sd_store(a, m->cseq_method));
    return t;
}

const char *sd_request_method_name(const sd_analyzer *a, const sd_request *request)
{
    return request->method != SD_METHOD_OTHER ? sd_method_name(request->method)
                                               : g_hash_table_lookup(a->method_names, request);
}

const char *sd_request_cseq_method(const sd_analyzer *a, const sd_request *request)
{
    return request->cseq_method_other ? g_hash_table_lookup(a->cseq_methods, request)
                                      : sd_request_method_name(a, request);
}

static bool has_proxy_vias(const sd_message *m)
{
    return m->via_count > 1 && m->bottom_via.branch != NULL;
}

/* URIs compare without regard to case, as their scheme and host do
 * (RFC 3261 §19.1.4); a user part that differs only in case is rare enough
 * to go unseen. */
uint32_t sd_from_hash(const sd_message *m)
{
    return sd_hash_nocase(m->from_uri) * 31 + sd_hash(m->from_tag);
}

uint32_t sd_to_hash(const sd_message *m)
{
    return sd_hash_nocase(m->to_uri);
}

sd_request *sd_request_find(sd_analyzer *a, const sd_message *m, sd_txn_key *key)
{
    if (!has_proxy_vias(m))
        return NULL;
    sd_txn_key_make(key, a->key_buf[1], m, &m->bottom_via, false);
    /* The originating UA's own hop, when the capture saw it, or a request
     * first seen past a proxy. */
    uint32_t hash = key_hash(key);
    sd_txn *own = sd_map_find(&a->txns, hash, txn_has_key, key);
    return own ? own->request : sd_map_find(&a->origins, hash, request_has_key, key);
}

void sd_request_register(sd_analyzer *a, sd_request *request, const sd_message *m, const sd_txn_key *key)
{
    if (!has_proxy_vias(m))
        return;
    sd_txn_key *origin = sd_pool_new(&a->pool, sd_txn_key);
    sd_txn_detail_write(a, request->hop)->origin = origin;
    key_store(a, request->call, origin, key);
    enter(&a->origins, key_hash(origin), request_has_key, origin, request, request->call,
          call_of_request);
}

/* The hop `copy` was forwarded from: for a proxy's copy, one Via fewer;
 * for an element's relay, the hop that reached the element it leaves
 * from.  With several such hops, the latest. */
static bool forwarded_from(const sd_txn *hop, const sd_txn *copy, bool relayed)
{
    if (!relayed)
        return hop->via_count + 1 == copy->via_count;
    return sd_endpoint_address(hop->destination) == sd_endpoint_address(copy->source);
}

static void add_copy(sd_analyzer *a, sd_request *request, sd_txn *copy, bool relayed)
{
    copy->request = request;
    sd_txn_detail *links = sd_txn_detail_write(a, copy);
    if (forwarded_from(request->hop, copy, relayed))
        links->upstream = request->hop;
    int searched = 0;
    sd_txn_detail *first = sd_txn_detail_write(a, request->hop);
    for (sd_txn *t = first->copies; t != NULL && links->upstream == NULL && searched < SEARCHED_COPIES;
         t = sd_txn_next_copy(t), searched++)
        if (forwarded_from(t, copy, relayed))
            links->upstream = t;
    links->next_copy = first->copies;
    first->copies = copy;
    request->reached_us = copy->request_time_us;
}

void sd_request_add_copy(sd_analyzer *a, sd_request *request, sd_txn *copy)
{
    add_copy(a, request, copy, false);
}

void sd_request_add_relay(sd_analyzer *a, sd_request *request, sd_txn *copy)
{
    add_copy(a, request, copy, true);
}

bool sd_request_on_hop(const sd_request *request, uint64_t source, uint64_t destination)
{
    if (request->hop->source == source && request->hop->destination == destination)
        return true;
    int searched = 0;
    for (const sd_txn *t = sd_request_copies(request); t != NULL && searched < SEARCHED_COPIES; t = sd_txn_next_copy(t), searched++)
        if (t->source == source && t->destination == destination)
            return true;
    return false;
}

static bool has_to_tag(const sd_txn *txn, const char *to_tag)
{
    int scanned = 0;
    for (sd_response *r = txn->responses; r != NULL && scanned < MAX_RESPONSES_SCANNED; r = r->next, scanned++)
        if (g_strcmp0(r->to_tag, to_tag) == 0)
            return true;
    return false;
}

/* The same answer on two hops: the same status and To tag, or the To tag
 * an element in the middle gave it (forks.h). */
static bool same_answer(const sd_response *x, const sd_response *y)
{
    if (x->status != y->status)
        return false;
    if (g_strcmp0(x->to_tag, y->to_tag) == 0)
        return true;
    return x->fork != NULL && y->fork != NULL && (x->fork->alias_of == y->fork || y->fork->alias_of == x->fork);
}

static const sd_response *find_answer(const sd_txn *txn, const sd_response *r)
{
    int scanned = 0;
    for (const sd_response *s = txn->responses; s != NULL && scanned < MAX_RESPONSES_SCANNED; s = s->next, scanned++)
        if (s != r && same_answer(s, r))
            return s;
    return NULL;
}

const sd_response *sd_txn_downstream_response(const sd_txn *txn, const sd_response *r)
{
    int searched = 0;
    for (sd_txn *t = sd_request_copies(txn->request); t != NULL && searched < SEARCHED_COPIES; t = sd_txn_next_copy(t), searched++) {
        const sd_response *copy = sd_txn_upstream(t) == txn ? find_answer(t, r) : NULL;
        if (copy != NULL)
            return copy;
    }
    return NULL;
}

const sd_response *sd_txn_upstream_response(const sd_txn *txn, const sd_response *r)
{
    const sd_txn *upstream = sd_txn_upstream(txn);
    return upstream ? find_answer(upstream, r) : NULL;
}

sd_fork *sd_txn_rewritten_fork(const sd_txn *txn, const sd_response *r)
{
    int searched = 0;
    for (sd_txn *t = sd_request_copies(txn->request); t != NULL && searched < SEARCHED_COPIES; t = sd_txn_next_copy(t), searched++) {
        if (sd_txn_upstream(t) != txn)
            continue;
        int scanned = 0;
        for (const sd_response *s = t->responses; s != NULL && scanned < MAX_RESPONSES_SCANNED;
             s = s->next, scanned++)
            if (s->status == r->status && s->fork != NULL && s->to_tag != NULL &&
                g_strcmp0(s->to_tag, r->to_tag) != 0 && !has_to_tag(txn, s->to_tag))
                return s->fork;
    }
    return NULL;
}

bool sd_request_same(const sd_analyzer *a, const sd_request *request, const sd_message *m, sd_method method)
{
    if (request->method != method || request->has_cseq != m->has_cseq || request->cseq != m->cseq)
        return false;
    return method != SD_METHOD_OTHER || g_strcmp0(sd_request_method_name(a, request), m->method) == 0;
}

sd_response *sd_txn_find_response(const sd_txn *txn, unsigned status, const char *to_tag)
{
    int scanned = 0;
    for (sd_response *r = txn->responses; r != NULL && scanned < MAX_RESPONSES_SCANNED; r = r->next, scanned++)
        if (r->status == status && g_strcmp0(r->to_tag, to_tag) == 0)
            return r;
    return NULL;
}

sd_response *sd_txn_add_response(sd_analyzer *a, sd_txn *txn, const sd_message *m)
{
    sd_response *r = sd_pool_new(&a->pool, sd_response);
    r->status = (uint16_t)MIN(m->status, G_MAXUINT16);
    r->to_tag = sd_call_string(a, txn->request->call, m->to_tag);
    r->frame = m->frame;
    r->time_us = m->time_us;
    r->next = txn->responses;
    txn->responses = r;
    return r;
}
