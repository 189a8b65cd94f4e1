/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics tables, registered as stat_tap_table_ui so that each appears
 * both as tshark -z and in the GUI's Telephony menu, and honours a display
 * filter as Wireshark's own tables do.  They are fed from the per-message
 * reports of the stored analysis (the "sipdialog" tap), so that a -2 run,
 * where the second pass has no SIP fields, fills them too.
 */
#include "stats.h"

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include "compat.h"

static int tap_id = -1;

typedef struct {
    const sd_analyzer *analyzer;
    sd_report report;
} tap_record;

bool sd_stats_wanted(void)
{
    return have_tap_listener(tap_id);
}

void sd_stats_tap(packet_info *pinfo, const sd_analyzer *analyzer, const sd_report *report)
{
    if (!have_tap_listener(tap_id))
        return;
    tap_record *rec = wmem_new(pinfo->pool, tap_record);
    rec->analyzer = analyzer;
    rec->report = *report;
    tap_queue_packet(tap_id, pinfo, rec);
}

static stat_tap_table *table_of(void *tapdata, guint i)
{
    stat_data_t *stat_data = tapdata;
    return g_array_index(stat_data->stat_tap_data->tables, stat_tap_table *, i);
}

static stat_tap_table *find_or_add_table(stat_tap_table_ui *ui, const char *title, int fields)
{
    stat_tap_table *table = stat_tap_find_table(ui, title);
    if (table == NULL) {
        table = stat_tap_init_table(title, fields, 0, NULL);
        stat_tap_add_table(ui, table);
    }
    return table;
}

static stat_tap_table_item_type uint_item(guint value)
{
    return (stat_tap_table_item_type){.type = TABLE_ITEM_UINT, .value.uint_value = value};
}

static stat_tap_table_item_type string_item(const char *value)
{
    return (stat_tap_table_item_type){.type = TABLE_ITEM_STRING, .value.string_value = value};
}

static void add_to(stat_tap_table *table, guint row, guint column, int delta)
{
    stat_tap_table_item_type *item = stat_tap_get_field_data(table, row, column);
    item->value.uint_value += delta;
}

/* --- sipdialog,stat: one row per kind of finding, and totals ------------- */

enum { STAT_KIND, STAT_SEVERITY, STAT_RFC, STAT_COUNT, STAT_FIELDS };

static stat_tap_table_item stat_fields[STAT_FIELDS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Kind", "%-44s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Severity", "%-8s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "RFC", "%-36s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Count", "%8u"},
};

/* The totals count distinct calls, dialogs and forked INVITEs among the
 * messages that pass the filter, and each dialog once in its latest
 * category (a dialog answered later moves from none to "confirmed"). */
typedef enum { CATEGORY_NONE, CATEGORY_CONFIRMED, CATEGORY_FAILED, CATEGORY_NOT_ACKED } category;
enum { TOTAL_CALLS, TOTAL_DIALOGS, TOTAL_FORKED, TOTAL_CONFIRMED, TOTAL_FAILED, TOTAL_NOT_ACKED, TOTALS };
static const char *const total_names[TOTALS] = {
    "Calls (Call-IDs)", "Dialogs", "Forked INVITEs (2 or more forks answered)", "Dialogs confirmed",
    "Dialogs failed", "Dialogs whose 2xx was never ACKed",
};

static struct {
    GHashTable *calls;     /* call index + 1 */
    GHashTable *dialogs;   /* dialog index + 1 -> category + 1 */
    GHashTable *forked;    /* INVITE id + 1 */
    GHashTable *subscriptions;   /* subscription index + 1 -> its outcome's row + 1 */
} seen;

/* The rows of the Subscriptions table: "event: outcome" -> row + 1.  The
 * rows stay (with their counts cleared) for the life of the program. */
static GHashTable *outcome_rows;

static void forget_seen(void)
{
    g_clear_pointer(&seen.calls, g_hash_table_destroy);
    g_clear_pointer(&seen.dialogs, g_hash_table_destroy);
    g_clear_pointer(&seen.forked, g_hash_table_destroy);
    g_clear_pointer(&seen.subscriptions, g_hash_table_destroy);
    seen.subscriptions = g_hash_table_new(g_direct_hash, g_direct_equal);
    seen.calls = g_hash_table_new(g_direct_hash, g_direct_equal);
    seen.dialogs = g_hash_table_new(g_direct_hash, g_direct_equal);
    seen.forked = g_hash_table_new(g_direct_hash, g_direct_equal);
}

