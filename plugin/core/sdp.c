/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A summary of a session description (RFC 4566) for the offer/answer rules
 * (RFC 3264): the o= line's identity and version, whether anything else
 * changed (a hash of every other line), a c= address of 0.0.0.0, and each
 * m= stream's media, port 0 and direction attribute.  One pass over the
 * lines with memchr; only run on a message whose body is a description.
 */
#include <string.h>

#include "sipdialog/parse.h"

typedef struct {
    const char *p;
    size_t n;
} text;

static const uint32_t FNV_BASIS = 2166136261u, FNV_PRIME = 16777619u;

static uint32_t fnv(uint32_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * FNV_PRIME;
    return h;
}

/* One line into the description's hash, eight bytes at a time (it runs
 * over every line of every description); its length keeps lines apart. */
static uint64_t mix_line(uint64_t h, const char *p, size_t n)
{
    static const uint64_t K = 0x9e3779b97f4a7c15u;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * K;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    if (i < n && n >= 8)
        memcpy(&tail, p + n - 8, 8);   /* the last eight bytes, some hashed twice */
    else
        for (size_t k = 0; i + k < n; k++)
            tail |= (uint64_t)(unsigned char)p[i + k] << (8 * k);
    h = (h ^ tail ^ ((uint64_t)n << 56)) * K;
    return h ^ (h >> 29);
}

/* The next space-separated field of `t`, consumed. */
static text field(text *t)
{
    while (t->n > 0 && t->p[0] == ' ') {
        t->p++;
        t->n--;
    }
    text f = {t->p, 0};
    while (f.n < t->n && t->p[f.n] != ' ')
        f.n++;
    t->p += f.n;
    t->n -= f.n;
    return f;
}

static bool is(text t, const char *word)
{
    size_t n = strlen(word);
    return t.n == n && memcmp(t.p, word, n) == 0;
}

/* o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address> */
static void read_origin(text value, sd_sdp_summary *s)
{
    text user = field(&value), id = field(&value), version = field(&value);
    if (user.n == 0 || id.n == 0 || version.n == 0)
        return;
    uint64_t v = 0;
    for (size_t i = 0; i < version.n; i++) {
        if (version.p[i] < '0' || version.p[i] > '9')
            return;
        v = v > UINT64_MAX / 16 ? UINT64_MAX / 16 : v * 10 + (uint64_t)(version.p[i] - '0');
    }
    uint32_t h = fnv(FNV_BASIS, user.p, user.n);
    h = fnv(fnv(h, " ", 1), id.p, id.n);
    h = fnv(fnv(h, " ", 1), value.p, value.n);   /* nettype, addrtype, address */
    s->has_origin = true;
    s->origin_hash = h;
    s->version = v;
}

/* c=<nettype> <addrtype> <address>[/ttl]: 0.0.0.0 is the old way to hold
 * (RFC 3264 §8.4). */
static bool null_connection(text value)
{
    field(&value);
    field(&value);
    text address = field(&value);
    return address.n >= 7 && memcmp(address.p, "0.0.0.0", 7) == 0 && (address.n == 7 || address.p[7] == '/');
}

static int direction_of(text attribute)
{
    if (attribute.n != 8)   /* all four are eight letters: most attributes stop here */
        return -1;
    if (is(attribute, "sendrecv"))
        return SD_DIRECTION_SENDRECV;
    if (is(attribute, "sendonly"))
        return SD_DIRECTION_SENDONLY;
    if (is(attribute, "recvonly"))
        return SD_DIRECTION_RECVONLY;
    if (is(attribute, "inactive"))
        return SD_DIRECTION_INACTIVE;
    return -1;
}

void sd_sdp_summarize(const char *body, size_t len, sd_sdp_summary *s)
{
    memset(s, 0, sizeof *s);
    uint64_t h = FNV_BASIS;
    int session_direction = SD_DIRECTION_SENDRECV;
    int stream = -1;   /* the current m= section; -1 at session level */
    bool audio_found = false;
    const char *p = body, *end = body + len;
    while (p < end) {
        const char *lf = memchr(p, '\n', (size_t)(end - p));
        const char *eol = lf ? lf : end;
        text line = {p, (size_t)(eol - p)};
        if (line.n > 0 && line.p[line.n - 1] == '\r')
            line.n--;
        p = lf ? lf + 1 : end;
        if (line.n < 2 || line.p[1] != '=')
            continue;
        text value = {line.p + 2, line.n - 2};
        if (line.p[0] == 'o') {
            if (!s->has_origin)
                read_origin(value, s);
            continue;
        }
        h = mix_line(h, line.p, line.n);
        switch (line.p[0]) {
        case 'c':
            if (null_connection(value))
                s->null_address = true;
            break;
        case 'm': {
            stream++;
            if (stream >= SD_SDP_STREAMS)
                break;
            s->streams = (uint8_t)(stream + 1);
            s->direction[stream] = (uint8_t)session_direction;
            text media = field(&value), port = field(&value);
            if (is(port, "0"))
                s->rejected |= (uint8_t)(1u << stream);
            if (!audio_found && is(media, "audio")) {
                audio_found = true;
                s->audio = (uint8_t)stream;
            }
            break;
        }
        case 'a': {
            int d = direction_of(value);
            if (d < 0)
                break;
            if (stream < 0)
                session_direction = d;
            else if (stream < SD_SDP_STREAMS)
                s->direction[stream] = (uint8_t)d;
            break;
        }
        default:
            break;
        }
    }
    if (!audio_found)
        s->audio = s->streams;
    s->hash = (uint32_t)(h ^ (h >> 32));
}
