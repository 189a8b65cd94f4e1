/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hostile scale for the analysis core: each pattern is fed at a quarter,
 * half and all of its size, each run in a process of its own.  Growth is
 * judged on figures that do not depend on how busy the machine is:
 *
 *   instructions  executed by the run, counted by valgrind's cachegrind
 *                 (the CPU's own counters are not there in every VM; time
 *                 is: a tenth of a second of scheduling noise or start-up
 *                 is a factor at these sizes);
 *   peak memory   the run's ru_maxrss;
 *
 * both above those of an empty run.  They must grow with the number of
 * messages, not with their product: the run fails if 2x the messages cost
 * more than 2.45x, or 4x more than 6x (n^1.29; quadratic growth costs 4x
 * and 16x), and a pattern stops at the first size that fails.  CPU time
 * is printed, for information only.  Valgrind cannot run a program built
 * with AddressSanitizer: the sanitize build judges memory only.
 *
 *   scale_core               the sizes of the test suite
 *   scale_core --full        the sizes of the robustness issue: 1,000,000 Call-IDs,
 *                            200,000 requests in one dialog, 10,000 To tags
 *   scale_core --run P N     feed N units of pattern P, in this process (what is measured)
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sipdialog/analyzer.h"

/* What 1x, 2x and 4x the messages may cost, relative to 1x: n^1.29. */
static const double max_growth[3] = {1.0, 2.45, 6.0};

typedef struct {
    sd_analyzer *a;
    uint32_t frame;
    int64_t time_us;
} feeder;

static void feed(feeder *f, sd_message m)
{
    m.frame = ++f->frame;
    m.time_us = f->time_us += 1000;
    m.transport = SD_TRANSPORT_UDP;
    m.has_cseq = true;
    if (m.cseq_method == NULL)
        m.cseq_method = m.method ? m.method : "INVITE";
    if (m.top_via.sent_by == NULL)
        m.top_via.sent_by = "10.0.0.1:5060";
    m.bottom_via = m.top_via;
    m.via_count = 1;
    sd_analyzer_add(f->a, &m);
}

/* n calls with a Call-ID each: OPTIONS and its 200. */
static void distinct_call_ids(feeder *f, unsigned n)
{
    char call[32], branch[32];
    for (unsigned i = 0; i < n; i++) {
        snprintf(call, sizeof call, "call-%u", i);
        snprintf(branch, sizeof branch, "z9hG4bK%u", i);
        feed(f, (sd_message){.method = "OPTIONS", .call_id = call, .from_tag = "a", .cseq = 1, .top_via = {.branch = branch}});
        feed(f, (sd_message){.status = 200, .call_id = call, .from_tag = "a", .to_tag = "b", .cseq = 1,
                             .cseq_method = "OPTIONS", .top_via = {.branch = branch}});
    }
}

/* One dialog, then n requests in it, each answered. */
static void one_long_dialog(feeder *f, unsigned n)
{
    char branch[32];
    feed(f, (sd_message){.method = "INVITE", .call_id = "c", .from_tag = "a", .cseq = 1, .top_via = {.branch = "z9hG4bK"}});
    feed(f, (sd_message){.status = 200, .call_id = "c", .from_tag = "a", .to_tag = "b", .cseq = 1,
                         .top_via = {.branch = "z9hG4bK"}});
    for (unsigned i = 0; i < n; i++) {
        snprintf(branch, sizeof branch, "z9hG4bK%u", i);
        feed(f, (sd_message){.method = "INFO", .call_id = "c", .from_tag = "a", .to_tag = "b", .cseq = i + 2,
                             .top_via = {.branch = branch}});
        feed(f, (sd_message){.status = 200, .call_id = "c", .from_tag = "a", .to_tag = "b", .cseq = i + 2,
                             .cseq_method = "INFO", .top_via = {.branch = branch}});
    }
}

