/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The findings and fields tables, expanded from their .def files. */
#include "sipdialog/analyzer.h"

const sd_finding_info sd_findings[SD_FINDING_COUNT] = {
#define SD_FINDING(id, name, severity, group, label, summary, rfc) \
    [SD_FINDING_##id] = {name, SD_SEVERITY_##severity, SD_GROUP_##group, label, summary, rfc},
#include "sipdialog/findings.def"
#undef SD_FINDING
};

const sd_field_info sd_fields[SD_FIELD_COUNT] = {
#define SD_FIELD(id, name, label, type, description) [SD_FIELD_##id] = {name, label, SD_FT_##type, description},
#include "sipdialog/fields.def"
#undef SD_FIELD
};

const char *sd_severity_name(sd_severity severity)
{
    static const char *const names[] = {"Chat", "Note", "Warning", "Error"};
    return severity <= SD_SEVERITY_ERROR ? names[severity] : "?";
}

sd_finding_set sd_findings_of_severity(sd_severity severity)
{
    sd_finding_set set = {{0}};
    for (sd_finding f = 0; f < SD_FINDING_COUNT; f++)
        if (sd_findings[f].severity == severity)
            sd_finding_set_add(&set, f);
    return set;
}

sd_finding sd_findings_most_severe(sd_finding_set set)
{
    sd_finding best = SD_FINDING_COUNT;
    SD_FINDING_SET_FOREACH(f, set)
        if (best == SD_FINDING_COUNT || sd_findings[f].severity > sd_findings[best].severity)
            best = f;
    return best;
}

const char *sd_group_name(sd_group group)
{
    return group == SD_GROUP_SEQUENCE ? "Sequence" : "Protocol";
}

const char *sd_field_text(sd_field field, int64_t value)
{
    switch (field) {
    case SD_FIELD_SIDE:
    case SD_FIELD_TIMER_REFRESHER:
        return value == SD_SIDE_CALLER ? "caller" : value == SD_SIDE_CALLEE ? "callee" : "unknown";
    case SD_FIELD_FORK_OUTCOME: {
        static const char *const outcomes[] = {
            "early dialog only", "rejected", "never ACKed", "never ACKed, ended by BYE",
            "ACKed, kept", "ACKed, ended by BYE",
        };
        return value >= 0 && value <= SD_FORK_ENDED ? outcomes[value] : "unknown";
    }
    case SD_FIELD_TXN_MISMATCH: {
        /* Bits: Via 1, From 2, To 4 (responses.c). */
        static const char *const headers[] = {
            "", "Via", "From", "Via, From", "To", "Via, To", "From, To", "Via, From, To",
        };
        return value >= 0 && value < 8 ? headers[value] : "unknown";
    }
    case SD_FIELD_END_BY:
        return value == SD_SIDE_CALLER   ? "caller"
               : value == SD_SIDE_CALLEE ? "callee"
                                         : "an element in the middle";
    case SD_FIELD_GLARE_WINDOW:
        return value == SD_WINDOW_OWNER ? "2.1-4.0 s (Call-ID owner)" : "0-2.0 s (not the Call-ID owner)";
    case SD_FIELD_STATE: {
        static const char *const states[] = {"preparative", "early", "confirmed", "terminated"};
        return value >= 0 && value <= SD_DIALOG_TERMINATED ? states[value] : "unknown";
    }
    case SD_FIELD_SDP_ROLE: {
        static const char *const roles[] = {"offer", "answer", "ignored"};
        return value >= 0 && value <= SD_SDP_IGNORED ? roles[value] : "unknown";
    }
    case SD_FIELD_SDP_DIRECTION: {
        static const char *const directions[] = {"sendrecv", "sendonly", "recvonly", "inactive"};
        return value >= 0 && value <= SD_DIRECTION_INACTIVE ? directions[value] : "unknown";
    }
    case SD_FIELD_SDP_CHANGE:
        return value == SD_SDP_HOLD ? "hold" : "resume";
    case SD_FIELD_SUBSCRIPTION_STATE: {
        static const char *const states[] = {
            "pending", "active", "terminated", "terminated (deactivated)", "terminated (probation)",
            "terminated (rejected)", "terminated (timeout)", "terminated (giveup)", "terminated (noresource)",
            "terminated (invariant)", "terminated (other reason)", "extension state",
        };
        return value >= 0 && value <= SD_SUB_STATE_TEXT_EXTENSION ? states[value] : "unknown";
    }
    default:
        return "";
    }
}
