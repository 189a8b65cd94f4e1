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
 * time (SSE2 compares, or exact tests of 8-byte words elsewhere), a line
 * is mixed into the hash eight bytes at a time, and the common forms of
 * the o=, c= and m= lines are read where their fields begin.  Nothing
 * outside the description is read.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sipdialog/parse.h"
#include "words.h"

typedef struct {
    const char *p;
    size_t n;
} text;

/* The description: nothing outside it is read. */
typedef struct {
    const char *begin, *end;
} bounds;

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
 * apart.  Each step (xor, multiply by an odd number, rotate) is a
 * bijection of the word mixed in. */
static const uint64_t K = 0x9e3779b97f4a7c15u;

static inline uint64_t mix_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * K;
    return h << 29 | h >> 35;
}

static inline uint64_t mix_text(bounds b, uint64_t h, text t)
{
    const char *q = t.p;
    for (size_t words = t.n / 8; words > 0; words--, q += 8)
        h = mix_word(h, load8(q));
    uint64_t tail = 0;
    if (t.n % 8 != 0)
        tail = t.n >= 8 ? load8(t.p + t.n - 8) : word_at(b, t.p) & (~(uint64_t)0 >> (64 - 8 * t.n));
    return mix_word(h, tail ^ ((uint64_t)t.n << 56));
}

/* The bytes of `w` equal to `c`, one bit each (the first byte's lowest),
 * exactly: a byte of x is zero when adding 0x7f to its low seven bits
 * leaves its high bit clear and so does x
 * (https://graphics.stanford.edu/~seander/bithacks.html "haszero"); the
 * multiplication gathers the eight high bits. */
static inline uint64_t matches8(uint64_t w, unsigned char c)
{
    const uint64_t highs = 0x8080808080808080u;
    uint64_t x = w ^ (0x0101010101010101u * c);
    uint64_t zero = ~(((x & ~highs) + ~highs) | x) & highs;
    return ((zero >> 7) * 0x0102040810204080u) >> 56;
}

#ifdef __SSE2__
static inline uint64_t matches16(const char *p, char c)
{
    __m128i bytes = _mm_loadu_si128((const __m128i *)(const void *)p);
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(c)));
}
#endif

/* The bytes equal to `c` among the 64 bytes from `p`, one bit each. */
static inline uint64_t matches64(const char *p, char c)
{
#ifdef __SSE2__
    return matches16(p, c) | matches16(p + 16, c) << 16 | matches16(p + 32, c) << 32 | matches16(p + 48, c) << 48;
#else
    uint64_t marks = 0;
    for (size_t j = 0; j < 64; j += 8)
        marks |= matches8(load8(p + j), (unsigned char)c) << j;
    return marks;
#endif
}

/* The '\n' among the bytes from `p` to the end, fewer than 64, eight at a
 * time. */
static uint64_t last_newlines_by_words(bounds b, const char *p)
{
    uint64_t marks = 0;
    for (size_t j = 0; j < (size_t)(b.end - p); j += 8)
        marks |= matches8(word_at(b, p + j), '\n') << j;
    return marks;
}

/* The '\n' among the bytes from `p` to the end, fewer than 64. */
static inline uint64_t last_newlines(bounds b, const char *p)
{
#ifdef __SSE2__
    if (b.end - b.begin < 16)   /* too short for the last 16 bytes' load */
        return last_newlines_by_words(b, p);
    size_t left = (size_t)(b.end - p), j = 0;   /* 16 bytes at a time, the last 16 shifted */
    uint64_t marks = 0;
    for (; j + 16 <= left; j += 16)
        marks |= matches16(p + j, '\n') << j;
    if (j < left)
        marks |= matches16(b.end - 16, '\n') >> (16 - (left - j)) << j;
    return marks;
#else
    return last_newlines_by_words(b, p);
#endif
}

/* The line ends of the description in order, found 64 bytes at a time:
 * each '\n', then the end of the description (as if one followed it). */
typedef struct {
    bounds b;
    const char *block;   /* the 64 bytes whose line ends not yet given are in marks */
    uint64_t marks;      /* bit i: a line ends at block + i */
} line_ends;