/* One INVITE answered by n To tags, each with 180 and 200, each ACKed. */
static void many_to_tags(feeder *f, unsigned n)
{
    char tag[32], branch[32];
    feed(f, (sd_message){.method = "INVITE", .call_id = "c", .from_tag = "a", .cseq = 1, .top_via = {.branch = "z9hG4bK"}});
    for (unsigned i = 0; i < n; i++) {
        snprintf(tag, sizeof tag, "t%u", i);
        snprintf(branch, sizeof branch, "z9hG4bK%u", i);
        feed(f, (sd_message){.status = 180, .call_id = "c", .from_tag = "a", .to_tag = tag, .cseq = 1,
                             .top_via = {.branch = "z9hG4bK"}});
        feed(f, (sd_message){.status = 200, .call_id = "c", .from_tag = "a", .to_tag = tag, .cseq = 1,
                             .top_via = {.branch = "z9hG4bK"}});
        feed(f, (sd_message){.method = "ACK", .call_id = "c", .from_tag = "a", .to_tag = tag, .cseq = 1,
                             .top_via = {.branch = branch}});
    }
}

/* n calls whose Call-ID and tags are 64 KiB long. */
static void long_strings(feeder *f, unsigned n)
{
    enum { LONG = 64 * 1024 };
    char *call = g_malloc(LONG + 1), *tag = g_malloc(LONG + 1);
    memset(call, 'c', LONG);
    memset(tag, 't', LONG);
    call[LONG] = tag[LONG] = '\0';
    char branch[32], number[16];
    for (unsigned i = 0; i < n; i++) {
        snprintf(number, sizeof number, "%015u", i);
        memcpy(call, number, 15); /* distinct, still 64 KiB long */
        snprintf(branch, sizeof branch, "z9hG4bK%u", i);
        feed(f, (sd_message){.method = "INVITE", .call_id = call, .from_tag = tag, .cseq = 1, .top_via = {.branch = branch}});
        feed(f, (sd_message){.status = 200, .call_id = call, .from_tag = tag, .to_tag = tag, .cseq = 1,
                             .top_via = {.branch = branch}});
    }
    g_free(call);
    g_free(tag);
}

typedef struct {
    const char *name;
    void (*run)(feeder *, unsigned);
    unsigned size, full_size;   /* the largest run, in units of the pattern: calls, requests, tags */
    unsigned messages_per_unit;
} pattern;

static const pattern patterns[] = {
    {"distinct Call-IDs", distinct_call_ids, 100000, 1000000, 2},
    {"requests in one dialog", one_long_dialog, 50000, 200000, 2},
    {"To tags on one INVITE", many_to_tags, 10000, 10000, 3},
    {"64 KiB Call-IDs and tags", long_strings, 400, 1000, 2},
};

/* Valgrind cannot run a program built with AddressSanitizer. */
#if defined(__SANITIZE_ADDRESS__)
#define SD_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SD_ASAN 1
#endif
#endif
#ifndef SD_ASAN
#define SD_ASAN 0
#endif

/* Feed `size` units of the pattern, and ask for every report, as rendering does. */
static void run_pattern(const pattern *p, unsigned size)
{
    feeder f = {.a = sd_analyzer_new(NULL), .time_us = 1000000};
    p->run(&f, size);
    for (uint32_t id = 0;; id++) {
        sd_report r;
        sd_analyzer_report(f.a, id, &r);
        if (!sd_report_has(&r, SD_FIELD_CALL))
            break;
    }
    sd_analyzer_free(f.a);
}

typedef struct {
    double instructions;   /* 0 when not counted */
    double cpu_s;          /* for information: it jitters */
    double rss_mib;
} cost;

/* Peak memory and CPU time of a run in a forked child, natively. */
static void measure_natively(const pattern *p, unsigned size, cost *c)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        run_pattern(p, size);
        _exit(0);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: the run of size %u failed\n", p->name, size);
        exit(2);
    }
    c->cpu_s = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    c->rss_mib = ru.ru_maxrss / 1024.0;
}

/* The instructions of the same run, as cachegrind counts them: this
 * program again (--run), under valgrind.  Its summary line reads
 * "==PID== I   refs:      1,234,567". */
