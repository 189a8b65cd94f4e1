/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP message text parser (RFC 3261 §7, §25.1).  Header fields are read
 * line by line, folded lines joined (§7.3.1), names matched without regard
 * to case and in compact form (§7.3.3); of each header only what the
 * analysis uses is taken.  It never reads past `len`, writes only into the
 * caller's scratch space, and treats anything malformed as absent.
 *
 * It runs on every SIP message of a capture, so it is written for speed
 * (tests/bench/README.md): lines are found with memchr, a header name is
 * told by its length and first letter before one comparison, characters
 * are classed by one table lookup, and a string is ended in place in a
 * copy of the message unless it holds whitespace to fold.
 */
#include "sipdialog/parse.h"

#include <string.h>

#include "words.h"

bool sd_parse_fast_paths = true;

/* The readers of what most messages do not hold (the general reading
 * behind each fast path, quoted strings, folded whitespace, multipart
 * bodies, the headers of subscriptions, PRACK and Reason) are kept apart
 * from the code every message runs, so that it takes fewer cache lines:
 * between two messages tshark's own code pushes the plugin's out of the
 * instruction cache (tests/bench/README.md). */
#define RARE __attribute__((cold, noinline))

/* A piece of the message text (not NUL-terminated). */
typedef struct {
    const char *p;
    size_t n;
} span;

/* The caller's scratch space: a copy of the message, where a string that
 * is read as written is ended in place, then room for the strings that
 * are not (folded whitespace, a host and port apart), handed out front to
 * back. */
typedef struct {
    const char *text;
    char *copy;
    char *at;
    char *end;
} arena;

/* Character classes, one lookup each. */
enum { C_LWS = 1, C_SEPARATOR = 2, C_DIGIT = 4, C_QUOTE = 8, C_COMMA = 16 };

static const unsigned char char_class[256] = {
    [' '] = C_LWS | C_SEPARATOR, ['\t'] = C_LWS | C_SEPARATOR, ['\r'] = C_LWS | C_SEPARATOR,
    ['\n'] = C_LWS | C_SEPARATOR,
    /* where a token, a host or a parameter value ends */
    [';'] = C_SEPARATOR, [','] = C_SEPARATOR | C_COMMA, ['='] = C_SEPARATOR, [':'] = C_SEPARATOR, ['/'] = C_SEPARATOR,
    ['"'] = C_QUOTE,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
};

static inline bool is_class(char c, unsigned char cls) { return (char_class[(unsigned char)c] & cls) != 0; }
static inline bool is_lws(char c) { return is_class(c, C_LWS); }

/* Nothing to skip is no pointer arithmetic: an absent parameter is the
 * span {NULL, 0}, and NULL + 0 is undefined in C. */
static inline void advance(span *s, size_t k)
{
    if (k == 0)
        return;
    s->p += k;
    s->n -= k;
}

static inline span skip_lws(span s)
{
    while (s.n > 0 && is_lws(s.p[0]))
        advance(&s, 1);
    return s;
}

static inline span trim(span s)
{
    s = skip_lws(s);
    while (s.n > 0 && is_lws(s.p[s.n - 1]))
        s.n--;
    return s;
}

/* Consume `c` after optional whitespace. */
static inline bool eat(span *s, char c)
{
    span t = skip_lws(*s);
    if (t.n == 0 || t.p[0] != c)
        return false;
    advance(&t, 1);
    *s = t;
    return true;
}

/* The characters of class `cls` (or, with `until`, of any other class)
 * from the start of `s`.  Always inlined: each caller's `cls` and `until`
 * are constants (GCC would call it from the Via's reading). */
static inline __attribute__((always_inline)) size_t run_length(span s, unsigned char cls, bool until)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t k = 0;
    /* four at a time while none ends it */
    for (; k + 4 <= s.n; k += 4) {
        unsigned char any = char_class[p[k]] | char_class[p[k + 1]] | char_class[p[k + 2]] | char_class[p[k + 3]];
        unsigned char all = char_class[p[k]] & char_class[p[k + 1]] & char_class[p[k + 2]] & char_class[p[k + 3]];
        if (until ? (any & cls) != 0 : (all & cls) == 0)
            break;
    }
    while (k < s.n && is_class(s.p[k], cls) != until)
        k++;
    return k;
}

/* The characters up to the next separator, after optional whitespace. */
static inline span take_token(span *s)
{
    *s = skip_lws(*s);
    span token = {s->p, run_length(*s, C_SEPARATOR, true)};
    advance(s, token.n);
    return token;
}

/* How many characters at the start of `s` make a token holding no quote. */
static inline size_t plain_token_length(span s) { return run_length(s, C_SEPARATOR | C_QUOTE, true); }

static inline span take_digits(span *s)
{
    *s = skip_lws(*s);
    span digits = {s->p, run_length(*s, C_DIGIT, false)};
    advance(s, digits.n);
    return digits;
}

/* A decimal number, 2^32-1 if it is larger (RFC 4475 §3.1.2.4 "scalar02":
 * an overlarge CSeq is still one, and out of range); false if absent. */
static bool to_uint32(span digits, uint32_t *out)
{
    if (digits.n == 0)
        return false;
    uint64_t value = 0;
    for (size_t i = 0; i < digits.n && value <= UINT32_MAX; i++)
        value = value * 10 + (uint64_t)(digits.p[i] - '0');
    *out = value > UINT32_MAX ? UINT32_MAX : (uint32_t)value;
    return true;
}

/* Whether the n characters at `p` spell `word` in any case.  `word` is in
 * lower case, letters and '-'.  Eight, four, two, one characters at a time
 * (n is a constant where it matters), each with its case bit set: only
 * 'A'-'Z' and 'a'-'z' give 'a'-'z' that way, but a CR gives '-': the
 * caller compares a dash again, exactly (see DASH_AT). */
static inline bool spells(const char *p, const char *word, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t text, expected;
        memcpy(&text, p + i, 8);
        memcpy(&expected, word + i, 8);
        if ((text | 0x2020202020202020u) != expected)
            return false;
    }
    if (i + 4 <= n) {
        uint32_t text, expected;
        memcpy(&text, p + i, 4);
        memcpy(&expected, word + i, 4);
        if ((text | 0x20202020u) != expected)
            return false;
        i += 4;
    }
    if (i + 2 <= n) {
        uint16_t text, expected;
        memcpy(&text, p + i, 2);
        memcpy(&expected, word + i, 2);
        if ((uint16_t)(text | 0x2020u) != expected)
            return false;
        i += 2;
    }
    return i == n || (p[i] | 0x20) == word[i];
}

