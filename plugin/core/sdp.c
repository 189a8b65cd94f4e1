/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A summary of a session description (RFC 4566) for the offer/answer rules
 * (RFC 3264): the o= line's identity and version, whether anything else
 * changed (a hash of every other line), a c= address of 0.0.0.0, and each
 * m= stream's media, port 0 and direction attribute.  One pass over the
 * lines; only run on a message whose body is a description.
 *
 * It runs on every description (issue 17 counts its instructions), so the
 * bytes are not read one by one: the line ends are found 64 bytes at a
 * time, a line is mixed into the hash and a field's end looked for eight
 * bytes at a time.  Nothing outside the description is read.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sipdialog/parse.h"

typedef struct {
    const char *p;
    size_t n;
} text;

/* The description: nothing outside it is read. */
typedef struct {
    const char *begin, *end;
} bounds;

/* Eight bytes as a word, the first byte lowest (whatever the machine). */
static inline uint64_t load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

/* The bytes from `p` (before `end`) on, up to eight, as a word with zeros
 * after `end`.  Near the end the description's last eight bytes are read
 * and shifted, so that nothing past it is read. */
static uint64_t last_word(bounds b, const char *p)
{
    size_t left = (size_t)(b.end - p);
    if (b.end - b.begin >= 8)
        return load8(b.end - 8) >> (8 * (8 - left));
    uint64_t w = 0;
    for (size_t k = 0; k < left; k++)
        w |= (uint64_t)(unsigned char)p[k] << (8 * k);
    return w;
}

static inline uint64_t word_at(bounds b, const char *p)
{
    return b.end - p >= 8 ? load8(p) : last_word(b, p);
}

/* The hash of a text: its whole words, then its last eight bytes (some
 * mixed twice) or the few it has, with its length, which keeps texts
 * apart: a line's is what mix_line gave before, byte for byte. */
static const uint64_t K = 0x9e3779b97f4a7c15u;

static inline uint64_t mix_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * K;
    return h ^ (h >> 29);
}

static inline uint64_t mix_text(bounds b, uint64_t h, text t)
{
    size_t i = 0;
    for (; i + 8 <= t.n; i += 8)
        h = mix_word(h, load8(t.p + i));
    uint64_t tail = 0;
    if (i < t.n)
        tail = t.n >= 8 ? load8(t.p + t.n - 8) : word_at(b, t.p) & (~(uint64_t)0 >> (64 - 8 * t.n));
    return mix_word(h, tail ^ ((uint64_t)t.n << 56));
}

/* The '\n' among the eight bytes of `w`, one bit each (the first byte's
 * lowest), exactly: a byte of x is zero when adding 0x7f to its low seven
 * bits leaves its high bit clear and so does x
 * (https://graphics.stanford.edu/~seander/bithacks.html "haszero"); the
 * multiplication gathers the eight high bits. */
static inline uint64_t newlines8(uint64_t w)
{
    const uint64_t highs = 0x8080808080808080u;
    uint64_t x = w ^ 0x0a0a0a0a0a0a0a0au;
    uint64_t zero = ~(((x & ~highs) + ~highs) | x) & highs;
    return ((zero >> 7) * 0x0102040810204080u) >> 56;
}

#ifdef __SSE2__
static inline uint64_t newlines16(const char *p)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('\n')));
}
#endif

/* The '\n' among the 64 bytes from `p` (fewer at the end), one bit each. */
static inline uint64_t newlines64(bounds b, const char *p)
{
    size_t left = (size_t)(b.end - p);
#ifdef __SSE2__
    if (left >= 64)
        return newlines16(p) | newlines16(p + 16) << 16 | newlines16(p + 32) << 32 | newlines16(p + 48) << 48;
    if (b.end - b.begin >= 16) {   /* 16 bytes at a time, the last 16 shifted */
        uint64_t marks = 0;
        size_t j = 0;
        for (; j + 16 <= left; j += 16)
            marks |= newlines16(p + j) << j;
        if (j < left)
            marks |= newlines16(b.end - 16) >> (16 - (left - j)) << j;
        return marks;
    }
#endif
    uint64_t marks = 0;
    for (size_t j = 0; j < 64 && j < left; j += 8)
        marks |= newlines8(word_at(b, p + j)) << j;
    return marks;
}

/* The line ends of the description in order, found 64 bytes at a time. */
typedef struct {
    bounds b;
    const char *block;   /* the 64 bytes whose '\n' not yet given are in marks */
    uint64_t marks;
} newlines;

static inline newlines newlines_of(bounds b)
{
    return (newlines){b, b.begin, b.begin < b.end ? newlines64(b, b.begin) : 0};
}

/* The next '\n', or NULL when there is none. */
static inline const char *next_newline(newlines *f)
{
    while (f->marks == 0) {
        if (f->b.end - f->block <= 64)
            return NULL;
        f->block += 64;
        f->marks = newlines64(f->b, f->block);
    }
    const char *lf = f->block + __builtin_ctzll(f->marks);
    f->marks &= f->marks - 1;
    return lf;
}

/* The next space-separated field of `t`, consumed; its end is looked for
 * eight bytes at a time (the first space of a word is found exactly,
 * https://graphics.stanford.edu/~seander/bithacks.html "haszero"). */