/* The line ends among the 64 bytes from `block` on, the description's end
 * among them. */
static inline uint64_t ends_in_block(bounds b, const char *block)
{
    size_t left = (size_t)(b.end - block);
    if (left >= 64)
        return matches64(block, '\n');
    return last_newlines(b, block) | (uint64_t)1 << left;
}

static inline line_ends line_ends_of(bounds b)
{
    return (line_ends){b, b.begin, ends_in_block(b, b.begin)};
}

/* The next line end; not to be asked for once it is the description's
 * end (so a block with no end in it is never the last). */
static inline const char *next_line_end(line_ends *e)
{
    while (e->marks == 0) {
        e->block += 64;
        e->marks = ends_in_block(e->b, e->block);
    }
    const char *at = e->block + __builtin_ctzll(e->marks);
    e->marks &= e->marks - 1;
    return at;
}

/* The next space-separated field of `t`, consumed. */
static inline text field(text *t)
{
    while (t->n > 0 && t->p[0] == ' ') {
        t->p++;
        t->n--;
    }
    const char *space = memchr(t->p, ' ', t->n);
    text f = {t->p, space ? (size_t)(space - t->p) : t->n};
    t->p += f.n;
    t->n -= f.n;
    return f;
}

static bool is(text t, const char *word)
{
    size_t n = strlen(word);
    return t.n == n && memcmp(t.p, word, n) == 0;
}

/* The number the eight decimal digits of `w` (the first the most
 * significant) write, if all are digits: each byte's high half 3 and its
 * low half below 10 (adding 6 leaves the high half), then pairs, fours
 * and the eight combined by three multiplications. */
static inline bool eight_digits(uint64_t w, uint64_t *value)
{
    const uint64_t highs = 0xf0f0f0f0f0f0f0f0u, zeros = 0x3030303030303030u;
    if ((w & highs) != zeros || ((w + 0x0606060606060606u) & highs) != zeros)
        return false;
    uint64_t d = w - zeros;
    d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ffu;
    d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffffu;
    *value = (d * 10000 + (d >> 32)) & 0xffffffffu;
    return true;
}

/* The o= line's first three fields as field() reads them, when the line
 * writes them as most do: from its first byte, one space after each, all
 * in its first 64 bytes (found at once among them); `value` left with the
 * rest.  False otherwise. */
static inline bool split_origin(bounds b, text *value, text *user, text *id, text *version)
{
    if (b.end - value->p < 64)
        return false;
    uint64_t spaces = matches64(value->p, ' ');
    if (value->n < 64)
        spaces &= ((uint64_t)1 << value->n) - 1;
    uint64_t after_user = spaces & (spaces - 1), after_id = after_user & (after_user - 1);
    if (after_user == 0 || (after_id == 0 && value->n > 64))
        return false;
    size_t s1 = (size_t)__builtin_ctzll(spaces), s2 = (size_t)__builtin_ctzll(after_user);
    size_t s3 = after_id ? (size_t)__builtin_ctzll(after_id) : value->n;
    if (s1 == 0 || s2 == s1 + 1 || s3 == s2 + 1)
        return false;
    *user = (text){value->p, s1};
    *id = (text){value->p + s1 + 1, s2 - s1 - 1};
    *version = (text){value->p + s2 + 1, s3 - s2 - 1};
    *value = (text){value->p + s3, value->n - s3};
    return true;
}

/* o=<username> <sess-id> <sess-version> <nettype> <addrtype> <address>.
 * The identity is the username, the sess-id and the rest after the
 * version as written, each hashed with its length, which keeps them apart
 * (RFC 3264 §8: only the version may change). */