#define DASH_AT(p, i) ((p)[i] == '-')

/* SIP-Version, any case (§7.1). */
static inline bool starts_with_version(span s)
{
    return s.n >= 4 && (s.p[0] | 0x20) == 's' && (s.p[1] | 0x20) == 'i' && (s.p[2] | 0x20) == 'p' && s.p[3] == '/';
}

/* Skip a quoted string (§25.1: backslash escapes the next character);
 * `s` starts at its opening quote. */
RARE static void skip_quoted(span *s)
{
    advance(s, 1);
    while (s->n > 0 && s->p[0] != '"')
        advance(s, s->p[0] == '\\' && s->n > 1 ? 2 : 1);
    if (s->n > 0)
        advance(s, 1);
}

static inline bool has_quote(span s) { return s.n > 0 && memchr(s.p, '"', s.n) != NULL; }

/* Advance to the next `c` (memchr: `s` holds no quoted string); false if
 * there is none. */
static inline bool seek_plain(span *s, char c)
{
    const char *at = s->n > 0 ? memchr(s->p, c, s->n) : NULL;
    advance(s, at ? (size_t)(at - s->p) : s->n);
    return at != NULL;
}

/* Advance to the next `c` outside quoted strings; false if there is none
 * before the end or (when `stop` is set) before a `stop` character. */
RARE static bool seek(span *s, char c, char stop)
{
    while (s->n > 0) {
        if (s->p[0] == c)
            return true;
        if (stop != '\0' && s->p[0] == stop)
            return false;
        if (s->p[0] == '"')
            skip_quoted(s);
        else
            advance(s, 1);
    }
    return false;
}

static const uint64_t ONES = 0x0101010101010101u, HIGHS = 0x8080808080808080u;

/* Marks on the bytes of word `w` below '!' (whitespace, mostly), or equal
 * to `c`: the high bit of each, by the exact tests of bithacks "hasless"
 * and "haszero" (https://graphics.stanford.edu/~seander/bithacks.html).
 * The lowest mark is the first such byte; the marks above it may be wrong. */
static inline uint64_t marks_below_bang(uint64_t w) { return (w - ONES * '!') & ~w & HIGHS; }

static inline uint64_t marks_of(uint64_t w, char c)
{
    uint64_t x = w ^ (ONES * (unsigned char)c);
    return (x - ONES) & ~x & HIGHS;
}

/* How many characters at the start of `s` are not whitespace: eight at a
 * time while none is below '!', then one by one. */
static inline size_t lws_free_prefix(span s)
{
    size_t k = 0;
    while (k + 8 <= s.n && marks_below_bang(load8(s.p + k)) == 0)
        k += 8;
    return k + run_length((span){s.p + k, s.n - k}, C_LWS, true);
}

/* The span as a string in the message's copy, ended in place: what
 * follows it in the message is a delimiter that no other string holds. */
static const char *in_place(arena *a, span s)
{
    char *out = a->copy + (s.p - a->text);
    out[s.n] = '\0';
    return out;
}

/* Whether the whitespace of a trimmed span from `k` on is single spaces,
 * which folding leaves as they are. */
static bool single_spaces(span s, size_t k)
{
    for (size_t i = k; i < s.n; i++)
        if (is_lws(s.p[i]) && (s.p[i] != ' ' || is_lws(s.p[i + 1])))
            return false;
    return true;
}

/* A trimmed, non-empty span written into the room, whitespace runs
 * (folded lines) made single spaces; NULL when out of room.  What comes
 * before the first whitespace (mostly all of it) is copied at once. */
RARE static const char *rewrite(arena *a, span s, size_t k)
{
    if ((size_t)(a->end - a->at) < s.n + 1)
        return NULL;
    char *out = a->at;
    memcpy(out, s.p, k);
    for (size_t i = k; i < s.n; i++) {
        if (is_lws(s.p[i])) {
            if (!is_lws(s.p[i - 1]))   /* s is trimmed: i > 0 here */
                out[k++] = ' ';
            continue;
        }
        out[k++] = s.p[i];
    }
    out[k++] = '\0';
    a->at += k;
    return out;
}

/* A NUL-terminated string with whitespace runs made single spaces and the
 * ends trimmed; NULL for an empty span or when out of room.  Mostly there
 * is nothing to fold and the string is ended in place (unless the fast
 * paths are off: tests compare the two). */
static const char *copy(arena *a, span s)
{
    s = trim(s);
    if (s.n == 0)
        return NULL;
    size_t k = lws_free_prefix(s);
    if (sd_parse_fast_paths && (k == s.n || single_spaces(s, k)))
        return in_place(a, s);
    return rewrite(a, s, k);
}

/* A span that holds no whitespace (a token) as a string. */
static const char *copy_token(arena *a, span s)
{
    if (s.n == 0)
        return NULL;
    return sd_parse_fast_paths ? in_place(a, s) : rewrite(a, s, s.n);
}

/* A parameter value: a token, or a quoted string to copy as written. */
static const char *copy_value(arena *a, span s)
{
    return s.n > 0 && s.p[0] == '"' ? copy(a, s) : copy_token(a, s);
}

/* "host:port", or "host" without a port.  Written apart ("host : port"),
 * the two are joined in the room. */
static const char *copy_sent_by(arena *a, span host, span port)
{
    bool bracketed = host.p[0] == '[';
    if (port.n == 0)
        return bracketed ? copy(a, host) : copy_token(a, host);
    bool together = port.p == host.p + host.n + 1 && host.p[host.n] == ':' && lws_free_prefix(host) == host.n;
    if (sd_parse_fast_paths && together)
        return in_place(a, (span){host.p, host.n + 1 + port.n});
    if (bracketed)
        host = trim(host);
    const char *text = rewrite(a, host, lws_free_prefix(host));
    if (text == NULL || (size_t)(a->end - a->at) < port.n + 1)
        return text;
    a->at[-1] = ':';   /* the host's NUL */
    memcpy(a->at, port.p, port.n);
    a->at[port.n] = '\0';
    a->at += port.n + 1;
    return text;
}