static inline text field(bounds b, text *t)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (t->n > 0 && t->p[0] == ' ') {
        t->p++;
        t->n--;
    }
    size_t k = 0;
    for (; k < t->n; k += 8) {
        uint64_t x = word_at(b, t->p + k) ^ (ones * ' ');
        uint64_t spaces = (x - ones) & ~x & highs;
        if (spaces) {
            k += (size_t)__builtin_ctzll(spaces) / 8;
            break;
        }
    }
    text f = {t->p, k < t->n ? k : t->n};
    t->p += f.n;
    t->n -= f.n;
    return f;
}

static bool is(text t, const char *word)
{
    size_t n = strlen(word);
    return t.n == n && memcmp(t.p, word, n) == 0;
}

/* o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>.
 * The identity is the username, the sess-id and the rest after the
 * version as written, each hashed with its length (which keeps them apart
 * as the single spaces between them did in the FNV hash before). */
static void read_origin(bounds b, text value, sd_sdp_summary *s)
{
    text user = field(b, &value), id = field(b, &value), version = field(b, &value);
    if (user.n == 0 || id.n == 0 || version.n == 0)
        return;
    uint64_t v = 0;
    for (size_t i = 0; i < version.n; i++) {
        unsigned digit = (unsigned)(unsigned char)version.p[i] - '0';
        if (digit > 9)
            return;
        /* Past 19 digits it saturates (and stays large) as it always did. */
        v = i < 19 ? v * 10 + digit : v > UINT64_MAX / 16 ? UINT64_MAX / 16 : v * 10 + digit;
    }
    uint64_t h = mix_text(b, mix_text(b, mix_text(b, K, user), id), value);
    s->has_origin = true;
    s->origin_hash = (uint32_t)(h ^ (h >> 32));
    s->version = v;
}

/* c=<nettype> <addrtype> <address>[/ttl]: 0.0.0.0 is the old way to hold
 * (RFC 3264 §8.4).  Most are "IN IP4 <address>": the address is read where
 * it begins then, the fields otherwise. */
static bool null_connection(bounds b, text value)
{
    text address;
    if (value.n > 7 && memcmp(value.p, "IN IP4 ", 7) == 0 && value.p[7] != ' ') {
        address = (text){value.p + 7, value.n - 7};
        if (address.n > 7 && address.p[7] == ' ')
            address.n = 7;   /* all that matters of its end */
    } else {
        field(b, &value);
        field(b, &value);
        address = field(b, &value);
    }
    return address.n >= 7 && memcmp(address.p, "0.0.0.0", 7) == 0 && (address.n == 7 || address.p[7] == '/');
}

/* m=<media> <port>...: whether the media is audio and the port 0 (a
 * stream refused, RFC 3264 §6).  Most are "audio <port>": the port is read
 * where it begins then, the fields otherwise. */
static void read_media(bounds b, text value, bool *audio, bool *refused)
{
    if (value.n > 6 && memcmp(value.p, "audio ", 6) == 0 && value.p[6] != ' ') {
        *audio = true;
        *refused = value.p[6] == '0' && (value.n == 7 || value.p[7] == ' ');
        return;
    }
    text media = field(b, &value), port = field(b, &value);
    *audio = is(media, "audio");
    *refused = is(port, "0");
}

/* a=<attribute> of `n` bytes at `p`: all four directions are eight letters
 * (most attributes stop at that), compared as one word. */
static int direction_of(const char *p, size_t n)
{
    if (n != 8)
        return -1;
    uint64_t w = load8(p);
    if (w == load8("sendrecv"))
        return SD_DIRECTION_SENDRECV;
    if (w == load8("sendonly"))
        return SD_DIRECTION_SENDONLY;
    if (w == load8("recvonly"))
        return SD_DIRECTION_RECVONLY;
    if (w == load8("inactive"))
        return SD_DIRECTION_INACTIVE;
    return -1;
}

void sd_sdp_summarize(const char *body, size_t len, sd_sdp_summary *s)
{
    memset(s, 0, sizeof *s);
    const bounds b = {body, body + len};
    uint64_t h = 2166136261u;
    int session_direction = SD_DIRECTION_SENDRECV;
    int stream = -1;   /* the current m= section; -1 at session level */
    bool audio_found = false;
    newlines lines = newlines_of(b);
    const char *p = body, *end = body + len;
    while (p < end) {
        const char *lf = next_newline(&lines);
        text line = {p, (size_t)((lf ? lf : end) - p)};
        if (line.n > 0 && line.p[line.n - 1] == '\r')
            line.n--;
        p = lf ? lf + 1 : end;
        if (line.n < 2 || line.p[1] != '=')
            continue;
        text value = {line.p + 2, line.n - 2};
        if (line.p[0] == 'o') {
            if (!s->has_origin)
                read_origin(b, value, s);
            continue;
        }
        h = mix_text(b, h, line);
        switch (line.p[0]) {
        case 'c':
            if (null_connection(b, value))
                s->null_address = true;
            break;
        case 'm': {
            stream++;
            if (stream >= SD_SDP_STREAMS)
                break;
            s->streams = (uint8_t)(stream + 1);
            s->direction[stream] = (uint8_t)session_direction;
            bool audio, refused;
            read_media(b, value, &audio, &refused);
            if (refused)
                s->rejected |= (uint8_t)(1u << stream);
            if (!audio_found && audio) {
                audio_found = true;
                s->audio = (uint8_t)stream;
            }
            break;
        }
        case 'a': {
            int d = direction_of(value.p, value.n);
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