static void read_origin(bounds b, text value, sd_sdp_summary *s)
{
    text user, id, version;
    if (!split_origin(b, &value, &user, &id, &version)) {
        user = field(&value);
        id = field(&value);
        version = field(&value);
    }
    if (user.n == 0 || id.n == 0 || version.n == 0)
        return;
    uint64_t v = 0;
    size_t i = 0;
    if (version.n >= 8) {   /* most are ten digits or so */
        if (!eight_digits(load8(version.p), &v))
            return;
        i = 8;
    }
    for (; i < version.n; i++) {
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
static bool null_connection(text value)
{
    text address;
    if (value.n > 7 && memcmp(value.p, "IN IP4 ", 7) == 0 && value.p[7] != ' ') {
        address = (text){value.p + 7, value.n - 7};
        if (address.n > 7 && address.p[7] == ' ')
            address.n = 7;   /* all that matters of its end */
    } else {
        field(&value);
        field(&value);
        address = field(&value);
    }
    return address.n >= 7 && memcmp(address.p, "0.0.0.0", 7) == 0 && (address.n == 7 || address.p[7] == '/');
}

/* a=<attribute> of eight bytes at `p`: all four directions are eight
 * letters, compared as one word. */
static int direction_of(const char *p)
{
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

/* The streams as their m= and a= lines come (kept apart from the loop over
 * the lines, which has little to do for most of them). */
typedef struct {
    sd_sdp_summary *s;   /* its audio UINT8_MAX until an audio stream is found */
    int session_direction;
    int stream;   /* the current m= section; -1 at session level */
} streams;

/* m=<media> <port>...: whether the media is audio and the port 0 (a
 * stream refused, RFC 3264 §6).  Most are "audio <port>": the port is read
 * where it begins then, the fields otherwise. */
static void read_media(streams *m, text value)
{
    sd_sdp_summary *s = m->s;
    int stream = ++m->stream;
    if (stream >= SD_SDP_STREAMS)
        return;
    s->streams = (uint8_t)(stream + 1);
    s->direction[stream] = (uint8_t)m->session_direction;
    bool audio, refused;
    if (value.n > 6 && memcmp(value.p, "audio ", 6) == 0 && value.p[6] != ' ') {
        audio = true;
        refused = value.p[6] == '0' && (value.n == 7 || value.p[7] == ' ');
    } else {
        text media = field(&value), port = field(&value);
        audio = is(media, "audio");
        refused = is(port, "0");
    }
    if (refused)
        s->rejected |= (uint8_t)(1u << stream);
    if (audio && s->audio == UINT8_MAX)
        s->audio = (uint8_t)stream;
}

/* a=<attribute> of eight bytes at `p`, which may be a direction: the
 * session's before the first m= line, else the current stream's. */
static void read_attribute(streams *m, const char *p)
{
    int d = direction_of(p);
    if (d < 0)
        return;
    if (m->stream < 0)
        m->session_direction = d;
    else if (m->stream < SD_SDP_STREAMS)
        m->s->direction[m->stream] = (uint8_t)d;
}

/* <type>=<value>: `n` bytes at `p` before the line end. */
static inline void read_line(bounds b, streams *m, uint64_t *h, const char *p, size_t n)
{
    /* The second byte '=' (so two bytes or more even without a last "\r");
     * no other line is read. */
    if (n < 2 || p[1] != '=')
        return;
    if (p[n - 1] == '\r')
        n--;
    if (p[0] == 'o') {   /* the only line not in the hash */
        if (!m->s->has_origin)
            read_origin(b, (text){p + 2, n - 2}, m->s);
        return;
    }
    *h = mix_text(b, *h, (text){p, n});
    if (p[0] == 'a') {   /* most lines: only a direction, of eight letters, is read */
        if (n == 10)
            read_attribute(m, p + 2);
    } else if (p[0] == 'm') {
        read_media(m, (text){p + 2, n - 2});
    } else if (p[0] == 'c' && null_connection((text){p + 2, n - 2})) {
        m->s->null_address = true;
    }
}

void sd_sdp_summarize(const char *body, size_t len, sd_sdp_summary *s)
{
    memset(s, 0, sizeof *s);
    s->audio = UINT8_MAX;
    const bounds b = {body, body + len};
    streams m = {s, SD_DIRECTION_SENDRECV, -1};
    uint64_t h = 2166136261u;
    line_ends ends = line_ends_of(b);
    for (const char *p = body;;) {
        const char *end = next_line_end(&ends);
        read_line(b, &m, &h, p, (size_t)(end - p));
        if (end == b.end)
            break;
        p = end + 1;
    }
    if (s->audio == UINT8_MAX)
        s->audio = s->streams;
    s->hash = (uint32_t)(h ^ (h >> 32));
}