static double count_instructions(const pattern *p, unsigned size)
{
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *index = g_strdup_printf("%d", (int)(p - patterns));
    g_autofree char *units = g_strdup_printf("%u", size);
    char *argv[] = {"valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                    self, "--run", index, units, NULL};
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status;
    if (self == NULL || !g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                      NULL, &err, &status, &error)) {
        fprintf(stderr, "cannot run valgrind (tools/deps.sh test installs it): %s\n", error ? error->message : "");
        exit(2);
    }
    const char *refs = strstr(err, "I   refs:");
    if (!g_spawn_check_wait_status(status, NULL) || refs == NULL) {
        fprintf(stderr, "%s: the run of size %u under cachegrind failed:\n%s\n", p->name, size, err);
        exit(2);
    }
    double n = 0;
    for (const char *c = refs + strlen("I   refs:"); *c != '\n' && *c != '\0'; c++)
        if (g_ascii_isdigit(*c))
            n = n * 10 + (*c - '0');
    return n;
}

static void measure(const pattern *p, unsigned size, cost *c)
{
    measure_natively(p, size, c);
    c->instructions = SD_ASAN ? 0 : count_instructions(p, size);
}

/* What 4x the messages cost, relative to 1x, above an empty run. */
static double growth(double largest, double smallest, double empty, double floor)
{
    return (largest - empty) / MAX(smallest - empty, floor);
}

/* One line of the table; growths are not printed when negative. */
static void print_row(const char *name, unsigned messages, const cost *c, double instruction_growth,
                      double memory_growth)
{
    char counted[32] = "-", counted_growth[16] = "", memory[16] = "";
    if (!SD_ASAN)
        snprintf(counted, sizeof counted, "%.0f", c->instructions);
    if (!SD_ASAN && instruction_growth >= 0)
        snprintf(counted_growth, sizeof counted_growth, "%.2fx", instruction_growth);
    if (memory_growth >= 0)
        snprintf(memory, sizeof memory, "%.2fx", memory_growth);
    printf("%-26s %10u %14s %7s %9.1f %7s %7.2f\n", name, messages, counted, counted_growth, c->rss_mib, memory,
           c->cpu_s);
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--run") == 0) {
        unsigned index = (unsigned)atoi(argv[2]);
        if (index >= G_N_ELEMENTS(patterns))
            return 2;
        run_pattern(&patterns[index], (unsigned)strtoul(argv[3], NULL, 10));
        return 0;
    }
    bool full = argc > 1 && strcmp(argv[1], "--full") == 0;
    if (SD_ASAN)
        printf("Built with AddressSanitizer, which valgrind cannot run: memory only here, instructions in the plain build.\n");
    printf("%-26s %10s %14s %7s %9s %7s %7s\n", "pattern", "messages", "instructions", "growth", "rss MiB", "growth",
           "cpu s");
    cost empty;
    measure(&patterns[0], 0, &empty);
    print_row("(an empty run)", 0, &empty, -1, -1);
    bool ok = true;
    for (size_t i = 0; i < G_N_ELEMENTS(patterns); i++) {
        const pattern *p = &patterns[i];
        unsigned size = (full ? p->full_size : p->size) / 4;
        cost c[3];
        for (int k = 0; k < 3; k++) {
            measure(p, size << k, &c[k]);
            double instruction_growth = growth(c[k].instructions, c[0].instructions, empty.instructions, 1);
            double memory_growth = growth(c[k].rss_mib, c[0].rss_mib, empty.rss_mib, 0.1);
            print_row(k == 0 ? p->name : "", (size << k) * p->messages_per_unit, &c[k], instruction_growth,
                      memory_growth);
            if (instruction_growth > max_growth[k] || memory_growth > max_growth[k]) {
                printf("  ^ grows faster than the messages (at most %.2fx)\n", max_growth[k]);
                ok = false;
                break;
            }
        }
    }
    printf("CPU time is for information: it depends on what else the machine is doing.\n");
    return ok ? 0 : 1;
}
