/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The SIP message text parser (RFC 3261 §7, §25.1).  Header fields are read
 * line by line, folded lines joined (§7.3.1), names matched without regard
 * to case and in compact form (§7.3.3); of each header only what the
 * analysis uses is taken.  It never reads past `len`, writes only into the
 * caller's scratch space, and treats anything malformed as absent.
 */
#include "sipdialog/parse.h"

#include <string.h>

/* A piece of the message text (not NUL-terminated). */
typedef struct {
    const char *p;
    size_t n;
} span;

/* The caller's scratch space, handed out front to back. */
typedef struct {
    char *at;
    char *end;
} arena;

static bool is_lws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Where a token, a host or a parameter value ends. */
static bool is_separator(char c) { return is_lws(c) || c == ';' || c == ',' || c == '=' || c == ':' || c == '/'; }

static void advance(span *s, size_t k)
{
    s->p += k;
    s->n -= k;
}

static span skip_lws(span s)
{
    while (s.n > 0 && is_lws(s.p[0]))
        advance(&s, 1);
    return s;
}

static span trim(span s)
{
    s = skip_lws(s);
    while (s.n > 0 && is_lws(s.p[s.n - 1]))
        s.n--;
    return s;
}

/* Consume `c` after optional whitespace. */
static bool eat(span *s, char c)
{
    span t = skip_lws(*s);
    if (t.n == 0 || t.p[0] != c)
        return false;
    advance(&t, 1);
    *s = t;
    return true;
}

/* The characters up to the next separator, after optional whitespace. */
static span take_token(span *s)
{
    *s = skip_lws(*s);
    span token = {s->p, 0};
    while (token.n < s->n && !is_separator(s->p[token.n]))
        token.n++;
    advance(s, token.n);
    return token;
}

static span take_digits(span *s)
{
    *s = skip_lws(*s);
    span digits = {s->p, 0};
    while (digits.n < s->n && is_digit(s->p[digits.n]))
        digits.n++;
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

/* Whether the n characters at `p` spell `word` (lower case), in any case. */
static bool spells(const char *p, const char *word, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != word[i])
            return false;
    }
    return true;
}

static bool same_nocase(span s, const char *word) { return s.n == strlen(word) && spells(s.p, word, s.n); }

/* SIP-Version, any case (§7.1). */
static bool starts_with_version(span s) { return s.n >= 4 && spells(s.p, "sip/", 4); }

/* Skip a quoted string (§25.1: backslash escapes the next character);
 * `s` starts at its opening quote. */
static void skip_quoted(span *s)
{
    advance(s, 1);
    while (s->n > 0 && s->p[0] != '"')
        advance(s, s->p[0] == '\\' && s->n > 1 ? 2 : 1);
    if (s->n > 0)
        advance(s, 1);
}

/* Advance to the next `c` outside quoted strings; false if there is none
 * before the end or (when `stop` is set) before a `stop` character. */
static bool seek(span *s, char c, char stop)
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

/* A NUL-terminated copy with whitespace runs (folded lines) made single
 * spaces and the ends trimmed; NULL for an empty span or when out of room. */