/*
 * RFC 6076 §4: the capture's session ratios, counted once per
 * dialog-creating INVITE (its forks together: answered if any fork
 * answered), and its delays as median, 95th percentile and maximum.  Both
 * are kept up to date as each message arrives: counts by the change in
 * what an INVITE contributes, delays in sorted sequences.
 */
enum { M_SER, M_SEER, M_ISA, M_SCR, M_SRD, M_SDD, M_SDT, METRICS };
static const char *const metric_names[METRICS] = {
    "SER (Session Establishment Ratio)", "SEER (Session Establishment Effectiveness Ratio)",
    "ISA (Ineffective Session Attempts)", "SCR (Session Completion Ratio)", "SRD (Session Request Delay)",
    "SDD (Session Disconnect Delay)", "SDT (Session Duration Time)",
};
static const char *const metric_rfc[METRICS] = {
    "RFC 6076 §4.6", "RFC 6076 §4.7", "RFC 6076 §4.8", "RFC 6076 §4.9", "RFC 6076 §4.3", "RFC 6076 §4.4",
    "RFC 6076 §4.5",
};

/* What one INVITE contributes to the ratios. */
enum {
    SESSION_ANSWERED = 1,    /* 200 (any 2xx) */
    SESSION_3XX = 2,
    SESSION_EFFECTIVE = 4,   /* 480, 486, 600, 603: the callee's answer (SEER) */
    SESSION_INEFFECTIVE = 8, /* 408, 500, 503, 504 (ISA) */
    SESSION_COMPLETED = 16,  /* answered and ended by BYE (SCR) */
};

static struct {
    GHashTable *sessions;    /* INVITE id + 1 -> its SESSION_ bits + 1 */
    GHashTable *requests;    /* INVITE id + 1 -> its SRD sample (GSequenceIter **): one per INVITE */
    GHashTable *samples;     /* dialog index + 1 -> its SDD and SDT samples (dialog_samples) */
    GSequence *delays[3];    /* SRD, SDD, SDT in microseconds, sorted */
    guint invites, answered, redirected, effective, ineffective, completed;
    guint version, shown;    /* changes to the above; the one the table's texts show */
} metrics;

typedef struct {
    GSequenceIter *at[3];    /* [0] unused: SRD belongs to the INVITE */
    guint invite_key;        /* the INVITE it counted for, + 1 */
} dialog_samples;

static gint compare_delays(gconstpointer x, gconstpointer y, gpointer unused _U_)
{
    gint64 a = *(const gint64 *)x, b = *(const gint64 *)y;
    return a < b ? -1 : a > b;
}

static void forget_metrics(void)
{
    g_clear_pointer(&metrics.sessions, g_hash_table_destroy);
    g_clear_pointer(&metrics.samples, g_hash_table_destroy);
    g_clear_pointer(&metrics.requests, g_hash_table_destroy);
    for (int i = 0; i < 3; i++)
        g_clear_pointer(&metrics.delays[i], g_sequence_free);
    memset(&metrics, 0, sizeof metrics);
    metrics.sessions = g_hash_table_new(g_direct_hash, g_direct_equal);
    metrics.samples = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    metrics.requests = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    for (int i = 0; i < 3; i++)
        metrics.delays[i] = g_sequence_new(g_free);
    metrics.version = 1;   /* the texts of no session yet are still to be shown */
}

static guint session_bits(const sd_dialog_summary *s)
{
    if (s->answered)
        return SESSION_ANSWERED | (s->completed ? SESSION_COMPLETED : 0);
    switch (s->final_status) {
    case 480: case 486: case 600: case 603:
        return SESSION_EFFECTIVE;
    case 408: case 500: case 503: case 504:
        return SESSION_INEFFECTIVE;
    default:
        return s->final_status >= 300 && s->final_status < 400 ? SESSION_3XX : 0;
    }
}

/* An INVITE answered by one fork counts as answered, whatever the others did. */
static guint combine(guint before, guint now)
{
    guint answered = (before | now) & (SESSION_ANSWERED | SESSION_COMPLETED);
    return answered ? answered : now ? now : before;
}

static void count_session(guint bits, int sign)
{
    metrics.answered += sign * !!(bits & SESSION_ANSWERED);
    metrics.redirected += sign * !!(bits & SESSION_3XX);
    metrics.effective += sign * !!(bits & (SESSION_ANSWERED | SESSION_EFFECTIVE));
    metrics.ineffective += sign * !!(bits & SESSION_INEFFECTIVE);
    metrics.completed += sign * !!(bits & SESSION_COMPLETED);
}

