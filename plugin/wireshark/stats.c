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
    find_or_add_table(ui, "Subscriptions", STAT_FIELDS);
    if (outcome_rows == NULL)
        outcome_rows = g_hash_table_new(g_str_hash, g_str_equal);
    forget_seen();
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
    stat_tap_table *findings = table_of(tapdata, 0);
    for (int f = 0; f < SD_FINDING_COUNT; f++)
        if (sd_finding_set_has(rec->report.findings, f))
            add_to(findings, f, STAT_COUNT, 1);
    count_totals(table_of(tapdata, 1), rec);
    count_subscriptions(table_of(tapdata, 2), rec);
    return TAP_PACKET_REDRAW;
}

static void stat_reset(stat_tap_table *table)
{
    for (guint row = 0; row < table->num_elements; row++)
        stat_tap_get_field_data(table, row, STAT_COUNT)->value.uint_value = 0;
    forget_seen();
}

/* --- sipdialog,dialogs: one row per dialog, in order of its first frame --- */

enum {
    DLG_CALL, DLG_DIALOG, DLG_CALL_ID, DLG_CALLER, DLG_CALLEE, DLG_FORKS, DLG_STATE, DLG_SETUP, DLG_DURATION,
    DLG_ERRORS, DLG_WARNINGS, DLG_NOTES, DLG_CHATS, DLG_FIRST_FRAME, DLG_FIELDS
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

/* Add a row so that the rows stay sorted by first frame (they arrive in
 * that order but for a filter that lets a dialog's later messages through
 * first); a row after those with the same first frame. */
static guint insert_row(stat_tap_table *table, stat_tap_table_item_type *cells)
{
    guint first_frame = cells[DLG_FIRST_FRAME].value.uint_value;
    guint row = table->num_elements;
    while (row > 0 && stat_tap_get_field_data(table, row - 1, DLG_FIRST_FRAME)->value.uint_value > first_frame)
        row--;
    for (guint c = DLG_ERRORS; c <= DLG_CHATS; c++)
        cells[c] = uint_item(0);
    guint last = table->num_elements;
    stat_tap_init_table_row(table, last, DLG_FIELDS, cells);
    stat_tap_table_item_type *added = table->elements[last];
    memmove(&table->elements[row + 1], &table->elements[row], (last - row) * sizeof *table->elements);
    table->elements[row] = added;
    if (row < last) {
        shift_rows(dialog_rows, row);
        shift_rows(subscription_rows, row);
    }
    return row;
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
    guint row = insert_row(table, cells);
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

/* The row of a subscription seen for the first time: after its dialog's. */
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
    guint row = insert_row(table, cells);
    g_hash_table_insert(subscription_rows, GUINT_TO_POINTER(subscription + 1), GUINT_TO_POINTER(row + 1));
    return row;
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
    static const guint column_of[] = {[SD_SEVERITY_CHAT] = DLG_CHATS, [SD_SEVERITY_NOTE] = DLG_NOTES,
                                      [SD_SEVERITY_WARNING] = DLG_WARNINGS, [SD_SEVERITY_ERROR] = DLG_ERRORS};
    for (int f = 0; f < SD_FINDING_COUNT; f++)
        if (sd_finding_set_has(r->findings, f))
            add_to(table, row, column_of[sd_findings[f].severity], 1);

    sd_subscription_summary sub;
    if (!sd_report_has(r, SD_FIELD_SUBSCRIPTION_INDEX) ||
        !sd_analyzer_subscription(rec->analyzer, (uint32_t)r->value[SD_FIELD_SUBSCRIPTION_INDEX], &sub))
        return TAP_PACKET_REDRAW;
    guint subscription = (guint)r->value[SD_FIELD_SUBSCRIPTION_INDEX];
    known = g_hash_table_lookup(subscription_rows, GUINT_TO_POINTER(subscription + 1));
    row = known ? GPOINTER_TO_UINT(known) - 1 : new_subscription_row(table, subscription, &s, &sub);
    set_string(table, row, DLG_STATE, subscription_text(&sub));
    for (int f = 0; f < SD_FINDING_COUNT; f++)
        if (sd_finding_set_has(r->findings, f))
            add_to(table, row, column_of[sd_findings[f].severity], 1);
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
        stat_reset, NULL, NULL, STAT_FIELDS, stat_fields, 1, filter_param, NULL, 0,
    };
    static stat_tap_table_ui dialogs_table = {
        SD_STAT_GROUP_TELEPHONY, "SIP Dialogs", "sipdialog", "sipdialog,dialogs", dialogs_init, dialogs_packet,
        dialogs_reset, free_cell, NULL, DLG_FIELDS, dialog_fields, 1, filter_param, NULL, 0,
    };
    tap_id = register_tap("sipdialog");
    register_stat_tap_table_ui(&stat_table);
    register_stat_tap_table_ui(&dialogs_table);
}