static const char *copy(arena *a, span s)
{
    s = trim(s);
    if (s.n == 0 || (size_t)(a->end - a->at) < s.n + 1)
        return NULL;
    char *out = a->at;
    size_t k = 0;
    while (k < s.n && !is_lws(s.p[k]))   /* mostly the whole of it */
        out[k] = s.p[k], k++;
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

/* "host:port", or "host" without a port. */
static const char *copy_sent_by(arena *a, span host, span port)
{
    const char *text = copy(a, host);
    if (text == NULL || port.n == 0 || (size_t)(a->end - a->at) < port.n + 1)
        return text;
    a->at[-1] = ':';   /* the host's NUL */
    memcpy(a->at, port.p, port.n);
    a->at[port.n] = '\0';
    a->at += port.n + 1;
    return text;
}

/* The value of parameter `name` among `;name=value` pairs, up to the end
 * or the comma that ends a header value's element.  A parameter without a
 * value gives an empty span with a non-NULL pointer. */
static span param(span params, const char *name)
{
    while (seek(&params, ';', ',')) {
        advance(&params, 1);
        span key = take_token(&params);
        span value = {params.p, 0};
        if (eat(&params, '=')) {
            params = skip_lws(params);
            if (params.n > 0 && params.p[0] == '"') {
                span quoted = params;
                skip_quoted(&params);
                value = (span){quoted.p, (size_t)(params.p - quoted.p)};
            } else {
                value = take_token(&params);
            }
        }
        if (same_nocase(key, name))
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
static bool next_via(span *value, via_entry *v)
{
    for (;;) {
        *value = skip_lws(*value);
        if (value->n == 0)
            return false;
        span rest = *value;
        /* The next element starts after the next comma outside quotes. */
        span element = rest;
        seek(&rest, ',', '\0');
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
        v->branch = param(element, "branch");
        return true;
    }
}

/* From and To (§20.20, §20.39): the URI, bracketed or not, and the tag. */
static void parse_address(span value, const char **uri, const char **tag, arena *a)
{
    span rest = value, params;
    if (seek(&rest, '<', '\0')) {
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
        seek(&params, ';', '\0');
        *uri = copy(a, (span){value.p, (size_t)(params.p - value.p)});
    }
    *tag = copy(a, param(params, "tag"));
}

static void parse_cseq(span value, sd_message *m, arena *a)
{
    m->has_cseq = to_uint32(take_digits(&value), &m->cseq);
    if (m->has_cseq)
        m->cseq_method = copy(a, take_token(&value));
}

static void parse_vias(span value, sd_message *m, arena *a)
{
    via_entry v;
    while (next_via(&value, &v)) {
        sd_via via = {.branch = copy(a, v.branch), .sent_by = copy_sent_by(a, v.host, v.port)};
        if (m->via_count++ == 0)
            m->top_via = via;
        m->bottom_via = via;
    }
}

typedef enum { H_CALL_ID, H_FROM, H_TO, H_CSEQ, H_VIA, H_CREDENTIALS, H_RETRY_AFTER, H_OTHER } header_kind;

static header_kind header_of(span name)
{
#define NAME(text, kind) {text, sizeof text - 1, kind}
    static const struct {
        const char *name;
        size_t len;
        header_kind kind;
    } known[] = {
        NAME("via", H_VIA), NAME("from", H_FROM), NAME("to", H_TO), NAME("call-id", H_CALL_ID),
        NAME("cseq", H_CSEQ), NAME("authorization", H_CREDENTIALS), NAME("proxy-authorization", H_CREDENTIALS),
        NAME("retry-after", H_RETRY_AFTER),
        /* compact forms, §7.3.3 */
        NAME("v", H_VIA), NAME("f", H_FROM), NAME("t", H_TO), NAME("i", H_CALL_ID),
    };
#undef NAME
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        if (name.n == known[i].len && spells(name.p, known[i].name, name.n))
            return known[i].kind;
    return H_OTHER;
}

static void parse_header(header_kind kind, span value, sd_message *m, arena *a)
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
    case H_OTHER:
        break;
    }
}

/* The first line of `s`, without its CR LF; *used also counts the end of
 * line. */
static span first_line(span s, size_t *used)
{
    const char *lf = memchr(s.p, '\n', s.n);
    span line = {s.p, lf ? (size_t)(lf - s.p) : s.n};
    *used = lf ? line.n + 1 : s.n;
    if (line.n > 0 && line.p[line.n - 1] == '\r')
        line.n--;
    return line;
}

/* The next header field, with its folded continuation lines; false at the
 * blank line that ends the headers, or at the end of the text. */
static bool next_header(span *rest, span *name, span *value)
{
    while (rest->n > 0) {
        size_t used;
        span line = first_line(*rest, &used);
        if (line.n == 0)
            return false;
        const char *start = rest->p;
        size_t length = line.n;
        advance(rest, used);
        while (rest->n > 0 && (rest->p[0] == ' ' || rest->p[0] == '\t')) {
            span more = first_line(*rest, &used);
            length = (size_t)(more.p + more.n - start);
            advance(rest, used);
        }
        const char *colon = memchr(start, ':', length);
        if (colon == NULL)
            continue;   /* not a header field */
        *name = trim((span){start, (size_t)(colon - start)});
        *value = (span){colon + 1, (size_t)(start + length - colon - 1)};
        return true;
    }
    return false;
}

/* Request-Line or Status-Line (§7.1, §7.2); SIP-Version is case-insensitive. */
static bool parse_start_line(span line, sd_message *m, arena *a)
{
    if (starts_with_version(line)) {
        while (line.n > 0 && !is_lws(line.p[0]))   /* SIP-Version */
            advance(&line, 1);
        span code = take_digits(&line);
        uint32_t status;
        if (code.n != 3 || !to_uint32(code, &status) || status < 100)
            return false;
        m->status = status;
        return true;
    }
    /* Method SP Request-URI SP SIP-Version */
    span method = {line.p, 0};
    while (method.n < line.n && !is_separator(line.p[method.n]))
        method.n++;
    if (method.n == 0 || method.n == line.n || line.p[method.n] != ' ')
        return false;
    advance(&line, method.n);
    line = skip_lws(line);
    span uri = {line.p, 0};
    while (uri.n < line.n && !is_lws(line.p[uri.n]))
        uri.n++;
    advance(&line, uri.n);
    line = skip_lws(line);
    if (method.n == 0 || uri.n == 0 || !starts_with_version(line))
        return false;
    m->method = copy(a, method);
    m->request_uri = copy(a, uri);
    return m->method != NULL;
}

bool sd_parse_message(const char *text, size_t len, sd_message *m, char *scratch)
{
    /* Clear the SIP part, keep the capture part. */
    sd_message sip = {
        .frame = m->frame, .time_us = m->time_us, .transport = m->transport, .has_sdp = m->has_sdp,
    };
    *m = sip;
    arena a = {scratch, scratch + SD_PARSE_SCRATCH(len)};
    span rest = {text, len};
    size_t used;
    span start = first_line(rest, &used);
    advance(&rest, used);
    if (!parse_start_line(start, m, &a)) {
        *m = sip;
        return false;
    }
    span name, value;
    while (next_header(&rest, &name, &value))
        parse_header(header_of(name), value, m, &a);
    return true;
}