static void update_delay(GSequenceIter **at, int which, int64_t us)
{
    if (*at != NULL) {
        if (*(gint64 *)g_sequence_get(*at) == us)
            return;
        g_sequence_remove(*at);
        *at = NULL;
        metrics.version++;
    }
    if (us < 0)
        return;
    metrics.version++;
    gint64 *value = g_new(gint64, 1);
    *value = us;
    *at = g_sequence_insert_sorted(metrics.delays[which], value, compare_delays, NULL);
}

/* The SRD sample of an INVITE, shared by the dialogs of its forks. */
static GSequenceIter **request_sample(guint invite_key)
{
    gpointer key = GUINT_TO_POINTER(invite_key);
    GSequenceIter **at = g_hash_table_lookup(metrics.requests, key);
    if (at == NULL) {
        at = g_new0(GSequenceIter *, 1);
        g_hash_table_insert(metrics.requests, key, at);
    }
    return at;
}

/* A dialog whose INVITE was retried after 401/407 counts for the retry
 * alone: the attempt it replaces had no other dialog (no To tag). */
static void forget_attempt(dialog_samples *d, const sd_dialog_summary *s)
{
    if (d->invite_key == 0 || d->invite_key == s->invite + 1)
        return;
    gpointer old = GUINT_TO_POINTER(d->invite_key);
    gpointer known = g_hash_table_lookup(metrics.sessions, old);
    if (known != NULL) {
        count_session(GPOINTER_TO_UINT(known) - 1, -1);
        metrics.invites--;
        metrics.version++;
        g_hash_table_remove(metrics.sessions, old);
    }
    GSequenceIter **srd = g_hash_table_lookup(metrics.requests, old);
    if (srd != NULL) {
        update_delay(srd, 0, -1);
        g_hash_table_remove(metrics.requests, old);
    }
}

static void update_session(dialog_samples *d, const sd_dialog_summary *s)
{
    if (s->invite == UINT32_MAX)
        return;
    forget_attempt(d, s);
    d->invite_key = s->invite + 1;
    gpointer key = GUINT_TO_POINTER(s->invite + 1);
    gpointer known = g_hash_table_lookup(metrics.sessions, key);
    guint before = known ? GPOINTER_TO_UINT(known) - 1 : 0, now = combine(before, session_bits(s));
    if (known != NULL && now == before)
        return;
    if (known == NULL)
        metrics.invites++;
    count_session(before, -1);
    count_session(now, 1);
    metrics.version++;
    g_hash_table_insert(metrics.sessions, key, GUINT_TO_POINTER(now + 1));
}

static void update_metrics(guint dialog, const sd_dialog_summary *s)
{
    gpointer key = GUINT_TO_POINTER(dialog + 1);
    dialog_samples *d = g_hash_table_lookup(metrics.samples, key);
    if (d == NULL) {
        d = g_new0(dialog_samples, 1);
        g_hash_table_insert(metrics.samples, key, d);
    }
    update_session(d, s);
    if (s->invite != UINT32_MAX)
        update_delay(request_sample(s->invite + 1), 0, s->srd_us);
    update_delay(&d->at[1], 1, s->sdd_us);
    update_delay(&d->at[2], 2, s->sdt_us);
}

static char *ratio_text(const char *name, guint count, guint of)
{
    if (of == 0)
        return g_strdup_printf("%s: - (%u of 0)", name, count);
    return g_strdup_printf("%s: %.1f%% (%u of %u)", name, 100.0 * count / of, count, of);
}

/* The sample at a rank: the nearest-rank percentile. */
static double seconds_at(GSequence *sorted, double fraction)
{
    gint n = g_sequence_get_length(sorted);
    gint rank = (gint)(fraction * n + 0.999999);
    rank = CLAMP(rank, 1, n);
    return *(gint64 *)g_sequence_get(g_sequence_get_iter_at_pos(sorted, rank - 1)) / 1e6;
}

static char *delay_text(const char *name, GSequence *sorted)
{
    if (g_sequence_get_length(sorted) == 0)
        return g_strdup_printf("%s: -", name);
    return g_strdup_printf("%s: median %.3f s, 95th percentile %.3f s, max %.3f s", name, seconds_at(sorted, 0.5),
                           seconds_at(sorted, 0.95), seconds_at(sorted, 1.0));
}