/* The value of the parameter `name` (see spells()) among `;name=value`
 * pairs, up to the end or the comma that ends a header value's element.
 * A parameter without a value gives an empty span with a non-NULL
 * pointer. */
#define PARAM(params, name, quoted, comma) param(params, name, sizeof name - 1, quoted, comma)

/* `quoted`: whether `params` may hold a quoted string; `comma`: a comma. */
static span param(span params, const char *name, size_t name_len, bool quoted, bool comma)
{
    if (!quoted) {
        /* Without quoted strings, the first comma ends them and each ';'
         * starts one. */
        const char *first_comma = comma && params.n > 0 ? memchr(params.p, ',', params.n) : NULL;
        if (first_comma != NULL)
            params.n = (size_t)(first_comma - params.p);
        for (;;) {
            const char *semicolon = params.n > 0 ? memchr(params.p, ';', params.n) : NULL;
            if (semicolon == NULL)
                return (span){NULL, 0};
            advance(&params, (size_t)(semicolon - params.p) + 1);
            span key = take_token(&params);
            /* Another parameter's value holds no ';' (it is a token): the
             * next ';' is the next parameter's, value or not. */
            if (key.n != name_len || !spells(key.p, name, name_len))
                continue;
            span value = {params.p, 0};
            if (eat(&params, '='))
                value = take_token(&params);
            return value;
        }
    }
    while (seek(&params, ';', ',')) {
        advance(&params, 1);
        span key = take_token(&params);
        span value = {params.p, 0};
        if (eat(&params, '=')) {
            params = skip_lws(params);
            if (params.n > 0 && params.p[0] == '"') {
                span opening = params;
                skip_quoted(&params);
                value = (span){opening.p, (size_t)(params.p - opening.p)};
            } else {
                value = take_token(&params);
            }
        }
        if (key.n == name_len && spells(key.p, name, name_len))
            return value;
    }
    return (span){NULL, 0};
}

/* One via-parm (§20.42): "SIP/2.0/UDP host:port;branch=...". */
typedef struct {
    span host, port, branch;
} via_entry;

/* The next via-parm of a Via header value; false when none is left.  A
 * malformed one is skipped. */
RARE static bool next_via(span *value, bool quoted, via_entry *v)
{
    for (;;) {
        *value = skip_lws(*value);
        if (value->n == 0)
            return false;
        span rest = *value;
        /* The next element starts after the next comma outside quotes. */
        span element = rest;
        if (quoted)
            seek(&rest, ',', '\0');
        else
            seek_plain(&rest, ',');
        element.n = (size_t)(rest.p - element.p);
        *value = rest;
        if (value->n > 0)
            advance(value, 1);

        /* sent-protocol = protocol-name SLASH protocol-version SLASH transport */
        bool ok = take_token(&element).n > 0 && eat(&element, '/') && take_token(&element).n > 0 &&
                  eat(&element, '/') && take_token(&element).n > 0;
        if (!ok)
            continue;
        element = skip_lws(element);
        if (element.n > 0 && element.p[0] == '[') {   /* IPv6reference */
            const char *close = memchr(element.p, ']', element.n);
            if (close == NULL)
                continue;
            v->host = (span){element.p, (size_t)(close - element.p) + 1};
            advance(&element, v->host.n);
        } else {
            v->host = take_token(&element);
        }
        if (v->host.n == 0)
            continue;
        v->port = eat(&element, ':') ? take_digits(&element) : (span){NULL, 0};
        v->branch = PARAM(element, "branch", quoted, false);   /* the element holds no comma */
        return true;
    }
}

/* Where the first '>' or byte below '!' is in `s`, or its length: eight
 * bytes at a time, then one by one. */
static inline size_t close_or_space(span s)
{
    size_t k = 0;
    for (; k + 8 <= s.n; k += 8) {
        uint64_t w = load8(s.p + k);
        uint64_t marks = marks_of(w, '>') | marks_below_bang(w);
        if (marks != 0)
            return k + (size_t)__builtin_ctzll(marks) / 8;
    }
    while (k < s.n && s.p[k] != '>' && (unsigned char)s.p[k] >= '!')
        k++;
    return k;
}

/* Skip a display name (§20.10) that is a quoted string or words without a
 * quote, as parse_address() skips it; false if no '<' follows it. */
static bool skip_display_name(span *s)
{
    if (s->p[0] == '"') {
        skip_quoted(s);
        *s = skip_lws(*s);
        return s->n > 0 && s->p[0] == '<';
    }
    const char *open = memchr(s->p, '<', s->n);
    if (open == NULL || has_quote((span){s->p, (size_t)(open - s->p)}))
        return false;
    advance(s, (size_t)(open - s->p));
    return true;
}

/* The common forms of a From, To or Refer-To value, "<URI>" or
 * "<URI>;tag=TOKEN" after an optional display name (a quoted string, or
 * words without a quote), read at once, as parse_address() reads them;
 * false, with nothing read, for any other form (whitespace around the
 * parameters, other parameters, a quote after the URI). */
static bool parse_plain_address(span value, const char **uri, const char **tag, arena *a)
{
    span bracket = skip_lws(value);   /* from the '<' on */
    if (bracket.n == 0)
        return false;
    if (bracket.p[0] != '<' && !skip_display_name(&bracket))
        return false;
    /* Mostly the URI holds no whitespace, and one scan finds its '>' and
     * makes it a string as it is. */
    span inside = {bracket.p + 1, bracket.n - 1};
    size_t stop = close_or_space(inside);
    const char *close = stop < inside.n && inside.p[stop] == '>' ? inside.p + stop : memchr(bracket.p, '>', bracket.n);
    if (close == NULL)
        return false;
    span params = {close + 1, (size_t)(bracket.p + bracket.n - close - 1)};
    span tag_value = {NULL, 0};
    if (params.n > 0) {
        if (params.n < 5 || params.p[0] != ';' || !spells(params.p + 1, "tag", 3) || params.p[4] != '=')
            return false;
        tag_value = (span){params.p + 5, params.n - 5};
        if (plain_token_length(tag_value) != tag_value.n)
            return false;
    }
    bool plain_uri = close == inside.p + stop;
    *uri = plain_uri ? copy_token(a, (span){inside.p, stop}) : copy(a, (span){inside.p, (size_t)(close - inside.p)});
    *tag = copy_token(a, tag_value);
    return true;
}

