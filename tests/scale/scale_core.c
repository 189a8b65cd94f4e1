/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hostile scale for the analysis core: each pattern is fed at a quarter,
 * half and all of its size, each run in a child process, and the CPU time and peak memory
 * it took are printed with their growth.  Time and memory must grow with
 * the number of messages, not with their product: the run fails if 4× the
 * messages cost more than 6× (quadratic growth would cost 16×).
 *
 *   scale_core          the sizes of the test suite
 *   scale_core --full   the sizes of the robustness issue: 1,000,000 Call-IDs,
 *                       200,000 requests in one dialog, 10,000 To tags
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sipdialog/analyzer.h"

#define MAX_GROWTH 6.0

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

/* Feed `size` units of the pattern in a child; its CPU seconds and peak RSS in MiB. */
static void measure(const pattern *p, unsigned size, double *cpu, double *rss_mib)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        feeder f = {.a = sd_analyzer_new(NULL), .time_us = 1000000};
        p->run(&f, size);
        /* Reports too, as rendering makes them. */
        for (uint32_t id = 0;; id++) {
            sd_report r;
            sd_analyzer_report(f.a, id, &r);
            if (!sd_report_has(&r, SD_FIELD_CALL))
                break;
        }
        sd_analyzer_free(f.a);
        _exit(0);
    }
    int status;
    struct rusage ru;
    if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "%s: the run of size %u failed\n", p->name, size);
        exit(2);
    }
    *cpu = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    *rss_mib = ru.ru_maxrss / 1024.0;
}

int main(int argc, char **argv)
{
    bool full = argc > 1 && strcmp(argv[1], "--full") == 0;
    double base_cpu, base_rss;
    measure(&patterns[0], 0, &base_cpu, &base_rss);
    printf("baseline: %.1f MiB\n", base_rss);
    printf("%-26s %10s %9s %9s %13s %13s\n", "pattern", "messages", "cpu s", "rss MiB", "time growth", "memory growth");
    bool ok = true;
    for (size_t i = 0; i < sizeof patterns / sizeof *patterns; i++) {
        const pattern *p = &patterns[i];
        unsigned size = (full ? p->full_size : p->size) / 4;
        double cpu[3], rss[3];
        for (int k = 0; k < 3; k++) {
            measure(p, size << k, &cpu[k], &rss[k]);
            double time_growth = cpu[k] / MAX(cpu[0], 0.01), memory_growth = (rss[k] - base_rss) / MAX(rss[0] - base_rss, 0.1);
            printf("%-26s %10u %9.2f %9.1f %12.2fx %12.2fx\n", k == 0 ? p->name : "", (size << k) * p->messages_per_unit,
                   cpu[k], rss[k], time_growth, memory_growth);
            /* Below a tenth of a second, time is mostly noise. */
            if (k == 2 && ((cpu[2] > 0.1 && time_growth > MAX_GROWTH) || memory_growth > MAX_GROWTH)) {
                printf("  ^ grows faster than the messages\n");
                ok = false;
            }
        }
    }
    return ok ? 0 : 1;
}