static void set_metric(stat_tap_table *table, guint row, char *text, guint count)
{
    stat_tap_table_item_type *kind = stat_tap_get_field_data(table, row, STAT_KIND);
    g_free((char *)kind->value.string_value);
    kind->value.string_value = text;
    stat_tap_get_field_data(table, row, STAT_COUNT)->value.uint_value = count;
}

static void show_metrics(stat_tap_table *table)
{
    metrics.shown = metrics.version;
    guint attempts = metrics.invites - metrics.redirected;
    set_metric(table, M_SER, ratio_text(metric_names[M_SER], metrics.answered, attempts), metrics.answered);
    set_metric(table, M_SEER, ratio_text(metric_names[M_SEER], metrics.effective, attempts), metrics.effective);
    set_metric(table, M_ISA, ratio_text(metric_names[M_ISA], metrics.ineffective, metrics.invites),
               metrics.ineffective);
    set_metric(table, M_SCR, ratio_text(metric_names[M_SCR], metrics.completed, metrics.invites), metrics.completed);
    for (int i = 0; i < 3; i++)
        set_metric(table, M_SRD + i, delay_text(metric_names[M_SRD + i], metrics.delays[i]),
                   (guint)g_sequence_get_length(metrics.delays[i]));
}

static void stat_init(stat_tap_table_ui *ui)
{
    stat_tap_table *findings = find_or_add_table(ui, "Findings", STAT_FIELDS);
    for (int f = 0; f < SD_FINDING_COUNT; f++) {
        stat_tap_table_item_type row[STAT_FIELDS] = {
            string_item(sd_findings[f].name), string_item(sd_severity_name(sd_findings[f].severity)),
            string_item(sd_findings[f].rfc), uint_item(0),
        };
        stat_tap_init_table_row(findings, f, STAT_FIELDS, row);
    }
    stat_tap_table *totals = find_or_add_table(ui, "Totals", STAT_FIELDS);
    for (int t = 0; t < TOTALS; t++) {
        stat_tap_table_item_type row[STAT_FIELDS] = {string_item(total_names[t]), string_item(""), string_item(""),
                                                     uint_item(0)};
        stat_tap_init_table_row(totals, t, STAT_FIELDS, row);
    }
    stat_tap_table *rfc6076 = find_or_add_table(ui, "RFC 6076 metrics", STAT_FIELDS);
    for (int m = 0; m < METRICS; m++) {
        stat_tap_table_item_type row[STAT_FIELDS] = {string_item(g_strdup(metric_names[m])), string_item(""),
                                                     string_item(metric_rfc[m]), uint_item(0)};
        stat_tap_init_table_row(rfc6076, m, STAT_FIELDS, row);
    }
    find_or_add_table(ui, "Subscriptions", STAT_FIELDS);
    if (outcome_rows == NULL)
        outcome_rows = g_hash_table_new(g_str_hash, g_str_equal);
    forget_seen();
    forget_metrics();
}

static category category_of(const sd_dialog_summary *s)
{
    if (s->answered)
        return s->invite != UINT32_MAX && !s->acked ? CATEGORY_NOT_ACKED : CATEGORY_CONFIRMED;
    return s->state == SD_DIALOG_TERMINATED ? CATEGORY_FAILED : CATEGORY_NONE;
}

static void count_totals(stat_tap_table *totals, const tap_record *rec)
{
    const sd_report *r = &rec->report;
    gpointer call = GUINT_TO_POINTER(r->value[SD_FIELD_CALL] + 1);
    if (g_hash_table_add(seen.calls, call))
        add_to(totals, TOTAL_CALLS, STAT_COUNT, 1);
    sd_dialog_summary s;
    if (!sd_report_has(r, SD_FIELD_DIALOG) || !sd_analyzer_dialog(rec->analyzer, r->value[SD_FIELD_DIALOG], &s))
        return;
    gpointer dialog = GUINT_TO_POINTER(r->value[SD_FIELD_DIALOG] + 1);
    gpointer known = g_hash_table_lookup(seen.dialogs, dialog);
    category before = known ? GPOINTER_TO_UINT(known) - 1 : CATEGORY_NONE, now = category_of(&s);
    if (known == NULL)
        add_to(totals, TOTAL_DIALOGS, STAT_COUNT, 1);
    if (before != CATEGORY_NONE)
        add_to(totals, TOTAL_CONFIRMED + before - 1, STAT_COUNT, -1);
    if (now != CATEGORY_NONE)
        add_to(totals, TOTAL_CONFIRMED + now - 1, STAT_COUNT, 1);
    g_hash_table_insert(seen.dialogs, dialog, GUINT_TO_POINTER(now + 1));
    update_metrics((guint)r->value[SD_FIELD_DIALOG], &s);
    if (s.forks >= 2 && g_hash_table_add(seen.forked, GUINT_TO_POINTER(s.invite + 1)))
        add_to(totals, TOTAL_FORKED, STAT_COUNT, 1);
}