/* From and To (§20.20, §20.39) in any form: the URI, bracketed or not,
 * and the tag. */
RARE static void parse_any_address(span value, const char **uri, const char **tag, arena *a)
{
    span rest = value, params;
    bool quoted = has_quote(value);
    if (quoted ? seek(&rest, '<', '\0') : seek_plain(&rest, '<')) {
        span inside = {rest.p + 1, rest.n - 1};
        const char *close = memchr(inside.p, '>', inside.n);
        if (close == NULL)
            return;
        *uri = copy(a, (span){inside.p, (size_t)(close - inside.p)});
        params = (span){close + 1, (size_t)(inside.p + inside.n - close - 1)};
    } else {
        /* Without brackets the URI cannot hold a ';': the first one starts
         * the header's parameters. */
        params = value;
        if (quoted)
            seek(&params, ';', '\0');
        else
            seek_plain(&params, ';');
        *uri = copy(a, (span){value.p, (size_t)(params.p - value.p)});
    }
    *tag = copy_value(a, PARAM(params, "tag", quoted, true));
}

static void parse_address(span value, const char **uri, const char **tag, arena *a)
{
    if (!sd_parse_fast_paths || !parse_plain_address(value, uri, tag, a))
        parse_any_address(value, uri, tag, a);
}

static void parse_cseq(span value, sd_message *m, arena *a)
{
    m->has_cseq = to_uint32(take_digits(&value), &m->cseq);
    if (m->has_cseq)
        m->cseq_method = copy_token(a, take_token(&value));
}

/* Event (RFC 6665 §8.2.1, §8.4): the package and its id parameter. */
RARE static void parse_event(span value, sd_message *m, arena *a)
{
    bool quoted = has_quote(value);
    span rest = value;
    m->event = copy_token(a, take_token(&rest));
    if (m->event != NULL)
        m->event_id = copy_value(a, PARAM(rest, "id", quoted, false));
}

/* A parameter value, a token or a quoted string; empty if neither. */
static span take_param_value(span *s)
{
    *s = skip_lws(*s);
    if (s->n == 0 || s->p[0] != '"')
        return take_token(s);
    span opening = *s;
    skip_quoted(s);
    return (span){opening.p, (size_t)(s->p - opening.p)};
}

static bool all_digits(span s)
{
    return s.n > 0 && run_length(s, C_DIGIT, false) == s.n;
}

/*
 * Subscription-State (RFC 6665 §8.4):
 *   substate-value *( SEMI subexp-params )
 *   subexp-params = reason=token / expires=delta-seconds /
 *                   retry-after=delta-seconds / generic-param
 * Anything else (a real softphone sends "terminated;reason=reason=noresource")
 * leaves it invalid; what could be read is kept.
 */
RARE static void parse_subscription_state(span value, sd_message *m, arena *a)
{
    m->has_subscription_state = true;
    span rest = value;
    span state = take_token(&rest);
    m->subscription_state = copy_token(a, state);
    bool valid = state.n > 0;
    for (rest = skip_lws(rest); valid && rest.n > 0; rest = skip_lws(rest)) {
        span key = (span){NULL, 0}, val = (span){NULL, 0};
        valid = eat(&rest, ';') && (key = take_token(&rest)).n > 0;
        if (valid && eat(&rest, '='))
            valid = (val = take_param_value(&rest)).n > 0;
        if (!valid)
            break;
        bool quoted = val.n > 0 && val.p[0] == '"';
        if (key.n == 6 && spells(key.p, "reason", 6)) {
            valid = val.n > 0 && !quoted;
            if (valid && m->subscription_reason == NULL)
                m->subscription_reason = copy_token(a, val);
        } else if (key.n == 7 && spells(key.p, "expires", 7)) {
            valid = all_digits(val);
            if (valid && !m->has_state_expires)
                m->has_state_expires = to_uint32(val, &m->state_expires);
        } else if (key.n == 11 && spells(key.p, "retry-after", 11) && DASH_AT(key.p, 5)) {
            valid = all_digits(val);
        }
    }
    m->subscription_state_valid = valid;
}

static void add_via(sd_message *m, sd_via via)
{
    if (m->via_count++ == 0)
        m->top_via = via;
    m->bottom_via = via;
}

/* The common form of a Via header value, one via-parm "SIP/2.0/TRANSPORT
 * host[:port][;params]" without a quote or a comma, read at once, as
 * next_via() reads it; false, with nothing read, for any other form
 * (several via-parms, whitespace around its parts, an IPv6 reference). */
static bool parse_plain_via(span value, sd_message *m, arena *a)
{
    value = skip_lws(value);
    if (value.n < 8 || !spells(value.p, "sip", 3) || memcmp(value.p + 3, "/2.0/", 5) != 0)
        return false;
    span rest = {value.p + 8, value.n - 8};
    size_t transport = plain_token_length(rest);
    if (transport == 0 || transport == rest.n || rest.p[transport] != ' ')
        return false;
    advance(&rest, transport + 1);
    span host = {rest.p, plain_token_length(rest)}, port = {NULL, 0};
    if (host.n == 0 || host.p[0] == '[')
        return false;
    advance(&rest, host.n);
    if (rest.n > 0 && rest.p[0] == ':') {
        advance(&rest, 1);
        port = (span){rest.p, run_length(rest, C_DIGIT, false)};
        advance(&rest, port.n);
    }
    if (rest.n > 0 && rest.p[0] != ';')
        return false;
    /* The branch is mostly the first parameter. */
    span branch = {NULL, 0}, after = rest;
    bool branch_first = rest.n >= 8 && rest.p[0] == ';' && spells(rest.p + 1, "branch", 6) && rest.p[7] == '=';
    if (branch_first) {
        branch = (span){rest.p + 8, plain_token_length((span){rest.p + 8, rest.n - 8})};
        after = (span){branch.p + branch.n, rest.n - 8 - branch.n};
    }
    /* An empty branch before more text: the general reading skips
     * whitespace after the '='. */
    if ((branch_first && branch.n == 0 && after.n > 0) || run_length(after, C_QUOTE | C_COMMA, true) != after.n)
        return false;
    if (!branch_first)
        branch = PARAM(rest, "branch", false, false);
    add_via(m, (sd_via){.branch = copy_token(a, branch), .sent_by = copy_sent_by(a, host, port)});
    return true;
}