/* What became of a subscription (RFC 6665 §4.1.2), by Event package. */
static char *outcome_of(const sd_subscription_summary *s)
{
    const char *event = s->event ? s->event : "(no Event)";
    if (s->end == NULL)
        return g_strdup_printf("%s: not ended (%s)", event, s->state);
    if (s->reason != NULL)
        return g_strdup_printf("%s: ended by %s (%s)", event, s->end, s->reason);
    return g_strdup_printf("%s: ended by %s", event, s->end);
}

/* Each subscription once, under its latest outcome (one that ended later
 * moves from "not ended"). */
static void count_subscriptions(stat_tap_table *table, const tap_record *rec)
{
    const sd_report *r = &rec->report;
    sd_subscription_summary s;
    if (!sd_report_has(r, SD_FIELD_SUBSCRIPTION_INDEX) ||
        !sd_analyzer_subscription(rec->analyzer, (uint32_t)r->value[SD_FIELD_SUBSCRIPTION_INDEX], &s))
        return;
    char *outcome = outcome_of(&s);
    gpointer found = g_hash_table_lookup(outcome_rows, outcome);
    guint row;
    if (found != NULL) {
        row = GPOINTER_TO_UINT(found) - 1;
        g_free(outcome);
    } else {
        row = table->num_elements;
        stat_tap_table_item_type cells[STAT_FIELDS] = {string_item(outcome), string_item(""), string_item(""),
                                                        uint_item(0)};
        stat_tap_init_table_row(table, row, STAT_FIELDS, cells);
        g_hash_table_insert(outcome_rows, outcome, GUINT_TO_POINTER(row + 1));
    }
    gpointer key = GUINT_TO_POINTER(r->value[SD_FIELD_SUBSCRIPTION_INDEX] + 1);
    gpointer before = g_hash_table_lookup(seen.subscriptions, key);
    if (before == GUINT_TO_POINTER(row + 1))
        return;
    if (before != NULL)
        add_to(table, GPOINTER_TO_UINT(before) - 1, STAT_COUNT, -1);
    add_to(table, row, STAT_COUNT, 1);
    g_hash_table_insert(seen.subscriptions, key, GUINT_TO_POINTER(row + 1));
}

static tap_packet_status stat_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                     const void *data, tap_flags_t flags _U_)
{
    const tap_record *rec = data;
    SD_FINDING_SET_FOREACH(f, rec->report.findings)
        add_to(table_of(tapdata, 0), f, STAT_COUNT, 1);
    count_totals(table_of(tapdata, 1), rec);
    /* The texts are made again only when a count or a delay changed (most
     * messages change none). */
    if (metrics.version != metrics.shown)
        show_metrics(table_of(tapdata, 2));
    count_subscriptions(table_of(tapdata, 3), rec);
    return TAP_PACKET_REDRAW;
}

static bool is_metrics_table(const stat_tap_table *table)
{
    return g_strcmp0(table->title, "RFC 6076 metrics") == 0;
}

static void stat_reset(stat_tap_table *table)
{
    for (guint row = 0; row < table->num_elements; row++)
        stat_tap_get_field_data(table, row, STAT_COUNT)->value.uint_value = 0;
    forget_seen();
    forget_metrics();
    if (is_metrics_table(table))
        show_metrics(table);
}

/* The metrics' texts are the only cells the stat table owns. */
static void stat_free_cell(stat_tap_table *table, guint row _U_, guint column, stat_tap_table_item_type *item)
{
    if (is_metrics_table(table) && column == STAT_KIND)
        g_free((char *)item->value.string_value);
}

/* --- sipdialog,dialogs: one row per dialog, in order of its first frame --- */

enum {
    DLG_CALL, DLG_DIALOG, DLG_CALL_ID, DLG_CALLER, DLG_CALLEE, DLG_FORKS, DLG_STATE, DLG_SETUP, DLG_DURATION,
    DLG_ERRORS, DLG_WARNINGS, DLG_NOTES, DLG_CHATS, DLG_FIRST_FRAME,
    DLG_END, DLG_END_BY, DLG_END_FRAME, DLG_REASON, DLG_SRD, DLG_SDD, DLG_SDT, DLG_FIELDS
};

static stat_tap_table_item dialog_fields[DLG_FIELDS] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Call", "%5u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Dialog", "%6u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Call-ID", "%-36s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Caller", "%-28s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Callee", "%-28s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Forks", "%5u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "State", "%-22s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Setup (s)", "%9s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Duration (s)", "%12s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Errors", "%6u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Warnings", "%8u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Notes", "%5u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Chats", "%5u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%11u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "End", "%-36s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Ended by", "%-8s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "End frame", "%9s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Reason", "%-28s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "SRD (s)", "%7s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "SDD (s)", "%7s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "SDT (s)", "%9s"},
};

static GHashTable *dialog_rows;   /* dialog index + 1 -> its row + 1 */
static GHashTable *subscription_rows;   /* subscription index + 1 -> its row + 1 */

static void dialogs_init(stat_tap_table_ui *ui)
{
    find_or_add_table(ui, "Dialogs", DLG_FIELDS);
    if (dialog_rows == NULL)
        dialog_rows = g_hash_table_new(g_direct_hash, g_direct_equal);
    if (subscription_rows == NULL)
        subscription_rows = g_hash_table_new(g_direct_hash, g_direct_equal);
}

static const char *state_text(const sd_dialog_summary *s)
{
    if (!s->answered)
        return s->state == SD_DIALOG_TERMINATED ? "failed" : sd_field_text(SD_FIELD_STATE, s->state);
    if (s->invite != UINT32_MAX && !s->acked)
        return s->state == SD_DIALOG_TERMINATED ? "ended, never ACKed" : "confirmed, never ACKed";
    return sd_field_text(SD_FIELD_STATE, s->state);
}

static char *seconds(int64_t us)
{
    return us < 0 ? g_strdup("") : g_strdup_printf("%.3f", us / 1e6);
}

static void set_string(stat_tap_table *table, guint row, guint column, char *owned)
{
    stat_tap_table_item_type *item = stat_tap_get_field_data(table, row, column);
    g_free((char *)item->value.string_value);
    item->value.string_value = owned;
}

/* The Reason as a hang-up cause column shows it: "Q.850 16 Normal call
 * clearing". */
static char *reason_of(const sd_dialog_summary *s)
{
    if (s->reason_protocol == NULL)
        return g_strdup("");
    GString *text = g_string_new(s->reason_protocol);
    if (s->reason_cause >= 0)
        g_string_append_printf(text, " %" G_GINT64_FORMAT, s->reason_cause);
    if (s->reason_text != NULL)
        g_string_append_printf(text, " %s", s->reason_text);
    return g_string_free(text, FALSE);
}

/* How the dialog ended, and its RFC 6076 delays. */
static void set_end(stat_tap_table *table, guint row, const sd_dialog_summary *s)
{
    set_string(table, row, DLG_END, g_strdup(s->end_kind ? s->end_kind : ""));
    set_string(table, row, DLG_END_BY, g_strdup(s->end_by ? sd_field_text(SD_FIELD_END_BY, s->end_by) : ""));
    set_string(table, row, DLG_END_FRAME, s->end_frame ? g_strdup_printf("%u", s->end_frame) : g_strdup(""));
    set_string(table, row, DLG_REASON, reason_of(s));
    set_string(table, row, DLG_SRD, seconds(s->srd_us));
    set_string(table, row, DLG_SDD, seconds(s->sdd_us));
    set_string(table, row, DLG_SDT, seconds(s->sdt_us));
}

/* The rows after `row` move one down. */
static void shift_rows(GHashTable *rows, guint row)
{
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, rows);
    while (g_hash_table_iter_next(&it, &key, &value))
        if (GPOINTER_TO_UINT(value) - 1 >= row)
            g_hash_table_iter_replace(&it, GUINT_TO_POINTER(GPOINTER_TO_UINT(value) + 1));
}

static guint dialog_of_row(stat_tap_table *table, guint row)
{
    return stat_tap_get_field_data(table, row, DLG_DIALOG)->value.uint_value;
}

/* Where a dialog's row goes so that the dialogs stay sorted by first frame
 * (they arrive in that order but for a filter that lets a dialog's later
 * messages through first): after those with the same first frame, and
 * never between another dialog's row and its subscriptions' rows. */