static void parse_vias(span value, sd_message *m, arena *a)
{
    if (sd_parse_fast_paths && parse_plain_via(value, m, a))
        return;
    via_entry v;
    bool quoted = has_quote(value);
    while (next_via(&value, quoted, &v)) {
        add_via(m, (sd_via){.branch = copy_value(a, v.branch), .sent_by = copy_sent_by(a, v.host, v.port)});
    }
}

/*
 * The body: whether it is a session description (RFC 3261 §7.4, §20.15,
 * §20.14).  Read as Wireshark's SIP dissector reads it, so that has_sdp
 * says what the SIP dissector's "sdp" item said: the last Content-Type
 * and Content-Length count, each only under its exact name (no whitespace
 * before the colon); the media type runs to the first ';' or to the end
 * of the line.
 */
typedef struct {
    span media_type;       /* as written; NULL pointer when absent */
    span parameters;       /* after its ';' */
    int64_t length;        /* Content-Length: -1 when absent */
} body_headers;

/* The value after its leading whitespace, as Wireshark skips it. */
static inline span header_value(span value) { return skip_lws(value); }

static void read_content_type(span value, body_headers *b)
{
    value = header_value(value);
    const char *semicolon = memchr(value.p, ';', value.n);
    if (semicolon == NULL) {
        b->media_type = value;
        b->parameters = (span){NULL, 0};
        return;
    }
    span type = {value.p, (size_t)(semicolon - value.p)};
    while (type.n > 0 && is_lws(type.p[type.n - 1]))
        type.n--;
    b->media_type = type;
    b->parameters = skip_lws((span){semicolon + 1, (size_t)(value.p + value.n - semicolon - 1)});
}

/* Content-Length as Wireshark 4.0 reads it (ws_strtou32 into an int): only
 * digits, nothing after them, or 0; 2^32-1 and more read as -1, absent. */
static int64_t read_content_length(span value)
{
    value = header_value(value);
    span digits = {value.p, run_length(value, C_DIGIT, false)};
    if (digits.n == 0 || digits.n != value.n)
        return 0;
    uint64_t n = 0;
    for (size_t i = 0; i < digits.n && n < UINT32_MAX; i++)
        n = n * 10 + (uint64_t)(digits.p[i] - '0');
    if (n >= UINT32_MAX)
        return -1;
    return n > INT32_MAX ? (int64_t)n - ((int64_t)UINT32_MAX + 1) : (int64_t)n;
}