static guint dialog_position(stat_tap_table *table, guint first_frame)
{
    guint row = table->num_elements;
    while (row > 0 && stat_tap_get_field_data(table, row - 1, DLG_FIRST_FRAME)->value.uint_value > first_frame)
        row--;
    while (row > 0 && row < table->num_elements && dialog_of_row(table, row) == dialog_of_row(table, row - 1))
        row++;
    return row;
}

/* Where a subscription's row goes: under its dialog's row, after the
 * subscriptions of that dialog already shown. */
static guint subscription_position(stat_tap_table *table, guint dialog)
{
    gpointer known = g_hash_table_lookup(dialog_rows, GUINT_TO_POINTER(dialog + 1));
    guint row = known ? GPOINTER_TO_UINT(known) : table->num_elements;
    while (row < table->num_elements && dialog_of_row(table, row) == dialog)
        row++;
    return row;
}

/* Add a row at `row`; the rows from there move one down. */
static void insert_row(stat_tap_table *table, guint row, stat_tap_table_item_type *cells)
{
    for (guint c = DLG_ERRORS; c <= DLG_CHATS; c++)
        cells[c] = uint_item(0);
    for (guint c = DLG_END; c <= DLG_SDT; c++)
        cells[c] = string_item(g_strdup(""));
    guint last = table->num_elements;
    stat_tap_init_table_row(table, last, DLG_FIELDS, cells);
    stat_tap_table_item_type *added = table->elements[last];
    memmove(&table->elements[row + 1], &table->elements[row], (last - row) * sizeof *table->elements);
    table->elements[row] = added;
    if (row < last) {
        shift_rows(dialog_rows, row);
        shift_rows(subscription_rows, row);
    }
}

/* The row of a dialog seen for the first time. */
static guint new_dialog_row(stat_tap_table *table, guint dialog, const sd_dialog_summary *s)
{
    stat_tap_table_item_type cells[DLG_FIELDS] = {
        [DLG_CALL] = uint_item(s->call),
        [DLG_DIALOG] = uint_item(dialog),
        [DLG_CALL_ID] = string_item(g_strdup(s->call_id)),
        [DLG_CALLER] = string_item(g_strdup(s->caller_uri ? s->caller_uri : "")),
        [DLG_CALLEE] = string_item(g_strdup(s->callee_uri ? s->callee_uri : "")),
        [DLG_FORKS] = uint_item(0),
        [DLG_STATE] = string_item(g_strdup("")),
        [DLG_SETUP] = string_item(g_strdup("")),
        [DLG_DURATION] = string_item(g_strdup("")),
        [DLG_FIRST_FRAME] = uint_item(s->first_frame),
    };
    guint row = dialog_position(table, s->first_frame);
    insert_row(table, row, cells);
    g_hash_table_insert(dialog_rows, GUINT_TO_POINTER(dialog + 1), GUINT_TO_POINTER(row + 1));
    return row;
}

/* A subscription (RFC 6665) is a row of its dialog, its Event package and
 * state or end in the State column. */
static char *subscription_text(const sd_subscription_summary *s)
{
    const char *event = s->event ? s->event : "(no Event)";
    if (s->end == NULL)
        return g_strdup_printf("subscription %s: %s", event, s->state);
    if (s->reason != NULL)
        return g_strdup_printf("subscription %s: ended by %s (%s)", event, s->end, s->reason);
    return g_strdup_printf("subscription %s: ended by %s", event, s->end);
}

/* The row of a subscription seen for the first time. */
static guint new_subscription_row(stat_tap_table *table, guint subscription, const sd_dialog_summary *d,
                                  const sd_subscription_summary *s)
{
    stat_tap_table_item_type cells[DLG_FIELDS] = {
        [DLG_CALL] = uint_item(d->call),
        [DLG_DIALOG] = uint_item(s->dialog),
        [DLG_CALL_ID] = string_item(g_strdup(d->call_id)),
        [DLG_CALLER] = string_item(g_strdup("")),
        [DLG_CALLEE] = string_item(g_strdup("")),
        [DLG_FORKS] = uint_item(0),
        [DLG_STATE] = string_item(g_strdup("")),
        [DLG_SETUP] = string_item(g_strdup("")),
        [DLG_DURATION] = string_item(g_strdup("")),
        [DLG_FIRST_FRAME] = uint_item(MAX(s->first_frame, d->first_frame)),
    };
    guint row = subscription_position(table, s->dialog);
    insert_row(table, row, cells);
    g_hash_table_insert(subscription_rows, GUINT_TO_POINTER(subscription + 1), GUINT_TO_POINTER(row + 1));
    return row;
}

/* A message's findings in the Errors, Warnings, Notes and Chats columns of a row. */
static void count_by_severity(stat_tap_table *table, guint row, sd_finding_set findings)
{
    static const guint column_of[] = {[SD_SEVERITY_CHAT] = DLG_CHATS, [SD_SEVERITY_NOTE] = DLG_NOTES,
                                      [SD_SEVERITY_WARNING] = DLG_WARNINGS, [SD_SEVERITY_ERROR] = DLG_ERRORS};
    SD_FINDING_SET_FOREACH(f, findings)
        add_to(table, row, column_of[sd_findings[f].severity], 1);
}

static tap_packet_status dialogs_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                        const void *data, tap_flags_t flags _U_)
{
    const tap_record *rec = data;
    const sd_report *r = &rec->report;
    sd_dialog_summary s;
    if (!sd_report_has(r, SD_FIELD_DIALOG) || !sd_analyzer_dialog(rec->analyzer, r->value[SD_FIELD_DIALOG], &s))
        return TAP_PACKET_DONT_REDRAW;
    stat_tap_table *table = table_of(tapdata, 0);
    guint dialog = (guint)r->value[SD_FIELD_DIALOG];
    gpointer known = g_hash_table_lookup(dialog_rows, GUINT_TO_POINTER(dialog + 1));
    guint row = known ? GPOINTER_TO_UINT(known) - 1 : new_dialog_row(table, dialog, &s);

    stat_tap_get_field_data(table, row, DLG_FORKS)->value.uint_value = s.forks;
    set_string(table, row, DLG_STATE, g_strdup(state_text(&s)));
    set_string(table, row, DLG_SETUP, seconds(s.setup_us));
    set_string(table, row, DLG_DURATION, seconds(s.duration_us));
    set_end(table, row, &s);
    count_by_severity(table, row, r->findings);

    sd_subscription_summary sub;
    if (!sd_report_has(r, SD_FIELD_SUBSCRIPTION_INDEX) ||
        !sd_analyzer_subscription(rec->analyzer, (uint32_t)r->value[SD_FIELD_SUBSCRIPTION_INDEX], &sub))
        return TAP_PACKET_REDRAW;
    guint subscription = (guint)r->value[SD_FIELD_SUBSCRIPTION_INDEX];
    known = g_hash_table_lookup(subscription_rows, GUINT_TO_POINTER(subscription + 1));
    row = known ? GPOINTER_TO_UINT(known) - 1 : new_subscription_row(table, subscription, &s, &sub);
    set_string(table, row, DLG_STATE, subscription_text(&sub));
    count_by_severity(table, row, r->findings);
    return TAP_PACKET_REDRAW;
}

static void free_cell(stat_tap_table *table _U_, guint row _U_, guint column, stat_tap_table_item_type *item)
{
    if (dialog_fields[column].type == TABLE_ITEM_STRING)
        g_free((char *)item->value.string_value);
}

static void dialogs_reset(stat_tap_table *table)
{
    for (guint row = 0; row < table->num_elements; row++) {
        for (guint c = 0; c < DLG_FIELDS; c++)
            free_cell(table, row, c, stat_tap_get_field_data(table, row, c));
        g_free(table->elements[row]);
    }
    g_free(table->elements);
    table->elements = NULL;
    table->num_elements = 0;
    g_hash_table_remove_all(dialog_rows);
    g_hash_table_remove_all(subscription_rows);
}

void sd_stats_register(void)
{
    static tap_param filter_param[] = {{PARAM_FILTER, "filter", "Filter", NULL, TRUE}};
    static stat_tap_table_ui stat_table = {
        SD_STAT_GROUP_TELEPHONY, "SIP Dialog Findings", "sipdialog", "sipdialog,stat", stat_init, stat_packet,
        stat_reset, stat_free_cell, NULL, STAT_FIELDS, stat_fields, 1, filter_param, NULL, 0,
    };
    static stat_tap_table_ui dialogs_table = {
        SD_STAT_GROUP_TELEPHONY, "SIP Dialogs", "sipdialog", "sipdialog,dialogs", dialogs_init, dialogs_packet,
        dialogs_reset, free_cell, NULL, DLG_FIELDS, dialog_fields, 1, filter_param, NULL, 0,
    };
    tap_id = register_tap("sipdialog");
    register_stat_tap_table_ui(&stat_table);
    register_stat_tap_table_ui(&dialogs_table);
}