/* Whether `s` is `word` (lower case, any characters) in any case. */
static bool same_nocase(span s, const char *word, size_t n)
{
    if (s.n != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s.p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

static bool starts_nocase(span s, const char *word, size_t n)
{
    return s.n >= n && same_nocase((span){s.p, n}, word, n);
}

#define SAME_NOCASE(s, word) same_nocase(s, word, sizeof word - 1)
#define STARTS_NOCASE(s, word) starts_nocase(s, word, sizeof word - 1)

static bool multipart_has_sdp(span body, span parameters, unsigned depth, span *sdp);

/* Whether a body of this media type is, or (multipart, RFC 2046 §5.1)
 * holds, a session description; `sdp` is set to it. */
static bool media_has_sdp(span media_type, span parameters, span body, unsigned depth, span *sdp)
{
    if (SAME_NOCASE(media_type, "application/sdp")) {
        *sdp = body;
        return true;
    }
    /* An unknown multipart subtype is read as multipart/mixed (RFC 2046
     * §5.1.3). */
    if (STARTS_NOCASE(media_type, "multipart/"))
        return multipart_has_sdp(body, parameters, depth, sdp);
    return false;
}

/* The boundary parameter of a multipart media type, without its quotes. */
RARE static span boundary_of(span parameters)
{
    if (parameters.p == NULL)
        return (span){NULL, 0};
    span rest = parameters;
    for (;;) {
        rest = skip_lws(rest);
        span name = {rest.p, 0};
        while (name.n < rest.n && rest.p[name.n] != '=' && rest.p[name.n] != ';')
            name.n++;
        advance(&rest, name.n);
        name = trim(name);
        span value = {NULL, 0};
        if (rest.n > 0 && rest.p[0] == '=') {
            advance(&rest, 1);
            rest = skip_lws(rest);
            if (rest.n > 0 && rest.p[0] == '"') {
                span quoted = rest;
                skip_quoted(&rest);
                value = (span){quoted.p + 1, (size_t)(rest.p - quoted.p) - 1};
                if (value.n > 0 && value.p[value.n - 1] == '"')
                    value.n--;
            } else {
                value = rest;
                seek(&rest, ';', '\0');
                value = trim((span){value.p, (size_t)(rest.p - value.p)});
            }
        }
        if (SAME_NOCASE(name, "boundary"))
            return value;
        if (!seek(&rest, ';', '\0'))
            return (span){NULL, 0};
        advance(&rest, 1);
    }
}

/* Where the next delimiter line "--boundary" starts in `s`, at its start
 * or (with `at_start` false) only after a line end; NULL if none. */
RARE static const char *find_delimiter(span s, span boundary, bool at_start)
{
    const char *p = s.p, *end = s.p + s.n;
    if (!at_start) {
        const char *lf = memchr(p, '\n', s.n);
        if (lf == NULL)
            return NULL;
        p = lf + 1;
    }
    while ((size_t)(end - p) >= 2 + boundary.n) {
        if (p[0] == '-' && p[1] == '-' && memcmp(p + 2, boundary.p, boundary.n) == 0)
            return p;
        const char *lf = memchr(p, '\n', (size_t)(end - p));
        if (lf == NULL)
            return NULL;
        p = lf + 1;
    }
    return NULL;
}

/* Whether one body part of a multipart body holds a session description:
 * its last Content-Type header (long or compact) among the lines before
 * the blank line (or the first line that is not a header), and the body
 * after them. */
RARE static bool part_has_sdp(span part, unsigned depth, span *sdp)
{
    span type = {NULL, 0}, parameters = {NULL, 0};
    span rest = part;
    while (rest.n > 0) {
        span before = rest;
        const char *lf = memchr(rest.p, '\n', rest.n);
        span line = {rest.p, lf ? (size_t)(lf - rest.p) : rest.n};
        advance(&rest, lf ? line.n + 1 : line.n);
        while (rest.n > 0 && (rest.p[0] == ' ' || rest.p[0] == '\t')) {   /* folded */
            lf = memchr(rest.p, '\n', rest.n);
            size_t more = lf ? (size_t)(lf - rest.p) : rest.n;
            line.n = (size_t)(rest.p + more - line.p);
            advance(&rest, lf ? more + 1 : more);
        }
        if (line.n > 0 && line.p[line.n - 1] == '\r')
            line.n--;
        if (line.n == 0)
            break;   /* the blank line */
        const char *colon = memchr(line.p, ':', line.n);
        if (colon == NULL) {
            rest = before;   /* no header: the body starts here */
            break;
        }
        span name = trim((span){line.p, (size_t)(colon - line.p)});
        if (SAME_NOCASE(name, "content-type") || SAME_NOCASE(name, "c")) {
            span value = trim((span){colon + 1, (size_t)(line.p + line.n - colon - 1)});
            const char *semicolon = memchr(value.p, ';', value.n);
            type = semicolon ? trim((span){value.p, (size_t)(semicolon - value.p)}) : value;
            parameters = semicolon ? (span){semicolon + 1, (size_t)(value.p + value.n - semicolon - 1)}
                                   : (span){NULL, 0};
        }
    }
    return type.p != NULL && media_has_sdp(type, parameters, rest, depth + 1, sdp);
}

/* Whether a multipart body (RFC 2046 §5.1.1) has a part that is a session
 * description.  A part counts once its closing delimiter is there. */
RARE static bool multipart_has_sdp(span body, span parameters, unsigned depth, span *sdp)
{
    if (depth > 4)
        return false;
    span boundary = boundary_of(parameters);
    if (boundary.n == 0)
        return false;
    const char *delimiter = find_delimiter(body, boundary, true);
    const char *end = body.p + body.n;
    while (delimiter != NULL) {
        const char *after = delimiter + 2 + boundary.n;
        if (end - after >= 2 && after[0] == '-' && after[1] == '-')
            return false;   /* the close delimiter */
        const char *lf = memchr(after, '\n', (size_t)(end - after));
        if (lf == NULL)
            return false;
        span rest = {lf + 1, (size_t)(end - lf - 1)};
        const char *next = find_delimiter(rest, boundary, false);
        if (next == NULL)
            return false;
        /* The line end before the delimiter belongs to it. */
        span part = {rest.p, (size_t)(next - rest.p)};
        if (part.n > 0 && part.p[part.n - 1] == '\n')
            part.n--;
        if (part.n > 0 && part.p[part.n - 1] == '\r')
            part.n--;
        if (part_has_sdp(part, depth, sdp))
            return true;
        delimiter = next;
    }
    return false;
}

typedef enum {
    H_OTHER,
    H_CALL_ID,
    H_FROM,
    H_TO,
    H_CSEQ,
    H_VIA,
    H_CREDENTIALS,
    H_RETRY_AFTER,
    H_CONTENT_TYPE,
    H_CONTENT_LENGTH,
    H_SESSION_EXPIRES,
    H_MIN_SE,
    H_SUPPORTED,
    H_REQUIRE,
    H_REASON,
    H_CONTACT,
    H_RSEQ,
    H_RACK,
    H_EVENT,
    H_SUBSCRIPTION_STATE,
    H_EXPIRES,
    H_REFER_TO,
    H_REFER_SUB,
} header_kind;

/* The header a (trimmed) name stands for: told apart by length and first
 * letter, then compared once. */
static header_kind header_of(span name)
{
    const char *p = name.p;
    switch (name.n) {
    case 1:   /* compact forms, §7.3.3 */
        switch (p[0] | 0x20) {
        case 'v':
            return H_VIA;
        case 'f':
            return H_FROM;
        case 't':
            return H_TO;
        case 'i':
            return H_CALL_ID;
        case 'c':
            return H_CONTENT_TYPE;
        case 'l':
            return H_CONTENT_LENGTH;
        case 'x':   /* RFC 4028 §4 */
            return H_SESSION_EXPIRES;
        case 'm':
            return H_CONTACT;
        case 'k':
            return H_SUPPORTED;
        case 'o':
            return H_EVENT;
        case 'r':
            return H_REFER_TO;
        default:
            return H_OTHER;
        }
    case 2:
        return spells(p, "to", 2) ? H_TO : H_OTHER;
    case 3:
        return spells(p, "via", 3) ? H_VIA : H_OTHER;
    case 4:
        switch (p[0] | 0x20) {
        case 'f':
            return spells(p, "from", 4) ? H_FROM : H_OTHER;
        case 'r':
            if (spells(p, "rseq", 4))
                return H_RSEQ;
            return spells(p, "rack", 4) ? H_RACK : H_OTHER;
        default:
            return spells(p, "cseq", 4) ? H_CSEQ : H_OTHER;
        }
    case 5:
        return spells(p, "event", 5) ? H_EVENT : H_OTHER;
    case 6:
        if ((p[0] | 0x20) == 'm')
            return spells(p, "min-se", 6) && DASH_AT(p, 3) ? H_MIN_SE : H_OTHER;
        return spells(p, "reason", 6) ? H_REASON : H_OTHER;
    case 7:
        switch (p[0] | 0x20) {
        case 'r':
            return spells(p, "require", 7) ? H_REQUIRE : H_OTHER;
        case 'e':
            return spells(p, "expires", 7) ? H_EXPIRES : H_OTHER;
        case 'c':
            if ((p[1] | 0x20) == 'o')
                return spells(p, "contact", 7) ? H_CONTACT : H_OTHER;
            return spells(p, "call-id", 7) && DASH_AT(p, 4) ? H_CALL_ID : H_OTHER;
        default:
            return H_OTHER;
        }
    case 8:
        return spells(p, "refer-to", 8) && DASH_AT(p, 5) ? H_REFER_TO : H_OTHER;
    case 9:
        if ((p[0] | 0x20) == 's')
            return spells(p, "supported", 9) ? H_SUPPORTED : H_OTHER;
        return spells(p, "refer-sub", 9) && DASH_AT(p, 5) ? H_REFER_SUB : H_OTHER;
    case 11:
        return spells(p, "retry-after", 11) && DASH_AT(p, 5) ? H_RETRY_AFTER : H_OTHER;
    case 12:
        return spells(p, "content-type", 12) && DASH_AT(p, 7) ? H_CONTENT_TYPE : H_OTHER;
    case 13:
        return spells(p, "authorization", 13) ? H_CREDENTIALS : H_OTHER;
    case 14:
        return spells(p, "content-length", 14) && DASH_AT(p, 7) ? H_CONTENT_LENGTH : H_OTHER;
    case 15:
        return spells(p, "session-expires", 15) && DASH_AT(p, 7) ? H_SESSION_EXPIRES : H_OTHER;
    case 18:
        return spells(p, "subscription-state", 18) && DASH_AT(p, 12) ? H_SUBSCRIPTION_STATE : H_OTHER;
    case 19:
        return spells(p, "proxy-authorization", 19) && DASH_AT(p, 5) ? H_CREDENTIALS : H_OTHER;
    default:
        return H_OTHER;
    }
}

/* Session-Expires (RFC 4028 §4): delta-seconds and the refresher. */
static void parse_session_expires(span value, sd_message *m)
{
    m->has_session_expires = to_uint32(take_digits(&value), &m->session_expires);
    if (!m->has_session_expires)
        return;
    span refresher = PARAM(value, "refresher", has_quote(value), true);
    if (refresher.n == 3 && spells(refresher.p, "uac", 3))
        m->refresher = SD_REFRESHER_UAC;
    else if (refresher.n == 3 && spells(refresher.p, "uas", 3))
        m->refresher = SD_REFRESHER_UAS;
}

/* The option tags of Supported or Require (§20.37, §20.32) the analysis
 * needs: "timer" (RFC 4028) and "100rel" (RFC 3262 §3).  A later header
 * of the same name adds to an earlier one. */
static void supported_tags(span value, bool *timer, bool *rel100)
{
    for (;;) {
        span option = take_token(&value);
        if (option.n == 5 && spells(option.p, "timer", 5))
            *timer = true;
        else if (SAME_NOCASE(option, "100rel"))
            *rel100 = true;
        if (!eat(&value, ','))
            return;
    }
}

/* A quoted string's content, or the token as it is. */
static const char *copy_unquoted(arena *a, span s)
{
    if (s.n >= 2 && s.p[0] == '"' && s.p[s.n - 1] == '"')
        return copy(a, (span){s.p + 1, s.n - 2});
    return copy_token(a, s);
}

static bool is_q850(const char *p, size_t n)
{
    return n == 5 && (p[0] | 0x20) == 'q' && memcmp(p + 1, ".850", 4) == 0;
}

/* Reason (RFC 3326 §2): "protocol ;cause=N ;text=\"...\"", one or more
 * values.  The first counts, unless a Q.850 one follows it: a gateway's
 * ISDN cause says most about why a call ended. */
RARE static void parse_reason(span value, sd_message *m, arena *a)
{
    bool quoted = has_quote(value);
    while (value.n > 0) {
        span element = skip_lws(value);
        span rest = element;
        if (quoted)
            seek(&rest, ',', '\0');
        else
            seek_plain(&rest, ',');
        element.n = (size_t)(rest.p - element.p);
        value = rest;
        if (value.n > 0)
            advance(&value, 1);
        span protocol = take_token(&element);
        if (protocol.n == 0)
            continue;
        bool q850 = is_q850(protocol.p, protocol.n);
        if (m->reason_protocol != NULL && (!q850 || is_q850(m->reason_protocol, strlen(m->reason_protocol))))
            continue;
        m->reason_protocol = copy_token(a, protocol);
        span cause = PARAM(element, "cause", quoted, false);
        m->has_reason_cause = to_uint32(take_digits(&cause), &m->reason_cause);
        m->reason_text = copy_unquoted(a, PARAM(element, "text", quoted, false));
    }
}

/* A header that is one number and nothing else (RSeq: RFC 3262 §7.1). */
static bool read_number_alone(span value, uint32_t *out)
{
    span digits = take_digits(&value);
    return skip_lws(value).n == 0 && to_uint32(digits, out);
}

/* RAck: response-num CSeq-num Method (RFC 3262 §7.2); malformed is absent. */
RARE static void parse_rack(span value, sd_message *m, arena *a)
{
    span rseq = take_digits(&value), cseq = take_digits(&value);
    span method = take_token(&value);
    if (!to_uint32(rseq, &m->rack_rseq) || !to_uint32(cseq, &m->rack_cseq) || method.n == 0)
        return;
    m->rack_method = copy_token(a, method);
    m->has_rack = m->rack_method != NULL;
}

/* `exact_name`: no whitespace around the name (Wireshark's reading of
 * Content-Type and Content-Length). */
static void parse_header(header_kind kind, span value, bool exact_name, sd_message *m, body_headers *b, arena *a)
{
    /* A header that should appear once counts the first time (as the
     * receiving UA would read it); Vias accumulate. */
    switch (kind) {
    case H_CALL_ID:
        if (m->call_id == NULL)
            m->call_id = copy(a, value);
        break;
    case H_FROM:
        if (m->from_uri == NULL && m->from_tag == NULL)
            parse_address(value, &m->from_uri, &m->from_tag, a);
        break;
    case H_TO:
        if (m->to_uri == NULL && m->to_tag == NULL)
            parse_address(value, &m->to_uri, &m->to_tag, a);
        break;
    case H_CSEQ:
        if (!m->has_cseq)
            parse_cseq(value, m, a);
        break;
    case H_VIA:
        parse_vias(value, m, a);
        break;
    case H_CREDENTIALS:
        m->has_credentials = true;
        break;
    case H_RETRY_AFTER:
        if (!m->has_retry_after)
            m->has_retry_after = to_uint32(take_digits(&value), &m->retry_after);
        break;
    case H_CONTENT_TYPE:
        if (exact_name)
            read_content_type(value, b);
        break;
    case H_CONTENT_LENGTH:
        if (exact_name)
            b->length = read_content_length(value);
        break;
    case H_SESSION_EXPIRES:
        if (!m->has_session_expires)
            parse_session_expires(value, m);
        break;
    case H_MIN_SE:
        if (!m->has_min_se)
            m->has_min_se = to_uint32(take_digits(&value), &m->min_se);
        break;
    case H_SUPPORTED:
        supported_tags(value, &m->supports_timer, &m->supported_100rel);
        break;
    case H_REQUIRE:
        supported_tags(value, &m->requires_timer, &m->require_100rel);
        break;
    case H_REASON:
        parse_reason(value, m, a);
        break;
    case H_CONTACT:
        m->has_contact = true;
        break;
    case H_RSEQ:
        if (!m->has_rseq)
            m->has_rseq = read_number_alone(value, &m->rseq);
        break;
    case H_RACK:
        if (!m->has_rack)
            parse_rack(value, m, a);
        break;
    case H_EVENT:
        if (m->event == NULL)
            parse_event(value, m, a);
        break;
    case H_SUBSCRIPTION_STATE:
        if (!m->has_subscription_state)
            parse_subscription_state(value, m, a);
        break;
    case H_EXPIRES:
        if (!m->has_expires)
            m->has_expires = to_uint32(take_digits(&value), &m->expires);
        break;
    case H_REFER_TO:
        if (m->refer_to == NULL) {
            const char *tag = NULL;
            parse_address(value, &m->refer_to, &tag, a);
        }
        break;
    case H_REFER_SUB:
        value = take_token(&value);
        m->refer_sub_false = value.n == 5 && spells(value.p, "false", 5);
        break;
    case H_OTHER:
        break;
    }
}

/* Request-Line or Status-Line (§7.1, §7.2); SIP-Version is case-insensitive. */
static bool parse_start_line(span line, sd_message *m, arena *a)
{
    if (starts_with_version(line)) {
        advance(&line, run_length(line, C_LWS, true));   /* SIP-Version */
        span code = take_digits(&line);
        uint32_t status;
        if (code.n != 3 || !to_uint32(code, &status) || status < 100)
            return false;
        m->status = status;
        m->reason_phrase = copy(a, line);
        return true;
    }
    /* Method SP Request-URI SP SIP-Version */
    span method = {line.p, run_length(line, C_SEPARATOR, true)};
    if (method.n == 0 || method.n == line.n || line.p[method.n] != ' ')
        return false;
    advance(&line, method.n);
    line = skip_lws(line);
    span uri = {line.p, lws_free_prefix(line)};
    advance(&line, uri.n);
    line = skip_lws(line);
    if (uri.n == 0 || !starts_with_version(line))
        return false;
    m->method = copy_token(a, method);
    m->request_uri = copy_token(a, uri);
    return m->method != NULL;
}

/* Where the line at `p` ends (its LF, or `end`). */
static inline const char *line_end(const char *p, const char *end)
{
    const char *lf = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
    return lf ? lf : end;
}

/* The line without its CR. */
static inline size_t without_cr(const char *p, const char *eol)
{
    size_t n = (size_t)(eol - p);
    return n > 0 && p[n - 1] == '\r' ? n - 1 : n;
}

/* A message/sipfrag body (RFC 3420) in a NOTIFY of a REFER (RFC 3515
 * §2.4.5): the status line of the referred request's latest response. */
RARE static void read_sipfrag(span body, sd_message *m, arena *a)
{
    span line = {body.p, without_cr(body.p, line_end(body.p, body.p + body.n))};
    if (!starts_with_version(line))
        return;
    span rest = line;
    advance(&rest, run_length(rest, C_LWS, true));
    span code = take_digits(&rest);
    uint32_t status;
    if (code.n != 3 || !to_uint32(code, &status) || status < 100)
        return;
    m->sipfrag_status = status;
    m->sipfrag = copy(a, line);
}

bool sd_parse_message(const char *text, size_t len, sd_message *m, char *scratch)
{
    /* Clear the SIP part, keep the capture part. */
    uint32_t frame = m->frame;
    int64_t time_us = m->time_us;
    sd_transport transport = m->transport;
    memset(m, 0, sizeof *m);
    m->frame = frame;
    m->time_us = time_us;
    m->transport = transport;
    memcpy(scratch, text, len);
    scratch[len] = '\0';
    arena a = {text, scratch, scratch + len + 1, scratch + SD_PARSE_SCRATCH(len)};
    const char *p = text, *end = text + len;
    const char *eol = line_end(p, end);
    if (!parse_start_line((span){p, without_cr(p, eol)}, m, &a)) {
        memset(m, 0, sizeof *m);
        m->frame = frame;
        m->time_us = time_us;
        m->transport = transport;
        return false;
    }
    p = eol < end ? eol + 1 : end;

    body_headers body = {.media_type = {NULL, 0}, .length = -1};
    const char *body_start = NULL;
    while (p < end) {
        /* One header field: a line and its folded continuation lines. */
        const char *start = p;
        eol = line_end(p, end);
        size_t length = without_cr(p, eol);
        if (length == 0) {   /* the blank line before the body */
            body_start = eol < end ? eol + 1 : end;
            break;
        }
        p = eol < end ? eol + 1 : end;
        while (p < end && (*p == ' ' || *p == '\t')) {
            eol = line_end(p, end);
            length = (size_t)(p - start) + without_cr(p, eol);
            p = eol < end ? eol + 1 : end;
        }
        const char *colon = memchr(start, ':', length);
        if (colon == NULL)
            continue;   /* not a header field */
        span raw_name = {start, (size_t)(colon - start)};
        span name = trim(raw_name);
        header_kind kind = header_of(name);
        if (kind != H_OTHER)
            parse_header(kind, (span){colon + 1, (size_t)(start + length - colon - 1)}, name.n == raw_name.n, m,
                         &body, &a);
    }

    /* The body runs to the end of the message, or Content-Length's end. */
    if (body_start != NULL && body.media_type.p != NULL) {
        int64_t available = end - body_start;
        int64_t size = body.length == -1 || body.length > available ? available : body.length;
        span sdp = {NULL, 0};
        if (size > 0)
            m->has_sdp =
                media_has_sdp(body.media_type, body.parameters, (span){body_start, (size_t)size}, 0, &sdp);
        if (m->has_sdp)
            sd_sdp_summarize(sdp.p, sdp.n, &m->sdp);
        if (size > 0 && SAME_NOCASE(body.media_type, "message/sipfrag"))
            read_sipfrag((span){body_start, (size_t)size}, m, &a);
    }
    return true;
}
